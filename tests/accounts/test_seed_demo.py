"""The demo accounts themselves (accounts/demo.py); their history is demo_data's (tests/demo_data)."""

import pytest
from django.contrib.auth import authenticate, get_user_model

from accounts.demo import DEMO_ACCOUNTS, seed_demo_accounts
from accounts.roles import LEARNER, ROLES, user_roles


def test_one_account_per_role_with_the_password(db):
    states = seed_demo_accounts(password="demo-pass-123")
    assert states == [(name, role, "created") for name, role in DEMO_ACCOUNTS]
    for role in ROLES:
        user = authenticate(username=role, password="demo-pass-123")
        assert user is not None and role in user_roles(user)
    assert get_user_model().objects.get(username="curator").is_staff
    assert not get_user_model().objects.get(username="learner").is_staff


def test_more_accounts_and_their_first_names_can_be_asked_for(db):
    seed_demo_accounts(password="demo-pass-123", accounts=(("learner2", LEARNER),), names={"learner2": "Sam"})
    sam = authenticate(username="learner2", password="demo-pass-123")
    assert sam.first_name == "Sam" and user_roles(sam) == {LEARNER}


def test_a_second_call_creates_nothing(db):
    seed_demo_accounts(password="demo-pass-123")
    assert {state for _n, _r, state in seed_demo_accounts(password="demo-pass-123")} == {"exists"}
    assert get_user_model().objects.count() == len(ROLES)


def test_a_short_password_is_refused_and_changes_nothing(db):
    with pytest.raises(ValueError, match="at least 8 characters"):
        seed_demo_accounts(password="short")
    assert not get_user_model().objects.exists()


def test_a_changed_password_is_kept_and_reported_unless_reset(db):
    seed_demo_accounts(password="demo-pass-123")
    user = get_user_model().objects.get(username="mentor")
    user.set_password("my-own-secret-1")
    user.save()
    states = dict((name, state) for name, _role, state in seed_demo_accounts(password="demo-pass-123"))
    assert states["mentor"] == "password changed"
    assert authenticate(username="mentor", password="my-own-secret-1") is not None
    states = dict((name, state) for name, _role, state in seed_demo_accounts(password="demo-pass-123", reset=True))
    assert states["mentor"] == "reset"
    assert authenticate(username="mentor", password="demo-pass-123") is not None
