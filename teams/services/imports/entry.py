"""``member_import``, the one entry: read the file, check every row, then plan and write."""

from django.utils.translation import gettext as _

from lms.accounts.scoping import scope_for
from lms.core.spreadsheets import SpreadsheetError

from ... import spreadsheets
from ...models import Ward
from . import audit
from .changes import plan, write
from .lookups import references_load
from .people import match_people
from .places import Places, match_hamlets
from .report import ImportReport, IssueLog
from .rows import RowReader

# Rows checked between two progress reports of a queued import (never one per row).
PROGRESS_BATCH = 1000


def member_import(
    *,
    rows=None,
    file=None,
    file_name: str = "",
    user=None,
    dry_run: bool = True,
    create_hamlets: bool = False,
    ward: Ward | None = None,
    encoding: str = "auto",
    progress=None,
) -> ImportReport:
    """Import a member list. ``rows`` is a list of ``(excel_row, {column key: value})`` (as
    ``spreadsheets.read_sheet`` gives), or ``file`` (bytes or a file object) with its
    ``file_name`` for the type.

    All or nothing: any bad row means nothing is saved, and every problem is reported with its
    Excel row number and column. People are matched on phone, then CCCD, so importing the same
    file twice changes nothing. ``user`` limits the rows to their scope (``None``: the command
    line, everything); ``ward`` is the default (and only allowed) ward.
    Raises ``lms.core.spreadsheets.SpreadsheetError`` when the file as a whole cannot be read,
    and, for a preview, its ``audit.ImportRefused`` when ``user`` has met too many numbers held
    outside their scope this hour (every check by a user is in the audit log, see ``audit``).
    A confirmation is never refused: it only follows a preview that found no such number.
    ``progress`` (``lms.jobs.progress.Progress``, for a queued import) hears of every batch of
    ``PROGRESS_BATCH`` rows checked, then of the matching and of the writing.
    """
    report = ImportReport(dry_run=dry_run)
    letters = {}
    if rows is None:
        rows, letters = _read_file(
            file, file_name=file_name, ward=ward, report=report, encoding=encoding
        )
    report.total_rows = len(rows)
    audited = {"rows": len(rows), "dry_run": dry_run, "file_name": file_name}
    if user is not None and dry_run:
        audit.check_not_refused(user, **audited)
    log = IssueLog(report, letters)
    scope = scope_for(user) if user is not None else None

    # 1. Parse and check each row in memory.
    reader = RowReader(log=log, places=Places(default_ward=ward), ward=ward, scope=scope)
    if progress is None:
        parsed = [reader.read(excel_row, values) for excel_row, values in rows]
    else:
        # Twice the rows: checking them is the first half, matching and writing the second.
        progress.start(2 * len(rows))
        parsed = []
        for start in range(0, len(rows), PROGRESS_BATCH):
            batch = rows[start : start + PROGRESS_BATCH]
            parsed.extend(reader.read(excel_row, values) for excel_row, values in batch)
            progress.advance(len(batch))

    # 2. Load what the rows refer to, in bulk, and match hamlets and people.
    refs = references_load(
        ward_ids={i["ward"].pk for i in parsed if i["ward"] is not None},
        phones=reader.seen_phone,
        cccds=reader.seen_cccd,
    )
    new_hamlets = match_hamlets(
        parsed, refs.hamlets_by_ward, create_hamlets=create_hamlets, report=report, log=log
    )
    outside = match_people(parsed, refs=refs, scope=scope, log=log)
    if progress is not None:
        progress.advance(len(rows) // 2)
    if user is not None:
        audit.count_conflicts(user, outside, **audited)
    log.sort()
    if report.errors:
        return report

    # 3. Work out the changes; 4. write them, all at once.
    changes = plan(parsed, teams_by_hamlet=refs.teams_by_hamlet, report=report)
    if dry_run:
        return report
    write(new_hamlets=new_hamlets, **changes)
    report.saved = True
    return report


def _read_file(file, *, file_name, ward, report, encoding="auto"):
    """The rows of an uploaded list and the file's column letters (for the messages)."""
    data = file if isinstance(file, bytes) else file.read()
    sheet = spreadsheets.read_sheet(data, name=file_name, encoding=encoding)
    if ward is None and "ward" not in sheet.columns:
        raise SpreadsheetError(_("Dòng tiêu đề thiếu cột: %s.") % spreadsheets.COLUMNS["ward"])
    report.ignored_headers = sheet.ignored_headers
    report.file_warnings = sheet.warnings
    return sheet.rows, sheet.columns
