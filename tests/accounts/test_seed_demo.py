from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from accounts.roles import ROLES, user_roles


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_one_account_per_role_and_prints_the_passwords(db):
    output = seed("--password", "demo-pass-123")
    for role in ROLES:
        user = authenticate(username=role, password="demo-pass-123")
        assert user is not None and role in user_roles(user)
        assert f"{role:<9} / demo-pass-123" in output
    assert get_user_model().objects.get(username="curator").is_staff
    assert not get_user_model().objects.get(username="learner").is_staff


def test_a_second_seed_demo_creates_nothing(db):
    seed()
    seed()
    assert get_user_model().objects.count() == len(ROLES)


def test_seed_demo_refuses_a_short_password_and_changes_nothing(db):
    with pytest.raises(CommandError, match="at least 8 characters"):
        seed("--password", "short")
    assert not get_user_model().objects.exists()


def test_a_changed_demo_password_is_kept_and_reported_unless_reset(db):
    seed("--password", "demo-pass-123")
    user = get_user_model().objects.get(username="mentor")
    user.set_password("my-own-secret-1")
    user.save()
    output = seed("--password", "demo-pass-123")
    assert "mentor    / (changed since" in output
    assert authenticate(username="mentor", password="my-own-secret-1") is not None
    seed("--password", "demo-pass-123", "--reset")
    assert authenticate(username="mentor", password="demo-pass-123") is not None
