"""The metrics (metrics.py) and the percentile aggregate (aggregates.py), on hand-made events.

Runs on SQLite by default and on PostgreSQL in CI: the same expected figures hold on both.
"""

import sqlite3
import statistics
from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from demo_idp.monitoring import events, metrics, rollups
from demo_idp.monitoring.aggregates import Percentile, TimeBucket, add_sqlite_functions, interpolated
from demo_idp.models import Document, Review, StageEvent
from tests.demo_idp.event_scenes import at, document, event, open_review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHARTS = (  # in the order metrics.charts() answers them
    metrics.throughput, metrics.latency, metrics.queue_depth, metrics.confidence_histogram, metrics.review_rate,
    metrics.failures, metrics.sla, metrics.reviewer_throughput,
)


def durations(stage, values, win):
    for i, value in enumerate(values):
        event(stage, at(win, i % 60), duration=value)


# The percentile aggregate


@pytest.mark.parametrize("values", [[7.0, 1.0, 3.0, 10.0, 2.5], [4.0, 1.0, 9.0, 2.0, 8.0, 100.0]])
def test_percentiles_interpolate_like_statistics_quantiles_for_odd_and_even_counts(values, win):
    durations(events.ROUTED, values, win)
    got = StageEvent.objects.aggregate(p50=Percentile("duration", 0.5), p95=Percentile("duration", 0.95),
                                       p0=Percentile("duration", 0), p100=Percentile("duration", 1))
    assert got["p50"] == pytest.approx(statistics.median(values))
    assert got["p95"] == pytest.approx(statistics.quantiles(values, n=20, method="inclusive")[-1])
    assert (got["p0"], got["p100"]) == (min(values), max(values))


def test_the_percentile_of_one_event_is_its_value_and_of_none_is_null(win):
    assert StageEvent.objects.aggregate(p=Percentile("duration", 0.95))["p"] is None
    event(events.ROUTED, at(win, 1), duration=4.2)
    assert StageEvent.objects.aggregate(p=Percentile("duration", 0.95))["p"] == pytest.approx(4.2)


def test_the_percentile_works_per_group_and_with_a_filter(win):
    durations(events.ROUTED, [1.0, 2.0, 3.0], win)
    durations(events.FINAL, [10.0, 30.0], win)
    rows = StageEvent.objects.values("stage").annotate(p=Percentile("duration", 0.5)).order_by("stage")
    assert [(r["stage"], r["p"]) for r in rows] == [("final", 20.0), ("routed", 2.0)]
    only_fast = StageEvent.objects.aggregate(p=Percentile("duration", 0.5, filter=Q(duration__lt=5)))["p"]
    assert only_fast == pytest.approx(2.0)


def test_the_sqlite_functions_answer_like_postgresqls_percentile_cont_and_date_bin():
    # Runs on any suite database: the SQLite side is checked even when CI runs on PostgreSQL.
    db = sqlite3.connect(":memory:")
    add_sqlite_functions(db)
    db.execute("CREATE TABLE t (g TEXT, x REAL)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [("a", 1), ("a", 2), ("a", 3), ("a", 4), ("b", None)])
    rows = db.execute("SELECT g, percentile_cont(x, 0.5), percentile_cont(x, 0.9) FROM t GROUP BY g").fetchall()
    assert rows == [("a", 2.5, pytest.approx(3.7)), ("b", None, None)]
    buckets = db.execute("SELECT metrics_time_bucket('2026-11-22 10:14:59.999999', 900),"
                         " metrics_time_bucket('2026-11-22 10:15:00', 900), metrics_time_bucket(NULL, 60)").fetchone()
    assert buckets == ("2026-11-22 10:00:00", "2026-11-22 10:15:00", None)
    assert interpolated([10.0], 0.3) == 10.0 and interpolated([], 0.5) is None


def test_a_percentile_outside_0_to_1_or_a_bucket_of_part_seconds_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        Percentile("duration", 95)
    with pytest.raises(ValueError, match="whole number of seconds"):
        TimeBucket("finished", seconds=0.5)


# Windows


def test_windows_are_whole_buckets_ending_with_the_current_one():
    now = timezone.now().replace(hour=10, minute=34, second=56)
    hour, day, week = (metrics.window(name, now=now) for name in metrics.WINDOW_NAMES)
    assert (hour.bucket, len(hour.buckets), hour.end) == (timedelta(minutes=1), 60, now.replace(minute=35, second=0,
                                                                                             microsecond=0))
    assert (day.bucket, len(day.buckets), day.end) == (timedelta(minutes=15), 96, now.replace(minute=45, second=0,
                                                                                              microsecond=0))
    assert (week.bucket, len(week.buckets), week.end - week.start) == (timedelta(hours=1), 168, timedelta(days=7))
    assert hour.buckets[0] == hour.start and hour.buckets[-1] == hour.end - hour.bucket


def test_an_unknown_window_or_file_type_is_refused_naming_the_allowed_values(win):
    with pytest.raises(ValueError, match="window must be one of 1h, 24h, 7d"):
        metrics.window("2h")
    for chart in CHARTS:
        with pytest.raises(ValueError, match="file_type must be one of png, jpeg, tiff, pdf"):
            chart(win, file_type="gif")


def test_an_event_counts_from_the_windows_start_up_to_but_not_including_its_end(win):
    event(events.UPLOAD, win.start)
    event(events.UPLOAD, win.start - timedelta(microseconds=1))
    event(events.UPLOAD, win.end)
    event(events.UPLOAD, win.end - timedelta(microseconds=1))
    data = metrics.throughput(win)
    assert data["totals"]["uploaded"] == 2
    assert (data["per_minute"]["uploaded"][0], data["per_minute"]["uploaded"][-1]) == (1.0, 1.0)


def test_an_empty_window_answers_zero_filled_buckets_and_no_rates(win):
    zeros = [0] * 60
    through = metrics.throughput(win)
    assert through["buckets"] == win.buckets and through["per_minute"]["processed"] == zeros
    assert through["totals"] == {"uploaded": 0, "processed": 0, "reviewed": 0}
    latency = metrics.latency(win)
    assert latency["routed"]["p95"] == [None] * 60 and set(latency["overall"].values()) == {None}
    queue = metrics.queue_depth(win)
    assert queue["waiting_for_worker"] == zeros and queue["now"] == {"waiting_for_worker": 0, "waiting_for_reviewer": 0,
                                                                       "lines_for_reviewer": 0}
    assert metrics.confidence_histogram(win) == {"bins": list(range(0, 100, 5)), "auto_accepted": [0] * 20,
                                                 "review": [0] * 20}
    review = metrics.review_rate(win)
    assert (review["pages"], review["rate"], review["over_time"]) == (0, None, [None] * 60)
    assert metrics.failures(win) == {"documents": 0, "failed": 0, "rate": None, "by_kind": []}
    assert metrics.sla(win) == {"final": 0, "on_time": 0, "late": 0, "overdue_open": 0, "compliance": None,
                                "sla_hours": 48}
    assert metrics.reviewer_throughput(win) == []


# Charts


def test_throughput_counts_documents_pages_and_reviews_per_minute_in_their_buckets(win):
    for _ in range(3):
        event(events.UPLOAD, at(win, 10))
    event(events.PAGE, at(win, 10), label="auto_accepted")
    event(events.PAGE, at(win, 59), label="review")
    event(events.REVIEW, at(win, 59))
    event("ocr", at(win, 10))  # a processing stage is not throughput
    data = metrics.throughput(win)
    assert data["per_minute"]["uploaded"][10] == 3.0 and sum(data["per_minute"]["uploaded"]) == 3.0
    assert data["per_minute"]["processed"][10] == data["per_minute"]["processed"][59] == 1.0
    assert data["totals"] == {"uploaded": 3, "processed": 2, "reviewed": 1}


def test_throughput_over_a_day_is_per_minute_of_quarter_hour_buckets():
    day = metrics.window("24h")
    for _ in range(30):
        event(events.PAGE, day.start + timedelta(hours=5, minutes=14, seconds=59.999999))
    data = metrics.throughput(day)
    assert data["per_minute"]["processed"][5 * 4] == 2.0 and data["totals"]["processed"] == 30


def test_a_week_is_bucketed_by_the_hour():
    week = metrics.window("7d")
    event(events.UPLOAD, week.start + timedelta(days=6, minutes=59, seconds=59.999999))
    event(events.UPLOAD, week.start + timedelta(days=6, minutes=60))
    per_minute = metrics.throughput(week)["per_minute"]["uploaded"]
    assert per_minute[6 * 24] == per_minute[6 * 24 + 1] == 1 / 60


def test_latency_gives_p50_and_p95_per_bucket_and_over_the_window(win):
    for value in (10.0, 20.0, 30.0):
        event(events.ROUTED, at(win, 3), duration=value, label="done")
    event(events.ROUTED, at(win, 7), duration=100.0, label="needs_review")
    event(events.FINAL, at(win, 7), duration=500.0, label="on_time")
    data = metrics.latency(win)
    assert (data["routed"]["p50"][3], data["routed"]["p95"][3]) == (20.0, pytest.approx(29.0))
    assert (data["routed"]["p50"][7], data["final"]["p50"][7]) == (100.0, 500.0)
    assert data["routed"]["p50"][4] is None and data["final"]["p50"][3] is None
    assert data["overall"] == {"routed_p50": 25.0, "routed_p95": pytest.approx(89.5), "final_p50": 500.0,
                               "final_p95": 500.0}


def test_queue_depth_is_rebuilt_backwards_from_the_queues_now(win):
    # Now: 2 documents wait for a worker, 1 page for a reviewer (a claimed review still waits).
    document(name="a")
    document(name="b")
    open_review(document(status=Document.Status.NEEDS_REVIEW, name="c"), status=Review.Status.CLAIMED)
    open_review(document(status=Document.Status.DONE, name="d"), status=Review.Status.SUBMITTED)
    for _ in range(3):
        event(events.UPLOAD, at(win, 50))  # 3 arrive for a worker in minute 50...
    event(events.QUEUE, at(win, 55))  # ...one is picked up in minute 55
    event(events.PAGE, at(win, 40), label="review")  # 2 pages for review in minute 40
    event(events.PAGE, at(win, 40), label="review")
    event(events.PAGE, at(win, 40), label="auto_accepted")  # never waits for a reviewer
    event(events.REVIEW, at(win, 45))  # one reviewed in minute 45
    data = metrics.queue_depth(win)
    worker = data["waiting_for_worker"]
    assert worker[59] == worker[55] == 2 and worker[54] == worker[50] == 3 and worker[49] == 0
    reviewer = data["waiting_for_reviewer"]
    assert reviewer[59] == reviewer[45] == 1 and reviewer[44] == reviewer[40] == 2 and reviewer[39] == 0
    assert data["now"] == {"waiting_for_worker": 2, "waiting_for_reviewer": 1, "lines_for_reviewer": 0}


def test_queue_depth_never_goes_below_zero(win):
    event(events.UPLOAD, at(win, 30))  # its document was deleted since: nothing waits now
    assert metrics.queue_depth(win)["waiting_for_worker"] == [0] * 60


def test_the_confidence_histogram_bins_by_five_with_100_in_the_last_bin(win):
    for confidence, route in ((0.0, "review"), (4.99, "review"), (5.0, "review"), (80.0, "auto_accepted"),
                              (99.9, "auto_accepted"), (100.0, "auto_accepted")):
        event(events.PAGE, at(win, 1), label=route, confidence=confidence)
    event(events.PAGE, at(win, 1), label="review", confidence=None)  # no words read: no confidence
    event(events.REVIEW, at(win, 1), label="audit", confidence=50.0)  # a review is not a routed page
    data = metrics.confidence_histogram(win)
    assert data["review"][:2] == [2, 1] and sum(data["review"]) == 3
    assert data["auto_accepted"][16] == 1 and data["auto_accepted"][19] == 2 and sum(data["auto_accepted"]) == 3


def test_review_rate_is_the_share_of_routed_pages_sent_to_review(win):
    event(events.PAGE, at(win, 2), label="review")
    for _ in range(3):
        event(events.PAGE, at(win, 2), label="auto_accepted")
    event(events.PAGE, at(win, 9), label="review")
    event(events.REVIEW, at(win, 9), label="audit")
    event(events.REVIEW, at(win, 9), label="rules")
    data = metrics.review_rate(win)
    assert (data["pages"], data["to_review"], data["audit"], data["rate"]) == (5, 2, 1, 0.4)
    assert (data["over_time"][2], data["over_time"][9], data["over_time"][5]) == (0.25, 1.0, None)


def test_failures_are_counted_by_kind_biggest_first_among_routed_and_failed_documents(win):
    for _ in range(6):
        event(events.ROUTED, at(win, 1), label="done")
    for kind in (events.TIME_LIMIT, events.BAD_INPUT, events.BAD_INPUT):
        event(events.FAILED, at(win, 2), label=kind)
    data = metrics.failures(win)
    assert (data["documents"], data["failed"], data["rate"]) == (9, 3, pytest.approx(1 / 3))
    assert data["by_kind"] == [{"kind": "bad_input", "label": "Bad input", "count": 2},
                               {"kind": "time_limit", "label": "Time limit", "count": 1}]


def test_sla_counts_final_documents_on_time_and_late_and_open_ones_past_their_deadline(win):
    now = timezone.now()
    for _ in range(3):
        event(events.FINAL, at(win, 5), label=events.ON_TIME)
    event(events.FINAL, at(win, 6), label=events.LATE)
    document(status=Document.Status.NEEDS_REVIEW, deadline=now - timedelta(minutes=1), name="overdue")
    document(status=Document.Status.PROCESSING, deadline=now + timedelta(hours=1), name="in-time")
    document(status=Document.Status.DONE, deadline=now - timedelta(hours=1), name="done")
    document(status=Document.Status.FAILED, deadline=now - timedelta(hours=1), name="failed")
    data = metrics.sla(win)
    assert (data["final"], data["on_time"], data["late"], data["overdue_open"]) == (4, 3, 1, 1)
    assert data["compliance"] == 0.6


def test_reviewer_throughput_gives_pages_and_median_seconds_busiest_first(win, reviewer, curator):
    for seconds in (60.0, 120.0, 600.0):
        event(events.REVIEW, at(win, 3), duration=seconds, reviewer=reviewer)
    event(events.REVIEW, at(win, 3), duration=30.0, reviewer=curator)
    gone = UserFactory(username="gone")
    event(events.REVIEW, at(win, 3), duration=30.0, reviewer=gone)
    gone.delete()  # the event stays, without its reviewer
    rows = metrics.reviewer_throughput(win)
    assert rows[0] == {"reviewer_id": reviewer.pk, "username": "rene", "pages": 3, "median_seconds": 120.0,
                       "pages_per_hour": 30.0}
    assert [(r["username"], r["pages_per_hour"]) for r in rows[1:]] == [("cora", 120.0), ("(deleted)", 120.0)]


def test_a_reviewer_who_read_pages_line_by_line_has_their_pages_counted_but_no_speed_from_them(win, reviewer):
    event(events.REVIEW, at(win, 3), duration=300.0, reviewer=reviewer, label=events.RULES)
    for label in events.BY_LINES:
        event(events.REVIEW, at(win, 3), duration=12.0, reviewer=reviewer, label=label)
    [row] = metrics.reviewer_throughput(win)
    assert (row["pages"], row["median_seconds"], row["pages_per_hour"]) == (3, 300.0, 12.0)
    event(events.REVIEW, at(win, 4), duration=8.0, reviewer=UserFactory(username="liz"), label=events.RULES_BY_LINES)
    liz = next(r for r in metrics.reviewer_throughput(win) if r["username"] == "liz")
    assert (liz["pages"], liz["median_seconds"], liz["pages_per_hour"]) == (1, None, None)
    assert metrics.review_rate(win)["audit"] == 1  # an audit read line by line is still an audit


def test_a_file_type_filter_keeps_only_that_types_events_and_documents(win):
    event(events.UPLOAD, at(win, 1), file_type="png")
    event(events.UPLOAD, at(win, 1), file_type="pdf")
    event(events.PAGE, at(win, 1), file_type="pdf", label="review", confidence=40.0)
    document(content_type="pdf", name="p")
    open_review(document(status=Document.Status.NEEDS_REVIEW, content_type="png", name="q"))
    assert metrics.throughput(win, file_type="png")["totals"]["uploaded"] == 1
    assert metrics.throughput(win)["totals"]["uploaded"] == 2
    assert sum(metrics.confidence_histogram(win, file_type="png")["review"]) == 0
    assert sum(metrics.confidence_histogram(win, file_type="pdf")["review"]) == 1
    assert metrics.queue_now(file_type="pdf") == {"waiting_for_worker": 1, "waiting_for_reviewer": 0, "lines_for_reviewer": 0}
    assert metrics.queue_now(file_type="png") == {"waiting_for_worker": 0, "waiting_for_reviewer": 1, "lines_for_reviewer": 0}


@pytest.mark.parametrize("rolled", [False, True], ids=["events", "rollups"])
@pytest.mark.parametrize("chart", CHARTS, ids=lambda chart: chart.__name__)
def test_each_chart_takes_the_same_queries_however_many_events(chart, win, reviewer, rolled, django_assert_num_queries):
    # One tally: the rollups' reach, the rollups (once there are any) and the events of the open edge.
    tally = 3 if rolled else 2
    present = 1 if chart in (metrics.queue_depth, metrics.sla, metrics.reviewer_throughput) else 0  # or names
    for count in (1, 5):
        for stage in events.MILESTONES:
            for _ in range(count):
                event(stage, at(win, 1), label="review", confidence=50.0, reviewer=reviewer)
        if rolled:
            rollups.roll_up()
        with django_assert_num_queries(tally + present):
            chart(win)


def test_the_summary_agrees_with_the_charts(win, reviewer):
    now = timezone.now()
    for stage, label, seconds in ((events.ROUTED, "done", 12.0), (events.ROUTED, "needs_review", 30.0),
                                  (events.FINAL, events.ON_TIME, 12.0), (events.FINAL, events.LATE, 90.0),
                                  (events.FAILED, events.ERROR, 5.0), (events.UPLOAD, "", 0.0),
                                  (events.PAGE, "auto_accepted", 2.0), (events.PAGE, "review", 2.0),
                                  (events.REVIEW, "audit", 60.0)):
        event(stage, at(win, 7), duration=seconds, label=label, confidence=70.0, reviewer=reviewer)
    document(status=Document.Status.NEEDS_REVIEW, deadline=now - timedelta(hours=1), name="overdue")
    document(name="queued")
    data = metrics.summary(win)
    overall = metrics.latency(win)["overall"]
    assert (data["latency_p50_s"], data["latency_p95_s"]) == (overall["routed_p50"], overall["routed_p95"])
    assert (data["final_latency_p50_s"], data["final_latency_p95_s"]) == (overall["final_p50"], overall["final_p95"])
    assert {k: v for k, v in data["throughput"].items() if k != "per_minute"} == metrics.throughput(win)["totals"]
    assert data["throughput"]["per_minute"]["processed"] == 2 / 60
    assert data["queue_depth"] == metrics.queue_depth(win)["now"] == {"waiting_for_worker": 1,
                                                                      "waiting_for_reviewer": 0,
                                                                      "lines_for_reviewer": 0}
    assert data["review_rate"] == metrics.review_rate(win)["rate"] == 0.5
    assert data["failure_rate"] == metrics.failures(win)["rate"] == pytest.approx(1 / 3)
    assert data["sla_compliance"] == metrics.sla(win)["compliance"] == pytest.approx(1 / 3)
    assert data["confidence_histogram"] == metrics.confidence_histogram(win)
    assert (data["window"], data["start"], data["end"], data["file_type"]) == ("1h", win.start, win.end, "")


def test_charts_answers_every_chart_as_its_own_function_does(win, reviewer, curator, django_assert_num_queries):
    for minute, stage, label in ((3, events.UPLOAD, ""), (3, events.UPLOAD, ""), (4, events.QUEUE, ""),
                                 (5, events.PAGE, "review"), (5, events.PAGE, "auto_accepted"),
                                 (9, events.REVIEW, "audit"), (9, events.ROUTED, "done"),
                                 (9, events.FAILED, events.TIME_LIMIT), (10, events.FINAL, events.LATE)):
        event(stage, at(win, minute), duration=minute, label=label, confidence=85.0, reviewer=reviewer)
    event(events.REVIEW, at(win, 11), duration=40.0, label="rules", confidence=60.0, reviewer=curator)
    document(name="queued")
    document(status=Document.Status.PROCESSING, deadline=timezone.now() - timedelta(seconds=1), name="overdue")
    open_review(document(status=Document.Status.NEEDS_REVIEW, name="review"))
    # Four tallies (counts, latency, histogram, reviewers) of two queries, the present, the reviewers' names.
    with django_assert_num_queries(4 * 2 + 1 + 1):
        data = metrics.charts(win)
    assert list(data) == [chart.__name__ for chart in CHARTS]
    for chart in CHARTS:
        assert data[chart.__name__] == chart(win), chart.__name__
    assert data["queue_depth"]["waiting_for_worker"][2:5] == [0, 2, 1]


def test_the_summary_takes_the_same_queries_whatever_the_window(django_assert_num_queries):
    event(events.ROUTED, timezone.now() - timedelta(days=2), duration=30.0, file_type="pdf")
    rollups.roll_up()
    for name in metrics.WINDOW_NAMES:
        # Three tallies (counts, latency, histogram) of three queries, and the present.
        with django_assert_num_queries(3 * 3 + 1):
            metrics.summary(metrics.window(name), file_type="pdf")


def test_reviews_too_quick_to_be_read_give_no_pages_per_hour(win, reviewer):
    for seconds in (0.0, 0.0, 0.02):  # scripted submits, not a reading of a page
        event(events.REVIEW, at(win, 3), duration=seconds, reviewer=reviewer)
    [row] = metrics.reviewer_throughput(win)
    assert (row["pages"], row["pages_per_hour"]) == (3, None)
