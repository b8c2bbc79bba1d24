"""ZIP downloads: never an empty file, and expired certificates said so."""

import csv
import datetime
import io
import zipfile

from django.contrib.messages import get_messages
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_issue
from lms.accounts.models import ExportLog
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory

from .conftest import complete

ZIP = "certificates_admin:zip"


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _issue(course, ward, admin, name, *, expired=False):
    member = MemberFactory(ward=ward, full_name=name)
    complete(member, course)
    certificate = certificate_issue(member=member, course=course, by=admin)
    if expired:
        Certificate.objects.filter(pk=certificate.pk).update(
            issued_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2021, 1, 1)
        )
    return certificate


def _list_file(archive):
    text = archive.read("danh-sach.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_session_without_certificates_goes_back_with_a_message(client, course, admin):
    session = TrainingSessionFactory(course=course)
    client.force_login(admin)
    back = reverse("certificates_bulkissuejob:index")
    response = client.get(reverse(ZIP), {"session": session.pk}, HTTP_REFERER=back)
    assert response.status_code == 302
    assert response["Location"] == back
    assert _messages(response) == ["Buổi tập huấn này chưa có giấy chứng nhận nào để tải."]
    assert not ExportLog.objects.exists()


def test_course_without_certificates_and_a_foreign_referer(client, course, admin):
    client.force_login(admin)
    response = client.get(
        reverse(ZIP), {"course": course.pk}, HTTP_REFERER="https://evil.example/x"
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('certificates_certificate:index')}?course={course.pk}"
    )
    assert _messages(response) == ["Khóa học này chưa có giấy chứng nhận nào để tải."]


def test_course_zip_leaves_expired_out_and_lists_them(client, course, ward, admin):
    valid = _issue(course, ward, admin, "Lê Văn Bình")
    expired = _issue(course, ward, admin, "Trần Thị Cúc", expired=True)
    client.force_login(admin)
    response = client.get(reverse(ZIP), {"course": course.pk})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert pdfs == [f"{valid.number.replace('/', '-')}_le-van-binh.pdf"]
    rows = _list_file(archive)
    assert rows[0][4:6] == ["Tình trạng", "Có trong tệp ZIP"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[valid.number][4:6] == ["Còn hiệu lực", "Có"]
    assert by_number[expired.number][3:6] == ["01/01/2021", "Đã hết hạn", "Không"]
    assert ExportLog.objects.get().row_count == 1


def test_course_zip_with_expired_asked_for_puts_them_in_a_folder(client, course, ward, admin):
    _issue(course, ward, admin, "Lê Văn Bình")
    expired = _issue(course, ward, admin, "Trần Thị Cúc", expired=True)
    client.force_login(admin)
    response = client.get(reverse(ZIP), {"course": course.pk, "het_han": "1"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    expected = f"het-han/{expired.number.replace('/', '-')}_tran-thi-cuc.pdf"
    assert expected in archive.namelist()
    assert archive.read(expected).startswith(b"%PDF")
    row = next(r for r in _list_file(archive) if r[0] == expired.number)
    assert row[4:7] == ["Đã hết hạn", "Có", expected]


def test_only_expired_certificates_say_so_instead_of_an_empty_zip(client, course, ward, admin):
    _issue(course, ward, admin, "Trần Thị Cúc", expired=True)
    client.force_login(admin)
    response = client.get(reverse(ZIP), {"course": course.pk})
    assert response.status_code == 302
    [message] = _messages(response)
    assert message.startswith("Không có giấy chứng nhận còn hiệu lực để tải: 1 giấy đã hết hạn.")


def test_listing_offers_the_zip_with_expired_certificates(client, course, ward, admin):
    _issue(course, ward, admin, "Lê Văn Bình")
    client.force_login(admin)
    page = client.get(reverse("certificates_certificate:index"), {"course": course.pk})
    assert f"{reverse(ZIP)}?course={course.pk}&amp;het_han=1" in page.content.decode()
