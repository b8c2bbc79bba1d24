"""Signing through a PKCS#11 token (lms.core.signing.token), on a real SoftHSM v2 token.

The session fixture does what an office does with a CA's USB token: a token is initialised
(``softhsm2-util --init-token``), the issuer's key is imported into it (``softhsm2-util
--import``) and its certificate, issued by the demo CA, is written beside it; then
``LMS_SIGNING_KEYS`` names the driver, token label, key label and the variable holding the
PIN. The private key exists nowhere but in the token once the fixture has run.

Skipped only where SoftHSM is not installed; CI installs it (.ci/run).
"""

import datetime
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from certificates.pdf import certificate_pdf_signed
from lms.core.pdf import render_html_pdf
from lms.core.signing import SigningError, loaded_signer, sign_pdf, signer_config
from lms.core.signing import token as token_module
from lms.core.signing.checks import signing_keys_check
from lms.core.signing.demo import ensure_demo_key
from lms.core.signing.keys import clear_cache, identity_of
from lms.core.signing.verify import check_pdf
from tests.certificates.test_signing import needs_pdfsig, pdfsig, tampered

MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
MODULE = next((p for p in MODULE_CANDIDATES if Path(p).is_file()), None)
pytestmark = pytest.mark.skipif(
    MODULE is None or shutil.which("softhsm2-util") is None,
    reason="SoftHSM v2 is not installed (Debian package softhsm2; .ci/run installs it)",
)

TOKEN_LABEL = "LMS TEST"
KEY_LABEL = "SO KHCN TOKEN"
PIN = "246810"
SO_PIN = "13579135"
PIN_ENV = "LMS_TEST_TOKEN_PIN"
COMMON_NAME = "Sở Khoa học và Công nghệ (token thử)"
ORGANISATION = "Nền tảng Tổ công nghệ số cộng đồng (token thử)"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("signing-token-ca")
    ensure_demo_key(directory)
    return directory


def _issuer(demo_dir):
    """A document-signing key and certificate issued by the demo CA (as a CA issues one for
    a token), built with ``cryptography``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    ca_cert = x509.load_pem_x509_certificate((demo_dir / "demo-ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key((demo_dir / "demo-ca-key.pem").read_bytes(), None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, COMMON_NAME),
        ]
    )
    usage = dict.fromkeys(
        (
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, **usage),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory, demo_dir):
    """A SoftHSM token in a temporary directory holding the issuer's key and certificate."""
    import os

    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, ObjectClass

    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {home / 'tokens'}\n"
        "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n"
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    util = shutil.which("softhsm2-util")
    try:
        subprocess.run(
            [util, "--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", SO_PIN]
            + ["--pin", PIN],
            check=True,
            capture_output=True,
        )
        key, cert = _issuer(demo_dir)
        key_pem = home / "issuer-key.pem"
        key_pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        subprocess.run(
            [util, "--import", str(key_pem), "--token", TOKEN_LABEL, "--label", KEY_LABEL]
            + ["--id", "01", "--pin", PIN],
            check=True,
            capture_output=True,
        )
        key_pem.unlink()  # from here on the key is only in the token
        # softhsm2-util 2.6 imports keys only; the certificate goes in with python-pkcs11
        # (``pkcs11-tool --write-object cert.der --type cert`` from OpenSC does the same).
        token = pkcs11.lib(MODULE).get_token(token_label=TOKEN_LABEL)
        with token.open(rw=True, user_pin=PIN) as session:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: KEY_LABEL,
                    Attribute.ID: b"\x01",
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )
        yield cert
    finally:
        clear_cache()
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


def _token_spec(**changes):
    spec = {
        "pkcs11_module": MODULE,
        "token_label": TOKEN_LABEL,
        "key_label": KEY_LABEL,
        "pin_env": PIN_ENV,
    }
    spec.update(changes)
    return spec


@pytest.fixture(autouse=True)
def token_key(settings, monkeypatch, softhsm_token, demo_dir):
    """The token is the site's default key; every test starts and ends logged out."""
    settings.LMS_SIGNING_ENABLED = True
    settings.LMS_SIGNING_DIR = demo_dir
    settings.LMS_SIGNING_DEMO_KEY = False
    settings.LMS_SIGNING_KEYS = {"token": _token_spec()}
    settings.LMS_SIGNING_DEFAULT_KEY = "token"
    settings.LMS_TSA_URL = ""
    monkeypatch.setenv(PIN_ENV, PIN)
    clear_cache()
    yield softhsm_token
    clear_cache()


@pytest.fixture
def ca_path(demo_dir):
    return str(demo_dir / "demo-ca.pem")


def _identity(cert):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    return identity_of(asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))


# --- signing through the token ----------------------------------------------------------------


def test_certificate_signed_on_the_token_validates(certificate, ca_path, token_key):
    from pyhanko.sign.pkcs11 import PKCS11Signer

    assert isinstance(loaded_signer(signer_config("token")), PKCS11Signer)
    signed = certificate_pdf_signed(certificate)
    assert signed.signed_by == f"{COMMON_NAME}, {ORGANISATION}" == _identity(token_key)

    check = check_pdf(signed.data, trust_roots=[ca_path])
    assert check.valid and check.intact and check.whole_document
    assert check.summary.startswith("INTACT:TRUSTED,UNTOUCHED")
    assert check.signer == f"{COMMON_NAME}, {ORGANISATION}"

    bad = check_pdf(tampered(signed.data), trust_roots=[ca_path])
    assert bad.signed and not bad.intact and not bad.valid


@needs_pdfsig
def test_pdfsig_reads_the_token_signature_and_a_changed_byte_fails(certificate):
    data = certificate_pdf_signed(certificate).data
    report = pdfsig(data)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert COMMON_NAME in report
    bad = pdfsig(tampered(data))
    assert "Signature is Valid" not in bad
    assert "Digest Mismatch" in bad


def test_the_session_is_opened_once_and_reused():
    config = signer_config("token")
    first = loaded_signer(config)
    sign_pdf(render_html_pdf("<p>Phiếu 1</p>"), signer_config=config)
    sign_pdf(render_html_pdf("<p>Phiếu 2</p>"), signer_config=config)
    assert loaded_signer(config) is first
    assert len(token_module._sessions) == 1


# --- what the operator gets wrong -----------------------------------------------------------


def _sign_error(settings, **changes):
    settings.LMS_SIGNING_KEYS = {"token": _token_spec(**changes)}
    with pytest.raises(SigningError) as error:
        sign_pdf(render_html_pdf("<p>x</p>"), signer_config=signer_config("token"))
    return str(error.value)


def test_wrong_pin_is_a_clear_error_without_the_pin(settings, monkeypatch, ca_path):
    monkeypatch.setenv(PIN_ENV, "999999")
    message = _sign_error(settings)
    assert message == f"signing key 'token': wrong PIN for token {TOKEN_LABEL!r} (from ${PIN_ENV})"
    assert "999999" not in message
    # Nothing was cached: with the right PIN the next signature logs in and signs.
    monkeypatch.setenv(PIN_ENV, PIN)
    data = sign_pdf(render_html_pdf("<p>x</p>"), signer_config=signer_config("token"))
    assert check_pdf(data, trust_roots=[ca_path]).valid


def test_unset_pin_variable_is_a_clear_error(settings, monkeypatch):
    monkeypatch.delenv(PIN_ENV)
    assert f"environment variable {PIN_ENV} unset" in _sign_error(settings)


def test_unknown_token_label_names_the_tokens_present(settings):
    message = _sign_error(settings, token_label="VNPT-CA")
    assert message == (
        "signing key 'token': no token labelled 'VNPT-CA' is plugged in "
        f"(tokens present: {TOKEN_LABEL!r})"
    )


def test_without_a_token_label_the_one_token_is_used(settings, ca_path):
    # SoftHSM also shows an empty, uninitialised slot: it must not be picked.
    settings.LMS_SIGNING_KEYS = {"token": _token_spec(token_label="")}
    data = sign_pdf(render_html_pdf("<p>x</p>"), signer_config=signer_config("token"))
    assert check_pdf(data, trust_roots=[ca_path]).valid


def test_unknown_key_or_certificate_label_is_a_clear_error(settings):
    message = _sign_error(settings, key_label="KHONG CO")
    assert "Could not find certificate with label 'KHONG CO'" in message
    assert f"(token {TOKEN_LABEL!r})" in message
    message = _sign_error(settings, cert_label=KEY_LABEL, key_label="KHONG CO")
    assert "Could not find private key with label 'KHONG CO'" in message


def test_missing_driver_is_a_clear_error(settings, tmp_path):
    message = _sign_error(settings, pkcs11_module=str(tmp_path / "libvnpt-ca.so"))
    assert "libvnpt-ca.so not found (is the token's driver installed?)" in message


def test_a_lost_session_fails_once_then_logs_in_again(ca_path):
    # What unplugging and re-plugging the token does to a long-running worker.
    config = signer_config("token")
    stale = loaded_signer(config)
    stale.pkcs11_session.close()
    with pytest.raises(SigningError, match="the token refused to sign"):
        sign_pdf(render_html_pdf("<p>x</p>"), signer_config=config)
    fresh = loaded_signer(config)
    assert fresh is not stale
    data = sign_pdf(render_html_pdf("<p>x</p>"), signer_config=config)
    assert check_pdf(data, trust_roots=[ca_path]).valid


# --- deploy check -----------------------------------------------------------------------------


def test_deploy_check_opens_the_token(settings):
    settings.DEBUG = False
    assert signing_keys_check() == []
    settings.LMS_SIGNING_KEYS = {"token": _token_spec(token_label="VNPT-CA")}
    errors = signing_keys_check()
    assert [e.id for e in errors] == ["lms.E004"]
    assert "no token labelled 'VNPT-CA' is plugged in" in errors[0].msg


# --- threads ----------------------------------------------------------------------------------


def _sign_at_once(count, data):
    config = signer_config("token")
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def work(i):
        try:
            barrier.wait(timeout=30)
            results[i] = sign_pdf(data, signer_config=config)
        except Exception as exc:  # reported below, with the thread's exception
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_threads_signing_at_once_share_one_login_and_all_validate(ca_path):
    data = render_html_pdf("<p>Báo cáo</p>")
    # First round: the cache is empty, so the threads also race to log in.
    first = _sign_at_once(4, data)
    assert len(token_module._sessions) == 1
    # Second round: through the cached session.
    second = _sign_at_once(4, data)
    assert len(token_module._sessions) == 1
    for signed in first + second:
        check = check_pdf(signed, trust_roots=[ca_path])
        assert check.valid and check.signer.startswith(COMMON_NAME)
