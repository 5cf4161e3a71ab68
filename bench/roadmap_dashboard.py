"""Time the roadmap page and API for a learner two years into their plan, against the first evening.

    .venv/bin/python bench/roadmap_dashboard.py [--years 2] [--runs 50]

The learner plans 5 hours a week over Monday-Thursday (the ML architect path takes a little over
two years at that pace), started ``--years`` years ago and logged every session the plan asked for
up to today, each step marked done on the day of its last session. The baseline is the same
learner's roadmap on the first evening, nothing logged. For each case and URL it prints the
number of database queries of one request (it must not grow with the history), p50 and p95 in
milliseconds of wall-clock time and of this process's CPU time, and the ratio to the baseline.
The target (/roadmap/ at two years: p95 at most 100 ms) is judged on CPU time: what the request
costs, whatever else the machine runs (on a shared, loaded machine the wall clock mostly measures
the queue for a core).

It measures the production configuration: DEBUG is off (whatever the environment says), so the
templates come from Django's cached loader; the line before the table says so.

Runs on a throwaway SQLite database (or DATABASE_URL's server, in a test database that is created
and dropped).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "false"  # production: no debug pages or template debug info, templates cached

URLS = ("/roadmap/", "/api/roadmap/")
TARGET_P95_MS = 100


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measured(client, url, runs):
    """(queries of one request, p50 ms, p95 ms) after one warm-up request (templates, URL resolvers)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    count = len(queries)  # now: the captured list is read from the connection's log, which each request clears
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    return (count, *percentiles(wall), *percentiles(cpu))


def loader_names(loaders) -> str:
    """'cached(filesystem, app_directories)': the cached loader, and the loaders it caches."""
    return ", ".join(type(loader).__module__.rsplit(".", 1)[-1]
                     + (f"({loader_names(loader.loaders)})" if hasattr(loader, "loaders") else "")
                     for loader in loaders)


def study_the_plan(roadmap, *, today):
    """Every session the plan schedules before today, on its step; a step is done on its last session's day."""
    from roadmap.models import RoadmapStep, StudySession
    from roadmap.planning import current_schedule

    _rows, schedule = current_schedule(roadmap, start=roadmap.start_date)
    sessions = [s for s in schedule.sessions if s.day < today]
    StudySession.objects.bulk_create(StudySession(roadmap=roadmap, step_id=s.step_id, date=s.day, minutes=s.minutes)
                                     for s in sessions)
    last_day = {}
    for s in schedule.sessions:
        last_day[s.step_id] = max(last_day.get(s.step_id, s.day), s.day)
    done = [RoadmapStep(id=step_id, status=RoadmapStep.Status.DONE, completed_on=day)
            for step_id, day in last_day.items() if day < today]
    RoadmapStep.objects.bulk_update(done, ["status", "completed_on"])
    return len(sessions), len(done)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=2)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    if args.years <= 0 or args.runs < 1:
        parser.error("--years must be above 0 and --runs at least 1")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.template import engines
    from django.test.utils import get_runner
    from django.utils import timezone

    # No setup_test_environment(): it makes every template render send a signal that the test
    # client answers by copying the context, which would be timed with the page.
    settings.ALLOWED_HOSTS = ["testserver"]
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        from django.contrib.auth import get_user_model
        from django.test import Client

        from tests.factories import make_roadmap

        call_command("load_content", verbosity=0)
        today = timezone.localdate()
        start = today - timedelta(days=round(args.years * 365))
        rows = {}
        for label in ("first evening", f"{args.years:g} years in"):
            user = get_user_model().objects.create_user(f"bench{len(rows)}", password="x" * 12)
            roadmap = make_roadmap(user, today=start if rows else today, hours_per_week=Decimal("5"))
            if rows:
                sessions, done = study_the_plan(roadmap, today=today)
                label = f"{label} ({sessions} sessions, {done} steps done)"
            client = Client()
            client.force_login(user)
            rows[label] = {url: measured(client, url, args.runs) for url in URLS}
        print(f"DEBUG={settings.DEBUG}, template loaders: {loader_names(engines['django'].engine.template_loaders)}")
        print(f"{'case':<44} {'url':<14} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}")
        for label, results in rows.items():
            for url, (queries, *times) in results.items():
                print(f"{label:<44} {url:<14} {queries:7d} " + " ".join(f"{t:8.1f}" for t in times))
        (base, full) = rows.values()
        for url in URLS:
            print(f"ratio {url}: queries {full[url][0]} vs {base[url][0]}, "
                  f"p50 x{full[url][1] / base[url][1]:.2f}, p95 x{full[url][2] / base[url][2]:.2f}")
        p95, cpu_p95 = full["/roadmap/"][2], full["/roadmap/"][4]
        print(f"/roadmap/ p95 at {args.years:g} years: {cpu_p95:.1f} ms of CPU (target at most {TARGET_P95_MS} ms: "
              f"{'met' if cpu_p95 <= TARGET_P95_MS else 'MISSED'}), {p95:.1f} ms of wall-clock time "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
