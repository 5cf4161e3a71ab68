"""The export and import pages: download all of one's data, or replace it from a file."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.downloads import as_download

from .documents import MAX_FILE_BYTES, PortabilityError, export_learner, import_learner, parse_document


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Export file"),
        help_text=gettext_lazy("A .json file downloaded from ArchPath, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


@login_required
@require_GET
def export(request):
    """Download the learner's own data as ``archpath-<username>-<date>.json``."""
    filename = f"archpath-{request.user.get_username()}-{timezone.localdate().isoformat()}.json"
    response = JsonResponse(export_learner(user=request.user), json_dumps_params={"indent": 2, "ensure_ascii": False})
    return as_download(response, filename)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    """Explain export and import; on POST replace the learner's data from the uploaded file.

    Template: portability/export_import.html, context: form, errors (the file's problems, if any).
    """
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = import_learner(user=request.user, data=parse_document(read_upload(form.cleaned_data["file"])))
        except PortabilityError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Your data was imported. %(summary)s") % {"summary": summary})
            return redirect(after_import_url())
    status = 400 if errors or form.errors else 200
    return render(request, "portability/export_import.html", {"form": form, "errors": errors}, status=status)


def read_upload(upload) -> bytes:
    # Read one byte past the limit: enough to tell a file that is too large, never the whole of a huge one.
    return upload.read(MAX_FILE_BYTES + 1)


def after_import_url() -> str:
    """The roadmap dashboard once it exists, else the import page again."""
    try:
        return reverse("roadmap:dashboard")
    except NoReverseMatch:
        return reverse("portability:import")
