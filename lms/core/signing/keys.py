"""Loading a signing key once per process.

Opening a PKCS#12 file means a key-derivation function over the passphrase (tens of
milliseconds) and parsing the chain; a PKCS#11 session means a token login. Either would cost
more than the signature itself, so the loaded signer is cached per :class:`SignerConfig` and
the key file's modification time: replacing the file (a key rotation) is picked up by the next
signature without a restart. A token key is dropped from the cache when the token refuses a
signature (unplugged, session lost), so the next signature logs in again.

Loading runs under one lock: two requests that find the cache empty at once must not both
log in to a token (the second login is refused while the first holds the token).
"""

import functools
import logging
import os
import threading

from .config import SignerConfig, SigningError

log = logging.getLogger(__name__)


def _mtime(config):
    if config.kind == "pkcs12":
        try:
            return os.stat(config.pkcs12_path).st_mtime_ns
        except OSError as exc:
            raise SigningError(f"signing key {config.name!r}: cannot read key file") from exc
    return 0


# (config, mtime) -> signer; older versions of a config are dropped when a new one loads.
_signers = {}
_signers_lock = threading.Lock()


def loaded_signer(config: SignerConfig):
    """A pyHanko ``Signer`` for ``config`` (cached)."""
    key = (config, _mtime(config))
    signer = _signers.get(key)
    if signer is None:
        with _signers_lock:
            signer = _signers.get(key)
            if signer is None:
                signer = _load(config)
                for stale in [k for k in _signers if k[0] == config]:
                    del _signers[stale]
                _signers[key] = signer
    return signer


def _forget(key):
    with _signers_lock:
        _signers.pop(key, None)


def _load(config):
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
    """A USB token or HSM through its PKCS#11 module (the CA's driver, e.g. VNPT-CA's); see
    :mod:`.token`. The session stays open for the life of the process."""
    from .token import open_token_signer

    signer = open_token_signer(config, ca_chain=_chain(config))
    signer.on_failure = functools.partial(_forget, (config, _mtime(config)))
    return signer


def signer_identity(config: SignerConfig):
    """ "Common name, organisation" of the signing certificate, as shown to verifiers."""
    return identity_of(loaded_signer(config).signing_cert)


def identity_of(cert):
    native = cert.subject.native
    parts = [native.get("common_name", ""), native.get("organization_name", "")]
    parts = [p if isinstance(p, str) else ", ".join(p) for p in parts if p]
    return ", ".join(dict.fromkeys(parts))


def clear_cache():
    """Forget every loaded key and close the token sessions (tests, a token swap)."""
    from .token import close_sessions

    with _signers_lock:
        _signers.clear()
        close_sessions()
