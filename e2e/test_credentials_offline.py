"""Issue 20, item 3: a commune officer with no signal tells a real certificate from a fake.

The officer opens a certificate's verification page once while online (the page keeps its
script, the issuer's public keys and a small service worker on the phone). Then the network
goes off, and scanning a printed QR code (a URL whose fragment is the signed payload) still
opens the checking page, which verifies the Ed25519 signature in the browser: the genuine
payload is reported real, a payload with one changed letter is reported fake."""

import base64
import json
from urllib.parse import urlsplit

from playwright.sync_api import expect

from e2e.conftest import check_page, django_shell, shot

QR_URL_CODE = """
from certificates.models import Certificate
from certificates.pdf import certificate_facts
c = Certificate.objects.filter(status="valid", holder_anonymised=False).order_by("pk").first()
print(certificate_facts(c).verify_url)
"""


def _qr_target():
    """The path and fragment a certificate's QR code holds (its host is the configured public
    address, not this test server's port)."""
    parts = urlsplit(django_shell(QR_URL_CODE).splitlines()[-1])
    assert parts.fragment.count(".") == 2, parts
    return parts.path, parts.fragment


def _payload(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _tampered(token):
    header, _payload_part, signature = token.split(".")
    data = _payload(token)
    data["c"] = data["c"] + " nâng cao"  # one changed detail, signature kept
    forged = base64.urlsafe_b64encode(json.dumps(data, ensure_ascii=False).encode()).decode()
    return f"{header}.{forged.rstrip('=')}.{signature}"


# A phone whose browser has no Ed25519 in WebCrypto (Chrome before 137): the page falls back to
# the vendored @noble/ed25519, which the service worker keeps too.
NO_WEBCRYPTO_ED25519 = """
(() => {
  const subtle = crypto.subtle;
  const importKey = subtle.importKey.bind(subtle);
  subtle.importKey = (format, key, algorithm, ...rest) =>
    algorithm && algorithm.name === "Ed25519"
      ? Promise.reject(new DOMException("Ed25519 unsupported", "NotSupportedError"))
      : importKey(format, key, algorithm, ...rest);
})();
"""


def test_offline_qr_check_tells_real_from_fake(page):
    _check_offline(page, "webcrypto")


def test_offline_qr_check_without_webcrypto_ed25519(page):
    page.context.add_init_script(NO_WEBCRYPTO_ED25519)
    _check_offline(page, "fallback")


def _check_offline(page, flow):
    path, token = _qr_target()

    # Online, once: the verification page stores the keys and installs its worker.
    page.goto(path)
    checker = page.locator("[data-offline-check]")
    expect(checker).to_have_attribute("data-offline-ready", "1")
    expect(checker).to_contain_text("cần kết nối mạng")
    check_page(page, f"credentials-offline-{flow}", "1-online", touch=True)

    context = page.context
    context.set_offline(True)
    try:
        # A scan opens the QR's URL in a new tab: served from the device, checked there.
        scan = context.new_page()
        scan.goto(f"{path}#{token}")
        result = scan.locator("[data-offline-result]")
        expect(result).to_have_attribute("data-state", "genuine")
        expect(result).to_contain_text("Chữ ký hợp lệ")
        expect(result).to_contain_text(_payload(token)["n"])  # the number, to compare with paper
        verifier = "noble" if flow == "fallback" else "webcrypto"
        expect(scan.locator("[data-offline-check]")).to_have_attribute("data-verifier", verifier)
        expect(scan.locator("main")).to_contain_text("cần kết nối mạng")
        scan.viewport_name = page.viewport_name
        check_page(scan, f"credentials-offline-{flow}", "2-offline-genuine", touch=True)

        fake = context.new_page()
        fake.goto(f"{path}#{_tampered(token)}")
        result = fake.locator("[data-offline-result]")
        expect(result).to_have_attribute("data-state", "fake")
        expect(result).to_contain_text("KHÔNG hợp lệ")
        fake.viewport_name = page.viewport_name
        shot(fake, f"credentials-offline-{flow}", "3-offline-fake")
    finally:
        context.set_offline(False)
