"""Pace, projection, streak and weekly targets: plain functions over a study log and the plan's rhythm."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.progress import Rhythm, forecast, pace, projection_pace, streak, weekly_minutes, weeks_since_start
from roadmap.scheduling import PlanStep, build_schedule

MONDAY = date(2026, 11, 23)
TODAY = date(2026, 11, 22)  # a Sunday
MON_TO_THU = frozenset({0, 1, 2, 3})
SIX_HOURS = Rhythm.of(start=MONDAY, study_days=MON_TO_THU, hours_per_week=6)  # 90 minutes a night
PLAN_MINUTES = 600 * 60  # two years at 6 hours a week, about the seeds' size
DAY = timedelta(days=1)


def on_plan(*, rhythm: Rhythm, hours: float, today: date, studied_today: bool, total: int = PLAN_MINUTES):
    """The forecast of a learner who logs exactly the sessions the plan schedules, up to today."""
    steps = [PlanStep(i, minutes) for i, minutes in enumerate([total // 3, total // 3, total - 2 * (total // 3)])]
    schedule = build_schedule(steps, start=rhythm.start, study_days=rhythm.study_days, hours_per_week=hours)
    log: dict[date, int] = {}
    for session in schedule.sessions:
        if session.day < today or (session.day == today and studied_today):
            log[session.day] = log.get(session.day, 0) + session.minutes
    result = forecast(log, today=today, rhythm=rhythm, remaining_minutes=total - sum(log.values()),
                      planned_finish=schedule.finish)
    return result, log, schedule


def six_hour_forecast(log, *, today, total=PLAN_MINUTES):
    finish = build_schedule([PlanStep(1, total)], start=MONDAY, study_days=MON_TO_THU, hours_per_week=6).finish
    return forecast(log, today=today, rhythm=SIX_HOURS, remaining_minutes=total - sum(log.values()),
                    planned_finish=finish)


# Pace


def test_the_first_evenings_two_hours_are_two_hours_a_week():
    result = pace([(MONDAY, 120)], today=MONDAY, start=MONDAY)
    assert (result.minutes_per_week, result.nights_per_week, result.weeks) == (120, 1, 1)


def test_a_first_week_of_five_and_a_quarter_hours_is_a_pace_of_five_and_a_quarter():
    log = [(MONDAY, 90), (MONDAY + DAY, 90), (MONDAY + 2 * DAY, 90), (MONDAY + 3 * DAY, 45)]
    assert pace(log, today=MONDAY + 6 * DAY, start=MONDAY).minutes_per_week == 315


def test_the_unfinished_week_after_the_first_is_pro_rated_by_the_days_gone():
    log = [(MONDAY + timedelta(days=d), 60) for d in range(10)]  # every day for ten days
    assert pace(log, today=MONDAY + 9 * DAY, start=MONDAY).minutes_per_week == 420


def test_in_the_fourth_month_pace_counts_the_last_four_weeks_only():
    today = MONDAY + timedelta(weeks=16)
    log = [(today, 120), (today - timedelta(days=27), 120), (today - timedelta(days=28), 999)]
    result = pace(log, today=today, start=MONDAY)
    assert (result.minutes_per_week, result.nights_per_week, result.weeks) == (60, 0.5, 4)


def test_sessions_before_the_start_or_after_today_do_not_make_a_pace():
    log = [(MONDAY - DAY, 300), (MONDAY + 3 * DAY, 300)]
    assert pace(log, today=MONDAY + DAY, start=MONDAY).minutes_per_week == 0


def test_before_a_start_in_the_future_there_is_no_pace_and_no_projection():
    assert pace([(TODAY, 60)], today=TODAY, start=MONDAY).weeks == 0
    result = six_hour_forecast({TODAY: 60}, today=TODAY)
    assert (result.projected_finish, result.ahead_days, result.planned_minutes) == (None, None, 0)
    assert weeks_since_start({TODAY: 60}, today=TODAY, rhythm=SIX_HOURS) == []


# Projection and ahead/behind


def test_the_first_evening_projects_a_finish_close_to_the_plan():
    result = six_hour_forecast({MONDAY: 120}, today=MONDAY)
    assert result.projected_finish is not None
    assert (result.planned_minutes, result.logged_minutes) == (90, 120)
    assert 0 < result.ahead_days <= 14  # half an hour more than planned: a little ahead, not months


def test_before_the_first_evening_is_studied_nothing_is_missed_and_nothing_projected():
    result = six_hour_forecast({}, today=MONDAY)
    assert (result.projected_finish, result.ahead_days, result.planned_minutes) == (None, None, 0)


def test_a_first_week_of_five_and_a_quarter_of_six_hours_is_a_little_behind():
    log = {MONDAY: 90, MONDAY + DAY: 90, MONDAY + 2 * DAY: 90, MONDAY + 3 * DAY: 45}
    result = six_hour_forecast(log, today=MONDAY + 6 * DAY)
    assert (result.planned_minutes, result.logged_minutes) == (360, 315)
    assert -30 <= result.ahead_days < 0  # 45 minutes short in the first week: weeks behind at most, not years


def test_on_day_three_of_week_one_the_plan_asked_three_evenings():
    log = {MONDAY: 90, MONDAY + DAY: 90, MONDAY + 2 * DAY: 90}
    result = six_hour_forecast(log, today=MONDAY + 2 * DAY)
    assert (result.planned_minutes, result.logged_minutes, result.ahead_days) == (270, 270, 0)


def test_in_the_fourth_month_on_plan_is_on_plan_before_and_after_tonights_session():
    today = MONDAY + timedelta(weeks=16, days=2)  # a Wednesday
    for studied_today in (False, True):
        result, _log, _schedule = on_plan(rhythm=SIX_HOURS, hours=6, today=today, studied_today=studied_today)
        assert result.ahead_days == 0 and result.minutes_per_week == 360


def test_a_gap_of_two_weeks_halves_the_pace_and_puts_the_learner_well_behind():
    today = MONDAY + timedelta(weeks=16)
    _result, log, schedule = on_plan(rhythm=SIX_HOURS, hours=6, today=today - timedelta(weeks=2), studied_today=False)
    result = forecast(log, today=today, rhythm=SIX_HOURS, remaining_minutes=PLAN_MINUTES - sum(log.values()),
                      planned_finish=schedule.finish)
    assert result.minutes_per_week == 180
    assert result.ahead_days < -300  # at half the pace, the rest takes twice as long


def test_four_weeks_without_study_leave_no_pace_to_project():
    _result, log, schedule = on_plan(rhythm=SIX_HOURS, hours=6, today=MONDAY + timedelta(weeks=8), studied_today=False)
    today = MONDAY + timedelta(weeks=12)
    assert projection_pace(log, today=today, rhythm=SIX_HOURS) == 0
    result = forecast(log, today=today, rhythm=SIX_HOURS, remaining_minutes=PLAN_MINUTES - sum(log.values()),
                      planned_finish=schedule.finish)
    assert (result.projected_finish, result.ahead_days) == (None, None)


def test_a_finished_plan_is_projected_on_the_day_of_the_last_session():
    result, _log, schedule = on_plan(rhythm=SIX_HOURS, hours=6, today=date(2030, 1, 1), studied_today=False)
    assert result.projected_finish == schedule.finish and result.ahead_days == 0


@settings(max_examples=50, deadline=None)
@given(
    quarter_hours=st.integers(min_value=4, max_value=240),
    days=st.sets(st.integers(min_value=0, max_value=6), min_size=1),
    start_weekday=st.integers(min_value=0, max_value=6),
    total_hours=st.integers(min_value=20, max_value=700),
    progress=st.floats(min_value=0, max_value=1.1),
    studied_today=st.booleans(),
)
def test_a_learner_exactly_on_plan_is_never_more_than_a_few_days_off(
    quarter_hours, days, start_weekday, total_hours, progress, studied_today
):
    hours = quarter_hours / 4  # 1 to 60 hours a week
    total = min(total_hours * 60, int(hours * 60 * 52 * 15))  # within the scheduler's twenty years
    start = MONDAY + timedelta(days=start_weekday)
    rhythm = Rhythm.of(start=start, study_days=days, hours_per_week=hours)
    finish = build_schedule([PlanStep(1, total)], start=start, study_days=days, hours_per_week=hours).finish
    today = start + timedelta(days=round(progress * ((finish - start).days + 7)))
    result, log, _schedule = on_plan(rhythm=rhythm, hours=hours, today=today, studied_today=studied_today, total=total)
    if sum(log.values()):
        assert result.ahead_days is not None and abs(result.ahead_days) <= 7
    else:
        assert result.ahead_days is None


# Streak


def test_the_streak_counts_planned_days_studied_back_from_today():
    thursday = TODAY - timedelta(days=3)
    log = [thursday, thursday - timedelta(days=1), thursday - timedelta(days=2)]  # Thu, Wed, Tue
    assert streak(log, today=TODAY, planned_weekdays=MON_TO_THU) == 3


def test_a_missed_planned_day_breaks_the_streak():
    thursday = TODAY - timedelta(days=3)
    log = [thursday, thursday - timedelta(days=2)]  # Thu and Tue, Wednesday missed
    assert streak(log, today=TODAY, planned_weekdays=MON_TO_THU) == 1


def test_a_bonus_session_on_a_free_day_extends_the_streak():
    log = [TODAY, TODAY - timedelta(days=3)]  # Sunday (free day) and Thursday
    assert streak(log, today=TODAY, planned_weekdays=MON_TO_THU) == 2


def test_the_streak_of_a_learner_on_plan_since_the_start_is_every_evening_since():
    wednesday = MONDAY + 2 * DAY
    log = [MONDAY, MONDAY + DAY, wednesday, MONDAY - 3 * DAY]  # and a session on the Friday before the start
    assert streak(log, today=wednesday, planned_weekdays=MON_TO_THU, start=MONDAY) == 3


def test_no_sessions_no_streak():
    assert streak([], today=TODAY, planned_weekdays=MON_TO_THU) == 0
    assert streak([TODAY], today=TODAY, planned_weekdays=MON_TO_THU, start=MONDAY) == 0


# Weeks on target


def test_weeks_before_the_start_are_not_counted_and_the_current_week_is_not_over():
    log = {MONDAY - DAY: 60, MONDAY: 120}
    (week,) = weeks_since_start(log, today=MONDAY, rhythm=SIX_HOURS)
    assert (week.monday, week.minutes, week.target, week.over, week.counted) == (MONDAY, 120, 360, False, False)


def test_a_start_mid_week_asks_only_for_the_evenings_from_the_start():
    wednesday = MONDAY + 2 * DAY
    rhythm = Rhythm.of(start=wednesday, study_days=MON_TO_THU, hours_per_week=6)
    log = {wednesday: 90, wednesday + DAY: 90, MONDAY + timedelta(weeks=1): 90}
    first, second = weeks_since_start(log, today=MONDAY + timedelta(weeks=1, days=1), rhythm=rhythm)
    assert (first.target, first.minutes, first.met) == (180, 180, True)
    assert (second.target, second.over) == (360, False)


def test_after_a_gap_the_missed_weeks_count_as_missed_and_only_twelve_are_listed():
    today = MONDAY + timedelta(weeks=20, days=3)
    _result, log, _schedule = on_plan(rhythm=SIX_HOURS, hours=6, today=today - timedelta(weeks=3), studied_today=False)
    weeks = weeks_since_start(log, today=today, rhythm=SIX_HOURS)
    assert len(weeks) == 12 and not weeks[-1].over
    assert [w.met for w in weeks if w.counted] == [True] * 8 + [False] * 3


def test_weekly_minutes_are_keyed_by_monday():
    assert weekly_minutes([(TODAY, 30), (TODAY - timedelta(days=6), 45)]) == {date(2026, 11, 16): 75}
