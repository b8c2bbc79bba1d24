"""What the printed documents say and how they are set: the revoked mark, "Ông"/"Bà",
every font embedded in every PDF, the sign-in sheet's signatures kept with the table, and a
certificate page that is not two-thirds empty."""

import dataclasses
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import Orientation
from certificates.models import Certificate
from certificates.pdf import body_html, certificate_facts, certificate_pdf_bytes
from certificates.services import certificate_issue, certificate_pdf_ensure, certificate_revoke
from lms.accounts.groups import group_for_role, groups_sync
from lms.accounts.services import user_role_groups_sync
from lms.core.pdf import render_pdf
from teams.choices import Gender
from tests.factories.accounts import TrainerFactory, WardOfficerFactory
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory

from .conftest import complete
from .pdftools import last_ink_fraction, needs_poppler, not_embedded, page_count, page_text


def issue(course, ward, admin, *, gender="", name="Nguyễn Thị Hồng Nhung"):
    member = MemberFactory(ward=ward, full_name=name, gender=gender)
    complete(member, course)
    return certificate_issue(member=member, course=course, by=admin)


# --- revoked ---------------------------------------------------------------------------------


@needs_poppler
def test_revoked_certificate_pdf_carries_the_mark_with_its_date(client, course, ward, admin):
    certificate = issue(course, ward, admin)
    stored = certificate_pdf_ensure(certificate=certificate)
    assert "ĐÃ THU HỒI" not in page_text(stored.pdf.read())

    certificate_revoke(certificate=certificate, by=admin, reason="Sai họ tên")
    client.force_login(admin)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 200
    text = page_text(response.content)
    revoked_on = timezone.localdate(Certificate.objects.get(pk=certificate.pk).revoked_at)
    assert "ĐÃ THU HỒI" in text
    assert f"Thu hồi ngày {revoked_on:%d/%m/%Y}" in text
    assert page_count(response.content) == 1
    # The stored file was rebuilt once; later downloads serve it as is.
    rebuilt = Certificate.objects.get(pk=certificate.pk)
    assert rebuilt.pdf_generated_at >= rebuilt.revoked_at
    client.get(reverse("certificates:download", args=[certificate.code]))
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == rebuilt.pdf.name


@needs_poppler
@pytest.mark.parametrize("orientation", [Orientation.LANDSCAPE, Orientation.PORTRAIT])
def test_revoked_mark_keeps_the_certificate_on_one_page(course, ward, admin, orientation):
    course.certificate_template.orientation = orientation
    course.certificate_template.save()
    certificate = issue(course, ward, admin)
    certificate = certificate_revoke(certificate=certificate, by=admin, reason="Sai")
    data = certificate_pdf_bytes(certificate)
    assert page_count(data) == 1
    assert "ĐÃ THU HỒI" in page_text(data)


# --- Ông / Bà --------------------------------------------------------------------------------


@needs_poppler
def test_certificate_names_the_holder_by_gender(course, ward, admin):
    said = {}
    for gender in (Gender.FEMALE, Gender.MALE, ""):
        certificate = issue(course, ward, admin, gender=gender, name=f"Nguyễn An {gender}")
        text = page_text(certificate_pdf_bytes(certificate))
        said[gender] = text.split("Chứng nhận ", 1)[1].split(" Nguyễn An", 1)[0]
    assert said == {Gender.FEMALE: "bà", Gender.MALE: "ông", "": "ông/bà"}


def test_honorific_follows_the_case_typed_and_the_placeholder(course, ward, admin):
    certificate = issue(course, ward, admin, gender=Gender.FEMALE)
    facts = certificate_facts(certificate)
    assert body_html("Chứng nhận Ông/Bà {ho_ten}", facts).startswith("Chứng nhận Bà <b>")
    assert body_html("CHỨNG NHẬN ÔNG / BÀ {ho_ten}", facts).startswith("CHỨNG NHẬN BÀ <b>")
    assert body_html("{danh_xung} {ho_ten}", facts).startswith("Bà <b>")
    unknown = dataclasses.replace(facts, holder_gender="other")
    assert body_html("Chứng nhận Ông/Bà {ho_ten}", unknown).startswith("Chứng nhận Ông/Bà <b>")
    assert body_html("{danh_xung} {ho_ten}", unknown).startswith("Ông/Bà <b>")


def test_the_gender_is_kept_on_the_certificate(course, ward, admin):
    certificate = issue(course, ward, admin, gender=Gender.MALE)
    member = certificate.holder
    member.gender = Gender.FEMALE  # a later correction does not change the issued document
    member.save()
    assert Certificate.objects.get(pk=certificate.pk).holder_gender == "male"
    other = issue(course, ward, admin, gender=Gender.OTHER, name="Lê Văn An")
    assert other.holder_gender == ""


# --- fonts -----------------------------------------------------------------------------------


@needs_poppler
def test_certificate_and_revoked_certificate_embed_every_font(course, ward, admin):
    certificate = issue(course, ward, admin)
    assert not_embedded(certificate_pdf_bytes(certificate)) == []
    certificate = certificate_revoke(certificate=certificate, by=admin, reason="Sai")
    assert not_embedded(certificate_pdf_bytes(certificate)) == []


@needs_poppler
def test_activation_slips_embed_every_font(client, ward):
    groups_sync()
    officer = WardOfficerFactory(ward=ward)
    user_role_groups_sync(user=officer)
    member = MemberFactory(ward=ward, phone="0912000007")
    client.force_login(officer)
    response = client.post("/admin/accounts/activation/", {"member": [member.pk], "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert not_embedded(response.content) == []


def _sheet(session, count):
    rows = [
        SimpleNamespace(
            member=SimpleNamespace(full_name=f"Nguyễn Văn Thành {i:02d}"),
            phone_masked="091*****78",
            team_name="Tổ công nghệ số cộng đồng ấp 1",
        )
        for i in range(1, count + 1)
    ]
    return render_pdf(
        "attendance/sign_in_sheet_pdf.html",
        {
            "session": session,
            "rows": rows,
            "blank_rows": range(10),
            "printed_at": timezone.now(),
        },
    )


@needs_poppler
def test_sign_in_sheet_through_the_client_embeds_every_font(client, db):
    session = TrainingSessionFactory()
    trainer = TrainerFactory(province=session.organiser_province)
    groups_sync()
    trainer.groups.add(group_for_role(trainer.role))
    session.trainers.add(trainer)
    client.force_login(trainer)
    response = client.get(reverse("attendance:sheet_pdf", args=[session.pk]))
    assert response.status_code == 200
    assert not_embedded(response.content) == []


@needs_poppler
def test_report_pdf_embeds_every_font(db):
    table = SimpleNamespace(
        caption="Bảng 1",
        groups=[("Giới tính", 2)],
        columns=[SimpleNamespace(label="Nam"), SimpleNamespace(label="Nữ")],
        rows=[[("Phường Vị Tân", "text"), (3, "int")]],
        totals=[("Tổng cộng", "text"), (3, "int")],
    )
    data = render_pdf(
        "reports/report_pdf.html",
        {
            "meta": SimpleNamespace(
                title="Báo cáo thử",
                unit="Thành phố Cần Thơ",
                period="01/07/2026 – 30/09/2026",
                generated_label="Ngày lập báo cáo: 01/10/2026",
                place_date_line="Cần Thơ, ngày 01 tháng 10 năm 2026",
            ),
            "tables": [table],
            "show_captions": True,
            "signatures": [("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)")],
            "landscape": False,
        },
    )
    assert "NGƯỜI LẬP BIỂU" in page_text(data)
    assert not_embedded(data) == []


# --- sign-in sheet ---------------------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("count", [8, 9, 28, 29])
def test_sign_in_sheet_signatures_never_stand_alone_on_a_page(db, count):
    """8, 9, 28 and 29 listed members (plus the 10 blank lines) used to push the note and the
    signatures alone onto the last page."""
    data = _sheet(TrainingSessionFactory(), count)
    last = page_count(data)
    assert last >= 2
    text = page_text(data, last)
    assert "Người lập phiếu" in text
    # Lines of the table (numbered, blank lines included) share the page with the signatures.
    total = count + 10
    assert f"{total - 2} {total - 1} {total}" in text
    assert "Người lập phiếu" not in page_text(data, last - 1)


# --- layout ----------------------------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("orientation", [Orientation.LANDSCAPE, Orientation.PORTRAIT])
def test_certificate_fills_the_page(course, ward, admin, orientation):
    """The text used to stop at two-thirds of the page, leaving the lower third empty."""
    course.certificate_template.orientation = orientation
    course.certificate_template.save()
    data = certificate_pdf_bytes(issue(course, ward, admin))
    assert page_count(data) == 1
    assert last_ink_fraction(data) > 0.8
