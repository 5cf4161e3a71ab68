"""Certification expiry: each vendor's validity rule and the reminder days before it."""

from __future__ import annotations

import calendar
from datetime import date

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
