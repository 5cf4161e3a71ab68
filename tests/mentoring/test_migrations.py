"""Upgrading to invitations kept as typed (0002) keeps every row, and gives each mentorship still
waiting for an answer the invitation the learner now sees in its place.

The database is migrated back to mentoring 0001, filled through its historical models, migrated
forward, and read through the current models; then back again, to the rows the old code knows.
"""

from datetime import datetime, timezone

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mentoring.models import Invitation, Mentorship

BEFORE = [("mentoring", "0001_initial")]
WHEN = datetime(2026, 11, 20, 19, 0, tzinfo=timezone.utc)


def historical_apps():
    """The models as mentoring 0001 left them (and every app it depends on)."""
    return MigrationExecutor(connection).loader.project_state(BEFORE).apps


def fill(apps) -> dict:
    """alice invited maya (waiting), rene (declined) and otto (active, after an e-mailed link), and an address
    by link (waiting); cora's pairing of bob and maya was assigned."""
    User = apps.get_model("auth", "User")
    Old = apps.get_model("mentoring", "Mentorship")
    OldInvitation = apps.get_model("mentoring", "Invitation")
    alice, bob, maya, rene, otto, cora = (User.objects.create(username=name, email=f"{name}@example.com")
                                          for name in ("alice", "bob", "maya", "rene", "otto", "cora"))
    pending = Old.objects.create(learner=alice, mentor=maya)
    Old.objects.filter(pk=pending.pk).update(created=WHEN)
    declined = Old.objects.create(learner=alice, mentor=rene, status="declined", responded_at=WHEN)
    active = Old.objects.create(learner=alice, mentor=otto, status="active", responded_at=WHEN)
    assigned = Old.objects.create(learner=bob, mentor=maya, status="active", assigned_by=cora, responded_at=WHEN)
    linked = OldInvitation.objects.create(learner=alice, email="otto@elsewhere.org", token="used-token",
                                          status="accepted", mentorship=active)
    waiting = OldInvitation.objects.create(learner=alice, email="new@example.org", token="open-token")
    return {"alice": alice.pk, "pending": pending.pk, "declined": declined.pk, "active": active.pk,
            "assigned": assigned.pk, "linked": linked.pk, "waiting": waiting.pk}


@pytest.mark.django_db(transaction=True)
def test_upgrading_keeps_every_row_and_lists_each_waiting_mentorship_as_an_invitation():
    try:
        call_command("migrate", "mentoring", "0001_initial", verbosity=0)
        ids = fill(historical_apps())
        call_command("migrate", "mentoring", verbosity=0)

        alice = get_user_model().objects.get(pk=ids["alice"])
        assert Mentorship.objects.count() == 4
        assert {m.pk: m.status for m in Mentorship.objects.all()} == {
            ids["pending"]: "pending", ids["declined"]: "declined", ids["active"]: "active", ids["assigned"]: "active"}
        linked, waiting = Invitation.objects.get(pk=ids["linked"]), Invitation.objects.get(pk=ids["waiting"])
        assert (linked.invitee, linked.token, linked.status, linked.mentorship_id) == (
            "otto@elsewhere.org", "used-token", "accepted", ids["active"])
        assert (waiting.invitee, waiting.token, waiting.status, waiting.mentorship) == (
            "new@example.org", "open-token", "open", None)
        # The waiting mentorship is now the learner's invitation, by the name her list showed, from the same day.
        added = Invitation.objects.get(mentorship_id=ids["pending"])
        assert (added.learner, added.invitee, added.status, added.token, added.created) == (
            alice, "maya", "open", None, WHEN)
        assert Invitation.objects.count() == 3

        # Back to 0001: the invitation it did not know goes; every other row stays as it was.
        call_command("migrate", "mentoring", "0001_initial", verbosity=0)
        old = historical_apps()
        assert sorted(old.get_model("mentoring", "Invitation").objects.values_list("pk", "email")) == [
            (ids["linked"], "otto@elsewhere.org"), (ids["waiting"], "new@example.org")]
        assert old.get_model("mentoring", "Mentorship").objects.count() == 4
    finally:
        call_command("migrate", verbosity=0)  # leave the database at the latest migration whatever happened
