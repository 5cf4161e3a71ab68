"""Calibrate the confidence thresholds from what people reviewed: lines first, pages beside them.

The pipeline routes each OCR line: a line whose mean word confidence is below T_L goes to a
reviewer, the rest is accepted as read (routing.route_lines). Every review measures the OCR's error
(edit distance over the length of the corrected text) next to the confidence it had, for lines
(line reviews) and for pages (read whole, or line by line once their last doubtful line is decided).
Below the threshold every line is reviewed, a census; above it only the audit's are, a small sample,
so an estimate for the accepted stream weights each confidence bin's measured error by everything
routed in that bin, not by what was reviewed. The line audit samples the accepted lines of audited
pages that had doubtful lines (an audited page with none is read whole, the page audit), so it leans
to harder pages and errs high. Pages are estimated the same way, for comparison: nothing routes by T.

`measure` reads everything once: the pages and reviews from the rollups (monitoring/rollups.py),
counted by whole point of confidence, so any bin width that divides 100 is a sum of whole points;
the lines routed from the stored lines, since no event is written per accepted line: they cover the
scans still kept (IDP_RETENTION_HOURS), a sample of the mix of confidences, not a month of it. The
functions below take that one reading (`bins=`) or make their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Floor
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import events, rollups
from ..models import Line, ThresholdChange

PERIOD = timedelta(days=30)
BIN_WIDTH = 5
# Fewer reviews than this behind an estimate and it is mostly noise: no recommendation.
MIN_SAMPLE = 20
# A sum of floats that should equal the target may land a hair above it.
TOLERANCE = 1e-9
PAGES, LINES = "pages", "lines"


@dataclass(frozen=True)
class Bins:
    """One reading of what calibration needs: per unit, {bin index: row}, bins of `width` points.

    Each row: routed, reviewed, mean_error (over every review), audited, audit_error (over audit
    reviews only) and mean_confidence (of the reviewed). Bin index is confidence // width; 100
    falls in the last bin.
    """

    width: int
    pages: dict[int, dict]
    lines: dict[int, dict]

    def of(self, unit: str) -> dict[int, dict]:
        return self.lines if unit == LINES else self.pages


def measure(*, since: datetime | None = None, bin_width: int = BIN_WIDTH) -> Bins:
    """Pages routed and reviewed, lines reviewed (one tally) and lines routed (one query), by bin."""
    if bin_width <= 0 or 100 % bin_width:
        raise ValueError("bin_width must divide 100 (1, 2, 4, 5, 10, 20, 25 or 50)")
    since = since or timezone.now() - PERIOD
    sums: dict[str, dict[int, list]] = {PAGES: {}, LINES: {}}
    found = rollups.tally(since, None, stages=(events.PAGE, events.REVIEW, events.LINE_REVIEW), confidences=True)
    for (_bucket, stage, label), tallied in found.items():
        unit = LINES if stage == events.LINE_REVIEW else PAGES
        for point, (n, reviewed, error, confidence) in tallied.confidences.items():
            if stage == events.PAGE:
                _row(sums[unit], point // bin_width)[0] += n
            else:
                _add_reviews(_row(sums[unit], point // bin_width), reviewed, error, confidence,
                             events.is_audit(label))
    for point, n in _stored_lines(since).items():
        _row(sums[LINES], point // bin_width)[0] += n
    return Bins(bin_width, *(
        {index: _finished(row) for index, row in sorted(sums[unit].items())} for unit in (PAGES, LINES)))


def _row(sums: dict[int, list], index: int) -> list:
    # routed, reviewed, error sum, audited, audit error sum, confidence sum of reviewed
    return sums.setdefault(index, [0, 0, 0.0, 0, 0.0, 0.0])


def _add_reviews(row: list, reviewed: int, error: float, confidence: float, audit: bool) -> None:
    row[1], row[2], row[5] = row[1] + reviewed, row[2] + error, row[5] + confidence
    if audit:
        row[3], row[4] = row[3] + reviewed, row[4] + error


def _finished(row: list) -> dict:
    routed, reviewed, error, audited, audit_error, confidence = row
    return {"routed": routed, "reviewed": reviewed, "mean_error": error / reviewed if reviewed else None,
            "audited": audited, "audit_error": audit_error / audited if audited else None,
            "mean_confidence": confidence / reviewed if reviewed else None}


def _stored_lines(since: datetime) -> dict[int, int]:
    """Lines of pages read since `since` and still stored, by whole point of confidence (0-99)."""
    counted: dict[int, int] = {}
    rows = (Line.objects.filter(page__finished__gte=since).order_by()
            .annotate(point=Floor("confidence")).values("point").annotate(n=Count("id")))
    for row in rows:
        point = rollups.confidence_point(row["point"])
        counted[point] = counted.get(point, 0) + row["n"]
    return counted


def _reading(bins: Bins | None, since: datetime | None, bin_width: int) -> Bins:
    return measure(since=since, bin_width=bin_width) if bins is None else bins


def reliability(*, since: datetime | None = None, bin_width: int = BIN_WIDTH, bins: Bins | None = None,
                unit: str = PAGES) -> list[dict]:
    """Measured error against confidence: per bin with reviews, from low confidence up.

    Each item: low, high (the bin's confidence range), pages or lines (as unit: how many were
    reviewed), mean_error (0-1) and mean_confidence. Every review counts here, audit or not: the question is how wrong the OCR is
    at a given confidence, whatever sent the page or line to a person.
    """
    bins = _reading(bins, since, bin_width)
    return [
        {"low": index * bins.width, "high": (index + 1) * bins.width, unit: row["reviewed"],
         "mean_error": row["mean_error"], "mean_confidence": row["mean_confidence"]}
        for index, row in bins.of(unit).items()
        if row["reviewed"]
    ]


def line_reliability(*, since: datetime | None = None, bin_width: int = BIN_WIDTH,
                     bins: Bins | None = None) -> list[dict]:
    """reliability() of lines, from line reviews; a line marked unreadable measures nothing."""
    return reliability(since=since, bin_width=bin_width, bins=bins, unit=LINES)


def _measured(row: dict) -> tuple[float | None, int]:
    """A bin's error for accepted pages or lines and the reviews behind it: the audit where it
    measured the bin (an unbiased sample of what is accepted), otherwise every review (below the
    threshold that is all of them, a census; above it those another rule sent, so it errs high)."""
    if row["audited"]:
        return row["audit_error"], row["audited"]
    if row["reviewed"]:
        return row["mean_error"], row["reviewed"]
    return None, 0


def candidates(*, since: datetime | None = None, bin_width: int = BIN_WIDTH, bins: Bins | None = None,
               unit: str = PAGES) -> list[dict]:
    """For every threshold t on a bin edge (0, 5, ..., 100), what applying it would do.

    Each item: threshold; review_rate, the share (0-1) of routed pages or lines with confidence
    below t (other rules and the audit add a few reviews on top); accepted_error, the estimated mean
    error of what t would accept: each bin at or above t contributes its measured error weighted by
    what was routed in it; None when some of that sits in a bin no review measured (unmeasured says
    how many) or when t accepts nothing; sample, the reviews behind the estimate; accepted, what t
    accepts. Empty when nothing was routed. Thresholds sit on bin edges so that each bin is wholly
    accepted or wholly reviewed.
    """
    bins = _reading(bins, since, bin_width)
    rows = bins.of(unit)
    total = sum(row["routed"] for row in rows.values())
    if not total:
        return []
    table = []
    for edge in range(0, 100 // bins.width + 1):
        accepted = [row for index, row in rows.items() if index >= edge and row["routed"]]
        accepted_count = sum(row["routed"] for row in accepted)
        weighted, sample, unmeasured = 0.0, 0, 0
        for row in accepted:
            error, reviews = _measured(row)
            if error is None:
                unmeasured += row["routed"]
            else:
                weighted += error * row["routed"]
                sample += reviews
        table.append({
            "threshold": float(edge * bins.width),
            "review_rate": (total - accepted_count) / total,
            "accepted_error": weighted / accepted_count if accepted_count and not unmeasured else None,
            "sample": sample, "accepted": accepted_count, "unmeasured": unmeasured,
        })
    return table


def line_candidates(*, since: datetime | None = None, bin_width: int = BIN_WIDTH,
                    bins: Bins | None = None) -> list[dict]:
    """candidates() for the line threshold T_L: the share of lines a person would read at each."""
    return candidates(since=since, bin_width=bin_width, bins=bins, unit=LINES)


def _reviews(unit: str, n: int) -> str:
    if unit == LINES:
        return ngettext("%(n)d reviewed line", "%(n)d reviewed lines", n) % {"n": n}
    return ngettext("%(n)d reviewed page", "%(n)d reviewed pages", n) % {"n": n}


def recommend(*, target_error: float, since: datetime | None = None, table: list[dict] | None = None,
              unit: str = PAGES) -> dict:
    """The threshold with the fewest reviews whose accepted pages (or lines) are estimated at or
    below target_error (0-1), from estimates resting on at least MIN_SAMPLE reviews.

    Thresholds that split alike tie; the highest of them wins, so that what sits in the bins
    between them, which nobody has measured, goes to a person rather than through.

    Returns threshold (None when there is no recommendation), review_rate, accepted_error,
    sample and reason, a sentence for the page. table: candidates() already computed.
    """
    table = candidates(since=since, unit=unit) if table is None else table
    none = {"threshold": None, "review_rate": None, "accepted_error": None, "sample": 0}
    if not table:  # reviews, perhaps, but nothing read to weigh their errors by
        return none | {"reason": _(
            "No line of a stored scan to count: each step's measured error is weighed by the lines read in it. "
            "Upload scans.") if unit == LINES else _("No page read in the period: there is nothing to estimate.")}
    reviewed = max((row["sample"] for row in table), default=0)
    if reviewed < MIN_SAMPLE:
        return none | {"sample": reviewed, "reason": _(
            "Too little data: the estimates rest on %(reviews)s at most, and a recommendation needs at "
            "least %(min)d behind it.") % {"reviews": _reviews(unit, reviewed), "min": MIN_SAMPLE}}
    measured = [row for row in table if row["accepted_error"] is not None and row["sample"] >= MIN_SAMPLE]
    if not measured:
        return none | {"reason": _(
            "No threshold has an estimate yet: some confidence steps with accepted text have no review in "
            "them. The audit sample fills them in as reviewers work.")}
    meeting = [row for row in measured if row["accepted_error"] <= target_error + TOLERANCE]
    if not meeting:
        best = min(measured, key=lambda row: (row["accepted_error"], row["review_rate"], -row["threshold"]))
        return none | {"reason": _(
            "No threshold keeps the error of accepted text at or below %(target).1f%%: the lowest estimate "
            "resting on at least %(min)d reviews is %(best).1f%% (threshold %(t)g). Set a higher target, or have "
            "people read everything.") % {
            "target": target_error * 100, "best": best["accepted_error"] * 100, "t": best["threshold"],
            "min": MIN_SAMPLE}}
    best = min(meeting, key=lambda row: (row["review_rate"], -row["threshold"]))
    sends = (_("it sends %(rate).0f%% of lines to a reviewer") if unit == LINES
             else _("it sends %(rate).0f%% of pages to review")) % {"rate": best["review_rate"] * 100}
    return {
        "threshold": best["threshold"], "review_rate": best["review_rate"],
        "accepted_error": best["accepted_error"], "sample": best["sample"],
        "reason": _(
            "The lowest threshold whose accepted text is estimated at %(error).1f%% error, within the "
            "target of %(target).1f%%; %(sends)s (from %(reviews)s).") % {
            "error": best["accepted_error"] * 100, "target": target_error * 100, "sends": sends,
            "reviews": _reviews(unit, best["sample"])},
    }


def overview(*, target_error: float | None, since: datetime | None = None, bin_width: int | None = None) -> dict:
    """Everything the calibration page shows, from one reading: per unit (PAGES, LINES) its
    reliability, candidates and recommendation (None without a target), and the thresholds in use
    (current: T, current_line: T_L)."""
    bins = measure(since=since, bin_width=bin_width or BIN_WIDTH)  # BIN_WIDTH as it is now, not at import
    page_threshold, line_threshold = thresholds()
    found = {"bin_width": bins.width, "current": page_threshold, "current_line": line_threshold}
    for unit in (PAGES, LINES):
        table = candidates(bins=bins, unit=unit)
        found[unit] = {
            "reliability": reliability(bins=bins, unit=unit), "candidates": table,
            "reviewed": sum(row["reviewed"] for row in bins.of(unit).values()),
            "routed": sum(row["routed"] for row in bins.of(unit).values()),
            "recommendation": None if target_error is None else recommend(
                target_error=target_error, table=table, unit=unit),
        }
    return found


def applied_threshold() -> float | None:
    """The threshold last applied on the calibration page; None until one is."""
    return ThresholdChange.objects.values_list("threshold", flat=True).first()


def thresholds() -> tuple[float, float]:
    """(T, T_L) in use, from one query: the threshold last applied is both; until one is, the
    settings' IDP_MIN_MEAN_CONFIDENCE (T, the colour of confident words) and IDP_MIN_LINE_CONFIDENCE
    (T_L, what the pipeline routes lines by)."""
    latest = applied_threshold()
    if latest is None:
        return settings.IDP_MIN_MEAN_CONFIDENCE, settings.IDP_MIN_LINE_CONFIDENCE
    return latest, latest


def current_threshold() -> float:
    """The page threshold T (the colour of confident words)."""
    return thresholds()[0]


def current_line_threshold() -> float:
    """The line threshold T_L the pipeline routes lines by (pipeline.routing_rules)."""
    return thresholds()[1]


def apply_threshold(*, threshold: float, target_error: float, user, since: datetime | None = None) -> ThresholdChange:
    """Make `threshold` the line threshold T_L the pipeline routes by, and with it the page threshold
    T (one applied value sets both, pipeline.routing_rules); record who, the line threshold before,
    the target and the line estimates for it (None unless a candidate threshold with data)."""
    if not 0 <= threshold <= 100:
        raise ValueError("a threshold is a confidence between 0 and 100")
    if not 0 < target_error < 1:
        raise ValueError("a target error rate is between 0 and 1 (0.05 means 5%)")
    estimate = next((row for row in line_candidates(since=since) if row["threshold"] == threshold), {})
    with transaction.atomic():
        return ThresholdChange.objects.create(
            threshold=threshold, previous=current_line_threshold(), target_error=target_error,
            estimated_review_rate=estimate.get("review_rate"), estimated_error=estimate.get("accepted_error"),
            applied_by=user if user is not None and user.is_authenticated else None,
        )
