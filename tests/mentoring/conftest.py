"""Fixtures of the mentoring tests (the curated `content` and named users: tests/conftest.py)."""

from tests.roadmap.conftest import alice_client  # noqa: F401  (the learner's own pages, to compare with a mentor's)
