"""The reminder e-mails 90, 30 and 7 days before a held certification expires, and expiring lapsed ones.

Called once a day by tasks.send_certification_reminders; both functions are idempotent.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .expiry import REMINDER_DAYS, days_left, due_threshold
from .models import CertificationRecord
from .records import retired_warning

logger = logging.getLogger(__name__)
Status = CertificationRecord.Status


def expire_records(today: date) -> int:
    """Mark passed records whose expiry date has gone by as expired; returns how many."""
    stale = CertificationRecord.objects.filter(status=Status.PASSED, expires_on__lt=today)
    return stale.update(status=Status.EXPIRED, updated=timezone.now())


def _claim(record: CertificationRecord, sent: list[int]) -> bool:
    """Take the right to send, so two beats running at once never send the same reminder twice."""
    claimed = CertificationRecord.objects.filter(pk=record.pk, reminders_sent=record.reminders_sent).update(
        reminders_sent=sent
    )
    return claimed == 1


def _send_reminder(record: CertificationRecord, left: int) -> None:
    certification = record.certification
    context = {
        "user": record.user,
        "certification": certification,
        "record": record,
        "days_left": left,
        "tracker_url": settings.SITE_URL.rstrip("/") + reverse("certifications:tracker"),
        "warning": retired_warning(certification),
    }
    subject = render_to_string("emails/certification_reminder_subject.txt", context).strip()
    body = render_to_string("emails/certification_reminder.txt", context)
    send_mail(subject, body, None, [record.user.email])


def send_due_reminders(*, today: date) -> int:
    """E-mail each learner whose certification reaches 90, 30 or 7 days before expiry; returns how many.

    A reminder is recorded in `reminders_sent` with every less urgent one, so running
    twice sends nothing new and a missed day sends only its most urgent reminder, once.
    """
    sent = 0
    latest = today + timedelta(days=REMINDER_DAYS[0])
    candidates = CertificationRecord.objects.filter(
        status=Status.PASSED, expires_on__gte=today, expires_on__lte=latest
    ).select_related("user", "certification", "certification__replaced_by")
    for record in candidates.exclude(user__email=""):
        left = days_left(record, today)
        due = due_threshold(left)
        if due is None or due in record.reminders_sent:
            continue
        covered = sorted({*record.reminders_sent, *(days for days in REMINDER_DAYS if days >= due)}, reverse=True)
        if not _claim(record, covered):
            continue
        try:
            _send_reminder(record, left)
        except Exception:
            # Give the claim back so tomorrow's beat tries again; other learners still get theirs.
            logger.exception("certification reminder for record %s failed", record.pk)
            CertificationRecord.objects.filter(pk=record.pk).update(reminders_sent=record.reminders_sent)
            continue
        sent += 1
    return sent
