"""The capacity planner's page: a GET form that works without JavaScript, the answer, its chart and
its arithmetic. idp_capacity.js asks /api/idp/capacity/ again as an input changes."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import charts
from ..forms import SOURCE_LABELS, CapacityForm, plain
from ..monitoring import capacity, capacity_explained, review_policies

def figure_rows(measured: capacity.Measured) -> list[dict]:
    """The measured figures as the page's table shows them."""
    labelled = [
        (_("Seconds per page per core"), measured.seconds_per_page),
        (_("Share of pages routed to review"), measured.review_rate),
        (_("Pages per document"), measured.pages_per_document),
        (_("Reviewer pages per hour"), measured.reviewer_pages_per_hour),
    ]
    return [{"label": label, "value": plain(figure.value), "source": SOURCE_LABELS[figure.source],
             "sample": figure.sample, "note": figure.note} for label, figure in labelled]


@require_GET
def capacity_planner(request):
    """The planner. Template: demo_idp/capacity.html; context: form, figures (what was measured) and
    seconds_source, and when the input is good, plan, chart, explanation, and line_review and page_review
    (what a person reads and the reviewers each needs; review_policies: both, line review first, as the
    pipeline routes). Bad input answers 400 with the form's errors."""
    measured, line_share = capacity.measured(), review_policies.line_word_share()
    form = CapacityForm(request.GET or None, measured=measured, line_share=line_share)
    context = {"form": form, "figures": figure_rows(measured),
               "seconds_source": SOURCE_LABELS[measured.seconds_per_page.source]}
    if form.is_bound and not form.is_valid():
        return render(request, "demo_idp/capacity.html", context, status=400)
    plan = capacity.plan_with(measured=measured, **(form.given() if form.is_bound else {}))
    page, line = review_policies.side_by_side(plan, form.line_share_or(line_share))
    context |= {"plan": plan, "chart": charts.capacity_chart(plan), "explanation": capacity_explained.explain(plan, line),
                "line_review": line, "page_review": page, "review_policies": [line, page]}
    return render(request, "demo_idp/capacity.html", context)

