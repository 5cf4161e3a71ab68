"""A learner skips a step with their own reason: stored as who and when, worded per reader."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.test import APIClient

from mentoring import invitations
from roadmap.models import MAX_SKIP_REASON_LENGTH, RoadmapStep
from roadmap.step_status import StepChangeError, change_step, skip_note
from tests.factories import make_roadmap

Status = RoadmapStep.Status
TODAY = date(2026, 8, 13)


@pytest.fixture
def roadmap(content, alice):
    return make_roadmap(alice, today=timezone.localdate() - timedelta(days=10))


@pytest.fixture
def row(roadmap):
    return roadmap.steps.select_related("step").filter(status=Status.TODO).first()


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_a_skip_stores_who_and_when_and_the_reason_not_a_sentence(row, roadmap, alice):
    change_step(row=row, status=Status.SKIPPED, skip_reason="  I do this at work ", today=TODAY)
    row.refresh_from_db()
    assert (row.skip_source, row.skipped_on, row.skip_reason) == ("learner", TODAY, "I do this at work")
    assert skip_note(row, roadmap=roadmap, viewer=alice) == "Skipped by you on 13 Aug 2026: I do this at work"


def test_the_mentor_reads_the_learners_name_and_without_a_reason_who_and_when(row, roadmap, mentor):
    change_step(row=row, status=Status.SKIPPED, today=TODAY)
    assert skip_note(row, roadmap=roadmap, viewer=mentor) == "Skipped by alice on 13 Aug 2026."
    roadmap.user.first_name, roadmap.user.last_name = "Alice", "Martin"
    assert skip_note(row, roadmap=roadmap, viewer=mentor) == "Skipped by Alice Martin on 13 Aug 2026."


def test_taking_a_skip_back_forgets_its_date_and_reason(row):
    change_step(row=row, status=Status.SKIPPED, skip_reason="Later", today=TODAY)
    change_step(row=row, status=Status.TODO, today=TODAY)
    row.refresh_from_db()
    assert (row.skip_source, row.skip_reason, row.skipped_on, row.keep) == ("", "", None, True)


def test_a_skip_stored_as_a_sentence_before_the_change_reads_as_stored(row, roadmap, alice, mentor):
    RoadmapStep.objects.filter(pk=row.pk).update(status="skipped", skip_source="learner",
                                                 skip_reason="Skipped by you on 2 Jul 2026.")
    row.refresh_from_db()
    assert skip_note(row, roadmap=roadmap, viewer=alice) == "Skipped by you on 2 Jul 2026."
    assert skip_note(row, roadmap=roadmap, viewer=mentor) == "Skipped by you on 2 Jul 2026."


def test_a_reason_without_skipping_is_refused(row):
    with pytest.raises(StepChangeError, match="skip reason goes with skipping"):
        change_step(row=row, status=Status.DONE, skip_reason="Why not", today=TODAY)


def test_the_planners_skip_is_not_the_learners_to_reword(roadmap):
    planned = roadmap.steps.filter(skip_source="background").first()
    with pytest.raises(StepChangeError, match="take it back first"):
        change_step(row=planned, skip_reason="Mine now", today=TODAY)


# --- the API ---------------------------------------------------------------------------------------

def test_the_api_skips_with_a_reason_and_gives_its_date(api, row):
    response = api.patch(f"/api/roadmap/steps/{row.pk}/", {"status": "skipped", "skip_reason": "Done at work"},
                         format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["skip_source"], body["skip_reason"]) == ("skipped", "learner", "Done at work")
    assert body["skipped_on"] == timezone.localdate().isoformat()


def test_the_api_rewords_the_learners_own_skip(api, row):
    api.patch(f"/api/roadmap/steps/{row.pk}/", {"status": "skipped"}, format="json")
    response = api.patch(f"/api/roadmap/steps/{row.pk}/", {"skip_reason": "Covered at work"}, format="json")
    assert response.status_code == 200 and response.json()["skip_reason"] == "Covered at work"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"status": "skipped", "skip_reason": "x" * (MAX_SKIP_REASON_LENGTH + 1)}, "no more than 500 characters"),
        ({"status": "done", "skip_reason": "Because"}, "skip reason goes with skipping"),
        ({"skip_reason": "Because"}, "skip reason goes with skipping"),
    ],
)
def test_a_bad_skip_reason_is_a_400_and_changes_nothing(api, row, payload, message):
    response = api.patch(f"/api/roadmap/steps/{row.pk}/", payload, format="json")
    assert response.status_code == 400
    assert message in str(response.json()["skip_reason"])
    row.refresh_from_db()
    assert (row.status, row.skip_reason, row.skipped_on) == (Status.TODO, "", None)


def test_another_learners_step_is_a_404_to_the_api(bob, row):
    client = APIClient()
    client.force_authenticate(bob)
    response = client.patch(f"/api/roadmap/steps/{row.pk}/", {"status": "skipped", "skip_reason": "Mine"},
                            format="json")
    assert response.status_code == 404


# --- the pages -------------------------------------------------------------------------------------

def test_the_page_asks_for_a_reason_and_each_reader_reads_it_their_way(client, row, roadmap, alice, mentor):
    invitations.assign(learner=alice, mentor=mentor, by=mentor)
    client.force_login(alice)
    page = client.get(reverse("roadmap:dashboard")).content.decode()
    assert f'id="skip-reason-{row.pk}"' in page and 'name="skip_reason"' in page
    response = client.post(reverse("roadmap:update_step", args=[row.pk]),
                           {"status": "skipped", "skip_reason": "I run this at work"}, follow=True)
    day = date_format(timezone.localdate())
    assert f"Skipped by you on {day}: I run this at work" in response.content.decode()
    client.force_login(mentor)
    page = client.get(reverse("mentoring:mentee_roadmap", args=["alice"])).content.decode()
    assert f"Skipped by alice on {day}: I run this at work" in page
    assert "Skipped by you" not in page


def test_a_too_long_reason_on_the_page_is_an_error_and_changes_nothing(alice_client, row):
    response = alice_client.post(reverse("roadmap:update_step", args=[row.pk]),
                                 {"status": "skipped", "skip_reason": "x" * (MAX_SKIP_REASON_LENGTH + 1)}, follow=True)
    assert "could not be saved" in response.content.decode()
    row.refresh_from_db()
    assert row.status == Status.TODO


def test_another_learners_step_is_a_404_on_the_page(client, bob, row):
    client.force_login(bob)
    response = client.post(reverse("roadmap:update_step", args=[row.pk]), {"status": "skipped", "skip_reason": "x"})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == Status.TODO
