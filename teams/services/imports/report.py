"""What an import found and did: the report the preview page, the command and the tests read."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ... import spreadsheets


@dataclass
class Issue:
    row: int
    column: str
    message: str

    def __str__(self):
        where = _("Dòng %(row)s, cột %(col)s") % {"row": self.row, "col": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    total_rows: int = 0
    dry_run: bool = True
    saved: bool = False
    created: list = field(default_factory=list)  # (row, full name, phone)
    updated: list = field(default_factory=list)  # (row, full name, [changed field labels])
    unchanged: int = 0
    memberships_created: int = 0
    memberships_updated: int = 0
    hamlets_created: list = field(default_factory=list)
    teams_created: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    file_warnings: list = field(default_factory=list)  # the reader's: legacy fonts converted
    ignored_headers: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


class IssueLog:
    """Adds row problems to ``report``, naming the column as the file does: "D (Số điện
    thoại)" when the file's column letters are known (``letters``: key -> letter)."""

    def __init__(self, report: ImportReport, letters: dict):
        self.report = report
        self.letters = letters

    def column(self, key):
        label = spreadsheets.COLUMNS[key]
        letter = self.letters.get(key)
        return f"{letter} ({label})" if letter else label

    def error(self, row, key, message):
        self.report.errors.append(Issue(row, self.column(key), message))

    def warn(self, row, key, message):
        self.report.warnings.append(Issue(row, self.column(key), message))

    def sort(self):
        self.report.errors.sort(key=lambda issue: issue.row)
        self.report.warnings.sort(key=lambda issue: issue.row)
