"""Dates as official documents write them."""

from django.utils.translation import gettext as _

BLANK_PLACE = "……………"


def official_date_line(place, day):
    """The place-and-date line above a signature: "Cần Thơ, ngày 05 tháng 02 năm 2026".

    Day and month always have two digits, as the rules for administrative documents ask. With
    no place, a dotted blank is left for the signer to fill in by hand.
    """
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {
        "place": place or BLANK_PLACE,
        "d": f"{day:%d}",
        "m": f"{day:%m}",
        "y": f"{day:%Y}",
    }
