"""The scripts and styles each page with charts sends, raw and compressed, with the full Plotly and the site's.

    .venv/bin/python bench/page_weight.py [--full-bundle PATH]

Collects the static files as `make run` does (hashed names, gzip and, with the Brotli package, brotli
copies) into a temporary STATIC_ROOT, renders every page that draws charts on a throwaway database
with history enough to draw all of them, and requests each <script src> and stylesheet the page
names from the site itself (whitenoise), once without compression and once for each encoding a
browser accepts. It prints the bytes per page:

  before     the page as it was: the full Plotly bundle, sent uncompressed (nothing was compressed)
  raw        now, uncompressed
  gzip / br  now, as whitenoise sends them to a browser accepting that encoding ("-" without brotli)

and checks the target: at most 1.5 MB of scripts and styles per page, compressed. The full bundle
is plotly.js's own dist file of the same version (the Python plotly package holds it; --full-bundle
names another copy).
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LIMIT = 1_500_000  # bytes of scripts and styles per chart page, compressed
ASSET = re.compile(r'<script[^>]* src="(/static/[^"]+)"|<link[^>]* rel="stylesheet"[^>]* href="(/static/[^"]+)"')


def default_full_bundle() -> Path | None:
    try:
        import plotly
    except ImportError:
        return None
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def assets(html: str) -> list[str]:
    return list(dict.fromkeys(script or style for script, style in ASSET.findall(html)))


def served(client, url: str, encoding: str) -> tuple[int, str]:
    """(bytes of the body, Content-Encoding) that the site sends for ``url`` to a browser accepting ``encoding``."""
    response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body), response.get("Content-Encoding", "")


def chart_pages() -> dict[str, str]:
    """{name: html} of every page that draws charts (tests/core/chart_pages.py), each drawing all of them."""
    from accounts.roles import REVIEWER, grant_role
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.core.chart_pages import chart_pages as every_chart_page

    users = get_user_model().objects
    learner, reviewer = users.create_user("learner", password="x" * 12), users.create_user("reviewer", password="x" * 12)
    grant_role(reviewer, REVIEWER)
    pages = {}
    for name, (viewer, url) in every_chart_page(learner=learner, reviewer=reviewer).items():
        browser = Client()
        if viewer is not None:
            browser.force_login(viewer)
        response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        pages[name] = response.content.decode()
        assert "data-plotly" in pages[name], f"{url} drew no chart"
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full-bundle", type=Path, default=default_full_bundle(),
                        help="plotly.js's full dist file, for the 'before' column (default: the plotly package's)")
    args = parser.parse_args()
    if args.full_bundle is None or not args.full_bundle.is_file():
        parser.error(f"no full Plotly bundle at {args.full_bundle}: name one with --full-bundle")

    static_root = tempfile.mkdtemp(prefix="page-weight-")
    os.environ["STATIC_ROOT"] = static_root  # before the settings load: the collected, compressed storage
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"collecting the static files into {static_root} ...", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    brotli = any(name.endswith(".br") for _dirs, _subdirs, names in os.walk(static_root) for name in names)
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        call_command("load_content", verbosity=0)
        pages = chart_pages()
        static = Client()
        full = args.full_bundle.stat().st_size
        print(f"\n{'page':<20} {'files':>5} {'before':>10} {'raw':>10} {'gzip':>10} {'br':>10}  target")
        largest = 0
        for name, html in pages.items():
            urls = assets(html)
            raw = sum(served(static, url, "identity")[0] for url in urls)
            plotly = [url for url in urls if "/plotly-" in url]
            before = raw - sum(served(static, url, "identity")[0] for url in plotly) + full
            gzip = sum(served(static, url, "gzip")[0] for url in urls)
            br = sum(served(static, url, "br, gzip")[0] for url in urls) if brotli else None
            sent = min(gzip, br or gzip)
            largest = max(largest, sent)
            br_text = "-" if br is None else f"{br:,}"
            print(f"{name:<20} {len(urls):>5} {before:>10,} {raw:>10,} {gzip:>10,} {br_text:>10}"
                  f"  {'met' if sent <= LIMIT else 'MISSED'}")
        bundle = next(url for url in assets(pages["roadmap"]) if "/plotly-" in url)
        response = static.get(bundle, HTTP_ACCEPT_ENCODING="gzip")
        print(f"\nPlotly: {bundle}  Cache-Control: {response['Cache-Control']}  Content-Encoding: "
              f"{response.get('Content-Encoding', 'none')}")
        print(f"full bundle {full:,} bytes ({args.full_bundle}); brotli copies: {'yes' if brotli else 'no (Brotli not installed)'}")
        print(f"largest chart page: {largest:,} bytes of scripts and styles compressed (target at most {LIMIT:,})")
    finally:
        runner.teardown_databases(old_config)
        shutil.rmtree(static_root)


if __name__ == "__main__":
    main()
