"""Shared fixtures: media in a temporary folder, a small cast of named users."""

import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Tests never write into the developer's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def alice(db):
    """A learner."""
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    """Another learner, for checks that alice's data stays hers."""
    return UserFactory(username="bob")


@pytest.fixture
def mentor(db):
    from accounts.roles import MENTOR, grant_role

    user = UserFactory(username="maya")
    grant_role(user, MENTOR)
    return user


@pytest.fixture
def reviewer(db):
    from accounts.roles import REVIEWER, grant_role

    user = UserFactory(username="rene")
    grant_role(user, REVIEWER)
    return user


@pytest.fixture
def curator(db):
    from accounts.roles import CURATOR, grant_role

    user = UserFactory(username="cora")
    grant_role(user, CURATOR)
    return user
