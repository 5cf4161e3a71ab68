"""/metrics: the pipeline's aggregates for a Prometheus scraper (demo_idp/monitoring/prometheus.py)."""

import hmac

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from prometheus_client import CONTENT_TYPE_LATEST

from ..monitoring import prometheus


def bearer_token_matches(request, token: str) -> bool:
    """True if the request carries `Authorization: Bearer <token>` (the scheme in any case)."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    # Compared in constant time, so the response time does not reveal how much of a guess was right.
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@never_cache
@require_http_methods(["GET", "HEAD"])
def metrics(request):
    """Prometheus' text format. Open when METRICS_TOKEN is empty (it shows counts and timings
    only, never a document); otherwise a scraper sends the token as a bearer token."""
    token = settings.METRICS_TOKEN
    if token and not bearer_token_matches(request, token):
        response = HttpResponse("A bearer token is required.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(prometheus.render(), content_type=CONTENT_TYPE_LATEST)
