"""Celery tasks of the certifications app: thin wrappers around plain functions."""

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task
def send_certification_reminders() -> dict[str, int]:
    """Daily (Celery beat): expire lapsed certifications, then send the reminders due today.

    Both steps are idempotent, so a redelivered or repeated run changes and sends nothing more.
    """
    today = timezone.localdate()
    expired = reminders.expire_records(today)
    sent = reminders.send_due_reminders(today=today)
    return {"expired": expired, "reminders_sent": sent}
