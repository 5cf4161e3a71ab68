"""/healthz against the real components: Redis, a Celery worker, Tesseract, storage, the database."""

import pytest

pytestmark = pytest.mark.integration


def test_healthz_is_200_when_every_component_is_ok(client, celery_worker):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "celery", "storage", "tesseract"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["tesseract"]["version"].startswith("5.")
    assert body["checks"]["celery"]["workers"]


def test_healthz_is_503_and_names_celery_when_no_worker_answers(client, celery_app, db, settings):
    settings.HEALTH_TIMEOUT_SECONDS = 0.5
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["celery"] == {"status": "error", "error": "no Celery worker answered a ping"}
    assert body["checks"]["redis"]["status"] == "ok"


def test_healthz_reports_an_unreachable_redis_by_its_error(client, db, settings, celery_app):
    from config.celery import app

    dead = "redis://127.0.0.1:1/0"
    settings.REDIS_URL = dead
    app.conf.broker_url = dead
    settings.HEALTH_TIMEOUT_SECONDS = 0.5
    body = client.get("/healthz").json()
    assert body["checks"]["redis"]["status"] == "error"
    assert "Connection" in body["checks"]["redis"]["error"]
