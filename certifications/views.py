"""Certification pages: the public catalog and the learner's own tracker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import records
from .forms import CertificationRecordForm
from .models import CertificationRecord


@login_required
@require_GET
def tracker(request):
    """The learner's certifications. Template: certifications/tracker.html, context: rows, today."""
    today = timezone.localdate()
    rows = records.tracker(user=request.user, today=today)
    return render(request, "certifications/tracker.html", {"rows": rows, "today": today})


@require_GET
def catalog(request):
    """Every certification by vendor, public. Template: certifications/catalog.html, context: vendors, tracked."""
    vendors = records.catalog_by_vendor()
    tracked = set()
    if request.user.is_authenticated:
        tracked = set(request.user.certifications.values_list("certification__slug", flat=True))
    return render(request, "certifications/catalog.html", {"vendors": vendors, "tracked": tracked})


def _own_record(request, pk) -> CertificationRecord:
    # Another learner's record is a 404, never a 403: its existence is theirs too.
    return get_object_or_404(CertificationRecord.objects.select_related("certification"), pk=pk, user=request.user)


def _form_page(request, form, *, record=None):
    context = {"form": form, "record": record}
    return render(request, "certifications/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def add(request):
    """Track a certification; ?certification=<slug> preselects it. Template: certifications/form.html."""
    initial = {"certification": request.GET.get("certification", "")}
    form = CertificationRecordForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid() and (record := form.save()):
        messages.success(request, _("%(name)s added to your certifications.") % {"name": record.certification})
        return redirect("certifications:tracker")
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """Change one of the learner's records. Template: certifications/form.html, context: form, record."""
    record = _own_record(request, pk)
    form = CertificationRecordForm(request.POST or None, user=request.user, record=record)
    if request.method == "POST" and form.is_valid() and form.save():
        messages.success(request, _("%(name)s saved.") % {"name": record.certification})
        return redirect("certifications:tracker")
    return _form_page(request, form, record=record)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    """Confirm (GET), then delete (POST) one of the learner's records. Template: certifications/delete.html."""
    record = _own_record(request, pk)
    if request.method == "POST":
        record.delete()
        messages.success(request, _("%(name)s removed from your certifications.") % {"name": record.certification})
        return redirect("certifications:tracker")
    return render(request, "certifications/delete.html", {"record": record})
