"""The pipeline dashboard: its page, the JSON it refreshes itself from, and retrying failed documents.

Thin: monitoring/metrics.py aggregates, monitoring/dashboard.py decides what each person sees, charts.py draws.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import dispatch
from ..monitoring import dashboard, filters, metrics
from ..models import Document

REFRESH_SECONDS = 30
WINDOW_LABELS = {"1h": "Last hour", "24h": "Last day", "7d": "Last week"}


@never_cache
@require_GET
def dashboard_page(request):
    """Charts of the pipeline for a window and file type. Template: demo_idp/dashboard.html."""
    win, file_type, error = filters.parse(request.GET)
    full = dashboard.sees_everything(request.user)
    context = {
        "windows": [(name, _(label)) for name, label in WINDOW_LABELS.items()],
        "file_types": metrics.FILE_TYPES, "file_type": file_type, "error": error, "full": full,
        "refresh_seconds": REFRESH_SECONDS, "updated": timezone.now(),
    }
    if error:
        context["window_name"] = "1h"
        return render(request, "demo_idp/dashboard.html", context, status=400)
    context.update(dashboard.build(win, file_type=file_type, full=full), window_name=win.name, window=win)
    if full:
        context["failed"] = dashboard.failed_documents()
    return render(request, "demo_idp/dashboard.html", context)


@never_cache
@require_GET
def dashboard_data(request):
    """The same charts and figures as JSON, fetched by idp_dashboard.js every REFRESH_SECONDS."""
    win, file_type, error = filters.parse(request.GET)
    if error:
        return JsonResponse({"error": error}, status=400)
    data = dashboard.build(win, file_type=file_type, full=dashboard.sees_everything(request.user))
    return JsonResponse({**dashboard.as_json(data), "updated": timezone.now().isoformat()})


@require_POST
def dashboard_retry(request, pk):
    """Reviewers and staff queue any failed document again from the dashboard."""
    if not dashboard.sees_everything(request.user):
        raise PermissionDenied(_("Only reviewers and administrators retry other people's documents."))
    document = get_object_or_404(Document, pk=pk)
    if dispatch.retry_document(document):
        messages.success(request, _("%(name)s is queued again.") % {"name": document.original_name})
    else:
        messages.error(request, _("Only a failed document can be tried again."))
    return redirect("demo_idp:dashboard")
