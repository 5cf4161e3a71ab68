"""Time the roadmap page and API with 1,000 study sessions, against an empty log as baseline.

    .venv/bin/python bench/roadmap_dashboard.py [--sessions 1000] [--runs 50]

Runs on a throwaway SQLite database (or DATABASE_URL's server, in a test database that
is created and dropped) and prints p50/p95 in milliseconds and the ratio to the baseline.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(client, url, runs):
    client.get(url)  # warm caches (templates, URL resolvers)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return percentiles(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import get_runner, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        from django.contrib.auth import get_user_model
        from django.test import Client

        from roadmap.models import RoadmapStep, StudySession
        from tests.roadmap.roadmap_helpers import make_roadmap

        call_command("load_content", verbosity=0)
        user = get_user_model().objects.create_user("bench", password="x" * 12)
        today = timezone.localdate()
        roadmap = make_roadmap(user, today=today - timedelta(days=args.sessions))
        client = Client()
        client.force_login(user)

        rows = {}
        for label in ("baseline (0 sessions)", f"{args.sessions} sessions"):
            if rows:
                steps = list(roadmap.steps.filter(status=RoadmapStep.Status.TODO)[:20])
                StudySession.objects.bulk_create(
                    StudySession(roadmap=roadmap, step=steps[i % len(steps)], minutes=60,
                                 date=today - timedelta(days=i % 700))
                    for i in range(args.sessions)
                )
            rows[label] = {url: timed(client, url, args.runs) for url in ("/roadmap/", "/api/roadmap/")}
        print(f"{'case':<24} {'url':<14} {'p50 ms':>8} {'p95 ms':>8}")
        for label, results in rows.items():
            for url, (p50, p95) in results.items():
                print(f"{label:<24} {url:<14} {p50:8.1f} {p95:8.1f}")
        (base, full) = rows.values()
        for url in ("/roadmap/", "/api/roadmap/"):
            print(f"ratio {url}: p50 x{full[url][0] / base[url][0]:.2f}, p95 x{full[url][1] / base[url][1]:.2f}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
