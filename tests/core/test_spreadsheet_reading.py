"""What the hardened reader accepts and refuses, cell by cell (issue 15, items 8, 9, 13, 14):
control characters named by cell anywhere in the file, UTF-16 and Windows-1258 CSV, the
delimiter Excel's Vietnamese locale writes, columns and cell length, legacy fonts."""

import codecs

import pytest

from lms.core import vnlegacy
from lms.core.spreadsheets import EncodingUnsure, SpreadsheetError, raise_if_unsure, read_rows
from tests.core import xlsx_files as files


def _message(call):
    with pytest.raises(SpreadsheetError) as error:
        call()
    return str(error.value)


def _csv(text, encoding="utf-8-sig"):
    return read_rows(text.encode(encoding), name="ds.csv")


# --- control characters ------------------------------------------------------------------


def test_a_nul_far_into_a_csv_is_refused_naming_its_cell():
    lines = ["Họ và tên,Số điện thoại,Ghi chú"] + [
        f"Người {n},09120000{n:02d},x" for n in range(4000)
    ]
    lines[3500] = "Người A,0912000099,ab\x00c"
    text = "\n".join(lines) + "\n"
    assert text.index("\x00") > 64 * 1024
    message = _message(lambda: _csv(text))
    assert "Ô C3501" in message and "U+0000" in message


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x85"])
def test_other_control_characters_are_refused_but_tab_and_newline_kept(char):
    assert "Ô B2" in _message(lambda: _csv(f"a,b\nx,y{char}z\n"))
    rows = list(_csv('a,b\nx,"y\tz\nw"\n'))
    assert rows[1] == (2, ["x", "y\tz\nw"])


def test_a_control_character_in_an_xlsx_cell_is_refused_naming_its_cell():
    """Excel writes characters XML cannot hold as _xHHHH_; a NUL so comes back."""
    data = files.xlsx(files.sheet_xml([["Họ và tên", "Ghi chú"], ["An", "a_x0000_b"]]))
    assert "Ô B2" in _message(lambda: list(read_rows(data, name="ds.xlsx")))


# --- encodings and delimiters (items 13 and 14) ------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_decoded(encoding):
    text = "Họ và tên\tSố điện thoại\nNguyễn Văn Tùng\t0912345678\n"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    rows = list(read_rows(data, name="ds.csv"))
    assert rows == [(1, ["Họ và tên", "Số điện thoại"]), (2, ["Nguyễn Văn Tùng", "0912345678"])]


def test_a_utf16_csv_without_bom_is_recognised():
    rows = list(read_rows("Họ và tên,SĐT\nAn,09\n".encode("utf-16-le"), name="ds.csv"))
    assert rows[0] == (1, ["Họ và tên", "SĐT"])


def test_semicolons_win_over_a_comma_in_every_line():
    """Excel in the vi-VN locale writes ";"; a note with a comma on every line made Python's
    sniffer choose ","."""
    text = (
        "Họ và tên;Số điện thoại;Ghi chú (nếu có, ghi rõ)\n"
        "Nguyễn Văn An;0912345678;tổ trưởng, nhiệt tình\n"
        "Trần Thị Bình;0912345679;tổ viên, mới\n"
    )
    rows = list(_csv(text))
    assert rows[0] == (1, ["Họ và tên", "Số điện thoại", "Ghi chú (nếu có, ghi rõ)"])
    assert rows[2] == (3, ["Trần Thị Bình", "0912345679", "tổ viên, mới"])


def test_an_undecodable_csv_is_refused_in_vietnamese():
    assert "bảng mã" in _message(lambda: read_rows(b"a,b\n\x81\x8d\x8f\n", name="ds.csv"))


# --- columns and cell length ---------------------------------------------------------------


def test_columns_past_the_bound_are_refused_only_when_they_hold_data():
    wide = ",".join(["x"] * 201)
    assert "quá nhiều cột" in _message(lambda: list(_csv(f"a\n{wide}\n")))
    padded = "a,b" + "," * 400 + "\n"
    assert list(_csv(padded))[0][1][:2] == ["a", "b"]


def test_a_cell_past_1000_characters_is_refused_naming_it():
    message = _message(lambda: list(_csv("a,b\nx," + "y" * 1001 + "\n")))
    assert "Ô B2 dài quá 1.000 ký tự." in message
    data = files.xlsx(files.sheet_xml([["a"]]), ["z" * 1001])
    data = files.xlsx(
        files.SHEET_HEAD + '<row r="1"><c r="C1" t="s"><v>0</v></c></row>' + files.SHEET_TAIL,
        ["z" * 1001],
    )
    assert "Ô C1 dài quá" in _message(lambda: list(read_rows(data, name="ds.xlsx")))


def test_xlsx_values_keep_their_types():
    sheet = (
        files.SHEET_HEAD
        + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>912345678</v></c>'
        + '<c r="C1"><v>1.5</v></c><c r="D1" t="b"><v>1</v></c></row>'
        + files.SHEET_TAIL
    )
    rows = list(read_rows(files.xlsx(sheet, ["Tùng"]), name="ds.xlsx"))
    assert rows == [(1, ("Tùng", 912345678, 1.5, True))]


# --- legacy fonts (item 9) -----------------------------------------------------------------

TCVN3_NAMES = {
    "NguyÔn V¨n Tïng": "Nguyễn Văn Tùng",
    "Lª ThÞ Hµ": "Lê Thị Hà",
    "Hå ChÝ Minh": "Hồ Chí Minh",
}
# Built from the VNI table: a base letter followed by its mark.
VNI_NAMES = {
    "Nguyeãn Vaên Tuøng": "Nguyễn Văn Tùng",
    "Traàn Thò Mai": "Trần Thị Mai",
    "Ñoã Quoác Vieät": "Đỗ Quốc Việt",
    "Phaïm Thò Hueä": "Phạm Thị Huệ",
    "Löu Vaên Ñöôïc": "Lưu Văn Được",
}


@pytest.mark.parametrize(("legacy", "unicode"), list(TCVN3_NAMES.items()))
def test_tcvn3_table(legacy, unicode):
    assert vnlegacy.convert(legacy, vnlegacy.TCVN3) == unicode


@pytest.mark.parametrize(("legacy", "unicode"), list(VNI_NAMES.items()))
def test_vni_table(legacy, unicode):
    assert vnlegacy.convert(legacy, vnlegacy.VNI) == unicode


def test_every_vietnamese_letter_has_one_vni_spelling():
    letters = set(vnlegacy.VNI_TABLE.values()) | set("aeiouy")
    assert {"ẳ", "Ẳ", "ỵ", "Ỵ", "ĩ", "Ị"} <= letters
    assert len(vnlegacy.VNI_TABLE) == len(set(vnlegacy.VNI_TABLE))


def _column(rows, encoding="auto"):
    text = "Họ và tên;Số điện thoại\n" + "".join(
        f"{name};09{n:08d}\n" for n, name in enumerate(rows)
    )
    lines = read_rows(text.encode("utf-8-sig"), name="ds.csv", encoding=encoding)
    values = [values[0] for _n, values in lines]
    return values, lines


def test_a_tcvn3_column_is_converted_with_a_visible_warning():
    values, lines = _column(list(TCVN3_NAMES))
    assert values == ["Họ và tên", *TCVN3_NAMES.values()]
    assert lines.warnings == [
        "Cột A có vẻ được gõ bằng phông TCVN3 (ABC); đã chuyển sang Unicode. "
        "Kiểm tra lại trước khi xác nhận."
    ]
    assert lines.encoding_unsure is False


def test_a_vni_column_is_converted_and_unicode_cells_beside_it_are_left_alone():
    values, lines = _column([*VNI_NAMES, "Lê Thị Hà"])
    assert values == ["Họ và tên", *VNI_NAMES.values(), "Lê Thị Hà"]
    assert "phông VNI" in lines.warnings[0]


def test_unicode_text_is_never_converted():
    names = ["Nguyễn Văn Tùng", "Phú Hùng", "Müller Tú", "Lý Thị Tố Nga"]
    values, lines = _column(names)
    assert values[1:] == names and lines.warnings == [] and not lines.encoding_unsure


def test_mixed_signals_ask_the_user_and_convert_nothing():
    """TCVN3 and VNI in one column: no reading is clearly right."""
    mixed = ["NguyÔn V¨n Tïng", "Nguyeãn Vaên Tuøng"]
    values, lines = _column(mixed)
    assert values[1:] == mixed
    assert lines.encoding_unsure is True
    assert any("Hãy chọn bảng mã" in w for w in lines.warnings)
    with pytest.raises(EncodingUnsure):
        raise_if_unsure(lines)


def test_the_chosen_encoding_is_applied_and_said():
    values, lines = _column(["NguyÔn V¨n Tïng", "Nguyeãn Vaên Tuøng"], encoding="tcvn3")
    assert values[1] == "Nguyễn Văn Tùng" and values[0] == "Họ và tên"
    assert "theo bảng mã đã chọn" in lines.warnings[0] and not lines.encoding_unsure
    values, lines = _column(["NguyÔn V¨n Tïng"], encoding="unicode")
    assert values[1] == "NguyÔn V¨n Tïng" and lines.warnings == []


def test_tcvn3_in_an_xlsx_and_in_a_windows_1258_csv():
    data = files.xlsx(files.sheet_xml([["Họ và tên"], *[[n] for n in TCVN3_NAMES]]))
    rows = list(read_rows(data, name="ds.xlsx"))
    assert [v[0] for _n, v in rows[1:]] == list(TCVN3_NAMES.values())
    # Excel's plain "CSV" on a Vietnamese Windows writes the font's characters as cp1258 bytes.
    legacy = "Ho ten\nNguyÔn V¨n Tïng\nLª ThÞ Hµ\n".encode("cp1252")
    rows = list(read_rows(legacy, name="ds.csv"))
    assert [v[0] for _n, v in rows[1:]] == ["Nguyễn Văn Tùng", "Lê Thị Hà"]
