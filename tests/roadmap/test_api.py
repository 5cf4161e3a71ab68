"""The roadmap API: generate, re-plan, read, change steps, log sessions; bad input changes nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from roadmap.models import LearnerRoadmap, RoadmapStep, StudySession
from tests.factories import make_roadmap

Status = RoadmapStep.Status


def answers(**overrides):
    return {"background": "software-developer", "target_role": "ml-architect", "hours_per_week": 5.5,
            "study_days": [0, 1, 2, 3], "start_date": timezone.localdate().isoformat(), "cloud": "aws"} | overrides


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_posting_answers_generates_the_roadmap(api, content):
    response = api.post("/api/roadmap/", answers(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert {"steps", "planned_finish", "projected_finish", "calendar_url"} <= set(body)
    step = body["steps"][0]
    assert {"id", "slug", "title", "phase", "status", "estimated_hours", "planned_start", "planned_end",
            "skip_reason"} <= set(step)
    assert body["calendar_url"].startswith("http://testserver/roadmap/calendar/")
    assert api.get("/api/roadmap/").json()["steps"] == body["steps"]


def test_posting_again_replans_and_keeps_statuses(api, alice, content):
    first = api.post("/api/roadmap/", answers(), format="json").json()
    step_id = next(s["id"] for s in first["steps"] if s["status"] == "todo")
    api.patch(f"/api/roadmap/steps/{step_id}/", {"status": "done"}, format="json")
    again = api.post("/api/roadmap/", answers(hours_per_week=10), format="json")
    assert again.status_code == 200
    assert next(s for s in again.json()["steps"] if s["id"] == step_id)["status"] == "done"


def test_without_a_roadmap_get_is_a_404_with_a_hint(api, content):
    response = api.get("/api/roadmap/")
    assert response.status_code == 404
    assert "POST your answers" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"study_days": []}, "study_days"),
        ({"study_days": [7]}, "study_days"),
        ({"background": "astronaut"}, "background"),
        ({"target_role": "wizard"}, "target_role"),
        ({"cloud": "ibm"}, "cloud"),
        ({"start_date": "yesterday"}, "start_date"),
    ],
)
def test_bad_answers_are_a_400_naming_the_field_and_create_nothing(api, content, change, field):
    response = api.post("/api/roadmap/", answers(**change), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not LearnerRoadmap.objects.exists()


def test_the_roadmap_api_runs_a_fixed_number_of_queries(api, alice, content):
    roadmap = make_roadmap(alice, today=timezone.localdate())

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/roadmap/").status_code == 200
        return len(queries)

    few = count()
    row = roadmap.steps.filter(status=Status.TODO).first()
    StudySession.objects.bulk_create(
        StudySession(roadmap=roadmap, step=row, minutes=30, date=timezone.localdate() - timedelta(days=d))
        for d in range(200)
    )
    assert count() == few


def test_patching_a_step_changes_its_status_and_note(api, alice, content):
    row = make_roadmap(alice).steps.filter(status=Status.TODO).first()
    response = api.patch(f"/api/roadmap/steps/{row.pk}/", {"status": "in_progress", "note": "halfway"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress" and response.json()["note"] == "halfway"


@pytest.mark.parametrize("payload", [{"status": "finished"}, {}, {"note": "x" * 5001}])
def test_a_bad_step_change_is_a_400_and_changes_nothing(api, alice, content, payload):
    row = make_roadmap(alice).steps.filter(status=Status.TODO).first()
    assert api.patch(f"/api/roadmap/steps/{row.pk}/", payload, format="json").status_code == 400
    row.refresh_from_db()
    assert row.status == Status.TODO and row.note == ""


def test_another_learners_step_is_a_404(api, bob, content):
    row = make_roadmap(bob).steps.filter(status=Status.TODO).first()
    assert api.patch(f"/api/roadmap/steps/{row.pk}/", {"status": "done"}, format="json").status_code == 404
    row.refresh_from_db()
    assert row.status == Status.TODO and row.completed_on is None


def test_logging_a_session_through_the_api(api, alice, content):
    row = make_roadmap(alice).steps.filter(status=Status.TODO).first()
    response = api.post("/api/study-sessions/", {"date": timezone.localdate().isoformat(), "minutes": 45,
                                                 "step": row.pk, "note": "videos"}, format="json")
    assert response.status_code == 201
    assert api.get("/api/study-sessions/").json()[0]["minutes"] == 45
    row.refresh_from_db()
    assert row.status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "date"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 961}, "minutes"),
        ({"date": "soon"}, "date"),
    ],
)
def test_a_bad_session_is_a_400_and_logs_nothing(api, alice, content, change, field):
    make_roadmap(alice)
    data = {"date": timezone.localdate().isoformat(), "minutes": 30} | change
    response = api.post("/api/study-sessions/", data, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not StudySession.objects.exists()


def test_a_session_on_another_learners_step_is_a_400(api, alice, bob, content):
    make_roadmap(alice)
    bobs = make_roadmap(bob).steps.first()
    response = api.post("/api/study-sessions/", {"date": timezone.localdate().isoformat(), "minutes": 30,
                                                 "step": bobs.pk}, format="json")
    assert response.status_code == 400 and "step" in response.json()
    assert not StudySession.objects.exists()


def test_a_learner_sees_only_their_own_sessions(api, alice, bob, content):
    make_roadmap(alice)
    bobs = make_roadmap(bob)
    StudySession.objects.create(roadmap=bobs, date=timezone.localdate(), minutes=50)
    assert api.get("/api/study-sessions/").json() == []


def test_the_roadmap_api_requires_authentication(db):
    client = APIClient()
    for method, url in [("get", "/api/roadmap/"), ("post", "/api/roadmap/"), ("get", "/api/study-sessions/"),
                        ("patch", "/api/roadmap/steps/1/")]:
        assert getattr(client, method)(url).status_code == 401


def test_the_schema_is_complete_and_free_of_warnings(db):
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", "/dev/null")
