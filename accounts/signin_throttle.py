"""Sign-in throttling: django-axes, configured by the AXES_ and SIGNIN_ settings.

Axes counts failed sign-ins in the database (one row per account, address and browser) and refuses
a locked-out sign-in in its backend, before any password is hashed. Here: the limit of each count
(axes has one limit for all), what a sign-in without a client is, which address a request comes
from, and the refusal a person reads (a 429 with Retry-After, on the page and in the API).
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_parameters, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import ngettext

ACCOUNT, ADDRESS = "account", "address"


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, for sign-ins that come from a client. ``authenticate()`` without a request
    (``manage.py`` commands, scripts, the test client's ``login()``) has no address to count
    against and no one to refuse: it goes on to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def _limit_of(filters: dict) -> int:
    """The limit of the count axes keeps for these lockout parameters (AXES_LOCKOUT_PARAMETERS)."""
    if set(filters) == {"username"}:
        return settings.SIGNIN_ACCOUNT_FAILURE_LIMIT
    if set(filters) == {"ip_address"}:
        return settings.SIGNIN_ADDRESS_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


def _counts(request, credentials: dict | None):
    """Each count that applies to this sign-in: (its parameters, its limit, its attempts within the
    cool-off as (last failure, failures) newest first)."""
    AxesProxyHandler.update_request(request)
    since = request.axes_attempt_time - get_cool_off(request)
    username = get_client_username(request, credentials)
    for filters in get_client_parameters(username, request.axes_ip_address, request.axes_user_agent,
                                         request, credentials):
        attempts = (AccessAttempt.objects.filter(**filters, attempt_time__gte=since)
                    .order_by("-attempt_time").values_list("attempt_time", "failures_since_start"))
        yield filters, _limit_of(filters), list(attempts)


class SignInAttempts(AxesDatabaseHandler):
    """Axes' database handler with a limit per count, and a success that clears only its own count."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # Axes locks when this reaches AXES_FAILURE_LIMIT; each count is scaled to that limit from
        # its own, so the figure reaches it exactly when one count reaches its limit.
        return max(
            sum(failures for _, failures in attempts) * settings.AXES_FAILURE_LIMIT // limit
            for _, limit, attempts in _counts(request, credentials)
        )

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # Axes would delete every count the sign-in touches, the address's included: signing in to
        # one's own account would then wipe that address's failures against everybody else's.
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=request.axes_ip_address
        ).delete()
        return deleted


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int  # seconds


def refusal(request, credentials: dict | None = None) -> Refusal:
    """Why this sign-in is refused and for how long: until the latest of the locks on it ends.

    A count is locked while its attempts within the cool-off add up to its limit; it opens one
    cool-off after the newest attempt it needs to stay there."""
    until: datetime | None = None
    scope = ACCOUNT
    cool_off = get_cool_off(request)
    for filters, limit, attempts in _counts(request, credentials):
        total = 0
        for last_failure, failures in attempts:
            total += failures
            if total >= limit:
                if until is None or last_failure + cool_off > until:
                    until, scope = last_failure + cool_off, ADDRESS if set(filters) == {"ip_address"} else ACCOUNT
                break
    seconds = cool_off.total_seconds() if until is None else (until - timezone.now()).total_seconds()
    retry_after = max(1, math.ceil(seconds))
    minutes = math.ceil(retry_after / 60)
    if scope == ADDRESS:
        message = ngettext(
            "Too many failed sign-ins from your network. Try again in %(minutes)d minute.",
            "Too many failed sign-ins from your network. Try again in %(minutes)d minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins for this account. Try again in %(minutes)d minute.",
            "Too many failed sign-ins for this account. Try again in %(minutes)d minutes.",
            minutes,
        )
    return Refusal(message % {"minutes": minutes}, retry_after)


def is_refused(request) -> bool:
    """Whether axes refused (or has just locked) the sign-in this request made."""
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page the view rendered (the login form names the refusal) sent
    as a 429 with Retry-After, so browsers, scripts and proxies all know to wait."""
    refused = refusal(request, credentials)
    response = original_response if original_response is not None else HttpResponse(
        refused.message, content_type="text/plain; charset=utf-8"
    )
    response.status_code = 429
    response["Retry-After"] = str(refused.retry_after)
    return response


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address a sign-in comes from.

    Behind SIGNIN_TRUSTED_PROXIES proxies it is that many entries from the right of
    X-Forwarded-For: each proxy appends the address it heard from, and whatever stands further
    left was written by the client and may be forged. Anything that is not an address (a
    misconfigured proxy) falls back to the connection's own address: the count is stored as one."""
    proxies = settings.SIGNIN_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
