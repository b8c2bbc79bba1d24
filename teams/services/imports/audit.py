"""Bounding and recording what an import tells about people outside the importer's scope.

A phone or CCCD number is unique nationwide, so a row whose number is already held by someone
outside the importing user's scope cannot be imported as it stands, and saying so tells that
the number is registered somewhere. The preview says it neutrally (no name, no place, the same
words for a phone or a CCCD, see ``people.OUT_OF_SCOPE``), and this module bounds and records
that one bit:

* every preview and confirmation by a user is written to Wagtail's audit log (the history the
  admin already shows) with the number of rows and of out-of-scope conflicts;
* each user may meet at most ``OUT_OF_SCOPE_LIMIT.count`` such conflicts an hour. Once over, every
  import of theirs is refused whole, with or without conflicts, until the hour ends, so the
  refusal itself tells nothing about the file.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as audit_log

from lms.core import ratelimit
from lms.core.spreadsheets import SpreadsheetError

CHECKED_ACTION = "teams.member_import_checked"
OUT_OF_SCOPE_LIMIT = ratelimit.Limit("member-import-out-of-scope", 200, 60 * 60)


class ImportRefused(SpreadsheetError):
    """The user has met too many numbers held outside their scope this hour."""


def _ident(user):
    return f"user:{user.pk}"


def refused_message():
    return _(
        "Bạn đã nhập quá nhiều số điện thoại/CCCD đang thuộc đơn vị khác trong một giờ "
        "(tối đa %(count)s). Tạm thời không kiểm tra thêm tệp; hãy thử lại sau một giờ hoặc "
        "liên hệ cán bộ cấp tỉnh."
    ) % {"count": OUT_OF_SCOPE_LIMIT.count}


def check_not_refused(user, *, rows, dry_run, file_name):
    """Refuse (and record) any import of a user who is over the limit, before any lookup."""
    if ratelimit.is_limited(OUT_OF_SCOPE_LIMIT, _ident(user)):
        record(user, rows=rows, conflicts=0, dry_run=dry_run, file_name=file_name, refused=True)
        raise ImportRefused(refused_message())


def count_conflicts(user, conflicts, *, rows, dry_run, file_name):
    """Count this file's out-of-scope conflicts against the hour's allowance, record the
    check, and refuse a preview whole (no per-row answer) when it goes over. (A confirmation
    follows a preview without conflicts; one that meets some, because the registry changed in
    between, is counted and shows its errors like a preview.)"""
    ident = _ident(user)
    over = any(ratelimit.hit_and_check(OUT_OF_SCOPE_LIMIT, ident) for _ in range(conflicts))
    refused = over and dry_run
    record(
        user, rows=rows, conflicts=conflicts, dry_run=dry_run, file_name=file_name, refused=refused
    )
    if refused:
        raise ImportRefused(refused_message())


def record(user, *, rows, conflicts, dry_run, file_name, refused):
    audit_log(
        instance=user,
        action=CHECKED_ACTION,
        user=user,
        data={
            "rows": rows,
            "out_of_scope_conflicts": conflicts,
            "dry_run": dry_run,
            "refused": refused,
            "file_name": str(file_name or "")[:200],
        },
    )


class ImportCheckedFormatter(LogFormatter):
    """How the audit log and the site history show the entry."""

    label = gettext_lazy("Kiểm tra tệp nhập thành viên")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = _(
            "Kiểm tra tệp nhập thành viên: %(rows)s dòng, %(conflicts)s dòng trùng số của người "
            "ngoài phạm vi."
        ) % {"rows": data.get("rows", 0), "conflicts": data.get("out_of_scope_conflicts", 0)}
        if data.get("refused"):
            message += " " + _("Đã từ chối (quá giới hạn mỗi giờ).")
        return message


# Wagtail refuses to save an entry for an unregistered action. ``teams.wagtail_hooks`` imports
# this module (through the viewsets and services) before Wagtail collects these hooks.
@hooks.register("register_log_actions")
def register_import_checked_action(actions):
    actions.register_action(CHECKED_ACTION)(ImportCheckedFormatter)
