"""PDFs checked with the programs people use on them: poppler (pdftotext, pdffonts, pdftoppm,
pdfinfo) and zbarimg for QR codes."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdffonts", "pdfinfo")),
    reason="poppler-utils is not installed",
)
needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools missing")


def _run(args, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        return subprocess.run([*args, str(path)], capture_output=True, check=True, text=True).stdout


def page_count(data):
    info = _run(["pdfinfo"], data)
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def page_text(data, page=None):
    """The text of one page (1-based) or of the whole document, whitespace collapsed."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    return " ".join(out.split())


def fonts(data):
    """(name, embedded) for every font the PDF names, as pdffonts lists them."""
    lines = _run(["pdffonts"], data).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object ID: "emb" is the 5th field from the end.
        rows.append((parts[0], parts[-5] == "yes"))
    return rows


def not_embedded(data):
    return [name for name, embedded in fonts(data) if not embedded]


def first_page_png(data, *, dpi=200):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(path), f"{tmp}/p"],
            check=True,
        )
        return next(Path(tmp).glob("p*.png")).read_bytes()


def qr_codes(data, *, dpi=200):
    """Every QR code zbarimg decodes on the first page."""
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "page.png"
        image.write_bytes(first_page_png(data, dpi=dpi))
        out = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        ).stdout
    return [line for line in out.splitlines() if line.strip()]


def last_ink_fraction(data, *, dpi=40):
    """How far down the first page (0 to 1) the lowest non-white pixel is."""
    import io

    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(first_page_png(data, dpi=dpi))).convert("L")
    box = ImageOps.invert(image).point(lambda v: 255 if v > 40 else 0).getbbox()
    return box[3] / image.height if box else 0.0
