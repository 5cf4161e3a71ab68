"""A fake OCR engine for tests: it implements demo_idp.ocr.engines.Engine, reads nothing and
answers a fixed page, so the pipeline around it runs for real without Tesseract."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from demo_idp.ocr.page import PageResult, Word, confidence_stats

TIMINGS = {"clean": 0.1, "deskew": 0.05, "orientation": 0.2, "ocr": 0.4}


@dataclass
class FakeEngine:
    """Every page reads as `words` (text, box) at `confidence`, turned `rotation` degrees; a word
    given as (text, box, confidence, line) has its own confidence and OCR line (else line 0).

    calls: the images it was given, in order; a test changes confidence between documents.
    """

    name: str = "fake"
    confidence: float = 95.0
    words: tuple[tuple[str, tuple[int, int, int, int]], ...] = (
        ("Invoice", (10, 10, 60, 20)), ("42", (80, 10, 20, 20)))
    rotation: int = 180
    skew_angle: float = 1.234
    low_word_confidence: float = 60.0
    timings: dict[str, float] = field(default_factory=lambda: dict(TIMINGS))
    calls: list[Image.Image] = field(default_factory=list)

    def read(self, image: Image.Image) -> PageResult:
        self.calls.append(image)
        words = [Word(w[0], w[2] if len(w) > 2 else self.confidence, w[1], w[3] if len(w) > 3 else 0)
                 for w in self.words]
        mean, low_share = confidence_stats(words, low_word_confidence=self.low_word_confidence)
        return PageResult(
            rotation=self.rotation, skew_angle=self.skew_angle, text=" ".join(w.text for w in words), words=words,
            mean_confidence=mean, low_confidence_share=low_share, inverted=False, upscale=1.0,
            orientation_method="osd", orientation_confidence=9.0, image=image, timings=dict(self.timings),
        )


def hello_engine() -> FakeEngine:
    """One word, "Hello", at 91: what the document pages and API tests show."""
    return FakeEngine(confidence=91.0, words=(("Hello", (1, 2, 30, 10)),), skew_angle=0.5, timings={"ocr": 0.1})
