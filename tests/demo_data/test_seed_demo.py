"""manage.py seed_demo: the demo accounts with months of history; a second run changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from accounts.roles import ROLES, user_roles
from assessments.models import Attempt, SelfRating
from certifications.models import CertificationRecord
from demo_data.seed import seed_demo
from mentoring.models import Mentorship, MilestoneEvent, MilestoneReview, Notification, StepComment
from roadmap.models import LearnerRoadmap, RoadmapStep, StudySession
from tests.demo_data.conftest import PASSWORD, TODAY

HISTORY = (LearnerRoadmap, RoadmapStep, StudySession, Attempt, SelfRating, CertificationRecord, Mentorship,
           StepComment, MilestoneReview, MilestoneEvent, Notification)


def seed(*args):
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--no-scans", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (get_user_model(), *HISTORY)}


def test_seed_demo_makes_every_account_with_its_history_and_prints_passwords_and_time(content):
    output = seed("--password", PASSWORD)
    for role in ROLES:
        user = authenticate(username=role, password=PASSWORD)
        assert user is not None and role in user_roles(user)
        assert f"{role:<9} / {PASSWORD}" in output
    sam = authenticate(username="learner2", password=PASSWORD)
    assert sam.first_name == "Sam" and "learner" in user_roles(sam)
    assert "history of learner: created: 17 weeks" in output
    assert "history of learner2: created: 13 weeks" in output
    assert "seed_demo took" in output
    assert get_user_model().objects.get(username="curator").is_staff


def test_a_second_run_changes_nothing_and_says_the_history_is_kept(content):
    seed()
    first = counts()
    sessions = list(StudySession.objects.values_list("pk", "date", "minutes"))
    output = seed()
    assert counts() == first
    assert list(StudySession.objects.values_list("pk", "date", "minutes")) == sessions
    assert "history of learner: kept (has a roadmap)" in output


def test_reset_deletes_the_history_and_builds_the_same_again(content):
    seed_demo(password=PASSWORD, today=TODAY, with_scans=False)
    first, old_roadmap = counts(), LearnerRoadmap.objects.get(user__username="learner").pk
    user = get_user_model().objects.get(username="learner")
    user.set_password("my-own-secret-1")
    user.save()
    StudySession.objects.filter(roadmap__user=user).delete()  # the newcomer played with the demo

    report = seed_demo(password=PASSWORD, reset=True, today=TODAY, with_scans=False)

    assert counts() == first
    assert LearnerRoadmap.objects.get(user__username="learner").pk != old_roadmap
    assert report.learners["learner"].startswith("created")
    assert authenticate(username="learner", password=PASSWORD) is not None


def test_a_learner_who_made_a_roadmap_keeps_it(content):
    seed_demo(password=PASSWORD, today=TODAY, with_scans=False)
    LearnerRoadmap.objects.filter(user__username="learner2").update(hours_per_week=9)
    report = seed_demo(password=PASSWORD, today=TODAY, with_scans=False)
    assert report.learners["learner2"] == "kept (has a roadmap)"
    assert LearnerRoadmap.objects.get(user__username="learner2").hours_per_week == 9


def test_an_unknown_option_is_refused(content):
    with pytest.raises(CommandError, match="unrecognized arguments: --months"):
        seed("--months", "4")
    assert not get_user_model().objects.exists()


def test_a_short_password_is_refused_and_changes_nothing(content):
    with pytest.raises(CommandError, match="at least 8 characters"):
        seed("--password", "short")
    assert counts() == {name: 0 for name in counts()}


def test_without_curated_content_the_accounts_are_made_and_the_command_says_why_there_is_no_history(empty_content):
    output = seed()
    assert get_user_model().objects.count() == len(ROLES) + 1
    assert not LearnerRoadmap.objects.exists()
    assert "no curated content yet" in output


def test_the_replayed_history_sends_no_email_and_keeps_each_accounts_email_setting(
        content, mailoutbox, django_capture_on_commit_callbacks):
    from mentoring.models import NotificationPreference
    from mentoring.notifications import set_email_preference
    from tests.factories import UserFactory

    mentor = UserFactory(username="mentor", email="mentor@example.com")
    set_email_preference(user=mentor, enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(password=PASSWORD, today=TODAY, with_scans=False)
    assert mailoutbox == []
    assert Notification.objects.filter(user=mentor).exists()
    assert NotificationPreference.objects.get(user=mentor).email is True
    assert not NotificationPreference.objects.exclude(user=mentor).exists()
