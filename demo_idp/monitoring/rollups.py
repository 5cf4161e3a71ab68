"""Rollups of the stage events: what the dashboards, calibration, the capacity planner and /metrics read
for time already closed, so that their cost grows with the window, not with the events in it.

Building. `roll_up` (a beat task every minute, tasks.roll_up_events) folds the events of every
closed minute into StageRollup rows, one per (minute, stage, label, file type, reviewer) and one
more per (minute, stage, label, reviewer) for all file types together (ALL_TYPES): the
events, the sum of their durations, their durations in bins (DURATION_EDGES, with each bin's sum)
and their confidences by whole point (with the errors reviews measured there). Each quarter-hour,
hour and day that closes is folded from the grain below it. A minute closes SETTLE after it ends,
so an event committed a moment after it finished is still in its minute. RollupState.closed_until
says how far the rollups reach; a run claims the next hours of minutes by moving it with a
conditional UPDATE (as Document.advance does), so a second run at the same time finds nothing left,
and a run after an outage works through the backlog six hours at a time. The same pass adds the
events to StageTotal, the all-time counters /metrics shows, which purges of events never lower.

Reading. `tally` answers a time range from the coarsest rollups that fit inside it (days, then
hours, quarters, minutes, never coarser than the chart's bucket) and from the raw events only where
no rollup reaches: the open edge since closed_until, a start that falls inside a minute, and time
before the rollups began. Counts and sums are exact; a percentile comes from the duration bins
(`percentile`), exact when a bin holds a single value and otherwise within one bin, 12% (resolution()).

An event rewritten after its minute closed (a redelivery replaces it, events.record) stays counted
where it first finished, as work that was done; the raw events then hold only its latest form.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import orjson
from django.db import connection, transaction
from django.db.models import Count, Min, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events
from .aggregates import TimeBucket
from ..models import RollupState, StageEvent, StageRollup, StageTotal

MINUTE, QUARTER, HOUR, DAY = 60, 900, 3600, 86400
GRAINS = (DAY, HOUR, QUARTER, MINUTE)  # coarsest first
SETTLE = timedelta(seconds=60)
CHUNK = timedelta(hours=6)  # one transaction of a run: at most six hours of minutes
SHORT_EDGE = timedelta(minutes=30)  # raw events read in one fetch up to this much time
# How long rows of each grain are kept (None: for ever). Reads use a grain only within it, so the
# minutes of a week-old start or the quarters of a month-old one come from the next grain or the events.
KEEP = {MINUTE: timedelta(days=8), QUARTER: timedelta(days=35), HOUR: timedelta(days=400), DAY: None}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Duration bins: twenty a decade from 1 ms to 11.6 days (each 12% wider than the one before), a bin
# below for shorter ones and one above for longer, with the floors the capacity planner and the
# dashboard filter by as edges of their own, so "at least 5 s" is a whole number of bins.
STEPS_PER_DECADE = 20
DURATION_EDGES = tuple(sorted(
    {0.0, 0.1, float(events.MIN_REVIEW_SECONDS)} | {10 ** (k / STEPS_PER_DECADE) for k in range(-60, 121)}
))
BIN_WIDTH = f"{10 ** (1 / STEPS_PER_DECADE) - 1:.0%}"  # 12%
_EDGE_INDEX = {edge: index for index, edge in enumerate(DURATION_EDGES)}


def resolution() -> str:
    """How exact a percentile read from the duration bins is, for the text beside it."""
    return _("Percentiles are estimated from duration bins %(width)s wide.") % {"width": BIN_WIDTH}


# Seconds, from a fast processing stage (0.1 s) to the 48 h review SLA (172800 s), so the same
# Prometheus buckets answer "how long is OCR" and "how many documents finish within a day".
PROMETHEUS_BUCKETS = (
    0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800,
)

DIMENSIONS = {"stage": "stage", "label": "label", "file_type": "file_type", "reviewer": "reviewer_id"}
# Each bucket also has rows of every file type together, under this name (never a file type), so a
# chart of all types adds up a quarter of the rows.
ALL_TYPES = "*"


def floor(moment: datetime, seconds: int) -> datetime:
    """The start of the `seconds`-wide bucket (aligned to the Unix epoch, so UTC) `moment` falls in."""
    width = timedelta(seconds=seconds)
    return _EPOCH + (moment - _EPOCH) // width * width


def ceil(moment: datetime, seconds: int) -> datetime:
    start = floor(moment, seconds)
    return start if start == moment else start + timedelta(seconds=seconds)


def duration_bin(seconds: float) -> int:
    """The bin of a duration: DURATION_EDGES[bin] <= seconds < DURATION_EDGES[bin + 1]."""
    return max(0, bisect_right(DURATION_EDGES, seconds) - 1)


def confidence_point(confidence: float) -> int:
    """The whole point (0-99) a confidence falls in; 100 goes with 99, so bins of any width divide it."""
    return min(99, max(0, math.floor(confidence)))


class Tally:
    """Events counted: how many, the sum of their durations, durations by bin {bin: [events, seconds]}
    and confidences by whole point {point: [events, reviewed, error sum, confidence sum of reviewed]}."""

    __slots__ = ("count", "duration_sum", "durations", "confidences")

    def __init__(self):
        self.count = 0
        self.duration_sum = 0.0
        self.durations: dict[int, list] = {}
        self.confidences: dict[int, list] = {}

    def add_event(self, duration: float, confidence: float | None, error: float | None) -> None:
        self.count += 1
        self.duration_sum += duration
        held = self.durations.setdefault(duration_bin(duration), [0, 0.0])
        held[0] += 1
        held[1] += duration
        if confidence is not None:
            point = self.confidences.setdefault(confidence_point(confidence), [0, 0, 0.0, 0.0])
            point[0] += 1
            if error is not None:
                point[1] += 1
                point[2] += error
                point[3] += confidence

    def add_row(self, count: int, duration_sum: float, durations: Iterable, confidences: Iterable) -> None:
        self.count += count
        self.duration_sum += duration_sum
        # Unrolled: this loop is most of the work of reading a week (thousands of rows of tens of bins).
        bins = self.durations
        for index, n, seconds in durations or ():
            held = bins.get(index)
            if held is None:
                bins[index] = [n, seconds]
            else:
                held[0] += n
                held[1] += seconds
        points = self.confidences
        for point, n, reviewed, error, confidence in confidences or ():
            held = points.get(point)
            if held is None:
                points[point] = [n, reviewed, error, confidence]
            else:
                held[0] += n
                held[1] += reviewed
                held[2] += error
                held[3] += confidence

    def merge(self, other: Tally) -> None:
        # Through add_row, as stored rows are: one loop to keep fast (about 1 ms more a day's latency).
        durations = ((index, n, total) for index, (n, total) in other.durations.items())
        confidences = ((point, *held) for point, held in other.confidences.items())
        self.add_row(other.count, other.duration_sum, durations, confidences)

    def rows(self) -> tuple[list, list]:
        """durations and confidences as StageRollup stores them: lists, lowest first."""
        return ([[index, *held] for index, held in sorted(self.durations.items())],
                [[point, *held] for point, held in sorted(self.confidences.items())])


def merged(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally_ in tallies:
        total.merge(tally_)
    return total


def percentile(durations: dict[int, list], fraction: float, *, at_least: float = 0.0) -> float | None:
    """PostgreSQL's percentile_cont over the durations (of at least `at_least`, an edge), each bin's
    events taken at the bin's mean: exact where a bin holds one value, else within the bin."""
    return percentiles(durations, (fraction,), at_least=at_least)[0]


def percentiles(durations: dict[int, list], fractions: Iterable[float], *,
                at_least: float = 0.0) -> list[float | None]:
    """percentile() at each of `fractions`, sorting the bins once (a chart asks p50 and p95 of each bucket)."""
    first = _EDGE_INDEX[_edge(at_least)]
    held = sorted((index, n, total) for index, (n, total) in durations.items() if index >= first and n)
    count = sum(n for _index, n, _total in held)
    found = []
    for fraction in fractions:
        if not count:
            found.append(None)
            continue
        position = fraction * (count - 1)
        below = math.floor(position)
        low, high = _value_at(held, below), _value_at(held, min(below + 1, count - 1))
        found.append(low + (high - low) * (position - below))
    return found


def _value_at(held: list, rank: int) -> float:
    for _index, n, total in held:
        if rank < n:
            return total / n
        rank -= n
    raise IndexError(rank)


def _edge(seconds: float) -> float:
    if seconds not in DURATION_EDGES:
        raise ValueError(f"{seconds} s is no edge of the duration bins: a count from it would not be exact")
    return seconds


def count_from(durations: dict[int, list], at_least: float) -> tuple[int, float]:
    """The events of at least `at_least` seconds (an edge of the bins) and the sum of their durations."""
    edge = _edge(at_least)
    picked = [held for index, held in durations.items() if DURATION_EDGES[index] >= edge]
    return sum(n for n, _total in picked), sum(total for _n, total in picked)


# Building


def roll_up(*, now: datetime | None = None) -> int:
    """Roll up every minute closed by `now` (default: the present) not yet rolled up; return how many.

    Safe to run twice at once and to run late: see the module docstring.
    """
    now = now or timezone.now()
    until = floor(now - SETTLE, MINUTE)
    state = _state(until)
    rolled, empty = 0, False
    while state.closed_until < until:
        start = state.closed_until
        end = min(until, floor(start, HOUR) + CHUNK)
        if empty:  # nothing happened in the last hour: leap to the hour of the next event
            upcoming = StageEvent.objects.filter(finished__gte=start).aggregate(next=Min("finished"))["next"]
            end = until if upcoming is None else max(end, min(until, floor(upcoming, HOUR)))
        with transaction.atomic():
            if not RollupState.objects.filter(pk=state.pk, closed_until=start).update(closed_until=end):
                break  # another run rolled these minutes up first
            count, written = _roll_minutes(start, end)
            boundary, empty = start, not count
            for finer, grain in zip(GRAINS[:0:-1], GRAINS[-2::-1], strict=True):
                written, boundary = _roll_grain(finer, grain, state.origin, start, end, written, boundary)
        state.closed_until = end
        rolled += (end - start) // timedelta(minutes=1)
    _purge(now)
    return rolled


def _state(until: datetime) -> RollupState:
    """The rollups' reach, begun at the hour of the oldest stored event (or now) on the first run."""
    state = RollupState.objects.first()
    if state is None:
        oldest = StageEvent.objects.aggregate(oldest=Min("finished"))["oldest"]
        origin = floor(min(oldest, until), HOUR) if oldest else until
        state, _created = RollupState.objects.get_or_create(pk=1, defaults={"origin": origin, "closed_until": origin})
    return state


def _roll_minutes(start: datetime, end: datetime) -> tuple[int, dict[tuple, Tally]]:
    """Minute rows and counters from the events that finished between start and end: how many, and
    the minutes written."""
    found = (StageEvent.objects.filter(finished__gte=start, finished__lt=end).order_by()
             .values_list("finished", "stage", "label", "file_type", "reviewer_id", "duration", "confidence", "error"))
    minutes: dict[tuple, Tally] = {}
    totals: dict[tuple[str, str], list] = {}
    width = timedelta(minutes=1)
    for finished, stage, label, file_type, reviewer, duration, confidence, error in found.iterator(chunk_size=5000):
        key = (_EPOCH + (finished - _EPOCH) // width * width, stage, label, file_type, reviewer)
        tally_ = minutes.get(key)
        if tally_ is None:
            tally_ = minutes[key] = Tally()
        tally_.add_event(duration, confidence, error)
        total = totals.get((stage, label))
        if total is None:
            total = totals[(stage, label)] = [0, 0.0, [0] * (len(PROMETHEUS_BUCKETS) + 1)]
        total[0] += 1
        total[1] += duration
        total[2][bisect_left(PROMETHEUS_BUCKETS, duration)] += 1
    for (moment, stage, label, _type, reviewer), tallied in list(minutes.items()):
        _slot(minutes, moment, [stage, label, ALL_TYPES, reviewer]).merge(tallied)
    _write(MINUTE, start, end, minutes)
    _add_totals(totals)
    return sum(count for count, _seconds, _buckets in totals.values()), minutes


def _roll_grain(finer: int, grain: int, origin: datetime, start: datetime, end: datetime,
                written: dict[tuple, Tally], boundary: datetime) -> tuple[dict[tuple, Tally], datetime]:
    """Fold every `grain` bucket that closed between start and end from its `finer` buckets: those
    this pass wrote (`written`, from `boundary` on) and, before boundary, those stored by earlier runs.
    Returns what it wrote and where that begins, for the next grain."""
    first, last = max(floor(start, grain), ceil(origin, grain)), floor(end, grain)
    folded: dict[tuple, Tally] = {}
    if first >= last:
        return folded, last
    if first < boundary:
        rows = StageRollup.objects.filter(seconds=finer, start__gte=first, start__lt=boundary).values_list(
            "start", "stage", "label", "file_type", "reviewer_id", "count", "duration_sum", "durations", "confidences")
        for moment, *key, count, duration_sum, durations, confidences in rows:
            _slot(folded, floor(moment, grain), key).add_row(count, duration_sum, durations, confidences)
    for (moment, *key), tallied in written.items():
        if moment < last:
            _slot(folded, floor(moment, grain), key).merge(tallied)
    _write(grain, first, last, folded)
    return folded, first


def _write(grain: int, start: datetime, end: datetime, tallies: dict[tuple, Tally]) -> None:
    """Replace the rows of `grain` between start and end: writing the same buckets again changes nothing."""
    StageRollup.objects.filter(seconds=grain, start__gte=start, start__lt=end).delete()
    rows = ((grain, moment, stage, label, file_type, reviewer, tally_.count, tally_.duration_sum, *tally_.rows())
            for (moment, stage, label, file_type, reviewer), tally_ in tallies.items())
    if connection.vendor == "postgresql":  # COPY: a week of minutes is a million rows
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(
                f"COPY {StageRollup._meta.db_table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row[:8], json.dumps(row[8]), json.dumps(row[9])))
        return
    StageRollup.objects.bulk_create((StageRollup(**dict(zip(_COLUMNS, row, strict=True))) for row in rows),
                                    batch_size=2000)


_COLUMNS = ("seconds", "start", "stage", "label", "file_type", "reviewer_id", "count", "duration_sum", "durations",
            "confidences")


def _add_totals(totals: dict[tuple[str, str], list]) -> None:
    """Add a pass's events to the counters: one read, one update, one insert."""
    stored = {(row.stage, row.label): row for row in StageTotal.objects.select_for_update().filter(
        stage__in={stage for stage, _label in totals})}
    new = []
    for (stage, label), (count, seconds, buckets) in totals.items():
        row = stored.get((stage, label))
        if row is None:
            new.append(StageTotal(stage=stage, label=label, count=count, duration_sum=seconds, buckets=buckets))
            continue
        row.count += count
        row.duration_sum += seconds
        row.buckets = [a + b for a, b in zip(row.buckets, buckets, strict=True)]
    StageTotal.objects.bulk_update(stored.values(), ["count", "duration_sum", "buckets"])
    StageTotal.objects.bulk_create(new)


def _purge(now: datetime) -> None:
    """Rows past their grain's KEEP (a day later than reads stop using them); StageTotal stays."""
    for grain, keep in KEEP.items():
        if keep is not None:
            StageRollup.objects.filter(seconds=grain, start__lt=now - keep - timedelta(days=1)).delete()


# Reading


def reach() -> tuple[datetime, datetime] | None:
    """(origin, closed_until): the time the rollups hold; None before the first run."""
    return RollupState.objects.values_list("origin", "closed_until").first()


def plan(start: datetime, end: datetime, grains: tuple[int, ...],
         now: datetime) -> list[tuple[int | None, datetime, datetime]]:
    """[start, end) as whole buckets of the coarsest grains that fit (and are still kept), finest
    at the edges, and (None, a, b) for what no grain covers."""
    if start >= end:
        return []
    for index, grain in enumerate(grains):
        low, high = ceil(start, grain), floor(end, grain)
        if KEEP[grain] is not None:
            low = max(low, ceil(now - KEEP[grain], grain))
        if low < high:
            finer = grains[index + 1:]
            return [*plan(start, low, finer, now), (grain, low, high), *plan(high, end, finer, now)]
    return [(None, start, end)]


def tally(
    start: datetime,
    end: datetime | None,
    *,
    stages: Iterable[str],
    file_type: str = "",
    bucket: timedelta | None = None,
    by: tuple[str, ...] = ("stage", "label"),
    durations: bool = False,
    confidences: bool = False,
    right_closed: bool = False,
) -> dict[tuple, Tally]:
    """The events of `stages` that finished in [start, end) (end None: no end; right_closed: in
    (start, end]), of a file type if given, as a Tally per (bucket start or None, *by).

    Without durations or confidences the database adds the rows up; with them the bins are added
    up here. Rollups no coarser than `bucket` are used where they reach, events elsewhere.
    """
    if right_closed:  # (start, end] is [start + 1 µs, end + 1 µs): both databases keep microseconds
        start, end = start + timedelta(microseconds=1), end and end + timedelta(microseconds=1)
    if unknown := set(by) - set(DIMENSIONS):
        raise ValueError(f"a tally is by {', '.join(DIMENSIONS)}, not {', '.join(sorted(unknown))}")
    stages, fields = tuple(stages), [DIMENSIONS[name] for name in by]
    width = int(bucket.total_seconds()) if bucket else None
    rolled, raw, short = _pieces(start, end, width)
    found: dict[tuple, Tally] = {}
    detail = durations or confidences
    if rolled:
        rows = StageRollup.objects.filter(rolled, stage__in=stages).order_by()
        if "file_type" in by:  # each type's own rows
            rows = rows.filter(file_type=file_type) if file_type else rows.exclude(file_type=ALL_TYPES)
        else:  # one type's rows, or the rows of all types together: a quarter as many to add up
            rows = rows.filter(file_type=file_type or ALL_TYPES)
        _fold_rows(found, rows, fields, width, durations, confidences)
    if raw:
        found_events = StageEvent.objects.filter(raw, stage__in=stages).order_by()
        found_events = found_events.filter(file_type=file_type) if file_type else found_events
        _fold_events(found, found_events, fields, width, detail, short)
    return found


def _pieces(start: datetime, end: datetime | None, width: int | None) -> tuple[Q | None, Q | None, bool]:
    """Which rollup rows (grain and starts) and which events (finished) answer [start, end), and
    whether the events' stretch is short (at most SHORT_EDGE in all, up to now)."""
    held = reach()
    ranges: list[tuple[int | None, datetime, datetime | None]] = []
    if held is None or (end is not None and end <= held[0]) or start >= held[1]:
        ranges.append((None, start, end))
    else:
        origin, closed = held
        low, high = max(start, origin), closed if end is None else min(end, closed)
        if start < low:
            ranges.append((None, start, low))
        ranges += plan(low, high, tuple(g for g in GRAINS if width is None or g <= width), timezone.now())
        if end is None or high < end:
            ranges.append((None, high, end))
    rolled = raw = None
    now, raw_span = timezone.now(), timedelta()
    for grain, low, high in ranges:
        if grain is None:
            piece = Q(finished__gte=low) & (Q(finished__lt=high) if high is not None else Q())
            raw = piece if raw is None else raw | piece
            raw_span += max(timedelta(), min(now, high or now) - low)
        else:
            piece = Q(seconds=grain, start__gte=low, start__lt=high)
            rolled = piece if rolled is None else rolled | piece
    return rolled, raw, raw_span <= SHORT_EDGE


def _add_up(found: dict, rows: QuerySet, moment: str, fields: list[str], width: int | None, **sums) -> None:
    """Let the database add up `rows` by bucket of `moment` (if width) and fields: sums n and seconds."""
    if width:
        rows = rows.annotate(bucket=TimeBucket(moment, seconds=width)).values("bucket", *fields)
    else:
        rows = rows.values(*fields)
    for row in rows.annotate(**sums):
        tally_ = _slot(found, row.get("bucket"), [row[f] for f in fields])
        tally_.count += row["n"]
        tally_.duration_sum += row["seconds"]


def _fold_rows(found: dict, rows: QuerySet, fields: list[str], width: int | None, durations: bool,
               confidences: bool) -> None:
    if not (durations or confidences):
        _add_up(found, rows, "start", fields, width, n=Sum("count"), seconds=Sum("duration_sum"))
        return
    # Only the bins asked for, read as text and decoded by orjson: decoding them was most of the
    # work of a day's dashboard (json's float parsing is about four times slower).
    detail = {name: Cast(name, TextField()) for name, wanted in (("durations", durations),
                                                                  ("confidences", confidences)) if wanted}
    rows = rows.annotate(**{f"{name}_text": text for name, text in detail.items()})
    texts = [f"{name}_text" for name in detail]
    loads = orjson.loads
    for at, *values in rows.values_list("start", *fields, "count", "duration_sum", *texts):
        bins = {name: loads(text) for name, text in zip(detail, values[len(fields) + 2:], strict=True)}
        _slot(found, floor(at, width) if width else None, values[:len(fields)]).add_row(
            values[len(fields)], values[len(fields) + 1], bins.get("durations", ()), bins.get("confidences", ()))


def _fold_events(found: dict, rows: QuerySet, fields: list[str], width: int | None, detail: bool,
                 short: bool) -> None:
    if not detail:
        _add_up(found, rows, "finished", fields, width, n=Count("*"), seconds=Sum("duration"))
        return
    rows = rows.values_list("finished", *fields, "duration", "confidence", "error")
    # The open edge of a few minutes in one fetch; a long stretch (the beat task stopped for hours)
    # in chunks, through a server-side cursor on PostgreSQL (three round trips more).
    for at, *values, duration, confidence, error in rows if short else rows.iterator(chunk_size=5000):
        _slot(found, floor(at, width) if width else None, values).add_event(duration, confidence, error)


def _slot(found: dict, bucket: datetime | None, values: list) -> Tally:
    key = (bucket, *values)
    tally_ = found.get(key)
    if tally_ is None:
        tally_ = found[key] = Tally()
    return tally_


def totals() -> tuple[dict[tuple[str, str], StageTotal], datetime | None]:
    """The all-time counters by (stage, label) and the instant they reach; lock-step with roll_up.

    Read in a transaction that holds the rollups' state row, so no run can add an hour to the
    counters between reading them and reading the events after closed_until (which the caller does
    in the same transaction): a figure counted twice would fall back on the next scrape.
    """
    state = RollupState.objects.select_for_update().values_list("closed_until", flat=True).first()
    return {(row.stage, row.label): row for row in StageTotal.objects.all()}, state
