"""The pipeline's metrics over a time window: one function per chart, each one query on the events.

Every figure comes from the StageEvent milestones (events.py), aggregated in the database: a
chart's query reads one window of a few stages through the (stage, finished) index and returns
only its groups (time buckets x labels), never the events themselves. Figures about the present
(documents waiting, reviews open, deadlines passed) take one more query on the live tables.

A window is a whole number of buckets that ends with the bucket the present falls in, so what
happened a second ago is on the chart; an event belongs to it when start <= finished < end.
Buckets are aligned to UTC: 1h in minutes, 24h and 7d in hours. A rate whose denominator is
zero is None: an empty window is "no data", not 0%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.db.models import Count, DateTimeField, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast, Floor, Greatest, Least, Trunc
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events
from .aggregates import Percentile
from .models import Document, Page, Review, StageEvent

WINDOW_NAMES = ("1h", "24h", "7d")
_SPANS = {
    "1h": (timedelta(hours=1), timedelta(minutes=1)),
    "24h": (timedelta(hours=24), timedelta(hours=1)),
    "7d": (timedelta(days=7), timedelta(hours=1)),
}
_TRUNC_KINDS = {timedelta(minutes=1): "minute", timedelta(hours=1): "hour"}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

FILE_TYPES = ("png", "jpeg", "tiff", "pdf")
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


def _events(win: Window, file_type: str, stages: Q) -> QuerySet:
    check_file_type(file_type)
    found = StageEvent.objects.filter(stages, finished__gte=win.start, finished__lt=win.end).order_by()
    return found.filter(file_type=file_type) if file_type else found


def _bucketed(found: QuerySet, win: Window, *fields: str) -> QuerySet:
    """Group `found` by time bucket (as "bucket") and `fields`; the caller adds the aggregates."""
    bucket = Trunc("finished", _TRUNC_KINDS[win.bucket], output_field=DateTimeField(), tzinfo=UTC)
    return found.annotate(bucket=bucket).values("bucket", *fields)


def _now_counts(**querysets: QuerySet) -> dict[str, int]:
    """How many rows each queryset has now, all in one query (a UNION of counts).

    A union takes the model's default ordering back, hence the final order_by().
    """
    parts = [
        found.order_by().annotate(name=Value(name)).values("name").annotate(n=Count("pk"))
        for name, found in querysets.items()
    ]
    counts = dict.fromkeys(querysets, 0)
    counts.update({row["name"]: row["n"] for row in parts[0].union(*parts[1:], all=True).order_by()})
    return counts


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def throughput(win: Window, *, file_type: str = "") -> dict:
    """Documents uploaded, pages processed and pages reviewed, per minute in each bucket."""
    names = {events.UPLOAD: "uploaded", events.PAGE: "processed", events.REVIEW: "reviewed"}
    found = _events(win, file_type, Q(stage__in=names))
    counts = {name: [0] * len(win.buckets) for name in names.values()}
    for row in _bucketed(found, win, "stage").annotate(n=Count("id")):
        counts[names[row["stage"]]][win.slot(row["bucket"])] += row["n"]
    minutes = win.bucket.total_seconds() / 60
    return {
        "buckets": win.buckets,
        "per_minute": {name: [n / minutes for n in series] for name, series in counts.items()},
        "totals": {name: sum(series) for name, series in counts.items()},
    }


def latency(win: Window, *, file_type: str = "") -> dict:
    """Seconds from upload to routed and from upload to final: p50 and p95 per bucket and overall."""
    found = _events(win, file_type, Q(stage__in=(events.ROUTED, events.FINAL)))
    percentiles = {"p50": Percentile("duration", 0.5), "p95": Percentile("duration", 0.95)}
    per_bucket = _bucketed(found, win, "stage").annotate(**percentiles)
    # The whole window's rows (bucket NULL) come in the same query: one chart, one query.
    whole = found.annotate(bucket=Value(None, output_field=DateTimeField())).values("bucket", "stage")
    series = {stage: {"p50": [None] * len(win.buckets), "p95": [None] * len(win.buckets)}
              for stage in ("routed", "final")}
    overall = dict.fromkeys(("routed_p50", "routed_p95", "final_p50", "final_p95"))
    for row in per_bucket.union(whole.annotate(**percentiles), all=True).order_by():
        for p in ("p50", "p95"):
            if row["bucket"] is None:
                overall[f"{row['stage']}_{p}"] = row[p]
            else:
                series[row["stage"]][p][win.slot(row["bucket"])] = row[p]
    return {"buckets": win.buckets, **series, "overall": overall}


def queue_now(*, file_type: str = "") -> dict[str, int]:
    """Documents waiting for a worker and pages waiting for a reviewer, now (one query)."""
    check_file_type(file_type)
    waiting = Document.objects.filter(status=Document.Status.QUEUED)
    open_reviews = Review.objects.exclude(status=Review.Status.SUBMITTED)
    if file_type:
        waiting = waiting.filter(content_type=file_type)
        open_reviews = open_reviews.filter(page__document__content_type=file_type)
    return _now_counts(waiting_for_worker=waiting, waiting_for_reviewer=open_reviews)


def queue_depth(win: Window, *, file_type: str = "") -> dict:
    """How many waited at the end of each bucket, for a worker (documents) and a reviewer (pages).

    Queues are not recorded over time, so the depth is rebuilt backwards from the present: before
    a bucket there were as many as after it, minus what arrived in it, plus what left it.
    """
    moves = {  # stage: (queue, +1 arrives / -1 leaves)
        events.UPLOAD: ("waiting_for_worker", 1), events.QUEUE: ("waiting_for_worker", -1),
        events.PAGE: ("waiting_for_reviewer", 1), events.REVIEW: ("waiting_for_reviewer", -1),
    }
    found = _events(
        win, file_type,
        Q(stage__in=(events.UPLOAD, events.QUEUE, events.REVIEW)) | Q(stage=events.PAGE, label=Page.Route.REVIEW),
    )
    net = {"waiting_for_worker": [0] * len(win.buckets), "waiting_for_reviewer": [0] * len(win.buckets)}
    for row in _bucketed(found, win, "stage").annotate(n=Count("id")):
        queue, sign = moves[row["stage"]]
        net[queue][win.slot(row["bucket"])] += sign * row["n"]
    now = queue_now(file_type=file_type)
    depth = {}
    for queue, changes in net.items():
        level, series = now[queue], []
        for change in reversed(changes):
            # Never below zero: documents deleted by retention leave the queue without an event.
            series.append(max(0, level))
            level -= change
        depth[queue] = series[::-1]
    return {"buckets": win.buckets, **depth, "now": now}


def confidence_histogram(win: Window, *, file_type: str = "") -> dict:
    """Pages by mean confidence in bins of 5 (100 goes in the last), split by route."""
    found = _events(win, file_type, Q(stage=events.PAGE, confidence__isnull=False))
    last = len(BINS) - 1
    binned = Greatest(Least(Cast(Floor(F("confidence") / float(BIN_WIDTH)), IntegerField()), last), 0)
    counts = {route: [0] * len(BINS) for route in Page.Route.values}
    for row in found.annotate(bin=binned).values("bin", "label").annotate(n=Count("id")):
        if row["label"] in counts:
            counts[row["label"]][row["bin"]] += row["n"]
    return {"bins": BINS, **counts}


def review_rate(win: Window, *, file_type: str = "") -> dict:
    """Share of routed pages sent to review, overall and per bucket; reviews that were audits."""
    found = _events(win, file_type, Q(stage=events.PAGE) | Q(stage=events.REVIEW, label=events.AUDIT))
    pages, to_review, audit = [0] * len(win.buckets), [0] * len(win.buckets), 0
    for row in _bucketed(found, win, "stage", "label").annotate(n=Count("id")):
        slot = win.slot(row["bucket"])
        if row["stage"] == events.REVIEW:
            audit += row["n"]
            continue
        pages[slot] += row["n"]
        if row["label"] == Page.Route.REVIEW:
            to_review[slot] += row["n"]
    return {
        "pages": sum(pages), "to_review": sum(to_review), "audit": audit,
        "rate": _share(sum(to_review), sum(pages)),
        "buckets": win.buckets, "over_time": [_share(r, p) for r, p in zip(to_review, pages, strict=True)],
    }


def failures(win: Window, *, file_type: str = "") -> dict:
    """Documents that failed among those that finished processing (routed or failed), by kind."""
    found = _events(win, file_type, Q(stage__in=(events.ROUTED, events.FAILED)))
    routed, kinds = 0, {}
    for row in found.values("stage", "label").annotate(n=Count("id")):
        if row["stage"] == events.ROUTED:
            routed += row["n"]
        else:
            kinds[row["label"]] = kinds.get(row["label"], 0) + row["n"]
    failed = sum(kinds.values())
    by_kind = [
        {"kind": kind, "label": str(events.FAILURE_KINDS.get(kind, kind)), "count": count}
        for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {"documents": routed + failed, "failed": failed, "rate": _share(failed, routed + failed),
            "by_kind": by_kind}


def sla(win: Window, *, file_type: str = "") -> dict:
    """Documents final on time or late in the window, and those open past their deadline now."""
    found = _events(win, file_type, Q(stage=events.FINAL))
    labels = {row["label"]: row["n"] for row in found.values("label").annotate(n=Count("id"))}
    on_time, late = labels.get(events.ON_TIME, 0), labels.get(events.LATE, 0)
    overdue = Document.objects.exclude(status__in=(Document.Status.DONE, Document.Status.FAILED)).filter(
        sla_deadline__lt=timezone.now()
    )
    if file_type:
        overdue = overdue.filter(content_type=file_type)
    overdue_open = _now_counts(overdue_open=overdue)["overdue_open"]
    return {
        "final": on_time + late, "on_time": on_time, "late": late, "overdue_open": overdue_open,
        "compliance": _share(on_time, on_time + late + overdue_open), "sla_hours": settings.IDP_SLA_HOURS,
    }


def reviewer_throughput(win: Window, *, file_type: str = "") -> list[dict]:
    """Pages each reviewer submitted and their median seconds per page (claim to submit), busiest first."""
    found = _events(win, file_type, Q(stage=events.REVIEW))
    rows = (
        found.values("reviewer_id", "reviewer__username")
        .annotate(pages=Count("id"), median=Percentile("duration", 0.5))
        .order_by("-pages", F("reviewer__username").asc(nulls_last=True))
    )
    return [
        {
            "reviewer_id": row["reviewer_id"],
            "username": row["reviewer__username"] or _("(deleted)"),
            "pages": row["pages"],
            "median_seconds": row["median"],
            "pages_per_hour": 3600 / row["median"] if row["median"] else None,
        }
        for row in rows
    ]


def summary(win: Window, *, file_type: str = "") -> dict:
    """The headline figures of a window, for the metrics API: totals and rates, no series."""
    totals = throughput(win, file_type=file_type)["totals"]
    minutes = (win.end - win.start).total_seconds() / 60
    overall = latency(win, file_type=file_type)["overall"]
    return {
        "window": win.name, "start": win.start, "end": win.end, "file_type": file_type,
        "throughput": {**totals, "per_minute": {name: n / minutes for name, n in totals.items()}},
        "latency_p50_s": overall["routed_p50"], "latency_p95_s": overall["routed_p95"],
        "final_latency_p50_s": overall["final_p50"], "final_latency_p95_s": overall["final_p95"],
        "queue_depth": queue_now(file_type=file_type),
        "review_rate": review_rate(win, file_type=file_type)["rate"],
        "failure_rate": failures(win, file_type=file_type)["rate"],
        "sla_compliance": sla(win, file_type=file_type)["compliance"],
        "confidence_histogram": confidence_histogram(win, file_type=file_type),
    }
