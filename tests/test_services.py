"""The test harness's own rule: under CI a missing service fails the test, never skips it."""

import pytest

from tests import services


def test_a_missing_service_fails_under_ci(monkeypatch):
    monkeypatch.setattr(services, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true: a missing service is a failure"):
        services.missing("no Redis answers")


def test_a_missing_service_skips_with_its_reason_on_a_developer_machine(monkeypatch):
    monkeypatch.setattr(services, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="no Redis answers"):
        services.missing("no Redis answers")


def test_a_remote_redis_that_does_not_answer_cannot_be_started(tmp_path):
    from scripts.services import start_local_redis

    with pytest.raises(RuntimeError, match="not on this machine"):
        start_local_redis("redis://redis.invalid:6379/0", tmp_path)


@pytest.mark.parametrize(
    "worker, tests, stack",
    [(None, "redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/14"),
     ("gw0", "redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/14"),
     ("gw1", "redis://127.0.0.1:6379/13", "redis://127.0.0.1:6379/12")],
)
def test_each_xdist_worker_has_redis_databases_of_its_own(monkeypatch, worker, tests, stack):
    monkeypatch.delenv("TEST_REDIS_URL", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    if worker:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    assert services.redis_url_for_tests() == tests
    assert services.stack_redis_url(tests) == stack


def test_too_many_xdist_workers_for_the_redis_databases_is_an_error(monkeypatch):
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    with pytest.raises(RuntimeError, match="no Redis database for xdist worker gw7"):
        services.redis_url_for_tests()


def test_a_worker_starts_its_own_redis_on_a_port_of_its_own(monkeypatch, tmp_path):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setattr(services, "redis_answers", lambda url: False)
    monkeypatch.setattr(services, "start_local_redis", lambda url, workdir: f"started {url}")
    assert services.ensure_redis("redis://127.0.0.1:6379/13", tmp_path) == (
        "redis://127.0.0.1:6381/13", "started redis://127.0.0.1:6381/13"
    )


def test_no_test_gets_a_random_quality_audit_unless_it_asks(settings):
    # tests/conftest.py turns the audit off for every test: its seeded draw differs between runs.
    assert settings.IDP_AUDIT_SHARE == 0
