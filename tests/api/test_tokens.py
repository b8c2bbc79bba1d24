"""Tokens: Bearer auth, expiry and revocation (401 problem JSON), the owner's scope and
permissions, the call log, the per-token rate limit and the command that makes a token."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from lms.api.models import ApiCallLog, ApiToken
from lms.api.selectors import api_token_for_secret
from lms.api.services import api_token_create, api_token_revoke, token_hash

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/coverage"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_secret_is_stored_hashed_with_a_visible_prefix(officer_token):
    token, raw = officer_token
    assert raw.startswith(f"lms_{token.prefix}_")
    assert token.secret_hash == token_hash(raw) and raw not in token.secret_hash
    assert api_token_for_secret(raw) == token
    assert api_token_for_secret(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None


@pytest.mark.parametrize(
    "headers",
    [{}, bearer("nonsense"), bearer("lms_00000000_" + "x" * 43), {"HTTP_AUTHORIZATION": "Basic x"}],
)
def test_missing_or_wrong_token_is_401_problem(client, headers):
    response = client.get(URL, **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["title"] == "Chưa xác thực"


def test_revoked_token_is_401_and_says_so(client, officer_token):
    token, raw = officer_token
    assert client.get(URL, **bearer(raw)).status_code == 200
    api_token_revoke(token=token, by=token.owner)
    response = client.get(URL, **bearer(raw))
    assert response.status_code == 401
    assert "thu hồi" in response.json()["detail"]


def test_expired_token_is_401_and_says_so(client, province_officer):
    token, raw = api_token_create(owner=province_officer, name="Một ngày", days=1)
    assert client.get(URL, **bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(URL, **bearer(raw))
    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]


def test_token_follows_its_owner(client, officer_token):
    token, raw = officer_token
    owner = token.owner
    owner.is_active = False
    owner.save()
    assert client.get(URL, **bearer(raw)).status_code == 401


def test_a_session_cookie_is_not_enough(client, province_officer):
    client.force_login(province_officer)
    assert client.get(URL).status_code == 401


def test_members_cannot_hold_a_token(member_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_token_create(owner=member_user, name="x")


def test_only_owner_or_superuser_revokes(officer_token, ward_officer):
    from django.core.exceptions import ValidationError

    token, _raw = officer_token
    with pytest.raises(ValidationError):
        api_token_revoke(token=token, by=ward_officer)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_every_call_is_logged_with_path_filters_rows_and_status(client, officer_token):
    token, raw = officer_token
    client.get(URL, {"period": "2026-q3"}, **bearer(raw))
    client.get(URL, {"period": "bad"}, **bearer(raw))
    client.get(URL, {"province": "93"}, **bearer(raw))
    logs = list(ApiCallLog.objects.order_by("pk"))
    assert [(log.status, log.filters) for log in logs] == [
        (200, {"period": "2026-q3"}),
        (400, {"period": "bad"}),
        (404, {"province": "93"}),
    ]
    assert logs[0].row_count == 2  # the two wards of province 92
    assert logs[0].path == URL and logs[0].token == token
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@override_settings(LMS_API_CALLS_PER_MINUTE=3)
def test_rate_limit_per_token_answers_429_with_retry_after(client, officer_token, province_officer):
    _token, raw = officer_token
    assert [client.get(URL, **bearer(raw)).status_code for _ in range(3)] == [200] * 3
    response = client.get(URL, **bearer(raw))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/problem+json"
    assert ApiCallLog.objects.filter(status=429).count() == 1
    # Another token of the same officer has its own count.
    _other, raw2 = api_token_create(owner=province_officer, name="Khác")
    assert client.get(URL, **bearer(raw2)).status_code == 200


def test_command_prints_the_token_once(province_officer):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token_create",
        "--user",
        province_officer.phone,
        "--name",
        "Kịch bản",
        "--days",
        "30",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    token = api_token_for_secret(raw)
    assert token.owner == province_officer and token.name == "Kịch bản"
    assert token.expires_at > timezone.now() + datetime.timedelta(days=29)
    assert raw not in err.getvalue()


def test_command_refuses_unknown_user_and_bad_days(province_officer):
    with pytest.raises(CommandError):
        call_command("api_token_create", "--user", "0000", "--name", "x")
    with pytest.raises(CommandError):
        call_command(
            "api_token_create", "--user", province_officer.phone, "--name", "x", "--days", "0"
        )


def test_a_method_no_operation_takes_is_a_405_problem(client, auth):
    response = client.post(URL, {}, **auth, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET"
    body = response.json()
    assert body["status"] == 405 and body["title"] == "Phương thức không được hỗ trợ"
    assert "POST" in body["detail"] and body["instance"] == URL


@pytest.mark.parametrize("path", ["/api/v1/khong-co", "/api/v1/reports/coverage/x/y", "/api/v1/"])
def test_a_path_that_names_no_operation_is_a_404_problem(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Không tìm thấy"
    assert "/api/v1/docs" in response.json()["detail"]
