"""A phase sign-off shows the phase's progress (the roadmap's own figures) and warns a mentor before approving
a phase far from done; invitations waiting for a mentor show on their dashboard, and to nobody else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import MENTOR, has_role
from mentoring import invitations, milestones
from mentoring.models import Mentorship, MilestoneReview, Notification
from roadmap.dashboard import summarise
from roadmap.models import RoadmapStep, StudySession
from tests.factories import UserFactory

Status = RoadmapStep.Status
S = Mentorship.Status


def first_phase_rows(roadmap):
    phase = roadmap.steps.order_by("step__phase__order").first().step.phase
    return phase, list(roadmap.steps.filter(step__phase=phase).exclude(status=Status.SKIPPED).order_by("position"))


def finish(rows):
    RoadmapStep.objects.filter(pk__in=[row.pk for row in rows]).update(status=Status.DONE,
                                                                          completed_on=timezone.localdate())


def review_in(roadmap, phase, alice, mentor, *, started=True):
    review = milestones.request_review(roadmap=roadmap, phase=phase, user=alice)
    if started:
        milestones.act(review=review, user=mentor, action="started")
    return review


# --- phase progress --------------------------------------------------------------------------------


def test_phase_progress_counts_the_phases_steps_and_hours_as_the_roadmap_does(roadmap, alice):
    phase, rows = first_phase_rows(roadmap)
    finish(rows[:2])
    StudySession.objects.create(roadmap=roadmap, step=rows[0], date=timezone.localdate(), minutes=90)
    progress = milestones.phase_progress(roadmap=roadmap, phase=phase, today=timezone.localdate())
    [group] = [g for g in summarise(roadmap, today=timezone.localdate()).phases if g.phase.pk == phase.pk]
    assert progress.done == 2 and progress.total == len(rows)
    assert progress.skipped == sum(1 for row in group.rows if row.status == Status.SKIPPED)
    assert progress.hours_done == group.hours[Status.DONE] == sum(row.step.estimated_hours for row in rows[:2])
    assert progress.hours_total == sum(row.step.estimated_hours for row in rows)
    assert progress.logged_hours == 1.5
    assert progress.percent == round(200 / len(rows)) and progress.far_from_done


def test_a_phase_with_four_fifths_of_its_steps_done_is_not_far_from_done():
    make = lambda done, total: milestones.PhaseProgress(done, total, 0, 0, 0, 0)  # noqa: E731
    assert make(8, 10).far_from_done is False and make(7, 10).far_from_done is True
    assert make(0, 0).far_from_done is False and make(0, 0).percent == 100  # everything skipped: nothing to do


def test_the_mentor_sees_the_progress_and_a_warning_before_approving_a_phase_far_from_done(
        client, roadmap, alice, mentor, paired):
    phase, rows = first_phase_rows(roadmap)
    finish(rows[:1])
    review = review_in(roadmap, phase, alice, mentor)
    client.force_login(mentor)
    html = client.get(reverse("mentoring:milestone", args=[review.pk])).content.decode()
    assert 'data-testid="phase-progress"' in html
    assert f"1 of {len(rows)} steps done" in html
    assert 'data-testid="phase-warning"' in html and "Far from done:" in html and "under the 80%" in html
    assert 'value="approved"' in html  # warned, not stopped: the mentor may still approve


def test_no_warning_once_the_phase_is_done_nor_for_the_learner(client, roadmap, alice, mentor, paired):
    phase, rows = first_phase_rows(roadmap)
    review = review_in(roadmap, phase, alice, mentor)
    client.force_login(alice)
    html = client.get(reverse("mentoring:milestone", args=[review.pk])).content.decode()
    assert f"0 of {len(rows)} steps done (0%)" in html and 'data-testid="phase-warning"' not in html
    finish(rows)
    client.force_login(mentor)
    html = client.get(reverse("mentoring:milestone", args=[review.pk])).content.decode()
    assert f"{len(rows)} of {len(rows)} steps done (100%)" in html and 'data-testid="phase-warning"' not in html


def test_the_mentor_is_warned_already_before_starting_the_review(client, roadmap, alice, mentor, paired):
    phase, _rows = first_phase_rows(roadmap)
    review = review_in(roadmap, phase, alice, mentor, started=False)
    client.force_login(mentor)
    html = client.get(reverse("mentoring:milestone", args=[review.pk])).content.decode()
    assert 'value="started"' in html and 'data-testid="phase-warning"' in html


def test_an_approved_review_shows_its_progress_without_a_warning(client, roadmap, alice, mentor, paired):
    phase, _rows = first_phase_rows(roadmap)
    review = review_in(roadmap, phase, alice, mentor)
    milestones.act(review=review, user=mentor, action="approved")
    client.force_login(mentor)
    html = client.get(reverse("mentoring:milestone", args=[review.pk])).content.decode()
    assert 'data-testid="phase-progress"' in html and 'data-testid="phase-warning"' not in html


def test_a_stranger_still_gets_a_404_for_the_sign_off_page(client, roadmap, alice, mentor, paired, bob):
    phase, _rows = first_phase_rows(roadmap)
    review = review_in(roadmap, phase, alice, mentor)
    client.force_login(bob)
    assert client.get(reverse("mentoring:milestone", args=[review.pk])).status_code == 404


def test_the_progress_is_read_without_the_learners_private_notes(roadmap, alice):
    phase, rows = first_phase_rows(roadmap)
    RoadmapStep.objects.filter(pk=rows[0].pk).update(note="my secret")
    review = MilestoneReview(roadmap=roadmap, phase=phase)
    with CaptureQueriesContext(connection) as queries:
        milestones.phase_progress(roadmap=review.roadmap, phase=phase, today=timezone.localdate())
    step_reads = [q["sql"] for q in queries if 'FROM "roadmap_roadmapstep"' in q["sql"]]
    assert step_reads and all('"roadmap_roadmapstep"."note"' not in sql for sql in step_reads)


# --- invitations on the mentor's dashboard --------------------------------------------------------------


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")  # not a mentor (yet)


def test_an_invited_user_who_is_not_a_mentor_yet_sees_the_invitation_on_the_dashboard(client, alice, carol):
    mentorship = invitations.invite(learner=alice, identifier="carol")
    assert Notification.objects.get(user=carol).url == "/roadmap/mentors/"
    client.force_login(carol)
    response = client.get("/roadmap/mentors/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="invitation-alice"' in html and "An invitation waiting for your answer" in html
    assert reverse("mentoring:mentorship_accept", args=[mentorship.pk]) in html
    assert reverse("mentoring:mentorship_decline", args=[mentorship.pk]) in html
    assert 'class="mentee-filters' not in html  # no mentee table for someone who mentors nobody


def test_accepting_from_the_dashboard_makes_a_mentor_and_lists_the_mentee(client, roadmap, alice, carol):
    mentorship = invitations.invite(learner=alice, identifier="carol")
    client.force_login(carol)
    response = client.post(reverse("mentoring:mentorship_accept", args=[mentorship.pk]), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/roadmap/mentors/"
    assert has_role(carol, MENTOR) and 'data-testid="mentee-alice"' in html
    assert 'data-testid="mentor-invitations"' not in html


def test_declining_from_the_dashboard_goes_back_there_while_there_is_something_to_show(client, alice, bob, mentor):
    first = invitations.invite(learner=alice, identifier=mentor.username)
    invitations.invite(learner=bob, identifier=mentor.username)
    client.force_login(mentor)
    response = client.post(reverse("mentoring:mentorship_decline", args=[first.pk]), {"back": "mentees"},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/roadmap/mentors/"
    html = response.content.decode()
    assert 'data-testid="invitation-bob"' in html and 'data-testid="invitation-alice"' not in html
    first.refresh_from_db()
    assert first.status == S.DECLINED


def test_a_non_mentor_who_declines_their_only_invitation_goes_to_their_mentors_page(client, alice, carol):
    mentorship = invitations.invite(learner=alice, identifier="carol")
    client.force_login(carol)
    response = client.post(reverse("mentoring:mentorship_decline", args=[mentorship.pk]), {"back": "mentees"})
    assert response["Location"] == "/roadmap/mentors/mine/"
    assert client.get("/roadmap/mentors/").status_code == 403


def test_only_the_invited_mentor_sees_the_invitation(client, alice, bob, carol, mentor):
    invitations.invite(learner=alice, identifier="carol")
    client.force_login(mentor)  # another mentor: their dashboard has no invitation of carol's
    html = client.get("/roadmap/mentors/").content.decode()
    assert 'data-testid="invitation-alice"' not in html and 'data-testid="mentor-invitations"' not in html
    client.force_login(bob)  # a learner with no invitation: still refused
    assert client.get("/roadmap/mentors/").status_code == 403
    client.force_login(alice)  # the learner who invited: not on the mentor's dashboard either
    assert client.get("/roadmap/mentors/").status_code == 403


def test_someone_else_cannot_answer_the_invitation(client, alice, carol, mentor):
    mentorship = invitations.invite(learner=alice, identifier="carol")
    client.force_login(mentor)
    assert client.post(reverse("mentoring:mentorship_accept", args=[mentorship.pk])).status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.status == S.PENDING


def test_an_ended_or_declined_invitation_no_longer_shows(client, alice, carol):
    mentorship = invitations.invite(learner=alice, identifier="carol")
    invitations.end(mentorship=mentorship, user=alice)
    client.force_login(carol)
    assert client.get("/roadmap/mentors/").status_code == 403


def test_the_learner_sees_the_pending_invitations_on_their_mentorships_page(client, alice, carol):
    invitations.invite(learner=alice, identifier="carol")
    invitations.invite(learner=alice, identifier="someone@example.org")
    client.force_login(alice)
    html = client.get("/roadmap/mentors/mine/").content.decode()
    assert "Invitation sent to <strong>carol</strong> — waiting for an answer" in html
    assert "Invitation sent to <strong>someone@example.org</strong> — waiting for an answer" in html
