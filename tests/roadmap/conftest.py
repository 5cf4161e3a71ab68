"""Fixtures of the roadmap tests (the curated `content` and named users: tests/conftest.py)."""

import pytest


@pytest.fixture
def alice_client(client, alice):
    """A browser signed in as alice."""
    client.force_login(alice)
    return client
