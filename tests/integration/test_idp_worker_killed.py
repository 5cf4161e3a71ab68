"""Workers killed in the middle of a page lose no document and duplicate nothing; a page that kills
its worker every time fails with a reason instead of coming back forever.

The worker is the real prefork worker `make run` starts (scripts/run_stack.worker_command), given
the small time limit and visibility timeout an operator could set (CELERY_TASK_TIME_LIMIT,
CELERY_VISIBILITY_TIMEOUT, CELERY_RESTORE_SECONDS) and an OCR engine registered in its engine
registry (crashing_engine.py) that reads slowly and crashes on a marked page.

The workers are separate processes, so they open the test database by its name: on PostgreSQL
(CI sets DATABASE_URL) the test database's, on SQLite the test database's file (the settings keep
SQLite's test database in a file, test-<name>.sqlite3, never in memory, for exactly this).
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.db import connection
from PIL import Image

from demo_idp.intake import uploads
from demo_idp.models import Document, Page, Review, StageEvent
from demo_idp.monitoring import events
from scripts.run_stack import ROOT, worker_command

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PAGE_SECONDS = 0.5  # the test engine's time to read a page: the window in which a test kills
TIME_LIMIT = 10  # seconds: a three-page document takes about two, even on a loaded machine
VISIBILITY = TIME_LIMIT + 2  # the smallest the settings allow is TIME_LIMIT + 1
POISON_WIDTH = 333  # the test engine kills its process on a page this wide
WIDTH = 400  # every other page
CONCURRENCY = 2  # what `make run` starts on this machine's two cores


def shared_database_url() -> str:
    """The DATABASE_URL under which another process opens this test run's database."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        assert Path(db["NAME"]).is_file(), "the SQLite test database must be a file another process can open"
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Celery workers started as `make run` starts one, each in its own process group."""

    def __init__(self, env: dict, directory: Path):
        self.env, self.directory = env, directory
        self.reads_log = Path(env["CRASHING_ENGINE_READS"])
        self.started: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        name = f"killed{len(self.started)}@%h"
        log = open(self.directory / f"worker{len(self.started)}.log", "w")
        command = worker_command(CONCURRENCY, "--include", "tests.integration.crashing_engine", "-n", name)
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        log.close()
        self.started.append(process)
        return process

    def reads(self) -> list[tuple[int, int]]:
        """(pid, page width) of every page read so far, in order."""
        if not self.reads_log.exists():
            return []
        lines = [line.split() for line in self.reads_log.read_text().splitlines()]
        return [(int(pid), int(width)) for pid, width, _time in lines]

    def logs(self) -> str:
        return "\n".join(path.read_text()[-3000:] for path in sorted(self.directory.glob("worker*.log")))

    def wait(self, condition, what: str, timeout: float = 120) -> float:
        """Seconds until condition() is true; fails with the workers' logs after timeout."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if condition():
                return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{self.logs()}")

    def stop(self) -> None:
        for process in self.started:
            kill_group(process)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group: the main process and every pool child."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


@pytest.fixture
def broker(celery_app):
    client = redis.Redis.from_url(celery_app.conf.broker_url)
    client.flushdb()  # nothing left from an earlier test for these workers to take
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def workers(settings, broker, celery_app, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": celery_app.conf.broker_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "IDP_AUDIT_SHARE": "0",
        "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "CELERY_RESTORE_SECONDS": "1",
        "CRASHING_ENGINE_READS": str(tmp_path / "reads.log"),
        "CRASHING_ENGINE_SECONDS": str(PAGE_SECONDS),
        "CRASHING_ENGINE_POISON_WIDTH": str(POISON_WIDTH),
    }
    started = Workers(env, tmp_path)
    yield started
    started.stop()


def upload(*widths: int) -> Document:
    """A multi-page TIFF with one page of each width, uploaded and queued as a visitor's would be."""
    pages = [Image.new("L", (width, 300), 255) for width in widths]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    document, _ = uploads.create_document(data=buffer.getvalue(), name="scan.tif", visitor_id="visitor")
    return document


def status(document: Document) -> str:
    return Document.objects.get(pk=document.pk).status


def attempts(document: Document) -> dict[int, int]:
    return dict(Page.objects.filter(document=document).values_list("number", "attempts"))


def assert_finished_once(document: Document, workers: Workers, broker: redis.Redis) -> None:
    """Every page once, with one result and one set of events; the message acknowledged, none left."""
    document.refresh_from_db()
    assert document.status == Document.Status.DONE, document.error
    assert list(Page.objects.filter(document=document).values_list("number", "status")) == [
        (1, "done"), (2, "done"), (3, "done")]
    stages = Counter(StageEvent.objects.filter(document=document).values_list("page__number", "stage"))
    assert set(stages.values()) == {1}, stages  # (document, page, stage) never twice
    for number in (1, 2, 3):
        assert {"ocr", "store", "route", events.PAGE} <= {stage for page, stage in stages if page == number}
    assert stages[(None, events.QUEUE)] == stages[(None, events.ROUTED)] == 1
    assert not StageEvent.objects.filter(document=document, stage=events.FAILED).exists()
    assert not Review.objects.filter(page__document=document).exists()  # the fake reads at 95: no review
    # Acknowledged (just after the task returned): no message waits or sits unacknowledged to
    # process the document again later.
    workers.wait(lambda: broker.hlen("unacked") == 0, "the worker to acknowledge the message", timeout=10)
    assert broker.llen("celery") == 0


def test_a_pool_process_killed_mid_page_is_replaced_and_the_document_finishes(workers, broker):
    worker = workers.start()
    document = upload(WIDTH, WIDTH, WIDTH)
    workers.wait(lambda: len(workers.reads()) == 2, "the worker to start reading page 2")
    reader, _ = workers.reads()[1]
    assert parent_of(reader) == worker.pid  # a pool child of the worker, not its main process
    os.kill(reader, signal.SIGKILL)

    recovery = workers.wait(lambda: status(document) == "done", "the document to finish")
    print(f"pool child killed: document done {recovery:.1f} s later")
    assert worker.poll() is None  # the worker lived on, with a new pool process
    assert_finished_once(document, workers, broker)
    # Page 2 was read again after the kill; pages 1 and 3 once each.
    assert [width for _pid, width in workers.reads()] == [WIDTH] * 4
    assert attempts(document) == {1: 1, 2: 2, 3: 1}


def test_a_whole_worker_killed_mid_page_leaves_its_document_to_the_next_worker(workers, broker):
    first = workers.start()
    document = upload(WIDTH, WIDTH, WIDTH)
    workers.wait(lambda: len(workers.reads()) == 2, "the first worker to start reading page 2")
    kill_group(first)
    killed_at = time.monotonic()
    time.sleep(PAGE_SECONDS + 0.5)
    # Nobody is left to give the message back: the document waits, with page 2 half done.
    assert status(document) == "processing"
    assert Page.objects.get(document=document, number=2).status == "processing"
    assert broker.hlen("unacked") == 1

    second = workers.start()
    started_at = time.monotonic()
    workers.wait(lambda: status(document) == "done", "the second worker to finish the document")
    print(f"whole worker killed: document done {time.monotonic() - killed_at:.1f} s after the kill, "
          f"{time.monotonic() - started_at:.1f} s after a worker started again (visibility timeout {VISIBILITY} s)")
    assert_finished_once(document, workers, broker)
    # Page 1 finished before the kill and was not read again; page 2 was read by both workers.
    assert [width for _pid, width in workers.reads()] == [WIDTH] * 4
    assert attempts(document) == {1: 1, 2: 2, 3: 1}
    assert second.poll() is None


def test_a_page_that_kills_its_worker_three_times_fails_with_a_reason(workers, broker):
    worker = workers.start()
    document = upload(WIDTH, POISON_WIDTH, WIDTH)
    workers.wait(lambda: status(document) == "failed", "the document to fail")

    document.refresh_from_db()
    assert document.error == "page 2 stopped the reader three times; it may be damaged: try another scan"
    # Three kills: page 2 read three times, then refused before a fourth read; page 3 never started.
    assert [width for _pid, width in workers.reads()] == [WIDTH, POISON_WIDTH, POISON_WIDTH, POISON_WIDTH]
    assert len({pid for pid, width in workers.reads() if width == POISON_WIDTH}) == 3
    assert attempts(document) == {1: 1, 2: 3, 3: 0}
    assert list(Page.objects.filter(document=document).values_list("status", flat=True)) == ["done", "failed",
                                                                                             "failed"]
    failure = StageEvent.objects.get(document=document, stage=events.FAILED)
    assert failure.label == events.PAGE_CRASHED
    assert worker.poll() is None
    # The message was acknowledged with the failure: no further delivery comes.
    workers.wait(lambda: broker.hlen("unacked") == 0, "the worker to acknowledge the message", timeout=10)
    assert broker.llen("celery") == 0 and len(workers.reads()) == 4
