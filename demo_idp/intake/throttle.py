"""How often one person may upload: IDP_UPLOAD_RATE requests (e.g. "20/minute") per account, or per
anonymous visitor, counted in the shared cache (Redis) so every web process sees the same count.

DRF's SimpleRateThrottle does the counting; the API's upload view uses it as a throttle class and the
upload page asks the same object (`refusal`), so the two share one count and one rule.

A signed-in person is counted by account, an anonymous one by the visitor id in their session
(visitors.py). A request without a visitor id (a first upload, or cookies thrown away to start
afresh) is counted by its address, so shedding the cookie buys no more than one upload per new id.
The address is the sign-in throttle's (behind SIGNIN_TRUSTED_PROXIES proxies, read from
X-Forwarded-For; a forged header buys nothing), not DRF's, which trusts any X-Forwarded-For.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from accounts.signin_throttle import client_address

from . import visitors


class UploadThrottle(SimpleRateThrottle):
    scope = "upload"

    def get_rate(self):
        # Read when the throttle is made (each request), not once at import as DRF's class-wide rates.
        return settings.IDP_UPLOAD_RATE

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            visitor = visitors.visitor_id(request)
            ident = f"visitor-{visitor}" if visitor else f"address-{client_address(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TooManyUploads(Throttled):
    default_detail = _("Too many uploads at once.")
    extra_detail_singular = "You may upload again in {wait} second."
    extra_detail_plural = "You may upload again in {wait} seconds."


def refusal(request) -> TooManyUploads | None:
    """None when this upload may go ahead (and it is counted), else the refusal: its `wait` in whole
    seconds (for Retry-After) and its `detail`, a sentence for the person. For the page; the API's
    view names UploadThrottle among its throttles and raises TooManyUploads from `throttled`."""
    throttle = UploadThrottle()
    if throttle.allow_request(request, None):
        return None
    return TooManyUploads(wait=throttle.wait())
