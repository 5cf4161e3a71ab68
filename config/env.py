"""Read settings from the environment, refusing bad values.

Each helper names the variable in its error, so a typo in a deployment stops
start-up with a message a person can act on instead of a half-working site.
"""

import os
import re

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_float(name: str, default: float, *, minimum: float | None = None, maximum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name}={raw!r} must be between {minimum} and {maximum}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(choices)}")
    return value


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name, default)
    try:
        config = environ.Env.db_url_config(raw)
    except (ImproperlyConfigured, KeyError, ValueError) as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a database URL ({exc})") from None
    if config.get("ENGINE") not in set(environ.Env.DB_SCHEMES.values()):
        schemes = ", ".join(sorted({"sqlite", "postgres", "mysql"}))
        raise ImproperlyConfigured(f"{name}={raw!r} has an unknown database scheme (use one of {schemes})")
    return config


def env_redis_url(name: str, default: str) -> str:
    raw = os.environ.get(name, default)
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name}={raw!r} must start with redis://, rediss:// or unix://")
    return raw


def env_rate(name: str, default: str) -> str:
    """A rate as DRF's throttles read it: a whole number per second, minute, hour or day ("20/minute")."""
    raw = os.environ.get(name, default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", raw):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a rate: write it as a number per second, minute, hour "
                                   f"or day, e.g. 20/minute")
    return raw


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """The header a trusted proxy sets to "https", as Django's META name (HTTP_X_FORWARDED_PROTO)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"HTTP_[A-Z0-9_]+", raw):
        raise ImproperlyConfigured(
            f"{name}={raw!r} must be a request header as Django names it, e.g. HTTP_X_FORWARDED_PROTO"
        )
    return (raw, "https")
