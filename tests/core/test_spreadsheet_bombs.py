"""The reader's memory and time bounds (issue 15, item 1): the audit's bombs, and files at
the edge of every bound, each read in a child process whose address space is capped at what
the interpreter and Django need plus 200 MB. A bomb must end in a Vietnamese refusal within
10 seconds, never in a MemoryError or a stall."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lms.core.spreadsheets import SpreadsheetError, read_rows
from tests.core import xlsx_files as files

HEADROOM = 200 * 1024 * 1024
SECONDS = 10

CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django
    django.setup()
    from lms.core.spreadsheets import SpreadsheetError, read_rows
    import lms.core.spreadsheets.xlsx, lms.core.spreadsheets.csvtext  # loaded before the cap
    import openpyxl.styles.numbers, openpyxl.utils.datetime

    def vm_size():
        for line in open("/proc/self/status"):
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024

    base = vm_size()
    resource.setrlimit(resource.RLIMIT_AS, (base + int(sys.argv[3]), resource.RLIM_INFINITY))
    start = time.monotonic()
    result = {}
    try:
        data = open(sys.argv[1], "rb").read()
        rows = read_rows(data, name=sys.argv[2])
        result["rows"] = sum(1 for _ in rows)
    except SpreadsheetError as exc:
        result["error"] = str(exc)
    except MemoryError:
        result["memory_error"] = True
    result["seconds"] = time.monotonic() - start
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["base_vm_mb"] = base / 1048576
    print(json.dumps(result))
    """
)


def read_capped(tmp_path: Path, data: bytes, name: str) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), name, str(HEADROOM)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


INFLATED = "Tệp Excel khi giải nén lớn hơn 50 MB"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (files.shared_strings_bomb, INFLATED),  # 1 GiB of shared strings in ~1 MB
        (files.whitespace_bomb, INFLATED),  # 1 GiB of spaces in ~1 MB
        (files.empty_rows_bomb, INFLATED),  # 10 million empty rows
    ],
    ids=["shared-strings-1GB", "whitespace-1GB", "empty-rows-10M"],
)
def test_the_audits_bombs_are_refused_within_the_bounds(tmp_path, build, message):
    data = build()
    assert len(data) < 1_200_000
    result = read_capped(tmp_path, data, "bom.xlsx")
    assert message in result.get("error", ""), result
    assert result["seconds"] < SECONDS


def _rows_past_the_cap():
    """Rows numbered one by one, within the ratio and the inflated size: the row cap ends it."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 400_001))
    return files.xlsx(files.SHEET_HEAD + rows + files.SHEET_TAIL)


def _lying_dimension():
    """A <dimension> of 16,384 columns and a million rows, and a styled empty cell in the
    last column of every row: openpyxl pads each row to the dimension."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="XFD{n}" s="1"/></row>'
        for n in range(1, 50_001)
    )
    head = files.SHEET_HEAD.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    return files.xlsx(head + rows + files.SHEET_TAIL)


def _csv_of_max_size():
    """10 MB of semicolon lines, each long: every line is read and checked."""
    line = ";".join(["Nguyễn Văn Tùng", "0912345678", "Khu vực 1", "x" * 900]) + "\n"
    return (line * (10 * 1024 * 1024 // len(line.encode()))).encode()


def _csv_of_max_rows():
    return b"a,b\n" * (2_500_000)


@pytest.mark.parametrize(
    ("build", "name", "rows", "message"),
    [
        (_rows_past_the_cap, "hang.xlsx", None, "Tệp có quá nhiều dòng"),
        (_lying_dimension, "rong.xlsx", 50_000, None),
        (_csv_of_max_size, "lon.csv", None, None),
        (_csv_of_max_rows, "dai.csv", None, "Tệp có quá nhiều dòng"),
    ],
    ids=["rows-past-cap", "lying-dimension", "csv-10MB", "csv-2.5M-lines"],
)
def test_files_at_the_edge_of_the_bounds_stay_within_memory_and_time(
    tmp_path, settings, build, name, rows, message
):
    data = build()
    assert len(data) <= settings.LMS_MAX_IMPORT_SIZE
    result = read_capped(tmp_path, data, name)
    assert "memory_error" not in result, result
    assert result["seconds"] < SECONDS, result
    if message:
        assert message in result.get("error", ""), result
    else:
        assert "error" not in result, result
        assert result["rows"] == rows or (rows is None and result["rows"] > 10_000)


# --- The same bounds, checked in this process (fast) -----------------------------------------


def _message(call):
    with pytest.raises(SpreadsheetError) as error:
        call()
    return str(error.value)


def test_a_member_that_inflates_past_its_declared_size_is_refused():
    """The header says 1 KB; the stream holds 20 MB. Nothing trusts the header."""
    sheet = files.Repeated(
        files.SHEET_HEAD.encode(), b" " * 1024 * 1024, 20, files.SHEET_TAIL.encode(), declared=1024
    )
    data = files.xlsx(sheet)
    assert INFLATED in _message(lambda: read_rows(data, name="ds.xlsx"))


def test_ratio_is_bounded_even_under_the_inflated_limit():
    data = files.whitespace_bomb(chunks=20)  # 20 MB of spaces: under 50 MB, ratio ~1000
    assert INFLATED in _message(lambda: read_rows(data, name="ds.xlsx"))


def test_a_dtd_is_refused():
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
        + files.SHEET_HEAD.split("?>", 1)[1]
        + '<row r="1"><c t="inlineStr"><is><t>&a;</t></is></c></row>'
        + files.SHEET_TAIL
    )
    data = files.xlsx(sheet)
    assert "không phải là bảng tính Excel" in _message(lambda: list(read_rows(data, name="a.xlsx")))


def test_blank_rows_count_toward_the_cap_and_long_blank_runs_are_not_handed_on(monkeypatch):
    from lms.core import spreadsheets

    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row>'
    rows += "".join(f'<row r="{n}"/>' for n in range(2, 3000))
    rows += '<row r="3000"><c r="A3000" t="inlineStr"><is><t>An</t></is></c></row>'
    data = files.xlsx(files.SHEET_HEAD + rows + files.SHEET_TAIL)
    lines = list(read_rows(data, name="a.xlsx"))
    assert lines[0] == (1, ("Họ và tên",)) and lines[-1] == (3000, ("An",))
    assert len(lines) == 2 + spreadsheets.MAX_BLANK_RUN
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 2000)
    message = _message(lambda: list(read_rows(data, name="a.xlsx")))
    assert "Tệp có quá nhiều dòng (tối đa 2000)." in message
    assert "dòng trống" in message
