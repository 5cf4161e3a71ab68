"""Calibrate the confidence threshold T from the pages people reviewed.

Every review measures the OCR's error on one page (edit distance over the length of the corrected
text) next to the page's mean word confidence. Two kinds of pages are reviewed: those the rules
sent (below the threshold, or too many unsure words) and a random audit of the pages that passed.
The audit pages are an unbiased sample of accepted pages, but a small one (P, 5% by default), so
an estimate for the accepted stream weights each confidence bin's measured error by the number of
pages routed in that bin, not by the number reviewed.

The pages and reviews come from the rollups (monitoring/rollups.py), counted by whole point of
confidence, so any bin width that divides 100 is a sum of whole points; the events themselves are
read only where no rollup reaches (the open edge, the start of the period).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events, rollups
from ..models import ThresholdChange

PERIOD = timedelta(days=30)
BIN_WIDTH = 5
# Fewer reviewed pages than this behind an estimate and it is mostly noise: no recommendation.
MIN_SAMPLE = 20
# A sum of floats that should equal the target may land a hair above it.
TOLERANCE = 1e-9


def _bins(*, since: datetime | None, bin_width: int) -> dict[int, dict]:
    """Per confidence bin, the pages routed and the error of the pages reviewed in it (one tally).

    Keyed by bin index (confidence // bin_width; 100 falls in the last bin). Each bin has routed,
    reviewed, mean_error (over every review), audited, audit_error (over audit reviews only) and
    mean_confidence (of the reviewed pages).
    """
    if bin_width <= 0 or 100 % bin_width:
        raise ValueError("bin_width must divide 100 (1, 2, 4, 5, 10, 20, 25 or 50)")
    since = since or timezone.now() - PERIOD
    sums: dict[int, list] = {}  # routed, reviewed, error sum, audited, audit error sum, confidence sum
    found = rollups.tally(since, None, stages=(events.PAGE, events.REVIEW), confidences=True)
    for (_bucket, stage, label), tallied in found.items():
        for point, (n, reviewed, error, confidence) in tallied.confidences.items():
            row = sums.setdefault(point // bin_width, [0, 0, 0.0, 0, 0.0, 0.0])
            if stage == events.PAGE:
                row[0] += n
                continue
            row[1], row[2], row[5] = row[1] + reviewed, row[2] + error, row[5] + confidence
            if label == events.AUDIT:
                row[3], row[4] = row[3] + reviewed, row[4] + error
    return {
        index: {"routed": routed, "reviewed": reviewed, "mean_error": error / reviewed if reviewed else None,
                "audited": audited, "audit_error": audit_error / audited if audited else None,
                "mean_confidence": confidence / reviewed if reviewed else None}
        for index, (routed, reviewed, error, audited, audit_error, confidence) in sorted(sums.items())
    }


def reliability(*, since: datetime | None = None, bin_width: int = BIN_WIDTH) -> list[dict]:
    """Measured error against confidence: per bin with reviewed pages, from low confidence up.

    Each item: low, high (the bin's confidence range), pages (reviewed), mean_error (0-1) and
    mean_confidence. Every review counts here, audit or not: the question is how wrong the OCR is
    at a given confidence, whatever sent the page to a person.
    """
    return [
        {"low": index * bin_width, "high": (index + 1) * bin_width, "pages": row["reviewed"],
         "mean_error": row["mean_error"], "mean_confidence": row["mean_confidence"]}
        for index, row in _bins(since=since, bin_width=bin_width).items()
        if row["reviewed"]
    ]


def _measured(row: dict) -> tuple[float | None, int]:
    """A bin's error for accepted pages and the reviews behind it: the audit where it measured the
    bin (an unbiased sample of accepted pages), otherwise every review (below the threshold that is
    every page, a census; above it the word-share rule's pages, so the estimate errs high)."""
    if row["audited"]:
        return row["audit_error"], row["audited"]
    if row["reviewed"]:
        return row["mean_error"], row["reviewed"]
    return None, 0


def candidates(*, since: datetime | None = None, bin_width: int = BIN_WIDTH) -> list[dict]:
    """For every threshold t on a bin edge (0, 5, ..., 100), what applying it would do.

    Each item: threshold; review_rate, the share (0-1) of routed pages with confidence below t
    (the word-share rule and the audit add a few reviews on top); accepted_error, the estimated
    mean error of the pages t would accept: each bin at or above t contributes its measured error
    weighted by its routed pages; None when some of those pages sit in a bin no review measured
    (unmeasured_pages says how many) or when t accepts nothing; sample_pages, the reviews behind
    the estimate; accepted_pages, the routed pages t accepts. Empty when no page was routed.
    Thresholds sit on bin edges so that each bin is wholly accepted or wholly reviewed.
    """
    bins = _bins(since=since, bin_width=bin_width)
    total = sum(row["routed"] for row in bins.values())
    if not total:
        return []
    table = []
    for edge in range(0, 100 // bin_width + 1):
        accepted = [row for index, row in bins.items() if index >= edge and row["routed"]]
        accepted_pages = sum(row["routed"] for row in accepted)
        weighted, sample, unmeasured = 0.0, 0, 0
        for row in accepted:
            error, reviews = _measured(row)
            if error is None:
                unmeasured += row["routed"]
            else:
                weighted += error * row["routed"]
                sample += reviews
        table.append({
            "threshold": float(edge * bin_width),
            "review_rate": (total - accepted_pages) / total,
            "accepted_error": weighted / accepted_pages if accepted_pages and not unmeasured else None,
            "sample_pages": sample,
            "accepted_pages": accepted_pages,
            "unmeasured_pages": unmeasured,
        })
    return table


def recommend(*, target_error: float, since: datetime | None = None, table: list[dict] | None = None) -> dict:
    """The threshold with the fewest reviews whose accepted pages are estimated at or below
    target_error (0-1), from estimates resting on at least MIN_SAMPLE reviewed pages.

    Thresholds that split the pages alike tie; the highest of them wins, so that pages in the
    bins between them, which nobody has measured, go to a person rather than through.

    Returns threshold (None when there is no recommendation), review_rate, accepted_error,
    sample_pages and reason, a sentence for the page. table: candidates() already computed.
    """
    table = candidates(since=since) if table is None else table
    none = {"threshold": None, "review_rate": None, "accepted_error": None, "sample_pages": 0}
    reviewed = max((row["sample_pages"] for row in table), default=0)
    if reviewed < MIN_SAMPLE:
        return none | {"sample_pages": reviewed, "reason": _(
            "Too little data: the estimates rest on %(n)d reviewed pages at most, and a recommendation "
            "needs at least %(min)d behind it.") % {"n": reviewed, "min": MIN_SAMPLE}}
    measured = [row for row in table if row["accepted_error"] is not None and row["sample_pages"] >= MIN_SAMPLE]
    if not measured:
        return none | {"reason": _(
            "No threshold has an estimate yet: some confidence bins with accepted pages have no reviewed "
            "page in them. The audit sample fills them in as pages are reviewed.")}
    meeting = [row for row in measured if row["accepted_error"] <= target_error + TOLERANCE]
    if not meeting:
        best = min(measured, key=lambda row: (row["accepted_error"], row["review_rate"], -row["threshold"]))
        return none | {"reason": _(
            "No threshold keeps the error of accepted pages at or below %(target).1f%%: the lowest estimate "
            "is %(best).1f%% (threshold %(t)g). Review every page, or set a higher target.") % {
            "target": target_error * 100, "best": best["accepted_error"] * 100, "t": best["threshold"]}}
    best = min(meeting, key=lambda row: (row["review_rate"], -row["threshold"]))
    return {
        "threshold": best["threshold"], "review_rate": best["review_rate"],
        "accepted_error": best["accepted_error"], "sample_pages": best["sample_pages"],
        "reason": _(
            "The lowest threshold whose accepted pages are estimated at %(error).1f%% error, within the "
            "target of %(target).1f%%; it sends %(rate).0f%% of pages to review (from %(n)d reviewed pages).") % {
            "error": best["accepted_error"] * 100, "target": target_error * 100,
            "rate": best["review_rate"] * 100, "n": best["sample_pages"]},
    }


def applied_threshold() -> float | None:
    """The threshold last applied on the calibration page; None until one is."""
    return ThresholdChange.objects.values_list("threshold", flat=True).first()


def current_threshold() -> float:
    """The threshold T the pipeline routes by: the latest applied, else IDP_MIN_MEAN_CONFIDENCE."""
    latest = applied_threshold()
    return settings.IDP_MIN_MEAN_CONFIDENCE if latest is None else latest


def apply_threshold(*, threshold: float, target_error: float, user, since: datetime | None = None) -> ThresholdChange:
    """Make `threshold` the one the pipeline routes by, recording who, the previous one, the target
    and the estimates for it (None unless it is a candidate threshold with data)."""
    if not 0 <= threshold <= 100:
        raise ValueError("a threshold is a confidence between 0 and 100")
    if not 0 < target_error < 1:
        raise ValueError("a target error rate is between 0 and 1 (0.05 means 5%)")
    estimate = next((row for row in candidates(since=since) if row["threshold"] == threshold), {})
    with transaction.atomic():
        return ThresholdChange.objects.create(
            threshold=threshold, previous=current_threshold(), target_error=target_error,
            estimated_review_rate=estimate.get("review_rate"), estimated_error=estimate.get("accepted_error"),
            applied_by=user if user is not None and user.is_authenticated else None,
        )


def line_reliability(*, since: datetime | None = None, bin_width: int = BIN_WIDTH) -> list[dict]:
    """Measured error against confidence per line, from line reviews (as reliability() per page).

    Each item: low, high (the line confidence range), lines (reviewed), mean_error (0-1),
    mean_confidence. One tally of the rollups; a line marked unreadable measures nothing.
    """
    if bin_width <= 0 or 100 % bin_width:
        raise ValueError("bin_width must divide 100 (1, 2, 4, 5, 10, 20, 25 or 50)")
    since = since or timezone.now() - PERIOD
    sums: dict[int, list] = {}  # lines reviewed, error sum, confidence sum
    for tallied in rollups.tally(since, None, stages=(events.LINE_REVIEW,), confidences=True).values():
        for point, (_lines, reviewed, error, confidence) in tallied.confidences.items():
            row = sums.setdefault(point // bin_width, [0, 0.0, 0.0])
            row[0], row[1], row[2] = row[0] + reviewed, row[1] + error, row[2] + confidence
    return [{"low": index * bin_width, "high": (index + 1) * bin_width, "lines": lines, "mean_error": error / lines,
             "mean_confidence": confidence / lines}
            for index, (lines, error, confidence) in sorted(sums.items()) if lines]
