"""The capacity planner's page: a GET form that works without JavaScript, the answer, its chart and
its arithmetic. idp_capacity.js asks /api/idp/capacity/ again as an input changes."""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from .. import charts
from ..monitoring import capacity
SOURCE_LABELS = {
    capacity.MEASURED: _lazy("measured"), capacity.REFERENCE: _lazy("reference"),
    capacity.ASSUMPTION: _lazy("assumption"), capacity.INPUT: _lazy("your input"), capacity.DEFAULT: _lazy("default"),
}


def plain(value: float) -> str:
    """A figure as a number input takes it: no grouping, at most three decimals, no trailing zeros."""
    return f"{round(value, 3):f}".rstrip("0").rstrip(".")


class CapacityForm(forms.Form):
    """The planner's inputs; one left blank takes the measured, reference or default figure."""

    documents_per_day = forms.IntegerField(
        label=_lazy("Documents per day"), required=False, min_value=1, max_value=capacity.MAX_DOCUMENTS_PER_DAY,
    )
    pages_per_document = forms.FloatField(
        label=_lazy("Pages per document"), required=False, max_value=capacity.MAX_PAGES_PER_DOCUMENT,
        validators=[capacity.validate_positive],
    )
    sla_hours = forms.FloatField(
        label=_lazy("SLA hours"), required=False, min_value=1, max_value=capacity.MAX_SLA_HOURS,
    )
    review_rate = forms.FloatField(label=_lazy("Review rate (0 to 1)"), required=False, min_value=0, max_value=1)
    reviewer_pages_per_hour = forms.FloatField(
        label=_lazy("Reviewer pages per hour"), required=False, max_value=capacity.MAX_REVIEWER_PAGES_PER_HOUR,
        validators=[capacity.validate_positive],
    )
    reviewer_hours_per_day = forms.IntegerField(
        label=_lazy("Reviewer hours per day"), required=False, min_value=1, max_value=24,
        help_text=_lazy("One shift from 08:00."),
    )
    cores_per_worker = forms.IntegerField(
        label=_lazy("Cores per worker"), required=False, min_value=1, max_value=capacity.MAX_CORES_PER_WORKER,
    )
    arrival = forms.ChoiceField(label=_lazy("Arrivals"), required=False, choices=capacity.ARRIVALS.items())

    def __init__(self, *args, measured: capacity.Measured, **kwargs):
        super().__init__(*args, **kwargs)
        # Blank inputs show, as a placeholder, the figure they will take, and where it comes from.
        defaults = {
            "documents_per_day": capacity.Figure(capacity.DEFAULT_DOCUMENTS_PER_DAY, capacity.DEFAULT),
            "pages_per_document": measured.pages_per_document,
            "sla_hours": capacity.Figure(settings.IDP_SLA_HOURS, capacity.DEFAULT),
            "review_rate": measured.review_rate,
            "reviewer_pages_per_hour": measured.reviewer_pages_per_hour,
            "reviewer_hours_per_day": capacity.Figure(capacity.DEFAULT_REVIEWER_HOURS_PER_DAY, capacity.DEFAULT),
            "cores_per_worker": capacity.Figure(capacity.DEFAULT_CORES_PER_WORKER, capacity.DEFAULT),
        }
        for name, figure in defaults.items():
            value = plain(figure.value)
            self.fields[name].widget.attrs["placeholder"] = value
            if figure.source != capacity.DEFAULT:
                self.fields[name].help_text = _("Blank: %(value)s, %(source)s.") % {
                    "value": value, "source": SOURCE_LABELS[figure.source]}
        self.fields["arrival"].initial = capacity.OFFICE

    def given(self) -> dict:
        """The inputs filled in (for capacity.plan_with); call after is_valid()."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


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
    seconds_source, and when the input is good, plan, chart and explanation. Bad input answers 400
    with the form's errors."""
    measured = capacity.measured()
    form = CapacityForm(request.GET or None, measured=measured)
    context = {"form": form, "figures": figure_rows(measured),
               "seconds_source": SOURCE_LABELS[measured.seconds_per_page.source]}
    if form.is_bound and not form.is_valid():
        return render(request, "demo_idp/capacity.html", context, status=400)
    plan = capacity.plan_with(measured=measured, **(form.given() if form.is_bound else {}))
    context |= {"plan": plan, "chart": charts.capacity_chart(plan), "explanation": capacity.explain(plan)}
    return render(request, "demo_idp/capacity.html", context)

