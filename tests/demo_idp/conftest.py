"""Fixtures of the document demo's tests: a fake OCR engine chosen through the settings, and the
tasks queued in the test Redis.

Plain builders (uploads, pages in review, API clients, events) are in helpers.py and event_scenes.py.
"""

import base64
import json

import pytest

from demo_idp.ocr import engines
from tests.demo_idp.fakes import FakeEngine, hello_engine
from tests.services import reconnect_celery


def use_engine(monkeypatch, settings, engine) -> None:
    """Make `engine` the one IDP_OCR_ENGINE names, for this test only (the registry, not a patch)."""
    monkeypatch.setitem(engines.ENGINES, engine.name, lambda: engine)
    settings.IDP_OCR_ENGINE = engine.name


@pytest.fixture
def fake_ocr(monkeypatch, settings):
    """The pipeline reads every page with a FakeEngine: "Invoice 42" at confidence 95 (change
    .confidence to route differently); .calls holds the images it was given."""
    engine = FakeEngine(low_word_confidence=settings.IDP_LOW_WORD_CONFIDENCE)
    use_engine(monkeypatch, settings, engine)
    return engine


@pytest.fixture
def hello_ocr(monkeypatch, settings):
    """The pipeline reads every page as the one word "Hello" at 91."""
    engine = hello_engine()
    use_engine(monkeypatch, settings, engine)
    return engine


def _task(message: bytes) -> tuple[str, tuple]:
    """(name, args) of a task message as kombu's Redis transport stores it: a JSON envelope whose
    headers name the task and whose base64 body is [args, kwargs, embed] (Celery's protocol 2)."""
    envelope = json.loads(message)
    body = envelope["body"]
    if envelope["properties"].get("body_encoding") == "base64":
        body = base64.b64decode(body)
    args, _kwargs, _embed = json.loads(body)
    return envelope["headers"]["task"], tuple(args)


@pytest.fixture
def queued_tasks(celery_app):
    """A function answering what waits in the test Redis for a worker: (name, args), oldest first.

    dispatch.py sends through the project's Celery app, pointed at the test Redis (celery_app);
    kombu keeps a queue's messages in a Redis list named after it, pushed on the left, so reading
    the list back shows exactly what a worker would take. Needs Redis: skipped without it, except
    under CI=true, where it fails (tests/services.py).
    """
    import redis

    queue = celery_app.conf.task_default_queue
    broker = redis.Redis.from_url(celery_app.conf.broker_url)
    broker.delete(queue)
    yield lambda: [_task(message) for message in reversed(broker.lrange(queue, 0, -1))]
    broker.delete(queue)
    broker.close()


@pytest.fixture
def broker_down(celery_app):
    """The project's Celery app pointed at a Redis port nothing listens on."""
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    reconnect_celery(celery_app)
    yield celery_app  # celery_app's teardown points it back and reconnects
