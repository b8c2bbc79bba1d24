"""Public verification (HTML and JSON), masking, 404, "Chứng nhận của tôi", downloads, and
the admin screens with their scoping."""

import datetime

import pytest
from django.urls import reverse

from certificates.models import BulkIssueJob, Certificate
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificates_anonymise_holder,
)
from lms.accounts.groups import groups_sync
from lms.accounts.models import ExportLog
from tests.factories.accounts import UserFactory, WardOfficerFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import course_page
from tests.factories.teams import MemberFactory

from .conftest import complete


def officer_in(ward):
    officer = WardOfficerFactory(ward=ward)
    officer.groups.add(groups_sync()["ward_officer"])
    return officer


class VerifyPageTests:
    def test_form_renders(self, client, db):
        response = client.get(reverse("certificates:verify"))
        assert response.status_code == 200
        assert "Tra cứu giấy chứng nhận" in response.content.decode()
        assert reverse("certificates:verify") == "/chung-nhan/tra-cuu/"

    def test_lookup_by_number_or_code_goes_to_the_certificate(self, client, certificate):
        for query in (certificate.number, certificate.code, f"  {certificate.number.lower()} "):
            response = client.get(reverse("certificates:verify"), {"q": query})
            assert response.status_code == 302
            assert response["Location"] == certificate.get_absolute_url()

    def test_unknown_number_is_the_same_not_found_whoever_issued_it(self, client, certificate):
        year = certificate.year
        other_body = client.get(reverse("certificates:verify"), {"q": f"0001/{year}/GCN-KHAC"})
        unused = client.get(reverse("certificates:verify"), {"q": f"0999/{year}/GCN-SKHCN"})
        assert other_body.status_code == unused.status_code == 404

        def main(response, query):
            html = response.content.decode()
            return html[html.index("<main") : html.index("</main>")].replace(query, "")

        assert main(other_body, f"0001/{year}/GCN-KHAC") == main(unused, f"0999/{year}/GCN-SKHCN")
        assert "Không tìm thấy giấy chứng nhận" in unused.content.decode()

    def test_page_shows_masked_name_and_facts_never_personal_data(self, client, certificate):
        response = client.get(certificate.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Nguyễn T** H*** Nhung" in html
        assert "Nguyễn Thị Hồng Nhung" not in html
        assert "Kỹ năng số cơ bản" in html
        assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in html
        assert certificate.issued_on.strftime("%d/%m/%Y") in html
        assert "Còn hiệu lực" in html
        for secret in ("0912345678", "092198001234", "08/03/1998", "1998-03-08"):
            assert secret not in html
        assert response["X-Robots-Tag"] == "noindex"

    def test_revoked_shows_reason_and_replacement(self, client, certificate, admin):
        new = certificate_reissue(certificate=certificate, by=admin, reason="Sai họ tên")
        html = client.get(certificate.get_absolute_url()).content.decode()
        assert "Đã thu hồi" in html
        assert "Cấp lại: Sai họ tên" in html
        assert new.number in html

    def test_expired(self, client, site_pages, member, admin):
        course = course_page(certificate_template=CertificateTemplateFactory(validity_months=12))
        complete(member, course)
        old = certificate_issue(
            member=member, course=course, by=admin, issued_on=datetime.date(2024, 5, 10)
        )
        html = client.get(old.get_absolute_url()).content.decode()
        assert "Đã hết hạn" in html
        assert "10/05/2025" in html

    def test_anonymised_holder(self, client, certificate, completed):
        certificates_anonymise_holder(member=completed)
        html = client.get(certificate.get_absolute_url()).content.decode()
        assert "Cấp cho người đã được ẩn danh" in html
        assert "Nguyễn T**" not in html

    def test_unknown_code_is_a_404_page(self, client, db):
        response = client.get(reverse("certificates:verify_code", args=["khong-co-ma-nay"]))
        assert response.status_code == 404
        assert "Không tìm thấy giấy chứng nhận" in response.content.decode()

    def test_number_lookups_are_rate_limited(self, client, certificate):
        for i in range(30):
            client.get(reverse("certificates:verify"), {"q": f"{i:04d}/2026/X"})
        response = client.get(reverse("certificates:verify"), {"q": certificate.number})
        assert response.status_code == 429


class VerifyJSONTests:
    def test_json_by_accept_header_and_by_format(self, client, certificate, admin):
        certificate_revoke(certificate=certificate, by=admin, reason="Cấp nhầm")
        url = certificate.get_absolute_url()
        by_header = client.get(url, headers={"accept": "application/json"})
        by_format = client.get(url, {"format": "json"})
        assert by_header["Content-Type"] == by_format["Content-Type"] == "application/json"
        assert by_header.json() == by_format.json()
        data = by_header.json()
        assert data["found"] is True
        assert data["number"] == certificate.number
        assert data["holder"] == "Nguyễn T** H*** Nhung"
        assert data["course"] == "Kỹ năng số cơ bản"
        assert data["issuing_body"] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
        assert data["issued_on"] == certificate.issued_on.isoformat()
        assert data["status"] == "revoked"
        assert data["revoked_reason"] == "Cấp nhầm"
        assert data["verify_url"] == f"http://testserver{url}"
        body = by_header.content.decode()
        for secret in ("0912345678", "092198001234", "1998-03-08", "date_of_birth", "phone"):
            assert secret not in body
        assert "Accept" in by_header["Vary"]

    def test_browser_accept_gets_html(self, client, certificate):
        response = client.get(
            certificate.get_absolute_url(),
            headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        )
        assert response["Content-Type"].startswith("text/html")

    def test_json_404(self, client, db):
        response = client.get(
            reverse("certificates:verify_code", args=["nope"]), {"format": "json"}
        )
        assert response.status_code == 404
        assert response.json()["found"] is False

    def test_lookup_form_keeps_json(self, client, certificate):
        response = client.get(
            reverse("certificates:verify"), {"q": certificate.number, "format": "json"}
        )
        assert response.status_code == 302
        assert response["Location"].endswith("?format=json")


class MineTests:
    def test_lists_only_own_certificates_with_download_links(
        self, client, certificate, completed, course, admin, ward
    ):
        user = UserFactory()
        completed.user = user
        completed.save()
        stranger = MemberFactory(ward=ward, full_name="Người Khác Hẳn")
        complete(stranger, course)
        theirs = certificate_issue(member=stranger, course=course, by=admin)
        client.force_login(user)
        response = client.get(reverse("certificates:mine"))
        html = response.content.decode()
        assert response.status_code == 200
        assert certificate.number in html
        assert reverse("certificates:download", args=[certificate.code]) in html
        assert theirs.number not in html

    def test_requires_login(self, client, db):
        response = client.get(reverse("certificates:mine"))
        assert response.status_code == 302

    def test_download_own_only(self, client, certificate, completed, course, admin, ward):
        user = UserFactory()
        completed.user = user
        completed.save()
        stranger = MemberFactory(ward=ward)
        complete(stranger, course)
        theirs = certificate_issue(member=stranger, course=course, by=admin)
        client.force_login(user)
        own = client.get(reverse("certificates:download", args=[certificate.code]))
        assert own.status_code == 200
        assert own["Content-Type"] == "application/pdf"
        assert own.content.startswith(b"%PDF")
        other = client.get(reverse("certificates:download", args=[theirs.code]))
        assert other.status_code == 404


class AdminTests:
    def test_listing_is_scoped_and_other_wards_404(self, client, certificate, course, admin):
        outsider = MemberFactory(full_name="Ở Xã Khác")
        complete(outsider, course)
        foreign = certificate_issue(member=outsider, course=course, by=admin)
        officer = officer_in(certificate.holder.ward)
        client.force_login(officer)
        listing = client.get(reverse("certificates_certificate:index"))
        html = listing.content.decode()
        assert listing.status_code == 200
        assert certificate.number in html and foreign.number not in html
        assert (
            client.get(
                reverse("certificates_certificate:inspect", args=[certificate.pk])
            ).status_code
            == 200
        )
        assert (
            client.get(reverse("certificates_certificate:inspect", args=[foreign.pk])).status_code
            == 404
        )
        assert client.get(reverse("certificates:download", args=[foreign.code])).status_code == 404
        assert (
            client.get(reverse("certificates_admin:revoke", args=[foreign.pk])).status_code == 404
        )

    def test_no_delete_anywhere(self, client, certificate, admin):
        client.force_login(admin)
        html = client.get(
            reverse("certificates_certificate:inspect", args=[certificate.pk])
        ).content.decode()
        assert "/delete/" not in html
        with pytest.raises(Exception):  # noqa: B017
            reverse("certificates_certificate:delete", args=[certificate.pk])

    def test_inspect_offers_reissue_and_revoke_only_while_valid(self, client, certificate, admin):
        client.force_login(admin)
        url = reverse("certificates_certificate:inspect", args=[certificate.pk])
        actions = [
            reverse("certificates:download", args=[certificate.code]),
            reverse("certificates_admin:reissue", args=[certificate.pk]),
            reverse("certificates_admin:revoke", args=[certificate.pk]),
        ]
        html = client.get(url).content.decode()
        assert all(action in html for action in actions)
        certificate_revoke(certificate=certificate, by=admin, reason="Cấp nhầm")
        html = client.get(url).content.decode()
        assert actions[0] in html
        assert actions[1] not in html and actions[2] not in html

    def test_export_is_logged(self, client, certificate, admin):
        client.force_login(admin)
        response = client.get(reverse("certificates_certificate:index"), {"export": "csv"})
        assert response.status_code == 200
        content = b"".join(response.streaming_content).decode()
        assert certificate.number in content
        log = ExportLog.objects.get()
        assert (log.file_format, log.user, log.row_count) == ("csv", admin, 1)

    def test_filters_and_search(self, client, certificate, admin):
        client.force_login(admin)
        url = reverse("certificates_certificate:index")
        assert certificate.number in client.get(url, {"status": "valid"}).content.decode()
        assert certificate.number not in client.get(url, {"status": "revoked"}).content.decode()
        assert certificate.number in client.get(url, {"q": "Hồng Nhung"}).content.decode()

    def test_issue_one_shows_reasons_then_issues(self, client, site_pages, template, member):
        from tests.factories.courses import lesson_page

        course = course_page(title="Khóa có bài học", certificate_template=template)
        lesson_page(course, title="Bài một")
        officer = officer_in(member.ward)
        client.force_login(officer)
        url = reverse("certificates_admin:issue")
        check = client.post(url, {"member": member.phone, "course": course.pk, "check": "1"})
        assert check.status_code == 200
        assert "Bài một" in check.content.decode()  # the courses app's reason
        refused = client.post(url, {"member": member.phone, "course": course.pk, "issue": "1"})
        assert refused.status_code == 200 and not Certificate.objects.exists()
        complete(member, course)
        issued = client.post(url, {"member": member.phone, "course": course.pk, "issue": "1"})
        certificate = Certificate.objects.get()
        assert issued.status_code == 302
        assert issued["Location"] == reverse(
            "certificates_certificate:inspect", args=[certificate.pk]
        )

    def test_issue_one_cannot_reach_another_ward(self, client, course, ward):
        outsider = MemberFactory()
        complete(outsider, course)
        client.force_login(officer_in(ward))
        response = client.post(
            reverse("certificates_admin:issue"),
            {"member": outsider.phone, "course": course.pk, "issue": "1"},
        )
        assert response.status_code == 200
        assert "Không tìm thấy thành viên" in response.content.decode()
        assert not Certificate.objects.exists()

    def test_revoke_and_reissue_screens(self, client, certificate):
        client.force_login(officer_in(certificate.holder.ward))
        response = client.post(
            reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "Cấp nhầm"}
        )
        assert response.status_code == 302
        certificate.refresh_from_db()
        assert certificate.status == "revoked" and certificate.revoked_reason == "Cấp nhầm"
        # A revoked certificate cannot be reissued or revoked again: the form says why.
        again = client.post(
            reverse("certificates_admin:reissue", args=[certificate.pk]), {"reason": "x"}
        )
        assert again.status_code == 200
        assert "còn hiệu lực" in again.content.decode()

    def test_bulk_screen_enqueues_and_shows_progress(self, client, course, completed):
        officer = officer_in(completed.ward)
        client.force_login(officer)
        response = client.post(reverse("certificates_admin:bulk"), {"course": course.pk})
        job = BulkIssueJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("certificates_bulkissuejob:inspect", args=[job.pk])
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "Đã cấp 1/1" in page.content.decode()
        assert Certificate.objects.filter(holder=completed).exists()

    def test_member_without_permission_is_refused(self, client, certificate):
        client.force_login(UserFactory())
        response = client.get(reverse("certificates_admin:issue"))
        assert response.status_code in (302, 403)

    def test_template_preview_is_a_pdf(self, client, template, admin):
        client.force_login(admin)
        url = reverse(
            "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk]
        )
        data = {
            "name": template.name,
            "issuing_body_upper": template.issuing_body_upper,
            "issuing_body": template.issuing_body,
            "number_suffix": "GCN-XEM",
            "place_name": "Cần Thơ",
            "signer_name": "Lê Văn Ký",
            "signer_title": "GIÁM ĐỐC",
            "signing_form": "",
            "orientation": "portrait",
            "validity_months": "",
            "body": "Chứng nhận {ho_ten}.",
        }
        assert client.post(url, data).json()["is_valid"] is True
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


class MemberCertificatesTagTests:
    def test_lists_the_members_certificates_and_the_issue_link(self, rf, certificate, admin):
        from django.template import Context, Template

        request = rf.get("/")
        request.user = admin
        html = Template("{% load certificates_tags %}{% member_certificates member %}").render(
            Context({"request": request, "member": certificate.holder})
        )
        assert certificate.number in html
        assert f"{reverse('certificates_admin:issue')}?member={certificate.holder.pk}" in html
