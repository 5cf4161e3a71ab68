"""The capacity planner (capacity.py): the arithmetic checked by hand, the queue simulation, and the
figures measured from hand-made events or taken from the reference when nothing is measured."""

from pathlib import Path

import pytest

from demo_idp.monitoring import capacity, capacity_explained, events, review_policies, rollups
from tests.demo_idp.event_scenes import event_days_ago

# 2.88 s a page at 80% busy is 1,000 pages an hour a core: round numbers to check by hand.
ROUND = {"documents_per_day": 1_000_000, "pages_per_document": 1, "seconds_per_page": 2.88,
         "reviewer_pages_per_hour": 30, "review_rate": 0.0, "sla_hours": 48}


def plan(**overrides) -> capacity.Plan:
    return capacity.plan(**(ROUND | overrides))


# The arithmetic

def test_ten_million_one_page_documents_at_2_1_seconds_need_304_cores_in_38_workers():
    p = capacity.plan(documents_per_day=10_000_000, pages_per_document=1, seconds_per_page=2.1, sla_hours=48,
                      review_rate=0, reviewer_pages_per_hour=30, arrival=capacity.FLAT)
    assert p.pages_per_day == 10_000_000
    assert p.core_seconds_per_day == pytest.approx(21_000_000)
    assert p.cores_at_full_load == 244  # 21,000,000 / 86,400 = 243.06 cores 100% busy
    assert p.cores_for_daily_work == 304  # 243.06 / 0.8 = 303.8
    assert (p.cores_needed, p.workers_needed) == (304, 38)  # 304 / 8
    assert p.queue_depth_by_hour == [0] * 24 and p.max_wait_hours == 0  # 416,667 pages an hour < 417,143
    assert p.reviewers_needed == 0 and p.review_queue_by_hour == [0] * 24


def test_reviewers_clear_a_day_of_flat_arrivals_in_their_shift_and_a_page_routed_at_its_end_waits_16_hours():
    p = capacity.plan(documents_per_day=10_000_000, pages_per_document=1, seconds_per_page=2.1, sla_hours=48,
                      review_rate=0.1, reviewer_pages_per_hour=30, arrival=capacity.FLAT)
    assert p.review_pages_per_day == pytest.approx(1_000_000)
    assert p.reviewer_pages_per_day == pytest.approx(192)  # 30 pages an hour x 8 hours x 80%
    assert p.reviewers_for_daily_work == p.reviewers_needed == 5209  # 1,000,000 / 192 = 5208.3
    assert p.max_review_wait_hours == pytest.approx(16)  # routed at 16:00, reviewed at 08:00
    # 16 hours of routed pages (41,667 an hour) wait at 08:00, none at 16:00 (the shift just clears a day).
    assert p.review_queue_by_hour[7] == pytest.approx(666_667, abs=1)
    assert p.review_queue_by_hour[15] == pytest.approx(0, abs=100)


def test_pages_per_document_multiply_the_work():
    assert plan(pages_per_document=2.5).pages_per_day == 2_500_000
    assert plan(pages_per_document=2.5).cores_for_daily_work == 105  # 2.5M pages / 24,000 a core-day = 104.2


def test_office_hours_build_a_queue_by_day_that_drains_by_night():
    p = plan(arrival=capacity.OFFICE)
    assert p.cores_needed == p.cores_for_daily_work == 42  # 1M pages / 24,000 pages a core-day = 41.7
    depth = p.queue_depth_by_hour
    # 80,000 pages arrive each office hour against 42,000 read: +38,000 an hour from 08:00 to 18:00.
    assert depth[8] == pytest.approx(38_000)  # at 09:00
    assert depth[17] == pytest.approx(380_000) == max(depth)  # at 18:00
    # Then 14,285.7 arrive against 42,000 read: -27,714.3 an hour, gone before 08:00.
    assert depth[18] == pytest.approx(380_000 - 27_714.29, abs=1)
    assert depth[6] == pytest.approx(380_000 - 13 * 27_714.29, abs=1)
    assert depth[7] == 0
    assert p.max_wait_hours == pytest.approx(380_000 / 42_000)  # the page that arrives at 18:00


def test_flat_and_office_days_need_the_same_cores_for_a_long_sla_but_only_office_hours_queue():
    flat, office = plan(arrival=capacity.FLAT), plan(arrival=capacity.OFFICE)
    assert flat.cores_needed == office.cores_needed == 42
    assert max(flat.queue_depth_by_hour) == 0 and flat.max_wait_hours == 0
    assert max(office.queue_depth_by_hour) > 0


def test_an_sla_shorter_than_the_peak_backlog_takes_needs_more_cores():
    p = plan(arrival=capacity.OFFICE, sla_hours=4)
    # With k pages an hour the 18:00 backlog is 10 x (80,000 - k) and waits that / k hours; within
    # 4 h less 2.88 s of processing: k >= 800,000 / 13.9992 = 57,146, so 58 cores.
    assert p.cores_needed == 58 and p.workers_needed == 8
    assert p.max_wait_hours == pytest.approx(10 * 22_000 / 58_000)
    too_few = capacity.simulate(arrivals=p.arrivals_by_hour, capacity=[57_000] * 24)
    assert too_few.max_wait_hours == pytest.approx(10 * 23_000 / 57_000)  # 4.035 h: over the SLA
    assert p.daily_work_wait_hours == pytest.approx(380_000 / 42_000)


def test_cores_leave_time_for_review_within_the_sla():
    p = plan(arrival=capacity.OFFICE, sla_hours=24, review_rate=0.1)
    # A page routed at 16:00 waits 16 h for the reviewers' next shift, and 2 min for its review:
    # the wait for a worker must stay within 24 - 16 - 1/30 - 0.0008 = 7.966 h:
    # 10 x (80,000 - k) / k <= 7.966 -> k >= 44,528, so 45 cores (44 would wait 8.18 h).
    assert p.cores_needed == 45 and p.workers_needed == 6
    assert p.max_wait_hours == pytest.approx(10 * 35_000 / 45_000)
    assert p.reviewers_for_daily_work == p.reviewers_needed == 521  # 100,000 / 192 = 520.8
    assert p.max_review_wait_hours == pytest.approx(16)
    assert p.review_budget_hours == pytest.approx(24 - 0.0008 - 7.7778 - 1 / 30, abs=1e-3)


def test_no_number_of_daytime_reviewers_meets_an_sla_shorter_than_the_night():
    short = plan(sla_hours=12, review_rate=0.1, arrival=capacity.FLAT)
    assert short.reviewers_needed is None
    assert short.cores_needed == 42  # the cores still do their part
    assert any("No number of reviewers" in line for line in capacity_explained.explain(short))
    round_the_clock = plan(sla_hours=12, review_rate=0.1, arrival=capacity.FLAT, reviewer_hours_per_day=24)
    assert round_the_clock.reviewers_needed == 174  # 100,000 / (30 x 24 x 0.8) = 173.6


def test_a_review_longer_than_the_sla_leaves_no_time_for_it():
    p = plan(sla_hours=1, review_rate=0.1, reviewer_pages_per_hour=0.5)  # two hours a page
    assert p.reviewers_needed is None and p.review_budget_hours < 0
    assert any("no time for the review itself" in line for line in capacity_explained.explain(p))


def test_any_work_at_all_needs_at_least_one_core_and_one_reviewer():
    p = plan(documents_per_day=1, pages_per_document=0.001, review_rate=1e-6, sla_hours=48)
    assert (p.cores_needed, p.workers_needed, p.reviewers_needed) == (1, 1, 1)
    assert p.max_wait_hours == 0 and p.max_review_wait_hours == pytest.approx(16)
    text = "\n".join(capacity_explained.explain(p))
    assert "the daily work needs 1 core." in text and "rounded up = 1 worker (" in text
    assert "at least 1 reviewer." in text and "1 cores" not in text


def test_an_sla_shorter_than_a_pages_processing_has_no_answer():
    p = plan(seconds_per_page=4000, sla_hours=1)
    assert p.cores_needed is None and p.workers_needed is None
    assert any("No number of cores" in line for line in capacity_explained.explain(p))


def test_the_explanation_fills_in_the_numbers():
    p = capacity.plan(documents_per_day=10_000_000, pages_per_document=1, seconds_per_page=2.1, sla_hours=48,
                      review_rate=0.1, reviewer_pages_per_hour=30, arrival=capacity.FLAT)
    text = "\n".join(capacity_explained.explain(p))
    for expected in ("10,000,000 pages", "21,000,000 core-seconds", "244 cores", "80% busy", "304 cores",
                     "38 workers", "1,000,000", "5,209 reviewers", "08:00–16:00", "16.0 h"):
        assert expected in text


def test_the_explanation_tells_line_reviews_reviewers_after_page_reviews():
    p = capacity.plan(documents_per_day=10_000_000, pages_per_document=1, seconds_per_page=2.1, sla_hours=48,
                      review_rate=0.9, reviewer_pages_per_hour=30, arrival=capacity.FLAT)
    line = review_policies.side_by_side(p, capacity.Figure(0.3, capacity.REFERENCE))[1]
    told = capacity_explained.explain(p, line)
    assert told[:-1] == capacity_explained.explain(p)
    # 10M pages x 30% = 3M pages' worth / 192 pages a reviewer-day = 15,625 reviewers.
    assert "10,000,000 pages × 30.0% = 3,000,000 pages' worth a day, and 15,625 reviewers" in told[-1]


def test_an_unknown_arrival_profile_is_refused():
    with pytest.raises(ValueError, match="flat, office"):
        capacity.arrival_shares("weekend")


def test_the_office_profile_puts_80_percent_of_a_day_between_08_and_18():
    shares = capacity.arrival_shares(capacity.OFFICE)
    assert sum(shares) == pytest.approx(1)
    assert sum(shares[8:18]) == pytest.approx(0.8)
    assert shares[3] == pytest.approx(0.2 / 14)


# The simulation

def test_a_queue_with_more_capacity_than_work_never_builds():
    queue = capacity.simulate(arrivals=[10] * 24, capacity=[11] * 24)
    assert queue.depth == [0] * 24 and queue.served == [10] * 24 and queue.max_wait_hours == 0


def test_a_queue_with_less_capacity_than_a_days_work_waits_for_ever():
    assert capacity.simulate(arrivals=[10] * 24, capacity=[9] * 24).max_wait_hours == float("inf")


def test_a_backlog_that_clears_within_an_hour_is_timed_to_the_minute():
    # 12 pages in the first hour, 8 read an hour: 4 left at 01:00, gone at 01:30; the last page,
    # arrived at 01:00, leaves at 01:30.
    queue = capacity.simulate(arrivals=[12] + [0] * 23, capacity=[8] * 24)
    assert queue.depth[:2] == [4, 0] and queue.served[:2] == [8, 4]
    assert queue.max_wait_hours == pytest.approx(0.5)


def test_work_arriving_at_night_waits_for_the_day_shift():
    shift = [30 if 8 <= hour < 16 else 0 for hour in range(24)]
    queue = capacity.simulate(arrivals=[10] * 24, capacity=shift)
    assert queue.depth[7] == 160 and queue.depth[15] == 0 and queue.depth[23] == 80
    assert queue.max_wait_hours == pytest.approx(16)


def test_fewest_finds_the_first_that_works_or_none():
    assert capacity.fewest(1, 100, lambda n: n >= 37) == 37
    assert capacity.fewest(50, 10, lambda n: n >= 37) == 50
    assert capacity.fewest(1, 10, lambda n: n >= 37) is None


# The measured figures

@pytest.mark.django_db
def test_with_nothing_measured_the_figures_are_the_reference_and_say_so():
    found = capacity.measured()
    assert (found.seconds_per_page.value, found.seconds_per_page.source) == (
        capacity.REFERENCE_SECONDS_PER_PAGE, capacity.REFERENCE)
    assert f"{capacity.REFERENCE_SECONDS_PER_PAGE} CPU seconds a page" in found.seconds_per_page.note
    assert f"{capacity.REFERENCE_PAGES_PER_SECOND} pages/s on one core" in found.seconds_per_page.note
    assert (found.review_rate.value, found.review_rate.source) == (0.92, capacity.REFERENCE)
    assert (found.pages_per_document.value, found.pages_per_document.source) == (1, capacity.ASSUMPTION)
    assert (found.reviewer_pages_per_hour.value, found.reviewer_pages_per_hour.source) == (30, capacity.ASSUMPTION)
    assert found.seconds_per_page.sample == 0


def test_the_reference_speed_is_the_one_the_evaluation_measured():
    evaluation = (Path(capacity.__file__).parent.parent / "EVALUATION.md").read_text()
    assert capacity.REFERENCE_PAGES_PER_SECOND == round(1 / capacity.REFERENCE_SECONDS_PER_PAGE, 2)
    assert (f"**{capacity.REFERENCE_SECONDS_PER_PAGE} CPU s a page, {capacity.REFERENCE_PAGES_PER_SECOND} pages/s a "
            "core**") in " ".join(evaluation.split())


def believable_reviews(seconds=(60, 120, 600), count=capacity.MIN_REVIEWS):
    """`count` reviews cycling through `seconds`: enough for the measured speed to count."""
    for n in range(count):
        event_days_ago(events.REVIEW, seconds=seconds[n % len(seconds)], label=events.RULES)


@pytest.mark.django_db
def test_the_figures_are_measured_from_last_weeks_events(django_assert_num_queries):
    for seconds, route in ((2, "auto_accepted"), (3, "review"), (4, "auto_accepted")) * 7:  # 21 pages
        event_days_ago(events.PAGE, seconds=seconds, label=route)
    for label in ("done", "needs_review") * 7:  # 14 documents
        event_days_ago(events.ROUTED, seconds=30, label=label)
    believable_reviews(count=21)  # 7 each of 60, 120 and 600 s
    event_days_ago(events.PAGE, seconds=1000, label="review", days_ago=8)  # older than a week
    event_days_ago(events.REVIEW, seconds=5, days_ago=8)
    event_days_ago("ocr", seconds=100)  # a processing stage, not a page
    rollups.roll_up()
    with django_assert_num_queries(3):  # the rollups' reach, the rollups, the events at the edges
        found = capacity.measured()
    assert (found.seconds_per_page.value, found.seconds_per_page.source) == (pytest.approx(3), capacity.MEASURED)
    assert found.seconds_per_page.sample == 21
    assert found.review_rate.value == pytest.approx(1 / 3) and found.review_rate.sample == 21
    assert found.pages_per_document.value == pytest.approx(1.5) and found.pages_per_document.sample == 14
    assert found.reviewer_pages_per_hour.value == pytest.approx(30)  # 3600 / median 120 s
    assert found.reviewer_pages_per_hour.source == capacity.MEASURED and found.reviewer_pages_per_hour.sample == 21
    assert found.reviewer_pages_per_hour.note.startswith("measured from 21 reviews")
    assert "120.0 s" in found.reviewer_pages_per_hour.note


@pytest.mark.django_db
def test_the_median_review_of_an_even_count_is_the_mean_of_the_middle_two():
    believable_reviews(seconds=(60, 100, 140, 1000))
    assert capacity.measured().reviewer_pages_per_hour.value == pytest.approx(3600 / 120)


@pytest.mark.django_db
def test_reviews_without_a_claim_time_do_not_make_reviewers_infinitely_fast():
    event_days_ago(events.REVIEW, seconds=0)
    found = capacity.measured()
    assert found.reviewer_pages_per_hour.source == capacity.ASSUMPTION


@pytest.mark.django_db
def test_six_scripted_reviews_of_no_time_leave_the_assumed_reviewer_speed_and_say_why():
    for _ in range(6):
        event_days_ago(events.REVIEW, seconds=0.0)
    speed = capacity.measured().reviewer_pages_per_hour
    assert (speed.value, speed.source, speed.sample) == (capacity.ASSUMED_REVIEWER_PAGES_PER_HOUR, capacity.ASSUMPTION, 0)
    assert speed.note == ("assumed figure: 2 minutes a page (only 0 believable reviews measured; 20 needed; "
                          "6 shorter than 5 s left out as no reading of a page)")
    p = capacity.plan_with(measured=capacity.measured(), review_rate=0.5)
    assert p.reviewer_pages_per_hour == 30 and p.reviewers_needed > 19


@pytest.mark.django_db
def test_pages_read_line_by_line_do_not_make_reviewers_look_faster_at_whole_pages():
    believable_reviews(seconds=(120,), count=capacity.MIN_REVIEWS)
    for label in events.BY_LINES * 30:  # two doubtful lines, ten seconds each: not a page read whole
        event_days_ago(events.REVIEW, seconds=20, label=label)
    speed = capacity.measured().reviewer_pages_per_hour
    assert (speed.value, speed.sample) == (pytest.approx(30), capacity.MIN_REVIEWS)


@pytest.mark.django_db
def test_fewer_believable_reviews_than_the_minimum_are_not_yet_a_measurement():
    believable_reviews(seconds=(60,), count=capacity.MIN_REVIEWS - 1)
    speed = capacity.measured().reviewer_pages_per_hour
    assert speed.source == capacity.ASSUMPTION
    assert "(only 19 believable reviews measured; 20 needed)" in speed.note


@pytest.mark.django_db
def test_twenty_five_believable_reviews_of_a_minute_give_sixty_pages_an_hour_despite_quick_submits():
    believable_reviews(seconds=(55, 60, 65), count=25)
    for _ in range(30):  # more scripted submits than reviews: they would drag the median to 0 s
        event_days_ago(events.REVIEW, seconds=0.0)
    speed = capacity.measured().reviewer_pages_per_hour
    assert (speed.value, speed.source, speed.sample) == (pytest.approx(60), capacity.MEASURED, 25)
    assert speed.note.startswith("measured from 25 reviews")


@pytest.mark.django_db
def test_pages_of_no_work_are_left_out_of_the_mean_seconds_per_page():
    for _ in range(capacity.MIN_PAGES):
        event_days_ago(events.PAGE, seconds=3, label="review")
    event_days_ago(events.PAGE, seconds=0.0, label="auto_accepted")
    found = capacity.measured()
    assert (found.seconds_per_page.value, found.seconds_per_page.sample) == (pytest.approx(3), capacity.MIN_PAGES)
    assert found.review_rate.sample == capacity.MIN_PAGES + 1  # still a page that was routed


@pytest.mark.django_db
def test_a_few_pages_read_on_a_busy_machine_are_no_plan_and_the_figures_say_why():
    # A demo's handful of pages, read slowly while the machine did other work: 9.6 s a page from 5
    # would plan seven times the reference's cores.
    for seconds, route in ((9.6, "review"),) * 4 + ((9.6, "auto_accepted"),):
        event_days_ago(events.PAGE, seconds=seconds, label=route)
    event_days_ago(events.ROUTED, seconds=30)
    found = capacity.measured()
    assert (found.seconds_per_page.value, found.seconds_per_page.source) == (
        capacity.REFERENCE_SECONDS_PER_PAGE, capacity.REFERENCE)
    assert (found.review_rate.value, found.review_rate.source) == (capacity.REFERENCE_REVIEW_RATE, capacity.REFERENCE)
    assert found.pages_per_document.source == capacity.ASSUMPTION
    for figure in (found.seconds_per_page, found.review_rate, found.pages_per_document):
        assert figure.note.endswith("(only 5 pages measured in the last 7 days; 20 needed)")


@pytest.mark.django_db
def test_pages_of_no_work_alone_leave_the_reference_seconds_per_page():
    event_days_ago(events.PAGE, seconds=0.0, label="auto_accepted")
    assert capacity.measured().seconds_per_page.source == capacity.REFERENCE


@pytest.mark.django_db
def test_a_plan_uses_what_was_given_and_the_measured_figures_for_the_rest(settings):
    settings.IDP_SLA_HOURS = 36
    for _ in range(capacity.MIN_PAGES):  # one-page documents
        event_days_ago(events.PAGE, seconds=2.88, label="review")
        event_days_ago(events.ROUTED, seconds=10)
    p = capacity.plan_with(measured=capacity.measured(), documents_per_day=1_000_000, review_rate=0.0)
    assert p.figures["documents_per_day"].source == capacity.INPUT
    assert p.figures["review_rate"] == capacity.Figure(0.0, capacity.INPUT)
    assert p.figures["seconds_per_page"].source == capacity.MEASURED
    assert p.figures["pages_per_document"].source == capacity.MEASURED
    assert p.figures["reviewer_pages_per_hour"].source == capacity.ASSUMPTION
    assert (p.sla_hours, p.figures["sla_hours"].source) == (36, capacity.DEFAULT)
    assert p.cores_needed == 42 and p.reviewers_needed == 0
    assert capacity.plan_with(measured=capacity.measured()).documents_per_day == 10_000_000
