"""Shared fixtures: media in a temporary folder, a small cast of named users."""

import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tests never write into the developer's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: the real one is deliberately slow and would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No random quality audit unless a test asks for one: the draw is seeded by the page's id, which
    # differs between databases and runs, so a confident page would otherwise go to review 5% of the time.
    settings.IDP_AUDIT_SHARE = 0
    # The cache outlives a test's database: start every test with it empty.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _cache_on_the_test_redis():
    """The cache on this test process's own Redis database (tests/services.py), as the site keeps it
    on Redis; in memory on a machine where no Redis runs (under CI=true a missing Redis fails)."""
    from django.test.utils import override_settings

    from scripts.services import redis_answers
    from tests.services import IN_CI, redis_url_for_tests

    url = redis_url_for_tests()
    if redis_answers(url) or IN_CI:
        backend = {"BACKEND": "core.cache.ForgivingRedisCache", "LOCATION": url, "KEY_PREFIX": "cache"}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={"default": backend}):
        yield


# The curated content (content/*.yaml) is loaded once per session (per xdist worker) into the
# test database, so every test's transaction rolls back to a database that holds it. A
# transactional test (transactional_db, live_server: e2e, integration, Celery worker) ends with
# a flush that empties every table; the next test that asks for `content` loads it again,
# outside any test transaction, before its fixtures are set up.
_session: dict = {"blocker": None}  # django_db_blocker, once the test database holds the content


def load_real_content() -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command("load_content", verbosity=0, stdout=StringIO())


def real_content_loaded() -> bool:
    from django.conf import settings

    from roadmap.models import ContentRevision

    return ContentRevision.objects.filter(directory=str(settings.BASE_DIR / "content")).exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_real_content()
    _session["blocker"] = django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if _session["blocker"] is not None and "content" in item.fixturenames:
        with _session["blocker"].unblock():
            if not real_content_loaded():
                load_real_content()
    return (yield)


@pytest.fixture
def content(db):
    """The curated content from content/*.yaml (already in the database: see django_db_setup)."""
    assert real_content_loaded(), "the curated content should have been loaded before this test"


@pytest.fixture
def empty_content(db):
    """A database without the curated content, for tests that load content of their own.

    Deleted inside the test's transaction, so the next test finds the content again."""
    from roadmap.content.loader import model_of
    from roadmap.content.schema import KINDS
    from roadmap.models import ContentRevision

    for kind in reversed(KINDS):  # dependants first: PROTECTed references go before their targets
        model_of(kind).objects.all().delete()
    ContentRevision.objects.all().delete()


@pytest.fixture
def alice(db):
    """A learner."""
    return UserFactory(username="alice")


@pytest.fixture
def alice_client(client, alice):
    """A browser signed in as alice."""
    client.force_login(alice)
    return client


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

    url, process = ensure_redis(redis_url_for_tests(), tmp_path_factory.mktemp("redis"))
    yield url
    if process is not None:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def celery_app(settings, redis_url):
    """The project's Celery app pointed at the test Redis."""
    from config.celery import app

    from tests.services import reconnect_celery

    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = redis_url
    previous = app.conf.broker_url, app.conf.result_backend
    app.conf.broker_url = app.conf.result_backend = redis_url
    reconnect_celery(app)
    yield app
    app.conf.broker_url, app.conf.result_backend = previous
    reconnect_celery(app)


@pytest.fixture
def celery_worker(celery_app, transactional_db):
    """A real Celery worker consuming from the test Redis, in a thread of this process
    so that it shares the test database."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
