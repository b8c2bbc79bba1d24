"""Signing with a key on a PKCS#11 token: the USB tokens Vietnamese CAs issue, an HSM, or
SoftHSM in the tests.

One session per key and process, logged in once (opening one took 0.4-0.7 s on SoftHSM, and
a USB token counts wrong PIN tries); :mod:`.keys` caches the signer. Every failure the
operator can fix (driver missing, token not plugged in or wrongly labelled, wrong or locked
PIN, no key or certificate with the configured label) becomes a :class:`SigningError` naming
the key and what to check, never the PIN.

Threads: python-pkcs11 serialises operations on one session, but it starts the driver with
``C_Initialize(NULL)``, by which the standard lets a driver assume it is never called from
two threads at once, and a CA's closed-source driver may rely on that. So every call into
one driver (opening, loading, signing, closing) holds one lock per driver file here. A
signature holds it only for the token's own RSA operation; a token signs one thing at a time
anyway.
"""

import functools
import os
import threading

from .config import SignerConfig, SigningError

_module_locks: dict[str, threading.RLock] = {}
_module_locks_guard = threading.Lock()
# Every session this process opened, to log out and close them in clear_cache().
_sessions = []


def module_lock(path) -> threading.RLock:
    with _module_locks_guard:
        return _module_locks.setdefault(path, threading.RLock())


def _fail(config, message):
    return SigningError(f"signing key {config.name!r}: {message}")


def _token_label(config, lib):
    """The configured label, or the one initialised token when the key names none."""
    from pkcs11 import TokenFlag

    tokens = [slot.get_token() for slot in lib.get_slots(token_present=True)]
    labels = [t.label for t in tokens if t.flags & TokenFlag.TOKEN_INITIALIZED]
    present = ", ".join(repr(label) for label in labels) or "none"
    if config.token_label:
        if config.token_label not in labels:
            raise _fail(
                config,
                f"no token labelled {config.token_label!r} is plugged in "
                f"(tokens present: {present})",
            )
        return config.token_label
    if len(labels) != 1:
        raise _fail(config, f"set token_label: {len(labels)} tokens present ({present})")
    return labels[0]


def _open_session(config, label, pin):
    import pkcs11.exceptions as p11
    from pyhanko.sign.pkcs11 import TokenCriteria, open_pkcs11_session

    criteria = TokenCriteria(label=label)
    where = f"token {label!r}"
    pin_from = f" (from ${config.pin_env})" if config.pin_env else ""
    try:
        try:
            return open_pkcs11_session(config.pkcs11_module, token_criteria=criteria, user_pin=pin)
        except p11.UserAlreadyLoggedIn:
            # Another key on the same token logged this process in already: a login belongs
            # to the process, not the session, and a second C_Login is refused.
            return open_pkcs11_session(config.pkcs11_module, token_criteria=criteria)
    except p11.PinIncorrect as exc:
        raise _fail(config, f"wrong PIN for {where}{pin_from}") from exc
    except p11.PinLocked as exc:
        raise _fail(
            config,
            f"the PIN of {where} is locked after too many wrong tries: unblock it "
            "with the CA's tool and the SO PIN",
        ) from exc
    except (p11.PinLenRange, p11.PinInvalid, p11.PinExpired) as exc:
        raise _fail(
            config, f"the PIN{pin_from} is not accepted by {where} ({type(exc).__name__})"
        ) from exc
    except p11.PKCS11Error as exc:
        raise _fail(config, f"cannot open {where} ({type(exc).__name__}: {exc})") from exc


@functools.cache
def _signer_class():
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer

    class LockedKey:
        """The token's key handle: signs under the driver lock and turns the driver's
        errors (token unplugged, session gone) into a SigningError."""

        def __init__(self, handle, signer):
            self.handle = handle
            self.signer = signer

        def sign(self, data, **kwargs):
            try:
                with self.signer.lock:
                    return self.handle.sign(data, **kwargs)
            except PKCS11Error as exc:
                # Outside the driver lock: the key cache takes its own lock first.
                if self.signer.on_failure:
                    self.signer.on_failure()
                raise _fail(
                    self.signer.config,
                    f"the token refused to sign ({type(exc).__name__}); the next "
                    "signature opens a new session",
                ) from exc

    class TokenSigner(PKCS11Signer):
        def __init__(self, session, *, config, lock, **kwargs):
            super().__init__(session, **kwargs)
            self.config = config
            self.lock = lock
            self.on_failure = None

        def _pull_signing_key_handle(self):
            return LockedKey(super()._pull_signing_key_handle(), self)

    return TokenSigner


def open_token_signer(config: SignerConfig, ca_chain=()):
    """A pyHanko signer for the key ``config`` names on its token, with the certificate and
    key handle already looked up (so a wrong label fails here, not in the middle of a PDF)."""
    try:
        import pkcs11
        import pkcs11.exceptions as p11
    except ImportError as exc:
        raise SigningError(
            "PKCS#11 signing needs the python-pkcs11 package (in the lock: make install)"
        ) from exc
    if not os.path.isfile(config.pkcs11_module):
        raise _fail(
            config,
            f"PKCS#11 module {config.pkcs11_module} not found (is the token's driver installed?)",
        )
    pin = config.secret() or None
    lock = module_lock(config.pkcs11_module)
    with lock:
        try:
            lib = pkcs11.lib(config.pkcs11_module)
            label = _token_label(config, lib)
        except p11.PKCS11Error as exc:
            raise _fail(
                config, f"cannot use PKCS#11 module {config.pkcs11_module} ({exc})"
            ) from exc
        session = _open_session(config, label, pin)
        signer = _signer_class()(
            session,
            config=config,
            lock=lock,
            cert_label=config.cert_label or config.key_label or None,
            key_label=config.key_label or None,
            # Every certificate on the token: CA tokens carry the issuing chain.
            other_certs_to_pull=None,
            ca_chain=list(ca_chain) or None,
        )
        try:
            signer.signing_cert  # noqa: B018 (loads the certificate and the key handle)
        except p11.PKCS11Error as exc:
            _close(session)
            raise _fail(config, f"{exc} (token {label!r})") from exc
        _sessions.append((config.pkcs11_module, session))
    return signer


def _close(session):
    from pkcs11.exceptions import PKCS11Error

    try:
        session.close()
    except PKCS11Error:
        pass  # token unplugged or the session already gone: nothing left to close


def close_sessions():
    """Log out of and close every session this process opened (key cache cleared)."""
    while _sessions:
        path, session = _sessions.pop()
        with module_lock(path):
            _close(session)
