"""The Plotly the pages load holds exactly the trace types their charts draw (static_src/plotly).

The figures are read from the pages themselves, each with data enough to draw every chart, so a
chart that starts using a new trace type fails here until the bundle is rebuilt with it.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from tests.core.chart_pages import chart_pages as every_chart_page

pytestmark = pytest.mark.django_db

# A trace module registers itself under this object literal in plotly.js's minified source.
REGISTERED = re.compile(r'moduleType:"trace",name:"(\w+)"')
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.fixture
def chart_pages(content, alice, reviewer):
    """{url: response} of every page that draws charts."""
    pages = {}
    for viewer, url in every_chart_page(learner=alice, reviewer=reviewer).values():
        browser = Client()
        if viewer is not None:
            browser.force_login(viewer)
        pages[url] = browser.get(url)
        assert pages[url].status_code == 200, url
    return pages


def figures(html: str) -> dict[str, dict]:
    """{chart id: figure} of every chart on the page (the JSON beside each data-plotly container)."""
    found = {}
    for chart_id in re.findall(r'data-plotly="([\w-]+)"', html):
        source = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S)
        found[chart_id] = json.loads(source.group(1))
    return found


def trace_types(figure: dict) -> set[str]:
    return {trace.get("type", "scatter") for trace in figure["data"]}  # Plotly's default type is scatter


def loaded_bundle(html: str) -> Path:
    """The Plotly file a page's <script> loads, as the static files finders find it."""
    src = re.search(r'<script src="/static/(vendor/plotly-[^"]+)"', html)
    assert src, "the page loads no Plotly from static/vendor"
    return Path(finders.find(src.group(1)))


def registered_traces(bundle: Path) -> set[str]:
    return set(REGISTERED.findall(bundle.read_text(encoding="utf-8")))


def test_the_bundle_registers_every_trace_type_the_pages_draw_and_no_other(chart_pages):
    drawn, bundles = set(), set()
    for url, response in chart_pages.items():
        html = response.content.decode()
        charts = figures(html)
        assert charts and all(chart["data"] for chart in charts.values()), f"{url} drew no chart"
        drawn |= {kind for chart in charts.values() for kind in trace_types(chart)}
        bundles.add(loaded_bundle(html))
    assert len(bundles) == 1, bundles  # one file, cached once for every page
    registered = registered_traces(bundles.pop())
    assert drawn <= registered, f"drawn but missing from the bundle (static_src/plotly/index.js): {drawn - registered}"
    assert registered <= drawn, f"in the bundle but drawn by no page (weight for nothing): {registered - drawn}"


def test_every_template_that_draws_a_chart_is_among_the_pages_checked(chart_pages):
    """A new page with charts must join chart_pages above, or its trace types would go unchecked."""
    rendered = {t.name for response in chart_pages.values() for t in response.templates}
    drawing = {str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")
               if re.search(r'data-plotly|partials/chart(_grid)?\.html', path.read_text(encoding="utf-8"))}
    assert drawing and drawing <= rendered, drawing - rendered

