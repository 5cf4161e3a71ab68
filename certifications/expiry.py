"""Certification expiry: each vendor's validity rule and the reminder days before it."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from .models import CertificationRecord

# Months a credential stays valid after the pass date (vendor policies, see content/certifications.yaml):
# AWS three years, Google Cloud two years, Azure role-based one year, renewed online for free.
VALIDITY_MONTHS = {"aws": 36, "gcp": 24, "azure": 12}
REMINDER_DAYS = (90, 30, 7)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expires_on(*, passed_on: date | None, validity_months: int | None) -> date | None:
    if passed_on is None or not validity_months:
        return None
    return add_months(passed_on, validity_months)


def reminder_due(*, expires: date | None, today: date) -> int | None:
    """The reminder (90, 30 or 7 days before) that falls due today, if any."""
    if expires is None:
        return None
    left = (expires - today).days
    return left if left in REMINDER_DAYS else None


def days_left(record: CertificationRecord, today: date) -> int | None:
    return None if record.expires_on is None else (record.expires_on - today).days


def due_threshold(left: int | None) -> int | None:
    """The most urgent reminder threshold (90, 30, 7) that `left` days have reached, if any.

    A beat that missed the day of a threshold still finds it due on the days after.
    """
    if left is None or left < 0:
        return None
    reached = [days for days in REMINDER_DAYS if left <= days]
    return min(reached) if reached else None


def next_reminder_on(record: CertificationRecord, today: date) -> date | None:
    """The day the next reminder e-mail goes out: today if one is due and not yet sent."""
    if record.status != CertificationRecord.Status.PASSED or record.expires_on is None:
        return None
    left = days_left(record, today)
    due = due_threshold(left)
    if due is not None and due not in record.reminders_sent:
        return today
    later = [days for days in REMINDER_DAYS if days < left and days not in record.reminders_sent]
    return record.expires_on - timedelta(days=max(later)) if later else None
