from django import forms
from django.utils.translation import gettext_lazy as _

from .intake.limits import accepted_files
from .intake.samples import SAMPLES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".png,.jpg,.jpeg,.tif,.tiff,.pdf"}))
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
        max_length=100_000,
    )


class TargetErrorForm(forms.Form):
    """The error rate the accepted pages may have, in percent of characters (5 means 5%)."""

    target = forms.FloatField(
        label=_("Target error rate of accepted pages (%)"),
        help_text=_("The share of characters the OCR may get wrong on pages nobody reviews, e.g. 5."),
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
