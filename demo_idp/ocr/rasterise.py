"""Turn an uploaded file's bytes into page images, refusing bad input with a readable reason.

The type is sniffed from the bytes (intake/sniff.py). Every limit (pixels, pages) is checked from
headers before anything large is decoded, so a decompression bomb costs nothing. The limits are
the settings' (intake/limits.py) unless a caller gives its own.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image, ImageOps, ImageSequence

from ..intake.limits import Limits
from ..intake.sniff import BadInput, sniff_type

__all__ = ["BadInput", "PDF_DPI", "count_pages", "rasterise", "sniff_type"]

PDF_DPI = 300


def rasterise(
    data: bytes,
    *,
    max_pages: int | None = None,
    max_pixels: int | None = None,
    pdf_dpi: int = PDF_DPI,
) -> list[Image.Image]:
    """Decode every page of a PNG, JPEG, (multi-page) TIFF or PDF into a PIL image.

    Raises BadInput for empty, unsupported, damaged, too large, too long or encrypted files.
    A limit not given is the setting's (IDP_MAX_PAGES, IDP_MAX_MEGAPIXELS).
    """
    limits = Limits.from_settings()
    max_pages = limits.max_pages if max_pages is None else max_pages
    max_pixels = limits.max_pixels if max_pixels is None else max_pixels
    kind = sniff_type(data)
    if kind == "pdf":
        return list(_pdf_pages(data, max_pages=max_pages, max_pixels=max_pixels, dpi=pdf_dpi))
    return list(_image_pages(data, max_pages=max_pages, max_pixels=max_pixels))


def count_pages(data: bytes, *, max_pixels: int | None = None) -> int:
    """Pages in the file without decoding them (for validating an upload before queueing it)."""
    max_pixels = Limits.from_settings().max_pixels if max_pixels is None else max_pixels
    kind = sniff_type(data)
    if kind == "pdf":
        with _open_pdf(data) as pdf:
            return len(pdf)
    image = _open_image(data, max_pixels=max_pixels)
    return getattr(image, "n_frames", 1)


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
