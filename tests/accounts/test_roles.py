from django.contrib.auth.models import Group

from accounts.roles import CURATOR, LEARNER, MENTOR, ROLES, grant_role, user_roles


def test_every_new_account_is_a_learner(alice):
    assert alice.groups.filter(name=LEARNER).exists()
    assert user_roles(alice) == {LEARNER}


def test_role_groups_exist_after_migrate(db):
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


def test_a_curator_is_staff(curator):
    assert curator.is_staff
    assert CURATOR in user_roles(curator)


def test_granting_an_unknown_role_is_refused(alice):
    import pytest

    with pytest.raises(ValueError, match="unknown role"):
        grant_role(alice, "wizard")
    assert user_roles(alice) == {LEARNER}


def test_a_mentor_keeps_the_learner_role(mentor):
    assert user_roles(mentor) == {LEARNER, MENTOR}
