"""Real services for the tests: Redis and a Celery worker.

A test that needs a service fails under CI (CI=true) when the service is missing;
on a developer's machine it is skipped with the reason and the package to install.
"""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from scripts.services import redis_answers, start_local_redis

IN_CI = os.environ.get("CI", "").lower() == "true"


def missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure)", pytrace=False)
    pytest.skip(reason)


def xdist_worker() -> int | None:
    """This process's pytest-xdist worker number (gw3 -> 3), or None outside xdist."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name[2:]) if name.startswith("gw") else None


def redis_url_for_tests() -> str:
    """TEST_REDIS_URL, default database 15 (a `make run` uses database 0).

    Each test process takes two databases, its own and the one below for a stack it starts
    (stack_redis_url): 15 and 14 without xdist, 15-2n and 14-2n for xdist worker gw<n>."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    worker = xdist_worker()
    if worker is None:
        return url
    database = _database(url) - 2 * worker
    if database < 2:  # database 0 is `make run`'s, and the stack takes the one below
        raise RuntimeError(
            f"TEST_REDIS_URL={url} leaves no Redis database for xdist worker gw{worker}: use fewer workers (-n)"
        )
    return _replace(url, database=database)


def stack_redis_url(url: str) -> str:
    """The Redis database for a whole stack a test starts (`make run`): the one below the tests' own."""
    return _replace(url, database=_database(url) - 1)


def ensure_redis(url: str, workdir: Path) -> tuple[str, subprocess.Popen | None]:
    """The URL of a Redis that answers, and the redis-server process started for it (None if one answered).

    Under xdist each worker that has to start a Redis starts its own, on the port after ``url``'s
    plus its number, so that no worker stops a Redis another one still uses."""
    if redis_answers(url):
        return url, None
    worker = xdist_worker()
    if worker is not None:
        url = _replace(url, port=(urlsplit(url).port or 6379) + 1 + worker)
    try:
        return url, start_local_redis(url, workdir)
    except RuntimeError as exc:
        missing(str(exc))


def _database(url: str) -> int:
    return int(urlsplit(url).path.strip("/") or 0)


def _replace(url: str, *, database: int | None = None, port: int | None = None) -> str:
    parts = urlsplit(url)
    if port is not None:
        host = parts.netloc.rsplit(":", 1)[0] if parts.port else parts.netloc
        parts = parts._replace(netloc=f"{host}:{port}")
    if database is not None:
        parts = parts._replace(path=f"/{database}")
    return urlunsplit(parts)


def reconnect_celery(app) -> None:
    """Make the Celery app's next send or ping connect to conf.broker_url as it is now.

    Celery takes its connection and producer pools once, from the URL of that moment, and keeps
    them: the app's pool, the producer pool, and the control mailbox's own cached producer pool
    (used by pings: the health check). app.close() would forget only the first, and unregister
    the project's app besides. The pools stay open in kombu's registry, keyed by URL, for reuse.
    """
    app._pool = app.amqp._producer_pool = None
    app.control.mailbox.__dict__.pop("producer_pool", None)
