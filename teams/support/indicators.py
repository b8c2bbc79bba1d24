"""Area indicators (issue 17.4): the denominators of the support report's rates.

For a ward or one of its hamlets, per year (``month`` 0) or month: adults, households, and the
authorities' own counts of portal and VNeID level-2 accounts, each with its source. An empty
figure has no row: it is never 0. :func:`indicator_set` writes one figure (upsert) and
:func:`indicator_clear` makes it empty again by removing its row; an indicator is a fact about
an area, not a record of work, so this is the one removal the support area allows. Both are
written to Wagtail's audit log with the value before and after. :func:`indicator_import` reads
an XLSX/CSV through the one reader (``lms.core.spreadsheets.read_rows``): all or nothing,
errors by Excel row and column, and importing the same file again changes nothing.

Only officers whose scope covers the ward (its ward officer, its province officer,
administrators) write; anything else is refused with "không thuộc phạm vi", naming nothing.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lms.accounts.choices import Role
from lms.accounts.scoping import scope_for, scope_queryset
from lms.core.spreadsheets import SpreadsheetError, raise_if_unsure, read_rows
from lms.core.text import fold
from teams.models import Hamlet, Ward
from teams.spreadsheets import column_letter, header_key

from .choices import IndicatorKind, IndicatorSource
from .models import AreaIndicator
from .sheets_monthly import xlsx_bytes

MAX_VALUE = 100_000_000  # more people than any ward has; a typo guard


def _log(instance, action, user, **data):
    from wagtail.log_actions import log

    log(instance=instance, action=action, user=user, data=data)


def may_manage_indicators(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and (
            user.is_superuser or user.role in (Role.ADMIN, Role.PROVINCE_OFFICER, Role.WARD_OFFICER)
        )
        and not scope_for(user).nothing
    )


def out_of_scope():
    return ValidationError(_("Địa bàn không thuộc phạm vi của bạn."))


def _check_area(by, ward, hamlet):
    if not may_manage_indicators(by) or ward is None or not scope_for(by).covers(ward):
        raise out_of_scope()
    if hamlet is not None and hamlet.ward_id != ward.pk:
        if not scope_for(by).covers(hamlet):
            raise out_of_scope()
        raise ValidationError({"hamlet": _("Thôn, tổ dân phố không thuộc xã, phường này.")})


def _find(ward, hamlet, year, month, kind):
    return (
        AreaIndicator.objects.select_for_update()
        .filter(ward=ward, hamlet=hamlet, year=year, month=month, kind=kind)
        .order_by("pk")  # the default ordering joins hamlets: no FOR UPDATE on an outer join
        .first()
    )


def _set(*, ward, hamlet, year, month, kind, value, source, by):
    """Upsert one figure; return ``(indicator, changed)``. An unchanged figure is not saved
    nor logged, so a re-import leaves no trace."""
    _check_area(by, ward, hamlet)
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({"value": _("Số liệu phải là số nguyên.")})
    if not 0 <= value <= MAX_VALUE:
        raise ValidationError(
            {
                "value": _("Số liệu phải từ 0 đến %(max)s.")
                % {"max": f"{MAX_VALUE:,}".replace(",", ".")}
            }
        )
    if source not in IndicatorSource.values:
        raise ValidationError({"source": _("Nguồn số liệu không hợp lệ.")})
    indicator = _find(ward, hamlet, year, month, kind)
    before = None
    if indicator is None:
        indicator = AreaIndicator(ward=ward, hamlet=hamlet, year=year, month=month, kind=kind)
    elif indicator.value == value and indicator.source == source:
        return indicator, False
    else:
        before = indicator.value
    indicator.value, indicator.source, indicator.updated_by = value, source, by
    indicator.full_clean()
    indicator.save()
    _log(indicator, "support.indicator_set", by, before=before, value=value, source=source)
    return indicator, True


@transaction.atomic
def indicator_set(
    *,
    ward: Ward,
    hamlet: Hamlet | None = None,
    year: int,
    month: int = 0,
    kind: str,
    value: int,
    source: str = IndicatorSource.ENTERED,
    by,
) -> AreaIndicator:
    """Set one figure of ``ward`` (or of its ``hamlet``) for ``year`` (``month`` 0) or a month."""
    return _set(
        ward=ward,
        hamlet=hamlet,
        year=year,
        month=month,
        kind=kind,
        value=value,
        source=source,
        by=by,
    )[0]


@transaction.atomic
def indicator_clear(
    *, ward: Ward, hamlet: Hamlet | None = None, year: int, month: int = 0, kind: str, by
) -> bool:
    """Make a figure empty again (its row goes; the audit log keeps the value it had).
    Returns whether there was a figure."""
    _check_area(by, ward, hamlet)
    indicator = _find(ward, hamlet, year, month, kind)
    if indicator is None:
        return False
    _log(indicator, "support.indicator_clear", by, before=indicator.value, source=indicator.source)
    indicator.delete()
    return True


def indicators_grid(*, ward, year, month=0) -> dict:
    """``{(hamlet_id or None, kind): AreaIndicator}`` of a ward and its hamlets: one query."""
    rows = AreaIndicator.objects.filter(ward=ward, year=year, month=month)
    return {(row.hamlet_id, row.kind): row for row in rows}


# --- Import ------------------------------------------------------------------------------------

COLUMNS = {
    "ward": _lazy("Xã, phường (mã hoặc tên)"),
    "hamlet": _lazy("Thôn, tổ dân phố"),
    "year": _lazy("Năm"),
    "month": _lazy("Tháng"),
    **dict(IndicatorKind.choices),
    "source": _lazy("Nguồn"),
}
ALIASES = {"ward": ["xa phuong", "ma xa phuong", "xa", "phuong"], "hamlet": ["thon", "to dan pho"]}


def _lookup():
    table = {header_key(str(label)): key for key, label in COLUMNS.items()}
    for key, names in ALIASES.items():
        for name in names:
            table.setdefault(header_key(name), key)
    return table


@dataclass
class ImportResult:
    changed: int
    unchanged: int


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != int(value):
            raise ValueError
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{1,3}([.,\s]\d{3})+", text):  # 12.345 or 12,345: thousands
        text = re.sub(r"[.,\s]", "", text)
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError
    return int(text)


def _sources():
    table = {header_key(str(label)): value for value, label in IndicatorSource.choices}
    table.update({header_key(value): value for value in IndicatorSource.values})
    return table


class _Reader:
    def __init__(self, by):
        self.by = by
        self.wards = scope_queryset(by, Ward.objects.all())
        self.own_ward = (
            Ward.objects.filter(pk=by.ward_id).first() if by.role == Role.WARD_OFFICER else None
        )
        self.errors, self.cache = [], {}

    def error(self, row, column, message):
        where = _("Dòng %(row)s") % {"row": row}
        if column:
            where = _("Dòng %(row)s, cột %(col)s") % {"row": row, "col": column}
        self.errors.append(f"{where}: {message}")

    def ward(self, value):
        """A ward in scope by its code or its exact name; None for anything else."""
        if _blank(value):
            return self.own_ward
        text = str(value).strip()
        if isinstance(value, int | float) or text.isdigit():
            return self.wards.filter(code=str(int(float(text))).zfill(5)).first()
        if "names" not in self.cache:
            names = {}
            for ward in self.wards.only("id", "name", "code", "province_id"):
                names.setdefault(fold(ward.name), []).append(ward)
            self.cache["names"] = names
        matches = self.cache["names"].get(fold(text), [])
        return matches[0] if len(matches) == 1 else None

    def hamlet(self, ward, value):
        key = (ward.pk, fold(str(value).strip()))
        if key not in self.cache:
            found = [
                h
                for h in Hamlet.objects.filter(ward=ward, is_active=True)
                if fold(h.name) == key[1]
            ]
            self.cache[key] = found[0] if len(found) == 1 else None
        return self.cache[key]


def indicator_import(*, upload, by, name=None) -> ImportResult:
    """Import figures: one line per area and period, one column per indicator. A blank cell
    leaves the figure as it is (an import never empties one). Raises ``ValidationError`` with
    every problem, by row and column, and saves nothing then."""
    if not may_manage_indicators(by):
        raise out_of_scope()
    try:
        raw = read_rows(upload, name=name)
        lines = list(raw)
        raise_if_unsure(raw)
    except SpreadsheetError as exc:
        raise ValidationError(str(exc)) from exc
    reader, figures, seen = _Reader(by), [], {}
    positions = None
    lookup, sources = _lookup(), _sources()
    for row, values in lines:
        if all(_blank(v) for v in values):
            continue
        if positions is None:
            positions = {}
            for pos, heading in enumerate(values):
                key = lookup.get(header_key(heading))
                if key and key not in positions:
                    positions[key] = pos
            if "year" not in positions or not set(IndicatorKind.values) & set(positions):
                raise ValidationError(
                    _("Dòng tiêu đề (dòng %(row)s) cần cột “Năm” và ít nhất một cột chỉ tiêu.")
                    % {"row": row}
                )
            continue
        cells = {k: values[p] if p < len(values) else None for k, p in positions.items()}
        col = {k: column_letter(p) for k, p in positions.items()}
        figures.extend(_read_line(reader, row, cells, col, sources, seen))
    if positions is None:
        raise ValidationError(_("Tệp trống: không có dòng tiêu đề."))
    if not figures and not reader.errors:
        raise ValidationError(_("Tệp không có số liệu nào dưới dòng tiêu đề."))
    if reader.errors:
        raise ValidationError(reader.errors)
    changed = unchanged = 0
    with transaction.atomic():
        for figure in figures:
            _indicator, did = _set(by=by, **figure)
            changed += did
            unchanged += not did
    return ImportResult(changed=changed, unchanged=unchanged)


def _read_line(reader, row, cells, col, sources, seen):
    ward = reader.ward(cells.get("ward"))
    if ward is None:
        if _blank(cells.get("ward")):
            reader.error(row, col.get("ward"), _("Thiếu xã, phường."))
        else:
            reader.error(row, col.get("ward"), _("Xã, phường không thuộc phạm vi của bạn."))
        return []
    hamlet = None
    if not _blank(cells.get("hamlet")):
        hamlet = reader.hamlet(ward, cells["hamlet"])
        if hamlet is None:
            reader.error(row, col["hamlet"], _("Không có thôn, tổ dân phố này trong xã, phường."))
            return []
    try:
        year = _integer(cells.get("year"))
        if not 2000 <= year <= 2099:
            raise ValueError
    except (TypeError, ValueError):
        reader.error(row, col["year"], _("Năm phải là số từ 2000 đến 2099."))
        return []
    month = 0
    if not _blank(cells.get("month")):
        try:
            month = _integer(cells["month"])
            if not 0 <= month <= 12:
                raise ValueError
        except ValueError:
            reader.error(row, col["month"], _("Tháng phải từ 1 đến 12 (để trống: cả năm)."))
            return []
    source = IndicatorSource.IMPORTED
    if not _blank(cells.get("source")):
        source = sources.get(header_key(cells["source"]))
        if source is None:
            reader.error(
                row,
                col["source"],
                _("Nguồn phải là: %(list)s.")
                % {"list": ", ".join(str(label) for _v, label in IndicatorSource.choices)},
            )
            return []
    found = []
    for kind in IndicatorKind.values:
        if _blank(cells.get(kind)):
            continue
        try:
            value = _integer(cells[kind])
            if not 0 <= value <= MAX_VALUE:
                raise ValueError
        except ValueError:
            reader.error(row, col[kind], _("Số liệu phải là số nguyên từ 0 trở lên."))
            continue
        key = (ward.pk, hamlet.pk if hamlet else None, year, month, kind)
        if key in seen:
            reader.error(row, col[kind], _("Trùng với dòng %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = row
        found.append(
            {
                "ward": ward,
                "hamlet": hamlet,
                "year": year,
                "month": month,
                "kind": kind,
                "value": value,
                "source": source,
            }
        )
    return found


def import_template(*, ward, year) -> bytes:
    """An XLSX with the import's headers and one line per area of ``ward`` (the ward, then its
    active hamlets) for ``year``, with the figures already known filled in."""
    known = indicators_grid(ward=ward, year=year)
    rows = [[str(label) for label in COLUMNS.values()]]
    for hamlet in [None, *Hamlet.objects.filter(ward=ward, is_active=True).order_by("name")]:
        figures = [
            getattr(known.get((hamlet.pk if hamlet else None, kind)), "value", None)
            for kind in IndicatorKind.values
        ]
        rows.append([ward.code, hamlet.name if hamlet else "", year, None, *figures, None])
    widths = [max(12, min(40, len(str(label)) + 2)) for label in COLUMNS.values()]
    return xlsx_bytes(title=_("Chỉ tiêu"), rows=rows, widths=widths)
