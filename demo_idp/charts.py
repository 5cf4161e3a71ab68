"""Every Plotly figure of the document demo: the dashboard's, calibration's and the capacity planner's.

One function per chart, built on core/charts.py; each returns a Chart (id, title, a sentence saying
what it shows for screen readers and for people who would rather read, and the figure dict the page
hands to Plotly). The same functions serve a page and its JSON refresh, so the two never disagree.
"""

from __future__ import annotations

import math

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import Chart, layout

from .monitoring import capacity, events
from .monitoring.metrics import Window

COLOURS = {
    # the dashboard
    "uploaded": "#3557c4", "processed": "#1a7f5a", "reviewed": "#c77700", "auto_accepted": "#1a7f5a",
    "review": "#c77700", "routed": "#3557c4", "final": "#1a7f5a", "late": "#b3261e", "overdue": "#8a94a6",
    "threshold": "#b3261e",
    # calibration
    "error": "#b3261e", "pages": "#c9d1e0", "review_rate": "#3557c4", "current": "#1a7f5a", "target": "#b3261e",
    # the capacity planner
    "arrivals": "#c9d3ea",
}
CAPACITY_CHART_ID = "capacity-chart-data"


# Counts grouped as the cards above the charts show them: "3,000 documents", not "3000 documents".
def pages(n: int) -> str:
    return ngettext("%(n)s page", "%(n)s pages", n) % {"n": number_format(n, force_grouping=True)}


def documents(n: int) -> str:
    return ngettext("%(n)s document", "%(n)s documents", n) % {"n": number_format(n, force_grouping=True)}


def log_ticks(values: list[float]) -> dict:
    """Ticks of a log axis at 1, 2 and 5 times a power of ten, written whole ("0.2", "50", "2k").

    Plotly's own label 0.2 and 0.5 as "2" and "5" between "1" and "10" (the axis read "2, 10, 5,
    2, 1"), and a tick at each power of ten alone leaves no tick at all when the values all fall
    between two of them (every latency between 0.1 and 1 s)."""
    if not values:
        return {}
    low, high = min(values), max(values)
    steps = (1, 2, 5) if high / low < 1000 else (1,)  # over three decades, 2 and 5 crowd the axis
    ticks = [m * 10.0 ** k for k in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1)
             for m in steps]
    # The axis runs from the tick at or below the lowest value to the one above the highest, so it
    # always shows at least two (Plotly's own range can fall between 0.2 and 1 and show only 0.5).
    first = max(t for t in ticks if t <= low)
    last = min(t for t in ticks if t > high or (t == high and t > first))
    inside = [t for t in ticks if first <= t <= last]
    return {"tickvals": inside, "ticktext": [f"{t / 1000:g}k" if t >= 1000 else f"{t:g}" for t in inside],
            "range": [math.log10(first), math.log10(last)]}


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
    summary = _("In this window: %(u)s uploaded, %(p)s processed, %(r)s reviewed.") % {
        "u": documents(t["uploaded"]), "p": pages(t["processed"]), "r": pages(t["reviewed"])}
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
    summary = _("Upload to routed: median %(r50)s, 95th percentile %(r95)s. Upload to done, with the review "
                "where there was one: median %(f50)s, 95th percentile %(f95)s.") % {
        "r50": duration(o["routed_p50"]), "r95": duration(o["routed_p95"]),
        "f50": duration(o["final_p50"]), "f95": duration(o["final_p95"])}
    if data.get("resolution"):  # how exact percentiles from the rollups' duration bins are
        summary = f"{summary} {data['resolution']}"
    figure = {"data": traces, "layout": layout(xaxis=_time_axis(win), yaxis={
        "title": {"text": _("seconds")}, "type": "log",
        **log_ticks([v for key in ("routed", "final") for p in ("p50", "p95") for v in data[key][p] if v])})}
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
    summary = _("Waiting now: %(w)s for a worker, %(r)s for a reviewer (read whole or by their %(l)s).") % {
        "w": documents(now["waiting_for_worker"]), "r": pages(now["waiting_for_reviewer"]),
        "l": ngettext("%(n)s doubtful line", "%(n)s doubtful lines", now["lines_for_reviewer"])
        % {"n": number_format(now["lines_for_reviewer"], force_grouping=True)}}
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
    summary = _("%(a)s auto-accepted and %(r)s sent to review, by their mean word confidence; "
                "the line is the threshold, %(t)s.") % {"a": pages(accepted), "r": number_format(reviewed, force_grouping=True),
                                                        "t": f"{threshold:g}"}
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
    summary = _("%(rate)s of %(pages)s routed went to review (%(audit)s of them reviewed as audit "
                "samples).") % {"rate": percent(data["rate"]), "pages": pages(data["pages"]),
                                "audit": number_format(data["audit"], force_grouping=True)}
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
    if len(rows) == 1:
        summary = _("%(name)s corrected %(total)s.") % {"name": rows[0]["name"], "total": pages(rows[0]["pages"])}
    elif rows:
        total = sum(r["pages"] for r in rows)
        summary = ngettext(
            "%(n)d reviewer corrected %(total)s; the busiest, %(top)s, %(pages)s.",
            "%(n)d reviewers corrected %(total)s; the busiest, %(top)s, %(pages)s.", len(rows),
        ) % {"n": len(rows), "total": pages(total), "top": rows[0]["name"],
             "pages": number_format(rows[0]["pages"], force_grouping=True)}
    else:
        summary = _("No page was reviewed in this window.")
    figure = {"data": traces, "layout": layout(yaxis={"title": {"text": _("pages")}, "rangemode": "tozero"})}
    return Chart("chart-reviewers", _("Reviewer throughput"), summary, figure)


# Calibration


def _marks(lines: list[tuple[float, str, str]]) -> dict:
    """Vertical lines at thresholds, each labelled at the top: shapes and annotations for a layout."""
    return {
        "shapes": [{"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                    "line": {"color": colour, "dash": "dot", "width": 2}} for x, _label, colour in lines],
        # Stacked down from the top, so that labels of nearby thresholds never overprint; to the left of
        # a line in the right half, so that on a phone the label stays off the right-hand axis.
        "annotations": [{"x": x, "xref": "x", "y": 1 - 0.09 * index, "yref": "paper", "text": label,
                         "showarrow": False, "xanchor": "right" if x > 50 else "left", "xshift": -3 if x > 50 else 3,
                         "yanchor": "top", "font": {"color": colour, "size": 11}}
                        for index, (x, label, colour) in enumerate(lines)],
    }


def _two_axes_layout(**extra) -> dict:
    # Room on the right for the second axis's title and ticks.
    return layout(margin={"l": 48, "r": 56, "t": 40, "b": 40}, **extra)


# Per unit of calibration (monitoring/calibration.py: "pages" or "lines"), the words its charts use.
def _unit_words(unit: str) -> dict:
    if unit == "lines":
        return {"id": "-lines", "reviewed": _("reviewed lines"), "axis": _("lines"), "routed": _("lines"),
                "confidence": _("line confidence"), "title": _("Lines: measured error against confidence"),
                "what": _("Lines: what each threshold would do"), "accepted": _("error of accepted lines"),
                "count": lambda n: ngettext("%(n)d line", "%(n)d lines", n) % {"n": n}}
    return {"id": "", "reviewed": _("reviewed pages"), "axis": _("pages"), "routed": _("pages"),
            "confidence": _("page mean confidence"), "title": _("Pages: measured error against confidence"),
            "what": _("Pages: what each threshold would do"), "accepted": _("error of accepted pages"),
            "count": pages}


def reliability_chart(bins: list[dict], current: float, *, unit: str = "pages") -> Chart:
    """Mean measured error per confidence bin (line), reviews per bin (bars behind it)."""
    words = _unit_words(unit)
    x = [(b["low"] + b["high"]) / 2 for b in bins]
    labels = [f"{b['low']}–{b['high']}" for b in bins]
    # The error on the overlaying axis (on the left), so Plotly draws its line over the bars.
    figure = {
        "data": [
            {"type": "bar", "name": words["reviewed"], "x": x, "y": [b[unit] for b in bins],
             "marker": {"color": COLOURS["pages"]}, "customdata": labels,
             "hovertemplate": _("confidence %(range)s: %(n)s reviewed") % {"range": "%{customdata}", "n": "%{y}"}
             + "<extra></extra>"},
            {"type": "scatter", "mode": "lines+markers", "name": _("mean error"), "x": x, "yaxis": "y2",
             "y": [round(b["mean_error"] * 100, 2) for b in bins], "line": {"color": COLOURS["error"], "width": 3},
             "customdata": labels, "hovertemplate": _("confidence %{customdata}: %{y}% error") + "<extra></extra>"},
        ],
        "layout": _two_axes_layout(
            xaxis={"title": {"text": words["confidence"]}, "range": [0, 100]},
            yaxis={"title": {"text": words["axis"]}, "side": "right", "showgrid": False, "rangemode": "tozero",
                   "tickmode": "auto"},
            yaxis2={"title": {"text": _("error (% of characters)")}, "overlaying": "y", "side": "left",
                    "rangemode": "tozero", "tickmode": "auto"},
            **_marks([(current, _("current %(t)g") % {"t": current}, COLOURS["current"])]),
        ),
    }
    parts = [_("%(range)s: %(error).1f%% error (%(n)s)") % {
        "range": label, "error": b["mean_error"] * 100, "n": words["count"](b[unit])}
        for label, b in zip(labels, bins)]
    # The two sides of the current threshold first: the step-by-step list is long for lines.
    below = [b for b in bins if b["high"] <= current]
    sides = [(below, _("below it, %(error).1f%% error over %(n)s")),
             ([b for b in bins if b["high"] > current], _("at or above it, %(error).1f%% error over %(n)s"))]
    overall = []
    for side, sentence in sides:
        if side:
            reviewed = sum(b[unit] for b in side)
            overall.append(sentence % {"n": words["count"](reviewed),
                                       "error": sum(b["mean_error"] * b[unit] for b in side) / reviewed * 100})
    summary = _("Measured error by confidence, from %(n)d %(reviewed)s; around the current threshold %(t)g: "
                "%(sides)s. Step by step: %(parts)s.") % {
        "n": sum(b[unit] for b in bins), "reviewed": words["reviewed"], "t": current, "sides": "; ".join(overall),
        "parts": "; ".join(parts)}
    return Chart(f"chart-reliability{words['id']}", words["title"], summary, figure)


def candidates_chart(table: list[dict], *, current: float, target: float | None, recommendation: dict | None,
                     unit: str = "pages") -> Chart:
    """Review rate and estimated error of what is accepted for each threshold, the target as a line."""
    words = _unit_words(unit)
    x = [row["threshold"] for row in table]
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": _("sent to a person"), "x": x,
         "y": [round(row["review_rate"] * 100, 1) for row in table], "line": {"color": COLOURS["review_rate"]},
         "hovertemplate": _("threshold %(t)s: %(rate)s%% of %(what)s to a person") % {
             "t": "%{x}", "rate": "%{y}", "what": words["routed"]} + "<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": words["accepted"], "x": x, "yaxis": "y2",
         "y": [None if row["accepted_error"] is None else round(row["accepted_error"] * 100, 2) for row in table],
         "line": {"color": COLOURS["error"], "width": 3},
         "hovertemplate": _("threshold %{x}: %{y}% error accepted") + "<extra></extra>"},
    ]
    lines = [(current, _("current %(t)g") % {"t": current}, COLOURS["current"])]
    if recommendation and recommendation["threshold"] not in (None, current):
        lines.append((recommendation["threshold"], _("recommended %(t)g") % {"t": recommendation["threshold"]},
                      COLOURS["review_rate"]))
    marks = _marks(lines)
    shapes = marks["shapes"]
    if target is not None:
        shapes.append({"type": "line", "xref": "paper", "yref": "y2", "x0": 0, "x1": 1, "y0": target, "y1": target,
                       "line": {"color": COLOURS["target"], "dash": "dash"}})
        marks["annotations"].append({"x": 1, "xref": "paper", "y": target, "yref": "y2", "showarrow": False,
                                     "text": _("target %(t)g%%") % {"t": target}, "xanchor": "right",
                                     "yanchor": "bottom", "font": {"color": COLOURS["target"], "size": 11}})
    figure = {"data": data, "layout": _two_axes_layout(
        xaxis={"title": {"text": _("threshold (%(confidence)s)") % {"confidence": words["confidence"]}},
               "range": [0, 100]},
        yaxis={"title": {"text": _("%(what)s sent to a person (%%)") % {"what": words["routed"]}}, "range": [0, 100]},
        yaxis2={"title": {"text": f"{words['accepted']} (%)"}, "overlaying": "y", "side": "right",
                "showgrid": False, "rangemode": "tozero", "tickmode": "auto"},
        shapes=shapes, annotations=marks["annotations"],
    )}
    at_current = next((row for row in table if row["threshold"] == current), None)
    sentences = []
    if at_current is not None:
        sentences.append(_("%(rate).0f%% of %(what)s fall below the current threshold %(t)g; those above it are "
                           "estimated at %(error)s error.") % {
            "t": current, "rate": at_current["review_rate"] * 100, "what": words["routed"],
            "error": _error_text(at_current["accepted_error"])})
    if recommendation and recommendation["threshold"] not in (None, current):
        sentences.append(_("Threshold %(t)g would send %(rate).0f%% at %(error).1f%% error.") % {
            "t": recommendation["threshold"], "rate": recommendation["review_rate"] * 100,
            "error": recommendation["accepted_error"] * 100})
    sentences.append(_("The table below gives every threshold."))
    return Chart(f"chart-candidates{words['id']}", words["what"], " ".join(sentences), figure)


def _error_text(error: float | None) -> str:
    return _("not measured yet") if error is None else f"{error * 100:.1f}%"


# The capacity planner


def capacity_chart(plan: capacity.Plan) -> Chart:
    hours = [f"{hour:02d}:00" for hour in range(1, capacity.HOURS + 1)]
    start, end = plan.shift
    # The queues on the overlaying axis, so Plotly draws their lines over the arrivals' bars.
    figure = {
        "data": [
            {"type": "bar", "name": _("pages arriving in the hour"), "x": hours, "y": plan.arrivals_by_hour,
             "marker": {"color": COLOURS["arrivals"]}},
            {"type": "scatter", "mode": "lines+markers", "name": _("waiting for a worker"), "x": hours,
             "y": plan.queue_depth_by_hour, "yaxis": "y2", "line": {"color": COLOURS["routed"], "width": 3}},
            {"type": "scatter", "mode": "lines+markers", "name": _("waiting for a reviewer"), "x": hours,
             "y": plan.review_queue_by_hour, "yaxis": "y2", "line": {"color": COLOURS["review"], "width": 3}},
        ],
        "layout": layout(
            height=340, margin={"l": 64, "r": 64, "t": 32, "b": 48},
            xaxis={"title": {"text": _("end of the hour")}, "type": "category"},
            yaxis={"title": {"text": _("pages arriving")}, "side": "right", "rangemode": "tozero",
                   "showgrid": False},
            # Ticks of its own ("auto"): Plotly's default for an overlaying axis syncs them to the
            # arrivals' grid, stretching the range below zero (a "-47 pages waiting" tick).
            yaxis2={"title": {"text": _("pages waiting")}, "overlaying": "y", "side": "left",
                    "rangemode": "nonnegative", "tickmode": "auto"},
        ),
    }
    summary = _("Pages waiting for a worker and for a reviewer at the end of each hour of a steady day, over the "
                "pages arriving each hour. Reviewers work %(start)s–%(end)s.") % {
        "start": f"{start:02d}:00", "end": f"{end:02d}:00"}
    return Chart(CAPACITY_CHART_ID, _("Queues through a day"), summary, figure)
