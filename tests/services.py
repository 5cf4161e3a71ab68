"""Real services for the tests: Redis and a Celery worker.

A test that needs a service fails under CI (CI=true) when the service is missing;
on a developer's machine it is skipped with the reason and the package to install.
"""

import os
from pathlib import Path

import pytest

from scripts.services import redis_answers, start_local_redis

IN_CI = os.environ.get("CI", "").lower() == "true"


def missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure)", pytrace=False)
    pytest.skip(reason)


def redis_url_for_tests() -> str:
    # Database 15 by default keeps the tests' queues apart from a `make run` on database 0.
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def ensure_redis(url: str, workdir: Path):
    """Return a redis-server process started for the tests, or None if one already answers."""
    if redis_answers(url):
        return None
    try:
        return start_local_redis(url, workdir)
    except RuntimeError as exc:
        missing(str(exc))
