"""Shared set-up for the roadmap page and API tests: the real content and a planned roadmap."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from roadmap.models import Background, TargetRole
from roadmap.planning import Answers, plan_roadmap

START = date(2026, 11, 23)


@pytest.fixture
def content(db):
    call_command("load_content", verbosity=0)


def answers(*, start=START, **overrides) -> Answers:
    """A software developer aiming for ML architect, 5.5 h over Monday-Thursday, on AWS."""
    values = {
        "background": Background.objects.get(slug="software-developer"),
        "target_role": TargetRole.objects.get(slug="ml-architect"),
        "hours_per_week": Decimal("5.5"),
        "study_days": (0, 1, 2, 3),
        "start_date": start,
        "cloud": "aws",
    }
    return Answers(**(values | overrides))


def make_roadmap(user, *, today=START, **overrides):
    return plan_roadmap(user=user, answers=answers(start=today, **overrides), today=today)


def questionnaire_data(**overrides):
    return {
        "background": "software-developer",
        "target_role": "ml-architect",
        "hours_per_week": "5.5",
        "study_days": ["0", "1", "2", "3"],
        "start_date": START.isoformat(),
        "cloud": "aws",
    } | overrides
