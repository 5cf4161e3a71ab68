"""The pipeline's metrics over a time window: one function per chart, each one query on the events.

Every figure comes from the StageEvent milestones (events.py), through rollups.tally: the rollups
of the closed minutes, quarter-hours, hours and days in the window, and the events themselves only
for the open edge, so a week costs about what an hour does. Counts are exact; percentiles come
from duration bins (rollups.resolution() says how exact). Figures about the present (documents
waiting, reviews open, deadlines passed) take one more query on the live tables.
charts() answers every chart at once with fewer queries (for the dashboard), summary() the
headline figures without series (for the API).

A window is a whole number of buckets that ends with the bucket the present falls in, so what
happened a second ago is on the chart; an event belongs to it when start <= finished < end.
Buckets are aligned to UTC: 1h in minutes, 24h in quarter-hours, 7d in hours. A rate whose
denominator is zero is None: an empty window is "no data", not 0%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events, rollups
from ..intake import sniff
from ..models import Document, Line, Page

WINDOW_NAMES = ("1h", "24h", "7d")
_SPANS = {
    "1h": (timedelta(hours=1), timedelta(minutes=1)),
    "24h": (timedelta(hours=24), timedelta(minutes=15)),
    "7d": (timedelta(days=7), timedelta(hours=1)),
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

FILE_TYPES = sniff.FILE_TYPES  # the kinds an upload can be, as StageEvent.file_type records them
BIN_WIDTH = 5
BINS = list(range(0, 100, BIN_WIDTH))


@dataclass(frozen=True)
class Window:
    name: str
    start: datetime
    end: datetime
    bucket: timedelta

    @cached_property
    def buckets(self) -> list[datetime]:
        """The start of every bucket, oldest first."""
        return [self.start + i * self.bucket for i in range((self.end - self.start) // self.bucket)]

    def slot(self, moment: datetime) -> int:
        """The index of the bucket that starts at `moment`."""
        return (moment - self.start) // self.bucket


def window(name: str = "1h", *, now: datetime | None = None) -> Window:
    """The named window ending with the bucket `now` (default: the present) falls in."""
    if name not in _SPANS:
        raise ValueError(_("window must be one of %(names)s") % {"names": ", ".join(WINDOW_NAMES)})
    span, bucket = _SPANS[name]
    now = now or timezone.now()
    end = _EPOCH + ((now - _EPOCH) // bucket + 1) * bucket
    return Window(name, end - span, end, bucket)


def check_file_type(file_type: str) -> None:
    """Refuse a file-type filter that is not one we accept ("" means all types)."""
    if file_type and file_type not in FILE_TYPES:
        raise ValueError(
            _("file_type must be one of %(types)s, or empty for all") % {"types": ", ".join(FILE_TYPES)}
        )


def _now_counts(**querysets: QuerySet) -> dict[str, int]:
    """How many rows each queryset has now, all in one query (a UNION of counts).

    A union takes the model's default ordering back, hence the final order_by().
    """
    parts = [
        found.order_by().annotate(name=Value(name)).values("name").annotate(n=Count("*"))
        for name, found in querysets.items()
    ]
    counts = dict.fromkeys(querysets, 0)
    counts.update({row["name"]: row["n"] for row in parts[0].union(*parts[1:], all=True).order_by()})
    return counts


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# Counting events. A chart's query groups its stages by (stage, label), and by time bucket when
# it draws a series; the figures are then built from those counts by the small functions below,
# which charts() and summary() share.

Counts = dict[tuple[str, str], list[int]]  # (stage, label): events in each bucket
Totals = dict[tuple[str, str], int]  # (stage, label): events in the window


def _tally(win: Window, file_type: str, stages, **options) -> dict[tuple, rollups.Tally]:
    check_file_type(file_type)
    return rollups.tally(win.start, win.end, stages=stages, file_type=file_type, **options)


def _counts_by_bucket(win: Window, file_type: str, stages) -> Counts:
    counts: Counts = {}
    for (bucket, stage, label), found in _tally(win, file_type, stages, bucket=win.bucket).items():
        counts.setdefault((stage, label), [0] * len(win.buckets))[win.slot(bucket)] += found.count
    return counts


def _series(win: Window, counts: Counts, stage: str, label: str | None = None) -> list[int]:
    """Events of a stage (and label, if given) in each bucket."""
    total = [0] * len(win.buckets)
    for (counted, counted_label), series in counts.items():
        if counted == stage and label in (None, counted_label):
            total = [a + b for a, b in zip(total, series, strict=True)]
    return total


def _stage_label_counts(win: Window, file_type: str, stages) -> Totals:
    """Events of `stages` in the window by (stage, label), without time buckets."""
    return {(stage, label): found.count for (_bucket, stage, label), found in _tally(win, file_type, stages).items()}


def _totals(counts: Counts) -> Totals:
    """The window's events by (stage, label), from their counts by bucket."""
    return {key: sum(series) for key, series in counts.items()}


def _stage_total(totals: Totals, stage: str) -> int:
    return sum(n for (counted, _label), n in totals.items() if counted == stage)


THROUGHPUT = {events.UPLOAD: "uploaded", events.PAGE: "processed", events.REVIEW: "reviewed"}


def throughput(win: Window, *, file_type: str = "") -> dict:
    """Documents uploaded, pages processed and pages reviewed, per minute in each bucket."""
    return _throughput(win, _counts_by_bucket(win, file_type, THROUGHPUT))


def _throughput(win: Window, counts: Counts) -> dict:
    series = {name: _series(win, counts, stage) for stage, name in THROUGHPUT.items()}
    minutes = win.bucket.total_seconds() / 60
    return {
        "buckets": win.buckets,
        "per_minute": {name: [n / minutes for n in counted] for name, counted in series.items()},
        "totals": {name: sum(counted) for name, counted in series.items()},
    }


LATENCY_STAGES = (events.ROUTED, events.FINAL)


def latency(win: Window, *, file_type: str = "") -> dict:
    """Seconds from upload to routed and from upload to final: p50 and p95 per bucket and overall.

    From duration bins (rollups.percentile): "resolution" says how exact they are.
    """
    found = _tally(win, file_type, LATENCY_STAGES, bucket=win.bucket, by=("stage",), durations=True)
    series = {stage: {"p50": [None] * len(win.buckets), "p95": [None] * len(win.buckets)} for stage in LATENCY_STAGES}
    for (bucket, stage), tallied in found.items():
        slot = win.slot(bucket)
        series[stage]["p50"][slot], series[stage]["p95"][slot] = rollups.percentiles(tallied.durations, (0.5, 0.95))
    return {"buckets": win.buckets, **series, "overall": _latency_overall(found), "resolution": rollups.resolution()}


def _latency_overall(found: dict[tuple, rollups.Tally]) -> dict:
    """p50 and p95 of routed and final over the whole window, from their tallies (by bucket or not)."""
    overall = {}
    for stage in LATENCY_STAGES:
        whole = rollups.merged(tallied for (_bucket, counted), tallied in found.items() if counted == stage)
        overall[f"{stage}_p50"], overall[f"{stage}_p95"] = rollups.percentiles(whole.durations, (0.5, 0.95))
    return overall


def _waiting(file_type: str) -> dict[str, QuerySet]:
    """Documents waiting for a worker; pages waiting for a person, read whole or by their doubtful
    lines (as the queue's series count them: routed to review in, reviewed out), and those lines."""
    check_file_type(file_type)
    waiting = Document.objects.filter(status=Document.Status.QUEUED)
    pages = Page.objects.filter(status=Page.Status.NEEDS_REVIEW)
    lines = Line.objects.filter(status__in=Line.WAITING)
    if file_type:
        waiting = waiting.filter(content_type=file_type)
        pages = pages.filter(document__content_type=file_type)
        lines = lines.filter(page__document__content_type=file_type)
    return {"waiting_for_worker": waiting, "waiting_for_reviewer": pages, "lines_for_reviewer": lines}


def _overdue(file_type: str) -> QuerySet:
    """Documents neither done nor failed whose SLA deadline has passed."""
    check_file_type(file_type)
    overdue = Document.objects.exclude(status__in=(Document.Status.DONE, Document.Status.FAILED)).filter(
        sla_deadline__lt=timezone.now()
    )
    return overdue.filter(content_type=file_type) if file_type else overdue


def queue_now(*, file_type: str = "") -> dict[str, int]:
    """Documents waiting for a worker, pages and lines waiting for a reviewer, now (one query)."""
    return _now_counts(**_waiting(file_type))


QUEUE_STAGES = (events.UPLOAD, events.QUEUE, events.PAGE, events.REVIEW)


def queue_depth(win: Window, *, file_type: str = "") -> dict:
    """How many waited at the end of each bucket, for a worker (documents) and a reviewer (pages).

    Queues are not recorded over time, so the depth is rebuilt backwards from the present: before
    a bucket there were as many as after it, minus what arrived in it, plus what left it.
    """
    return _queue_depth(win, _counts_by_bucket(win, file_type, QUEUE_STAGES), queue_now(file_type=file_type))


def _queue_depth(win: Window, counts: Counts, now: dict[str, int]) -> dict:
    # Arrivals minus departures: uploads in, pickups out; pages routed to review in, reviews out.
    # (All pages are counted by route, not only those for review: an OR in the WHERE clause would
    # keep PostgreSQL from answering from an index alone.)
    net = {
        "waiting_for_worker": zip(_series(win, counts, events.UPLOAD), _series(win, counts, events.QUEUE), strict=True),
        "waiting_for_reviewer": zip(_series(win, counts, events.PAGE, Page.Route.REVIEW),
                                    _series(win, counts, events.REVIEW), strict=True),
    }
    depth = {}
    for queue, moves in net.items():
        level, series = now[queue], []
        for arrived, left in reversed(list(moves)):
            # Never below zero: documents deleted by retention leave the queue without an event.
            series.append(max(0, level))
            level -= arrived - left
        depth[queue] = series[::-1]
    return {"buckets": win.buckets, **depth,
            "now": {queue: now[queue] for queue in (*net, "lines_for_reviewer")}}


def confidence_histogram(win: Window, *, file_type: str = "") -> dict:
    """Pages by mean confidence in bins of 5 (100 goes in the last), split by route."""
    counts = {route: [0] * len(BINS) for route in Page.Route.values}
    for (_bucket, route), found in _tally(win, file_type, (events.PAGE,), by=("label",), confidences=True).items():
        if route in counts:
            for point, (n, *_reviewed) in found.confidences.items():
                counts[route][point // BIN_WIDTH] += n
    return {"bins": BINS, **counts}


def review_rate(win: Window, *, file_type: str = "") -> dict:
    """Share of routed pages sent to review, overall and per bucket; reviews that were audits."""
    return _review_rate(win, _counts_by_bucket(win, file_type, (events.PAGE, events.REVIEW)))


def _review_rate(win: Window, counts: Counts) -> dict:
    pages, to_review = _series(win, counts, events.PAGE), _series(win, counts, events.PAGE, Page.Route.REVIEW)
    return {
        **_review_share(_totals(counts)),
        "buckets": win.buckets, "over_time": [_share(r, p) for r, p in zip(to_review, pages, strict=True)],
    }


def _review_share(totals: Totals) -> dict:
    """Routed pages, those sent to review and their share (the review rate); reviews that were audits.

    The one rule for the review rate, used by the dashboard's chart and by the API's summary.
    """
    pages, to_review = _stage_total(totals, events.PAGE), totals.get((events.PAGE, Page.Route.REVIEW), 0)
    audit = sum(n for (stage, label), n in totals.items() if stage == events.REVIEW and events.is_audit(label))
    return {"pages": pages, "to_review": to_review, "audit": audit,
            "rate": _share(to_review, pages)}


def failures(win: Window, *, file_type: str = "") -> dict:
    """Documents that failed among those that finished processing (routed or failed), by kind."""
    return _failures(_stage_label_counts(win, file_type, (events.ROUTED, events.FAILED)))


def _failures(totals: Totals) -> dict:
    routed = _stage_total(totals, events.ROUTED)
    kinds = {label: n for (stage, label), n in totals.items() if stage == events.FAILED and n}
    failed = sum(kinds.values())
    by_kind = [
        {"kind": kind, "label": str(events.FAILURE_KINDS.get(kind, kind)), "count": count}
        for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {"documents": routed + failed, "failed": failed, "rate": _share(failed, routed + failed),
            "by_kind": by_kind}


def sla(win: Window, *, file_type: str = "") -> dict:
    """Documents final on time or late in the window, and those open past their deadline now."""
    totals = _stage_label_counts(win, file_type, (events.FINAL,))
    return _sla(totals, _now_counts(overdue_open=_overdue(file_type))["overdue_open"])


def _sla(totals: Totals, overdue_open: int) -> dict:
    on_time, late = totals.get((events.FINAL, events.ON_TIME), 0), totals.get((events.FINAL, events.LATE), 0)
    return {
        "final": on_time + late, "on_time": on_time, "late": late, "overdue_open": overdue_open,
        "compliance": _share(on_time, on_time + late + overdue_open), "sla_hours": settings.IDP_SLA_HOURS,
    }


def reviewer_throughput(win: Window, *, file_type: str = "") -> list[dict]:
    """Pages each reviewer submitted and their median seconds per page (claim to submit), busiest first.

    Every page counts; the median is of the pages read whole (a page whose doubtful lines were read
    one by one took the seconds of those lines only, events.AUDIT_BY_LINES)."""
    found = _tally(win, file_type, (events.REVIEW,), by=("reviewer", "label"), durations=True)
    names = dict(get_user_model().objects.filter(pk__in=[key[1] for key in found if key[1] is not None])
                 .values_list("pk", "username"))
    pages: dict[int | None, int] = {}
    whole: dict[int | None, rollups.Tally] = {}
    for (_bucket, reviewer_id, label), tallied in found.items():
        pages[reviewer_id] = pages.get(reviewer_id, 0) + tallied.count
        if label not in events.BY_LINES:
            whole.setdefault(reviewer_id, rollups.Tally()).merge(tallied)
    rows = []
    for reviewer_id, count in pages.items():
        median = rollups.percentile(whole[reviewer_id].durations, 0.5) if reviewer_id in whole else None
        rows.append({
            "reviewer_id": reviewer_id,
            "username": names.get(reviewer_id) or _("(deleted)"),
            "pages": count,
            "median_seconds": median,
            # No speed from reviews too quick to be a reading of a page (events.MIN_REVIEW_SECONDS).
            "pages_per_hour": 3600 / median if (median or 0) >= events.MIN_REVIEW_SECONDS else None,
        })
    return sorted(rows, key=lambda row: (-row["pages"], row["reviewer_id"] is None, names.get(row["reviewer_id"], "")))


def charts(win: Window, *, file_type: str = "") -> dict:
    """Every chart above, keyed by its function's name.

    The charts that count events (throughput, queue depth, review rate, failures, SLA) share one
    tally of all the milestones by bucket and label; the present is one query; latency, the
    histogram and the reviewers keep their own tally.
    """
    counts = _counts_by_bucket(win, file_type, events.MILESTONES)
    totals = _totals(counts)
    now = _now_counts(**_waiting(file_type), overdue_open=_overdue(file_type))
    return {
        "throughput": _throughput(win, counts),
        "latency": latency(win, file_type=file_type),
        "queue_depth": _queue_depth(win, counts, now),
        "confidence_histogram": confidence_histogram(win, file_type=file_type),
        "review_rate": _review_rate(win, counts),
        "failures": _failures(totals),
        "sla": _sla(totals, now["overdue_open"]),
        "reviewer_throughput": reviewer_throughput(win, file_type=file_type),
    }


def summary(win: Window, *, file_type: str = "") -> dict:
    """The headline figures of a window, for the metrics API: totals and rates, no series.

    Without time buckets the figures come cheaper: one tally counts every milestone by label,
    one gives the latency percentiles, one the histogram, one query the present.
    """
    totals = _stage_label_counts(win, file_type, (*THROUGHPUT, events.ROUTED, events.FAILED, events.FINAL))
    counted = {name: _stage_total(totals, stage) for stage, name in THROUGHPUT.items()}
    minutes = (win.end - win.start).total_seconds() / 60
    overall = _latency_overall(_tally(win, file_type, LATENCY_STAGES, by=("stage",), durations=True))
    now = _now_counts(**_waiting(file_type), overdue_open=_overdue(file_type))
    return {
        "window": win.name, "start": win.start, "end": win.end, "file_type": file_type,
        "throughput": {**counted, "per_minute": {name: n / minutes for name, n in counted.items()}},
        "latency_p50_s": overall["routed_p50"], "latency_p95_s": overall["routed_p95"],
        "final_latency_p50_s": overall["final_p50"], "final_latency_p95_s": overall["final_p95"],
        "latency_resolution": rollups.resolution(),
        "queue_depth": {queue: now[queue] for queue in ("waiting_for_worker", "waiting_for_reviewer",
                                                         "lines_for_reviewer")},
        "review_rate": _review_share(totals)["rate"],
        "failure_rate": _failures(totals)["rate"],
        "sla_compliance": _sla(totals, now["overdue_open"])["compliance"],
        "confidence_histogram": confidence_histogram(win, file_type=file_type),
    }
