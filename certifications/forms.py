"""The form of a learner's certification record; the rules live in records.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .records import catalog, save_record
from .models import CertificationRecord


class DateInput(forms.DateInput):
    input_type = "date"


class CertificationRecordForm(forms.Form):
    certification = forms.ModelChoiceField(label=_("Certification"), queryset=catalog(), to_field_name="slug")
    status = forms.ChoiceField(label=_("Status"), choices=CertificationRecord.Status.choices)
    exam_date = forms.DateField(label=_("Exam date"), required=False, widget=DateInput)
    passed_on = forms.DateField(
        label=_("Pass date"),
        required=False,
        widget=DateInput,
        help_text=_("The day you passed or last renewed it: the expiry counts from it."),
    )
    credential_id = forms.CharField(label=_("Credential ID"), required=False, max_length=120)
    credential_url = forms.URLField(
        label=_("Verification URL"),
        required=False,
        assume_scheme="https",
        help_text=_("The vendor's page where anyone can check your credential."),
    )

    def __init__(self, *args, user, record: CertificationRecord | None = None, **kwargs):
        self.user, self.record = user, record
        if record is not None:
            kwargs.setdefault("initial", {}).update(
                certification=record.certification.slug,
                status=record.status,
                exam_date=record.exam_date,
                passed_on=record.passed_on,
                credential_id=record.credential_id,
                credential_url=record.credential_url,
            )
        super().__init__(*args, **kwargs)

    def save(self) -> CertificationRecord | None:
        """The saved record, or None with the service's errors added to the form."""
        try:
            return save_record(user=self.user, record=self.record, **self.cleaned_data)
        except ValidationError as error:
            self.add_error(None, error)
            return None
