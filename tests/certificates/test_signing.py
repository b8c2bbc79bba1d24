"""PAdES signatures on certificates, slips, sheets and reports (lms.core.signing).

Checked with the tools a verifier uses: poppler's ``pdfsig`` (trusting the demo CA through an
NSS database when ``certutil`` is there) and pyHanko's validator (what ``pyhanko sign
validate`` runs), on the real bytes the site serves. One changed byte must fail both.
"""

import datetime
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates import pdf_attachments
from certificates.models import Certificate
from certificates.pdf import certificate_pdf_signed, template_sample_pdf
from certificates.selectors import signature_info
from certificates.services import certificate_pdf_ensure, certificates_anonymise_holder
from lms.accounts.groups import group_for_role, groups_sync
from lms.core.pdf import render_html_pdf
from lms.core.signing import (
    Attachment,
    SigningError,
    SigningNotConfigured,
    loaded_signer,
    sign_pdf,
    sign_site_pdf,
    signer_config,
)
from lms.core.signing.demo import DEMO_PASSPHRASE, ensure_demo_key
from lms.core.signing.verify import check_pdf
from tests.factories.accounts import AdminFactory, TrainerFactory
from tests.factories.attendance import TrainingSessionFactory

needs_pdfsig = pytest.mark.skipif(
    shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) is not installed"
)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("signing")
    ensure_demo_key(directory)
    return directory


@pytest.fixture(autouse=True)
def _signing(settings, demo_dir):
    settings.LMS_SIGNING_ENABLED = True
    settings.LMS_SIGNING_DIR = demo_dir
    settings.LMS_SIGNING_DEMO_KEY = True
    settings.LMS_SIGNING_KEYS = {}
    settings.LMS_SIGNING_DEFAULT_KEY = "default"
    settings.LMS_TSA_URL = ""


@pytest.fixture
def ca_path(demo_dir):
    return str(demo_dir / "demo-ca.pem")


@pytest.fixture(scope="session")
def nssdb(tmp_path_factory, demo_dir):
    """An NSS database trusting the demo CA, for ``pdfsig -nssdir`` (None without certutil)."""
    certutil = shutil.which("certutil")
    if certutil is None:
        return None
    directory = tmp_path_factory.mktemp("nssdb")
    target = f"sql:{directory}"
    subprocess.run([certutil, "-N", "-d", target, "--empty-password"], check=True)
    subprocess.run(
        [
            certutil,
            "-A",
            "-d",
            target,
            "-n",
            "demo",
            "-t",
            "CT,C,C",
            "-i",
            demo_dir / "demo-ca.pem",
        ],
        check=True,
    )
    return target


def pdfsig(data, nssdb=None):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        args = ["pdfsig", *(["-nssdir", nssdb] if nssdb else []), str(path)]
        return subprocess.run(args, capture_output=True, text=True).stdout


def tampered(data):
    """One byte changed inside the signed range (a digit of the certificate's text stream
    would be as good; the document's /Producer is found in every PDF ReportLab writes)."""
    changed = bytearray(data)
    at = changed.find(b"/Producer")
    assert at > 0
    changed[at + 12] ^= 0x01
    return bytes(changed)


def _embedded_names(data):
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    return [str(names[i]) for i in range(0, len(names), 2)]


# --- certificates ---------------------------------------------------------------------------


@needs_pdfsig
def test_certificate_pdf_is_signed_valid_and_a_changed_byte_fails(
    client, certificate, admin, ca_path, nssdb
):
    client.force_login(admin)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 200
    data = response.content

    report = pdfsig(data, nssdb)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "Sở Khoa học và Công nghệ (demo)" in report
    if nssdb:
        assert "Certificate Validation: Certificate is Trusted." in report

    check = check_pdf(data, trust_roots=[ca_path])
    assert check.valid and check.intact and check.whole_document
    assert check.summary.startswith("INTACT:TRUSTED,UNTOUCHED")

    bad = tampered(data)
    assert "Signature is Valid" not in pdfsig(bad, nssdb)
    assert "Digest Mismatch" in pdfsig(bad, nssdb)
    bad_check = check_pdf(bad, trust_roots=[ca_path])
    assert not bad_check.intact and not bad_check.valid


def test_signing_records_who_and_when_for_the_verify_page(certificate):
    assert signature_info(certificate) == {"signed": False, "signed_by": "", "signed_at": None}
    before = datetime.datetime.now(datetime.UTC)
    stored = certificate_pdf_ensure(certificate=certificate)
    row = Certificate.objects.get(pk=stored.pk)
    info = signature_info(row)
    assert info["signed"] is True
    assert info["signed_by"] == (
        "Sở Khoa học và Công nghệ (demo), Nền tảng Tổ công nghệ số cộng đồng (demo)"
    )
    assert before - datetime.timedelta(seconds=1) <= info["signed_at"]
    # Anonymising the holder drops the stored PDF, and with it the signature record.
    certificates_anonymise_holder(member=row.holder)
    assert signature_info(Certificate.objects.get(pk=row.pk))["signed"] is False


@pytest.fixture
def no_providers(monkeypatch):
    """Only this test's providers (the credentials app registers its own in ready())."""
    monkeypatch.setattr(pdf_attachments, "_providers", [])


def test_a_pdf_stored_before_signing_is_rebuilt_signed(certificate, ca_path):
    stored = certificate_pdf_ensure(certificate=certificate)
    Certificate.objects.filter(pk=stored.pk).update(pdf_signed_at=None, pdf_signed_by="")
    old_name = stored.pdf.name
    again = certificate_pdf_ensure(certificate=Certificate.objects.get(pk=stored.pk))
    assert again.pdf.name != old_name
    assert again.pdf_signed_at is not None
    assert check_pdf(again.pdf.read(), trust_roots=[ca_path]).valid


def test_registered_attachments_are_embedded_and_covered_by_the_signature(
    certificate, ca_path, no_providers
):
    def credential(cert):
        return Attachment(
            "credential.json",
            f'{{"number": "{cert.number}"}}'.encode(),
            "application/json",
            "Chứng nhận số (Open Badges)",
        )

    pdf_attachments.register(credential)
    try:
        assert len(pdf_attachments.attachments_for(certificate)) == 1
        signed = certificate_pdf_signed(certificate)
    finally:
        pdf_attachments.unregister(credential)
    assert _embedded_names(signed.data) == ["credential.json"]
    assert check_pdf(signed.data, trust_roots=[ca_path]).valid
    assert pdf_attachments.attachments_for(certificate) == []


def test_attachments_accept_tuples_and_lists(no_providers):
    def two(_cert):
        return [("a.json", b"{}", "application/json", ""), Attachment("b.txt", b"b")]

    pdf_attachments.register(two)
    pdf_attachments.register(two)  # ready() may run twice: still once
    try:
        found = pdf_attachments.attachments_for(object())
    finally:
        pdf_attachments.unregister(two)
    assert [a.name for a in found] == ["a.json", "b.txt"]


def test_template_preview_is_not_signed(template):
    # A signed sample with an invented name would be a signed falsehood.
    assert check_pdf(template_sample_pdf(template)).signed is False


def test_signing_can_be_switched_off(settings, certificate):
    settings.LMS_SIGNING_ENABLED = False
    signed = certificate_pdf_signed(certificate)
    assert signed.signed_by == ""
    assert check_pdf(signed.data).signed is False


# --- keys -----------------------------------------------------------------------------------


def _p12_with_passphrase(demo_dir, target, passphrase):
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    key, cert, chain = pkcs12.load_key_and_certificates(
        (demo_dir / "demo-issuer.p12").read_bytes(), DEMO_PASSPHRASE.encode()
    )
    target.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"so", key, cert, chain, BestAvailableEncryption(passphrase.encode())
        )
    )
    os.chmod(target, 0o600)
    return target


def test_template_key_from_pkcs12_with_passphrase_from_env(
    settings, monkeypatch, tmp_path, demo_dir, certificate, ca_path
):
    p12 = _p12_with_passphrase(demo_dir, tmp_path / "so.p12", "mat-khau-so")
    settings.LMS_SIGNING_KEYS = {"so-khcn": {"pkcs12": str(p12), "passphrase_env": "SO_P12"}}
    monkeypatch.setenv("SO_P12", "mat-khau-so")
    template = certificate.template
    template.signing_key = "so-khcn"
    template.full_clean()
    template.save()
    signed = certificate_pdf_signed(Certificate.objects.get(pk=certificate.pk))
    assert check_pdf(signed.data, trust_roots=[ca_path]).valid

    monkeypatch.setenv("SO_P12", "sai")
    # A new file (rotation) is loaded again; with the wrong passphrase it fails loudly.
    _p12_with_passphrase(demo_dir, p12, "mat-khau-moi")
    os.utime(p12, ns=(1, 1))
    with pytest.raises(SigningError):
        certificate_pdf_signed(Certificate.objects.get(pk=certificate.pk))
    monkeypatch.delenv("SO_P12")
    with pytest.raises(SigningError, match="SO_P12"):
        signer_config("so-khcn").secret()


def test_template_refuses_an_unknown_key_name(template):
    template.signing_key = "khong-co"
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "signing_key" in error.value.message_dict


def test_without_a_key_and_without_the_demo_key_signing_refuses(settings):
    settings.LMS_SIGNING_DEMO_KEY = False
    with pytest.raises(SigningNotConfigured):
        sign_site_pdf(render_html_pdf("<p>Phiếu</p>"))


def test_pkcs11_key_without_its_driver_is_a_clear_error(settings):
    settings.LMS_SIGNING_KEYS = {
        "token": {
            "pkcs11_module": "/khong/co/libtoken.so",
            "token_label": "VNPT-CA",
            "key_label": "SO KHCN",
            "pin_env": "SO_PIN",
        }
    }
    config = signer_config("token")
    assert config.kind == "pkcs11"
    with pytest.raises(SigningError):
        sign_pdf(render_html_pdf("<p>x</p>"), signer_config=config)


def test_loaded_signer_is_cached_per_process():
    config = signer_config("")
    assert loaded_signer(config) is loaded_signer(config)


def test_a_timestamp_server_that_does_not_answer_fails_loudly(settings):
    # B-T needs the TSA; a certificate is not silently issued without the timestamp asked for.
    settings.LMS_TSA_URL = "http://127.0.0.1:9/tsa"
    settings.LMS_TSA_TIMEOUT = 2
    with pytest.raises(SigningError):
        sign_site_pdf(render_html_pdf("<p>x</p>"))


# --- slips, sheets, reports -----------------------------------------------------------------


def test_sign_in_sheet_is_signed(client, db, ca_path):
    session = TrainingSessionFactory()
    trainer = TrainerFactory(province=session.organiser_province)
    groups_sync()
    trainer.groups.add(group_for_role(trainer.role))
    session.trainers.add(trainer)
    client.force_login(trainer)
    response = client.get(reverse("attendance:sheet_pdf", args=[session.pk]))
    assert response.status_code == 200
    assert check_pdf(response.content, trust_roots=[ca_path]).valid


def test_activation_slips_are_signed(client, ward, ca_path):
    from lms.accounts.services import user_role_groups_sync
    from tests.factories.accounts import WardOfficerFactory
    from tests.factories.teams import MemberFactory

    groups_sync()
    officer = WardOfficerFactory(ward=ward)
    user_role_groups_sync(user=officer)
    member = MemberFactory(ward=ward, phone="0912000008")
    client.force_login(officer)
    response = client.post("/admin/accounts/activation/", {"member": [member.pk], "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert check_pdf(response.content, trust_roots=[ca_path]).valid


def test_report_pdf_is_signed(client, db, ca_path):
    client.force_login(AdminFactory())
    response = client.get(
        reverse("reports_admin:coverage"), {"period": "2026-q3", "export": "pdf"}, follow=True
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert check_pdf(response.content, trust_roots=[ca_path]).valid


# --- PAdES B-T: a timestamp from a local RFC 3161 server ---------------------------------------


@pytest.fixture
def local_tsa(demo_dir):
    """A timestamp server on 127.0.0.1 whose certificate the demo CA issued (pyHanko's
    DummyTimeStamper behind a tiny HTTP handler), as a Vietnamese CA's TSA would answer."""
    import datetime as dt
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    ca_cert = x509.load_pem_x509_certificate((demo_dir / "demo-ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key((demo_dir / "demo-ca-key.pem").read_bytes(), None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Demo TSA")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    requests_seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests_seen.append(self.headers.get("Content-Type"))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", requests_seen
    finally:
        server.shutdown()
        server.server_close()


def test_with_a_timestamp_server_the_signature_is_pades_b_t(settings, local_tsa, ca_path):
    import io

    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    url, seen = local_tsa
    settings.LMS_TSA_URL = url
    data = sign_site_pdf(render_html_pdf("<p>Báo cáo</p>"))
    assert seen == ["application/timestamp-query"]
    signature = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[0]
    context = ValidationContext(trust_roots=[load_cert_from_pemder(ca_path)], allow_fetching=False)
    status = validate_pdf_signature(signature, context, ts_validation_context=context)
    assert status.bottom_line
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid
