"""Turn an uploaded file's bytes into page images, refusing bad input with a readable reason.

The type is sniffed from the bytes, never taken from the file name or the browser's content type:
a text file renamed `.png` must fail here, not deep inside Tesseract. Every limit (pixels, pages) is
checked from headers before anything large is decoded, so a decompression bomb costs nothing.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image, ImageOps, ImageSequence

# A 300-DPI A3 page is about 17.5 megapixels; 50 leaves room for large scans while a
# 30,000 x 30,000 bomb (900 megapixels) is refused from its header alone.
DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_MAX_PAGES = 20
PDF_DPI = 300

# Magic numbers of the accepted types, and of a few common wrong ones so the reason can name them.
_ACCEPTED = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"%PDF-", "pdf"),
)
_KNOWN_WRONG = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
)
SUPPORTED = "PNG, JPEG, TIFF or PDF"


class BadInput(Exception):
    """The upload cannot be processed; `reason` is a sentence to show the person who sent it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sniff_type(data: bytes) -> str:
    """Return "png", "jpeg", "tiff" or "pdf" from the leading bytes, or raise BadInput."""
    if not data:
        raise BadInput("the file is empty")
    for magic, kind in _ACCEPTED:
        if data.startswith(magic):
            return kind
    for magic, what in _KNOWN_WRONG:
        if data.startswith(magic):
            raise BadInput(f"this is {what}, not a {SUPPORTED} file")
    if _looks_like_text(data[:4096]):
        raise BadInput(f"this is a text file, not a {SUPPORTED} file (was it renamed?)")
    raise BadInput(f"unrecognised file type: not a {SUPPORTED} file")


def rasterise(
    data: bytes,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    pdf_dpi: int = PDF_DPI,
) -> list[Image.Image]:
    """Decode every page of a PNG, JPEG, (multi-page) TIFF or PDF into a PIL image.

    Raises BadInput for empty, unsupported, damaged, too large, too long or encrypted files.
    """
    kind = sniff_type(data)
    if kind == "pdf":
        return list(_pdf_pages(data, max_pages=max_pages, max_pixels=max_pixels, dpi=pdf_dpi))
    return list(_image_pages(data, max_pages=max_pages, max_pixels=max_pixels))


def count_pages(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> int:
    """Pages in the file without decoding them (for validating an upload before queueing it)."""
    kind = sniff_type(data)
    if kind == "pdf":
        with _open_pdf(data) as pdf:
            return len(pdf)
    image = _open_image(data, max_pixels=max_pixels)
    return getattr(image, "n_frames", 1)


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(byte >= 0x20 or byte in b"\t\n\r\f" for byte in head)


def _too_large(width: int, height: int, max_pixels: int) -> BadInput:
    megapixels = width * height / 1e6
    return BadInput(
        f"image too large: {megapixels:,.0f} megapixels ({width} x {height}), the limit is {max_pixels / 1e6:,.0f}"
    )


def _open_image(data: bytes, *, max_pixels: int) -> Image.Image:
    """Open lazily (header only) and check the pixel count before any decoding."""
    try:
        # Pillow's own bomb check uses a process-wide global; ours is explicit, so silence its warning
        # and keep its error as a second line of defence.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        # Pillow refuses before we can read the size ourselves; its message carries the pixel count.
        claimed = re.search(r"\((\d+) pixels\)", str(error))
        pixels = int(claimed.group(1)) if claimed else 0
        raise BadInput(
            f"image too large: {pixels / 1e6:,.0f} megapixels, the limit is {max_pixels / 1e6:,.0f}"
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise BadInput(f"the image is damaged and cannot be read ({error})") from error
    if image.width * image.height > max_pixels:
        raise _too_large(image.width, image.height, max_pixels)
    return image


def _image_pages(data: bytes, *, max_pages: int, max_pixels: int) -> Iterator[Image.Image]:
    image = _open_image(data, max_pixels=max_pixels)
    frames = getattr(image, "n_frames", 1)
    if frames > max_pages:
        raise BadInput(f"too many pages: {frames}, the limit is {max_pages}")
    for frame in ImageSequence.Iterator(image):
        # Each TIFF frame has its own size, so the limit is checked again per page.
        if frame.width * frame.height > max_pixels:
            raise _too_large(frame.width, frame.height, max_pixels)
        try:
            frame.load()
            page = frame.copy()
        except (OSError, SyntaxError, ValueError) as error:
            raise BadInput(f"the image is damaged or truncated and cannot be read ({error})") from error
        # Phone photos store their orientation in EXIF; apply it so OSD starts from what people see.
        yield _normalise_mode(ImageOps.exif_transpose(page))


def _normalise_mode(image: Image.Image) -> Image.Image:
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("1", "I;16", "I", "F"):
        return image.convert("L")
    return image.convert("RGB")


def _open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise BadInput("the PDF is encrypted (password-protected); upload an unprotected copy") from error
        raise BadInput(f"the PDF is damaged and cannot be read ({error})") from error


def _pdf_pages(data: bytes, *, max_pages: int, max_pixels: int, dpi: int) -> Iterator[Image.Image]:
    pdf = _open_pdf(data)
    try:
        if len(pdf) == 0:
            raise BadInput("the PDF has no pages")
        if len(pdf) > max_pages:
            raise BadInput(f"too many pages: {len(pdf)}, the limit is {max_pages}")
        scale = dpi / 72  # PDF sizes are in points
        for index in range(len(pdf)):
            page = pdf[index]
            width_pt, height_pt = page.get_size()
            # Checked before rendering: a page declared 200 inches wide is a bomb too.
            width, height = round(width_pt * scale), round(height_pt * scale)
            if width * height > max_pixels:
                raise _too_large(width, height, max_pixels)
            bitmap = page.render(scale=scale, grayscale=True)
            yield _normalise_mode(bitmap.to_pil())
            page.close()
    finally:
        pdf.close()
