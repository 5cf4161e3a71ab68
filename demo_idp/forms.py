from django import forms
from django.utils.translation import gettext_lazy as _

from .uploads import SAMPLES


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
        help_text=_("PNG, JPEG, TIFF or PDF (up to 20 pages), 20 MB each. You can pick several."),
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
