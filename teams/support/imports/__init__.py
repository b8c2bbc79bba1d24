"""Import of the paper tally sheet (“phiếu tổng hợp”): its columns, the blank template, and
``support_records_import``, which saves the rows through ``support_record_create``.

* The file is read only by the one hardened reader (``lms.core.spreadsheets.read_rows``),
  within its bounds, and a file of more than ``MAX_IMPORT_ROWS`` data rows is refused.
* All or nothing: every row is checked by the service inside one transaction; if any row fails,
  the transaction is rolled back and every error is reported by Excel row and column letter.
* Importing the same file again changes nothing. Each row's idempotency key is a UUID5 of the
  team and the row's normalised values, plus how many identical rows came before it in the
  file. Re-ordering the rows of a file therefore counts as the same file (nothing is added),
  while two identical rows (two single helps at home on the same day, an ordinary case on
  paper) stay two records. A row whose values were changed is a new record; the old one stays
  (nothing is deleted) and the team leader corrects or the officer edits it.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.core.spreadsheets import raise_if_unsure, read_rows
from lms.core.text import fold

from ..choices import Place
from ..models import SupportRecord
from ..services import support_record_create
from .sheet import MAX_IMPORT_ROWS, OUTCOME_KEYS, SKILL_KEYS, Issue, Teams, columns, parse
from .template import template_xlsx

__all__ = [
    "MAX_IMPORT_ROWS",
    "ImportReport",
    "Issue",
    "columns",
    "support_records_import",
    "template_xlsx",
]

IMPORT_NAMESPACE = uuid.UUID("6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41")


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    existing: int = 0
    people: int = 0
    errors: list = field(default_factory=list)
    file_warnings: list = field(default_factory=list)
    preview: list = field(default_factory=list)  # (row, team, date, place label, people)
    saved: bool = False

    @property
    def ok(self):
        return not self.errors


def _key(row, seen):
    values = [
        str(row.team.pk),
        row.date.isoformat(),
        row.place,
        str(row.people),
        *("1" if row.fields[k] else "0" for k in SKILL_KEYS),
        *(str(row.fields[k]) for k in OUTCOME_KEYS),
        " ".join(fold(row.fields["note"]).split()),
    ]
    signature = "|".join(values)
    seen[signature] += 1
    return uuid.uuid5(IMPORT_NAMESPACE, f"{signature}#{seen[signature]}")


def _constraint_fields():
    """A check constraint's message -> the column it concerns (the service reports these
    above the record, not on a field)."""
    table = {}
    for constraint in SupportRecord._meta.constraints:
        name = constraint.name
        message = str(constraint.get_violation_error_message())
        if name == "support_people_bounds":
            table[message] = "people"
        for key in OUTCOME_KEYS:
            if name == f"support_{key}_le_people":
                table[message] = key
    return table


def _service_issues(row, exc, letters):
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: [exc]}
    constraints = _constraint_fields()
    issues = []
    for name, errors in by_field.items():
        for message in ValidationError(errors).messages:
            key = name if name in letters else constraints.get(message, "")
            if name == "hamlet":
                key = "team"
            issues.append(Issue(row.number, letters.get(key, ""), message))
    return issues


def support_records_import(
    *, file, file_name: str, user, teams, dry_run: bool = True, encoding: str = "auto"
) -> ImportReport:
    """Check (``dry_run``) or save the rows of a tally sheet for ``teams`` (the teams ``user``
    may import for). All or nothing; raises ``SpreadsheetError`` for a file that cannot be used
    as a whole."""
    raw = read_rows(file, name=file_name, encoding=encoding)
    lines = list(raw)
    raise_if_unsure(raw)
    report = ImportReport(file_warnings=list(raw.warnings))
    rows, report.errors, letters = parse(lines, Teams(teams))
    report.total_rows = len(rows) + len({issue.row for issue in report.errors})
    seen = Counter()
    for row in rows:
        row.key = _key(row, seen)
    # The rows that read well are checked by the service too, so one upload lists every error.
    existing = set(
        SupportRecord.objects.filter(idempotency_key__in=[r.key for r in rows]).values_list(
            "idempotency_key", flat=True
        )
    )
    with transaction.atomic():
        for row in rows:
            report.preview.append(
                (row.number, row.team, row.date, Place(row.place).label, row.people)
            )
            if row.key in existing:
                report.existing += 1
                continue
            try:
                with transaction.atomic():
                    support_record_create(
                        team=row.team,
                        by=user,
                        date=row.date,
                        place=row.place,
                        people=row.people,
                        is_tally=True,
                        idempotency_key=row.key,
                        **row.fields,
                    )
            except ValidationError as exc:
                report.errors.extend(_service_issues(row, exc, letters))
                continue
            except PermissionDenied:
                report.errors.append(
                    Issue(row.number, letters.get("team", ""), _("Bạn không nhập được cho tổ này."))
                )
                continue
            report.created += 1
            report.people += row.people
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            report.saved = True
    report.errors.sort(key=lambda issue: (issue.row, len(issue.column), issue.column))
    return report
