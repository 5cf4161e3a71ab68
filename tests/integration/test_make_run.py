"""`make run` from the repository: the whole stack comes up healthy, and a signal stops
exactly what it started (the Redis that was already running keeps running)."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from json import loads
from pathlib import Path

import pytest

from scripts.services import redis_answers
from tests.services import stack_redis_url

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_until_up(process, timeout=240) -> tuple[list[int], str]:
    """Read make's output until the stack says it is up; return the started pids and the log."""
    pids, log = [], []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        log.append(line)
        if match := re.search(r"started .+ \(pid (\d+)\)", line):
            pids.append(int(match.group(1)))
        if "ArchPath is up at" in line:
            return pids, "".join(log)
    pytest.fail("make run did not come up:\n" + "".join(log))


def healthz(port: int, timeout=60) -> dict:
    deadline = time.monotonic() + timeout
    body = {}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                return loads(response.read())
        except urllib.error.HTTPError as exc:  # 503 until the worker answers its first ping
            body = loads(exc.read())
        time.sleep(0.5)
    return body


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def start_make_run(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_make_run_serves_a_healthy_stack_and_stops_what_it_started(tmp_path, redis_url, stop_signal):
    redis_for_stack = stack_redis_url(redis_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))} | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat-schedule"),
        "REDIS_URL": redis_for_stack,
    }
    port = free_port()
    started = time.monotonic()
    make = start_make_run(port, env)
    try:
        pids, log = read_until_up(make)
        body = healthz(port)
        print(f"make run ({stop_signal.name}) up in {time.monotonic() - started:.1f} s")
        assert body.get("status") == "ok", body
        assert "archpath-demo" in log  # the demo accounts are printed with their password
        assert len(pids) == 3  # worker, beat, web (Redis was already running)
    finally:
        # Ctrl-C reaches the whole foreground group; SIGTERM goes to make alone.
        if stop_signal == signal.SIGINT:
            os.killpg(make.pid, signal.SIGINT)
        else:
            make.send_signal(signal.SIGTERM)
        rest, _ = make.communicate(timeout=60)
    assert "Stopping ArchPath" in rest
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in pids if alive(pid)]
    assert redis_answers(redis_url)  # the Redis it did not start keeps running
