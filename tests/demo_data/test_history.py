"""What the demo's people have lived through, as the site shows it: dated from today, with figures
on the learner's dashboard and the fallen-behind learner flagged on the mentor's."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from assessments.models import Attempt, SelfRating
from certifications.expiry import next_reminder_on
from certifications.models import CertificationRecord
from demo_data.seed import seed_demo
from mentoring.mentees import mentee_rows
from mentoring.models import MilestoneReview, StepComment
from roadmap.dashboard import summarise
from roadmap.models import LearnerRoadmap, RoadmapStep
from tests.demo_data.conftest import PASSWORD, TODAY

Status = RoadmapStep.Status


def roadmap(username) -> LearnerRoadmap:
    return LearnerRoadmap.objects.get(user__username=username)


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("today", [TODAY, date(2027, 1, 2), date(2025, 12, 31)])
def test_the_history_ends_yesterday_whatever_the_day(content, today):
    seed_demo(password=PASSWORD, today=today, with_scans=False)
    alex, sam = roadmap("learner"), roadmap("learner2")
    assert alex.start_date == today - timedelta(weeks=17)
    assert sam.start_date == today - timedelta(weeks=13)
    sessions = alex.sessions.order_by("date")
    assert sessions.first().date >= alex.start_date
    assert alex.start_date <= sessions.last().date < today
    assert (today - sam.sessions.order_by("date").last().date).days > 12
    assert all(today - timedelta(days=120) < c.created.date() < today for c in StepComment.objects.all())
    record = CertificationRecord.objects.get(user__username="learner", status="passed")
    assert today < record.expires_on <= today + timedelta(days=45)
    assert CertificationRecord.objects.get(user__username="learner", status="booked").exam_date > today


def test_the_learners_history_has_done_skipped_in_progress_steps_notes_and_varied_evenings(seeded):
    alex = roadmap("learner")
    rows = alex.steps.select_related("step")
    assert rows.filter(status=Status.DONE).count() >= 8
    assert rows.filter(status=Status.IN_PROGRESS).count() == 1
    skipped = rows.get(skip_source=RoadmapStep.SkipSource.LEARNER)
    assert skipped.status == Status.SKIPPED and "dashboards at work" in skipped.note
    assert rows.exclude(note="").exclude(pk=skipped.pk).count() >= 2
    # An evening that finishes a step goes on with the next: two sessions, the first maybe short.
    evenings = alex.sessions.values("date").annotate(total=Sum("minutes")).values_list("total", flat=True)
    assert len(set(evenings)) >= 10 and 25 <= min(evenings) and max(evenings) <= 240
    # The missed weeks: at least two whole weeks without a session.
    days = sorted(set(alex.sessions.values_list("date", flat=True)))
    assert sum(1 for a, b in zip(days, days[1:]) if (b - a).days > 7) >= 2


def test_the_learners_quizzes_self_assessment_and_certifications_are_there(seeded):
    attempts = Attempt.objects.filter(user__username="learner", submitted__isnull=False)
    assert attempts.count() == 2 and all(0 < a.score < 1 for a in attempts)
    assert SelfRating.objects.filter(user__username="learner").count() >= 5
    statuses = set(CertificationRecord.objects.filter(user__username="learner").values_list("status", flat=True))
    assert statuses == {"passed", "booked"}
    held = CertificationRecord.objects.get(user__username="learner", status="passed")
    # Expiring in 40 days: the 90-day reminder went out with the history, the 30-day one is next.
    assert held.reminders_sent == [90]
    assert next_reminder_on(held, TODAY) == held.expires_on - timedelta(days=30)
    assert re.fullmatch(r"[0-9A-F]{10}", held.credential_id)  # an issuer's kind of identifier, not "DEMO-..."


def test_the_learners_dashboard_shows_pace_projection_and_done_steps(seeded, client):
    summary = summarise(roadmap("learner"), today=TODAY)
    assert summary.pace.minutes_per_week > 4 * 60 and summary.pace.nights_per_week >= 3
    assert summary.projected_finish is not None and summary.ahead_days is not None
    assert summary.counts["done"] >= 8 and summary.percent_done > 5 and summary.streak > 0
    client.force_login(user("learner"))
    page = client.get("/roadmap/")
    assert page.status_code == 200
    assert page.context["s"].counts["done"] >= 8


def test_the_mentor_sees_both_mentees_and_sam_flagged_at_risk(seeded, client):
    rows = {row.username: row for row in mentee_rows(mentor=user("mentor"), today=TODAY)}
    assert set(rows) == {"learner", "learner2"}
    assert rows["learner2"].at_risk and "no study for" in rows["learner2"].at_risk_reason
    assert not rows["learner"].at_risk
    assert rows["learner"].certifications
    client.force_login(user("mentor"))
    page = client.get("/roadmap/mentors/")
    assert page.status_code == 200 and b"learner2" in page.content


def test_the_mentor_has_comment_threads_and_a_sign_off_waiting(seeded):
    replies = StepComment.objects.filter(parent__isnull=False)
    assert replies.filter(author__username="learner").count() == 2
    assert StepComment.objects.filter(row__roadmap__user__username="learner2", author__username="mentor").exists()
    waiting = MilestoneReview.objects.get(roadmap__user__username="learner")
    assert waiting.status == MilestoneReview.Status.REQUESTED
    assert waiting.updated.date() == TODAY - timedelta(days=2)
