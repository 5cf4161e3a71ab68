"""The capacity planner's page: a GET form that works without JavaScript, the answer, its chart and
its arithmetic. idp_capacity.js asks /api/idp/capacity/ again as an input changes."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import charts
from ..forms import SOURCE_LABELS, CapacityForm, plain
from ..monitoring import capacity, review_policies

def figure_rows(measured: capacity.Measured) -> list[dict]:
    """The measured figures as the page's table shows them."""
    labelled = [
        (_("Seconds per page per core"), measured.seconds_per_page), (_("Review rate"), measured.review_rate),
        (_("Pages per document"), measured.pages_per_document),
        (_("Reviewer pages per hour"), measured.reviewer_pages_per_hour),
    ]
    return [{"label": label, "value": plain(figure.value), "source": SOURCE_LABELS[figure.source],
             "sample": figure.sample, "note": figure.note} for label, figure in labelled]


@require_GET
def capacity_planner(request):
    """The planner. Template: demo_idp/capacity.html; context: form, figures (what was measured) and
    seconds_source, and when the input is good, plan, chart, explanation and review_policies (reviewers
    under page and line review). Bad input answers 400
    with the form's errors."""
    measured = capacity.measured()
    form = CapacityForm(request.GET or None, measured=measured)
    context = {"form": form, "figures": figure_rows(measured),
               "seconds_source": SOURCE_LABELS[measured.seconds_per_page.source]}
    if form.is_bound and not form.is_valid():
        return render(request, "demo_idp/capacity.html", context, status=400)
    plan = capacity.plan_with(measured=measured, **(form.given() if form.is_bound else {}))
    context |= {"plan": plan, "chart": charts.capacity_chart(plan), "explanation": capacity.explain(plan),
                "review_policies": review_policies.side_by_side(plan, review_policies.line_word_share())}
    return render(request, "demo_idp/capacity.html", context)

