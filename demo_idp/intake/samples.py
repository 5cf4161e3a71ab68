"""The project's own sample scans: form-like pages rendered with Pillow, with their ground truth.

Tests and the browser journey use these instead of FUNSD, whose licence keeps it out of the repo.
Every page is reproducible from its seed; the harder variants (noise, low resolution, turned,
skewed, inverted) are made from the same clean page so their ground truth is identical.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from ..ocr import preprocess

# Debian's fonts-dejavu-core / fonts-liberation; the first one present is used.
FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)

_FIELDS = (
    "Invoice number", "Customer", "Date", "Amount due", "Account", "Reference", "Department",
    "Phone", "Approved by", "Delivery address", "Order total", "Payment terms",
)
_NAMES = ("Margaret Hughes", "Daniel Okafor", "Priya Raman", "Tomas Novak", "Alice Moreau", "George Baroody")
_WORDS = (
    "quarterly", "shipment", "received", "pending", "approved", "warehouse", "contract", "invoice",
    "balance", "returned", "samples", "research", "meeting", "budget", "review", "supplies",
)

VARIANT_NAMES = ("clean", "noisy", "lowres", "rot90", "rot180", "rot270", "skew5", "inverted")


@dataclass(frozen=True)
class Sample:
    """A generated page and the exact text on it."""

    name: str
    image: Image.Image
    text: str


def font_path() -> str:
    """Path of a TrueType font shipped by Debian; raises if none is installed (apt: fonts-dejavu-core)."""
    for path in FONT_PATHS:
        if Path(path).is_file():
            return path
    raise FileNotFoundError(f"no TrueType font found at {', '.join(FONT_PATHS)}; install fonts-dejavu-core")


def form_page(*, seed: int = 0, lines: int = 10, width: int = 1400, font_size: int = 30) -> Sample:
    """A clean white form: a title, "Field: value" lines, a ruled box and a free-text line."""
    rng = random.Random(seed)
    font = ImageFont.truetype(font_path(), font_size)
    title_font = ImageFont.truetype(font_path(), int(font_size * 1.4))
    text_lines = [f"ARCHPATH FORM {rng.randint(100, 999)}"]
    for _ in range(lines - 2):
        text_lines.append(f"{rng.choice(_FIELDS)}: {_value(rng)}")
    text_lines.append(" ".join(rng.choice(_WORDS) for _ in range(5)).capitalize() + ".")
    line_height = int(font_size * 1.9)
    margin = font_size * 2
    height = margin * 2 + line_height * (len(text_lines) + 1)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = margin
    for index, line in enumerate(text_lines):
        draw.text((margin, y), line, fill=0, font=title_font if index == 0 else font)
        y += line_height if index else int(line_height * 1.5)
    # A form frame, as on real forms: the pipeline's rule removal must cope with it.
    draw.rectangle((margin // 2, margin // 2, width - margin // 2, height - margin // 3), outline=0, width=3)
    return Sample(name=f"form{seed}-clean", image=image, text="\n".join(text_lines))


def variant(sample: Sample, name: str, *, seed: int = 0) -> Sample:
    """The same page made harder; name is one of VARIANT_NAMES."""
    image = sample.image
    if name == "noisy":
        image = _add_noise(image, seed=seed)
    elif name == "lowres":
        # Roughly a 100-dpi fax: half size, slightly blurred, then noisy.
        small = image.resize((image.width // 2, image.height // 2), Image.Resampling.BILINEAR)
        image = _add_noise(small.filter(ImageFilter.GaussianBlur(0.6)), seed=seed, amount=8)
    elif name in ("rot90", "rot180", "rot270"):
        image = preprocess.rotate(image, int(name[3:]))
    elif name == "skew5":
        image = preprocess.rotate(image, 5)
    elif name == "inverted":
        image = ImageOps.invert(image)
    elif name != "clean":
        raise ValueError(f"unknown sample variant {name!r}; choose from {', '.join(VARIANT_NAMES)}")
    base = sample.name.rsplit("-", 1)[0]
    return Sample(name=f"{base}-{name}", image=image, text=sample.text)


def write_samples(directory: Path, *, pages: int = 2, variants: tuple[str, ...] = VARIANT_NAMES) -> list[Path]:
    """Write `<name>.png` + `<name>.txt` for each page and variant; return the image paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in range(pages):
        page = form_page(seed=seed)
        for name in variants:
            sample = variant(page, name, seed=seed)
            path = directory / f"{sample.name}.png"
            sample.image.save(path)
            path.with_suffix(".txt").write_text(sample.text + "\n", encoding="utf-8")
            written.append(path)
    return written


def _value(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(_NAMES)
    if kind == 1:
        return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1990, 2025)}"
    if kind == 2:
        return f"{rng.randint(10, 9999)}.{rng.randint(0, 99):02d} USD"
    return f"{rng.choice(_WORDS)} {rng.randint(1000, 99999)}"


def _add_noise(image: Image.Image, *, seed: int, amount: float = 18) -> Image.Image:
    """Gaussian grain plus sparse salt-and-pepper specks, like a photocopied page."""
    generator = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + generator.normal(0, amount, pixels.shape)
    specks = generator.random(pixels.shape)
    pixels[specks < 0.002] = 0
    pixels[specks > 0.998] = 255
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


# The generated scans offered on the upload page: (name, label). Rendered from their seed, so the
# bytes are the same every time and picking one twice returns the earlier document.
SAMPLES = {
    "form0-rot180": "An upside-down form",
    "form1-clean": "A clean form",
    "form0-noisy": "A noisy photocopy",
    "form1-skew5": "A form scanned at an angle",
    "form0-lowres": "A low-resolution fax",
    "form1-rot90": "A form turned on its side",
}


@lru_cache(maxsize=len(SAMPLES))
def sample_bytes(name: str) -> bytes:
    """PNG bytes of one of SAMPLES (KeyError for any other name)."""
    if name not in SAMPLES:
        raise KeyError(name)
    base, kind = name.split("-")
    image = variant(form_page(seed=int(base.removeprefix("form")), lines=8), kind, seed=1)
    buffer = io.BytesIO()
    image.image.save(buffer, format="PNG")
    return buffer.getvalue()
