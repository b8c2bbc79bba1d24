"""A local demo CA and issuer key, generated with ``cryptography``: nothing is downloaded.

Used by development, the demo site and the tests, so a fresh checkout signs its PDFs out of
the box. Files (never committed: ``var/`` is ignored):

* ``demo-ca.pem``: the demo root certificate (give it to ``pdfsig -nssdir`` / ``pyhanko sign
  validate --trust`` to see the signature reported valid);
* ``demo-ca-key.pem``: its private key (mode 0600), kept only to renew the issuer;
* ``demo-issuer.p12``: the issuer's key, certificate and chain (mode 0600, passphrase
  :data:`DEMO_PASSPHRASE`).

A signature made with it says "(demo)" in the signer's name: it must never be mistaken for a
real office's.
"""

import contextlib
import datetime
import fcntl
import os
from pathlib import Path

from django.conf import settings

from .config import DEMO_KEY_NAME, SignerConfig

DEMO_PASSPHRASE = "demo-khong-bi-mat"
CA_NAME = "demo-ca.pem"
CA_KEY_NAME = "demo-ca-key.pem"
ISSUER_NAME = "demo-issuer.p12"
ISSUER_COMMON_NAME = "Sở Khoa học và Công nghệ (demo)"
ISSUER_ORGANISATION = "Nền tảng Tổ công nghệ số cộng đồng (demo)"
# Renew the issuer this long before it expires (tests sign documents dated today).
RENEW_BEFORE = datetime.timedelta(days=30)


def signing_dir():
    return Path(getattr(settings, "LMS_SIGNING_DIR", Path(settings.BASE_DIR) / "var" / "signing"))


def demo_paths(directory=None):
    directory = Path(directory) if directory else signing_dir()
    return directory / CA_NAME, directory / CA_KEY_NAME, directory / ISSUER_NAME


def _write_private(path, data):
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _name(common_name, organisation):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _make_ca(now):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name("LMS Demo Root CA (không dùng thật)", ISSUER_ORGANISATION)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _make_issuer(ca_key, ca_cert, now):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(ISSUER_COMMON_NAME, ISSUER_ORGANISATION))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(min(now + datetime.timedelta(days=730), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: what document signers check
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _issuer_valid(issuer_path, now):
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        _key, cert, _chain = pkcs12.load_key_and_certificates(
            issuer_path.read_bytes(), DEMO_PASSPHRASE.encode()
        )
    except (OSError, ValueError):
        return False
    return cert is not None and cert.not_valid_after_utc - RENEW_BEFORE > now


def ensure_demo_key(directory=None, *, force=False):
    """Create the demo CA and issuer under ``directory`` unless a usable pair is there.

    Returns ``(ca_path, issuer_path, created)``. Safe to call from several processes at once
    (a lock file serialises them); an issuer close to expiry is renewed under the same CA.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    ca_path, ca_key_path, issuer_path = demo_paths(directory)
    now = datetime.datetime.now(datetime.UTC)
    if not force and ca_path.exists() and _issuer_valid(issuer_path, now):
        return ca_path, issuer_path, False
    ca_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        lock = stack.enter_context(open(ca_path.parent / ".demo.lock", "w"))
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and ca_path.exists() and _issuer_valid(issuer_path, now):
            return ca_path, issuer_path, False
        if not force and ca_path.exists() and ca_key_path.exists():
            ca_cert = x509.load_pem_x509_certificate(ca_path.read_bytes())
            ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), None)
        else:
            ca_key, ca_cert = _make_ca(now)
            _write_private(
                ca_key_path,
                ca_key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ),
            )
            tmp = ca_path.with_suffix(".pem.tmp")
            tmp.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
            os.replace(tmp, ca_path)
        key, cert = _make_issuer(ca_key, ca_cert, now)
        data = pkcs12.serialize_key_and_certificates(
            b"demo-issuer",
            key,
            cert,
            [ca_cert],
            serialization.BestAvailableEncryption(DEMO_PASSPHRASE.encode()),
        )
        _write_private(issuer_path, data)
    return ca_path, issuer_path, True


# Directory -> issuer expiry, so that signing does not re-read the PKCS#12 each time.
_checked = {}


def _ensure_cached():
    directory = signing_dir()
    now = datetime.datetime.now(datetime.UTC)
    expires = _checked.get(directory)
    ca_path, _ca_key_path, issuer_path = demo_paths(directory)
    if expires is None or expires - RENEW_BEFORE <= now or not issuer_path.exists():
        ca_path, issuer_path, _created = ensure_demo_key(directory)
        _checked[directory] = _issuer_expiry(issuer_path)
    return ca_path, issuer_path


def _issuer_expiry(issuer_path):
    from cryptography.hazmat.primitives.serialization import pkcs12

    _key, cert, _chain = pkcs12.load_key_and_certificates(
        issuer_path.read_bytes(), DEMO_PASSPHRASE.encode()
    )
    return cert.not_valid_after_utc


def demo_signer_config():
    ca_path, issuer_path = _ensure_cached()
    return SignerConfig(
        name=DEMO_KEY_NAME,
        pkcs12_path=str(issuer_path),
        passphrase=DEMO_PASSPHRASE,
        tsa_url=getattr(settings, "LMS_TSA_URL", "") or "",
    )


def demo_ca_path():
    return _ensure_cached()[0]
