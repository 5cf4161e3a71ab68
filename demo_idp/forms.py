from django import forms
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from .intake.limits import accepted_files
from .intake.sniff import FILE_TYPES
from .review import AUDIT, MAX_REASON, MAX_TEXT, RULES
from .intake.samples import SAMPLES
from .monitoring import capacity


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".png,.jpg,.jpeg,.tif,.tiff,.pdf"}))
        # An empty file is refused by intake/uploads.py with the others' reasons, not the whole batch here.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Scans"), required=False,
        help_text=accepted_files(),
    )
    sample = forms.ChoiceField(label=_("Or try a sample scan"), required=False, choices=[("", "")] + list(SAMPLES.items()))

    def clean(self):
        data = super().clean()
        if not data.get("files") and not data.get("sample"):
            raise forms.ValidationError(_("Choose a file to upload, or a sample scan."))
        return data


class ReviewForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 10}), required=False, strip=False,
        max_length=MAX_TEXT,
    )


class LineFilterForm(forms.Form):
    """The line queue's filters: the document's type, past its deadline (review.narrowed)."""

    type = forms.ChoiceField(label=_("File type"), required=False,
                             choices=[("", _("Any type"))] + [(kind, kind.upper()) for kind in FILE_TYPES])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filters(self) -> dict:
        return {"file_type": self.cleaned_data["type"], "overdue": self.cleaned_data["overdue"]}


class QueueFilterForm(LineFilterForm):
    """The page review queue's filters (page and API): each narrows review.review_queue."""

    why = forms.ChoiceField(label=_("Why"), required=False, choices=[
        ("", _("Any reason")), (RULES, _("Low confidence")), (AUDIT, _("Quality audit"))])
    show = forms.ChoiceField(label=_("Whose"), required=False, choices=[
        ("", _("Waiting and mine")), ("mine", _("Claimed by me")), ("skipped", _("Skipped by me"))])
    field_order = ["type", "why", "show", "overdue"]

    def filters(self) -> dict:
        return super().filters() | {"why": self.cleaned_data["why"], "show": self.cleaned_data["show"]}


class UnreadableForm(forms.Form):
    reason = forms.CharField(label=_("Why it cannot be read"), max_length=MAX_REASON,
                             help_text=_("For example: blank page, a photo, too damaged to read."))


class TargetErrorForm(forms.Form):
    """The error rate accepted text may have, in percent of characters (5 means 5%)."""

    target = forms.FloatField(
        label=_("Target error rate of accepted text (%)"),
        help_text=_("The share of characters the OCR may get wrong in lines nobody reviews, e.g. 5."),
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0.1", "max": "99.9", "inputmode": "decimal"}),
    )

    def clean_target(self):
        target = self.cleaned_data["target"]
        # 0% is unreachable by any OCR and 100% accepts garbage: neither is a target.
        if not 0 < target < 100:
            raise forms.ValidationError(_("Give a percentage above 0 and below 100."))
        return target


class ApplyThresholdForm(TargetErrorForm):
    threshold = forms.FloatField(label=_("Threshold"), min_value=0, max_value=100, widget=forms.HiddenInput)


SOURCE_LABELS = {
    capacity.MEASURED: _("measured"), capacity.REFERENCE: _("reference"),
    capacity.ASSUMPTION: _("assumption"), capacity.INPUT: _("your input"), capacity.DEFAULT: _("default"),
}


def plain(value: float) -> str:
    """A figure as a number input takes it: no grouping, at most three decimals, no trailing zeros."""
    return f"{round(value, 3):f}".rstrip("0").rstrip(".")


class CapacityForm(forms.Form):
    """The planner's inputs, for its page and for GET /api/idp/capacity/ alike; one left blank takes
    the measured, reference or default figure. With `measured`, a blank input shows as its
    placeholder the figure it will take and, unless a default, where that figure comes from."""

    documents_per_day = forms.IntegerField(
        label=_("Documents per day"), required=False, min_value=1, max_value=capacity.MAX_DOCUMENTS_PER_DAY,
        help_text=capacity.with_defaults(N_("Documents uploaded a day; default %(documents)s.")),
    )
    pages_per_document = forms.FloatField(
        label=_("Pages per document"), required=False, min_value=capacity.MIN_PAGES_PER_DOCUMENT,
        max_value=capacity.MAX_PAGES_PER_DOCUMENT,
        help_text=capacity.with_defaults(N_("Default: measured over the last 7 days, else %(pages)s.")),
    )
    sla_hours = forms.FloatField(
        label=_("SLA hours"), required=False, min_value=capacity.MIN_SLA_HOURS, max_value=capacity.MAX_SLA_HOURS,
        help_text=capacity.with_defaults(N_("Upload to final, in hours; default: this site's SLA, %(sla)s hours.")),
    )
    line_share = forms.FloatField(
        label=_("Words read by a person (0 to 1)"), required=False, min_value=0, max_value=1,
        help_text=capacity.with_defaults(N_(
            "Line review, as the pipeline routes: the share of the words in doubtful lines and in pages sent "
            "whole; default: measured, else the reference %(line_share)s.")),
    )
    review_rate = forms.FloatField(
        label=_("Pages routed to review (0 to 1)"), required=False, min_value=0, max_value=1,
        help_text=capacity.with_defaults(N_(
            "For reviewers reading whole pages: the share of pages routed to review; default: measured, else the "
            "reference %(review_rate)s.")),
    )
    reviewer_pages_per_hour = forms.FloatField(
        label=_("Reviewer pages per hour"), required=False, min_value=capacity.MIN_REVIEWER_PAGES_PER_HOUR,
        max_value=capacity.MAX_REVIEWER_PAGES_PER_HOUR,
        help_text=capacity.with_defaults(N_(
            "Default: 3600 / the median review, once %(min_reviews)s reviews of %(min_review_seconds)s s or more "
            "are measured, else an assumed %(reviewer_pages)s.")),
    )
    reviewer_hours_per_day = forms.IntegerField(
        label=_("Reviewer hours per day"), required=False, min_value=1, max_value=capacity.HOURS,
        help_text=capacity.with_defaults(N_("A reviewer's shift from %(shift_start)s; default %(reviewer_hours)s.")),
    )
    cores_per_worker = forms.IntegerField(
        label=_("Cores per worker"), required=False, min_value=1, max_value=capacity.MAX_CORES_PER_WORKER,
        help_text=capacity.with_defaults(N_("Default %(cores)s.")),
    )
    arrival = forms.ChoiceField(
        label=_("Arrivals"), required=False, choices=capacity.ARRIVALS.items(),
        help_text=capacity.with_defaults(N_(
            "When documents arrive: flat, or office (%(office_share)s between %(office_start)s and %(office_end)s, "
            "the default).")),
    )

    def __init__(self, *args, measured: capacity.Measured | None = None, line_share: capacity.Figure | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrival"].initial = capacity.OFFICE
        if measured is not None:
            self.show_defaults(measured, line_share)

    def show_defaults(self, measured: capacity.Measured, line_share: capacity.Figure | None = None) -> None:
        # Blank inputs show, as a placeholder, the figure they will take, and where it comes from.
        blank = capacity.blank_figures(measured) | ({"line_share": line_share} if line_share else {})
        for name, figure in blank.items():
            value = plain(figure.value)
            self.fields[name].widget.attrs["placeholder"] = value
            if figure.source != capacity.DEFAULT:
                self.fields[name].help_text = _now("Blank: %(value)s, %(source)s.") % {
                    "value": value, "source": SOURCE_LABELS[figure.source]}

    def given(self) -> dict:
        """The inputs filled in, for capacity.plan_with (line_share apart: see line_share_or()); call after
        is_valid()."""
        return {name: value for name, value in self.cleaned_data.items()
                if value not in (None, "") and name != "line_share"}

    def line_share_or(self, otherwise: capacity.Figure) -> capacity.Figure:
        """The share of words line review has a person read: as given, else `otherwise` (measured or reference)."""
        given = self.cleaned_data.get("line_share") if self.is_bound else None
        return otherwise if given is None else capacity.Figure(given, capacity.INPUT)
