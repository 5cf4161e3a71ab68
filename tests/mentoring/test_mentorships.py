"""Mentoring rules without HTTP: invitations, access, comments, notifications, sign-offs, risk."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import MENTOR, has_role
from mentoring import access, comments, invitations, mentees, milestones, notifications
from certifications.models import CertificationRecord
from mentoring.models import Mentorship, MilestoneReview, Notification
from roadmap.models import Certification, StudySession
from tests.factories import UserFactory
from tests.factories import make_roadmap
from tests.roadmap.study_helpers import log, log_the_plan, plan_from

S = Mentorship.Status
R = MilestoneReview.Status
A = milestones.A


@pytest.fixture
def paired(alice, mentor):
    """An active mentorship: maya mentors alice."""
    mentorship = invitations.invite(learner=alice, identifier="maya")
    return invitations.respond(mentorship=mentorship, mentor=mentor, accept=True)


# --- at risk: hand-made cases --------------------------------------------------------------------

TODAY = date(2027, 3, 1)


@pytest.mark.parametrize(("ahead", "owed", "last", "risky", "reason"), [
    (0, 0, TODAY, False, ""),
    (-14, 2, TODAY, False, ""),
    (-15, 2, TODAY, True, "projected to finish 15 days late"),
    # 45 minutes short in the first week of a 6 h plan projects a month late, but owes an eighth of a week.
    (-28, 0.125, TODAY, False, ""),
    (-28, 1.0, TODAY, False, ""),
    (-28, 1.01, TODAY, True, "projected to finish 28 days late"),
    (30, -3, TODAY - timedelta(days=9), False, ""),
    (30, -3, TODAY - timedelta(days=10), True, "no study for 10 days"),
    (-20, 3, TODAY - timedelta(days=12), True, "projected to finish 20 days late; no study for 12 days"),
    (None, 0, TODAY - timedelta(days=3), False, ""),
])
def test_at_risk_is_late_by_over_14_days_owing_over_a_week_or_10_days_without_study(ahead, owed, last, risky, reason):
    assert mentees.at_risk(ahead_days=ahead, owed_weeks=owed, last_study=last, started=TODAY - timedelta(days=100),
                           today=TODAY) == (risky, reason)


def test_a_learner_who_never_studied_is_at_risk_10_days_after_the_start():
    started = TODAY - timedelta(days=9)
    assert mentees.at_risk(ahead_days=None, owed_weeks=0, last_study=None, started=started, today=TODAY) == (False, "")
    risky, reason = mentees.at_risk(ahead_days=None, owed_weeks=0, last_study=None, started=started - timedelta(days=1),
                                    today=TODAY)
    assert risky and "10 days since the start" in reason


# --- mentorships ---------------------------------------------------------------------------------

def test_an_invited_user_becomes_a_mentor_by_accepting(alice, bob):
    mentorship = invitations.invite(learner=alice, identifier="BOB")
    assert mentorship.status == S.PENDING and not has_role(bob, MENTOR)
    assert not access.can_see(bob, alice)
    invitations.respond(mentorship=mentorship, mentor=bob, accept=True)
    assert mentorship.status == S.ACTIVE and has_role(bob, MENTOR)
    assert access.can_see(bob, alice)


def test_a_mentor_can_be_invited_by_email(alice, mentor):
    assert invitations.invite(learner=alice, identifier="MAYA@example.com").mentor == mentor


def test_a_declined_invitation_grants_nothing_and_cannot_be_accepted_later(alice, bob):
    mentorship = invitations.invite(learner=alice, identifier="bob")
    invitations.respond(mentorship=mentorship, mentor=bob, accept=False)
    assert mentorship.status == S.DECLINED and not access.can_see(bob, alice)
    with pytest.raises(access.MentoringError, match="declined"):
        invitations.respond(mentorship=mentorship, mentor=bob, accept=True)
    assert Mentorship.objects.get(pk=mentorship.pk).status == S.DECLINED


def test_only_the_invited_mentor_answers(alice, bob, mentor):
    mentorship = invitations.invite(learner=alice, identifier="maya")
    with pytest.raises(access.MentoringError):
        invitations.respond(mentorship=mentorship, mentor=bob, accept=True)


def test_ending_a_mentorship_ends_access_at_once_and_it_cannot_be_ended_twice(alice, mentor, paired):
    invitations.end(mentorship=paired, user=alice)
    assert paired.status == S.ENDED and paired.ended_by == alice
    assert not access.can_see(mentor, alice)
    with pytest.raises(access.MentoringError, match="ended"):
        invitations.end(mentorship=paired, user=mentor)


def test_no_one_invites_themself_or_the_same_mentor_twice(alice, mentor, paired):
    with pytest.raises(access.MentoringError):
        invitations.invite(learner=alice, identifier="alice")
    # Asking again changes nothing (and says nothing new: see test_invitation_answers.py).
    assert invitations.invite(learner=alice, identifier="maya") == paired
    assert Mentorship.objects.filter(learner=alice).count() == 1
    assert invitations.invite(learner=alice, identifier="nobody-here") is None


def test_after_an_ended_mentorship_the_same_mentor_can_be_invited_again(alice, mentor, paired):
    invitations.end(mentorship=paired, user=mentor)
    again = invitations.invite(learner=alice, identifier="maya")
    assert again.pk != paired.pk and again.status == S.PENDING


def test_an_unknown_email_gets_an_invitation_link_that_makes_a_mentor(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.send_invitation(learner=alice, identifier="new.mentor@example.org")
    assert invitation.invitee == "new.mentor@example.org" and invitation.mentorship is None
    assert mail.outbox[-1].to == ["new.mentor@example.org"]
    assert f"/roadmap/mentors/invitations/{invitation.token}/" in mail.outbox[-1].body
    newcomer = UserFactory(username="nico")
    mentorship = invitations.accept_invitation(invitation=invitation, user=newcomer)
    assert mentorship.status == S.ACTIVE and has_role(newcomer, MENTOR)
    with pytest.raises(access.MentoringError, match="already used"):
        invitations.accept_invitation(invitation=invitation, user=UserFactory(username="other"))


def test_a_curator_assigns_a_mentor_who_is_active_at_once(alice, bob, curator):
    mentorship = invitations.assign(learner=alice, mentor=bob, by=curator)
    assert mentorship.status == S.ACTIVE and mentorship.assigned_by == curator and has_role(bob, MENTOR)
    assert invitations.assign(learner=alice, mentor=bob, by=curator).pk == mentorship.pk


# --- notifications -------------------------------------------------------------------------------

def test_notifications_go_by_email_unless_turned_off(alice, mentor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(learner=alice, identifier="maya")
    assert mail.outbox[-1].to == ["maya@example.com"] and "alice invites you" in mail.outbox[-1].body
    assert Notification.objects.filter(user=mentor).unread().count() == 1
    notifications.set_email_preference(user=alice, enabled=False)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.respond(mentorship=Mentorship.objects.get(), mentor=mentor, accept=True)
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(user=alice).unread().count() == 1
    assert notifications.mark_read(user=alice) == 1 and not Notification.objects.filter(user=alice).unread().exists()


# --- comments and sign-offs ----------------------------------------------------------------------

@pytest.fixture
def roadmap(content, alice):
    return make_roadmap(alice, today=timezone.localdate())


def test_comments_are_threaded_and_notify_the_other_side(roadmap, alice, mentor, paired, bob):
    row = roadmap.steps.first()
    first = comments.add_comment(row=row, author=mentor, body="How is it going?")
    reply = comments.add_comment(row=row, author=alice, body="Well!", parent=first)
    nested = comments.add_comment(row=row, author=mentor, body="Great.", parent=reply)
    assert nested.parent == first  # a reply to a reply joins the thread
    assert [c.pk for c in comments.threads(row)] == [first.pk]
    assert [c.body for c in comments.threads(row)[0].replies.all()] == ["Well!", "Great."]
    assert Notification.objects.filter(user=alice, text__contains="commented").count() == 2
    assert Notification.objects.filter(user=mentor, text__contains="commented").count() == 1
    with pytest.raises(access.MentoringError):
        comments.add_comment(row=row, author=bob, body="Hi")


def test_a_mentor_whose_mentorship_ended_cannot_comment(roadmap, alice, mentor, paired):
    invitations.end(mentorship=paired, user=alice)
    with pytest.raises(access.MentoringError):
        comments.add_comment(row=roadmap.steps.first(), author=mentor, body="still here?")


def test_a_phase_sign_off_goes_through_its_states_and_keeps_its_history(roadmap, alice, mentor, paired):
    phase = roadmap.steps.select_related("step__phase").first().step.phase
    review = milestones.request_review(roadmap=roadmap, phase=phase, user=alice)
    assert review.status == R.REQUESTED
    with pytest.raises(access.MentoringError, match="review requested"):
        milestones.act(review=review, user=mentor, action=A.APPROVED)
    milestones.act(review=review, user=mentor, action=A.STARTED)
    with pytest.raises(access.MentoringError, match="comment"):
        milestones.act(review=review, user=mentor, action=A.CHANGES_REQUESTED)
    milestones.act(review=review, user=mentor, action=A.CHANGES_REQUESTED, comment="Add the design doc.")
    with pytest.raises(access.MentoringError, match="mentor"):
        milestones.act(review=review, user=alice, action=A.APPROVED)
    milestones.act(review=review, user=alice, action=A.ANSWERED, comment="Added, see step 3.")
    assert milestones.request_review(roadmap=roadmap, phase=phase, user=alice).status == R.REQUESTED
    milestones.act(review=review, user=mentor, action=A.STARTED)
    review = milestones.act(review=review, user=mentor, action=A.APPROVED, comment="Well done.")
    assert review.status == R.APPROVED and review.reviewer == mentor
    history = [(e.actor.username, e.action, e.comment) for e in review.events.all()]
    assert history == [
        ("alice", A.REQUESTED, ""), ("maya", A.STARTED, ""), ("maya", A.CHANGES_REQUESTED, "Add the design doc."),
        ("alice", A.ANSWERED, "Added, see step 3."), ("alice", A.REQUESTED, ""), ("maya", A.STARTED, ""),
        ("maya", A.APPROVED, "Well done."),
    ]
    with pytest.raises(access.MentoringError, match="signed off"):
        milestones.request_review(roadmap=roadmap, phase=phase, user=alice)


def test_a_review_needs_an_active_mentor_and_a_phase_of_the_roadmap(roadmap, alice, mentor):
    phase = roadmap.steps.select_related("step__phase").first().step.phase
    with pytest.raises(access.MentoringError, match="Invite a mentor"):
        milestones.request_review(roadmap=roadmap, phase=phase, user=alice)


def test_an_unrelated_mentor_cannot_act_on_a_review(roadmap, alice, mentor, paired):
    other = UserFactory(username="otto")
    invitations.assign(learner=UserFactory(username="carl"), mentor=other, by=other)
    review = milestones.request_review(roadmap=roadmap, phase=roadmap.steps.first().step.phase, user=alice)
    with pytest.raises(access.MentoringError):
        milestones.act(review=review, user=other, action=A.STARTED)
    assert MilestoneReview.objects.get(pk=review.pk).status == R.REQUESTED


# --- the mentee list -----------------------------------------------------------------------------

def add_mentee(mentor, name, *, today, studied_days_ago=None, cert=None):
    learner = UserFactory(username=name)
    roadmap = make_roadmap(learner, today=today - timedelta(days=40))
    if studied_days_ago is not None:
        row = roadmap.steps.filter(status="todo").first()
        StudySession.objects.create(roadmap=roadmap, step=row, minutes=90, date=today - timedelta(days=studied_days_ago))
    if cert:
        CertificationRecord.objects.create(user=learner, certification=cert, status="booked",
                                           exam_date=today + timedelta(days=20))
    invitations.assign(learner=learner, mentor=mentor, by=mentor)
    return learner


def test_the_mentee_list_shows_progress_risk_certifications_and_gaps(content, mentor):
    today = timezone.localdate()
    cert = Certification.objects.active().first()
    add_mentee(mentor, "steady", today=today, studied_days_ago=1, cert=cert)
    add_mentee(mentor, "idle", today=today)
    rows = mentees.mentee_rows(mentor=mentor, today=today)
    assert [r.username for r in rows] == ["idle", "steady"]  # at risk first
    idle, steady = rows
    assert idle.at_risk and "no study" in idle.at_risk_reason
    assert steady.last_activity == today - timedelta(days=1)
    assert steady.certifications and cert.name in steady.certifications[0]
    assert steady.gaps and all(g.gap > 0 for g in steady.gaps) and len(steady.gaps) <= 3
    assert [r.username for r in mentees.mentee_rows(mentor=mentor, today=today, sort="name")] == ["idle", "steady"]
    assert [r.username for r in mentees.mentee_rows(mentor=mentor, today=today, only_at_risk=True)] == ["idle"]
    assert [r.username for r in mentees.mentee_rows(mentor=mentor, today=today, search="ste")] == ["steady"]


def test_the_mentee_list_takes_the_same_number_of_queries_for_one_or_many_mentees(content, mentor):
    today = timezone.localdate()
    cert = Certification.objects.active().first()
    add_mentee(mentor, "first", today=today, studied_days_ago=2, cert=cert)

    def count():
        with CaptureQueriesContext(connection) as queries:
            mentees.mentee_rows(mentor=mentor, today=today)
        return len(queries)

    one = count()
    for n in range(4):
        add_mentee(mentor, f"more{n}", today=today, studied_days_ago=n, cert=cert)
    assert count() == one


def test_ended_and_pending_mentorships_are_not_in_the_mentee_list(content, alice, mentor, paired):
    make_roadmap(alice, today=timezone.localdate())
    assert [r.username for r in mentees.mentee_rows(mentor=mentor, today=timezone.localdate())] == ["alice"]
    invitations.end(mentorship=paired, user=alice)
    invitations.invite(learner=alice, identifier="maya")
    assert mentees.mentee_rows(mentor=mentor, today=timezone.localdate()) == []


def test_the_mentor_sees_the_same_figures_as_the_learners_own_page(roadmap, alice, mentor, paired, alice_client):
    today = timezone.localdate()
    rows = list(roadmap.steps.order_by("position")[:2])
    for day, row in [(1, rows[0]), (3, rows[1]), (8, None)]:
        StudySession.objects.create(roadmap=roadmap, step=row, date=today - timedelta(days=day), minutes=75)
    rows[0].status = "done"
    rows[0].save()
    [mentee] = mentees.mentee_rows(mentor=mentor, today=today)
    page = alice_client.get("/roadmap/").context["s"]
    assert (mentee.progress, mentee.ahead_days, mentee.last_activity) == (
        page.percent_done, page.ahead_days, max(page.daily_minutes))
    assert mentee.hours_per_week_logged == round(page.pace.minutes_per_week / 60, 1)


def test_a_mentee_exactly_on_plan_is_on_time_and_not_at_risk_from_the_first_evening(content, alice, mentor, paired):
    today = timezone.localdate()
    for weeks_ago in (0, 1, 9):
        StudySession.objects.filter(roadmap__user=alice).delete()
        roadmap = plan_from(alice, today - timedelta(weeks=weeks_ago))
        log_the_plan(roadmap, until=today + timedelta(days=1))  # tonight's session too
        [mentee] = mentees.mentee_rows(mentor=mentor, today=today)
        assert (mentee.ahead_days, mentee.at_risk, mentee.at_risk_reason) == (0, False, "")


def test_a_mentee_45_minutes_short_in_the_first_week_is_late_but_not_at_risk(content, alice, mentor, paired):
    today = timezone.localdate()
    start = today - timedelta(days=7)
    roadmap = plan_from(alice, start)
    log(roadmap, *[(start + timedelta(days=n), minutes) for n, minutes in enumerate((90, 90, 90, 45))])
    [mentee] = mentees.mentee_rows(mentor=mentor, today=today)
    assert mentee.ahead_days < -14  # four weeks' pace projected over two years: a month late
    assert round(mentee.owed_weeks, 3) == 0.125 and (mentee.at_risk, mentee.at_risk_reason) == (False, "")


def test_a_mentee_who_stopped_a_month_ago_is_at_risk(content, alice, mentor, paired):
    today = timezone.localdate()
    roadmap = plan_from(alice, today - timedelta(weeks=12))
    log_the_plan(roadmap, until=today - timedelta(weeks=2))
    [mentee] = mentees.mentee_rows(mentor=mentor, today=today)
    assert mentee.at_risk and mentee.ahead_days < -14
    assert "projected to finish" in mentee.at_risk_reason and "no study for" in mentee.at_risk_reason
