"""Plotly figures for the roadmap page, as plain dicts the page hands to Plotly.newPlot.

Each chart comes with a sentence that says what it shows, for screen readers and
for anyone who would rather read than look.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from itertools import accumulate

from django.utils.formats import date_format
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import COLOURS, Chart, layout

from . import progress
from .dashboard import Summary
from .models import RoadmapStep

Status = RoadmapStep.Status
# Zero is a neutral grey (no study), any minute at all is already green.
HEAT_COLOURS = [[0, "#e6e9ef"], [0.000001, "#bfe3cf"], [1, COLOURS["done"]]]
WEEK_MS = 7 * 24 * 3600 * 1000


def number(value: float) -> str:
    """A figure for a sentence: one decimal at most, rounded half up as the page's stats are (5.25 is 5.3)."""
    return floatformat(value, -1)


def wrap(label: str, width: int = 22) -> str:
    """A long axis label over several lines, so a phone's narrow chart does not cut it off."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def burn_up(s: Summary) -> Chart:
    scheduled = sorted((r for r in s.rows if r.planned_end), key=lambda r: r.planned_end)
    already = sum(r.step.estimated_hours for r in s.rows if r.status == Status.DONE and not r.planned_end)
    first_planned = min((r.planned_start for r in scheduled if r.planned_start), default=None)
    planned_x = [first_planned.isoformat()] if first_planned else []
    planned_x += [r.planned_end.isoformat() for r in scheduled]
    planned_y = list(accumulate((r.step.estimated_hours for r in scheduled), initial=already))[0 if first_planned else 1:]
    done_x = [d.isoformat() for d in s.daily_minutes]
    done_y = [round(m / 60, 1) for m in accumulate(s.daily_minutes.values())]
    logged = sum(s.daily_minutes.values()) / 60
    scope = s.scope_hours
    data = [
        {"type": "scatter", "mode": "lines", "name": _("planned"), "x": planned_x, "y": planned_y,
         "line": {"color": COLOURS["planned"], "dash": "dot"}},
        {"type": "scatter", "mode": "lines", "name": _("logged"), "x": done_x, "y": done_y,
         "line": {"color": COLOURS["done"], "width": 3}},
    ]
    projected = s.projected_finish
    if projected and s.remaining_minutes > 0:
        # From what is done today to the whole scope, on the day the learner's pace reaches it.
        data.append({"type": "scatter", "mode": "lines", "name": _("at your pace"),
                     "x": [s.today.isoformat(), projected.isoformat()],
                     "y": [round(scope - s.remaining_minutes / 60, 1), scope],
                     "line": {"color": COLOURS["in_progress"], "dash": "dash"}})
    figure = {
        "data": data,
        "layout": layout(yaxis={"title": {"text": _("hours")}, "rangemode": "tozero"},
                         shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": scope, "y1": scope,
                                  "line": {"color": COLOURS["todo"], "dash": "dash"}}]),
    }
    finish = date_format(s.roadmap.planned_finish) if s.roadmap.planned_finish else _("not scheduled")
    summary = _("%(logged)s of %(scope)s hours logged; the plan finishes on %(finish)s.") % {
        "logged": number(logged), "scope": number(scope), "finish": finish}
    if projected and s.remaining_minutes > 0:
        summary += " " + _("At your pace you finish on %(day)s.") % {"day": date_format(projected)}
    return Chart("chart-burnup", _("Planned and logged hours"), summary, figure)


def weekly_hours(s: Summary) -> Chart:
    weeks = s.weeks
    # Weeks as categories named by their Monday: a date axis stretches one or two bars over the whole width.
    x = [date_format(w.monday, "MONTH_DAY_FORMAT") for w in weeks]
    figure = {
        "data": [
            {"type": "bar", "name": _("hours studied"), "x": x, "y": [round(w.minutes / 60, 1) for w in weeks],
             "marker": {"color": COLOURS["done"]}},
            # The week of the start asks only for its days from the start on: the target steps up after it.
            {"type": "scatter", "mode": "lines+markers", "line": {"color": COLOURS["target"], "dash": "dash",
                                                                  "shape": "hvh"},
             "name": _("target"), "x": x, "y": [round(w.target / 60, 1) for w in weeks]},
        ],
        "layout": layout(yaxis={"title": {"text": _("hours")}, "rangemode": "tozero"}, bargap=0.3,
                         xaxis={"type": "category", "title": {"text": _("week of")}}),
    }
    return Chart("chart-weekly", _("Hours per week against your target"), _weekly_sentence(s, weeks), figure)


def _weekly_sentence(s: Summary, weeks: list[progress.Week]) -> str:
    if not weeks:
        return _("Your plan starts on %(day)s.") % {"day": date_format(s.roadmap.start_date)}
    now = weeks[-1]
    figures = {"now": number(now.minutes / 60), "target": number(now.target / 60)}
    counted = [w for w in weeks if w.counted]
    if not counted:
        return _("Your first week: %(now)s of %(target)s hours so far.") % figures
    return ngettext("Target met in %(met)s of %(weeks)s finished week; this week %(now)s of %(target)s hours so far.",
                    "Target met in %(met)s of the last %(weeks)s weeks; this week %(now)s of %(target)s hours so far.",
                    len(counted)) % {"met": sum(w.met for w in counted), "weeks": len(counted), **figures}


def phase_progress(s: Summary) -> Chart:
    names = [wrap(g.phase.name) for g in s.phases]
    data = []
    for status in (Status.DONE, Status.IN_PROGRESS, Status.TODO):
        data.append({"type": "bar", "orientation": "h", "name": Status(status).label, "y": names,
                     "x": [g.hours[status] for g in s.phases], "marker": {"color": COLOURS[status]}})
    figure = {"data": data, "layout": layout(barmode="stack", xaxis={"title": {"text": _("hours")}},
                                             yaxis={"autorange": "reversed", "automargin": True})}
    parts = []
    for group in s.phases:
        hours = group.hours
        scope = hours[Status.DONE] + hours[Status.IN_PROGRESS] + hours[Status.TODO]
        parts.append(_("%(phase)s: %(done)s of %(scope)s hours done") % {
            "phase": group.phase.name, "done": number(hours[Status.DONE]), "scope": number(scope)})
    return Chart("chart-phases", _("Progress per phase"), "; ".join(parts) + ".", figure)


def study_heatmap(s: Summary, *, weeks: int = 26, least: int = 8) -> Chart:
    """The days since the start, a column a week: at most the last ``weeks``, at least ``least`` columns
    (a new plan's weeks to come are drawn blank, not as days missed)."""
    start = s.roadmap.start_date
    this_monday = s.today - timedelta(days=s.today.weekday())
    first_monday = max(this_monday - timedelta(weeks=weeks - 1), start - timedelta(days=start.weekday()))
    first_monday = min(first_monday, this_monday)
    columns = [first_monday + timedelta(weeks=n) for n in range(max(least, (this_monday - first_monday).days // 7 + 1))]

    def minutes(day: date) -> int | None:  # None: before the start or after today, left blank
        return s.daily_minutes.get(day, 0) if start <= day <= s.today else None

    z = [[minutes(monday + timedelta(days=wd)) for monday in columns] for wd in range(7)]
    most = max((m for row in z for m in row if m), default=0)
    labels = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    # zmin 0 and a zmax of at least an hour keep a day without study grey, even when none has any.
    heatmap = {"type": "heatmap", "x": [m.isoformat() for m in columns], "y": labels, "z": z,
               "zmin": 0, "zmax": max(most, 60), "colorscale": HEAT_COLOURS, "xgap": 2, "ygap": 2,
               "hoverongaps": False, "hovertemplate": "%{y} %{x}: %{z} min<extra></extra>", "showscale": False}
    extra = {}
    if not most:
        empty = _("No study logged yet") if s.started else _("Your plan starts on %(day)s") % {
            "day": date_format(start)}
        extra["annotations"] = [{"text": empty, "xref": "paper", "yref": "paper",
                                 "x": 0.5, "y": 0.5, "showarrow": False, "font": {"size": 14, "color": "#4a5568"},
                                 "bgcolor": "rgba(255,255,255,0.85)"}]
    # Ticks on the columns' Mondays (Plotly's own weekly ticks fall on Sundays, between two columns).
    xaxis = {"type": "date", "tick0": first_monday.isoformat(), "tickformat": "%-d %b",
             "dtick": WEEK_MS * max(1, len(columns) // 4)}
    figure = {"data": [heatmap], "layout": layout(xaxis=xaxis, yaxis={"autorange": "reversed"}, height=220, **extra)}
    days = sum(1 for row in z for m in row if m)
    if not days:
        summary = _("No study logged yet: each evening you log fills a square.") if s.started else empty + "."
    else:
        period = _("since the start") if start >= first_monday else _("in the last %(weeks)s weeks") % {"weeks": weeks}
        summary = ngettext("%(days)s study day %(period)s; lately %(nights)s of %(target)s planned evenings a week.",
                           "%(days)s study days %(period)s; lately %(nights)s of %(target)s planned evenings a week.",
                           days) % {"days": days, "period": period, "nights": number(s.pace.nights_per_week),
                                    "target": len(s.roadmap.study_days)}
    return Chart("chart-calendar", _("Study sessions"), summary, figure)


def all_charts(s: Summary) -> list[Chart]:
    return [burn_up(s), weekly_hours(s), phase_progress(s), study_heatmap(s)]
