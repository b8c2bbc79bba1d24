"""Walk-ins and sheet rows add only people inside the session's area or the user's scope, and a
refusal names nobody and reads the same whether the phone is registered or not (issue 15,
item 2)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.attendance.models import Attendance
from teams.models import Member
from tests.factories.teams import MemberFactory, ProvinceFactory, WardFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Hoàng Văn Bí Mật"
STRANGER_PHONE = "0987000111"
UNKNOWN_PHONE = "0987000222"


@pytest.fixture
def stranger(db):
    """Someone registered in another province."""
    return MemberFactory(
        full_name=SECRET_NAME, phone=STRANGER_PHONE, ward=WardFactory(province=ProvinceFactory())
    )


@pytest.fixture(params=["ward", "trainer"])
def staff(request, session, ward_officer, trainer):
    return {"ward": ward_officer, "trainer": trainer}[request.param]


def _walk_in(client, session, phone, full_name=""):
    response = client.post(
        reverse("attendance:walk_in", args=[session.pk]),
        {"phone": phone, "full_name": full_name},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def _neutral(messages, phone):
    return [re.sub(re.escape(phone), "<phone>", m) for m in messages]


def test_walk_in_outside_scope_names_nobody_and_is_no_oracle(client, session, staff, stranger):
    client.force_login(staff)
    stranger_said = _walk_in(client, session, STRANGER_PHONE)
    unknown_said = _walk_in(client, session, UNKNOWN_PHONE)
    assert any("không thuộc phạm vi" in m for m in stranger_said)
    assert not any(SECRET_NAME in m for m in stranger_said)
    # Word for word the same, whether the phone is registered elsewhere or nowhere.
    assert _neutral(stranger_said, STRANGER_PHONE) == _neutral(unknown_said, UNKNOWN_PHONE)
    # With a name typed, still refused, still no name, nothing written.
    with_name = _walk_in(client, session, STRANGER_PHONE, "Ai Đó")
    assert any("không thuộc phạm vi" in m for m in with_name)
    assert not any(SECRET_NAME in m for m in with_name)
    assert not Attendance.objects.filter(member=stranger).exists()
    assert Member.objects.filter(phone=STRANGER_PHONE).get().full_name == SECRET_NAME


def test_walk_in_inside_area_still_works(client, session, staff):
    neighbour = MemberFactory(phone="0987000333", ward=session.organiser_ward)
    client.force_login(staff)
    said = _walk_in(client, session, neighbour.phone)
    assert any(neighbour.full_name in m for m in said)
    assert Attendance.objects.get(session=session, member=neighbour).status == "present"


def test_walk_in_of_an_invited_ward_of_a_province_session(client, make_staff):
    """A province-level session reaches the wards it invites: the province officer's scope
    and the invited ward both admit a member of that ward."""
    from tests.factories.attendance import TrainingSessionFactory

    ward = WardFactory()
    session = TrainingSessionFactory(organiser_ward=None, organiser_province=ward.province)
    session.target_wards.add(ward)
    trainer = make_staff("trainer", province=ProvinceFactory())
    session.trainers.add(trainer)
    member = MemberFactory(phone="0987000444", ward=ward)
    client.force_login(trainer)
    _walk_in(client, session, member.phone)
    assert Attendance.objects.filter(session=session, member=member).exists()


def test_repeated_out_of_scope_probes_are_throttled(client, session, ward_officer):
    client.force_login(ward_officer)
    for i in range(20):
        _walk_in(client, session, f"09870010{i:02d}")
    inside = MemberFactory(phone="0987000555", ward=session.organiser_ward)
    said = _walk_in(client, session, inside.phone)
    assert any("quá nhiều số điện thoại" in m for m in said)
    assert not Attendance.objects.filter(member=inside).exists()


def _sheet(rows):
    body = "\n".join(",".join(r) for r in rows).encode("utf-8")
    return SimpleUploadedFile("phieu.csv", body)


def test_sheet_rows_outside_scope_name_nobody_and_save_nothing(
    client, session, roster, staff, stranger
):
    client.force_login(staff)
    response = client.post(
        reverse("attendance:sheet_upload", args=[session.pk]),
        {
            "file": _sheet(
                [
                    ["Họ và tên", "Số điện thoại", "Trạng thái"],
                    [roster[0].full_name, roster[0].phone, "Có mặt"],
                    ["", STRANGER_PHONE, "Có mặt"],
                    ["", UNKNOWN_PHONE, "Có mặt"],
                ]
            )
        },
    )
    assert response.status_code == 200
    errors = response.context["errors"]
    assert len(errors) == 2
    assert SECRET_NAME not in response.content.decode()
    assert "không thuộc phạm vi" in errors[0]
    assert errors[0].replace(STRANGER_PHONE, "<p>").replace("Dòng 3", "") == errors[1].replace(
        UNKNOWN_PHONE, "<p>"
    ).replace("Dòng 4", "")
    assert "Nhập danh sách thành viên" in errors[1]
    assert not Attendance.objects.filter(member=stranger).exists()
    assert not Member.objects.filter(phone=UNKNOWN_PHONE).exists()
    assert set(session.attendances.values_list("status", flat=True)) == {""}
