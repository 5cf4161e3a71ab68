"""Fixtures of the document demo's tests: a fake OCR engine chosen through the settings.

Plain builders (uploads, pages in review, API clients, events) are in helpers.py and event_scenes.py.
"""

import pytest

from demo_idp.ocr import engines
from tests.demo_idp.fakes import FakeEngine, hello_engine


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


@pytest.fixture
def sent_tasks(monkeypatch):
    """The tasks dispatch.py sends, as (name, args), kept here instead of reaching a broker."""
    from config.celery import app

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args=(), **options: sent.append((name, tuple(args))))
    return sent
