"""Decide per page, and per line, whether OCR text is accepted as is or goes to a person for review.

The rules mirror the activation conditions of Amazon A2I: a confidence threshold, a limit on the
share of low-confidence words, and a random audit sample of accepted pages so that the accepted
stream keeps being measured. Every decision carries its reason as a sentence for the review page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

AUTO_ACCEPTED = "auto_accepted"
REVIEW = "review"
AUDIT_REASON = "picked for the"


def is_audit(reason: str) -> bool:
    """True for a page sent to review only by the random audit: its error measures accepted pages."""
    return reason.startswith(AUDIT_REASON)


@dataclass(frozen=True)
class RoutingRules:
    """Thresholds for auto-accepting a page; the defaults were chosen on FUNSD (see EVALUATION.md).

    min_mean_confidence: T, the page's mean word confidence (0-100) must be at least this.
    low_word_confidence: W, a word below this confidence counts as low.
    max_low_share: S, at most this share (0-1) of the words may be low.
    audit_share: P, this share (0-1) of the otherwise accepted pages is sent to review anyway.
    min_line_confidence: T_L, a line's mean word confidence (0-100) must be at least this, or the
    line goes to line review (70 reads 39% of FUNSD's words to a residual median CER of 0.047).
    """

    min_mean_confidence: float = 80.0
    low_word_confidence: float = 60.0
    max_low_share: float = 0.12
    audit_share: float = 0.05
    min_line_confidence: float = 70.0

    def __post_init__(self) -> None:
        # Refuse nonsense loudly: a share of 5 (meaning 5%) would silently accept everything.
        confidences = (self.min_mean_confidence, self.low_word_confidence, self.min_line_confidence)
        if not all(0 <= value <= 100 for value in confidences):
            raise ValueError("confidence thresholds must be between 0 and 100")
        if not 0 <= self.max_low_share <= 1 or not 0 <= self.audit_share <= 1:
            raise ValueError("shares must be between 0 and 1 (0.05 means 5%)")


def route_page(
    *, mean_confidence: float, low_confidence_share: float, rules: RoutingRules, rng: random.Random
) -> tuple[str, str]:
    """Return (route, reason): route is AUTO_ACCEPTED or REVIEW, reason a readable sentence.

    The rng is drawn exactly once per page that passes the thresholds, so a seeded rng gives a
    reproducible audit sample.
    """
    reasons = []
    if mean_confidence < rules.min_mean_confidence:
        reasons.append(
            f"mean confidence {mean_confidence:.1f} below threshold {rules.min_mean_confidence:g}"
        )
    if low_confidence_share > rules.max_low_share:
        reasons.append(
            f"{low_confidence_share:.0%} of words below {rules.low_word_confidence:g} "
            f"(limit {rules.max_low_share:.0%})"
        )
    if reasons:
        return REVIEW, "; ".join(reasons)
    if rng.random() < rules.audit_share:
        return REVIEW, f"{AUDIT_REASON} {rules.audit_share:.0%} quality audit"
    return AUTO_ACCEPTED, (
        f"mean confidence {mean_confidence:.1f} at least {rules.min_mean_confidence:g} and "
        f"{low_confidence_share:.0%} of words below {rules.low_word_confidence:g} "
        f"(limit {rules.max_low_share:.0%})"
    )


# --- Line-level routing: the unit a person reads is a line, not a page ---------------------------

# More than this share of a page's lines doubtful and reading it line by line is no cheaper than
# reading the page, and the lines' judgement is itself suspect: the whole page goes to review.
MAX_DOUBTFUL_LINES = 0.5
# Below this share of dark pixels a page with no words is taken as blank, not as unread text.
MIN_INK_SHARE = 0.002
# Orientation below these confidences (per method, ocr/orientation.py) is a guess: a line read
# upside down can look confident, so the page goes whole to a person. "confidence" is the margin
# between the scores of a page read both ways; "reading" (the first reading scored at least the
# trust score) is trusted by construction, as is any other engine's method (Textract reads turned
# pages itself).
ORIENTATION_MIN_CONFIDENCE = {"confidence": 3.0}


@dataclass(frozen=True)
class OcrLine:
    """The words of one OCR line, in reading order; number counts from 1 down the page."""

    number: int
    words: tuple  # of page.Word (anything with text, confidence, box)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def confidence(self) -> float:
        return round(sum(word.confidence for word in self.words) / len(self.words), 2)

    @property
    def min_confidence(self) -> float:
        return min(word.confidence for word in self.words)

    @property
    def box(self) -> list[int]:
        """left, top, width, height: the smallest box around the line's words."""
        left = min(w.box[0] for w in self.words)
        top = min(w.box[1] for w in self.words)
        right = max(w.box[0] + w.box[2] for w in self.words)
        bottom = max(w.box[1] + w.box[3] for w in self.words)
        return [left, top, right - left, bottom - top]


def group_lines(words) -> list[OcrLine]:
    """Words grouped by their `line`, lines in order of their first word (Tesseract's reading order)."""
    grouped: dict[int, list] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    return [OcrLine(number=n, words=tuple(ws)) for n, ws in enumerate(grouped.values(), start=1)]


def route_line(line: OcrLine, rules: RoutingRules) -> tuple[str, str]:
    """(AUTO_ACCEPTED or REVIEW, reason) for one line: its mean word confidence must reach T_L.

    A rule on single low words was measured too (any word below W sends the line): on FUNSD it
    read 86% of the words, since a form's line is wide and nearly every one has an unsure word.
    """
    if line.confidence < rules.min_line_confidence:
        return REVIEW, f"mean confidence {line.confidence:.1f} below threshold {rules.min_line_confidence:g}"
    return AUTO_ACCEPTED, f"mean confidence {line.confidence:.1f} at least {rules.min_line_confidence:g}"


@dataclass(frozen=True)
class PageDecision:
    """How a page is routed line by line.

    route, reason: the page's (REVIEW when anything waits for a person). whole_page: the page goes
    to review as one (a page Review), its lines only shown. lines: (line, route, reason) per line.
    """

    route: str
    reason: str
    whole_page: bool
    lines: list[tuple[OcrLine, str, str]]

    @property
    def review_word_share(self) -> float:
        """The share of the page's words a person reads under this decision (1 for a whole page)."""
        total = sum(len(line.words) for line, _route, _reason in self.lines)
        if self.whole_page or not total:
            return 1.0 if self.route == REVIEW else 0.0
        return sum(len(line.words) for line, route, _reason in self.lines if route == REVIEW) / total


def orientation_uncertain(method: str, confidence: float) -> bool:
    """True when the page was turned upright on a guess (see ORIENTATION_MIN_CONFIDENCE)."""
    minimum = ORIENTATION_MIN_CONFIDENCE.get(method)
    return minimum is not None and confidence < minimum


def route_lines(
    words, *, rules: RoutingRules, rng: random.Random, orientation_method: str = "",
    orientation_confidence: float = float("inf"), ink_share: float = 1.0,
) -> PageDecision:
    """Route every line of a page, or the whole page when line judgement cannot be trusted.

    Whole page: no text found where there is ink, orientation uncertain, or more than
    MAX_DOUBTFUL_LINES of the lines doubtful. Otherwise doubtful lines go to line review and the
    rest is accepted; the audit (P) is drawn exactly once per such page: a picked page with no
    doubtful line goes whole to review (an unbiased sample of accepted pages), one with doubtful
    lines sends its accepted lines to line review as well (a sample of accepted lines).
    """
    lines = group_lines(words)
    if not lines:
        if ink_share >= MIN_INK_SHARE:
            return PageDecision(REVIEW, f"no text found where there is ink ({ink_share:.1%} of the page)", True, [])
        return PageDecision(AUTO_ACCEPTED, "a blank page: no ink, nothing to read", False, [])
    routed = [(line, *route_line(line, rules)) for line in lines]
    doubtful = sum(1 for _line, route, _reason in routed if route == REVIEW)
    mean = sum(word.confidence for word in words) / len(words)
    whole = None
    if orientation_uncertain(orientation_method, orientation_confidence):
        whole = (f"orientation uncertain: the page read almost as well turned round "
                 f"(margin {orientation_confidence:.1f} points)")
    elif doubtful / len(lines) > MAX_DOUBTFUL_LINES:
        whole = f"{_lines_doubtful(doubtful, len(lines))} (limit {MAX_DOUBTFUL_LINES:.0%}); mean confidence {mean:.1f}"
    if whole:
        with_page = f"read with its page: {whole}"[:300]
        return PageDecision(REVIEW, whole, True, [(line, REVIEW, with_page) for line in lines])
    if rng.random() < rules.audit_share:
        audit = f"{AUDIT_REASON} {rules.audit_share:.0%} quality audit"
        if not doubtful:  # an accepted page, read whole: the page-level audit calibration measures
            return PageDecision(REVIEW, audit, True, [(line, REVIEW, f"read with its page: {audit}") for line in lines])
        routed = [(line, REVIEW, reason if route == REVIEW else audit) for line, route, reason in routed]
        return PageDecision(REVIEW, f"{_doubtful(doubtful, len(lines))}; {audit}", False, routed)
    if doubtful:
        return PageDecision(REVIEW, _doubtful(doubtful, len(lines)), False, routed)
    return PageDecision(AUTO_ACCEPTED, (
        f"mean confidence {mean:.1f}; all {len(lines)} line{'s' if len(lines) > 1 else ''} at least "
        f"{rules.min_line_confidence:g}"
    ), False, routed)


def _doubtful(doubtful: int, total: int) -> str:
    return f"{_lines_doubtful(doubtful, total)}: {'it goes' if doubtful == 1 else 'they go'} to line review"


def _lines_doubtful(doubtful: int, total: int) -> str:
    """"2 of 5 lines doubtful"; a page of one line is not "1 of 1 lines"."""
    return "its only line is doubtful" if total == 1 else f"{doubtful} of {total} lines doubtful"


def ink_share(image) -> float:
    """The share of dark pixels (below mid-grey) of a greyscale or colour page image, 0-1."""
    histogram = image.convert("L").histogram()
    total = sum(histogram)
    return sum(histogram[:128]) / total if total else 0.0


def join_lines(texts) -> str:
    """A page's text from its lines' texts in order: one per line, empty ones left out."""
    return "\n".join(text for text in texts if text)
