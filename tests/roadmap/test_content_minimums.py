"""The real content meets the minimums of the issue and the seeds' figures."""

import pytest

from roadmap import models
from roadmap.content.sources import SEED_FILES
from tests.roadmap.content_helpers import CONTENT_MODELS

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(content):
    """The real content from content/*.yaml, in the database for the whole session."""


def test_four_backgrounds_and_three_target_roles(loaded):
    assert set(models.Background.objects.values_list("slug", flat=True)) == {
        "software-developer", "cloud-data-engineer", "academic-researcher", "student-career-changer",
    }
    assert set(models.TargetRole.objects.values_list("slug", flat=True)) == {"ml-engineer", "ml-architect", "ai-architect"}


def test_the_three_phases_have_the_seed_durations(loaded):
    assert list(models.Phase.objects.values_list("min_months", "max_months")) == [(3, 6), (6, 12), (6, 12)]


def test_at_least_sixty_steps_each_with_hours_a_skill_and_a_source(loaded):
    steps = models.Step.objects.all()
    assert steps.count() >= 60
    for step in steps:
        assert step.estimated_hours > 0, step.slug
        assert step.skills.exists(), step.slug
        assert step.source in SEED_FILES, step.slug


def test_a_full_path_takes_about_two_years_at_five_to_six_hours_a_week(loaded):
    for role in models.TargetRole.objects.all():
        steps = models.Step.objects.filter(cloud__in=["", "aws"]).exclude(target_roles__isnull=False)
        hours = sum(s.estimated_hours for s in steps) + sum(s.estimated_hours for s in role.steps.filter(cloud__in=["", "aws"]))
        assert 500 <= hours <= 600, (role.slug, hours)


def test_every_role_requires_levels_between_one_and_five(loaded):
    for role in models.TargetRole.objects.all():
        levels = list(role.role_skills.values_list("level", flat=True))
        assert len(levels) >= 15 and all(1 <= level <= 5 for level in levels)


def test_technical_and_soft_skills_each_have_five_level_descriptions(loaded):
    assert set(models.Skill.objects.values_list("kind", flat=True)) == {"technical", "soft"}
    assert all(len(skill.level_descriptions) == 5 for skill in models.Skill.objects.all())


def test_resources_of_every_kind(loaded):
    assert set(models.Resource.objects.values_list("kind", flat=True)) == set(models.Resource.Kind.values)


def test_certifications_for_three_vendors_with_their_validity(loaded):
    certs = models.Certification.objects.filter(status="active")
    assert set(certs.filter(vendor="aws").values_list("validity_months", flat=True)) == {36}
    assert set(certs.filter(vendor="gcp", level="professional").values_list("validity_months", flat=True)) == {24}
    assert set(certs.filter(vendor="azure").exclude(level="foundational").values_list("validity_months", flat=True)) == {12}


def test_the_retired_ml_specialty_points_to_its_replacement(loaded):
    specialty = models.Certification.objects.get(code="MLS-C01")
    assert specialty.status == "retired" and specialty.retired_on
    assert specialty.replaced_by.code == "MLA-C01"
    assert "retired" in specialty.note


def test_five_lifecycle_phases(loaded):
    assert models.LifecyclePhase.objects.count() == 5


def test_the_portfolio_template_has_eight_steps_and_links_to_the_demo(loaded):
    project = models.PortfolioProject.objects.get()
    assert project.steps.count() == 8
    assert project.demo_path == "/demo/"
    assert project.steps_using.filter(slug="capstone-document-processing").exists()


def test_every_item_cites_a_seed(loaded):
    for model in CONTENT_MODELS:
        assert not model.objects.exclude(source__in=SEED_FILES).exists(), model.__name__
