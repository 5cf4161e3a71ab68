"""Pages per second, latency and failures of the whole document pipeline, with one and two workers.

    .venv/bin/python bench/load_idp.py [DIR] [--pages 200] [--workers 1,2] [--timeout 1800]
    .venv/bin/python bench/load_idp.py [DIR] --url http://host:8000 --token KEY

Brings up the stack it measures on this machine, as `make run` does but throwaway: its own
database (a SQLite file in a temporary folder, or --database-url), its own media folder, a Redis
DB of its own (--redis-url; nothing is started if Redis does not answer), gunicorn, and for each
worker count k a Celery worker with --concurrency=k (prefork, OMP_THREAD_LIMIT=1). It uploads N
pages through POST /api/idp/documents/ as a user it creates, waits until every document is routed
(done or needs_review) or failed, and prints per worker count:

    pages/s   routed pages / (last routed - first upload)
    p50, p95  seconds from upload to routed (the documents' own timestamps, so polling adds nothing)
    failed    documents that failed, uploads refused, and documents not routed within --timeout

and the scaling ratio (pages/s with 2 workers over 1; the target is 1.8 or better on two cores).
The images in DIR are reused round-robin to reach N; each upload gets a comment with a counter
(a PNG tEXt chunk, a JPEG COM segment) so no two are the same bytes, which the site would treat
as one document, while the pixels stay the same. Everything it starts it stops, even on Ctrl-C.

With --url it measures a stack that is already running: its worker count cannot be changed from
here, so it measures once, and the documents it uploaded stay there.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.roadmap_dashboard import percentiles  # noqa: E402
from demo_idp.ocr.evaluation import IMAGE_SUFFIXES  # noqa: E402
from scripts.run_stack import Stack, wait_until_up  # noqa: E402
from scripts.services import redis_answers  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "ocr-eval" / "funsd"
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"
BENCH_USER = "load-bench"
ROUTED = ("needs_review", "done")
FAILED = "failed"
POLL_SECONDS = 0.5
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- what is uploaded ---------------------------------------------------------------------------

def load_images(directory: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of the images in directory, as PNG or JPEG so a counter can be added losslessly."""
    images = []
    for path in sorted(p for p in directory.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
        data = path.read_bytes()
        if not data.startswith((PNG_SIGNATURE, b"\xff\xd8")):
            from PIL import Image  # a TIFF: re-saved as PNG, which keeps every pixel

            buffer = io.BytesIO()
            Image.open(io.BytesIO(data)).save(buffer, format="PNG")
            data, path = buffer.getvalue(), path.with_suffix(".png")
        images.append((path.name, data))
    return images


def tagged(data: bytes, tag: str) -> bytes:
    """The same image with `tag` in a comment, so its bytes (and SHA-256) differ from any other upload."""
    text = b"Comment\x00" + tag.encode()
    if data.startswith(PNG_SIGNATURE):
        chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
        return data[:-12] + chunk + data[-12:]  # just before IEND, the last 12 bytes
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[2:]  # JPEG: COM after SOI


# --- talking to the site ------------------------------------------------------------------------

class Api:
    def __init__(self, base_url: str, token: str):
        self.base = base_url.rstrip("/")
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def upload(self, name: str, data: bytes) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + data + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {**self.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self._send(urllib.request.Request(f"{self.base}/api/idp/documents/", body, headers, method="POST"))

    def document(self, document_id: int) -> dict:
        status, body = self._send(urllib.request.Request(f"{self.base}/api/idp/documents/{document_id}/",
                                                         headers=self.headers))
        if status != 200:
            raise SystemExit(f"GET document {document_id} answered {status}: {body}")
        return body

    def _send(self, request: urllib.request.Request) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, {"detail": text[:200]}
        except (urllib.error.URLError, OSError) as error:
            raise SystemExit(f"{self.base} does not answer: {getattr(error, 'reason', error)}") from None


# --- one measurement ----------------------------------------------------------------------------

@dataclass
class Result:
    label: str
    pages: int
    pages_per_second: float
    p50: float
    p95: float
    failed: int
    seconds: float


def measure(api: Api, images: list[tuple[str, bytes]], *, uploads: int, run: str, label: str,
            timeout: float) -> Result:
    """Upload `uploads` files round-robin, wait until each is routed or failed, and sum up."""
    started = time.monotonic()
    pending, refused = [], 0
    for i in range(uploads):
        name, data = images[i % len(images)]
        status, body = api.upload(f"{run}-{i:04d}-{name}", tagged(data, f"load_idp {run} {i}"))
        if status in (401, 403):
            raise SystemExit(f"the API refused the upload ({status}): {body.get('detail', body)}")
        if status == 202 and not body.get("duplicate"):
            pending.append(body["id"])
        else:
            refused += 1
            print(f"  upload {i} ({name}) refused: {status} {body}", flush=True)
    print(f"  {len(pending)} uploaded in {time.monotonic() - started:.1f} s; waiting for the workers", flush=True)
    finished = wait_for(api, pending, deadline=started + timeout)
    routed = [d for d in finished if d["status"] in ROUTED]
    failed = refused + (len(pending) - len(routed))
    if not routed:
        return Result(label, 0, 0.0, float("nan"), float("nan"), failed, time.monotonic() - started)
    created = [_time(d["created"]) for d in routed]
    done = [_time(d["finished"]) for d in routed]
    pages = sum(d["page_count"] for d in routed)
    p50, p95 = percentiles([(end - start).total_seconds() for start, end in zip(created, done)])
    span = (max(done) - min(created)).total_seconds()
    return Result(label, pages, pages / span, p50, p95, failed, time.monotonic() - started)


def wait_for(api: Api, pending: list[int], *, deadline: float) -> list[dict]:
    """The documents once each is routed or failed (those still going at the deadline are left out).

    Workers take documents in upload order, so each round asks about the oldest unfinished ones
    only until it meets one still going: a few requests a second, not one per document.
    """
    pending, finished = list(pending), []
    while pending and time.monotonic() < deadline:
        while pending:
            document = api.document(pending[0])
            if document["status"] not in (*ROUTED, FAILED):
                break
            finished.append(document)
            pending.pop(0)
        time.sleep(POLL_SECONDS)
    late = 0
    for document_id in pending:  # a last look at every one, in case the order was not kept
        document = api.document(document_id)
        if document["status"] in (*ROUTED, FAILED):
            finished.append(document)
        else:
            late += 1
    if late:
        print(f"  timeout: {late} documents not routed in time", flush=True)
    return finished


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- the stack this script brings up ------------------------------------------------------------

class Site:
    """A throwaway site: database, media folder, gunicorn; and a Celery worker per measurement."""

    def __init__(self, *, workdir: Path, database_url: str | None, redis_url: str):
        self.workdir = workdir
        self.own_database = database_url is None
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
            MEDIA_ROOT=str(workdir / "media"),
            REDIS_URL=redis_url,
            IDP_UPLOAD_RATE="1000000/minute",  # one user uploads the whole load: no throttle in the way
            CELERY_BEAT_SCHEDULE_FILENAME=str(workdir / "celerybeat-schedule"),
            OMP_THREAD_LIMIT="1",  # as `make run`: Tesseract scales by processes, one thread each
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.web = Stack()
        self.worker: Stack | None = None
        self.celery = _celery_app(redis_url)

    def start(self) -> str:
        """Migrate, create the bench user, start gunicorn; return the user's API token."""
        self.manage("migrate", "--noinput", "-v", "0")
        token = self.django(
            "from django.contrib.auth import get_user_model\n"
            "from rest_framework.authtoken.models import Token\n"
            f"user, _ = get_user_model().objects.get_or_create(username={BENCH_USER!r})\n"
            "print(Token.objects.get_or_create(user=user)[0].key)"
        )
        # Two web processes: uploads arrive one after another, the second answers the polling.
        self.web.start("gunicorn", [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
            "--log-level", "warning", "--no-control-socket"], self.env)
        # Not /healthz: it waits for a Celery worker, and none runs yet. Any answer (401) will do.
        wait_until_up(f"{self.url}/api/idp/documents/", self.web)
        return token

    def start_worker(self, concurrency: int) -> None:
        self.celery.control.purge()  # nothing left from an earlier run may reach this worker
        name = f"load-bench-{concurrency}@{socket.gethostname()}"
        self.worker = Stack()
        self.worker.start(f"celery worker x{concurrency}", [
            sys.executable, "-m", "celery", "-A", "config", "--quiet", "worker", "--pool", "prefork", "--concurrency",
            str(concurrency), "--hostname", name, "--loglevel", "WARNING"], self.env)
        deadline = time.monotonic() + 60
        while not self.celery.control.ping(destination=[name], timeout=1):
            if (failed := self.worker.exited()) is not None:
                raise SystemExit(f"{failed[0]} exited with code {failed[1]} during start-up")
            if time.monotonic() > deadline:
                raise SystemExit(f"the worker {name} did not answer within 60 seconds")

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.stop()  # TERM to its process group; killed if it lingers
            self.worker = None
            self.celery.control.purge()  # what a stopped run left queued (after a timeout) goes too

    def clean(self) -> None:
        """Delete the bench user's documents and their events, so each run starts from the same state."""
        self.django(
            "from demo_idp.models import Document, StageEvent\n"
            f"StageEvent.objects.filter(document__owner__username={BENCH_USER!r}).delete()\n"
            f"Document.objects.filter(owner__username={BENCH_USER!r}).delete()"
        )

    def stop(self) -> None:
        self.stop_worker()
        self.web.stop()
        if not self.own_database:  # a database someone else keeps: take away all this script put there
            self.clean()
            self.django(f"from django.contrib.auth import get_user_model\n"
                        f"get_user_model().objects.filter(username={BENCH_USER!r}).delete()")

    def manage(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr.strip()}")
        return result.stdout.strip()

    def django(self, code: str) -> str:
        lines = self.manage("shell", "-v", "0", "-c", code).splitlines()
        return lines[-1] if lines else ""


def _celery_app(redis_url: str):
    """A bare Celery client on the stack's broker: enough to purge its queue and ping its worker."""
    from celery import Celery

    return Celery("load_idp", broker=redis_url)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the command --------------------------------------------------------------------------------

def print_table(results: list[Result]) -> None:
    print(f"\n{'workers':<10} {'pages':>6} {'pages/s':>8} {'p50 s':>8} {'p95 s':>8} {'failed':>7} {'wall s':>8}")
    for r in results:
        print(f"{r.label:<10} {r.pages:6d} {r.pages_per_second:8.3f} {r.p50:8.1f} {r.p95:8.1f} {r.failed:7d}"
              f" {r.seconds:8.1f}")
    by_label = {r.label: r for r in results}
    if "1" in by_label and "2" in by_label and by_label["1"].pages_per_second:
        ratio = by_label["2"].pages_per_second / by_label["1"].pages_per_second
        print(f"scaling, 2 workers / 1 worker: x{ratio:.2f} (target: 1.8 or better on two cores)")


def parse_workers(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of worker counts such as 1,2") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give one or more worker counts of at least 1")
    return counts


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path, nargs="?", default=DEFAULT_DIR,
                        help=f"images to upload (default: {DEFAULT_DIR})")
    parser.add_argument("--pages", type=positive, default=200, help="uploads (one page each for images)")
    parser.add_argument("--workers", type=parse_workers, default=[1, 2], help='worker counts, e.g. "1,2"')
    parser.add_argument("--timeout", type=positive, default=1800, help="seconds per run before giving up")
    parser.add_argument("--database-url", help="use this database (PostgreSQL) instead of a throwaway SQLite file")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS,
                        help=f"a Redis DB for the bench alone: its queue is purged (default {DEFAULT_REDIS})")
    parser.add_argument("--url", help="measure the stack running there instead (needs --token)")
    parser.add_argument("--token", default=os.environ.get("IDP_TOKEN", ""), help="API token for --url (or IDP_TOKEN)")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a directory of images")
    images = load_images(args.directory)
    if not images:
        parser.error(f"no images ({', '.join(IMAGE_SUFFIXES)}) in {args.directory}")
    if args.url and not args.token:
        parser.error("--url needs --token (or IDP_TOKEN): the API takes uploads from users only")
    if not args.url and not redis_answers(args.redis_url):
        raise SystemExit(f"no Redis answers at {args.redis_url}: start one (redis-server) or pass --redis-url")
    print(f"{args.pages} uploads from {len(images)} images in {args.directory}, {os.cpu_count()} CPUs", flush=True)
    run = time.strftime("%H%M%S")

    if args.url:
        print(f"measuring the stack at {args.url} once: its worker count is whatever it runs", flush=True)
        print_table([measure(Api(args.url, args.token), images, uploads=args.pages, run=run,
                             label="as running", timeout=args.timeout)])
        return 0

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # also when started in the background, where SIGINT comes ignored
    workdir = Path(tempfile.mkdtemp(prefix="load_idp-"))
    site = Site(workdir=workdir, database_url=args.database_url, redis_url=args.redis_url)
    results = []
    try:
        api = Api(site.url, site.start())
        print(f"site up at {site.url}, database {site.env['DATABASE_URL']}, broker {args.redis_url}", flush=True)
        for count in args.workers:
            print(f"{count} worker process(es):", flush=True)
            if results:
                site.clean()
            site.start_worker(count)
            try:
                results.append(measure(api, images, uploads=args.pages, run=f"{run}w{count}", label=str(count),
                                       timeout=args.timeout))
            finally:
                site.stop_worker()
        print_table(results)
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted: stopping what was started", flush=True)
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            site.stop()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
