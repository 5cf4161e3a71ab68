"""The pipeline dashboard and the capacity planner in a real browser.

Every chart is drawn by the local Plotly bundle with data in each trace and no error in the
console; a refresh redraws in place; the capacity planner answers a changed input without a reload.
"""

import math
import re

import pytest
from playwright.sync_api import expect

from tests.demo_idp.event_scenes import pipeline_history
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# For each chart div: how many traces Plotly drew, and how many of them hold at least one number.
TRACES_WITH_DATA = """
els => els.map(el => {
  const traces = el._fullData || [];
  const hasData = t => ["x", "y", "values"].some(k => Array.from(t[k] || []).some(v => typeof v === "number" && v !== 0));
  return {id: el.dataset.plotly, traces: traces.length, withData: traces.filter(hasData).length};
})
"""


def collect_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_every_chart_renders_with_data_and_refreshes_in_place(page):
    pipeline_history(reviewer=UserFactory(username="rene"))
    errors = collect_errors(page)
    page.goto("/demo/dashboard/?window=1h", timeout=30_000)  # the first load parses Plotly's 4 MB bundle
    page.wait_for_load_state("load")
    charts = page.locator("[data-plotly]")
    expect(charts).to_have_count(8)
    for index in range(8):
        expect(charts.nth(index).locator(".main-svg").first).to_be_visible()
    drawn = charts.evaluate_all(TRACES_WITH_DATA)
    assert all(c["traces"] > 0 and c["withData"] > 0 for c in drawn), drawn
    assert "Reviewer 1" in page.locator("#chart-reviewers-summary").inner_text()
    # The latency axis (log) is labelled 1, 2, 5 times powers of ten, written whole and rising: Plotly's
    # own labels read "2, 10, 5, 2, 1" (0.2 and 0.5 written "2" and "5").
    ticks = page.locator("[data-plotly=chart-latency] .ytick text").all_text_contents()
    values = [float(tick.strip().removesuffix("k")) * (1000 if tick.strip().endswith("k") else 1) for tick in ticks]
    assert len(values) >= 2 and values == sorted(set(values)), ticks
    assert all(f"{value / 10 ** math.floor(math.log10(value)):g}" in ("1", "2", "5") for value in values), ticks

    # A refresh fetches the JSON and redraws every chart without reloading the page.
    page.evaluate("window.__notReloaded = true")
    with page.expect_response(lambda r: "/demo/dashboard/data/" in r.url and r.status == 200):
        page.evaluate("document.querySelector('.idp-dashboard').refreshDashboard()")
    page.wait_for_function("document.querySelector('[data-plotly=chart-sla]')._fullData.length > 0")
    assert page.evaluate("window.__notReloaded") is True

    # Changing the range reloads with the new window selected.
    page.get_by_label("Time range", exact=True).select_option("7d")
    page.wait_for_url("**/demo/dashboard/?window=7d*")
    expect(page.get_by_label("Time range", exact=True)).to_have_value("7d")
    assert not errors, errors


def test_the_capacity_planner_answers_a_changed_input(page):
    errors = collect_errors(page)
    page.goto("/demo/capacity/", timeout=30_000)
    page.wait_for_load_state("load")
    cores = page.locator("#capacity-cores")
    before = cores.inner_text()
    expect(page.locator("#capacity-chart .main-svg").first).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    field = page.get_by_label("Documents per day")
    field.fill("20000000")
    field.dispatch_event("change")
    expect(cores).not_to_have_text(before)
    assert page.evaluate("window.__notReloaded") is True
    # Each axis has round ticks from zero up, as a person would draw it: with queues in millions or in
    # hundreds (documents arriving evenly). Plotly's default synced the queue axis to the arrivals'
    # grid: "0, 150, 299, 449, 598", and "-47" below zero.
    page.get_by_label("Arrivals").select_option("flat")
    for documents in ("20000000", "1000"):
        field.fill(documents)
        field.dispatch_event("change")
        expect(cores).to_have_text(re.compile(r"\d"))
        page.wait_for_timeout(500)
        for axis in (".ytick", ".y2tick"):
            ticks = page.locator(f"#capacity-chart {axis} text").all_text_contents()
            assert round_ticks(ticks), (documents, axis, ticks)
    assert not errors, errors


def round_ticks(ticks: list[str]) -> bool:
    """Ticks like 0, 200k, 400k: from zero, evenly spaced by 1, 2, 2.5 or 5 times a power of ten."""
    scale = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}
    values = [float(tick[:-1]) * scale[tick[-1]] if tick[-1] in scale else float(tick)
              for tick in (text.strip().replace("\u2212", "-").replace(",", "") for text in ticks)]
    if len(values) < 2 or values[0] != 0:
        return False
    step = values[1] - values[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    return (any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))
            and all(math.isclose(value, index * step) for index, value in enumerate(values)))
