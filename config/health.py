"""Health checks: one plain function per component, each returning a dict.

A check returns {"status": "ok", ...} or {"status": "error", "error": "<reason>"};
it never raises, so one broken component cannot hide the state of the others.
"""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytesseract
import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection


def _error(exc: BaseException) -> dict:
    return {"status": "error", "error": f"{type(exc).__name__}: {exc}".strip()}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return _error(exc)
    finally:
        # Checks run in worker threads: close the thread's connection.
        connection.close()


def check_redis() -> dict:
    timeout = settings.HEALTH_TIMEOUT_SECONDS
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout)
        client.ping()
        return {"status": "ok"}
    except Exception as exc:  # noqa: BLE001
        return _error(exc)


def check_celery() -> dict:
    from config.celery import app

    try:
        # limit=1: return as soon as one worker answers instead of waiting the whole timeout.
        replies = app.control.ping(timeout=settings.HEALTH_TIMEOUT_SECONDS, limit=1)
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    if not replies:
        return {"status": "error", "error": "no Celery worker answered a ping"}
    return {"status": "ok", "workers": sorted(name for reply in replies for name in reply)}


def check_storage() -> dict:
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        try:
            with default_storage.open(saved) as handle:
                if handle.read() != b"ok":
                    return {"status": "error", "error": "storage returned different bytes than were written"}
        finally:
            default_storage.delete(saved)
        return {"status": "ok", "backend": type(default_storage._wrapped).__name__}
    except Exception as exc:  # noqa: BLE001
        return _error(exc)


def check_tesseract() -> dict:
    pytesseract.pytesseract.tesseract_cmd = settings.TESSERACT_CMD
    try:
        return {"status": "ok", "version": str(pytesseract.get_tesseract_version())}
    except Exception as exc:  # noqa: BLE001
        return _error(exc)


CHECKS = {
    "database": check_database,
    "redis": check_redis,
    "celery": check_celery,
    "storage": check_storage,
    "tesseract": check_tesseract,
}


def run_checks() -> dict[str, dict]:
    """Run every check concurrently so a slow component costs its timeout only once."""
    with ThreadPoolExecutor(max_workers=len(CHECKS)) as pool:
        futures = {name: pool.submit(check) for name, check in CHECKS.items()}
        return {name: future.result() for name, future in futures.items()}
