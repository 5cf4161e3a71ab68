"""Test data: factories for rows, and builders for the bigger things tests need (a planned roadmap)."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from roadmap.content.sources import SEED_FILES

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


# The curated content, built row by row: for tests whose point is a rule, not what curators wrote.
# Slugs start with "f-" (no real slug does). ``order`` counts up with creation, so rows list in
# the order a test creates them; a test that passes ``order`` to some should pass it to all of
# their siblings (the counter is shared by the whole session). Many-to-many fields take a list:
# StepFactory(skills=[python], prerequisites=[basics], target_roles=[role]).


def _set_many(field):
    """A post-generation hook that sets the many-to-many ``field`` to the list passed for it."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    hook.__name__ = field
    return factory.PostGeneration(hook)


def _slug(kind):
    """Slugs no curated item has: "f-step-1", "f-step-2"..."""
    return factory.Sequence(lambda n: f"f-{kind}-{n}")


def _numbered(label):
    return factory.Sequence(lambda n: f"{label} {n}")


class ContentFactory(factory.django.DjangoModelFactory):
    """What every curated item has: a slug of its own, its place, and a seed as its source."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    order = factory.Sequence(lambda n: n)
    source = SEED_FILES[0]


class SkillFactory(ContentFactory):
    class Meta:
        model = "roadmap.Skill"

    slug = _slug("skill")
    name = _numbered("Skill")
    kind = "technical"
    level_descriptions = factory.LazyFunction(lambda: [f"Level {level}" for level in range(1, 6)])


class ResourceFactory(ContentFactory):
    class Meta:
        model = "roadmap.Resource"

    slug = _slug("resource")
    title = _numbered("Resource")
    kind = "website"


class CertificationFactory(ContentFactory):
    class Meta:
        model = "roadmap.Certification"

    slug = _slug("cert")
    name = _numbered("Certification")
    vendor = "aws"
    level = "associate"


class PhaseFactory(ContentFactory):
    class Meta:
        model = "roadmap.Phase"

    slug = _slug("phase")
    name = _numbered("Phase")
    min_months = 3
    max_months = 6


class TargetRoleFactory(ContentFactory):
    class Meta:
        model = "roadmap.TargetRole"

    slug = _slug("role")
    name = _numbered("Role")


class RoleSkillFactory(factory.django.DjangoModelFactory):
    """The level a target role requires in a skill (what the gap analysis compares with)."""

    class Meta:
        model = "roadmap.RoleSkill"

    role = factory.SubFactory(TargetRoleFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class StepFactory(ContentFactory):
    """A step every role takes (no ``target_roles``) on any cloud, in a phase of its own."""

    class Meta:
        model = "roadmap.Step"

    slug = _slug("step")
    title = _numbered("Step")
    summary = "A step built by a test."
    phase = factory.SubFactory(PhaseFactory)
    estimated_hours = 4
    skills = _set_many("skills")
    prerequisites = _set_many("prerequisites")
    target_roles = _set_many("target_roles")
    resources = _set_many("resources")


class BackgroundFactory(ContentFactory):
    """A starting point; ``covers_skills`` and ``skips_steps`` take lists."""

    class Meta:
        model = "roadmap.Background"

    slug = _slug("background")
    name = _numbered("Background")
    skip_reason = ""
    covers_skills = _set_many("covers_skills")
    skips_steps = _set_many("skips_steps")


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
