"""{{ value|hours }}: a number of hours as a person writes it, for every page that shows a weekly target."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def hours(value) -> str:
    """6, 5.5, 5.25: no trailing zero (floatformat's "-2" wrote a 5.5-hour target as "5.50"), and two
    decimals only when the learner gave two."""
    if value is None or value == "":
        return ""
    number = float(value)
    return floatformat(number, -1) if round(number, 1) == round(number, 2) else floatformat(number, -2)
