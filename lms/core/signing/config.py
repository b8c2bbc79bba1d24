"""Which key signs: named key definitions from settings, turned into a :class:`SignerConfig`.

``LMS_SIGNING_KEYS`` (JSON in the environment of the same name) maps a key name to either

* a PKCS#12 file: ``{"pkcs12": "/etc/lms/keys/so-khcn.p12", "passphrase_env": "SO_KHCN_P12_PASS"}``
* or a PKCS#11 token: ``{"pkcs11_module": "/usr/lib/x86_64-linux-gnu/libvnpt-ca.so",
  "token_label": "VNPT-CA", "key_label": "SO KHCN", "pin_env": "SO_KHCN_TOKEN_PIN"}``

plus optional ``"ca_chain": ["/etc/lms/keys/ca.pem"]`` and ``"tsa_url"``. Secrets are never in
the JSON: it names the environment variable that holds them. ``LMS_SIGNING_DEFAULT_KEY`` is the
key slips and reports are signed with, and certificates whose template names no key.
"""

import os
from dataclasses import dataclass, field

from django.conf import settings

DEMO_KEY_NAME = "demo"


class SigningError(RuntimeError):
    """A PDF could not be signed (bad key file, wrong passphrase, token absent, TSA down)."""


class SigningNotConfigured(SigningError):
    """The key asked for is not defined, and the demo key is switched off."""


@dataclass(frozen=True)
class SignerConfig:
    """Where one signing key lives. Hashable: loaded signers are cached per config."""

    name: str
    pkcs12_path: str = ""
    # The passphrase itself only for the generated demo key; real keys name an env variable.
    passphrase: str = field(default="", repr=False)
    passphrase_env: str = ""
    pkcs11_module: str = ""
    token_label: str = ""
    key_label: str = ""
    cert_label: str = ""
    pin_env: str = ""
    ca_chain: tuple[str, ...] = ()
    tsa_url: str = ""

    @property
    def kind(self):
        return "pkcs11" if self.pkcs11_module else "pkcs12"

    def secret(self):
        """The PKCS#12 passphrase or the token PIN, read from the environment now."""
        env = self.pin_env if self.kind == "pkcs11" else self.passphrase_env
        if env:
            value = os.environ.get(env)
            if value is None:
                raise SigningError(f"signing key {self.name!r}: environment variable {env} unset")
            return value
        return self.passphrase


def _definitions():
    return dict(getattr(settings, "LMS_SIGNING_KEYS", None) or {})


def default_key_name():
    return getattr(settings, "LMS_SIGNING_DEFAULT_KEY", "") or "default"


def key_names():
    """Names a certificate template may pick (the demo key only when it is allowed)."""
    names = sorted(_definitions())
    if getattr(settings, "LMS_SIGNING_DEMO_KEY", False) and DEMO_KEY_NAME not in names:
        names.append(DEMO_KEY_NAME)
    return names


def _from_definition(name, spec):
    tsa = spec.get("tsa_url", getattr(settings, "LMS_TSA_URL", "")) or ""
    chain = spec.get("ca_chain") or ()
    if isinstance(chain, str):
        chain = (chain,)
    if spec.get("pkcs11_module"):
        if not (spec.get("key_label") or spec.get("cert_label")):
            raise SigningNotConfigured(f"signing key {name!r}: key_label or cert_label needed")
        return SignerConfig(
            name=name,
            pkcs11_module=str(spec["pkcs11_module"]),
            token_label=spec.get("token_label", ""),
            key_label=spec.get("key_label", ""),
            cert_label=spec.get("cert_label", ""),
            pin_env=spec.get("pin_env", ""),
            ca_chain=tuple(str(p) for p in chain),
            tsa_url=tsa,
        )
    if not spec.get("pkcs12"):
        raise SigningNotConfigured(f"signing key {name!r}: neither pkcs12 nor pkcs11_module set")
    return SignerConfig(
        name=name,
        pkcs12_path=str(spec["pkcs12"]),
        passphrase_env=spec.get("passphrase_env", ""),
        ca_chain=tuple(str(p) for p in chain),
        tsa_url=tsa,
    )


def signer_config(name=""):
    """The :class:`SignerConfig` for key ``name`` (blank: the site default).

    An undefined default (or the name "demo") falls back to the generated demo key when
    ``LMS_SIGNING_DEMO_KEY`` allows it, creating it on first use.
    """
    name = (name or "").strip() or default_key_name()
    definitions = _definitions()
    if name in definitions:
        return _from_definition(name, definitions[name])
    if (name in (DEMO_KEY_NAME, default_key_name())) and getattr(
        settings, "LMS_SIGNING_DEMO_KEY", False
    ):
        from .demo import demo_signer_config

        return demo_signer_config()
    raise SigningNotConfigured(f"signing key {name!r} is not defined in LMS_SIGNING_KEYS")


def site_signer_config():
    """The key slips, sign-in sheets and reports are signed with."""
    return signer_config(default_key_name())
