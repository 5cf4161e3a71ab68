"""A simulated reviewer: what page review and line review cost a person, and what they leave wrong.

Each page's OCR words are routed as the pipeline routes them: whole pages by routing.route_page,
or line by line by routing.route_lines. The reviewer corrects everything routed to them perfectly,
to the ground truth; the rest stays as read. Two figures per policy:

- reviewed_word_share: the OCR words a person must read, over all the OCR's words (pooled);
- residual_median_cer: the median CER of the pages' final texts after those corrections.

Alignment (ground truth has no boxes here, only text lines): the OCR text and the ground truth are
compared as CER compares them (whitespace removed, case folded), and Levenshtein's edit script maps
every OCR line's characters onto a stretch of the ground truth. A reviewed line is replaced by its
stretch; ground truth the OCR missed altogether goes to a neighbouring line (where the edit script
puts it), so text missing next to an accepted line stays missing, as it would for a reviewer who
only sees the doubtful lines.
When every line is corrected the page equals its ground truth exactly.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from ..routing import REVIEW, RoutingRules, group_lines, route_lines, route_page
from .evaluation import cer, normalise

# The thresholds T and T_L swept for the curves (EVALUATION.md); W, S and P stay as the rules give them.
THRESHOLDS = (0, 50, 60, 70, 75, 80, 85, 90, 95)


def line_spans(line_texts: Sequence[str], reference: str) -> list[str]:
    """For each OCR line, the stretch of the (normalised) reference it aligns to."""
    hyp_parts = [normalise(text) for text in line_texts]
    hyp, ref = "".join(hyp_parts), normalise(reference)
    # ref_at[i]: the reference position aligned with hypothesis position i (a boundary).
    ref_at = [0] * (len(hyp) + 1)
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(hyp, ref):
        if tag == "insert":
            ref_at[i1] = j2 if i1 else 0  # missed text to the line before (at the top, to the first line)
            continue
        for k in range(i1, i2 + 1):
            ref_at[k] = j1 + round((k - i1) * (j2 - j1) / (i2 - i1))
    ref_at[len(hyp)] = len(ref)
    spans, start = [], 0
    for part in hyp_parts:
        end = start + len(part)
        spans.append(ref[ref_at[start]:ref_at[end]])
        start = end
    return spans


def corrected_text(line_texts: Sequence[str], reviewed: Sequence[bool], reference: str) -> str:
    """The page's text after the reviewer corrected the reviewed lines to the ground truth."""
    spans = line_spans(line_texts, reference)
    return "".join(span if fixed else normalise(text) for text, fixed, span in zip(line_texts, reviewed, spans))


def simulate_page(words, reference: str, *, rules: RoutingRules, rng_seed: str, orientation_method: str = "",
                  orientation_confidence: float = float("inf")) -> dict:
    """Both policies on one page: {"page": (read words, total words, cer), "line": (...)}."""
    total = len(words)
    confidences = [word.confidence for word in words]
    mean = sum(confidences) / total if total else 0.0
    low = sum(1 for c in confidences if c < rules.low_word_confidence) / total if total else 1.0
    page_route, _reason = route_page(mean_confidence=mean, low_confidence_share=low, rules=rules,
                                     rng=random.Random(rng_seed))
    texts = [line.text for line in group_lines(words)]
    page_final = reference if page_route == REVIEW else "".join(normalise(t) for t in texts)
    decision = route_lines(words, rules=rules, rng=random.Random(rng_seed), orientation_method=orientation_method,
                           orientation_confidence=orientation_confidence)
    if decision.whole_page or not texts:
        line_final = reference if decision.route == REVIEW else ""
        line_read = total if decision.route == REVIEW else 0
    else:
        fixed = [route == REVIEW for _line, route, _reason in decision.lines]
        line_final = corrected_text(texts, fixed, reference)
        line_read = sum(len(line.words) for line, route, _r in decision.lines if route == REVIEW)
    return {
        "page": (total if page_route == REVIEW else 0, total, cer(page_final, reference)),
        "line": (line_read, total, cer(line_final, reference)),
    }


def summarise_review(pages: Sequence[dict]) -> dict:
    """{"page": {...}, "line": {...}}, each reviewed_word_share, residual_median_cer, pages_touched."""
    summary = {}
    for policy in ("page", "line"):
        read = sum(page[policy][0] for page in pages)
        total = sum(page[policy][1] for page in pages)
        cers = [page[policy][2] for page in pages]
        summary[policy] = {
            "reviewed_word_share": round(read / total, 4) if total else None,
            "residual_median_cer": round(statistics.median(cers), 4) if cers else None,
            "pages_touched": sum(1 for page in pages if page[policy][0]),
        }
    return summary


def review_summary(items: Sequence[tuple], *, rules: RoutingRules, seed: int = 0) -> dict:
    """items: (name, words, reference, orientation_method, orientation_confidence) per page."""
    return summarise_review([
        simulate_page(words, reference, rules=rules, rng_seed=f"{seed}:{name}", orientation_method=method,
                      orientation_confidence=confidence)
        for name, words, reference, method, confidence in items
    ])


def review_curves(items: Sequence[tuple], *, rules: RoutingRules, seed: int = 0,
                  thresholds: Sequence[float] = THRESHOLDS) -> list[dict]:
    """review_summary at every threshold: T (the page's mean) for page review, T_L (the line's mean)
    for line review, both set to the same value."""
    return [
        {"threshold": t,
         **review_summary(items, rules=replace(rules, min_mean_confidence=t, min_line_confidence=t), seed=seed)}
        for t in thresholds
    ]
