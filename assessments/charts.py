"""Plotly figures for the assessment pages, as plain dicts rendered by static/js/charts.js.

Like the roadmap's charts, each comes with a sentence saying what it shows.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import COLOURS, Chart, layout

from .gap import TOP_LEVEL, GapRow
from .models import Attempt


def attempt_labels(attempts: list[Attempt]) -> list[str]:
    """One x label per attempt, in order: its number and day ("#2 · 13 Aug 2026"), unique even when two
    attempts fall on one day, so the axis counts whole attempts, never milliseconds."""
    return [_("#%(n)d · %(day)s") % {"n": n, "day": date_format(a.submitted)} for n, a in enumerate(attempts, 1)]


def attempts_chart(attempts: list[Attempt]) -> Chart:
    """Overall score and score per skill across a learner's attempts at one assessment, oldest first."""
    attempts = sorted(attempts, key=lambda a: a.submitted)
    x = attempt_labels(attempts)
    data = [{"type": "scatter", "mode": "lines+markers", "name": _("overall"), "x": x,
             "y": [round(a.score * 100, 1) for a in attempts], "line": {"color": COLOURS["planned"], "width": 3}}]
    skills = sorted({slug: s["name"] for a in attempts for slug, s in a.skill_scores.items()}.items())
    for slug, name in skills:
        points = [(label, round(a.skill_scores[slug]["score"] * 100, 1))
                  for label, a in zip(x, attempts) if slug in a.skill_scores]
        data.append({"type": "scatter", "mode": "lines+markers", "name": name, "visible": "legendonly",
                     "x": [p[0] for p in points], "y": [p[1] for p in points]})
    xaxis = {"type": "category", "categoryorder": "array", "categoryarray": x, "title": {"text": _("attempt")}}
    figure = {"data": data, "layout": layout(yaxis={"title": {"text": _("score (%)")}, "range": [0, 100]},
                                              xaxis=xaxis)}
    scores = ", ".join(f"{round(a.score * 100)}% ({date_format(a.submitted)})" for a in attempts)
    summary = ngettext("Your one attempt so far: %(scores)s.", "Scores across %(count)d attempts, oldest first: %(scores)s.",
                       len(attempts)) % {"count": len(attempts), "scores": scores}
    return Chart("chart-attempts", _("Scores across attempts"), summary, figure)


def radar_chart(rows: list[GapRow]) -> Chart:
    """Required, demonstrated and self-rated levels per skill of the target role."""
    names = [row.name for row in rows]
    closed = names + names[:1]  # repeat the first point so each outline closes

    def trace(name, values, colour, dash=None):
        values = [v or 0 for v in values]
        return {"type": "scatterpolar", "name": name, "r": values + values[:1], "theta": closed,
                "mode": "lines+markers", "line": {"color": colour, **({"dash": dash} if dash else {})}}

    figure = {
        "data": [
            trace(_("required"), [r.required for r in rows], COLOURS["target"], "dash"),
            trace(_("demonstrated"), [r.demonstrated for r in rows], COLOURS["done"]),
            trace(_("self-rated"), [r.self_rated for r in rows], COLOURS["in_progress"], "dot"),
        ],
        "layout": layout(height=480, polar={"radialaxis": {"range": [0, TOP_LEVEL], "dtick": 1}},
                         margin={"l": 80, "r": 80, "t": 48, "b": 48}),
    }
    gaps = [row for row in rows if row.gap > 0]
    if gaps:
        top = ", ".join(_("%(name)s (gap %(gap)d)") % {"name": row.name, "gap": row.gap} for row in gaps[:3])
        summary = _("%(count)d of %(total)d skills are below the level your target role requires; the largest gaps: "
                    "%(top)s.") % {"count": len(gaps), "total": len(rows), "top": top}
    else:
        summary = _("Every skill meets the level your target role requires.")
    return Chart("chart-radar", _("Required and current levels per skill"), summary, figure)
