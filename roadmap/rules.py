"""The rules of a learner's answers, each written once.

The model, the questionnaire form, the API serializer and the import all validate
through these, so a value refused on one path is refused on every path, with the
same message.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

MIN_HOURS_PER_WEEK = 1
MAX_HOURS_PER_WEEK = 60
HOURS_MESSAGE = _("Hours per week must be between 1 and 60.")
hours_per_week_validators = [
    MinValueValidator(MIN_HOURS_PER_WEEK, message=HOURS_MESSAGE),
    MaxValueValidator(MAX_HOURS_PER_WEEK, message=HOURS_MESSAGE),
]

STUDY_DAYS_MESSAGE = _("Choose at least one study day.")
WEEKDAY_MESSAGE = _("Study days are weekday numbers, from 0 (Monday) to 6 (Sunday).")
DUPLICATE_DAYS_MESSAGE = _("Choose each study day once.")


def validate_study_days(days) -> None:
    """At least one weekday, each 0-6 (Monday = 0) and none twice."""
    if not isinstance(days, list | tuple) or not days:
        raise ValidationError(STUDY_DAYS_MESSAGE, code="required")
    if not all(type(day) is int and 0 <= day <= 6 for day in days):
        raise ValidationError(WEEKDAY_MESSAGE, code="invalid")
    if len(set(days)) != len(days):
        raise ValidationError(DUPLICATE_DAYS_MESSAGE, code="duplicate")
