from datetime import date, timedelta

from roadmap.progress import ahead_by_days, pace, streak, weekly_minutes

TODAY = date(2026, 11, 22)  # a Sunday
MON_TO_THU = frozenset({0, 1, 2, 3})


def test_pace_counts_the_last_four_weeks_only():
    log = [(TODAY, 120), (TODAY - timedelta(days=27), 120), (TODAY - timedelta(days=28), 999)]
    result = pace(log, today=TODAY)
    assert result.minutes_per_week == 60
    assert result.nights_per_week == 0.5


def test_pace_ignores_future_sessions():
    assert pace([(TODAY + timedelta(days=1), 300)], today=TODAY).minutes_per_week == 0


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


def test_no_sessions_no_streak():
    assert streak([], today=TODAY, planned_weekdays=MON_TO_THU) == 0


def test_ahead_and_behind_are_signed_days():
    assert ahead_by_days(planned=date(2027, 1, 10), projected=date(2027, 1, 1)) == 9
    assert ahead_by_days(planned=date(2027, 1, 1), projected=date(2027, 1, 10)) == -9
    assert ahead_by_days(planned=None, projected=date(2027, 1, 10)) is None


def test_weekly_minutes_are_keyed_by_monday():
    assert weekly_minutes([(TODAY, 30), (TODAY - timedelta(days=6), 45)]) == {date(2026, 11, 16): 75}
