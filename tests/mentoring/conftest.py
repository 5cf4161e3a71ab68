"""Fixtures of the mentoring tests: alice's roadmap, and alice paired with her mentor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring import invitations
from tests.factories import make_roadmap


@pytest.fixture
def roadmap(content, alice):
    return make_roadmap(alice, today=timezone.localdate() - timedelta(days=30))


@pytest.fixture
def paired(roadmap, alice, mentor):
    return invitations.assign(learner=alice, mentor=mentor, by=mentor)
