"""Which way up is the page: decided by reading it, not by Tesseract OSD.

OSD is only reliable on FUNSD's 100-dpi pages once they are upscaled 2x, and there it cost nearly
as much CPU as the OCR itself (0.76 s against 0.88 s) and was still unsure or wrong on some pages,
which were then read a third and fourth time to check it (EVALUATION.md, "OCR cost per page").
Reading decides instead, with work the OCR does anyway:

1. the text-line axis comes from projection profiles (milliseconds): rows crossing text lines
   alternate ink and gaps, so the row profile of an upright or upside-down page is far more peaked
   than its column profile, and the reverse for a page turned a quarter;
2. the page is read once along that axis (the reading the pipeline keeps); text read the right way
   up scores a length-weighted mean word confidence far above text read upside down (25 FUNSD pages:
   upright 62-91, upside down 14-37), so a reading at or above the trust score settles it;
3. only a doubtful reading is followed by a reading turned 180 degrees, and the more confident of
   the two is kept, with the margin between them as the decision's confidence; if neither reads like
   text, the other axis is read both ways too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np
from PIL import Image

from . import preprocess

# Method names stored with the page (Page.orientation_method); routing judges each by its confidence.
READ = "reading"  # the first reading was confident: confidence is its score
COMPARED = "confidence"  # read both ways: confidence is the margin between the two scores


class ReadWord(Protocol):
    text: str
    confidence: float


@dataclass(frozen=True)
class Orientation:
    """rotation: degrees to turn clockwise to make the page upright (0, 90, 180 or 270).

    method: READ when the first reading was trusted, COMPARED when both directions were read.
    confidence: READ: the reading's score (0-100); COMPARED: the margin between the two scores.
    """

    rotation: int
    method: str
    confidence: float


def read_upright(
    image: Image.Image,
    read: Callable[[int], Sequence[ReadWord]],
    *,
    trust_score: float,
    retry_below: float,
) -> tuple[Orientation, Sequence[ReadWord]]:
    """Find how far the page must be turned clockwise, and the words read that way up.

    read(rotation) OCRs the page turned clockwise by rotation degrees. It is called once when the
    first reading scores at least trust_score, twice otherwise; and when neither of those two reads
    like text (best score below retry_below) the axis test may have been wrong, so the page is read
    along the other axis both ways as well, as OSD would have looked at all four.
    """
    first = 0 if lines_are_horizontal(image) else 90
    words = read(first)
    score = reading_score(words)
    if score >= trust_score:
        return Orientation(rotation=first, method=READ, confidence=round(score, 2)), words
    readings = {first: (score, words)}
    for rotation in (first + 180, first + 90, first + 270):
        if len(readings) == 2 and max(score for score, _words in readings.values()) >= retry_below:
            break
        other = read(rotation % 360)
        readings[rotation % 360] = (reading_score(other), other)
    ranked = sorted(readings, key=lambda rotation: readings[rotation][0], reverse=True)
    margin = round(readings[ranked[0]][0] - readings[ranked[1]][0], 2)
    return Orientation(rotation=ranked[0], method=COMPARED, confidence=margin), readings[ranked[0]][1]


def reading_score(words: Sequence[ReadWord]) -> float:
    """Mean word confidence weighted by length; 0 when nothing was read.

    Weighting by length keeps one-letter guesses (common when reading upside down) from dominating.
    """
    total = sum(len(word.text) for word in words)
    if not total:
        return 0.0
    return sum(word.confidence * len(word.text) for word in words) / total


def lines_are_horizontal(image: Image.Image) -> bool:
    """True when text lines run left-right, judged by which projection profile is more peaked."""
    small = image.copy()
    small.thumbnail((800, 800))
    pixels = np.asarray(preprocess.to_grey(small))
    _, ink = cv2.threshold(pixels, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = ink.sum(axis=1, dtype=np.int64).astype(float)
    cols = ink.sum(axis=0, dtype=np.int64).astype(float)
    return _peakedness(rows) >= _peakedness(cols)


def _peakedness(profile: np.ndarray) -> float:
    mean = profile.mean()
    return float(np.var(np.diff(profile)) / (mean * mean + 1e-9))
