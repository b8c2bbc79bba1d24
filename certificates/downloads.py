"""A course's or session's certificates as one ZIP, with the list of what it holds.

Expired certificates are left out unless asked for (``include_expired``): a ZIP is usually
downloaded to print or hand out, and an expired certificate handed out as if valid is the
mistake to avoid. Whatever is chosen, the ZIP carries ``danh-sach.csv``: every certificate
of the course (or session) in the user's scope, its state ("Còn hiệu lực" / "Đã hết hạn")
and whether its PDF is in the ZIP, so nobody has to guess why a file is missing. Included
expired PDFs sit in a ``het-han/`` folder.
"""

import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.exports import csv_bytes
from lms.core.text import fold

from .services import certificate_pdf_ensure

LIST_NAME = "danh-sach.csv"
EXPIRED_FOLDER = "het-han/"


def split_expired(certificates, *, today=None):
    """(valid today, expired) from certificates that are not revoked."""
    today = today or timezone.localdate()
    valid, expired = [], []
    for certificate in certificates:
        is_expired = certificate.expires_on is not None and certificate.expires_on < today
        (expired if is_expired else valid).append(certificate)
    return valid, expired


def pdf_name(certificate):
    holder = fold(certificate.holder_name).replace(" ", "-") or "an-danh"
    return f"{certificate.number.replace('/', '-')}_{holder}.pdf"


def _list_rows(valid, expired, *, include_expired):
    yes, no = _("Có"), _("Không")
    rows = [
        [
            _("Số"),
            _("Họ và tên"),
            _("Ngày cấp"),
            _("Có giá trị đến"),
            _("Tình trạng"),
            _("Có trong tệp ZIP"),
            _("Tên tệp"),
        ]
    ]
    for certificate, is_expired in [(c, False) for c in valid] + [(c, True) for c in expired]:
        included = include_expired or not is_expired
        name = (EXPIRED_FOLDER if is_expired else "") + pdf_name(certificate)
        rows.append(
            [
                certificate.number,
                certificate.holder_name,
                certificate.issued_on.strftime("%d/%m/%Y"),
                certificate.expires_on.strftime("%d/%m/%Y") if certificate.expires_on else "",
                _("Đã hết hạn") if is_expired else _("Còn hiệu lực"),
                yes if included else no,
                name if included else "",
            ]
        )
    return rows


def certificates_zip(*, valid, expired, include_expired=False, request=None) -> bytes:
    """The ZIP of ``valid`` (and ``expired`` when asked) with its list file. PDFs not made
    yet, or outdated, are made and stored on the way."""
    buffer = io.BytesIO()
    # PDFs are already compressed: storing them is as small and much faster.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(
            LIST_NAME, csv_bytes(_list_rows(valid, expired, include_expired=include_expired))
        )
        members = [(c, "") for c in valid]
        if include_expired:
            members += [(c, EXPIRED_FOLDER) for c in expired]
        for certificate, folder in members:
            certificate_pdf_ensure(certificate=certificate, request=request)
            with certificate.pdf.open("rb") as handle:
                archive.writestr(folder + pdf_name(certificate), handle.read())
    return buffer.getvalue()
