"""Vietnamese typed in the legacy 8-bit fonts, read back as Unicode.

Government spreadsheets are still typed in the TCVN3 fonts (".VnTime", keyboard "ABC") or the
VNI fonts ("VNI-Times"). The font draws Vietnamese letters, but the file holds Western
characters: TCVN3 "NguyÔn V¨n Tïng" is "Nguyễn Văn Tùng"; VNI "Nguyeãn Vaên Tuøng" is the same
name. Stored as they are, such names can never be searched or matched.

The two tables below are written from the published layouts (TCVN 5712:1993 "VN3", and the
VNI-Windows layout of a base letter followed by its mark), checked against the tables of two
independent converters (xvnkb, viparse) and tested on known strings. ``viparse`` (MIT) was
considered as a dependency and not taken: it is a 0.1 document loader for RAG, while all this
reader needs is two static tables and a test of their result.

Detection never trusts a single character: a column is judged by whether its words become
*Vietnamese syllables* (initial, vowel nucleus, final, at most one tone mark) under each
reading. A clear winner is converted, with a warning; a column that reads well under more
than one reading, or under none, is reported as unsure, and the user chooses.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

UNICODE = "unicode"
TCVN3 = "tcvn3"
VNI = "vni"
UNSURE = "unsure"
LEGACY = (TCVN3, VNI)

# --- TCVN3 (VN3, the ABC keyboard's .VnTime fonts) ------------------------------------------
# One character per letter. The table has no capitals with tone marks: ABC types those in
# the ".VnTimeH" font with the lowercase codes, so they come back lowercase.
_TCVN3_ROWS = {
    "¡¢£¤¥¦§": "ĂÂÊÔƠƯĐ",
    "¨©ª«¬\u00ad®": "ăâêôơưđ",
    "µ¸¶·¹": "àáảãạ",
    "»¾¼½Æ": "ằắẳẵặ",
    "ÇÊÈÉË": "ầấẩẫậ",
    "ÌÐÎÏÑ": "èéẻẽẹ",
    "ÒÕÓÔÖ": "ềếểễệ",
    "×ÝØÜÞ": "ìíỉĩị",
    "ßãáâä": "òóỏõọ",
    "åèæçé": "ồốổỗộ",
    "êíëìî": "ờớởỡợ",
    "ïóñòô": "ùúủũụ",
    "õøö÷ù": "ừứửữự",
    "úýûüþ": "ỳýỷỹỵ",
}
TCVN3_TABLE = {
    legacy: unicode
    for legacies, unicodes in _TCVN3_ROWS.items()
    for legacy, unicode in zip(legacies, unicodes, strict=True)
}

# --- VNI (VNI-Windows fonts) ----------------------------------------------------------------
# A vowel is its base letter followed by one mark character (capitals: a capital mark).
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# base as typed -> (base letter with its own mark, the marks that may follow)
_VNI_BASES = {
    "a": ("a", [(_TONES, ""), (_HAT, "\u0302"), (_BREVE, "\u0306")]),
    "e": ("e", [(_TONES, ""), (_HAT, "\u0302")]),
    "o": ("o", [(_TONES, ""), (_HAT, "\u0302")]),
    "ô": ("o\u031b", [(_TONES, "")]),  # ơ
    "u": ("u", [(_TONES, "")]),
    "ö": ("u\u031b", [(_TONES, "")]),  # ư
    "y": ("y", [(_TONES, "")]),
}
# Letters written as one character: ơ ư đ, the i family, and ỵ.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table():
    table = {}
    for typed, (base, groups) in _VNI_BASES.items():
        for marks, own in groups:
            for mark, tone in marks.items():
                for upper in (False, True):
                    key = typed + mark
                    letter = base + own + tone
                    if upper:
                        key, letter = key.upper(), letter.upper()
                    table[key] = unicodedata.normalize("NFC", letter)
    for typed, letter in _VNI_SINGLE.items():
        table[typed] = letter
        table[typed.upper()] = letter.upper()
    return table


VNI_TABLE = _vni_table()
TABLES = {TCVN3: TCVN3_TABLE, VNI: VNI_TABLE}
_PATTERNS = {
    name: re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    for name, table in TABLES.items()
}

# Characters a Unicode Vietnamese text never holds, but legacy text is full of: Latin-1
# letters and signs other than the Vietnamese ones (à á â ã è é ê ì í ò ó ô õ ù ú ý).
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_SIGNS = "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIETNAMESE_LATIN1)
SIGNS_RE = re.compile("[" + re.escape(_SIGNS) + "]")
# A word: letters, plus the Latin-1 signs TCVN3 uses as letters ("V¨n").
_WORD_RE = re.compile(r"(?:[^\W\d_]|[\u00a1-\u00bf\u00d7\u00f7])+")


def convert(text: str, encoding: str) -> str:
    """``text`` typed in ``encoding`` (``TCVN3`` or ``VNI``) as Unicode (NFC)."""
    table = TABLES[encoding]
    converted = _PATTERNS[encoding].sub(lambda m: table[m.group()], text)
    return unicodedata.normalize("NFC", converted)


def has_signs(text: str) -> bool:
    """Whether ``text`` holds a character Unicode Vietnamese never uses (cheap first test)."""
    return SIGNS_RE.search(text) is not None


# --- What a Vietnamese syllable looks like ------------------------------------------------
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_INITIALS = "ngh|ng|gh|nh|ch|kh|ph|th|tr|gi|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê "
    "ui uô uơ uy ưa ưi ươ ưu yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu"
).split()
_FINALS = "ch|nh|ng|c|m|n|p|t"
_NUCLEUS = "|".join(sorted(_NUCLEI, key=len, reverse=True))
_SYLLABLE_RE = re.compile(f"(?:{_INITIALS})?(?:{_NUCLEUS})(?:{_FINALS})?")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable (at most one tone mark)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(mark) for mark in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE_RE.fullmatch(bare) is not None


def _evidence(text: str):
    """The words of ``text`` that read differently under the readings, as (unicode, tcvn3,
    vni) flags of "is a syllable"."""
    for word in _WORD_RE.findall(text):
        if word.isascii() or not any(c.isalpha() for c in word):
            continue
        readings = (word, convert(word, TCVN3), convert(word, VNI))
        if readings[0] == readings[1] == readings[2]:
            continue
        yield tuple(is_syllable(r) for r in readings)


def _scores(texts: Iterable[str]):
    scores = Counter()
    words = 0
    for text in texts:
        for flags in _evidence(text):
            words += 1
            for name, ok in zip((UNICODE, TCVN3, VNI), flags, strict=True):
                scores[name] += ok
    return words, scores


def judge(texts: Iterable[str]) -> str:
    """The reading of a column's texts: ``UNICODE`` (leave them), ``TCVN3`` or ``VNI``
    (convert, clearly better), or ``UNSURE`` (signs of a legacy font, no clear reading)."""
    texts = [t for t in texts if has_signs(t)]
    if not texts:
        return UNICODE
    words, scores = _scores(texts)
    first, second = sorted(LEGACY, key=lambda name: scores[name], reverse=True)
    if scores[UNICODE] >= scores[first]:
        return UNICODE
    margin = max(1, 0.2 * words)
    if (
        scores[first] >= 0.8 * words
        and scores[first] - scores[second] >= margin
        and scores[first] - scores[UNICODE] >= margin
    ):
        return first
    return UNSURE


def reads_better(text: str, encoding: str) -> bool:
    """Whether one cell of a column judged (or chosen) ``encoding`` should be converted: it
    reads better converted, or as well and it holds characters Unicode never uses. A cell
    typed in Unicode in a legacy column ("Họ và tên" above TCVN3 names) is left alone."""
    if text.isascii():
        return False
    words, scores = _scores([text])
    if not words:
        return False
    if scores[encoding] != scores[UNICODE]:
        return scores[encoding] > scores[UNICODE]
    return has_signs(text)
