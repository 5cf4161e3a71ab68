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
