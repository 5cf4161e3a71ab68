"""Expiry reminders by e-mail: due at 90, 30 and 7 days, once each, with a missed day caught up."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail

from certifications.reminders import send_due_reminders
from certifications.models import CertificationRecord
from tests.certifications.helpers import passed, track

PASSED_ON = date(2026, 1, 10)
EXPIRES = date(2027, 1, 10)  # Azure AI Engineer: one year


@pytest.fixture
def record(alice, content):
    return passed(alice, "azure-ai-engineer-associate", PASSED_ON, today=PASSED_ON)


def run_daily(first: date, last: date, skip=()) -> dict[int, int]:
    """Days left → e-mails sent, running the reminders every day from first to last except `skip`."""
    sent = {}
    day = first
    while day <= last:
        if day not in skip:
            count = send_due_reminders(today=day)
            if count:
                sent[(EXPIRES - day).days] = count
        day += timedelta(days=1)
    return sent


def test_a_daily_run_sends_one_reminder_at_90_30_and_7_days_before_expiry(record):
    assert run_daily(EXPIRES - timedelta(days=120), EXPIRES + timedelta(days=5)) == {90: 1, 30: 1, 7: 1}
    assert len(mail.outbox) == 3
    record.refresh_from_db()
    assert record.reminders_sent == [90, 30, 7]


def test_running_twice_on_the_same_day_sends_nothing_the_second_time(record):
    day = EXPIRES - timedelta(days=30)
    assert send_due_reminders(today=day) == 1
    assert send_due_reminders(today=day) == 0
    assert len(mail.outbox) == 1


def test_a_missed_day_sends_only_the_most_urgent_missed_reminder_once(record):
    missed = {EXPIRES - timedelta(days=d) for d in range(26, 91)}  # no beat from 90 to 26 days before
    assert run_daily(EXPIRES - timedelta(days=100), EXPIRES, skip=missed) == {25: 1, 7: 1}
    assert "in 25 days" in mail.outbox[0].subject
    record.refresh_from_db()
    assert record.reminders_sent == [90, 30, 7]


def test_a_pass_recorded_late_gets_one_reminder_at_once(alice, content):
    passed(alice, "azure-ai-engineer-associate", PASSED_ON, today=EXPIRES - timedelta(days=20))
    assert send_due_reminders(today=EXPIRES - timedelta(days=20)) == 1
    assert send_due_reminders(today=EXPIRES - timedelta(days=19)) == 0


def test_the_email_names_the_certification_expiry_renewal_and_links_to_the_tracker(record, settings):
    settings.SITE_URL = "https://archpath.example/"
    send_due_reminders(today=EXPIRES - timedelta(days=90))
    [email] = mail.outbox
    assert email.to == ["alice@example.com"]
    assert email.subject == "Microsoft Certified: Azure AI Engineer Associate expires in 90 days"
    assert "Hello alice," in email.body
    assert "Your Microsoft Certified: Azure AI Engineer Associate (AI-102) expires on 10 Jan 2027, in 90 days." in (
        email.body
    )
    assert "How to renew: Pass the free online renewal assessment on Microsoft Learn" in email.body
    assert "https://archpath.example/roadmap/certifications/" in email.body
    assert "&amp;" not in email.body and "&#x27;" not in email.body  # plain text, not HTML-escaped


def test_the_email_of_a_retired_exam_names_its_replacement(alice, content):
    passed(alice, "aws-ml-specialty", date(2024, 2, 1), today=date(2024, 2, 1))  # expires 1 Feb 2027
    send_due_reminders(today=date(2027, 2, 1) - timedelta(days=7))
    [email] = mail.outbox
    assert "was retired on 31 Mar 2026; take AWS Certified Machine Learning Engineer" in email.body


def test_no_reminder_for_records_not_held_never_expiring_or_without_an_email(alice, bob, content):
    track(alice, "azure-data-scientist-associate", status=CertificationRecord.Status.BOOKED, exam_date=EXPIRES)
    passed(alice, "azure-fundamentals", PASSED_ON)
    bob.email = ""
    bob.save()
    passed(bob, "azure-ai-engineer-associate", PASSED_ON, today=PASSED_ON)
    assert run_daily(EXPIRES - timedelta(days=100), EXPIRES) == {}
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_the_next_day(record):
    with mock.patch("certifications.reminders.send_mail", side_effect=OSError("SMTP down")):
        assert send_due_reminders(today=EXPIRES - timedelta(days=90)) == 0
    record.refresh_from_db()
    assert record.reminders_sent == []
    assert send_due_reminders(today=EXPIRES - timedelta(days=89)) == 1
