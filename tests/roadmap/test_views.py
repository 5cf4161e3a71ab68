"""The roadmap pages: questionnaire, dashboard, step changes, study log, calendar feed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from roadmap.models import LearnerRoadmap, RoadmapStep, StudySession
from tests.factories import make_roadmap, questionnaire_data
from tests.roadmap.study_helpers import log_the_plan

Status = RoadmapStep.Status


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for url in ["/roadmap/", "/roadmap/plan/", "/roadmap/log/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_learner_without_a_roadmap_is_sent_to_the_questionnaire(alice_client, content):
    assert alice_client.get("/roadmap/").url == "/roadmap/plan/"


def test_the_questionnaire_builds_the_roadmap(alice_client, alice, content):
    response = alice_client.post("/roadmap/plan/", questionnaire_data(start_date=timezone.localdate().isoformat()))
    assert response.status_code == 302 and response.url == "/roadmap/"
    roadmap = LearnerRoadmap.objects.get(user=alice)
    assert roadmap.study_days == [0, 1, 2, 3] and roadmap.planned_finish
    page = alice_client.get("/roadmap/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tonight" in html or "Next study night" in html
    assert "software developers bring" in html.lower() or "bring" in html  # the skip reason is shown


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_per_week", "0", "Hours per week must be between 1 and 60."),
        ("hours_per_week", "61", "Hours per week must be between 1 and 60."),
        ("study_days", [], "Choose at least one study day"),
        ("background", "astronaut", "Select a valid choice"),
        ("target_role", "wizard", "Select a valid choice"),
        ("cloud", "ibm", "Select a valid choice"),
        ("start_date", "2020-01-01", "within the last year"),
        ("start_date", "not-a-date", "Enter a valid date"),
    ],
)
def test_bad_answers_get_a_form_error_and_change_nothing(alice_client, content, field, value, message):
    response = alice_client.post("/roadmap/plan/", questionnaire_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LearnerRoadmap.objects.exists()


def test_the_roadmap_page_runs_a_fixed_number_of_queries(alice_client, alice, content):
    roadmap = make_roadmap(alice, today=timezone.localdate())
    rows = list(roadmap.steps.filter(status=Status.TODO)[:3])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get("/roadmap/").status_code == 200
        return len(queries)

    few = count()
    for day in range(60):
        StudySession.objects.create(roadmap=roadmap, step=rows[day % 3], minutes=45,
                                    date=timezone.localdate() - timedelta(days=day))
    RoadmapStep.objects.filter(pk__in=[r.pk for r in rows]).update(status=Status.IN_PROGRESS)
    assert count() == few


def queries_of_the_roadmap_page(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/roadmap/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_two_years_in_the_roadmap_page_runs_as_many_queries_as_on_the_first_evening(client, alice, bob, content):
    today = timezone.localdate()
    make_roadmap(alice, today=today)
    veteran = make_roadmap(bob, today=today - timedelta(days=730))
    log_the_plan(veteran, until=today)  # every session the plan asked for, two years of them
    veteran.steps.filter(planned_end__lt=today).exclude(status=Status.SKIPPED).update(
        status=Status.DONE, completed_on=F("planned_end"))
    client.force_login(alice)
    first_evening, html = queries_of_the_roadmap_page(client)
    assert "status-done" not in html
    client.force_login(bob)
    two_years, html = queries_of_the_roadmap_page(client)
    assert veteran.sessions.count() > 300 and html.count('class="step status-done') > 40  # the history is there
    assert two_years == first_evening


def test_a_learners_note_and_skip_reason_are_shown_as_text_not_markup(alice_client, alice, content):
    roadmap = make_roadmap(alice, today=timezone.localdate())
    noted, skipped = roadmap.steps.filter(status=Status.TODO)[:2]
    alice_client.post(f"/roadmap/steps/{noted.pk}/", {"note": "<script>alert(1)</script> & more"})
    alice_client.post(f"/roadmap/steps/{skipped.pk}/", {"status": "skipped", "skip_reason": "<b>done at work</b>"})
    html = alice_client.get("/roadmap/").content.decode()
    assert ">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</textarea>" in html
    assert "&lt;b&gt;done at work&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html and "<b>done at work" not in html


def test_marking_a_step_done_and_taking_back_a_skip(alice_client, alice, content):
    roadmap = make_roadmap(alice)
    todo = roadmap.steps.filter(status=Status.TODO).first()
    skipped = roadmap.steps.filter(status=Status.SKIPPED, skip_source="background").first()
    alice_client.post(f"/roadmap/steps/{todo.pk}/", {"status": "done"})
    alice_client.post(f"/roadmap/steps/{skipped.pk}/", {"status": "todo"})
    todo.refresh_from_db()
    skipped.refresh_from_db()
    assert todo.status == Status.DONE and todo.completed_on == timezone.localdate()
    assert skipped.status == Status.TODO and skipped.keep and skipped.planned_start is not None


def test_a_private_note_is_saved(alice_client, alice, content):
    row = make_roadmap(alice).steps.first()
    alice_client.post(f"/roadmap/steps/{row.pk}/", {"note": "Ask my mentor about this"})
    row.refresh_from_db()
    assert row.note == "Ask my mentor about this"


def test_a_bad_status_changes_nothing(alice_client, alice, content):
    row = make_roadmap(alice).steps.filter(status=Status.TODO).first()
    alice_client.post(f"/roadmap/steps/{row.pk}/", {"status": "finished"})
    row.refresh_from_db()
    assert row.status == Status.TODO


def test_another_learners_step_is_a_404_and_unchanged(client, alice, bob, content):
    row = make_roadmap(alice).steps.filter(status=Status.TODO).first()
    client.force_login(bob)
    assert client.post(f"/roadmap/steps/{row.pk}/", {"status": "done"}).status_code == 404
    row.refresh_from_db()
    assert row.status == Status.TODO


def test_logging_time_starts_the_step_and_moves_the_projection(alice_client, alice, content):
    roadmap = make_roadmap(alice, today=timezone.localdate())
    row = roadmap.steps.filter(status=Status.TODO).first()
    response = alice_client.post("/roadmap/log/", {"date": timezone.localdate().isoformat(), "minutes": 900,
                                                   "step": row.pk, "note": "chapter 1"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.IN_PROGRESS
    assert roadmap.sessions.get().minutes == 900
    html = alice_client.get("/roadmap/").content.decode()
    assert "log time to see" not in html and "over 20 years" not in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"minutes": 0}, "greater than or equal to 1"),
        ({"minutes": 961}, "less than or equal to 960"),
        ({"minutes": "lots"}, "Enter a whole number"),
    ],
)
def test_a_bad_study_session_is_refused(alice_client, alice, content, change, message):
    make_roadmap(alice)
    data = {"date": timezone.localdate().isoformat(), "minutes": 60} | change
    response = alice_client.post("/roadmap/log/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StudySession.objects.exists()


def test_a_session_on_another_learners_step_is_refused(alice_client, alice, bob, content):
    make_roadmap(alice)
    bobs_row = make_roadmap(bob).steps.first()
    response = alice_client.post("/roadmap/log/", {"date": timezone.localdate().isoformat(), "minutes": 30,
                                                   "step": bobs_row.pk})
    assert response.status_code == 400
    assert not StudySession.objects.exists()


def test_the_calendar_feed_lists_the_coming_study_nights(client, alice, content):
    roadmap = make_roadmap(alice, today=timezone.localdate())
    response = client.get(f"/roadmap/calendar/{roadmap.calendar_token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]
    assert events
    assert all(e.decoded("dtstart").weekday() in (0, 1, 2, 3) for e in events)


def test_resetting_the_calendar_link_revokes_the_old_one(alice_client, alice, content):
    roadmap = make_roadmap(alice)
    old = roadmap.calendar_token
    alice_client.post("/roadmap/calendar/reset/")
    roadmap.refresh_from_db()
    assert roadmap.calendar_token != old
    assert alice_client.get(f"/roadmap/calendar/{old}.ics").status_code == 404
    assert alice_client.get(f"/roadmap/calendar/{roadmap.calendar_token}.ics").status_code == 200


def test_an_unknown_calendar_token_is_a_404(client, db):
    assert client.get("/roadmap/calendar/guess.ics").status_code == 404
