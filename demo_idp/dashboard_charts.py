"""Plotly figures of the pipeline dashboard, built from the aggregates of metrics.py.

One function per chart; each returns a Chart (id, title, a sentence saying what it shows for
screen readers and for people who would rather read, and the figure dict the page hands to Plotly).
The same functions serve the page and its JSON refresh, so the two never disagree.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import Chart, layout

from . import events
from .metrics import Window

COLOURS = {
    "uploaded": "#3557c4", "processed": "#1a7f5a", "reviewed": "#c77700", "auto_accepted": "#1a7f5a",
    "review": "#c77700", "routed": "#3557c4", "final": "#1a7f5a", "late": "#b3261e", "overdue": "#8a94a6",
    "threshold": "#b3261e",
}


def _x(buckets) -> list[str]:
    return [b.isoformat() for b in buckets]


def _time_axis(win: Window) -> dict:
    return {"type": "date", "range": [win.start.isoformat(), win.end.isoformat()]}


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def duration(seconds: float | None) -> str:
    """Seconds as a person reads them: 42 s, 7.5 min, 3.2 h."""
    if seconds is None:
        return "–"
    if seconds < 120:
        return _("%(n)s s") % {"n": f"{seconds:.1f}"}
    if seconds < 7200:
        return _("%(n)s min") % {"n": f"{seconds / 60:.1f}"}
    return _("%(n)s h") % {"n": f"{seconds / 3600:.1f}"}


def throughput(win: Window, data: dict) -> Chart:
    x = _x(data["buckets"])
    names = {"uploaded": _("uploaded (documents)"), "processed": _("processed (pages)"),
             "reviewed": _("reviewed (pages)")}
    traces = [
        {"type": "scatter", "mode": "lines", "name": names[key], "x": x, "y": data["per_minute"][key],
         "line": {"color": COLOURS[key], "shape": "hv"}}
        for key in names
    ]
    t = data["totals"]
    summary = _("In this window: %(u)d documents uploaded, %(p)d pages processed, %(r)d pages reviewed.") % {
        "u": t["uploaded"], "p": t["processed"], "r": t["reviewed"]}
    figure = {"data": traces, "layout": layout(xaxis=_time_axis(win), yaxis={
        "title": {"text": _("per minute")}, "rangemode": "tozero"})}
    return Chart("chart-throughput", _("Throughput"), summary, figure)


def latency(win: Window, data: dict) -> Chart:
    x = _x(data["buckets"])
    traces = []
    for key, name in (("routed", _("upload to routed")), ("final", _("upload to final"))):
        for p, dash in (("p50", "solid"), ("p95", "dot")):
            traces.append({
                "type": "scatter", "mode": "lines+markers", "name": f"{name} {p}", "x": x,
                "y": data[key][p], "connectgaps": False,
                "line": {"color": COLOURS[key], "dash": dash}, "marker": {"size": 4},
            })
    o = data["overall"]
    summary = _("Upload to routed: median %(r50)s, 95th percentile %(r95)s. Upload to final (after review): "
                "median %(f50)s, 95th percentile %(f95)s.") % {
        "r50": duration(o["routed_p50"]), "r95": duration(o["routed_p95"]),
        "f50": duration(o["final_p50"]), "f95": duration(o["final_p95"])}
    figure = {"data": traces, "layout": layout(xaxis=_time_axis(win), yaxis={
        "title": {"text": _("seconds")}, "type": "log"})}
    return Chart("chart-latency", _("Latency percentiles"), summary, figure)


def queue_depth(win: Window, data: dict) -> Chart:
    x = _x(data["buckets"])
    traces = [
        {"type": "scatter", "mode": "lines", "name": _("waiting for a worker (documents)"), "x": x,
         "y": data["waiting_for_worker"], "line": {"color": COLOURS["routed"], "shape": "hv"}},
        {"type": "scatter", "mode": "lines", "name": _("waiting for a reviewer (pages)"), "x": x,
         "y": data["waiting_for_reviewer"], "line": {"color": COLOURS["review"], "shape": "hv"}},
    ]
    now = data["now"]
    summary = _("Waiting now: %(w)d documents for a worker, %(r)d pages for a reviewer.") % {
        "w": now["waiting_for_worker"], "r": now["waiting_for_reviewer"]}
    figure = {"data": traces, "layout": layout(xaxis=_time_axis(win), yaxis={
        "title": {"text": _("waiting")}, "rangemode": "tozero"})}
    return Chart("chart-queue", _("Queue depth"), summary, figure)


def confidence_histogram(data: dict, *, threshold: float) -> Chart:
    width = data["bins"][1] - data["bins"][0] if len(data["bins"]) > 1 else 5
    x = [b + width / 2 for b in data["bins"]]
    names = {"auto_accepted": _("auto-accepted"), "review": _("sent to review")}
    traces = [
        {"type": "bar", "name": names[key], "x": x, "y": data[key], "width": width * 0.95,
         "marker": {"color": COLOURS[key]}}
        for key in names
    ]
    accepted, reviewed = sum(data["auto_accepted"]), sum(data["review"])
    summary = _("%(a)d pages auto-accepted and %(r)d sent to review, by their mean word confidence; "
                "the line is the threshold, %(t)s.") % {"a": accepted, "r": reviewed, "t": f"{threshold:g}"}
    figure = {"data": traces, "layout": layout(
        barmode="stack", xaxis={"title": {"text": _("mean confidence")}, "range": [0, 100]},
        yaxis={"title": {"text": _("pages")}, "rangemode": "tozero"},
        shapes=[{"type": "line", "x0": threshold, "x1": threshold, "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"color": COLOURS["threshold"], "dash": "dash"}}],
    )}
    return Chart("chart-confidence", _("Confidence by route"), summary, figure)


def review_rate(win: Window, data: dict) -> Chart:
    y = [None if r is None else round(100 * r, 2) for r in data["over_time"]]
    traces = [{"type": "scatter", "mode": "lines+markers", "name": _("sent to review"), "x": _x(data["buckets"]),
               "y": y, "line": {"color": COLOURS["review"]}, "marker": {"size": 4}}]
    summary = _("%(rate)s of %(pages)d routed pages went to review (%(audit)d of them reviewed as audit "
                "samples).") % {"rate": percent(data["rate"]), "pages": data["pages"], "audit": data["audit"]}
    figure = {"data": traces, "layout": layout(xaxis=_time_axis(win), yaxis={
        "title": {"text": _("% of pages")}, "range": [0, 100]})}
    return Chart("chart-review-rate", _("Review rate"), summary, figure)


def failures(data: dict) -> Chart:
    kinds = data["by_kind"]
    labels = [k["label"] for k in kinds] or [str(label) for label in events.FAILURE_KINDS.values()]
    counts = [k["count"] for k in kinds] or [0] * len(labels)
    traces = [{"type": "bar", "orientation": "h", "name": _("failed documents"), "x": counts, "y": labels,
               "marker": {"color": COLOURS["late"]}}]
    if data["failed"]:
        summary = _("%(n)d of %(total)d documents failed (%(rate)s); most often: %(top)s.") % {
            "n": data["failed"], "total": data["documents"], "rate": percent(data["rate"]), "top": labels[0]}
    else:
        summary = _("No document failed in this window (%(total)d finished).") % {"total": data["documents"]}
    figure = {"data": traces, "layout": layout(
        xaxis={"title": {"text": _("documents")}, "rangemode": "tozero"},
        yaxis={"automargin": True}, margin={"l": 160, "r": 16, "t": 32, "b": 40})}
    return Chart("chart-failures", _("Failures by reason"), summary, figure)


def sla(data: dict) -> Chart:
    labels = [_("final on time"), _("final late"), _("overdue, not final")]
    values = [data["on_time"], data["late"], data["overdue_open"]]
    traces = [{"type": "pie", "hole": 0.55, "labels": labels, "values": values, "sort": False,
               "marker": {"colors": [COLOURS["final"], COLOURS["late"], COLOURS["overdue"]]},
               "textinfo": "value"}]
    summary = _("%(c)s of documents were final within the %(h)d-hour SLA (%(on)d on time, %(late)d late, "
                "%(over)d overdue and still open).") % {
        "c": percent(data["compliance"]), "h": data["sla_hours"], "on": data["on_time"], "late": data["late"],
        "over": data["overdue_open"]}
    annotation = {"text": percent(data["compliance"]), "showarrow": False, "font": {"size": 20}}
    figure = {"data": traces, "layout": layout(annotations=[annotation])}
    return Chart("chart-sla", _("SLA compliance"), summary, figure)


def reviewers(rows: list[dict]) -> Chart:
    names = [r["name"] for r in rows]
    traces = [{"type": "bar", "name": _("pages reviewed"), "x": names, "y": [r["pages"] for r in rows],
               "marker": {"color": COLOURS["reviewed"]},
               "text": [_("%(n)s pages/h") % {"n": f"{r['pages_per_hour']:.0f}"} if r["pages_per_hour"] else ""
                        for r in rows],
               "textposition": "auto"}]
    if rows:
        total = sum(r["pages"] for r in rows)
        summary = ngettext(
            "%(n)d reviewer corrected %(total)d pages; the busiest, %(top)s, %(pages)d.",
            "%(n)d reviewers corrected %(total)d pages; the busiest, %(top)s, %(pages)d.", len(rows),
        ) % {"n": len(rows), "total": total, "top": rows[0]["name"], "pages": rows[0]["pages"]}
    else:
        summary = _("No page was reviewed in this window.")
    figure = {"data": traces, "layout": layout(yaxis={"title": {"text": _("pages")}, "rangemode": "tozero"})}
    return Chart("chart-reviewers", _("Reviewer throughput"), summary, figure)
