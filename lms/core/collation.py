"""Vietnamese alphabetical order for names and administrative units, on both databases.

Byte order puts "Đà Nẵng" after "Vĩnh Long" (Đ is U+0110) and "Ánh" far from "Anh". The
Vietnamese alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tones only
break ties, in dictionary order: none, huyền (`), hỏi (?), ngã (~), sắc (´), nặng (.).

- PostgreSQL: the ICU collation ``vi_icu`` (locale "vi"), created by the migration
  ``teams.0004_vietnamese_collation``. It is deterministic, so equality and unique constraints
  behave as before.
- SQLite: a collation of the same name, registered on every new connection, that compares
  :func:`sort_key` (the same rules as ICU's "vi": letters, then tones, then case).

Queries use ``Collate(field, VI_COLLATION)`` through :func:`vi` and :func:`vi_ordering`, so the
same SQL runs on both.
"""

import unicodedata
from functools import lru_cache

from django.db.backends.signals import connection_created
from django.db.models import CharField, F, TextField
from django.db.models.functions import Collate

VI_COLLATION = "vi_icu"

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {letter: index for index, letter in enumerate(ALPHABET)}
# Marks that make a different letter (ă â ê ô ơ ư) and the tone marks, in dictionary order.
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Primary groups, as in ICU's root order: spaces and punctuation, then digits, then letters.
_PUNCT, _DIGIT, _LETTER_GROUP, _OTHER = 0, 1, 2, 3


@lru_cache(maxsize=65536)
def sort_key(text):
    """A key that sorts Vietnamese text the way ICU's "vi" collation does.

    Compared level by level: the letters (with ă, â, đ, ê, ô, ơ, ư as letters of their own),
    then the tones from left to right, then lower case before upper case; the text itself
    breaks the last tie, so two different strings never compare equal.
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    primary, secondary, tertiary = [], [], []
    for cluster in _clusters(unicodedata.normalize("NFD", text)):
        base, marks = cluster[0], cluster[1:]
        lower = base.lower()
        tone = 0
        modifiers = ""
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _MODIFIERS:
                modifiers += mark
        letter = unicodedata.normalize("NFC", lower + modifiers)
        if letter in _LETTER:
            primary.append((_LETTER_GROUP, _LETTER[letter]))
        elif lower.isdigit():
            primary.append((_DIGIT, int(lower) if lower.isdecimal() else ord(lower)))
        elif lower.isalpha():
            primary.append((_OTHER, ord(letter[0])))
        else:
            primary.append((_PUNCT, ord(lower)))
        secondary.append(tone)
        tertiary.append(0 if base == lower else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def _clusters(decomposed):
    cluster = ""
    for char in decomposed:
        if cluster and unicodedata.combining(char):
            cluster += char
            continue
        if cluster:
            yield cluster
        cluster = char
    if cluster:
        yield cluster


def compare(left, right):
    """SQLite collation callback: negative, zero or positive, like ``strcmp``."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VI_COLLATION, compare)


# Connected when this module is first imported, which the unit models do while Django loads,
# before any connection is opened.
connection_created.connect(register_sqlite_collation, dispatch_uid="lms.core.collation")


# -- Query helpers ------------------------------------------------------------------------------


def vi(field):
    """``field`` in Vietnamese order: ``order_by(vi("name"))`` or ``vi("-name")``."""
    descending = field.startswith("-")
    expression = Collate(F(field.lstrip("-")), VI_COLLATION)
    return expression.desc() if descending else expression.asc()


# Text columns that hold codes, not words: byte order is already right for them.
_CODE_LIKE = ("code", "key", "phone", "slug", "number", "suffix", "token")


def _is_text(model, path):
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:
            return False
        if field.is_relation:
            if field.related_model is None:
                return False
            model = field.related_model
    return (
        isinstance(field, CharField | TextField)
        and not field.choices
        and not field.name.endswith(_CODE_LIKE)
    )


def vi_ordering(model, ordering):
    """Replace each text field in ``ordering`` (names such as "name", "-ward__name",
    "member__full_name") by its Vietnamese-collated expression; codes, dates and choice
    fields are left as they are."""
    result = []
    for item in ordering:
        if (
            isinstance(item, str)
            and item.lstrip("-") not in ("?", "pk")
            and _is_text(model, item.lstrip("-"))
        ):
            result.append(vi(item))
        else:
            result.append(item)
    return result


def vi_ordered(queryset, *ordering):
    """``queryset.order_by(*ordering)`` with names in Vietnamese order. Without ``ordering``,
    the queryset's current ordering (or its model's default ordering) is collated."""
    if not ordering:
        ordering = queryset.query.order_by or (
            queryset.model._meta.ordering if queryset.query.default_ordering else ()
        )
    return queryset.order_by(*vi_ordering(queryset.model, ordering))


class VietnameseOrderingMixin:
    """For Wagtail listing views: the default order and the column sorting (?ordering=name)
    put names in Vietnamese order instead of byte order."""

    def order_queryset(self, queryset):
        return vi_ordered(super().order_queryset(queryset))


def vi_sorted(items, key=lambda item: item):
    """Sort Python objects by a text key in Vietnamese order (for lists built in memory)."""
    return sorted(items, key=lambda item: sort_key(key(item)))
