"""Shared fixtures: media in a temporary folder, a small cast of named users."""

import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tests never write into the developer's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: the real one is deliberately slow and would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The in-process cache outlives a test's database: start every test with it empty.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def content(db):
    """The curated content from content/*.yaml."""
    from django.core.management import call_command

    call_command("load_content", verbosity=0)


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


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis that answers: the one at TEST_REDIS_URL, or one started for this session."""
    from tests.services import ensure_redis, redis_url_for_tests

    url = redis_url_for_tests()
    process = ensure_redis(url, tmp_path_factory.mktemp("redis"))
    yield url
    if process is not None:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def celery_app(settings, redis_url):
    """The project's Celery app pointed at the test Redis."""
    from config.celery import app

    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = redis_url
    previous = app.conf.broker_url, app.conf.result_backend
    app.conf.broker_url = app.conf.result_backend = redis_url
    yield app
    app.conf.broker_url, app.conf.result_backend = previous


@pytest.fixture
def celery_worker(celery_app, transactional_db):
    """A real Celery worker consuming from the test Redis, in a thread of this process
    so that it shares the test database."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
