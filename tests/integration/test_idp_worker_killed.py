"""A worker killed in the middle of a page loses no document: the message is redelivered (acks_late)
and a second worker finishes it, without duplicating the page.

The workers are separate processes, so they open the test database by its name: on PostgreSQL
(CI sets DATABASE_URL) the test database's, on SQLite the test database's file (the settings keep
SQLite's test database in a file, test-<name>.sqlite3, never in memory, for exactly this).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from demo_idp.intake import uploads
from demo_idp.intake.samples import form_page
from demo_idp.models import Document, Page, StageEvent

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# A short visibility timeout so the second worker takes the killed worker's message back in seconds.
WORKER = """
import sys
from config.celery import app
app.conf.broker_transport_options = {"visibility_timeout": 2}
app.worker_main(["worker", "--pool=solo", "--concurrency=1", "--without-mingle", "--without-gossip",
                 "--without-heartbeat", "--loglevel=INFO", "-n", sys.argv[1]])
"""


def shared_database_url() -> str:
    """The DATABASE_URL under which another process opens this test run's database."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        assert Path(db["NAME"]).is_file(), "the SQLite test database must be a file another process can open"
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_env(settings, redis_url, celery_app):
    url = shared_database_url()
    return {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings"}


def start_worker(env, name, log):
    return subprocess.Popen([sys.executable, "-c", WORKER, name], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)


def wait(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_document_survives_its_worker_being_killed_mid_page(worker_env, tmp_path):
    celery_purge(worker_env)
    # A few pages, so the kill lands in the middle of one of them.
    pages = [form_page(seed=seed, lines=6, width=1000, font_size=26).image for seed in range(3)]
    buffer = tmp_path / "three.tif"
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    with open(tmp_path / "worker1.log", "w") as log1, open(tmp_path / "worker2.log", "w") as log2:
        first = start_worker(worker_env, "first@%h", log1)
        try:
            document, _ = uploads.create_document(data=buffer.read_bytes(), name="three.tif", visitor_id="v")
            wait(lambda: Page.objects.filter(document=document, number=2, stage="reading").exists(), 120,
                 "the first worker to start reading page 2")
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        assert Document.objects.get(pk=document.pk).status == Document.Status.PROCESSING
        second = start_worker(worker_env, "second@%h", log2)
        try:
            wait(lambda: Document.objects.get(pk=document.pk).status in ("done", "needs_review", "failed"), 120,
                 "the second worker to finish the document")
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=30)
    assert Document.objects.get(pk=document.pk).status in ("done", "needs_review")
    assert list(Page.objects.filter(document=document).values_list("number", flat=True)) == [1, 2, 3]
    assert StageEvent.objects.filter(document=document, stage="ocr").count() == 3


def celery_purge(env):
    subprocess.run([sys.executable, "-m", "celery", "-A", "config", "purge", "-f"], cwd=ROOT, env=env,
                   capture_output=True, timeout=30)


