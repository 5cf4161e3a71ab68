"""The daily beat task, run for real by a Celery worker on Redis against the test database."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from certifications.models import CertificationRecord
from certifications.tasks import send_certification_reminders
from tests.certifications.helpers import passed

pytestmark = pytest.mark.integration


def test_the_beat_schedule_runs_the_reminders_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["certification-reminders"]
    assert entry["task"] == send_certification_reminders.name
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


def test_the_worker_expires_lapsed_passes_and_emails_the_reminders_due(alice, bob, content, celery_worker):
    today = timezone.localdate()
    due = passed(alice, "azure-ai-engineer-associate", today - timedelta(days=300), today=today)
    lapsed = passed(bob, "azure-data-scientist-associate", today - timedelta(days=100), today=today)
    # Pin the expiries to the worker's today: 30 days left for alice, yesterday for bob.
    CertificationRecord.objects.filter(pk=due.pk).update(expires_on=today + timedelta(days=30))
    CertificationRecord.objects.filter(pk=lapsed.pk).update(expires_on=today - timedelta(days=1))

    result = send_certification_reminders.delay().get(timeout=30)

    assert result == {"expired": 1, "reminders_sent": 1}
    [email] = mail.outbox
    assert email.to == ["alice@example.com"] and "Azure AI Engineer Associate" in email.subject
    due.refresh_from_db()
    lapsed.refresh_from_db()
    assert due.reminders_sent == [90, 30] and lapsed.status == CertificationRecord.Status.EXPIRED
    assert send_certification_reminders.delay().get(timeout=30) == {"expired": 0, "reminders_sent": 0}
