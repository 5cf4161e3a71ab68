"""`load_content` into an empty database and again unchanged: queries and seconds.

    .venv/bin/python bench/load_content.py [--runs 3] [--database-url postgres://postgres@127.0.0.1:5432/archpath_bench]

Creates a throwaway test database (a SQLite file in a temporary folder by default, or
``test_<name>`` next to the PostgreSQL database of --database-url, whose name must contain
"bench"), migrates it, and for each run empties the content tables, then times
``call_command("load_content")`` on the empty database (every row created) and a second,
unchanged load (nothing written), counting the queries of each. Prints the median of the runs.
The test database is destroyed at the end.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.database_url:
            if "bench" not in args.database_url.rsplit("/", 1)[-1]:
                parser.error("the database name must contain 'bench'")
            os.environ["DATABASE_URL"] = args.database_url
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        import django

        django.setup()
        from django.db import connection

        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            report(args.runs, connection.vendor)
        finally:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def report(runs: int, vendor: str) -> None:
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from roadmap.content.schema import KINDS
    from roadmap.content.loader import model_of
    from roadmap.models import ContentRevision

    def one_load() -> tuple[int, float]:
        reset_queries()  # the log keeps 9,000 queries: a count across runs would be cut short
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            call_command("load_content", verbosity=0, stdout=io.StringIO())
            seconds = time.perf_counter() - start
        return len(queries), seconds

    figures: dict[str, list[tuple[int, float]]] = {"empty database": [], "unchanged reload": []}
    for _ in range(runs):
        for kind in reversed(KINDS):  # dependants first, so the PROTECTed references go before their targets
            model_of(kind).objects.all().delete()
        ContentRevision.objects.all().delete()
        figures["empty database"].append(one_load())
        figures["unchanged reload"].append(one_load())
    rows = sum(model_of(kind).objects.count() for kind in KINDS)
    print(f"load_content on {vendor}, {rows} content rows, median of {runs} runs")
    print(f"{'load':<18} {'queries':>8} {'seconds':>8}")
    for name, results in figures.items():
        queries = statistics.median(q for q, _ in results)
        seconds = statistics.median(s for _, s in results)
        print(f"{name:<18} {queries:>8.0f} {seconds:>8.3f}")


if __name__ == "__main__":
    main()
