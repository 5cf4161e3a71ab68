"""The calibration page: how wrong the OCR is at each confidence, what each threshold would cost in
reviews and in errors let through, a recommendation for a target error rate, and its one-click Apply.

The page shows aggregates only, so everyone may look; applying a threshold changes how every page
is routed, so it takes the permission demo_idp.add_thresholdchange (superusers; no role has it).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.charts import Chart, layout

from . import calibration
from .forms import ApplyThresholdForm, TargetErrorForm
from .models import ThresholdChange

APPLY_PERMISSION = "demo_idp.add_thresholdchange"
DEFAULT_TARGET_PERCENT = 5.0
COLOURS = {"error": "#b3261e", "pages": "#c9d1e0", "review": "#3557c4", "threshold": "#1a7f5a", "target": "#b3261e"}


@require_http_methods(["GET", "POST"])
def calibration_page(request):
    """Template: demo_idp/calibration.html; context: target_form, apply_form, can_apply, current,
    target, recommendation, rows (the candidates table), charts, history, reviewed, routed,
    min_sample, period_days.

    GET ?target=5 recommends a threshold for a 5% target; POST applies one (with the permission).
    """
    can_apply = request.user.has_perm(APPLY_PERMISSION)
    if request.method == "POST" and not can_apply:
        raise PermissionDenied(_("Only administrators may change the routing threshold."))
    apply_form = ApplyThresholdForm(request.POST) if request.method == "POST" else None
    if apply_form is not None and apply_form.is_valid():
        return _apply(request, apply_form.cleaned_data)
    history = list(ThresholdChange.objects.select_related("applied_by")[:20])
    for change in history:
        change.target_percent = _percent(change.target_error)
        change.review_percent = _percent(change.estimated_review_rate)
        change.error_percent = _percent(change.estimated_error)
    # The last target applied is the one to show again; 5% until anyone sets one.
    default = round(history[0].target_error * 100, 2) if history else DEFAULT_TARGET_PERCENT
    bound = request.method == "GET" and "target" in request.GET
    target_form = TargetErrorForm(request.GET if bound else None, initial={"target": default})
    if not bound:
        target = default
    else:
        target = target_form.cleaned_data["target"] if target_form.is_valid() else None
    context = _context(target, can_apply=can_apply, history=history) | {
        "target_form": target_form, "apply_form": apply_form}
    bad = apply_form is not None or target_form.errors
    return render(request, "demo_idp/calibration.html", context, status=400 if bad else 200)


def _apply(request, data):
    change = calibration.apply_threshold(threshold=data["threshold"], target_error=data["target"] / 100,
                                         user=request.user)
    messages.success(request, _("Threshold changed from %(old)g to %(new)g: new pages are routed by it.") % {
        "old": change.previous, "new": change.threshold})
    return redirect(f"{reverse('demo_idp:calibration')}?target={data['target']:g}")


def _context(target: float | None, *, can_apply: bool, history: list) -> dict:
    current = calibration.current_threshold()
    bins = calibration.reliability()
    table = calibration.candidates()
    recommendation = None if target is None else calibration.recommend(target_error=target / 100, table=table)
    charts = []
    if bins:
        charts.append(reliability_chart(bins, current))
        charts.append(candidates_chart(table, current=current, target=target, recommendation=recommendation))
    return {
        "can_apply": can_apply, "current": current, "target": target, "recommendation": recommendation,
        "rows": [_row(row, current, recommendation) for row in table], "charts": charts, "history": history,
        "reviewed": sum(b["pages"] for b in bins), "routed": table[0]["accepted_pages"] if table else 0,
        "min_sample": calibration.MIN_SAMPLE, "period_days": calibration.PERIOD.days,
    }


def _percent(value: float | None) -> float | None:
    return None if value is None else value * 100


def _row(row: dict, current: float, recommendation: dict | None) -> dict:
    recommended = recommendation is not None and recommendation["threshold"] == row["threshold"]
    return row | {"review_percent": _percent(row["review_rate"]), "error_percent": _percent(row["accepted_error"]),
                  "is_current": row["threshold"] == current, "is_recommended": recommended}


def _marks(lines: list[tuple[float, str, str]]) -> dict:
    """Vertical lines at thresholds, each labelled at the top: shapes and annotations for a layout."""
    return {
        "shapes": [{"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                    "line": {"color": colour, "dash": "dot", "width": 2}} for x, _label, colour in lines],
        # Stacked down from the top, so that labels of nearby thresholds never overprint.
        "annotations": [{"x": x, "xref": "x", "y": 1 - 0.09 * index, "yref": "paper", "text": label,
                         "showarrow": False, "xanchor": "left", "xshift": 3, "yanchor": "top",
                         "font": {"color": colour, "size": 11}}
                        for index, (x, label, colour) in enumerate(lines)],
    }


def _layout(**extra) -> dict:
    # Room on the right for the second axis's title and ticks.
    return layout(margin={"l": 48, "r": 56, "t": 40, "b": 40}, **extra)


def reliability_chart(bins: list[dict], current: float) -> Chart:
    """Mean measured error per confidence bin (line), reviewed pages per bin (bars behind it)."""
    x = [(b["low"] + b["high"]) / 2 for b in bins]
    labels = [f"{b['low']}–{b['high']}" for b in bins]
    figure = {
        "data": [
            {"type": "bar", "name": _("reviewed pages"), "x": x, "y": [b["pages"] for b in bins], "yaxis": "y2",
             "marker": {"color": COLOURS["pages"]}, "customdata": labels,
             "hovertemplate": _("confidence %{customdata}: %{y} pages") + "<extra></extra>"},
            {"type": "scatter", "mode": "lines+markers", "name": _("mean error"), "x": x,
             "y": [round(b["mean_error"] * 100, 2) for b in bins], "line": {"color": COLOURS["error"], "width": 3},
             "customdata": labels, "hovertemplate": _("confidence %{customdata}: %{y}% error") + "<extra></extra>"},
        ],
        "layout": _layout(
            xaxis={"title": {"text": _("page mean confidence")}, "range": [0, 100]},
            yaxis={"title": {"text": _("error (% of characters)")}, "rangemode": "tozero"},
            yaxis2={"title": {"text": _("pages")}, "overlaying": "y", "side": "right", "showgrid": False,
                    "rangemode": "tozero", "tickmode": "auto"},
            **_marks([(current, _("current %(t)g") % {"t": current}, COLOURS["threshold"])]),
        ),
    }
    parts = [_("%(range)s: %(error).1f%% error (%(pages)d pages)") % {
        "range": label, "error": b["mean_error"] * 100, "pages": b["pages"]} for label, b in zip(labels, bins)]
    summary = _("Measured error by confidence, from %(n)d reviewed pages: %(parts)s. "
                "The current threshold is %(t)g.") % {
        "n": sum(b["pages"] for b in bins), "parts": "; ".join(parts), "t": current}
    return Chart("chart-reliability", _("Measured error against confidence"), summary, figure)


def candidates_chart(table: list[dict], *, current: float, target: float | None, recommendation: dict | None) -> Chart:
    """Review rate and estimated error of accepted pages for each threshold, the target as a line."""
    x = [row["threshold"] for row in table]
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": _("review rate"), "x": x,
         "y": [round(row["review_rate"] * 100, 1) for row in table], "line": {"color": COLOURS["review"]},
         "hovertemplate": _("threshold %{x}: %{y}% of pages reviewed") + "<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": _("error of accepted pages"), "x": x, "yaxis": "y2",
         "y": [None if row["accepted_error"] is None else round(row["accepted_error"] * 100, 2) for row in table],
         "line": {"color": COLOURS["error"], "width": 3},
         "hovertemplate": _("threshold %{x}: %{y}% error accepted") + "<extra></extra>"},
    ]
    lines = [(current, _("current %(t)g") % {"t": current}, COLOURS["threshold"])]
    if recommendation and recommendation["threshold"] not in (None, current):
        lines.append((recommendation["threshold"], _("recommended %(t)g") % {"t": recommendation["threshold"]},
                      COLOURS["review"]))
    marks = _marks(lines)
    shapes = marks["shapes"]
    if target is not None:
        shapes.append({"type": "line", "xref": "paper", "yref": "y2", "x0": 0, "x1": 1, "y0": target, "y1": target,
                       "line": {"color": COLOURS["target"], "dash": "dash"}})
        marks["annotations"].append({"x": 1, "xref": "paper", "y": target, "yref": "y2", "showarrow": False,
                                     "text": _("target %(t)g%%") % {"t": target}, "xanchor": "right",
                                     "yanchor": "bottom", "font": {"color": COLOURS["target"], "size": 11}})
    figure = {"data": data, "layout": _layout(
        xaxis={"title": {"text": _("threshold (page mean confidence)")}, "range": [0, 100]},
        yaxis={"title": {"text": _("pages reviewed (%)")}, "range": [0, 100]},
        yaxis2={"title": {"text": _("error of accepted pages (%)")}, "overlaying": "y", "side": "right",
                "showgrid": False, "rangemode": "tozero", "tickmode": "auto"},
        shapes=shapes, annotations=marks["annotations"],
    )}
    at_current = next((row for row in table if row["threshold"] == current), None)
    sentences = []
    if at_current is not None:
        sentences.append(_("At the current threshold %(t)g, %(rate).0f%% of pages go to review and accepted pages "
                           "are estimated at %(error)s error.") % {
            "t": current, "rate": at_current["review_rate"] * 100, "error": _error_text(at_current["accepted_error"])})
    if recommendation and recommendation["threshold"] not in (None, current):
        sentences.append(_("Threshold %(t)g would send %(rate).0f%% to review at %(error).1f%% error.") % {
            "t": recommendation["threshold"], "rate": recommendation["review_rate"] * 100,
            "error": recommendation["accepted_error"] * 100})
    sentences.append(_("The table below gives every threshold."))
    return Chart("chart-candidates", _("What each threshold would do"), " ".join(sentences), figure)


def _error_text(error: float | None) -> str:
    return _("not measured yet") if error is None else f"{error * 100:.1f}%"
