"""One write path: every certificates admin screen that writes leaves the same rows as the
service it calls. Each screen's result and its service's result are taken from the same
starting data (the other one rolled back), with what is random or a timestamp left out."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import BulkIssueJob, Certificate, CertificateTemplate
from certificates.services import (
    bulk_issue_job_create,
    bulk_issue_job_enqueue,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificate_template_create,
    certificate_template_delete,
    certificate_template_update,
    certificates_bulk_issue_enqueue,
)
from tests.factories.accounts import AdminFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.teams import MembershipFactory

from .conftest import complete

TEMPLATE_FIELDS = [
    "name",
    "issuing_body_upper",
    "issuing_body",
    "number_suffix",
    "place_name",
    "signer_name",
    "signer_title",
    "signing_form",
    "signature_image",
    "seal_image",
    "background_image",
    "orientation",
    "validity_months",
    "body",
]
CERTIFICATE_FIELDS = [
    "number",
    "issuing_body_key",
    "year",
    "sequence",
    "holder_id",
    "course_id",
    "session_id",
    "template_id",
    "issued_on",
    "expires_on",
    "status",
    "issued_by_id",
    "revoked_by_id",
    "revoked_reason",
    "replaces__number",
    "bulk_job__course_id",
    "holder_name",
    "holder_birth_date",
    "holder_team_name",
    "holder_ward_name",
    "holder_anonymised",
    "course_title",
    "course_code",
    "course_hours",
    "issuing_body_upper",
    "issuing_body_name",
]
JOB_FIELDS = [
    "course_id",
    "session_id",
    "scope_province_id",
    "scope_ward_id",
    "requested_by_id",
    "status",
    "total",
    "done",
    "errors",
    "error_log",
]


class _Rollback(Exception):
    pass


def left_by(action):
    """The rows ``action`` leaves (templates with their audit log, certificates, bulk jobs),
    after which everything it did is rolled back."""
    result = {}
    try:
        with transaction.atomic():
            action()
            template_type = ContentType.objects.get_for_model(CertificateTemplate)
            result = {
                "templates": list(
                    CertificateTemplate.objects.order_by("name", "pk").values(*TEMPLATE_FIELDS)
                ),
                "template_log": list(
                    ModelLogEntry.objects.filter(content_type=template_type)
                    .order_by("pk")
                    .values_list("action", "user_id", "label")
                ),
                "certificates": list(
                    Certificate.objects.order_by("number").values(*CERTIFICATE_FIELDS)
                ),
                "revoked": list(
                    Certificate.objects.filter(revoked_at__isnull=False)
                    .order_by("number")
                    .values_list("number", flat=True)
                ),
                "jobs": list(BulkIssueJob.objects.order_by("pk").values(*JOB_FIELDS)),
                "jobs_with_task": BulkIssueJob.objects.exclude(task_id="").count(),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def same_rows(admin_path, service_path):
    by_admin = left_by(admin_path)
    by_service = left_by(service_path)
    assert by_admin == by_service
    return by_admin


@pytest.fixture
def admin(db):
    return AdminFactory()


@pytest.fixture
def signed_in(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def service_calls(monkeypatch):
    """Records the template services the admin views call (the rows alone would not tell a
    service from Wagtail's own save, which logs the same entry)."""
    import certificates.viewsets as viewsets

    calls = []
    for name in (
        "certificate_template_create",
        "certificate_template_update",
        "certificate_template_delete",
    ):
        real = getattr(viewsets, name)

        def spy(*args, _name=name, _real=real, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(viewsets, name, spy)
    return calls


def snippet_url(action, *args):
    return reverse(f"wagtailsnippets_certificates_certificatetemplate:{action}", args=args)


TEMPLATE_DATA = {
    "name": "Mẫu Sở Khoa học và Công nghệ",
    "issuing_body_upper": "UBND THÀNH PHỐ CẦN THƠ",
    "issuing_body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "number_suffix": "GCN-SKHCN",
    "place_name": "Cần Thơ",
    "signer_name": "Lê Văn Ký",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signing_form": "KT. GIÁM ĐỐC",
    "orientation": "portrait",
    "validity_months": 24,
    "body": "Chứng nhận {ho_ten}.",
}


def form_data(**changes):
    data = {**TEMPLATE_DATA, **changes}
    return {key: "" if value is None else value for key, value in data.items()}


# --- templates -------------------------------------------------------------------------------


class TemplateWritePathTests:
    def test_create(self, signed_in, admin, service_calls):
        def by_admin():
            response = signed_in.post(snippet_url("add"), form_data())
            assert response.status_code == 302, response.content.decode()[:2000]

        rows = same_rows(by_admin, lambda: certificate_template_create(by=admin, **TEMPLATE_DATA))
        assert [t["name"] for t in rows["templates"]] == [TEMPLATE_DATA["name"]]
        assert rows["template_log"] == [("wagtail.create", admin.pk, TEMPLATE_DATA["name"])]
        assert service_calls == ["certificate_template_create"]

    def test_create_with_a_missing_field_saves_nothing(self, signed_in, admin):
        response = signed_in.post(snippet_url("add"), form_data(number_suffix=""))
        assert response.status_code == 200
        assert not CertificateTemplate.objects.exists()

    def test_copy(self, signed_in, admin, service_calls):
        original = certificate_template_create(**TEMPLATE_DATA)

        def by_admin():
            response = signed_in.post(snippet_url("copy", original.pk), form_data(name="Bản sao"))
            assert response.status_code == 302, response.content.decode()[:2000]

        rows = same_rows(
            by_admin,
            lambda: certificate_template_create(by=admin, **{**TEMPLATE_DATA, "name": "Bản sao"}),
        )
        assert len(rows["templates"]) == 2
        assert service_calls == ["certificate_template_create"]

    def test_edit(self, signed_in, admin, service_calls):
        template = certificate_template_create(**TEMPLATE_DATA)
        changes = {"signer_name": "Trần Thị Ký", "validity_months": None}

        def by_admin():
            response = signed_in.post(snippet_url("edit", template.pk), form_data(**changes))
            assert response.status_code == 302, response.content.decode()[:2000]

        def by_service():
            certificate_template_update(
                template=CertificateTemplate.objects.get(pk=template.pk), by=admin, **changes
            )

        rows = same_rows(by_admin, by_service)
        assert rows["templates"][0]["signer_name"] == "Trần Thị Ký"
        assert rows["templates"][0]["validity_months"] is None
        assert rows["template_log"][-1] == ("wagtail.edit", admin.pk, TEMPLATE_DATA["name"])
        assert service_calls == ["certificate_template_update"]

    def test_delete(self, signed_in, admin, service_calls):
        template = CertificateTemplateFactory()

        def by_admin():
            response = signed_in.post(snippet_url("delete", template.pk))
            assert response.status_code == 302

        rows = same_rows(
            by_admin,
            lambda: certificate_template_delete(
                template=CertificateTemplate.objects.get(pk=template.pk), by=admin
            ),
        )
        assert rows["templates"] == []
        assert rows["template_log"] == [("wagtail.delete", admin.pk, template.name)]
        assert service_calls == ["certificate_template_delete"]

    def test_bulk_delete(self, signed_in, admin, service_calls):
        first, second = CertificateTemplateFactory(), CertificateTemplateFactory()
        url = reverse("wagtail_bulk_action", args=("certificates", "certificatetemplate", "delete"))

        def by_admin():
            response = signed_in.post(f"{url}?id={first.pk}&id={second.pk}")
            assert response.status_code == 302

        def by_service():
            for template in CertificateTemplate.objects.order_by("pk"):
                certificate_template_delete(template=template, by=admin)

        rows = same_rows(by_admin, by_service)
        assert rows["templates"] == []
        assert [entry[0] for entry in rows["template_log"]] == ["wagtail.delete"] * 2
        assert service_calls == ["certificate_template_delete"] * 2

    def test_a_template_in_use_is_not_deleted(self, signed_in, admin, completed, course):
        certificate_issue(member=completed, course=course, by=admin)
        template = course.certificate_template
        response = signed_in.post(snippet_url("delete", template.pk), follow=True)
        assert response.status_code == 200
        assert "Không thể xóa mẫu đã dùng để cấp giấy chứng nhận" in response.content.decode()
        assert CertificateTemplate.objects.filter(pk=template.pk).exists()

    def test_bulk_delete_keeps_a_template_in_use(self, signed_in, admin, completed, course):
        """ "Delete selected" with one template in use: that one stays, with the service's
        message, and the other is deleted (it used to answer 500)."""
        certificate_issue(member=completed, course=course, by=admin)
        used, unused = course.certificate_template, CertificateTemplateFactory()
        url = reverse("wagtail_bulk_action", args=("certificates", "certificatetemplate", "delete"))
        response = signed_in.post(f"{url}?id={used.pk}&id={unused.pk}")
        assert response.status_code == 302
        listing = signed_in.get(snippet_url("list"))
        assert "Không thể xóa mẫu đã dùng để cấp giấy chứng nhận" in listing.content.decode()
        assert list(CertificateTemplate.objects.values_list("pk", flat=True)) == [used.pk]


# --- certificates ----------------------------------------------------------------------------


class CertificateWritePathTests:
    def test_issue(self, signed_in, admin, completed, course):
        def by_admin():
            response = signed_in.post(
                reverse("certificates_admin:issue"),
                {"member": completed.phone, "course": course.pk},
            )
            assert response.status_code == 302

        rows = same_rows(
            by_admin, lambda: certificate_issue(member=completed, course=course, by=admin)
        )
        assert [c["holder_id"] for c in rows["certificates"]] == [completed.pk]

    @pytest.mark.parametrize(
        ("screen", "service"), [("revoke", certificate_revoke), ("reissue", certificate_reissue)]
    )
    def test_revoke_and_reissue(self, signed_in, admin, completed, course, screen, service):
        certificate = certificate_issue(member=completed, course=course, by=admin)
        reason = "Sai chính tả họ tên"

        def by_admin():
            url = reverse(f"certificates_admin:{screen}", args=[certificate.pk])
            assert signed_in.post(url, {"reason": reason}).status_code == 302

        rows = same_rows(
            by_admin, lambda: service(certificate=certificate, by=admin, reason=reason)
        )
        assert rows["revoked"] == [certificate.number]
        replaced = [c["replaces__number"] for c in rows["certificates"]]
        assert replaced == ([None] if screen == "revoke" else [None, certificate.number])

    def test_bulk_issue(self, signed_in, admin, course, ward):
        for i in range(3):
            membership = MembershipFactory(
                member__full_name=f"Đỗ Văn Học {i}", member__ward=ward, team__hamlet__ward=ward
            )
            complete(membership.member, course)

        def by_admin():
            response = signed_in.post(reverse("certificates_admin:bulk"), {"course": course.pk})
            assert response.status_code == 302

        rows = same_rows(by_admin, lambda: certificates_bulk_issue_enqueue(course=course, by=admin))
        assert len(rows["certificates"]) == 3
        assert rows["jobs_with_task"] == 1

    def test_bulk_resume(self, signed_in, admin, completed, course):
        job = bulk_issue_job_create(course=course, by=admin)

        def by_admin():
            response = signed_in.post(reverse("certificates_admin:bulk_resume", args=[job.pk]))
            assert response.status_code == 302

        rows = same_rows(by_admin, lambda: bulk_issue_job_enqueue(job=job))
        assert rows["jobs"][0]["done"] == 1
        assert rows["jobs_with_task"] == 1
