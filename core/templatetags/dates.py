"""{% load dates %}{{ day|weekday_date }}: "Sun 27 Dec 2026" (core/dates.py)."""

from django import template

from core import dates

register = template.Library()
register.filter("weekday_date", dates.weekday_date)
