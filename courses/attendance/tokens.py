"""Rotating check-in tokens and 6-digit codes, derived from time windows.

Time is cut into windows of ``session.qr_rotation_seconds``. The QR token for window ``w`` is
``<session id>-<w>-<HMAC(session id, w, session secret)>``; the 6-digit code is another HMAC of
the same window. Nothing is stored: any app server can check a token, and the trainer's screen
just shows the current window's values.

A token is accepted in its own window and the next one (so a scan made just before the screen
changes still works; at 30 s that is 30-60 s of validity). A token from any older window is
refused as *expired*; that is what "replayed" means here: a QR code photographed or forwarded
earlier and used later, by someone who is not in the room now. A second scan of a still-valid
token by the same person is not a replay: check-in is idempotent.

Scanning opens a page on which the person may still need to type a password; the page carries a
*pass* proving the scan. The pass is issued only when a genuine, current QR token is presented
(the GET that the scan opens), carries the time of that scan, and expires ``PASS_MAX_AGE``
seconds (10 minutes) after it: typing slowly does not expire the QR token under the person, but
re-rendering the page (a wrong password, an empty or anonymous POST) hands back the *same* pass,
never a fresh one, so one scan cannot be stretched over the whole session (issue 15, item 5).

All times come from ``django.utils.timezone.now`` (one clock, which tests can freeze).
"""

import datetime
import hmac

from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

VALID_WINDOWS = 2
# How long after the scan the check-in page's pass is accepted (seconds).
PASS_MAX_AGE = 600
_PASS_SALT = "attendance.checkin.pass"


class TokenError(Exception):
    """Why a token, code or pass was refused; ``message`` is shown to the member."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


INVALID = "invalid"
EXPIRED = "expired"


def _timestamp(now=None):
    return (timezone.now() if now is None else now).timestamp()


def current_window(session, now=None):
    return int(_timestamp(now)) // session.qr_rotation_seconds


def seconds_left(session, now=None):
    ts = _timestamp(now)
    return session.qr_rotation_seconds - int(ts) % session.qr_rotation_seconds


def _mac(session, purpose, window):
    return salted_hmac(
        f"attendance.{purpose}", f"{session.pk}:{window}:{session.secret}", algorithm="sha256"
    ).hexdigest()


def token_make(session, now=None):
    window = current_window(session, now)
    return f"{session.pk}-{window}-{_mac(session, 'qr', window)[:20]}"


def token_session_id(token):
    """The session id a token claims, before it is checked (to load the session)."""
    parts = (token or "").split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise TokenError(INVALID, _("Mã QR không hợp lệ. Hãy quét lại mã trên màn hình."))
    return int(parts[0])


def token_check(session, token, now=None):
    """Raise ``TokenError`` unless ``token`` is a genuine, current token of ``session``."""
    invalid = TokenError(INVALID, _("Mã QR không hợp lệ. Hãy quét lại mã trên màn hình."))
    try:
        pk, window, mac = token.split("-")
        window = int(window)
    except (AttributeError, ValueError):
        raise invalid from None
    if str(session.pk) != pk or not hmac.compare_digest(mac, _mac(session, "qr", window)[:20]):
        raise invalid
    now_window = current_window(session, now)
    if window > now_window:
        raise invalid
    if window <= now_window - VALID_WINDOWS:
        raise TokenError(
            EXPIRED,
            _(
                "Mã QR này đã hết hạn (mã đổi sau mỗi %(seconds)s giây; ảnh chụp hoặc đường "
                "dẫn gửi lại từ trước không dùng được). Hãy quét mã đang hiện trên màn hình."
            )
            % {"seconds": session.qr_rotation_seconds},
        )


def code_make(session, now=None, window=None):
    window = current_window(session, now) if window is None else window
    return f"{int(_mac(session, 'code', window)[:12], 16) % 1_000_000:06d}"


def code_matches(session, code, now=None):
    """Whether ``code`` is the session's code of the current or the previous window."""
    code = (code or "").strip()
    now_window = current_window(session, now)
    return any(
        hmac.compare_digest(code, code_make(session, window=w))
        for w in range(now_window - VALID_WINDOWS + 1, now_window + 1)
    )


def _pass_signer():
    return signing.Signer(salt=_PASS_SALT)


def pass_make(session, now=None):
    """The pass for a scan made ``now``: the session and the scan time, signed. Call it only
    after :func:`token_check` accepted the scanned token."""
    return _pass_signer().sign(f"{session.pk}:{int(_timestamp(now))}")


def pass_scanned_at(value):
    """When the pass's scan was made (its signed time), or None for a pass that is not ours.
    A check-in sent late because the phone lost its signal counts as of the scan, within the
    ``PASS_MAX_AGE`` bound that :func:`pass_check` keeps (issue 19, item 4)."""
    try:
        _pk, scanned = _pass_signer().unsign(value or "").split(":")
        return datetime.datetime.fromtimestamp(int(scanned), tz=datetime.UTC)
    except (signing.BadSignature, ValueError, OverflowError, OSError):
        return None


def pass_check(session, value, now=None):
    """Raise ``TokenError`` unless ``value`` is a pass of ``session`` issued less than
    ``PASS_MAX_AGE`` seconds ago."""
    invalid = TokenError(INVALID, _("Mã QR không hợp lệ. Hãy quét lại mã trên màn hình."))
    try:
        pk, scanned = _pass_signer().unsign(value or "").split(":")
        scanned = int(scanned)
    except (signing.BadSignature, ValueError):
        raise invalid from None
    if pk != str(session.pk):
        raise invalid
    age = _timestamp(now) - scanned
    if age > PASS_MAX_AGE:
        raise TokenError(
            EXPIRED,
            _(
                "Lượt quét mã QR này đã hết hạn (quá %(minutes)s phút sau khi quét). Hãy quét "
                "lại mã đang hiện trên màn hình."
            )
            % {"minutes": PASS_MAX_AGE // 60},
        )
    if age < -60:  # issued in the future: not ours
        raise invalid
