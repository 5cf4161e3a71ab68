"""Dates as the site writes them: DATE_FORMAT ("13 Aug 2026", config/settings.py) everywhere,
and this format where the weekday matters ("Sun 27 Dec 2026": the next study night, an exam)."""

from datetime import date

from django.utils.formats import date_format

WEEKDAY_DATE_FORMAT = "D j M Y"


def weekday_date(day: date | None) -> str:
    """"Sun 27 Dec 2026"; "" for no date."""
    return date_format(day, WEEKDAY_DATE_FORMAT) if day else ""
