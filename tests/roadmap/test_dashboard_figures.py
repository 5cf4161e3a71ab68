"""The figures of the roadmap page as a learner reads them, from the first evening on (issue 12)."""

import re
from datetime import date, datetime, timedelta

from django.utils import timezone

from roadmap import charts
from roadmap.dashboard import summarise
from tests.roadmap.study_helpers import log, log_the_plan, plan_from


def stats(html: str) -> dict[str, str]:
    """The text of every data-testid element of the stats, tags removed."""
    found = re.findall(r'data-testid="([\w-]+)">(.*?)</span>', html, flags=re.S)
    return {key: re.sub(r"<[^>]+>|\s+", " ", value).strip() for key, value in found}


def test_a_first_evenings_two_hours_read_as_two_hours_a_week_and_a_finish_by_the_plan(alice_client, alice, content):
    today = timezone.localdate()
    roadmap = plan_from(alice, today)
    log(roadmap, (today, 120))
    shown = stats(alice_client.get("/roadmap/").content.decode())
    assert shown["pace"] == "2 h/week"
    assert shown["plan-so-far"] == "2 h logged; the plan asked 1.5 h so far"
    assert shown["streak"] == "1 night"
    # "2 days early" is of the finish (at the pace so far), not of the hours logged beside it.
    assert "Finish against the plan" in alice_client.get("/roadmap/").content.decode()
    assert re.fullmatch(r"\d+ days? early", shown["ahead"]) and int(shown["ahead"].split()[0]) <= 14
    projected = datetime.strptime(shown["projected-finish"], "%d %b %Y").date()
    assert abs((projected - roadmap.planned_finish).days) <= 14


def test_a_first_week_of_five_and_a_quarter_hours_reads_a_little_late_not_years(alice_client, alice, content):
    today = timezone.localdate()
    start = today - timedelta(days=6)
    roadmap = plan_from(alice, start)
    log(roadmap, *[(start + timedelta(days=n), minutes) for n, minutes in enumerate([90, 90, 90, 45])])
    page = alice_client.get("/roadmap/")
    shown = stats(page.content.decode())
    assert shown["pace"] == "5.3 h/week"
    assert shown["plan-so-far"] == "5.3 h logged; the plan asked 6 h so far"
    assert shown["streak"] == "4 nights"  # a count of study nights says so: not a bare "4"
    late = re.fullmatch(r"(\d+) days? late", shown["ahead"])
    assert late and 1 <= int(late[1]) <= 40, shown["ahead"]
    weekly = next(c for c in page.context["charts"] if c.id == "chart-weekly")
    assert weekly.summary.startswith("Target met in 0 of 1 finished week;")


def test_a_learner_exactly_on_plan_for_six_weeks_is_on_time(alice_client, alice, content):
    today = timezone.localdate()
    roadmap = plan_from(alice, today - timedelta(weeks=6, days=3))
    log_the_plan(roadmap, until=today)
    s = summarise(roadmap, today=today)
    assert (s.ahead_days, s.forecast.minutes_per_week) == (0, 360)
    assert (s.pace.minutes_per_week, s.pace.weeks, s.pace.nights_per_week) == (360, 4, 4)
    assert stats(alice_client.get("/roadmap/").content.decode())["ahead"] == "on time"


def test_a_plan_that_starts_next_week_projects_nothing_yet(alice_client, alice, content):
    today = timezone.localdate()
    roadmap = plan_from(alice, today + timedelta(days=7))
    shown = stats(alice_client.get("/roadmap/").content.decode())
    assert (shown["ahead"], shown["pace"]) == ("—", "0 h/week")
    assert shown["projected-finish"].startswith("from ")
    assert "plan-so-far" not in shown
    assert [c.summary for c in charts.all_charts(summarise(roadmap, today=today))][1].startswith("Your plan starts on")


def test_an_empty_heat_map_is_grey_with_a_message_not_solid_green(alice, content):
    today = timezone.localdate()
    chart = charts.study_heatmap(summarise(plan_from(alice, today - timedelta(days=10)), today=today))
    heatmap = chart.figure["data"][0]
    assert heatmap["zmin"] == 0 and heatmap["zmax"] > 0
    assert heatmap["colorscale"][0] == [0, "#e6e9ef"]
    assert {m for row in heatmap["z"] for m in row} <= {0, None}
    assert chart.figure["layout"]["annotations"][0]["text"] == "No study logged yet"
    assert chart.summary.startswith("No study logged yet")


def test_the_burn_up_draws_the_projection_from_today_to_the_projected_finish(alice, content):
    today = timezone.localdate()
    roadmap = plan_from(alice, today)
    log(roadmap, (today, 30))  # less than the first step's estimate: the hours count towards the scope
    s = summarise(roadmap, today=today)
    figure = charts.burn_up(s).figure
    projection = next(trace for trace in figure["data"] if trace["name"] == "at your pace")
    assert projection["x"] == [today.isoformat(), s.projected_finish.isoformat()]
    assert projection["y"][0] == 0.5 and projection["y"][1] == figure["layout"]["shapes"][0]["y0"]


def test_before_the_start_the_next_step_waits_for_the_first_study_night_not_tonight(alice, content):
    today = timezone.localdate()
    roadmap = plan_from(alice, today + timedelta(days=6))  # its four study days include today's weekday
    summary = summarise(roadmap, today=today)
    assert today.weekday() in roadmap.study_days and not summary.studies_today
    assert summary.next_study_day == roadmap.start_date
    started = summarise(roadmap, today=roadmap.start_date)
    assert started.studies_today and started.next_study_day == roadmap.start_date
