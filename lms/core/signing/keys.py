"""Loading a signing key once per process.

Opening a PKCS#12 file means a key-derivation function over the passphrase (tens of
milliseconds) and parsing the chain; a PKCS#11 session means a token login. Either would cost
more than the signature itself, so the loaded signer is cached per :class:`SignerConfig` and
the key file's modification time: replacing the file (a key rotation) is picked up by the next
signature without a restart.
"""

import functools
import logging
import os

from .config import SignerConfig, SigningError

log = logging.getLogger(__name__)


def _mtime(config):
    if config.kind == "pkcs12":
        try:
            return os.stat(config.pkcs12_path).st_mtime_ns
        except OSError as exc:
            raise SigningError(f"signing key {config.name!r}: cannot read key file") from exc
    return 0


def loaded_signer(config: SignerConfig):
    """A pyHanko ``Signer`` for ``config`` (cached)."""
    return _load(config, _mtime(config))


@functools.lru_cache(maxsize=32)
def _load(config, _mtime):
    if config.kind == "pkcs11":
        return _load_pkcs11(config)
    return _load_pkcs12(config)


def _chain(config):
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder(list(config.ca_chain))) if config.ca_chain else []


def _key_caching_signer_class():
    """``SimpleSigner`` re-parses its private key from DER on every signature; for RSA that
    includes the key consistency check OpenSSL runs on load, over half the cost of signing a
    certificate. This subclass parses it once."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class KeyCachingSigner(SimpleSigner):
        _private_key = None

        def sign_raw(self, data, digest_algorithm):
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                name = mechanism.signature_algo
            except ValueError:
                name = mechanism["algorithm"].native
            if self._private_key is None:
                self._private_key = serialization.load_der_private_key(
                    self.signing_key.dump(), password=None
                )
            key = self._private_key
            if name == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            if name == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
                return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
            return super().sign_raw(data, digest_algorithm)

    return KeyCachingSigner


_key_caching_signer_class = functools.cache(_key_caching_signer_class)


def _load_pkcs12(config):
    from pyhanko.sign import signers

    secret = config.secret()
    try:
        with open(config.pkcs12_path, "rb") as handle:
            data = handle.read()
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=_chain(config), passphrase=secret.encode() if secret else None
        )
    except (OSError, ValueError) as exc:
        raise SigningError(f"signing key {config.name!r}: cannot open PKCS#12 file") from exc
    if signer is None:
        raise SigningError(f"signing key {config.name!r}: wrong passphrase or damaged file")
    # load_pkcs12_data builds a plain SimpleSigner; the subclass only adds the parsed key.
    signer.__class__ = _key_caching_signer_class()
    return signer


def _load_pkcs11(config):
    """A USB token or HSM through its PKCS#11 module (the CA's driver, e.g. VNPT-CA's).

    The session stays open for the life of the process: a token login per signature would
    take a second or more. Needs the ``python-pkcs11`` package (``pyHanko[pkcs11]``).
    """
    try:
        from pyhanko.sign import pkcs11
    except ImportError as exc:  # python-pkcs11 not installed
        raise SigningError(
            "PKCS#11 signing needs the python-pkcs11 package (pip install 'pyHanko[pkcs11]')"
        ) from exc
    try:
        session = pkcs11.open_pkcs11_session(
            config.pkcs11_module,
            token_criteria=pkcs11.TokenCriteria(label=config.token_label or None),
            user_pin=config.secret() or None,
        )
        return pkcs11.PKCS11Signer(
            session,
            cert_label=config.cert_label or config.key_label or None,
            key_label=config.key_label or None,
            other_certs_to_pull=None,
            ca_chain=_chain(config) or None,
        )
    except SigningError:
        raise
    except Exception as exc:  # the token's driver raises its own types
        raise SigningError(f"signing key {config.name!r}: token unavailable ({exc})") from exc


def signer_identity(config: SignerConfig):
    """ "Common name, organisation" of the signing certificate, as shown to verifiers."""
    return identity_of(loaded_signer(config).signing_cert)


def identity_of(cert):
    native = cert.subject.native
    parts = [native.get("common_name", ""), native.get("organization_name", "")]
    parts = [p if isinstance(p, str) else ", ".join(p) for p in parts if p]
    return ", ".join(dict.fromkeys(parts))


def clear_cache():
    _load.cache_clear()
