"""The document pipeline in Prometheus' text format, for /metrics and the people who run Grafana.

Everything is read from the database at scrape time, not counted in this process: the web server
runs several processes and the work is done by Celery workers elsewhere, so no in-process counter
would see it all. Each family is one aggregate query (queue depth reuses two of them); no row is
ever loaded into Python, so a scrape costs the same with a thousand events or a million.

The histogram and the failure counter cover the events still stored: when old events are purged
they drop, which Prometheus' rate() and increase() read as a counter reset, as after a restart.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet, Sum
from prometheus_client import generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry
from prometheus_client.utils import floatToGoString

from . import events
from ..models import Document, Page, Review, StageEvent

# The stages whose durations mean something: a stage of work, a wait in a queue, or the time from
# upload to a milestone. Upload is always 0 s and a failure's time is not a latency worth a histogram.
HISTOGRAM_STAGES = events.PROCESSING + (events.QUEUE, events.PAGE, events.ROUTED, events.REVIEW, events.FINAL)

# Seconds, from a fast processing stage (0.1 s) to the 48 h review SLA (172800 s), so the same
# buckets answer "how long is OCR" and "how many documents finish within a day".
BUCKETS = (
    0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800,
)


def _counts_by(rows: QuerySet, field: str, values) -> dict[str, int]:
    """Rows per value of `field`, with 0 for each of `values` that has none (a series never vanishes)."""
    found = dict(rows.order_by().values_list(field).annotate(n=Count("pk")))
    return {value: found.get(value, 0) for value in values} | found


def _gauge(name: str, documentation: str, label: str, counts: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=[label])
    for value, count in counts.items():
        family.add_metric([value], count)
    return family


def stage_durations() -> dict[str, dict]:
    """Per stage: cumulative bucket counts (one per BUCKETS bound), count and sum of durations.

    One query: each bucket is a conditional count over the same rows, so the database makes one pass.
    """
    buckets = {f"le{index}": Count("pk", filter=Q(duration__lte=bound)) for index, bound in enumerate(BUCKETS)}
    rows = (
        StageEvent.objects.filter(stage__in=HISTOGRAM_STAGES)
        .order_by()
        .values("stage")
        .annotate(count=Count("pk"), sum=Sum("duration"), **buckets)
    )
    found = {row["stage"]: row for row in rows}
    durations = {}
    for stage in HISTOGRAM_STAGES:
        row = found.get(stage, {})
        durations[stage] = {
            "buckets": [row.get(key, 0) for key in buckets],
            "count": row.get("count", 0),
            "sum": row.get("sum") or 0.0,
        }
    return durations


class PipelineCollector(Collector):
    """Documents, pages and reviews by status, queue depth, stage durations and failures by kind."""

    def collect(self) -> Iterator[Metric]:
        documents = _counts_by(Document.objects.all(), "status", Document.Status.values)
        reviews = _counts_by(Review.objects.all(), "status", Review.Status.values)
        yield _gauge("idp_documents", "Documents by status.", "status", documents)
        pages = _counts_by(Page.objects.all(), "status", Page.Status.values)
        yield _gauge("idp_pages", "Pages by status.", "status", pages)
        yield _gauge("idp_reviews", "Reviews by status.", "status", reviews)
        waiting = {
            "worker": documents[Document.Status.QUEUED],
            "reviewer": reviews[Review.Status.OPEN] + reviews[Review.Status.CLAIMED],
        }
        yield _gauge("idp_queue_depth", "Documents waiting for a worker; reviews not yet submitted.", "queue", waiting)

        histogram = HistogramMetricFamily(
            "idp_stage_duration_seconds", "Seconds per stage, over the stored stage events.", labels=["stage"]
        )
        for stage, measured in stage_durations().items():
            bounds = [floatToGoString(bound) for bound in BUCKETS] + ["+Inf"]
            histogram.add_metric(
                [stage], list(zip(bounds, measured["buckets"] + [measured["count"]])), sum_value=measured["sum"]
            )
        yield histogram

        failed = CounterMetricFamily(
            "idp_documents_failed", "Failed documents by kind of failure, over the stored events.", labels=["kind"]
        )
        failures = _counts_by(StageEvent.objects.filter(stage=events.FAILED), "label", events.FAILURE_KINDS)
        for kind, count in failures.items():
            failed.add_metric([kind], count)
        yield failed


REGISTRY = CollectorRegistry()  # private: the global one would add this process's Python metrics
REGISTRY.register(PipelineCollector())


def render() -> bytes:
    """The exposition text of every family, read from the database now."""
    return generate_latest(REGISTRY)
