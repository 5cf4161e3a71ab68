"""Notifications: in the site always, by e-mail too unless the user turned it off."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def email_enabled(user) -> bool:
    """The user's own setting; e-mail is on until they turn it off."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.email


def wants_email(user) -> bool:
    return bool(user.email) and email_enabled(user)


def set_email_preference(*, user, enabled: bool) -> None:
    NotificationPreference.objects.update_or_create(user=user, defaults={"email": enabled})


def notify(*, user, text: str, url: str = "") -> Notification:
    """A notification in the site and, unless the user turned it off, by e-mail after the commit."""
    note = Notification.objects.create(user=user, text=text[:500], url=url)
    if wants_email(user):
        context = {"user": user, "text": text, "url": site_url(url) if url else site_url("/")}
        body = render_to_string("emails/mentor_notification.txt", context)
        subject = _("ArchPath: %(text)s") % {"text": text[:120]}
        transaction.on_commit(lambda: send_email(subject, body, user.email), robust=True)
    return note


def send_email(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # the notification in the site is kept; a mail server hiccup must not break the request
        logger.exception("notification e-mail to %s failed", address)


def mark_read(*, user, ids=None, url: str | None = None) -> int:
    """Mark the user's unread notifications read (only those ids, or those linking to url); returns how many."""
    unread = Notification.objects.filter(user=user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    if url is not None:
        unread = unread.filter(url=url)
    return unread.update(read_at=timezone.now())
