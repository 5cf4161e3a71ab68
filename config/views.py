from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from django.views.decorators.http import require_GET

from .health import run_checks


@require_GET
def home(request):
    """The landing page explaining both halves of the site. Template: home.html."""
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request):
    """JSON with one entry per component; 200 only when every one is ok."""
    checks = run_checks()
    healthy = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def not_found(request, exception):
    """404: {"detail": ...} under /api/, where clients read JSON (a path like /api/pages/abc/ matches no
    URL, so DRF never sees it); the site's page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
