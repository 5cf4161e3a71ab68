"""Test data: factories for rows, and builders for the bigger things tests need (a planned roadmap)."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


START = date(2026, 11, 23)  # a Monday


def roadmap_answers(*, start=START, **overrides):
    """A software developer aiming for ML architect, 5.5 h over Monday-Thursday, on AWS.

    Needs the curated content (the ``content`` fixture)."""
    from roadmap.models import Background, TargetRole
    from roadmap.planning import Answers

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
    from roadmap.planning import plan_roadmap

    return plan_roadmap(user=user, answers=roadmap_answers(start=today, **overrides), today=today)


def questionnaire_data(**overrides):
    return {
        "background": "software-developer",
        "target_role": "ml-architect",
        "hours_per_week": "5.5",
        "study_days": ["0", "1", "2", "3"],
        "start_date": START.isoformat(),
        "cloud": "aws",
    } | overrides
