"""Rollups (monitoring/rollups.py): every reader answers from them as it does from the events alone,
building them twice or late changes nothing, and the /metrics counters outlive purges of events."""

import dataclasses
import math
import random
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from demo_idp import charts, tasks
from demo_idp.intake import retention
from demo_idp.models import RollupState, StageEvent, StageRollup, StageTotal
from demo_idp.monitoring import calibration, capacity, events, metrics, prometheus, rollups
from demo_idp.monitoring.aggregates import interpolated
from tests.demo_idp.event_scenes import event, pipeline_history
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FILE_TYPES = ("png", "jpeg", "tiff", "pdf")


def busy_days(*, days: float = 9, documents: int = 400, seed: int = 3) -> None:
    """Documents over the last `days` (some in the last minute, still open): every milestone, every
    file type, two reviewers, confidences and errors; a few processing stages too."""
    rng, now = random.Random(seed), timezone.now()
    reviewers = [UserFactory(username="ada"), UserFactory(username="bo")]
    rows = []

    def add(stage, finished, seconds, file_type, **fields):
        rows.append(StageEvent(stage=stage, started=finished - timedelta(seconds=seconds), finished=finished,
                               duration=seconds, file_type=file_type, **fields))

    for n in range(documents):
        uploaded = now - timedelta(seconds=rng.uniform(0, days * 86400)) if n > 5 else now - timedelta(seconds=n * 9)
        kind = rng.choice(FILE_TYPES)
        add(events.UPLOAD, uploaded, 0.0, kind)
        add(events.QUEUE, uploaded + timedelta(seconds=3), 3.0, kind)
        if n % 17 == 0:
            add(events.FAILED, uploaded + timedelta(seconds=5), 5.0, kind, label=rng.choice(list(events.FAILURE_KINDS)))
            continue
        work = rng.lognormvariate(1, 0.5)
        add("ocr", uploaded + timedelta(seconds=4 + work), work, kind)
        confidence = round(min(100.0, max(0.0, rng.gauss(82, 12))), 2)
        route = "review" if confidence < 80 else "auto_accepted"
        routed_at = uploaded + timedelta(seconds=5 + work)
        add(events.PAGE, routed_at, work, kind, label=route, confidence=confidence)
        add(events.ROUTED, routed_at, 5 + work, kind, label="needs_review" if route == "review" else "done")
        done = routed_at
        if route == "review" or n % 11 == 0:
            done = routed_at + timedelta(seconds=rng.lognormvariate(5, 1))
            add(events.REVIEW, done, rng.choice((2.0, rng.lognormvariate(4, 0.6))), kind, confidence=confidence,
                error=round(rng.uniform(0, 0.2), 3), reviewer=rng.choice(reviewers),
                label=events.AUDIT if route == "auto_accepted" else events.RULES)
        add(events.FINAL, done, (done - uploaded).total_seconds(), kind,
            label=rng.choice((events.ON_TIME, events.LATE)))
    StageEvent.objects.bulk_create(row for row in rows if row.finished <= now)


def everything(now) -> dict:
    """What every reader of the events answers at `now`."""
    found, since = {}, now - calibration.PERIOD
    for name in metrics.WINDOW_NAMES:
        win = metrics.window(name, now=now)
        for file_type in ("", "pdf"):
            found[f"charts {name} {file_type}"] = metrics.charts(win, file_type=file_type)
            found[f"summary {name} {file_type}"] = metrics.summary(win, file_type=file_type)
    found["reliability"] = calibration.reliability(since=since)
    found["reliability by 2"] = calibration.reliability(since=since, bin_width=2)
    found["candidates"] = calibration.candidates(since=since)
    found["capacity"] = dataclasses.asdict(capacity.measured(now=now))
    found["prometheus"] = {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
                           for family in text_string_to_metric_families(prometheus.render().decode())
                           for sample in family.samples}
    return found


def assert_same(ours, theirs, where="") -> None:
    """Equal, floats to within rounding (sums added in another order)."""
    if isinstance(ours, dict):
        assert ours.keys() == theirs.keys(), where
        for key in ours:
            assert_same(ours[key], theirs[key], f"{where}/{key}")
    elif isinstance(ours, list | tuple):
        assert len(ours) == len(theirs), where
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
    elif isinstance(ours, float) and isinstance(theirs, float):
        assert math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9), f"{where}: {ours} != {theirs}"
    else:
        assert ours == theirs, f"{where}: {ours!r} != {theirs!r}"


def test_every_reader_answers_from_the_rollups_as_from_the_events_alone(reviewer):
    busy_days()
    pipeline_history(reviewer=reviewer)  # the last 50 minutes of the pipeline, its documents still stored
    now = timezone.now()  # one instant for both, so no window moves on between them
    from_events = everything(now)
    # Every closed minute from the first event on: nearly nine days of minutes (the first event falls
    # a little after the start of the nine days, the last minute is still open).
    assert rollups.roll_up(now=now) > (9 * 24 - 1) * 60
    assert set(StageRollup.objects.values_list("seconds", flat=True).distinct()) == set(rollups.GRAINS)
    with CaptureQueriesContext(connection) as queries:
        from_rollups = everything(now)
    assert any("demo_idp_stagerollup" in query["sql"] for query in queries.captured_queries)
    assert_same(from_rollups, from_events)
    assert from_events["charts 7d "]["throughput"]["totals"]["uploaded"] > 300  # the scene fills the week


def test_rollups_read_from_the_closed_minutes_and_the_events_only_after_them(win):
    event(events.UPLOAD, timezone.now() - timedelta(minutes=10))
    rollups.roll_up()
    StageEvent.objects.all().delete()  # what the rollups hold no longer needs the events
    event(events.UPLOAD, timezone.now())  # the open edge: not rolled up yet
    assert metrics.throughput(win)["totals"]["uploaded"] == 2


def test_a_minute_closes_only_once_it_has_settled():
    now = timezone.now()
    event(events.UPLOAD, now - timedelta(seconds=10))
    rollups.roll_up(now=now)
    closed = RollupState.objects.get().closed_until
    assert closed <= now - rollups.SETTLE and not StageRollup.objects.filter(start__gte=closed).exists()
    assert metrics.throughput(metrics.window("1h"))["totals"]["uploaded"] == 1  # read from the event


def rounded(value):
    """Sums to 9 places: a late run adds the same durations in another order (1780.837468 against
    1780.8374680000002), which is the same figure."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, (list, tuple)):
        return type(value)(rounded(item) for item in value)
    return value


def rows() -> list[tuple]:
    return sorted((rounded(row) for row in StageRollup.objects.values_list(
        "seconds", "start", "stage", "label", "file_type", "reviewer_id", "count", "duration_sum", "durations",
        "confidences")), key=repr)


def test_running_twice_changes_nothing_and_running_late_gives_what_running_on_time_gives():
    busy_days(days=2, documents=120)
    now = timezone.now()
    for hours_ago in (30, 7, 1, 0):  # a run now and then: the beat task, with gaps
        rollups.roll_up(now=now - timedelta(hours=hours_ago))
    on_time, counters = rows(), list(StageTotal.objects.values_list("stage", "label", "count", "buckets"))
    assert rollups.roll_up(now=now) == 0  # a second run finds nothing to do
    assert rows() == on_time
    assert sorted(StageTotal.objects.values_list("stage", "label", "count", "buckets")) == sorted(counters)

    StageRollup.objects.all().delete()
    StageTotal.objects.all().delete()
    RollupState.objects.all().delete()
    rollups.roll_up(now=now)  # one late run over the whole backlog
    assert rows() == on_time
    assert sorted(StageTotal.objects.values_list("stage", "label", "count", "buckets")) == sorted(counters)


def test_a_run_whose_minutes_another_run_took_stops():
    event(events.UPLOAD, timezone.now() - timedelta(hours=3))
    rollups.roll_up(now=timezone.now() - timedelta(hours=2))
    state = RollupState.objects.get()
    # Another run moved closed_until between this run reading it and claiming the minutes after it.
    RollupState.objects.update(closed_until=state.closed_until + timedelta(minutes=30))
    before = StageTotal.objects.get(stage=events.UPLOAD).count
    rollups.roll_up(now=timezone.now())
    assert StageTotal.objects.get(stage=events.UPLOAD).count == before


def scrape() -> dict:
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(prometheus.render().decode())
            for sample in family.samples if family.name in ("idp_stage_duration_seconds", "idp_documents_failed")}


def old_and_new_events() -> None:
    for days_ago in (40, 35, 2, 0.5):
        finished = timezone.now() - timedelta(days=days_ago)
        event(events.ROUTED, finished, duration=12.0, label="done")
        event(events.FAILED, finished, duration=3.0, label=events.BAD_INPUT)


def test_purging_old_events_leaves_the_counters_as_they_were():
    old_and_new_events()
    rollups.roll_up()
    before = scrape()
    assert before[("idp_documents_failed_total", (("kind", events.BAD_INPUT),))] == 4
    assert retention.purge_old_events() == 4  # the two older than IDP_EVENT_RETENTION_DAYS
    assert scrape() == before


def test_without_rollups_a_purge_would_lower_the_counters():
    old_and_new_events()
    before = scrape()
    retention.purge_old_events()
    assert scrape()[("idp_documents_failed_total", (("kind", events.BAD_INPUT),))] == before[
        ("idp_documents_failed_total", (("kind", events.BAD_INPUT),))] - 2


def test_counters_go_up_as_events_arrive_and_stay_when_they_are_rolled_up():
    event(events.ROUTED, timezone.now() - timedelta(minutes=30), duration=0.1)
    first = scrape()
    event(events.ROUTED, timezone.now(), duration=200000.0)  # past the last bound: +Inf only
    second = scrape()
    rollups.roll_up()
    assert scrape() == second
    count = ("idp_stage_duration_seconds_count", (("stage", events.ROUTED),))
    le_0_1 = ("idp_stage_duration_seconds_bucket", (("le", "0.1"), ("stage", events.ROUTED)))
    top = ("idp_stage_duration_seconds_bucket", (("le", "172800.0"), ("stage", events.ROUTED)))
    assert (first[count], second[count], second[le_0_1], second[top]) == (1, 2, 1, 1)
    assert all(second[key] >= value for key, value in first.items())


# Percentiles from the duration bins


def test_a_percentile_from_the_bins_is_exact_for_a_bin_of_one_value_and_within_a_bin_otherwise():
    rng = random.Random(5)
    for values in ([120.0, 120.0, 600.0], [rng.lognormvariate(3, 1.2) for _ in range(2000)]):
        tally = rollups.Tally()
        for value in values:
            tally.add_event(value, None, None)
        for fraction in (0.5, 0.95):
            exact = interpolated(sorted(values), fraction)
            found = rollups.percentile(tally.durations, fraction)
            assert abs(found - exact) <= exact * (10 ** (1 / rollups.STEPS_PER_DECADE) - 1)
            if len(set(values)) < 3:
                assert found == pytest.approx(exact)
    assert rollups.percentile({}, 0.5) is None


def test_several_percentiles_at_once_are_each_the_percentile_alone():
    rng = random.Random(9)
    tally = rollups.Tally()
    for _ in range(500):
        tally.add_event(rng.lognormvariate(1, 1.5), None, None)
    fractions = (0.0, 0.5, 0.95, 1.0)
    for at_least in (0.0, events.MIN_REVIEW_SECONDS):
        assert rollups.percentiles(tally.durations, fractions, at_least=at_least) == [
            rollups.percentile(tally.durations, fraction, at_least=at_least) for fraction in fractions]
    assert rollups.percentiles({}, (0.5, 0.95)) == [None, None]


def test_merging_tallies_adds_what_folding_the_events_together_adds():
    rng = random.Random(3)
    parts, whole = [rollups.Tally() for _ in range(3)], rollups.Tally()
    for _ in range(300):
        found = (rng.lognormvariate(2, 1), rng.uniform(0, 100), rng.choice([None, rng.uniform(0, 0.3)]))
        rng.choice(parts).add_event(*found)
        whole.add_event(*found)
    merged = rollups.merged(parts)
    assert (merged.count, merged.duration_sum) == (whole.count, pytest.approx(whole.duration_sum))
    assert merged.durations.keys() == whole.durations.keys()
    assert merged.confidences.keys() == whole.confidences.keys()
    for index, (n, seconds) in whole.durations.items():
        assert merged.durations[index] == [n, pytest.approx(seconds)]
    for point, (n, reviewed, error, confidence) in whole.confidences.items():
        assert merged.confidences[point] == [n, reviewed, pytest.approx(error), pytest.approx(confidence)]
    assert parts[0].count + parts[1].count + parts[2].count == 300  # merging left the parts as they were


def test_the_latency_chart_and_the_api_say_how_exact_their_percentiles_are(client, win):
    event(events.ROUTED, timezone.now(), duration=10.0)
    sentence = rollups.resolution()
    assert "12%" in sentence
    assert sentence in charts.latency(win, metrics.latency(win)).summary
    assert client.get("/api/idp/metrics/?window=1h").json()["latency_resolution"] == sentence


def test_counts_from_a_floor_are_exact_only_at_an_edge_of_the_bins():
    tally = rollups.Tally()
    for seconds in (0.0999, 0.1, 4.99, 5.0, 60.0):
        tally.add_event(seconds, None, None)
    assert rollups.count_from(tally.durations, capacity.MIN_PAGE_SECONDS) == (4, pytest.approx(70.09))
    assert rollups.count_from(tally.durations, events.MIN_REVIEW_SECONDS) == (2, pytest.approx(65.0))
    for not_an_edge in (4.0, 0.3):
        with pytest.raises(ValueError, match="no edge"):
            rollups.count_from(tally.durations, not_an_edge)
        with pytest.raises(ValueError, match="no edge"):
            rollups.percentile(tally.durations, 0.5, at_least=not_an_edge)


def test_a_tally_by_something_that_is_not_a_dimension_is_refused():
    with pytest.raises(ValueError, match="reviewer"):
        rollups.tally(timezone.now() - timedelta(hours=1), timezone.now(), stages=(events.PAGE,), by=("colour",))


# The plan of a range


def test_a_range_is_covered_once_by_the_coarsest_whole_buckets_and_events_at_its_edges():
    rng, now = random.Random(11), timezone.now()
    for _ in range(200):
        start = now - timedelta(seconds=rng.uniform(0, 40 * 86400))
        end = start + timedelta(seconds=rng.uniform(0, 10 * 86400))
        pieces = rollups.plan(start, end, rollups.GRAINS, now)
        assert [piece[1] for piece in pieces[1:]] == [piece[2] for piece in pieces[:-1]]  # contiguous
        assert not pieces or (pieces[0][1], pieces[-1][2]) == (start, end)
        for grain, low, high in pieces:
            if grain is not None:
                assert rollups.floor(low, grain) == low and rollups.floor(high, grain) == high
                assert rollups.KEEP[grain] is None or low >= now - rollups.KEEP[grain]
    day = rollups.floor(now, rollups.DAY)
    assert rollups.plan(day - timedelta(days=3), day, rollups.GRAINS, now) == [
        (rollups.DAY, day - timedelta(days=3), day)]
    assert rollups.plan(now, now, rollups.GRAINS, now) == []


# The task


def test_beat_rolls_up_every_minute_through_a_thin_task():
    assert settings.CELERY_BEAT_SCHEDULE["idp-rollups"]["task"] == "demo_idp.tasks.roll_up_events"
    event(events.UPLOAD, timezone.now() - timedelta(minutes=5))
    assert tasks.roll_up_events() >= 4
    assert StageRollup.objects.get(seconds=rollups.MINUTE, stage=events.UPLOAD, file_type="png").count == 1
    assert StageRollup.objects.get(seconds=rollups.MINUTE, stage=events.UPLOAD, file_type=rollups.ALL_TYPES).count == 1
    assert tasks.roll_up_events() == 0


def test_confidences_fall_in_whole_points_with_100_in_the_last():
    assert [rollups.confidence_point(c) for c in (0.0, 4.99, 5.0, 99.5, 100.0)] == [0, 4, 5, 99, 99]
