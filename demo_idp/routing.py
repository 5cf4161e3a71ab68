"""Decide per page whether OCR text is accepted as is or goes to a person for review.

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
    """

    min_mean_confidence: float = 80.0
    low_word_confidence: float = 60.0
    max_low_share: float = 0.12
    audit_share: float = 0.05

    def __post_init__(self) -> None:
        # Refuse nonsense loudly: a share of 5 (meaning 5%) would silently accept everything.
        if not 0 <= self.min_mean_confidence <= 100 or not 0 <= self.low_word_confidence <= 100:
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
