"""Area indicators (issue 17.4): empty is not 0, the audit log, scope, the grid screen and the
import (all or nothing, errors by row and column, re-import changes nothing)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from teams.support.choices import IndicatorKind, IndicatorSource
from teams.support.indicators import (
    COLUMNS,
    indicator_clear,
    indicator_import,
    indicator_set,
    indicators_grid,
)
from teams.support.models import AreaIndicator

from .monthly_area import area_fixture  # noqa: F401

ADULTS, HOUSEHOLDS = IndicatorKind.ADULTS, IndicatorKind.HOUSEHOLDS


def test_zero_is_a_figure_and_clearing_makes_it_empty_again(area):
    where = {"ward": area.w1, "year": 2026, "kind": ADULTS}
    assert indicators_grid(ward=area.w1, year=2026) == {}
    indicator_set(**where, value=0, by=area.ward_officer)
    figure = indicators_grid(ward=area.w1, year=2026)[(None, ADULTS)]
    assert figure.value == 0 and figure.source == IndicatorSource.ENTERED
    assert (None, HOUSEHOLDS) not in indicators_grid(ward=area.w1, year=2026)
    indicator_set(**where, value=0, by=area.ward_officer)  # unchanged: not logged again
    indicator_set(**where, value=1200, source=IndicatorSource.OFFICIAL, by=area.ward_officer)
    assert AreaIndicator.objects.get().source == IndicatorSource.OFFICIAL
    assert indicator_clear(**where, by=area.ward_officer) is True
    assert not AreaIndicator.objects.exists()
    assert indicator_clear(**where, by=area.ward_officer) is False
    actions = list(ModelLogEntry.objects.order_by("pk").values_list("action", "data"))
    assert [a for a, _d in actions] == [
        "support.indicator_set",
        "support.indicator_set",
        "support.indicator_clear",
    ]
    assert actions[1][1]["before"] == 0 and actions[2][1]["before"] == 1200


def test_a_month_and_a_hamlet_are_figures_of_their_own(area):
    indicator_set(ward=area.w1, year=2026, kind=ADULTS, value=900, by=area.ward_officer)
    indicator_set(
        ward=area.w1,
        hamlet=area.h1,
        year=2026,
        month=3,
        kind=ADULTS,
        value=300,
        by=area.ward_officer,
    )
    assert indicators_grid(ward=area.w1, year=2026)[(None, ADULTS)].value == 900
    assert indicators_grid(ward=area.w1, year=2026, month=3)[(area.h1.pk, ADULTS)].value == 300


@pytest.mark.parametrize(
    ("who", "ward", "hamlet"),
    [
        ("other_ward_officer", "w1", None),
        ("other_province_officer", "w1", None),
        ("ward_officer", "w1", "h2"),  # a hamlet of another ward
        ("ward_officer", "w2", "h2"),
    ],
)
def test_outside_the_scope_is_refused_naming_nothing(area, who, ward, hamlet):
    with pytest.raises(ValidationError) as refused:
        indicator_set(
            ward=getattr(area, ward),
            hamlet=getattr(area, hamlet) if hamlet else None,
            year=2026,
            kind=ADULTS,
            value=5,
            by=getattr(area, who),
        )
    text = " ".join(refused.value.messages)
    assert "không thuộc phạm vi" in text
    assert "Vị" not in text and "Khu vực" not in text
    assert not AreaIndicator.objects.exists()


def test_bad_values_are_refused(area):
    for value in (-1, None, "12"):
        with pytest.raises(ValidationError):
            indicator_set(ward=area.w1, year=2026, kind=ADULTS, value=value, by=area.ward_officer)
    with pytest.raises(ValidationError):
        indicator_set(ward=area.w1, year=1999, kind=ADULTS, value=1, by=area.ward_officer)
    assert not AreaIndicator.objects.exists()


def _xlsx(rows, header=None):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or [str(label) for label in COLUMNS.values()])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("chi-tieu.xlsx", out.getvalue())


GOOD = [
    ["31333", None, 2026, None, 18450, 6120, None, None, None],
    ["Phường Vị Tân", "Khu vực 1", 2026, None, 0, "1.250", None, None, None],
    [None, "khu vuc 2", 2026, 6, 300, None, 95, 40, "Số liệu chính thức"],
]


def test_import_then_reimport_changes_nothing(area):
    result = indicator_import(upload=_xlsx(GOOD), by=area.ward_officer)
    assert (result.changed, result.unchanged) == (7, 0)
    grid = indicators_grid(ward=area.w1, year=2026)
    assert grid[(None, ADULTS)].value == 18450
    assert grid[(None, ADULTS)].source == IndicatorSource.IMPORTED
    assert grid[(area.h1.pk, ADULTS)].value == 0  # 0 imported as 0
    assert grid[(area.h1.pk, HOUSEHOLDS)].value == 1250
    assert (None, IndicatorKind.PORTAL_ACCOUNTS) not in grid  # blank stays empty
    june = indicators_grid(ward=area.w1, year=2026, month=6)
    assert june[(area.h1b.pk, IndicatorKind.VNEID_LEVEL2)].source == IndicatorSource.OFFICIAL
    logged = ModelLogEntry.objects.count()
    again = indicator_import(upload=_xlsx(GOOD), by=area.ward_officer)
    assert (again.changed, again.unchanged) == (0, 7)
    assert ModelLogEntry.objects.count() == logged
    assert AreaIndicator.objects.count() == 7


def test_import_is_all_or_nothing_with_errors_by_row_and_column(area):
    rows = [
        GOOD[0],
        ["31321", None, 2026, None, 10, None, None, None, None],  # Vị Thanh: outside
        ["31333", "Không Có", 2026, None, 10, None, None, None, None],
        ["31333", None, "hai nghìn", None, 10, None, None, None, None],
        ["31333", None, 2025, 13, 10, None, None, None, None],
        ["31333", None, 2027, None, -5, None, None, None, None],
        ["31333", None, 2026, None, 1, None, None, None, None],  # same as row 2
    ]
    with pytest.raises(ValidationError) as refused:
        indicator_import(upload=_xlsx(rows), by=area.ward_officer)
    messages = refused.value.messages
    assert messages == [
        "Dòng 3, cột A: Xã, phường không thuộc phạm vi của bạn.",
        "Dòng 4, cột B: Không có thôn, tổ dân phố này trong xã, phường.",
        "Dòng 5, cột C: Năm phải là số từ 2000 đến 2099.",
        "Dòng 6, cột D: Tháng phải từ 1 đến 12 (để trống: cả năm).",
        "Dòng 7, cột E: Số liệu phải là số nguyên từ 0 trở lên.",
        "Dòng 8, cột E: Trùng với dòng 2.",
    ]
    assert "Vị Thanh" not in " ".join(messages)
    assert not AreaIndicator.objects.exists()


def test_import_needs_its_header(area):
    with pytest.raises(ValidationError, match="cần cột “Năm”"):
        indicator_import(upload=_xlsx([GOOD[0]], header=["a", "b"]), by=area.ward_officer)


# --- Screens ---------------------------------------------------------------------------------


def test_the_grid_saves_zero_and_blank_differently(client, area):
    client.force_login(area.ward_officer)
    url = reverse("support_monthly:indicators")
    query = f"?ward={area.w1.pk}&year=2026&month=0"
    page = client.get(url + query)
    assert page.status_code == 200 and "Khu vực 1" in page.content.decode()
    cells = {f"c_w_{kind}": "" for kind in IndicatorKind.values}
    cells |= {f"c_h{area.h1.pk}_{kind}": "" for kind in IndicatorKind.values}
    cells |= {f"c_h{area.h1b.pk}_{kind}": "" for kind in IndicatorKind.values}
    response = client.post(
        url + query, {**cells, "source": "entered", "c_w_adults": "0", "c_w_households": "710"}
    )
    assert response.status_code == 302
    grid = indicators_grid(ward=area.w1, year=2026)
    assert grid[(None, ADULTS)].value == 0 and grid[(None, HOUSEHOLDS)].value == 710
    assert len(grid) == 2
    client.post(url + query, {**cells, "source": "entered", "c_w_households": "710"})
    assert set(indicators_grid(ward=area.w1, year=2026)) == {(None, HOUSEHOLDS)}


def test_the_grid_of_another_ward_is_not_reachable(client, area):
    indicator_set(ward=area.w1, year=2026, kind=ADULTS, value=777, by=area.ward_officer)
    client.force_login(area.other_ward_officer)
    page = client.get(reverse("support_monthly:indicators") + f"?ward={area.w1.pk}&year=2026")
    text = page.content.decode()
    assert "777" not in text and "Phường Vị Tân" not in text
    response = client.post(
        reverse("support_monthly:indicators") + f"?ward={area.w1.pk}&year=2026",
        {"source": "entered", "c_w_adults": "1"},
    )
    assert AreaIndicator.objects.get().value == 777
    assert response.status_code == 200


def test_import_screen_and_template(client, area):
    indicator_set(ward=area.w1, year=2026, kind=ADULTS, value=18450, by=area.ward_officer)
    client.force_login(area.ward_officer)
    url = reverse("support_monthly:indicators_import")
    template = client.get(url, {"mau": 1, "ward": area.w1.pk, "year": 2026})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Xã, phường (mã hoặc tên)", "Thôn, tổ dân phố", "Năm"]
    assert rows[1][:5] == ["31333", None, 2026, None, 18450]
    assert [r[1] for r in rows[2:]] == ["Khu vực 1", "Khu vực 2"]
    done = client.post(url, {"file": SimpleUploadedFile("mau.xlsx", template.content)})
    assert done.status_code == 302
    bad = client.post(url, {"file": _xlsx([["31321", None, 2026, None, 5]])})
    text = bad.content.decode()
    assert bad.status_code == 200 and "không thuộc phạm vi" in text and "Vị Thanh" not in text
    assert AreaIndicator.objects.count() == 1
