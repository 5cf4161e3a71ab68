"""Plotly figures for the roadmap page, as plain dicts the page hands to Plotly.newPlot.

Each chart comes with a sentence that says what it shows, for screen readers and
for anyone who would rather read than look.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import accumulate

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.charts import COLOURS, Chart, layout

from . import progress
from .dashboard import Summary
from .models import RoadmapStep

Status = RoadmapStep.Status


def burn_up(s: Summary) -> Chart:
    scheduled = sorted((r for r in s.rows if r.planned_end), key=lambda r: r.planned_end)
    already = sum(r.step.estimated_hours for r in s.rows if r.status == Status.DONE and not r.planned_end)
    planned_x = [r.planned_end.isoformat() for r in scheduled]
    planned_y = list(accumulate((r.step.estimated_hours for r in scheduled), initial=already))[1:]
    done_x = [d.isoformat() for d in s.daily_minutes]
    done_y = [round(m / 60, 1) for m in accumulate(s.daily_minutes.values())]
    logged = done_y[-1] if done_y else 0
    scope = sum(r.step.estimated_hours for r in s.rows if r.status != Status.SKIPPED)
    figure = {
        "data": [
            {"type": "scatter", "mode": "lines", "name": _("planned"), "x": planned_x, "y": planned_y,
             "line": {"color": COLOURS["planned"], "dash": "dot"}},
            {"type": "scatter", "mode": "lines", "name": _("logged"), "x": done_x, "y": done_y,
             "line": {"color": COLOURS["done"], "width": 3}},
        ],
        "layout": layout(yaxis={"title": {"text": _("hours")}, "rangemode": "tozero"},
                         shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": scope, "y1": scope,
                                  "line": {"color": COLOURS["todo"], "dash": "dash"}}]),
    }
    finish = date_format(s.roadmap.planned_finish) if s.roadmap.planned_finish else _("not scheduled")
    summary = _("%(logged)s of %(scope)s hours logged; the plan finishes on %(finish)s.") % {
        "logged": logged, "scope": scope, "finish": finish}
    return Chart("chart-burnup", _("Planned and logged hours"), summary, figure)


def weekly_hours(s: Summary, *, weeks: int = 12) -> Chart:
    this_monday = s.today - timedelta(days=s.today.weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in reversed(range(weeks))]
    per_week = progress.weekly_minutes(s.daily_minutes.items())
    hours = [round(per_week.get(m, 0) / 60, 1) for m in mondays]
    target = float(s.roadmap.hours_per_week)
    figure = {
        "data": [
            {"type": "bar", "name": _("hours studied"), "x": [m.isoformat() for m in mondays], "y": hours,
             "marker": {"color": COLOURS["done"]}},
            {"type": "scatter", "mode": "lines", "name": _("target"), "x": [m.isoformat() for m in mondays],
             "y": [target] * weeks, "line": {"color": COLOURS["target"], "dash": "dash"}},
        ],
        "layout": layout(yaxis={"title": {"text": _("hours")}, "rangemode": "tozero"}, bargap=0.3),
    }
    met = sum(1 for h in hours if h >= target)
    summary = _("Target met in %(met)s of the last %(weeks)s weeks; this week %(now)s of %(target)s hours.") % {
        "met": met, "weeks": weeks, "now": hours[-1], "target": target}
    return Chart("chart-weekly", _("Hours per week against your target"), summary, figure)


def phase_progress(s: Summary) -> Chart:
    names = [g.phase.name for g in s.phases]
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
            "phase": group.phase.name, "done": hours[Status.DONE], "scope": scope})
    return Chart("chart-phases", _("Progress per phase"), "; ".join(parts) + ".", figure)


def study_heatmap(s: Summary, *, weeks: int = 26) -> Chart:
    first_monday = s.today - timedelta(days=s.today.weekday(), weeks=weeks - 1)
    columns = [first_monday + timedelta(weeks=n) for n in range(weeks)]
    z = [[s.daily_minutes.get(monday + timedelta(days=wd), 0) for monday in columns] for wd in range(7)]
    labels = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    figure = {
        "data": [{"type": "heatmap", "x": [m.isoformat() for m in columns], "y": labels, "z": z,
                  "colorscale": [[0, "#eef1f6"], [0.01, "#bfe3cf"], [1, COLOURS["done"]]], "xgap": 2, "ygap": 2,
                  "hovertemplate": "%{y} %{x}: %{z} min<extra></extra>", "showscale": False}],
        "layout": layout(yaxis={"autorange": "reversed"}, height=220),
    }
    days = sum(1 for row in z for minutes in row if minutes)
    summary = _("%(days)s study days in the last %(weeks)s weeks; %(nights)s nights a week lately, "
                "against %(target)s planned.") % {"days": days, "weeks": weeks,
                                                   "nights": round(s.pace.nights_per_week, 1),
                                                   "target": len(s.roadmap.study_days)}
    return Chart("chart-calendar", _("Study sessions"), summary, figure)


def all_charts(s: Summary) -> list[Chart]:
    return [burn_up(s), weekly_hours(s), phase_progress(s), study_heatmap(s)]
