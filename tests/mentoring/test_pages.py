"""Mentoring pages, API and admin, and content edits that keep every learner's progress."""

import shutil
from datetime import timedelta

import pytest
import yaml
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from mentoring import access, invitations, milestones, notifications
from roadmap.content.loader import load_content
from mentoring.models import Mentorship, MilestoneReview, Notification
from roadmap.models import Background, RoadmapStep, Step, StudySession
from tests.factories import UserFactory
from tests.roadmap.content_helpers import REAL_CONTENT
from tests.factories import make_roadmap

S = Mentorship.Status


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


# --- pages ---------------------------------------------------------------------------------------

def test_a_learner_invites_by_page_and_the_mentor_accepts(client, roadmap, alice, mentor):
    client.force_login(alice)
    response = client.post(reverse("mentoring:mentorships"), {"mentor": "maya"}, follow=True)
    assert "We sent your invitation to maya, if there is an account by that name." in response.content.decode()
    mentorship = Mentorship.objects.get(learner=alice)
    client.force_login(mentor)
    page = client.get(reverse("mentoring:mentorships")).content.decode()
    assert "Asked to mentor" in page and "alice" in page
    assert "(1<span" in page  # the unread count in the navigation
    response = client.post(reverse("mentoring:mentorship_accept", args=[mentorship.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mentoring:mentees")
    assert 'data-testid="mentee-alice"' in response.content.decode()


def test_an_invitation_for_an_address_without_account_is_emailed(client, roadmap, alice,
                                                                  django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentoring:mentorships"), {"mentor": "new@example.org"})
    assert mail.outbox[-1].to == ["new@example.org"]
    newcomer = UserFactory(username="nina")
    client.force_login(newcomer)
    token = alice.mentor_invitations.get().token
    assert "Accept and mentor" in client.get(reverse("mentoring:invitation", args=[token])).content.decode()
    client.post(reverse("mentoring:invitation", args=[token]))
    assert access.can_see(newcomer, alice)


def test_the_mentor_dashboard_flags_risk_sorts_and_filters(client, roadmap, alice, mentor, paired):
    other = UserFactory(username="zed")
    make_roadmap(other, today=timezone.localdate())
    StudySession.objects.create(roadmap=other.roadmap, minutes=60, date=timezone.localdate())
    invitations.assign(learner=other, mentor=mentor, by=mentor)
    client.force_login(mentor)
    page = client.get(reverse("mentoring:mentees")).content.decode()
    assert page.index("mentee-alice") < page.index("mentee-zed")
    assert "no study logged in the 30 days since the start" in page
    page = client.get(reverse("mentoring:mentees"), {"sort": "activity"}).content.decode()
    assert page.index("mentee-zed") < page.index("mentee-alice")
    page = client.get(reverse("mentoring:mentees"), {"at_risk": "1"}).content.decode()
    assert "mentee-alice" in page and "mentee-zed" not in page


def test_the_mentor_dashboard_writes_a_weekly_target_as_the_learner_does(client, roadmap, alice, mentor, paired):
    roadmap.hours_per_week = 5.5
    roadmap.save(update_fields=["hours_per_week"])
    client.force_login(mentor)
    row = client.get(reverse("mentoring:mentees")).content.decode()
    assert " / 5.5 h" in row and "5.50" not in row


def test_the_mentor_reads_the_mentees_pages(client, roadmap, alice, mentor, paired):
    client.force_login(mentor)
    for name in ["mentee_roadmap", "mentee_log", "mentee_certifications", "mentee_assessments"]:
        response = client.get(reverse(f"mentoring:{name}", args=["alice"]))
        assert response.status_code == 200, name
        assert "alice" in response.content.decode()
    page = client.get(reverse("mentoring:mentee_roadmap", args=["alice"])).content.decode()
    assert "Mark done" not in page and "Private note" not in page  # read-only


def test_comments_by_page_both_ways_with_replies_and_notifications_read_when_viewed(client, roadmap, alice,
                                                                                   mentor, paired):
    row = roadmap.steps.first()
    url = reverse("mentoring:step_comments", args=[row.pk])
    client.force_login(mentor)
    client.post(url, {"body": "Start with the basics."})
    client.force_login(alice)
    assert Notification.objects.filter(user=alice, url=url).unread().count() == 1
    page = client.get(url).content.decode()
    assert "Start with the basics." in page
    assert not Notification.objects.filter(user=alice, url=url).unread().exists()
    thread = row.comments.get()
    client.post(url, {"body": "Will do.", "parent": thread.pk})
    assert [c.body for c in thread.replies.all()] == ["Will do."]
    dashboard = client.get(reverse("roadmap:dashboard")).content.decode()
    assert url in dashboard


def test_notifications_page_marks_read_and_turns_email_off(client, roadmap, alice, mentor, paired):
    client.force_login(alice)
    assert Notification.objects.filter(user=alice).unread().exists()
    page = client.get(reverse("mentoring:notifications")).content.decode()
    assert "was assigned as your mentor" in page
    assert not Notification.objects.filter(user=alice).unread().exists()
    client.post(reverse("mentoring:notifications"), {})
    assert not notifications.email_enabled(alice)
    client.post(reverse("mentoring:notifications"), {"email": "on"})
    assert notifications.email_enabled(alice)


def test_phase_sign_off_by_pages_shows_on_the_roadmap(client, roadmap, alice, mentor, paired):
    phase = milestones.phases_of(roadmap).first()
    client.force_login(alice)
    assert "Request a sign-off" in client.get(reverse("roadmap:dashboard")).content.decode()
    client.post(reverse("mentoring:milestone_request", args=[phase.pk]))
    review = MilestoneReview.objects.get()
    client.force_login(mentor)
    url = reverse("mentoring:milestone", args=[review.pk])
    client.post(url, {"action": "started"})
    response = client.post(url, {"action": "changes_requested"})
    assert response.status_code == 400 and "Say what to change" in response.content.decode()
    client.post(url, {"action": "changes_requested", "comment": "Add tests."})
    client.force_login(alice)
    page = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Sign-off: changes requested" in page and "Request review again" in page
    client.post(url, {"action": "answered", "comment": "Tests added."})
    client.post(reverse("mentoring:milestone_request", args=[phase.pk]))
    client.force_login(mentor)
    client.post(url, {"action": "started"})
    client.post(url, {"action": "approved"})
    client.force_login(alice)
    assert "Sign-off: signed off" in client.get(reverse("roadmap:dashboard")).content.decode()
    history = client.get(url).content.decode()
    assert history.count("<li><time") == 7 and "Add tests." in history and "Tests added." in history


def test_the_mentee_page_is_gone_as_soon_as_the_learner_ends_it(client, roadmap, alice, mentor, paired):
    client.force_login(alice)
    client.post(reverse("mentoring:mentorship_end", args=[paired.pk]))
    client.force_login(mentor)
    assert client.get(reverse("mentoring:mentee_roadmap", args=["alice"])).status_code == 404


# --- API -----------------------------------------------------------------------------------------

def test_the_mentorship_api_invites_accepts_declines_and_ends(roadmap, alice, bob, mentor):
    response = api_for(alice).post("/api/mentorships/", {"mentor": "maya"}, format="json")
    assert response.status_code == 202
    pk = Mentorship.objects.get(learner=alice, mentor=mentor, status=Mentorship.Status.PENDING).pk
    assert api_for(bob).post(f"/api/mentorships/{pk}/accept/").status_code == 404
    assert api_for(mentor).post(f"/api/mentorships/{pk}/accept/").json()["status"] == "active"
    assert api_for(mentor).post(f"/api/mentorships/{pk}/decline/").status_code == 400
    assert api_for(alice).delete(f"/api/mentorships/{pk}/").status_code == 204
    assert api_for(mentor).get("/api/mentees/alice/roadmap/").status_code == 404
    assert api_for(bob).post("/api/mentorships/", {"mentor": "maya"}, format="json").status_code == 202
    other = Mentorship.objects.get(learner=bob, mentor=mentor)
    assert api_for(mentor).post(f"/api/mentorships/{other.pk}/decline/").json()["status"] == "declined"
    assert api_for(alice).post("/api/mentorships/", {"mentor": "x@example.org"}, format="json").status_code == 202


def test_the_mentees_api_lists_pace_and_risk_and_gives_the_roadmap_shape(roadmap, alice, mentor, paired):
    mentees = api_for(mentor).get("/api/mentees/").json()
    assert [m["username"] for m in mentees] == ["alice"]
    assert {"username", "progress", "ahead_days", "at_risk", "at_risk_reason", "last_activity"} <= set(mentees[0])
    assert mentees[0]["at_risk"] is True
    row = roadmap.steps.first()
    api_for(alice).patch(f"/api/roadmap/steps/{row.pk}/", {"note": "only mine"}, format="json")
    theirs = api_for(mentor).get("/api/mentees/alice/roadmap/").json()
    own = api_for(alice).get("/api/roadmap/").json()
    assert "calendar_url" not in theirs and own["calendar_url"]  # the feed address is a credential
    assert "only mine" not in str(theirs) and "only mine" in str(own)  # private notes stay private
    own.pop("calendar_url")
    for step in own["steps"]:
        step.pop("note")
    assert theirs == own


def test_comments_and_sign_off_through_the_api(roadmap, alice, mentor, paired):
    row = roadmap.steps.first()
    first = api_for(mentor).post(f"/api/steps/{row.pk}/comments/", {"body": "Hi"}, format="json").json()
    api_for(alice).post(f"/api/steps/{row.pk}/comments/", {"body": "Hello", "parent": first["id"]}, format="json")
    assert [(c["author"], c["parent"]) for c in api_for(alice).get(f"/api/steps/{row.pk}/comments/").json()] == [
        ("maya", None), ("alice", first["id"])]
    phase = milestones.phases_of(roadmap).first()
    review = api_for(alice).post("/api/milestones/", {"phase": phase.slug}, format="json").json()
    assert review["status"] == "requested"
    base = f"/api/milestones/{review['id']}"
    assert api_for(mentor).post(f"{base}/start/").json()["status"] == "in_review"
    assert api_for(mentor).post(f"{base}/request-changes/", {}, format="json").status_code == 400
    assert api_for(mentor).post(f"{base}/request-changes/", {"comment": "More"}, format="json").status_code == 200
    assert api_for(alice).post(f"{base}/answer/", {"comment": "Done"}, format="json").status_code == 200
    assert api_for(alice).post(f"{base}/request-again/").json()["status"] == "requested"
    api_for(mentor).post(f"{base}/start/")
    done = api_for(mentor).post(f"{base}/approve/").json()
    assert done["status"] == "approved" and done["reviewer"] == "maya"
    assert [e["action"] for e in done["history"]] == [
        "requested", "started", "changes_requested", "answered", "requested", "started", "approved"]
    assert api_for(mentor).get("/api/mentees/alice/milestones/").json()[0]["status"] == "approved"


# --- admin ---------------------------------------------------------------------------------------

def test_a_curator_assigns_a_mentor_in_the_admin(client, roadmap, alice, bob, curator):
    client.force_login(curator)
    url = reverse("admin:mentoring_mentorship_add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"learner": alice.pk, "mentor": bob.pk})
    assert response.status_code == 302, response.content.decode()[:1500]
    mentorship = Mentorship.objects.get()
    assert (mentorship.status, mentorship.assigned_by) == (S.ACTIVE, curator)
    response = client.post(reverse("admin:mentoring_mentorship_changelist"),
                           {"action": "end_selected", "_selected_action": [mentorship.pk]})
    assert response.status_code == 302
    assert not access.can_see(bob, alice)


def test_a_learner_or_mentor_cannot_open_the_mentorship_admin(client, alice, mentor):
    for user in (alice, mentor):
        client.force_login(user)
        assert client.get(reverse("admin:mentoring_mentorship_changelist")).status_code == 302


def test_the_admin_previews_a_path_as_a_learner_would_see_it(client, content, curator):
    client.force_login(curator)
    background = Background.objects.get(slug="software-developer")
    change = client.get(reverse("admin:roadmap_background_change", args=[background.pk])).content.decode()
    preview_url = reverse("admin:roadmap_background_preview", args=[background.pk])
    assert preview_url in change
    page = client.get(preview_url, {"role": "ml-architect"}).content.decode()
    assert Step.objects.active().filter(phase__slug="foundations").first().title in page
    assert background.skip_reason.split(".")[0][:40] in page


# --- content edits keep every learner's progress -------------------------------------------------

def test_editing_renaming_and_removing_steps_keeps_every_status_and_logged_hour(content, alice, bob, tmp_path,
                                                                               client, curator):
    today = timezone.localdate()
    roadmaps = [make_roadmap(user, today=today - timedelta(days=20)) for user in (alice, bob)]
    candidates = [s for s in Step.objects.active().filter(unlocks__isnull=True, skipped_by__isnull=True,
                                                          cloud="")
                  if all(r.steps.filter(step=s, status="todo").exists() for r in roadmaps)]
    edited, renamed, removed = candidates[:3]
    for roadmap in roadmaps:
        for step, status in [(edited, "in_progress"), (renamed, "done"), (removed, "in_progress")]:
            row = roadmap.steps.get(step=step)
            RoadmapStep.objects.filter(pk=row.pk).update(status=status)
            StudySession.objects.create(roadmap=roadmap, step=row, minutes=95, date=today - timedelta(days=2))
    before = {(r.roadmap_id, r.step.slug): r.status for r in RoadmapStep.objects.select_related("step")}
    minutes_before = sorted(StudySession.objects.values_list("roadmap_id", "step__step__slug", "minutes"))

    # An admin edit: more hours and a new title for one step.
    client.force_login(curator)
    data = {"slug": edited.slug, "order": edited.order, "source": edited.source, "phase": edited.phase_id,
            "title": "Edited in the admin", "summary": edited.summary, "kind": edited.kind,
            "estimated_hours": edited.estimated_hours + 3, "cloud": "",
            "skills": [s.pk for s in edited.skills.all()], "resources": [r.pk for r in edited.resources.all()],
            "prerequisites": [p.pk for p in edited.prerequisites.all()]}
    response = client.post(reverse("admin:roadmap_step_change", args=[edited.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    # A content file change: one step renamed, one removed.
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    steps = yaml.safe_load((folder / "steps.yaml").read_text())
    for item in steps:
        if item["slug"] == renamed.slug:
            item["title"] = "Renamed in the YAML"
        if item["slug"] == edited.slug:
            item["title"], item["estimated_hours"] = "Edited in the admin", edited.estimated_hours + 3
    steps = [item for item in steps if item["slug"] != removed.slug]
    (folder / "steps.yaml").write_text(yaml.safe_dump(steps, allow_unicode=True, sort_keys=False))
    load_content(directory=folder)
    for roadmap in roadmaps:  # re-planning after the change keeps everything too
        make_roadmap(roadmap.user, today=today - timedelta(days=20))

    after = {(r.roadmap_id, r.step.slug): r.status for r in RoadmapStep.objects.select_related("step")}
    assert after == before
    assert sorted(StudySession.objects.values_list("roadmap_id", "step__step__slug", "minutes")) == minutes_before
    assert Step.objects.get(slug=renamed.slug).title == "Renamed in the YAML"
    assert Step.objects.get(slug=removed.slug).archived
    client.force_login(alice)
    page = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Renamed in the YAML" in page and "Edited in the admin" in page
    assert removed.title in page and "removed from the curriculum" in page


# --- bad input on the pages' forms ---------------------------------------------------------------------
def test_comment_page_refuses_an_empty_body_and_a_parent_from_another_step(client, roadmap, alice, mentor, paired):
    from mentoring.models import StepComment

    row, other = roadmap.steps.order_by("position")[:2]
    elsewhere = StepComment.objects.create(row=other, author=alice, body="On the other step")
    url = reverse("mentoring:step_comments", args=[row.pk])
    client.force_login(alice)
    assert client.post(url, {"body": ""}).status_code == 400
    assert client.post(url, {"body": "x" * 5001}).status_code == 400
    assert client.post(url, {"body": "Hi", "parent": "not a number"}).status_code == 400
    assert client.post(url, {"body": "Hi", "parent": elsewhere.pk}).status_code == 404
    assert not row.comments.exists()


def test_milestone_page_refuses_an_unknown_action_and_a_side_not_the_viewers(client, roadmap, alice, mentor, paired):
    phase = milestones.phases_of(roadmap).first()
    review = milestones.request_review(roadmap=roadmap, phase=phase, user=alice)
    url = reverse("mentoring:milestone", args=[review.pk])
    client.force_login(mentor)
    assert client.post(url, {"action": "nonsense"}).status_code == 400
    client.force_login(alice)  # starting a review is the mentor's to do
    assert client.post(url, {"action": "started"}).status_code == 400
    review.refresh_from_db()
    assert review.status == MilestoneReview.Status.REQUESTED and review.events.count() == 1
