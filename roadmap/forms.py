from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Background, Cloud, TargetRole
from .models import MAX_SESSION_MINUTES, MAX_SKIP_REASON_LENGTH, RoadmapStep, StudySession
from .planning import Answers
from .rules import STUDY_DAYS_MESSAGE, hours_per_week_validators, validate_study_days

WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
            (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]


class QuestionnaireForm(forms.Form):
    background = forms.ModelChoiceField(
        Background.objects.active(), label=_("Where do you start from?"), empty_label=None, to_field_name="slug",
        widget=forms.RadioSelect,
    )
    target_role = forms.ModelChoiceField(
        TargetRole.objects.active(), label=_("Which role are you aiming for?"), empty_label=None,
        to_field_name="slug", widget=forms.RadioSelect,
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), validators=hours_per_week_validators, max_digits=4, decimal_places=1, initial=5.5,
        help_text=_("An architect who took this path studied 5-6 hours a week for about two years."),
    )
    study_days = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, label=_("Study days"), widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3], help_text=_("4-5 nights a week worked for an architect who took this path."),
        error_messages={"required": STUDY_DAYS_MESSAGE},
    )
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    cloud = forms.ChoiceField(
        choices=[c for c in Cloud.choices if c[0]], label=_("Preferred cloud"), initial=Cloud.AWS,
        help_text=_("Steps for the other clouds stay in your roadmap as optional."),
    )

    def clean_study_days(self):
        # After coercion to int: the field's own validators would see the submitted strings.
        days = self.cleaned_data["study_days"]
        validate_study_days(days)
        return days

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if start < today - timedelta(days=366):
            raise forms.ValidationError(_("Choose a start date within the last year."))
        if start > today + timedelta(days=366):
            raise forms.ValidationError(_("Choose a start date within the next year."))
        return start

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            background=data["background"], target_role=data["target_role"], hours_per_week=data["hours_per_week"],
            study_days=tuple(data["study_days"]), start_date=data["start_date"], cloud=data["cloud"],
        )

    @classmethod
    def initial_from(cls, roadmap) -> dict:
        if roadmap is None:
            return {"start_date": timezone.localdate()}
        return {
            "background": roadmap.background.slug, "target_role": roadmap.target_role.slug,
            "hours_per_week": roadmap.hours_per_week, "study_days": roadmap.study_days,
            "start_date": roadmap.start_date, "cloud": roadmap.cloud,
        }


class StepSelect(forms.Select):
    """The <select> of a learner's steps, its options written here rather than through Django's templates.

    Django renders each option through two templates (select_option.html, attrs.html): on the roadmap page that
    was a sixth of the page's time for some 90 steps. The HTML is the same as theirs, character for character.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)  # a model choice field has no groups
        options = format_html_join("", '\n  <option value="{}"{}>{}</option>\n', (
            (str(option["value"]), _attributes(option["attrs"]), option["label"])
            for _group_name, group, _index in widget["optgroups"] for option in group))
        return format_html('<select name="{}"{}>{}\n</select>\n', widget["name"], _attributes(widget["attrs"]), options)


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name alone."""
    return format_html_join("", " {}{}", ((name, "" if value is True else format_html('="{}"', str(value)))
                                          for name, value in attrs.items() if value is not False))


class StudySessionForm(forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["date", "minutes", "step", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "step": StepSelect}
        labels = {"step": _("Step (optional)")}

    def __init__(self, *args, roadmap, rows=None, **kwargs):
        """``rows``: the roadmap's steps in order, already read with their step (the roadmap page has them): the
        <select> lists them without reading them again."""
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        # Only this learner's steps: another learner's step id is "not a valid choice". Skipped steps are
        # left out, except the one a session being corrected was already logged against.
        steps = roadmap.steps.filter(~Q(status=RoadmapStep.Status.SKIPPED) | Q(pk=self.instance.step_id))
        field = self.fields["step"]
        field.queryset = steps.select_related("step")
        field.label_from_instance = lambda row: row.step.title
        if rows is not None:
            # The same choices as the queryset's (it still checks what is posted), from the rows in hand.
            field.choices = [("", field.empty_label), *(
                (row.pk, row.step.title) for row in rows
                if row.status != RoadmapStep.Status.SKIPPED or row.pk == self.instance.step_id)]
        self.fields["minutes"].widget.attrs.update(min=1, max=MAX_SESSION_MINUTES)
        if self.instance.pk is None:
            self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A study session cannot be in the future."))
        return day

    def save(self, commit=True):
        self.instance.roadmap = self.roadmap
        return super().save(commit)


class StepUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=RoadmapStep.Status.choices, required=False)
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    skip_reason = forms.CharField(label=_("Why skip it? (optional)"), required=False, max_length=MAX_SKIP_REASON_LENGTH)
