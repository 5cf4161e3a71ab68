"""Production settings refuse to be unsafe: the development key fails `check --deploy`, HTTPS
settings come from the environment (off by default, for localhost), SQLite hides only W040."""

import os
import re
import secrets
from io import StringIO

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config import env
from tests.config.test_settings import ROOT, run_manage
from tests.services import missing, redis_url_for_tests

STRONG_KEY = "a-real-production-key-9f3b1c7e5a2d4b6c8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b"


def test_the_development_key_fails_the_deploy_check():
    result = run_manage("check", "--deploy", SECRET_KEY=settings.DEV_SECRET_KEY)
    assert result.returncode != 0
    assert "config.E001" in result.stderr


DEPLOYED = {"ALLOWED_HOSTS": "archpath.example", "DEBUG": "false"}


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "SECRET_KEY is not set"),
        (settings.DEV_SECRET_KEY, "SECRET_KEY is the repository's development key"),
        ("short-but-varied-key-1234567890", "SECRET_KEY is too weak"),
        ("ab" * 40, "SECRET_KEY is too weak"),
        ("django-insecure-" + STRONG_KEY, "SECRET_KEY starts with 'django-insecure-'"),
    ],
)
def test_a_deployment_refuses_to_start_on_an_unsafe_key(key, reason):
    result = run_manage("check", SECRET_KEY=key, **DEPLOYED)
    assert result.returncode != 0
    assert f"Configuration error: {reason}" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_deployment_without_the_variable_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)  # run_manage passes this process's environment on
    result = run_manage("check", **DEPLOYED)
    assert result.returncode != 0
    assert "Configuration error: SECRET_KEY is not set" in result.stderr


def test_a_deployment_starts_with_a_strong_key():
    result = run_manage("check", SECRET_KEY=STRONG_KEY, **DEPLOYED)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("hosts", ["localhost,127.0.0.1,[::1]", "testserver"])
def test_the_development_key_starts_on_this_machine(hosts):
    result = run_manage("check", SECRET_KEY=settings.DEV_SECRET_KEY, ALLOWED_HOSTS=hosts, DEBUG="false")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("key", ["short-but-varied-key-1234567890", "django-insecure-" + STRONG_KEY])
def test_a_weak_key_fails_the_deploy_check(key):
    result = run_manage("check", "--deploy", SECRET_KEY=key)
    assert result.returncode != 0
    assert "config.E001" in result.stderr


def test_a_real_key_passes_the_deploy_check(settings, db):
    settings.SECRET_KEY = STRONG_KEY
    issues = run_checks(include_deployment_checks=True)
    assert "config.E001" not in {issue.id for issue in issues}


def test_plain_check_accepts_the_development_key_for_localhost():
    result = run_manage("check", SECRET_KEY=settings.DEV_SECRET_KEY)
    assert result.returncode == 0, result.stderr
    assert "config.E001" not in result.stdout + result.stderr


def test_https_settings_are_off_by_default():
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert settings.SECURE_HSTS_PRELOAD is False
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_PROXY_SSL_HEADER is None


def test_https_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="yes",
        SECURE_SSL_REDIRECT="1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "31536000 True True True ('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECURE_HSTS_SECONDS", "a-year"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "sure"),
        ("SECURE_HSTS_PRELOAD", "2"),
        ("SECURE_SSL_REDIRECT", "maybe"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"),
    ],
)
def test_a_bad_https_value_stops_start_up_naming_the_variable(name, value):
    result = run_manage("check", **{name: value})
    assert result.returncode != 0
    assert f"Configuration error: {name}=" in result.stderr
    assert "Traceback" not in result.stderr


def test_env_proxy_ssl_header(monkeypatch):
    monkeypatch.delenv("PROXY", raising=False)
    assert env.env_proxy_ssl_header("PROXY") is None
    monkeypatch.setenv("PROXY", " HTTP_X_FORWARDED_PROTO ")
    assert env.env_proxy_ssl_header("PROXY") == ("HTTP_X_FORWARDED_PROTO", "https")
    for bad in ("X_FORWARDED_PROTO", "http_x_forwarded_proto", "HTTP_X-FORWARDED-PROTO"):
        monkeypatch.setenv("PROXY", bad)
        with pytest.raises(ImproperlyConfigured, match=f"PROXY='{bad}' must be a request header"):
            env.env_proxy_ssl_header("PROXY")


def test_check_says_nothing_about_the_covering_index_on_either_database(db):
    # SQLite ignores INCLUDE, so W040 is silenced there only; PostgreSQL builds the covering index.
    on_sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert ("models.W040" in settings.SILENCED_SYSTEM_CHECKS) == on_sqlite
    out, err = StringIO(), StringIO()
    call_command("check", stdout=out, stderr=err)
    assert "W040" not in out.getvalue() + err.getvalue()
    assert "no issues" in out.getvalue()


def readme_production_environment() -> dict[str, str]:
    """The variables of the README's production block; `<...>` marks a value the deployer fills in."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"### Production environment\n.*?```sh\n(.*?)```", readme, re.S)
    assert block, "README.md has no production environment block"
    lines = [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_the_readme_production_environment_passes_the_deploy_check_on_postgresql():
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        missing("the production check needs PostgreSQL: run the tests with DATABASE_URL=postgres://...")
    environment = readme_production_environment()
    filled = {"SECRET_KEY": secrets.token_urlsafe(50), "DATABASE_URL": database_url, "REDIS_URL": redis_url_for_tests()}
    assert {name for name, value in environment.items() if value.startswith("<")} <= set(filled) | {"EMAIL_HOST"}
    environment |= filled
    environment["EMAIL_HOST"] = environment["EMAIL_HOST"].strip("<>")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
