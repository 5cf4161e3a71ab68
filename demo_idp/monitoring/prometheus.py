"""The document pipeline in Prometheus' text format, for /metrics and the people who run Grafana.

Everything is read from the database at scrape time, not counted in this process: the web server
runs several processes and the work is done by Celery workers elsewhere, so no in-process counter
would see it all. The histogram and the failure counter are the all-time counters the rollups keep
(StageTotal, monitoring/rollups.py) plus the events since the last rolled-up minute: they only go
up, whatever is purged, so Prometheus' rate() and increase() see no reset. A scrape reads a table
of a few dozen rows and the last minute or two of events, however many events are stored.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from prometheus_client import generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry
from prometheus_client.utils import floatToGoString

from . import events, metrics, rollups
from ..models import Document, Page, Review, StageEvent

# The stages whose durations mean something: a stage of work, a wait in a queue, or the time from
# upload to a milestone. Upload is always 0 s and a failure's time is not a latency worth a histogram.
HISTOGRAM_STAGES = events.PROCESSING + (events.QUEUE, events.PAGE, events.ROUTED, events.REVIEW, events.FINAL)

BUCKETS = rollups.PROMETHEUS_BUCKETS


def _counts_by(rows: QuerySet, field: str, values) -> dict[str, int]:
    """Rows per value of `field`, with 0 for each of `values` that has none (a series never vanishes)."""
    found = dict(rows.order_by().values_list(field).annotate(n=Count("pk")))
    return {value: found.get(value, 0) for value in values} | found


def _gauge(name: str, documentation: str, label: str, counts: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=[label])
    for value, count in counts.items():
        family.add_metric([value], count)
    return family


def counters() -> tuple[dict[str, dict], dict[str, int]]:
    """stage_durations and failures, read together with the counters they add to (rollups.totals)."""
    with transaction.atomic():
        totals, closed_until = rollups.totals()
        return _stage_durations(totals, closed_until), _failures(totals, closed_until)


def stage_durations() -> dict[str, dict]:
    """Per stage: cumulative bucket counts (one per BUCKETS bound), count and sum of durations."""
    return counters()[0]


def _stage_durations(totals: dict, closed_until) -> dict[str, dict]:
    # The events since closed_until in one query: each bucket is a conditional count over the same rows.
    buckets = {f"le{index}": Count("pk", filter=Q(duration__lte=bound)) for index, bound in enumerate(BUCKETS)}
    recent = StageEvent.objects.filter(stage__in=HISTOGRAM_STAGES).order_by()
    recent = recent.filter(finished__gte=closed_until) if closed_until else recent
    found = {row["stage"]: row
             for row in recent.values("stage").annotate(count=Count("pk"), sum=Sum("duration"), **buckets)}
    durations = {}
    for stage in HISTOGRAM_STAGES:
        row = found.get(stage, {})
        counted = [row.get(key, 0) for key in buckets]
        count, seconds = row.get("count", 0), row.get("sum") or 0.0
        for (stored, _label), total in totals.items():
            if stored == stage:
                cumulative = [sum(total.buckets[: index + 1]) for index in range(len(BUCKETS))]
                counted = [a + b for a, b in zip(counted, cumulative, strict=True)]
                count, seconds = count + total.count, seconds + total.duration_sum
        durations[stage] = {"buckets": counted, "count": count, "sum": seconds}
    return durations


def _failures(totals: dict, closed_until) -> dict[str, int]:
    """Failed documents by kind, ever: the counters plus the failures since closed_until."""
    recent = StageEvent.objects.filter(stage=events.FAILED)
    recent = recent.filter(finished__gte=closed_until) if closed_until else recent
    counted = _counts_by(recent, "label", events.FAILURE_KINDS)
    for (stage, label), total in totals.items():
        if stage == events.FAILED:
            counted[label] = counted.get(label, 0) + total.count
    return counted


class PipelineCollector(Collector):
    """Documents, pages and reviews by status, queue depth, stage durations and failures by kind."""

    def collect(self) -> Iterator[Metric]:
        documents = _counts_by(Document.objects.all(), "status", Document.Status.values)
        reviews = _counts_by(Review.objects.all(), "status", Review.Status.values)
        yield _gauge("idp_documents", "Documents by status.", "status", documents)
        pages = _counts_by(Page.objects.all(), "status", Page.Status.values)
        yield _gauge("idp_pages", "Pages by status.", "status", pages)
        yield _gauge("idp_reviews", "Reviews by status.", "status", reviews)
        now = metrics.queue_now()  # the dashboard's "Waiting now", the same rule
        waiting = {"worker": now["waiting_for_worker"], "reviewer": now["waiting_for_reviewer"],
                   "reviewer_lines": now["lines_for_reviewer"]}
        yield _gauge("idp_queue_depth", "Documents waiting for a worker; pages waiting for a person (read whole or "
                     "by their doubtful lines); those doubtful lines.", "queue", waiting)
        durations, failures = counters()

        histogram = HistogramMetricFamily(
            "idp_stage_duration_seconds", "Seconds per stage, over every stage event recorded.", labels=["stage"]
        )
        for stage, measured in durations.items():
            bounds = [floatToGoString(bound) for bound in BUCKETS] + ["+Inf"]
            histogram.add_metric(
                [stage], list(zip(bounds, measured["buckets"] + [measured["count"]])), sum_value=measured["sum"]
            )
        yield histogram

        failed = CounterMetricFamily(
            "idp_documents_failed", "Failed documents by kind of failure, ever.", labels=["kind"]
        )
        for kind, count in failures.items():
            failed.add_metric([kind], count)
        yield failed


REGISTRY = CollectorRegistry()  # private: the global one would add this process's Python metrics
REGISTRY.register(PipelineCollector())


def render() -> bytes:
    """The exposition text of every family, read from the database now."""
    return generate_latest(REGISTRY)
