"""Settings come from the environment; a bad value stops start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]


# What this test process sets for itself, not for a manage.py run: its database, and the browser
# tests' permission for sync ORM calls inside Playwright's event loop (check --deploy refuses it).
TEST_ONLY_VARIABLES = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, **overrides):
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES} | overrides
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("EMAIL_PORT", "twenty-five"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("HEALTH_TIMEOUT_SECONDS", "-1"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_a_bad_environment_value_stops_start_up_naming_the_variable(name, value):
    overrides = {name: value}
    if name == "EMAIL_PORT":
        overrides["EMAIL_HOST"] = "smtp.example.com"  # the port is read only with an SMTP host
    result = run_manage("check", **overrides)
    assert result.returncode != 0
    assert f"Configuration error: {name}=" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_defaults_start_the_site():
    result = run_manage("check")
    assert result.returncode == 0, result.stderr


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False), ("", False)]:
        monkeypatch.setenv("FLAG", raw)
        assert env.env_bool("FLAG") is expected
    monkeypatch.delenv("FLAG")
    assert env.env_bool("FLAG", default=True) is True


def test_env_int_refuses_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("WORKERS", "0")
    with pytest.raises(ImproperlyConfigured, match="WORKERS='0' must be at least 1"):
        env.env_int("WORKERS", 2, minimum=1)


def test_env_database_parses_postgres_urls(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/archpath")
    config = env.env_database("DATABASE_URL", "sqlite:///x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "archpath"


def test_env_list_drops_empty_items(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env.env_list("HOSTS") == ["a.example", "b.example"]
