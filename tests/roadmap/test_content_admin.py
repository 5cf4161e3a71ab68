"""Curators edit the curated content in the admin; nothing there deletes it."""

import pytest
from django.urls import reverse

from roadmap import models
from roadmap.content.loader import load_content
from tests.roadmap.content_helpers import CONTENT_MODELS, tiny  # noqa: F401

# These tests load content of their own, or count what a load writes: they start from no content.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_content")]


@pytest.fixture
def curator_client(client, curator, tiny):
    load_content(directory=tiny)
    client.force_login(curator)
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:roadmap_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_a_curator_sees_every_content_list_and_item(curator_client, model):
    assert curator_client.get(admin_url(model, "changelist")).status_code == 200
    assert curator_client.get(admin_url(model, "change", model.objects.first().pk)).status_code == 200


def test_a_phase_page_lists_its_steps(curator_client):
    phase = models.Phase.objects.get(slug="second")
    assert "More" in curator_client.get(admin_url(models.Phase, "change", phase.pk)).content.decode()


def test_a_curator_edits_a_step(curator_client):
    step = models.Step.objects.get(slug="basics")
    data = {
        "slug": "basics", "order": 1, "source": step.source, "phase": step.phase_id, "title": "Basics, better",
        "summary": "Start here.", "kind": "learn", "estimated_hours": 6, "cloud": "",
        "skills": [s.pk for s in step.skills.all()],
    }
    response = curator_client.post(admin_url(models.Step, "change", step.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    step.refresh_from_db()
    assert (step.title, step.estimated_hours) == ("Basics, better", 6)


def test_content_cannot_be_deleted_only_archived(curator_client):
    step = models.Step.objects.get(slug="basics")
    assert curator_client.get(admin_url(models.Step, "delete", step.pk)).status_code == 403
    response = curator_client.post(
        admin_url(models.Step, "changelist"), {"action": "archive", "_selected_action": [step.pk]}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.archived


def test_a_learner_cannot_open_the_content_admin(client, alice):
    client.force_login(alice)
    assert client.get(admin_url(models.Step, "changelist")).status_code == 302
