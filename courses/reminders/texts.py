"""The words of each reminder, in Vietnamese whatever the site language.

Email and Zalo carry the full Vietnamese text. SMS is written without diacritics in the GSM
alphabet and cut to one 160-character segment: with diacritics every SMS is UCS-2 and a single
segment holds only 70 characters, too few for a title, a time and a place, and many brandname
SMS contracts in Vietnam bill or refuse unicode. The time and date come first, so a cut keeps
them.
"""

import unicodedata

from django.utils import timezone, translation
from django.utils.translation import gettext as _

SMS_LIMIT = 160
# Characters GSM 03.38 codes in two septets (escape + char) or not at all: replaced.
_NOT_GSM = str.maketrans(
    {
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
        "\\": "/",
        "^": "",
        "~": "-",
        "|": "/",
        "`": "'",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
    }
)


def sms_text(text: str) -> str:
    """``text`` without diacritics, GSM-safe, at most one 160-character segment."""
    text = text.replace("đ", "d").replace("Đ", "D").translate(_NOT_GSM)
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.encode("ascii", "ignore").decode()
    text = " ".join(text.split())
    if len(text) > SMS_LIMIT:
        text = text[: SMS_LIMIT - 3].rstrip() + "..."
    return text


def _when(moment):
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {local:%d/%m/%Y}"


def session_reminder(*, session, hour: bool) -> tuple[str, str]:
    """(subject, body) of a member's reminder one day or one hour before ``session``."""
    with translation.override("vi"):
        if hour:
            lead = _("Sắp đến giờ tập huấn")
        else:
            lead = _("Nhắc lịch tập huấn")
        body = _("%(lead)s %(when)s: %(title)s, tại %(venue)s.") % {
            "lead": lead,
            "when": _when(session.starts_at),
            "title": session.title,
            "venue": session.venue,
        }
        return f"{lead}: {session.title}", body


def trainer_evening(*, sessions, day) -> tuple[str, str]:
    """(subject, body) of a trainer's list of tomorrow's sessions."""
    with translation.override("vi"):
        items = "; ".join(
            f"{timezone.localtime(s.starts_at):%H:%M} {s.title} ({s.venue})" for s in sessions
        )
        subject = _("Lịch giảng ngày %(day)s") % {"day": f"{day:%d/%m/%Y}"}
        return subject, f"{subject}: {items}."


def support_deadline(*, month, deadline, ward_name=None, province_name=None, missing=0):
    """(subject, body) of an officer's monthly report deadline reminder."""
    with translation.override("vi"):
        subject = _("Hạn nộp báo cáo hỗ trợ tháng %(month)s") % {"month": f"{month:%m/%Y}"}
        values = {
            "month": f"{month:%m/%Y}",
            "deadline": f"{timezone.localtime(deadline):%d/%m/%Y}",
            "ward": ward_name,
            "province": province_name,
            "n": missing,
        }
        if ward_name:
            body = (
                _(
                    "Nhắc hạn: báo cáo hỗ trợ tháng %(month)s của %(ward)s cần nộp "
                    "trước hết ngày %(deadline)s."
                )
                % values
            )
        else:
            body = (
                _(
                    "Nhắc hạn: còn %(n)s xã, phường của %(province)s chưa nộp báo cáo hỗ trợ "
                    "tháng %(month)s, hạn hết ngày %(deadline)s."
                )
                % values
            )
        return subject, body
