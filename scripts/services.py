"""Start a local Redis when none answers: shared by `make run` and the test suite."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import redis

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def redis_answers(url: str, timeout: float = 1.0) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout).ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def start_local_redis(url: str, workdir: Path) -> subprocess.Popen:
    """Start redis-server for ``url`` (a localhost URL) as a child in its own session.

    It keeps nothing on disk: the queue is transient work, and the database is the record.
    Raises RuntimeError with a readable reason when it cannot.
    """
    parts = urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS:
        raise RuntimeError(f"no Redis answers at {url}, and it is not on this machine, so none can be started")
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(f"no Redis answers at {url} and redis-server is not installed (apt-get install redis-server)")
    workdir.mkdir(parents=True, exist_ok=True)
    port = parts.port or 6379
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if redis_answers(url, timeout=0.2):
            return process
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with code {process.returncode} (is port {port} taken?)")
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"redis-server did not answer at {url} within 10 seconds")
