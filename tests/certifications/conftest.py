"""Certification tests: the curated `content` and the named users come from tests/conftest.py;
the record builders (track, passed, change) are plain functions in helpers.py."""

from tests.roadmap.conftest import alice_client  # noqa: F401  (one signed-in client for both folders)
