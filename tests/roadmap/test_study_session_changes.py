"""A learner corrects or deletes a logged study session, by page and API, by the rules of logging one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from roadmap.models import RoadmapStep, StudySession
from tests.factories import make_roadmap
from tests.html_helpers import asset_urls

TODAY = timezone.localdate


@pytest.fixture
def roadmap(content, alice):
    return make_roadmap(alice, today=TODAY() - timedelta(days=10))


@pytest.fixture
def session(roadmap):
    return StudySession.objects.create(roadmap=roadmap, date=TODAY() - timedelta(days=2), minutes=60, note="Lab 1")


@pytest.fixture
def bobs_session(content, bob):
    return StudySession.objects.create(roadmap=make_roadmap(bob), date=TODAY(), minutes=30, note="Bob's")


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


BAD = [
    ({"date": (TODAY() + timedelta(days=1)).isoformat()}, "date", "cannot be in the future"),
    ({"minutes": 0}, "minutes", "greater than or equal to 1"),
    ({"minutes": 961}, "minutes", "less than or equal to 960"),
    ({"date": "soon"}, "date", "Date has wrong format"),
]


# --- the API ---------------------------------------------------------------------------------------

def test_the_api_corrects_a_session_and_a_newly_studied_step_is_in_progress(alice, roadmap, session):
    row = roadmap.steps.filter(status=RoadmapStep.Status.TODO).first()
    response = api_for(alice).patch(f"/api/study-sessions/{session.pk}/", {"minutes": 90, "step": row.pk},
                                    format="json")
    assert response.status_code == 200
    assert response.json() == {"id": session.pk, "date": session.date.isoformat(), "minutes": 90,
                              "step": row.pk, "note": "Lab 1"}
    row.refresh_from_db()
    assert row.status == RoadmapStep.Status.IN_PROGRESS


def test_the_api_deletes_a_session(alice, session):
    assert api_for(alice).delete(f"/api/study-sessions/{session.pk}/").status_code == 204
    assert not StudySession.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize(("change", "field", "message"), BAD)
def test_a_bad_correction_is_a_400_naming_the_field_and_changes_nothing(alice, session, change, field, message):
    response = api_for(alice).patch(f"/api/study-sessions/{session.pk}/", change, format="json")
    assert response.status_code == 400
    assert message in response.json()[field][0]
    session.refresh_from_db()
    assert (session.minutes, session.date) == (60, TODAY() - timedelta(days=2))


def test_a_step_of_another_learner_is_not_a_valid_choice(alice, session, bobs_session):
    bobs_row = bobs_session.roadmap.steps.first()
    response = api_for(alice).patch(f"/api/study-sessions/{session.pk}/", {"step": bobs_row.pk}, format="json")
    assert response.status_code == 400 and "step" in response.json()


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_learners_session_is_a_404_to_the_api(alice, bobs_session, method):
    response = getattr(api_for(alice), method)(f"/api/study-sessions/{bobs_session.pk}/", {"minutes": 1},
                                               format="json")
    assert response.status_code == 404
    bobs_session.refresh_from_db()
    assert bobs_session.minutes == 30


def test_put_is_not_offered(alice, session):
    response = api_for(alice).put(f"/api/study-sessions/{session.pk}/", {"date": TODAY().isoformat(), "minutes": 5},
                                  format="json")
    assert response.status_code == 405


# --- the pages -------------------------------------------------------------------------------------

def test_the_study_log_offers_edit_and_delete_for_each_session(alice_client, session):
    page = alice_client.get(reverse("roadmap:study_log")).content.decode()
    assert reverse("roadmap:edit_session", args=[session.pk]) in page
    assert reverse("roadmap:delete_session", args=[session.pk]) in page
    assert '<td data-label="Date">' in page
    assert "/static/css/study_log.css" in asset_urls(page)


def test_the_edit_page_corrects_a_session(alice_client, session):
    url = reverse("roadmap:edit_session", args=[session.pk])
    assert 'value="Lab 1"' in alice_client.get(url).content.decode()
    response = alice_client.post(url, {"date": session.date.isoformat(), "minutes": "75", "note": "Lab 1 and 2"})
    assert response.status_code == 302 and response.url == reverse("roadmap:study_log")
    session.refresh_from_db()
    assert (session.minutes, session.note) == (75, "Lab 1 and 2")


@pytest.mark.parametrize(("change", "field", "message"), BAD[:3] + [({"minutes": "lots"}, "minutes", "whole number")])
def test_a_bad_correction_on_the_page_is_a_form_error_and_changes_nothing(alice_client, session, change, field,
                                                                          message):
    data = {"date": session.date.isoformat(), "minutes": "60"} | change
    response = alice_client.post(reverse("roadmap:edit_session", args=[session.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    session.refresh_from_db()
    assert session.minutes == 60


def test_a_session_on_a_step_skipped_since_keeps_its_step_when_corrected(alice_client, roadmap, session):
    row = roadmap.steps.filter(status=RoadmapStep.Status.TODO).first()
    session.step = row
    session.save()
    RoadmapStep.objects.filter(pk=row.pk).update(status=RoadmapStep.Status.SKIPPED)
    response = alice_client.post(reverse("roadmap:edit_session", args=[session.pk]),
                                 {"date": session.date.isoformat(), "minutes": "30", "step": row.pk})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.step_id == row.pk


def test_deleting_asks_first_then_deletes_on_post(alice_client, session):
    url = reverse("roadmap:delete_session", args=[session.pk])
    page = alice_client.get(url).content.decode()
    assert "Delete this study session?" in page and 'method="post"' in page
    assert StudySession.objects.filter(pk=session.pk).exists()
    response = alice_client.post(url, follow=True)
    assert "deleted" in response.content.decode()
    assert not StudySession.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("name", ["roadmap:edit_session", "roadmap:delete_session"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_learners_session_is_a_404_on_the_pages(alice_client, roadmap, bobs_session, name, method):
    url = reverse(name, args=[bobs_session.pk])
    response = getattr(alice_client, method)(url, {"date": TODAY().isoformat(), "minutes": "1"})
    assert response.status_code == 404
    bobs_session.refresh_from_db()
    assert bobs_session.minutes == 30
