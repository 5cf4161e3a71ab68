"""Image clean-up before OCR: greyscale, inversion, upscaling, deskew and form-line removal.

Each step is a plain function on PIL images (numpy/OpenCV inside) so it can be tested on its own
and timed by the pipeline. Which steps run, and their parameters, were chosen by measuring on
FUNSD (demo_idp/EVALUATION.md); steps that did not help there (Otsu or adaptive binarisation,
median blur, unsharp masking) are deliberately absent.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageOps

WHITE = 255


def to_grey(image: Image.Image) -> Image.Image:
    """8-bit greyscale, flattening any alpha onto white (a transparent PNG is black underneath)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (WHITE, WHITE, WHITE, WHITE))
        image = Image.alpha_composite(background, image)
    return image.convert("L") if image.mode != "L" else image


def is_inverted(image: Image.Image) -> bool:
    """True when the page is light text on a dark background.

    Judged by the share of pixels on the dark side of the Otsu threshold: on a normal page ink
    covers well under half the area, so a majority of dark pixels means the page is negative.
    """
    pixels = np.asarray(to_grey(_thumbnail(image, 1000)))
    threshold, _ = cv2.threshold(pixels, 0, WHITE, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float((pixels <= threshold).mean()) > 0.5


def uninvert(image: Image.Image) -> tuple[Image.Image, bool]:
    """Return (image with dark text on light background, whether it was inverted)."""
    grey = to_grey(image)
    if is_inverted(grey):
        return ImageOps.invert(grey), True
    return grey, False


def upscale_factor(size: tuple[int, int], *, target_long_side: int, max_factor: float) -> float:
    """How much to enlarge a page so its long side reaches target_long_side (1.0 = leave it).

    Size-based rather than glyph-based so the factor is the same whichever way up the page is
    (OSD runs on the upscaled page). FUNSD's 100-dpi pages (1000 px) get 2x, which measured best;
    a 300-dpi A4 page (3508 px) is left alone. Small enlargements are not worth the resampling.
    """
    factor = min(max_factor, target_long_side / max(size))
    return factor if factor >= 1.25 else 1.0


def upscale(image: Image.Image, factor: float) -> Image.Image:
    """Enlarge with LANCZOS (sharper strokes than bicubic: CER 0.166 vs 0.184 on FUNSD)."""
    if factor == 1.0:
        return image
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.Resampling.LANCZOS)


def find_skew(image: Image.Image, *, max_angle: float = 10.0) -> float:
    """Angle in degrees (counter-clockwise positive) by which the text lines are tilted.

    Projection-profile search: rotate a downscaled, binarised copy over candidate angles and keep
    the one whose row (or column) sums are most peaked: text lines aligned with pixel rows give sharp
    peaks, and a page turned 90 degrees gives them in its columns.
    A coarse 0.5-degree pass on a <=600 px copy, then a 0.1-degree pass around the best on a
    <=1200 px copy: half the time of both passes at 1200 px, and the same angle on 75 FUNSD pages
    turned 0, 5 and -3 degrees. Works on forms too, where table rules reinforce the lines.
    """
    grey = to_grey(image)
    small = _ink_mask(_thumbnail(grey, 600))
    coarse = np.arange(-max_angle, max_angle + 0.01, 0.5)
    best = max(coarse, key=lambda angle: _profile_score(small, angle))
    ink = _ink_mask(_thumbnail(grey, 1200))
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    best = max(fine, key=lambda angle: _profile_score(ink, angle))
    return round(float(best), 2)


def rotate(image: Image.Image, angle: float) -> Image.Image:
    """Rotate counter-clockwise by angle degrees, growing the canvas and filling with white."""
    if angle % 360 == 0:
        return image
    if angle % 90 == 0:
        # Lossless for right angles: no resampling, so a turned page OCRs exactly like the original.
        method = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
        return image.transpose(method[int(angle % 360)])
    fill = WHITE if image.mode == "L" else (WHITE,) * len(image.getbands())
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)


def deskew(image: Image.Image, *, max_angle: float = 10.0, min_angle: float = 0.2) -> tuple[Image.Image, float]:
    """Return (straightened image, skew angle found); angles under min_angle are left alone."""
    angle = find_skew(image, max_angle=max_angle)
    if abs(angle) < min_angle:
        return image, angle
    return rotate(image, -angle), angle


def remove_lines(image: Image.Image, *, min_length_ratio: float = 1 / 15) -> Image.Image:
    """Paint long horizontal and vertical rules white.

    Form boxes and underlines make Tesseract split or merge lines and read rules as characters
    ("|", "_"); removing them took FUNSD's median CER from 0.166 to 0.136. Only runs of ink at least
    min_length_ratio of the page's width (or height) count as rules, so letters are untouched.
    """
    pixels = np.asarray(to_grey(image))
    ink = cv2.adaptiveThreshold(pixels, WHITE, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    height, width = pixels.shape
    horizontal = cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, int(width * min_length_ratio)), 1))
    vertical = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(10, int(height * min_length_ratio))))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, horizontal) | cv2.morphologyEx(ink, cv2.MORPH_OPEN, vertical)
    # Grow the mask a little: anti-aliased edges of a rule would otherwise survive as grey dashes.
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    cleaned = pixels.copy()
    cleaned[rules > 0] = WHITE
    return Image.fromarray(cleaned)


def _thumbnail(image: Image.Image, max_side: int) -> Image.Image:
    if max(image.size) <= max_side:
        return image
    small = image.copy()
    small.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    return small


def _ink_mask(image: Image.Image) -> np.ndarray:
    pixels = np.asarray(image)
    _, ink = cv2.threshold(pixels, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink.astype(np.uint8)


def _profile_score(ink: np.ndarray, angle: float) -> float:
    """Sum of squared differences between neighbouring row (or column) sums after rotating by -angle."""
    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
    # Columns too: deskewing runs before orientation, when the text may still run top to bottom.
    rows = turned.sum(axis=1, dtype=np.int64)
    cols = turned.sum(axis=0, dtype=np.int64)
    return float(max(np.square(np.diff(rows)).sum(), np.square(np.diff(cols)).sum()))
