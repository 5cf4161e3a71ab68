"""The calibration page: how wrong the OCR is at each confidence, per line and per page, what each
threshold would cost in reviews and in errors let through, a recommendation for a target error rate,
and the one-click Apply of the line threshold (which routes; the page figures are for comparison).

The page shows aggregates only, so everyone may look; applying a threshold changes how every line
is routed, so it takes the permission demo_idp.add_thresholdchange: the curator role carries it
(apps.py grants it after every migrate), and superusers; a plain reviewer does not.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import charts, routing
from ..apps import APPLY_THRESHOLD
from ..forms import ApplyThresholdForm, TargetErrorForm
from ..models import ThresholdChange
from ..monitoring import calibration

APPLY_PERMISSION = f"demo_idp.{APPLY_THRESHOLD}"
DEFAULT_TARGET_PERCENT = 5.0


@require_http_methods(["GET", "POST"])
def calibration_page(request):
    """Template: demo_idp/calibration.html; context: target_form, apply_form, can_apply, current (T),
    current_line (T_L), target, lines and pages (each: reliability, candidates, rows, recommendation,
    reviewed, routed, charts, current), recommendation (the lines'), charts (every chart), history,
    min_sample, period_days, bin_width, retention_hours.

    GET ?target=5 recommends thresholds for a 5% target; POST applies a line threshold (with the
    permission).
    """
    can_apply = request.user.has_perm(APPLY_PERMISSION)
    if request.method == "POST" and not can_apply:
        raise PermissionDenied(_("Only curators may change the routing threshold."))
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
    messages.success(request, _(
        "Line threshold changed from %(old)g to %(new)g: lines of scans read from now on are routed by it.") % {
        "old": change.previous, "new": change.threshold})
    return redirect(f"{reverse('demo_idp:calibration')}?target={data['target']:g}")


def _context(target: float | None, *, can_apply: bool, history: list) -> dict:
    """The page's figures from calibration.overview (one reading of the data), charts and rows."""
    found = calibration.overview(target_error=None if target is None else target / 100)
    current, current_line = found["current"], found["current_line"]
    units = {}
    for unit, in_use in ((calibration.LINES, current_line), (calibration.PAGES, current)):
        figures = found[unit]
        recommendation = figures["recommendation"]
        shown = []
        if figures["reliability"]:
            shown.append(charts.reliability_chart(figures["reliability"], in_use, unit=unit))
        if figures["reliability"] and figures["candidates"]:
            shown.append(charts.candidates_chart(figures["candidates"], current=in_use, target=target,
                                                 recommendation=recommendation, unit=unit))
        units[unit] = figures | {
            "charts": shown, "current": in_use,
            "rows": [_row(row, in_use, recommendation) for row in figures["candidates"]],
        }
    lines, pages = units[calibration.LINES], units[calibration.PAGES]
    return {
        "can_apply": can_apply, "current": current, "current_line": current_line, "target": target,
        "lines": lines, "pages": pages, "recommendation": lines["recommendation"],
        "charts": lines["charts"] + pages["charts"], "history": history,
        "min_sample": calibration.MIN_SAMPLE, "period_days": calibration.PERIOD.days,
        "bin_width": found["bin_width"], "retention_hours": settings.IDP_RETENTION_HOURS,
        "doubtful_limit": f"{routing.MAX_DOUBTFUL_LINES * 100:g}",
    }


def _percent(value: float | None) -> float | None:
    return None if value is None else value * 100


def _row(row: dict, current: float, recommendation: dict | None) -> dict:
    recommended = recommendation is not None and recommendation["threshold"] == row["threshold"]
    return row | {"review_percent": _percent(row["review_rate"]), "error_percent": _percent(row["accepted_error"]),
                  "is_current": row["threshold"] == current, "is_recommended": recommended}
