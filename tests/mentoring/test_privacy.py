"""What stays the learner's own: a mentor never receives their step notes or calendar token (issue 11).

Each rule is checked on every page and endpoint a mentor can open about a mentee, on what is sent
and on what is read: the private columns are left out of the mentor's queries, not blanked afterwards.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring import comments, invitations, milestones
from roadmap.models import StudySession
from tests.factories import make_roadmap

NOTE = "my-private-step-note"


@pytest.fixture
def mentee(content, alice, mentor):
    """alice with a private note on a step she studied, a comment and a sign-off request, mentored by maya."""
    roadmap = make_roadmap(alice, today=timezone.localdate() - timedelta(days=30))
    invitations.assign(learner=alice, mentor=mentor, by=mentor)
    row = roadmap.steps.filter(status="todo").first()
    row.note = NOTE
    row.save()
    StudySession.objects.create(roadmap=roadmap, step=row, minutes=60, date=timezone.localdate())
    comments.add_comment(row=row, author=mentor, body="How is it going?")
    review = milestones.request_review(roadmap=roadmap, phase=milestones.phases_of(roadmap).first(), user=alice)
    return roadmap, row, review


MENTOR_URLS = {
    "dashboard": lambda roadmap, row, review: reverse("mentoring:mentees"),
    "roadmap page": lambda roadmap, row, review: reverse("mentoring:mentee_roadmap", args=["alice"]),
    "study log": lambda roadmap, row, review: reverse("mentoring:mentee_log", args=["alice"]),
    "certifications": lambda roadmap, row, review: reverse("mentoring:mentee_certifications", args=["alice"]),
    "assessments": lambda roadmap, row, review: reverse("mentoring:mentee_assessments", args=["alice"]),
    "comments page": lambda roadmap, row, review: reverse("mentoring:step_comments", args=[row.pk]),
    "sign-off page": lambda roadmap, row, review: reverse("mentoring:milestone", args=[review.pk]),
    "mentees API": lambda roadmap, row, review: "/api/mentees/",
    "roadmap API": lambda roadmap, row, review: "/api/mentees/alice/roadmap/",
    "sign-offs API": lambda roadmap, row, review: "/api/mentees/alice/milestones/",
    "sign-off API": lambda roadmap, row, review: f"/api/milestones/{review.pk}/",
    "comments API": lambda roadmap, row, review: f"/api/steps/{row.pk}/comments/",
}


@pytest.fixture(params=MENTOR_URLS.values(), ids=MENTOR_URLS.keys())
def mentor_response(request, client, mentor, mentee):
    """What maya receives from one of the pages or endpoints about alice, and the SQL it took."""
    client.force_login(mentor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(request.param(*mentee))
    assert response.status_code == 200
    return mentee[0], response.content.decode(), [query["sql"] for query in queries]


def test_a_mentor_never_receives_the_learners_step_notes(mentor_response):
    _roadmap, body, _sql = mentor_response
    assert NOTE not in body


def test_a_mentor_never_receives_the_learners_calendar_token(mentor_response):
    roadmap, body, _sql = mentor_response
    assert roadmap.calendar_token not in body
    assert "calendar_url" not in body


def test_a_mentors_queries_never_read_the_step_notes(mentor_response):
    _roadmap, _body, sql = mentor_response
    assert not [query for query in sql if '"roadmap_roadmapstep"."note"' in query]


def test_a_mentors_queries_never_read_the_calendar_token(mentor_response):
    _roadmap, _body, sql = mentor_response
    assert not [query for query in sql if "calendar_token" in query]


def test_the_learner_still_receives_her_own_note_and_calendar_address(client, alice, mentee):
    client.force_login(alice)
    own = client.get("/api/roadmap/").json()
    assert own["calendar_url"].endswith(reverse("roadmap:calendar", args=[mentee[0].calendar_token]))
    assert NOTE in [step["note"] for step in own["steps"]]
