"""The pipeline dashboard, the metrics API and /metrics over a week of stage events, on PostgreSQL.

    .venv/bin/python bench/dashboard.py [--events 1000000] [--runs 20] [--json] [--no-explain]
        [--database-url postgres://postgres@127.0.0.1:5432/archpath_bench] [--keep]

Drops and re-creates its own database (its name must contain "bench"), migrates it, and seeds
--events StageEvent rows with COPY: documents uploaded over the last 7 days, each with upload,
queue, rasterise, routed and final (or failed) events, and per page the processing stages and
the page milestone (route, confidence), a review for about 15% of pages (reviewer, error), in
the proportions and timings of a busy service. The documents of the last day stay as rows (the
rest were deleted by retention, as in production), the in-flight ones queued or in review.
Events are written in the order they finished, as the pipeline appends them. Then VACUUM ANALYZE
(what autovacuum does to a live table; index-only scans need its visibility map), the rollups
of every closed minute built at once (the beat task's work after an outage of a week, timed),
EXPLAIN ANALYZE of every chart query of the 7-day window (time, and what it reads; --no-explain
skips it), and p50/p95 in milliseconds of --runs anonymous requests per URL (django.test.Client,
in process: the view, the queries and the rendering, no network), cold (the dashboard's shared
day and week emptied before every request) and shared (another viewer within the cache period).
With --json the last line is {"events": N, "rollup_s": .., "load_average": .., "urls": {url:
{"cold": {"p50_ms", "p95_ms"}, "shared": {...}}}}. The database is dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from roadmap_dashboard import percentiles  # noqa: E402  (same folder: p50/p95 of the samples)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/archpath_bench"
FILE_TYPES = {"png": 0.40, "jpeg": 0.25, "tiff": 0.10, "pdf": 0.25}
PDF_PAGES = (1, 1, 2, 2, 3, 4, 6, 10)
PAGE_STAGES = {"clean": 0.15, "deskew": 0.2, "orientation": 0.4, "ocr": 1.6, "store": 0.05, "route": 0.01}
FAILURES = {"bad_input": 0.5, "engine_refused": 0.2, "time_limit": 0.1, "error": 0.2}
REVIEWERS = 8
COLUMNS = ("stage", "started", "finished", "duration", "file_type", "label", "confidence", "error", "reviewer_id")


# The database


def recreate_database(url: str) -> None:
    """Drop and create the database `url` names, through the server's maintenance database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"--database-url must be a PostgreSQL URL, not {url!r}")
    if not re.fullmatch(r"\w+", name) or "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the benchmark's database name must contain 'bench'")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432} ({error}); "
                 "start it or pass --database-url")


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parts.path[1:])))


# A week of a busy pipeline


class Simulation:
    """Documents uploaded at random over the week, followed through the pipeline to their events."""

    def __init__(self, *, now: datetime, reviewer_ids: list[int], seed: int = 7):
        self.now = now
        self.reviewer_ids = reviewer_ids
        self.rng = random.Random(seed)
        self.rows: list[tuple] = []
        self.live: list[dict] = []  # documents of the last day, still stored
        self.kind = ""  # the file type of the document being followed

    def add(self, stage, started, finished, *, duration=None, label="", confidence=None, error=None, reviewer=None):
        if finished <= self.now:  # what has not happened yet has no event
            duration = (finished - started).total_seconds() if duration is None else duration
            self.rows.append((stage, started, finished, duration, self.kind, label, confidence, error, reviewer))

    def seconds(self, mean: float, spread: float = 0.4) -> timedelta:
        return timedelta(seconds=self.rng.lognormvariate(math.log(mean), spread))

    def document(self) -> None:
        rng, t0 = self.rng, self.now - timedelta(seconds=self.rng.uniform(0, 7 * 86400))
        self.kind = rng.choices(list(FILE_TYPES), weights=FILE_TYPES.values())[0]
        pages = rng.choice(PDF_PAGES) if self.kind == "pdf" else 1
        self.add("upload", t0, t0)
        wait = self.seconds(4, 0.8) + (timedelta(minutes=rng.uniform(1, 30)) if rng.random() < 0.01 else timedelta())
        t = t0 + wait
        self.add("queue", t0, t)
        state = {"created": t0, "kind": self.kind, "pages": pages, "deadline": t0 + timedelta(hours=48),
                 "status": "queued" if t > self.now else "processing", "open_reviews": 0}
        step = self.seconds(0.2 * pages)
        self.add("rasterise", t, t + step)
        t += step
        if rng.random() < 0.02:
            self.add("failed", t0, t, label=rng.choices(list(FAILURES), weights=FAILURES.values())[0])
            self.keep(state, t, "failed")
            return
        reviews = []
        for _ in range(pages):
            started = t
            for stage, mean in PAGE_STAGES.items():
                step = self.seconds(mean)
                self.add(stage, t, t + step)
                t += step
            confidence = max(0.0, min(100.0, rng.gauss(90, 8)))
            audit = confidence >= 80 and rng.random() < 0.05
            route = "review" if confidence < 80 or audit else "auto_accepted"
            self.add("page", started, t, label=route, confidence=round(confidence, 2))
            if route == "review":
                reviews.append((confidence, audit))
        self.add("routed", t0, t, label="needs_review" if reviews else "done")
        if t <= self.now:
            state["status"] = "needs_review" if reviews else "done"
        claim = t + timedelta(seconds=rng.expovariate(1 / 10800))  # hours in the reviewers' queue
        if reviews and rng.random() < 0.03:
            claim += timedelta(hours=rng.uniform(40, 60))  # a backlog: late
        for confidence, audit in reviews:
            submitted = claim + self.seconds(90, 0.6)
            if submitted > self.now:
                state["open_reviews"] += 1
            self.add("review", claim, submitted, confidence=round(confidence, 2), label="audit" if audit else "rules",
                     error=round(max(0.0, rng.gauss((100 - confidence) / 400, 0.02)), 4),
                     reviewer=rng.choice(self.reviewer_ids))
            claim = submitted + timedelta(seconds=rng.uniform(2, 30))
        final = claim if reviews else t
        self.add("final", t0, final, label="late" if final > state["deadline"] else "on_time")
        if final <= self.now:
            state["status"] = "done"
        self.keep(state, final, state["status"])

    def keep(self, state: dict, finished: datetime, status: str) -> None:
        if state["created"] > self.now - timedelta(days=1):
            state.update(status=status, finished=finished if status in ("done", "failed") else None)
            self.live.append(state)


def seed(events: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from demo_idp.models import Document, Page, Review

    started = time.perf_counter()
    user = get_user_model()
    users = user.objects.bulk_create(user(username=f"reviewer{i}", password="!") for i in range(REVIEWERS))
    simulation = Simulation(now=timezone.now(), reviewer_ids=[u.pk for u in users])
    while len(simulation.rows) < events:
        simulation.document()
    simulation.rows.sort(key=lambda row: row[2])  # the pipeline appends events as they finish
    generated = time.perf_counter()

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY demo_idp_stageevent ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in simulation.rows:
                copy.write_row(row)
    copied = time.perf_counter()

    documents = Document.objects.bulk_create(
        Document(visitor_id="bench", original_name=f"scan{i}.{d['kind']}", sha256=f"{i:064x}", storage_key=f"k{i}",
                 content_type=d["kind"], size=100_000, page_count=d["pages"], status=d["status"], created=d["created"],
                 finished=d["finished"], sla_deadline=d["deadline"])
        for i, d in enumerate(simulation.live)
    )
    waiting = [(doc, d["open_reviews"]) for doc, d in zip(documents, simulation.live, strict=True) if d["open_reviews"]]
    pages = Page.objects.bulk_create(
        Page(document=doc, number=n, status="needs_review", route="review") for doc, count in waiting
        for n in range(1, count + 1)
    )
    Review.objects.bulk_create(Review(page=page) for page in pages)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"events": len(simulation.rows), "documents": len(documents), "open_reviews": len(pages),
            "generate_s": generated - started, "copy_s": copied - generated,
            "rest_s": time.perf_counter() - copied}


# Measuring


def explain_charts() -> list[tuple[str, float, str]]:
    """Each chart query of the 7-day window: its execution time and how it reads the events."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from demo_idp.monitoring import metrics

    win = metrics.window("7d")
    charts = (metrics.throughput, metrics.latency, metrics.queue_depth, metrics.confidence_histogram,
              metrics.review_rate, metrics.failures, metrics.sla, metrics.reviewer_throughput)
    found = []
    for chart in charts:
        with CaptureQueriesContext(connection) as captured:
            chart(win)
        for number, query in enumerate(captured.captured_queries, start=1):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + query["sql"])
                plan = [line for (line,) in cursor.fetchall()]
            ms = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
            scans = sorted({re.sub(r"\s+\(.*", "", line).strip(" ->") for line in plan if " Scan " in line})
            found.append((f"{chart.__name__} #{number}", ms, "; ".join(scans)))
    return found


URLS = ("/demo/dashboard/?window=7d", "/demo/dashboard/?window=24h", "/demo/dashboard/",
        "/demo/dashboard/data/?window=7d", "/api/idp/metrics/?window=7d", "/api/idp/metrics/?window=24h",
        "/api/idp/metrics/?window=1h", "/metrics")


def measure(urls, runs: int, *, explain: bool = True) -> dict:
    """p50/p95 per URL, cold (the shared day and week emptied before every request, so each one
    aggregates) and shared (another viewer within IDP_DASHBOARD_CACHE_SECONDS; the API and /metrics
    never cache, so for them both are the same work)."""
    from django.core.cache import cache
    from django.test import Client

    if explain:
        print(f"\n{'chart query (7d)':<26} {'ms':>8}  reads")
        for name, ms, scans in explain_charts():
            print(f"{name:<26} {ms:8.1f}  {scans}")
    client = Client()
    found = {}
    print(f"\n{'url (anonymous, ' + str(runs) + ' runs)':<40} {'cold p50':>9} {'p95':>7} {'shared p50':>11} {'p95':>7}")
    for url in urls:
        cold = timed_call(lambda: checked(client.get(url)), runs, before=cache.clear)
        shared = timed_call(lambda: checked(client.get(url)), runs)
        found[url] = {"cold": {"p50_ms": round(cold[0], 1), "p95_ms": round(cold[1], 1)},
                      "shared": {"p50_ms": round(shared[0], 1), "p95_ms": round(shared[1], 1)}}
        print(f"{url:<40} {cold[0]:9.1f} {cold[1]:7.1f} {shared[0]:11.1f} {shared[1]:7.1f}")
    return found


def checked(response):
    if response.status_code != 200:
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


def build_rollups() -> float | None:
    """Roll up every closed minute (the beat task's work, all at once); None before rollups existed."""
    try:
        from demo_idp.monitoring import rollups
    except ImportError:
        return None
    started = time.perf_counter()
    rollups.roll_up()
    return time.perf_counter() - started


def timed_call(work, runs: int, before=lambda: None) -> tuple[float, float]:
    work()
    samples = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN ANALYZE of the chart queries")
    args = parser.parse_args()
    if args.events < 1 or args.runs < 1:
        sys.exit("--events and --runs must be at least 1")

    recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DEBUG"] = "false"
    os.environ["METRICS_TOKEN"] = ""  # /metrics open to the test client
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    settings.ALLOWED_HOSTS = ["testserver"]
    try:
        call_command("migrate", verbosity=0)
        figures = seed(args.events)
        print(f"seeded {figures['events']:,} events ({figures['documents']:,} documents of the last day stored, "
              f"{figures['open_reviews']:,} reviews open) in {figures['generate_s'] + figures['copy_s']:.1f} s: "
              f"generate {figures['generate_s']:.1f} s, COPY {figures['copy_s']:.1f} s; "
              f"documents, pages, reviews and ANALYZE {figures['rest_s']:.1f} s; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        rolled = build_rollups()
        if rolled is not None:
            print(f"rolled up every closed minute in {rolled:.1f} s")
        urls = measure(URLS, args.runs, explain=not args.no_explain)
        if args.json:
            print(json.dumps({"events": figures["events"], "rollup_s": rolled and round(rolled, 1),
                              "load_average": round(os.getloadavg()[0], 1), "urls": urls}))
    finally:
        connections.close_all()
        if args.keep:
            print(f"\nkept {args.database_url}")
        else:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
