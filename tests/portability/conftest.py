"""Portability tests: the curated `content`, the named users and the roadmap builders come from
tests/conftest.py and tests/factories.py; nothing here is shared by several modules yet."""
