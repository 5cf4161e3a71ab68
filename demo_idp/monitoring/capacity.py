"""The SLA capacity planner: how many cores, workers and reviewers a day of documents needs.

The figures it starts from are measured from the last week of events (one tally of the rollups), or,
with nothing believable measured (MIN_REVIEWS and the floors below), taken from EVALUATION.md or stated as
assumptions; every figure says which.

The arithmetic is a fluid queue simulated hour by hour over a repeating day. Documents arrive by a
daily profile ("flat": the same every hour; "office": OFFICE_SHARE, 80%, between 08:00 and 18:00,
the rest spread evenly over the remaining 14 hours). Workers serve pages first come, first served at a
constant rate; pages routed to review join a second queue that reviewers serve during their daytime
shift. Cores (and then reviewers) are the fewest whose queue never grows from one day to the next
and keeps every page's wait within the SLA. Both are planned at most MAX_UTILISATION busy: a
fluid model has no variance, and real queues grow without bound as a server nears 100% busy once
page times vary; the spare share also absorbs retries, restarts and deploys.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.functional import lazy
from django.utils.translation import gettext_noop

from . import events, rollups
from ..models import Page

HOURS = 24
MEASURE_DAYS = 7
MAX_UTILISATION = 0.8
REVIEW_SHIFT_START = 8  # reviewers start at 08:00 and work reviewer_hours_per_day hours

FLAT, OFFICE = "flat", "office"
OFFICE_HOURS = range(8, 18)
OFFICE_SHARE = 0.8

# Where a figure comes from.
MEASURED, REFERENCE, ASSUMPTION, INPUT, DEFAULT = "measured", "reference", "assumption", "input", "default"

# Reference figures from demo_idp/EVALUATION.md, used while nothing is measured.
# CPU seconds a page takes the pipeline (this process and its Tesseract children), measured with
# bench/ocr_throughput.py on the 50 FUNSD test pages on 2026-12-01: 1.367 s with 1 process, 1.334 s
# with 2 (load average 2-19 from other work on the 2 CPUs; CPU seconds, unlike wall clock, hardly
# depend on it). Their mean, 1.35 s, is what a page costs a core of its own: 0.74 pages/s.
REFERENCE_SECONDS_PER_PAGE = 1.35
REFERENCE_PAGES_PER_SECOND = round(1 / REFERENCE_SECONDS_PER_PAGE, 2)  # 0.74
# Pages a person reads whole under whole-page rules (T, W, S, P): 46 of the 50 FUNSD forms, 91.6% of
# their words (manage.py idp_evaluate, summary.review.page, re-run on 2026-12-01). The pipeline now
# routes lines: it touches all 50 but has a person read 38.9% of the words (summary.review.line);
# review_policies plans that beside this, and the page shows it first.
REFERENCE_FORMS, REFERENCE_FORMS_REVIEWED = 50, 46
# From EVALUATION.md, "Review by line": on FUNSD, line review at T_L 70 has a person read 38.9% of the
# words (summary.review.line); review_policies plans line review from it while nothing is measured.
REFERENCE_LINE_WORD_SHARE = 0.389
REFERENCE_REVIEW_RATE = REFERENCE_FORMS_REVIEWED / REFERENCE_FORMS
ASSUMED_PAGES_PER_DOCUMENT = 1.0
ASSUMED_REVIEWER_PAGES_PER_HOUR = 30.0  # two minutes a page

# When a measurement is believable. A review shorter than events.MIN_REVIEW_SECONDS is left out; the
# median of the rest replaces the assumed reviewer speed from MIN_REVIEWS reviews on. A page's
# work shorter than MIN_PAGE_SECONDS is no OCR either (a failed or skipped page): left out of the mean.
MIN_REVIEW_SECONDS = events.MIN_REVIEW_SECONDS
MIN_REVIEWS = 20
MIN_PAGE_SECONDS = 0.1
# Likewise the pages' figures (seconds a page, review rate, pages per document) from MIN_PAGES pages
# read on: a demo's handful of pages, read while the machine did other work, are no plan for millions.
MIN_PAGES = 20

# The bounds of the planner's inputs (CapacityForm), so that every plan is arithmetic on sane numbers.
DEFAULT_DOCUMENTS_PER_DAY = 10_000_000
MAX_DOCUMENTS_PER_DAY = 10**10
MIN_PAGES_PER_DOCUMENT, MAX_PAGES_PER_DOCUMENT = 1, 10_000
MIN_SLA_HOURS, MAX_SLA_HOURS = 1, 720
MIN_REVIEWER_PAGES_PER_HOUR = 1  # an hour a page
MAX_REVIEWER_PAGES_PER_HOUR = 3600 // MIN_REVIEW_SECONDS  # the fastest believable review
DEFAULT_CORES_PER_WORKER = 8
MAX_CORES_PER_WORKER = 1024
DEFAULT_REVIEWER_HOURS_PER_DAY = 8


def _clock(hour: int) -> str:
    return f"{hour % HOURS:02d}:00"


def _figure(value: float) -> str:
    """A figure as a sentence names it: grouped, without needless decimals (10,000,000; 0.92; 30)."""
    return number_format(int(value) if float(value).is_integer() else value, force_grouping=True)


def default_terms() -> dict[str, str]:
    """The planner's defaults, fallbacks and office profile as its help texts and sentences name them,
    read from the constants (and the SLA setting) the planner itself uses."""
    return {
        "documents": _figure(DEFAULT_DOCUMENTS_PER_DAY), "pages": _figure(ASSUMED_PAGES_PER_DOCUMENT),
        "sla": _figure(settings.IDP_SLA_HOURS), "review_rate": _figure(REFERENCE_REVIEW_RATE),
        "line_share": _figure(REFERENCE_LINE_WORD_SHARE),
        "reference_forms": _figure(REFERENCE_FORMS), "reference_reviewed": _figure(REFERENCE_FORMS_REVIEWED),
        "reviewer_pages": _figure(ASSUMED_REVIEWER_PAGES_PER_HOUR),
        "review_minutes": _figure(round(60 / ASSUMED_REVIEWER_PAGES_PER_HOUR, 1)),
        "shift_start": _clock(REVIEW_SHIFT_START), "reviewer_hours": _figure(DEFAULT_REVIEWER_HOURS_PER_DAY),
        "cores": _figure(DEFAULT_CORES_PER_WORKER), "office_share": f"{OFFICE_SHARE:.0%}",
        "office_start": _clock(OFFICE_HOURS.start), "office_end": _clock(OFFICE_HOURS.stop),
        "office_rest": _figure(HOURS - len(OFFICE_HOURS)),
        "min_reviews": _figure(MIN_REVIEWS), "min_review_seconds": _figure(MIN_REVIEW_SECONDS),
    }


def _with_defaults(text: str) -> str:
    return _(text) % default_terms()


# A text (marked with gettext_noop) naming default_terms(), translated and filled in when shown: a
# form's help text or a choice's label follows the constants and the language of the request.
with_defaults = lazy(_with_defaults, str)

ARRIVALS = {
    FLAT: with_defaults(gettext_noop("Flat: the same number of documents every hour")),
    OFFICE: with_defaults(gettext_noop(
        "Office hours: %(office_share)s of documents between %(office_start)s and %(office_end)s")),
}


@dataclass(frozen=True)
class Figure:
    """A number the plan starts from, and where it comes from."""

    value: float
    source: str  # measured, reference, assumption, input or default
    sample: int = 0  # events behind a measured figure
    note: str = ""


@dataclass(frozen=True)
class Measured:
    seconds_per_page: Figure
    review_rate: Figure
    pages_per_document: Figure
    reviewer_pages_per_hour: Figure


@dataclass(frozen=True)
class Queue:
    depth: list[float]  # waiting at the end of each hour of a steady-state day
    served: list[float]  # served in each hour of that day
    max_wait_hours: float  # the longest any page waits, first come first served


@dataclass(frozen=True)
class Plan:
    documents_per_day: int
    pages_per_document: float
    sla_hours: float
    seconds_per_page: float
    review_rate: float
    reviewer_pages_per_hour: float
    cores_per_worker: int
    reviewer_hours_per_day: int
    arrival: str
    max_utilisation: float
    pages_per_day: float
    core_seconds_per_day: float
    cores_at_full_load: int  # the daily work alone, every core 100% busy
    cores_for_daily_work: int  # the daily work at max_utilisation
    cores_needed: int | None  # None: the SLA is shorter than a page's processing
    workers_needed: int | None
    arrivals_by_hour: list[float]
    queue_depth_by_hour: list[float]
    max_wait_hours: float  # for a worker, with cores_needed
    daily_work_wait_hours: float  # for a worker, with cores_for_daily_work
    review_pages_per_day: float
    reviewer_pages_per_day: float  # one reviewer's pages in a day, at max_utilisation
    reviewers_for_daily_work: int
    reviewers_needed: int | None  # None: no number of daytime reviewers meets the SLA
    review_queue_by_hour: list[float]
    max_review_wait_hours: float
    review_budget_hours: float  # what the SLA leaves for a page's wait for a reviewer
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def shift(self) -> tuple[int, int]:
        return REVIEW_SHIFT_START, (REVIEW_SHIFT_START + self.reviewer_hours_per_day) % HOURS


def measured(*, now: datetime | None = None, days: int = MEASURE_DAYS) -> Measured:
    """The four figures the plan starts from, from the last `days` of events in one query; the
    reference or assumed figure wherever nothing believable was measured (see MIN_REVIEWS)."""
    now = now or timezone.now()
    found = rollups.tally(now - timedelta(days=days), now, right_closed=True, durations=True,
                          stages=(events.PAGE, events.ROUTED, events.REVIEW))
    page, routed = (
        rollups.merged(tallied for (_bucket, counted, _label), tallied in found.items() if counted == stage)
        for stage in (events.PAGE, events.ROUTED))
    # A reviewer's speed from pages read whole: a page read line by line took its doubtful lines' seconds.
    review = rollups.merged(tallied for (_bucket, counted, label), tallied in found.items()
                            if counted == events.REVIEW and label not in events.BY_LINES)
    timed, seconds = rollups.count_from(page.durations, MIN_PAGE_SECONDS)
    to_review = found.get((None, events.PAGE, Page.Route.REVIEW))
    found = {
        "pages": page.count, "timed": timed, "seconds": seconds / timed if timed else None,
        "to_review": to_review.count if to_review else 0, "documents": routed.count,
        "all_reviews": review.count, "reviews": rollups.count_from(review.durations, MIN_REVIEW_SECONDS)[0],
        "review_median": rollups.percentile(review.durations, 0.5, at_least=MIN_REVIEW_SECONDS),
    }
    pages, documents, reviews = found["pages"], found["documents"], found["reviews"]
    week = {"days": days}
    few = _(" (only %(n)s pages measured in the last %(days)s days; %(needed)s needed)")
    return Measured(
        seconds_per_page=Figure(
            found["seconds"], MEASURED, found["timed"],
            _("mean seconds of work on the %(n)s pages read in the last %(days)s days") % {"n": found["timed"], **week},
        ) if found["timed"] >= MIN_PAGES else Figure(
            REFERENCE_SECONDS_PER_PAGE, REFERENCE, 0,
            _("reference figure from the pipeline's evaluation on FUNSD forms: %(seconds)s CPU seconds a page, "
              "%(rate)s pages/s on one core")
            % {"seconds": REFERENCE_SECONDS_PER_PAGE, "rate": REFERENCE_PAGES_PER_SECOND}
            + few % {"n": found["timed"], "needed": MIN_PAGES, **week},
        ),
        review_rate=Figure(
            found["to_review"] / pages, MEASURED, pages,
            _("%(k)s of the %(n)s pages read in the last %(days)s days went to review")
            % {"k": found["to_review"], "n": pages, **week},
        ) if pages >= MIN_PAGES else Figure(
            REFERENCE_REVIEW_RATE, REFERENCE, 0,
            _with_defaults(gettext_noop(
                "reference figure from the pipeline's evaluation: whole-page rules send %(reference_reviewed)s of "
                "%(reference_forms)s FUNSD forms to review; hard forms: measure your own"))
            + few % {"n": pages, "needed": MIN_PAGES, **week},
        ),
        pages_per_document=Figure(
            pages / documents, MEASURED, documents,
            _("%(pages)s pages in %(n)s documents routed in the last %(days)s days")
            % {"pages": pages, "n": documents, **week},
        ) if pages >= MIN_PAGES and documents else Figure(
            ASSUMED_PAGES_PER_DOCUMENT, ASSUMPTION, 0,
            _("an assumption until documents are measured") + few % {"n": pages, "needed": MIN_PAGES, **week},
        ),
        reviewer_pages_per_hour=_reviewer_speed(reviews, found["all_reviews"] - reviews, found["review_median"], days),
    )


def _reviewer_speed(reviews: int, too_quick: int, median: float | None, days: int) -> Figure:
    """3600 s over the median believable review, from MIN_REVIEWS of them; else the assumed speed,
    saying how many believable reviews there were and how many were too quick to be reading."""
    if reviews >= MIN_REVIEWS:
        return Figure(
            3600 / median, MEASURED, reviews,
            _("measured from %(n)s reviews in the last %(days)s days: 3600 s over the median review (claim to "
              "submit), %(median)s s") % {"n": reviews, "days": days, "median": number_format(median, 1)})
    why = _("only %(n)s believable reviews measured; %(needed)s needed") % {"n": reviews, "needed": MIN_REVIEWS}
    if too_quick:
        why += _("; %(k)s shorter than %(floor)s s left out as no reading of a page") % {
            "k": too_quick, "floor": MIN_REVIEW_SECONDS}
    return Figure(ASSUMED_REVIEWER_PAGES_PER_HOUR, ASSUMPTION, 0, _with_defaults(gettext_noop(
        "assumed figure: %(review_minutes)s minutes a page")) + f" ({why})")


def arrival_shares(arrival: str) -> list[float]:
    """The share of a day's documents arriving in each hour, 00:00 first."""
    if arrival == FLAT:
        return [1 / HOURS] * HOURS
    if arrival == OFFICE:
        quiet = (1 - OFFICE_SHARE) / (HOURS - len(OFFICE_HOURS))
        return [OFFICE_SHARE / len(OFFICE_HOURS) if hour in OFFICE_HOURS else quiet for hour in range(HOURS)]
    raise ValueError(f"arrival must be one of {', '.join(ARRIVALS)}")


def simulate(*, arrivals: Sequence[float], capacity: Sequence[float], days: int = 4) -> Queue:
    """A first-come-first-served queue, hour by hour over `days` repetitions of a day, from empty.

    Work arrives evenly within each hour and is served at the hour's capacity. When a day's capacity
    covers a day's arrivals, the queue is back where it was a day earlier from the second day on
    (it empties at least once a day), so the second day is the steady state reported.
    """
    arrivals, capacity = list(arrivals) * days, list(capacity) * days
    waiting = done = 0.0
    depth, served = [], []
    arrived, departed = [(0.0, 0.0)], [(0.0, 0.0)]
    for hour, (come, rate) in enumerate(zip(arrivals, capacity)):
        if waiting + come >= rate:  # busy all hour
            out = rate
        else:
            if waiting > 0:  # the backlog is gone before the hour ends: a bend in the departures
                emptied = waiting / (rate - come)
                departed.append((hour + emptied, done + rate * emptied))
            out = waiting + come
        waiting += come - out
        done += out
        arrived.append((hour + 1, arrived[-1][1] + come))
        departed.append((hour + 1, done))
        depth.append(waiting)
        served.append(out)
    day = slice(HOURS, 2 * HOURS)
    if sum(capacity[day]) < sum(arrivals[day]) * (1 - 1e-12):
        wait = math.inf  # the queue grows day over day
    else:
        wait = _max_wait(arrived, departed, low=arrived[HOURS][1], high=arrived[2 * HOURS][1])
    return Queue(depth=depth[day], served=served[day], max_wait_hours=wait)


def _max_wait(arrived: list[tuple[float, float]], departed: list[tuple[float, float]], *, low: float,
              high: float) -> float:
    """The longest horizontal gap between the cumulative arrival and departure curves, over the work
    that arrived between levels low and high: for a fluid FIFO queue, the longest wait.

    Both curves are piecewise linear, so the gap is too and peaks at a bend of either curve; at a
    bend both sides are checked (the last unit before a flat stretch, and the first unit after it).
    """
    if high <= low:
        return 0.0  # nothing arrived
    tolerance = 1e-9 * high  # relative: a plan may count billions of pages, or a fraction of one
    worst = 0.0
    for level in {y for _t, y in arrived + departed if low - tolerance <= y <= high + tolerance}:
        for latest in (False, True):
            leaves = _time_at(departed, level, latest=latest, tolerance=tolerance)
            if leaves == math.inf:
                return math.inf
            worst = max(worst, leaves - _time_at(arrived, level, latest=latest, tolerance=tolerance))
    return worst


def _time_at(curve: list[tuple[float, float]], level: float, *, latest: bool, tolerance: float) -> float:
    """When a non-decreasing piecewise-linear curve reaches `level`: first (or, latest=True, last) time."""
    values = [y for _t, y in curve]
    if latest:
        at = bisect_right(values, level + tolerance) - 1
        if at == len(curve) - 1:
            return math.inf
        if values[at] >= level - tolerance:
            return curve[at][0]
        start, end = curve[at], curve[at + 1]
    else:
        at = bisect_left(values, level - tolerance)
        if at == len(curve):
            return math.inf
        if values[at] <= level + tolerance:
            return curve[at][0]
        start, end = curve[at - 1], curve[at]
    return start[0] + (level - start[1]) / (end[1] - start[1]) * (end[0] - start[0])


def fewest(low: int, high: int, ok: Callable[[int], bool]) -> int | None:
    """The smallest n in low..high for which ok(n), ok being false then true as n grows; None if none.

    Whatever ok does, the n returned passes it: the search only ever moves its top to a passing n.
    """
    high = max(low, high)
    if not ok(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _at_least(amount: float) -> int:
    """The whole number of servers (at least one) that covers `amount`, forgiving float noise (243.0000001 is 243)."""
    return max(1, math.ceil(amount - min(1e-9 * amount, 1e-6)))


def plan(
    *,
    documents_per_day: int,
    pages_per_document: float,
    sla_hours: float,
    reviewer_pages_per_hour: float,
    review_rate: float,
    seconds_per_page: float,
    cores_per_worker: int = DEFAULT_CORES_PER_WORKER,
    reviewer_hours_per_day: int = DEFAULT_REVIEWER_HOURS_PER_DAY,
    arrival: str = OFFICE,
    max_utilisation: float = MAX_UTILISATION,
) -> Plan:
    """Cores, workers and reviewers for a day of documents within the SLA (see the module docstring).

    Cores come first: the fewest whose longest wait for a worker leaves a review enough of the SLA
    (or, when no number of reviewers could use what is left, simply the fewest within the SLA).
    Reviewers then get what remains: SLA - longest wait for a worker - processing - the review itself.
    Adding the longest waits of two queues over-states a page's time (the same page rarely waits
    longest at both), which errs on the safe side and keeps the arithmetic explainable.
    """
    pages_per_day = documents_per_day * pages_per_document
    arrivals = [pages_per_day * share for share in arrival_shares(arrival)]
    core_seconds = pages_per_day * seconds_per_page
    per_core = 3600 * max_utilisation / seconds_per_page  # pages an hour, at the planned load
    processing_hours = seconds_per_page / 3600
    budget = sla_hours - processing_hours  # for the wait for a worker
    review_pages = pages_per_day * review_rate
    per_reviewer = reviewer_pages_per_hour * max_utilisation
    shift = [(hour - REVIEW_SHIFT_START) % HOURS < reviewer_hours_per_day for hour in range(HOURS)]
    review_hours = 1 / reviewer_pages_per_hour

    def workers(cores: int) -> Queue:
        return simulate(arrivals=arrivals, capacity=[cores * per_core] * HOURS)

    def reviewers(worker: Queue, count: int) -> Queue:
        return simulate(arrivals=[served * review_rate for served in worker.served],
                        capacity=[count * per_reviewer if on else 0.0 for on in shift])

    def review_budget(worker: Queue) -> float:
        return budget - worker.max_wait_hours - review_hours

    cores_for_daily_work = _at_least(core_seconds / (HOURS * 3600 * max_utilisation))
    no_queue = _at_least(max(arrivals) / per_core)  # every hour's pages served within the hour
    reviewers_for_daily_work = _at_least(review_pages / (per_reviewer * reviewer_hours_per_day)) if review_pages else 0
    # Enough to review a whole day's pages in one hour: if these cannot meet the SLA, none can.
    most_reviewers = max(reviewers_for_daily_work, _at_least(review_pages / per_reviewer))

    def within_sla(cores: int) -> bool:
        return workers(cores).max_wait_hours <= budget + 1e-9

    def leaves_time_to_review(cores: int) -> bool:
        worker = workers(cores)
        return (worker.max_wait_hours <= budget + 1e-9
                and reviewers(worker, most_reviewers).max_wait_hours <= review_budget(worker) + 1e-9)

    cores = None
    if budget > 0:
        if review_pages:
            cores = fewest(cores_for_daily_work, no_queue, leaves_time_to_review)
        cores = cores or fewest(cores_for_daily_work, no_queue, within_sla)
    worker = workers(cores or cores_for_daily_work)

    reviewer_count, review = 0, None
    if review_pages:
        def review_within_sla(count: int) -> bool:
            return reviewers(worker, count).max_wait_hours <= review_budget(worker) + 1e-9

        reviewer_count = fewest(reviewers_for_daily_work, most_reviewers, review_within_sla)
        review = reviewers(worker, reviewer_count or reviewers_for_daily_work)
    return Plan(
        documents_per_day=documents_per_day, pages_per_document=pages_per_document, sla_hours=sla_hours,
        seconds_per_page=seconds_per_page, review_rate=review_rate, reviewer_pages_per_hour=reviewer_pages_per_hour,
        cores_per_worker=cores_per_worker, reviewer_hours_per_day=reviewer_hours_per_day, arrival=arrival,
        max_utilisation=max_utilisation, pages_per_day=pages_per_day, core_seconds_per_day=core_seconds,
        cores_at_full_load=_at_least(core_seconds / (HOURS * 3600)), cores_for_daily_work=cores_for_daily_work,
        cores_needed=cores, workers_needed=math.ceil(cores / cores_per_worker) if cores else None,
        arrivals_by_hour=arrivals, queue_depth_by_hour=worker.depth, max_wait_hours=worker.max_wait_hours,
        daily_work_wait_hours=workers(cores_for_daily_work).max_wait_hours,
        review_pages_per_day=review_pages, reviewer_pages_per_day=per_reviewer * reviewer_hours_per_day,
        reviewers_for_daily_work=reviewers_for_daily_work, reviewers_needed=reviewer_count,
        review_queue_by_hour=review.depth if review else [0.0] * HOURS,
        max_review_wait_hours=review.max_wait_hours if review else 0.0,
        review_budget_hours=review_budget(worker),
    )


def blank_figures(measured: Measured) -> dict[str, Figure]:
    """The figure each of the planner's inputs takes when left blank: its default, or what was measured
    (else the reference or assumption). The form's placeholders and plan_with() both read it."""
    return {
        "documents_per_day": Figure(DEFAULT_DOCUMENTS_PER_DAY, DEFAULT, note=_("the planner's default")),
        "pages_per_document": measured.pages_per_document,
        "sla_hours": Figure(settings.IDP_SLA_HOURS, DEFAULT, note=_("the site's SLA")),
        "review_rate": measured.review_rate,
        "reviewer_pages_per_hour": measured.reviewer_pages_per_hour,
        "cores_per_worker": Figure(DEFAULT_CORES_PER_WORKER, DEFAULT),
        "reviewer_hours_per_day": Figure(DEFAULT_REVIEWER_HOURS_PER_DAY, DEFAULT, note=_("one shift")),
    }


def plan_with(
    *,
    measured: Measured,
    documents_per_day: int | None = None,
    pages_per_document: float | None = None,
    sla_hours: float | None = None,
    reviewer_pages_per_hour: float | None = None,
    review_rate: float | None = None,
    cores_per_worker: int | None = None,
    reviewer_hours_per_day: int | None = None,
    arrival: str = OFFICE,
) -> Plan:
    """plan() from what was given, and the measured (or reference) figures for what was not;
    the plan's `figures` say where each number came from."""

    given = {"documents_per_day": documents_per_day, "pages_per_document": pages_per_document,
             "sla_hours": sla_hours, "review_rate": review_rate, "reviewer_pages_per_hour": reviewer_pages_per_hour,
             "cores_per_worker": cores_per_worker, "reviewer_hours_per_day": reviewer_hours_per_day}
    otherwise = blank_figures(measured)
    figures = {name: otherwise[name] if value is None else Figure(value, INPUT) for name, value in given.items()}
    figures["seconds_per_page"] = measured.seconds_per_page
    values = {name: figure.value for name, figure in figures.items()}
    values["documents_per_day"] = int(values["documents_per_day"])
    return replace(plan(**values, arrival=arrival), figures=figures)
