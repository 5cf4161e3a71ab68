"""`make run`: prepare the database and start the whole stack on one machine.

Order: check the configuration, start Redis if none answers at REDIS_URL, start a
Celery worker and Celery beat, migrate, load the curated content, create the demo
accounts, collect the static files (when they changed), then start the web server
and print the URL once the site answers.

Each child runs in its own session so that Ctrl-C or SIGTERM stops exactly the
process trees started here (runserver's reloader, Celery's pool) and nothing else.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.services import redis_answers, start_local_redis  # noqa: E402

DEFAULT_HOSTS = "localhost,127.0.0.1,[::1]"


class Stack:
    def __init__(self) -> None:
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.stopping = False

    def adopt(self, name: str, process: subprocess.Popen) -> None:
        self.children.append((name, process))
        print(f"  started {name} (pid {process.pid})", flush=True)

    def start(self, name: str, argv: list[str], env: dict) -> None:
        self.adopt(name, subprocess.Popen(argv, cwd=ROOT, env=env, start_new_session=True))

    def stop(self) -> None:
        """Stop every child's process group, newest first; kill what ignores SIGTERM."""
        self.stopping = True
        for name, process in reversed(self.children):
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, process in reversed(self.children):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            # The group may outlive its leader (pool children): make sure it is gone.
            _signal_group(process, signal.SIGKILL)
            print(f"  stopped {name}", flush=True)

    def exited(self) -> tuple[str, int] | None:
        for name, process in self.children:
            if process.poll() is not None:
                return name, process.returncode
        return None


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def worker_command(concurrency: int, *extra: str) -> list[str]:
    """The Celery worker as `make run` starts it: prefork, one process per core by default.

    tests/integration/test_idp_worker_killed.py starts and kills this same worker; `extra` adds
    options to it (the tests include a module that registers their OCR engine)."""
    return [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
            "--concurrency", str(concurrency), *extra]


def prepare_site(env: dict) -> None:
    result = subprocess.run([sys.executable, "scripts/prepare_site.py"], cwd=ROOT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"preparing the site (migrate, load_content, seed_demo) failed with code {result.returncode}")


def collect_static(env: dict) -> None:
    result = subprocess.run([sys.executable, "scripts/collect_static.py"], cwd=ROOT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"collecting the static files failed with code {result.returncode}")


def stack_environment(host: str, port: int) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", PYTHONUNBUFFERED="1")
    # Collected static files: hashed names cached for a year, gzip copies (config/settings.py).
    env.setdefault("STATIC_ROOT", str(ROOT / "var" / "static"))
    env.setdefault("OMP_THREAD_LIMIT", "1")
    env.setdefault("SITE_URL", f"http://{host}:{port}")
    if "ALLOWED_HOSTS" not in env and host not in DEFAULT_HOSTS.split(","):
        # Binding to every interface means being reached by any name.
        env["ALLOWED_HOSTS"] = "*" if host in ("0.0.0.0", "::") else f"{DEFAULT_HOSTS},{host}"
    return env


def check_configuration(env: dict) -> str:
    """Load the settings once here, so a bad variable stops start-up with its name."""
    code = "from django.conf import settings; print(settings.REDIS_URL)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise SystemExit(f"Configuration error: {lines[-1] if lines else 'settings failed to load'}")
    return result.stdout.strip()


def wait_until_up(url: str, stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (failed := stack.exited()) is not None:
            raise SystemExit(f"{failed[0]} exited with code {failed[1]} during start-up")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # the server answered, even if a component is not ready yet
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"the web server did not answer at {url} within {timeout:.0f} seconds")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 1, help="Celery worker processes")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        raise SystemExit(f"PORT={args.port} is not a TCP port (1-65535)")

    started = time.monotonic()
    env = stack_environment(args.host, args.port)
    redis_url = check_configuration(env)
    stack = Stack()

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    (ROOT / "var").mkdir(exist_ok=True)
    try:
        if not redis_answers(redis_url):
            print(f"No Redis answers at {redis_url}: starting one.", flush=True)
            stack.adopt("redis", start_local_redis(redis_url, ROOT / "var" / "redis"))
        # The worker and beat boot while the database is prepared: neither touches it before a task runs.
        stack.start("celery worker", worker_command(args.concurrency), env)
        stack.start("celery beat", [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO"], env)
        prepare_site(env)
        collect_static(env)
        stack.start("web", [sys.executable, "manage.py", "runserver", f"{args.host}:{args.port}", "--noreload"], env)
        shown_host = f"[{args.host}]" if ":" in args.host else args.host
        url = f"http://{shown_host}:{args.port}/"
        wait_until_up(url + "healthz", stack)
        print(f"\nArchPath is up at {url}  (health: {url}healthz, API docs: {url}api/docs/)", flush=True)
        print(f"Ready in {time.monotonic() - started:.1f} s. Press Ctrl-C to stop.\n", flush=True)
        while (failed := stack.exited()) is None:
            time.sleep(0.5)
        print(f"{failed[0]} exited with code {failed[1]}: stopping the stack.", flush=True)
        return 1
    except KeyboardInterrupt:
        print("\nStopping ArchPath...", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
