"""Open Badges 3.0 credentials (issue 20, item 2): the credential validates against the
1EdTech schema, its JWT proof verifies with an independent library (PyJWT) and the JWKS the
site publishes, revocation shows in the Bitstring Status List, keys rotate.

Nothing here verifies with joserfc, the library that signs: PyJWT and hand-written decoding
(gzip + base64url) stand in for an outside verifier.
"""

import base64
import gzip
import hashlib
import io
import json
from pathlib import Path

import jsonschema
import jwt
import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates.credentials.checks import signing_key_check
from certificates.credentials.keys import key_file_create
from certificates.credentials.models import StatusList
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificates_anonymise_holder,
)
from courses.models import DigitalSkill
from tests.factories.accounts import UserFactory
from tests.factories.teams import MemberFactory

from .conftest import complete

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text()
)


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("credential-keys")


@pytest.fixture(autouse=True)
def signing_key(settings, key_dir):
    path = key_dir / "active.pem"
    key_file_create(path)
    settings.LMS_CREDENTIAL_KEY_FILE = str(path)
    settings.LMS_CREDENTIAL_RETIRED_KEY_FILES = []
    return path


@pytest.fixture
def skilled_course(course):
    course.skills.set(DigitalSkill.objects.filter(code__in=["public_services", "self_protection"]))
    course.save()
    return course


@pytest.fixture
def skilled_certificate(completed, skilled_course, admin):
    return certificate_issue(member=completed, course=skilled_course, by=admin)


def published_keys(client):
    response = client.get(reverse("credentials:jwks"))
    assert response.status_code == 200
    return jwt.PyJWKSet.from_dict(response.json())


def verify_independently(client, token, **options):
    """PyJWT with the JWKS fetched over HTTP, the key picked by the header's ``kid``."""
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in published_keys(client).keys if k.key_id == kid)
    return jwt.decode(token, key=key, algorithms=["EdDSA"], options=options)


def decode_status_bits(encoded):
    assert encoded.startswith("u")  # multibase base64url, no padding
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(bits, index):
    return (bits[index // 8] >> (7 - index % 8)) & 1


def status_of(client, credential):
    entry = credential["credentialStatus"]
    response = client.get(entry["statusListCredential"].removeprefix("http://testserver"))
    assert response.status_code == 200
    bits = decode_status_bits(response.json()["credentialSubject"]["encodedList"])
    return bits, int(entry["statusListIndex"])


class CredentialDocumentTests:
    def test_validates_against_the_open_badges_3_schema(self, client, skilled_certificate):
        response = client.get(
            reverse("credentials:credential_json", args=[skilled_certificate.code])
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        credential = response.json()
        validator = jsonschema.Draft201909Validator(
            SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
        )
        errors = sorted(validator.iter_errors(credential), key=str)
        assert errors == []
        assert credential["@context"] == [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ]
        assert "OpenBadgeCredential" in credential["type"]

    def test_states_what_the_certificate_states(self, client, skilled_certificate):
        credential = client.get(
            reverse("credentials:credential_json", args=[skilled_certificate.code])
        ).json()
        achievement = credential["credentialSubject"]["achievement"]
        assert achievement["name"] == "Kỹ năng số cơ bản"
        assert achievement["creditsAvailable"] == 8.0
        assert "8 giờ" in achievement["description"]
        assert achievement["achievementType"] == "CertificateOfCompletion"
        assert {a["targetCode"] for a in achievement["alignment"]} == {
            "public_services",
            "self_protection",
        }
        assert "Sử dụng dịch vụ công trực tuyến" in achievement["tag"]
        assert credential["issuer"]["name"] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
        assert credential["issuer"]["parentOrg"]["name"] == "UBND THÀNH PHỐ CẦN THƠ"
        assert credential["validFrom"].startswith(skilled_certificate.issued_on.isoformat())
        assert credential["validFrom"].endswith("+07:00")
        assert "validUntil" not in credential  # no expiry on this template
        assert credential["evidence"][0]["id"].endswith(skilled_certificate.get_absolute_url())
        assert skilled_certificate.number in credential["name"]

    def test_holder_is_a_salted_hash_never_personal_numbers(self, client, skilled_certificate):
        response = client.get(
            reverse("credentials:credential_json", args=[skilled_certificate.code])
        )
        text = response.content.decode()
        for secret in ("0912345678", "092198001234", "1998-03-08", "08/03/1998"):
            assert secret not in text
        assert "Nguyễn Thị Hồng Nhung" not in text
        assert "Nguyễn T** H*** Nhung" in text  # the masked name, as on the public page
        (identity,) = response.json()["credentialSubject"]["identifier"]
        assert identity["identityType"] == "name" and identity["hashed"] is True
        # A relying party shown the paper (which prints the name) can check it:
        expected = hashlib.sha256(f"Nguyễn Thị Hồng Nhung{identity['salt']}".encode()).hexdigest()
        assert identity["identityHash"] == f"sha256${expected}"

    def test_anonymised_holder_has_no_identifier(self, client, skilled_certificate, member):
        certificates_anonymise_holder(member=member)
        credential = client.get(
            reverse("credentials:credential_json", args=[skilled_certificate.code])
        ).json()
        assert "identifier" not in credential["credentialSubject"]
        assert jsonschema.Draft201909Validator(SCHEMA).is_valid(credential)

    def test_expiry_becomes_valid_until(self, client, completed, course, admin, template):
        template.validity_months = 24
        template.save()
        certificate = certificate_issue(member=completed, course=course, by=admin)
        credential = client.get(
            reverse("credentials:credential_json", args=[certificate.code])
        ).json()
        assert credential["validUntil"] == f"{certificate.expires_on.isoformat()}T23:59:59+07:00"

    def test_verify_url_answers_ld_json(self, client, skilled_certificate):
        url = skilled_certificate.get_absolute_url()
        as_ld = client.get(url, headers={"accept": "application/ld+json"})
        assert as_ld["Content-Type"].startswith("application/ld+json")
        assert as_ld.json()["id"].endswith(f"/tra-cuu/{skilled_certificate.code}/credential.json")
        assert client.get(url)["Content-Type"].startswith("text/html")

    def test_unknown_code_is_not_found(self, client, db):
        for name in ("credentials:credential_json", "credentials:credential_jwt"):
            assert client.get(reverse(name, args=["khong-co"])).status_code == 404

    def test_issuer_achievement_and_skills_documents(self, client, skilled_certificate):
        credential = client.get(
            reverse("credentials:credential_json", args=[skilled_certificate.code])
        ).json()
        base = "http://testserver"
        issuer = client.get(credential["issuer"]["id"].removeprefix(base))
        assert issuer.json()["name"] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
        achievement_id = credential["credentialSubject"]["achievement"]["id"]
        assert client.get(achievement_id.removeprefix(base)).json()["name"] == "Kỹ năng số cơ bản"
        skills = client.get(reverse("credentials:skills")).json()
        assert len(skills["skills"]) == 5


class CredentialProofTests:
    def test_jwt_verifies_with_pyjwt_and_the_published_jwks(self, client, skilled_certificate):
        response = client.get(
            reverse("credentials:credential_jwt", args=[skilled_certificate.code])
        )
        assert response["Content-Type"] == "application/vc+jwt"
        token = response.content.decode()
        header = jwt.get_unverified_header(token)
        assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
        claims = verify_independently(client, token)
        credential = client.get(
            reverse("credentials:credential_json", args=[skilled_certificate.code])
        ).json()
        assert claims["iss"] == credential["issuer"]["id"]
        assert claims["jti"] == credential["id"]
        # The payload is the credential itself (VC-JOSE-COSE), plus the registered claims.
        assert {k: v for k, v in claims.items() if k not in {"iss", "jti", "nbf", "exp"}} == (
            credential
        )
        assert jsonschema.Draft201909Validator(SCHEMA).is_valid(claims)

    def test_tampered_jwt_fails(self, client, skilled_certificate):
        token = client.get(
            reverse("credentials:credential_jwt", args=[skilled_certificate.code])
        ).content.decode()
        header, payload, signature = token.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["credentialSubject"]["achievement"]["name"] = "Khóa học khác"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        with pytest.raises(jwt.InvalidSignatureError):
            verify_independently(client, f"{header}.{forged}.{signature}")

    def test_jwks_is_public_and_cacheable(self, client, db):
        response = client.get(reverse("credentials:jwks"))
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "max-age=3600" in response["Cache-Control"]
        (key,) = response.json()["keys"]
        assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and "d" not in key
        again = client.get(reverse("credentials:jwks"), headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304

    def test_key_rotation_keeps_old_credentials_verifiable(
        self, client, settings, key_dir, signing_key, skilled_certificate
    ):
        old_token = client.get(
            reverse("credentials:credential_jwt", args=[skilled_certificate.code])
        ).content.decode()
        new_key = key_dir / "rotated.pem"
        key_file_create(new_key)
        settings.LMS_CREDENTIAL_KEY_FILE = str(new_key)
        settings.LMS_CREDENTIAL_RETIRED_KEY_FILES = [str(signing_key)]
        keys = client.get(reverse("credentials:jwks")).json()["keys"]
        assert len(keys) == 2
        new_token = client.get(
            reverse("credentials:credential_jwt", args=[skilled_certificate.code])
        ).content.decode()
        assert jwt.get_unverified_header(new_token)["kid"] == keys[0]["kid"]  # active first
        assert jwt.get_unverified_header(old_token)["kid"] == keys[1]["kid"]
        assert (
            verify_independently(client, old_token)["jti"]
            == verify_independently(client, new_token)["jti"]
        )
        # Once the old key is withdrawn, what it signed no longer verifies.
        settings.LMS_CREDENTIAL_RETIRED_KEY_FILES = []
        with pytest.raises(StopIteration):
            verify_independently(client, old_token)


class StatusListTests:
    def test_revoked_certificate_bit_is_set(self, client, certificate, admin):
        credential = client.get(
            reverse("credentials:credential_json", args=[certificate.code])
        ).json()
        bits, index = status_of(client, credential)
        assert len(bits) * 8 >= 131_072  # the specification's minimum (16 KB)
        assert bit(bits, index) == 0
        certificate_revoke(certificate=certificate, by=admin, reason="Cấp nhầm")
        bits, index = status_of(client, credential)
        assert bit(bits, index) == 1
        assert sum(b.bit_count() for b in bits) == 1

    def test_reissue_revokes_the_old_and_not_the_new(self, client, certificate, admin):
        new = certificate_reissue(certificate=certificate, by=admin, reason="Sai tên")
        old_credential, new_credential = (
            client.get(reverse("credentials:credential_json", args=[c.code])).json()
            for c in (certificate, new)
        )
        bits, old_index = status_of(client, old_credential)
        _bits, new_index = status_of(client, new_credential)
        assert old_index != new_index
        assert bit(bits, old_index) == 1 and bit(bits, new_index) == 0

    def test_list_is_updated_in_the_revoking_transaction(self, client, certificate, admin):
        client.get(reverse("credentials:status_list", args=[1]))  # published before
        certificate_revoke(certificate=certificate, by=admin, reason="Cấp nhầm")
        assert StatusList.objects.get(number=1).revoked_count == 1

    def test_cache_headers_etag_and_signed_form(self, client, certificate, admin):
        url = reverse("credentials:status_list", args=[1])
        first = client.get(url)
        assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
        assert first["Access-Control-Allow-Origin"] == "*"
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
        certificate_revoke(certificate=certificate, by=admin, reason="Cấp nhầm")
        after = client.get(url, headers={"if-none-match": first["ETag"]})
        assert after.status_code == 200 and after["ETag"] != first["ETag"]
        signed = client.get(url, headers={"accept": "application/vc+jwt"})
        assert signed["Content-Type"] == "application/vc+jwt"
        claims = verify_independently(client, signed.content.decode())
        assert "BitstringStatusListCredential" in claims["type"]
        assert (
            claims["credentialSubject"]["encodedList"]
            == after.json()["credentialSubject"]["encodedList"]
        )

    def test_lists_that_cannot_exist_are_not_found(self, client, certificate):
        assert client.get(reverse("credentials:status_list", args=[0])).status_code == 404
        assert client.get(reverse("credentials:status_list", args=[999])).status_code == 404
        assert not StatusList.objects.filter(number=999).exists()

    def test_other_members_changes_cost_no_write(self, client, certificate, admin, course):
        client.get(reverse("credentials:status_list", args=[1]))
        stamp = StatusList.objects.get(number=1).updated_at
        other = MemberFactory()
        complete(other, course)
        certificate_issue(member=other, course=course, by=admin)
        assert StatusList.objects.get(number=1).updated_at == stamp

    def test_rebuild_command_matches_the_incremental_list(self, client, certificate, admin):
        certificate_revoke(certificate=certificate, by=admin, reason="Cấp nhầm")
        before = StatusList.objects.get(number=1).encoded_list
        StatusList.objects.all().delete()
        call_command("credentials_status_rebuild", stdout=io.StringIO())
        assert StatusList.objects.get(number=1).encoded_list == before


class KeyManagementTests:
    def test_deploy_check_refuses_a_missing_key_setting(self, settings):
        assert signing_key_check() == []
        settings.LMS_CREDENTIAL_KEY_FILE = ""
        assert [e.id for e in signing_key_check()] == ["credentials.E001"]

    def test_dev_key_is_generated_under_var(self, settings, tmp_path, client, db):
        settings.LMS_CREDENTIAL_KEY_FILE = ""
        settings.VAR_DIR = tmp_path
        assert client.get(reverse("credentials:jwks")).status_code == 200
        key_file = tmp_path / "credentials" / "issuer-ed25519.pem"
        assert key_file.exists() and (key_file.stat().st_mode & 0o777) == 0o600

    def test_generate_command_refuses_to_overwrite(self, tmp_path, capsys):
        target = tmp_path / "new.pem"
        call_command("credentials_key", "generate", str(target))
        assert "kid" in capsys.readouterr().out
        original = target.read_bytes()
        from django.core.management.base import CommandError

        with pytest.raises(CommandError):
            call_command("credentials_key", "generate", str(target))
        assert target.read_bytes() == original


class PagesTests:
    def test_mine_has_the_open_badges_download(self, client, certificate, member):
        member.user = UserFactory()
        member.save()
        client.force_login(member.user)
        html = client.get(reverse("certificates:mine")).content.decode()
        assert "Tải chứng nhận số (Open Badges)" in html
        assert reverse("credentials:credential_jwt", args=[certificate.code]) in html

    def test_verify_page_links_the_credential_and_offers_the_offline_check(
        self, client, certificate
    ):
        html = client.get(certificate.get_absolute_url()).content.decode()
        assert "Quét để kiểm tra" in html
        assert reverse("credentials:credential_json", args=[certificate.code]) in html
        assert "cần kết nối mạng" in html  # revocation needs the network, and the page says so
        assert f'data-expected-number="{certificate.number}"' in html


class QueryCountTests:
    def test_credential_and_status_list_are_a_few_queries(
        self, client, skilled_certificate, django_assert_max_num_queries
    ):
        client.get(reverse("credentials:status_list", args=[1]))  # built once
        url = reverse("credentials:credential_jwt", args=[skilled_certificate.code])
        client.get(url)  # warms the site-root cache of the course URL
        # The certificate, the course's skills, the site root: not one per skill or per entry.
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(2):  # the last primary key, the list row
            assert client.get(reverse("credentials:status_list", args=[1])).status_code == 200
