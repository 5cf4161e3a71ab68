"""The pipeline dashboard: what each person sees, its JSON refresh, bad filters, retrying failed documents."""

import pytest

from demo_idp.models import Document
from tests.demo_idp.event_scenes import pipeline_history
from tests.demo_idp.helpers import logged_in

pytestmark = pytest.mark.django_db

URL, DATA = "/demo/dashboard/", "/demo/dashboard/data/"
CHART_IDS = ["chart-throughput", "chart-latency", "chart-queue", "chart-confidence", "chart-review-rate",
             "chart-failures", "chart-sla", "chart-reviewers"]


def trace_values(trace) -> list:
    return [v for key in ("y", "x", "values") for v in trace.get(key, []) if isinstance(v, (int, float))]


def test_every_chart_has_data_when_the_pipeline_has_run(client, reviewer):
    pipeline_history(reviewer=reviewer)
    body = client.get(DATA, {"window": "1h"}).json()
    assert [c["id"] for c in body["charts"]] == CHART_IDS
    for chart in body["charts"]:
        assert chart["summary"], chart["id"]
        assert any(any(v for v in trace_values(t)) for t in chart["figure"]["data"]), chart["id"]
    assert body["stats"]["processed"]["value"] == "10"  # 12 documents: one failed, one still queued


def test_visitors_see_aggregates_only(client, reviewer):
    pipeline_history(reviewer=reviewer)
    html = client.get(URL).content.decode()
    assert 'data-plotly="chart-sla"' in html
    for private in ("scan-1.png", "password-protected", reviewer.username, "Retry"):
        assert private not in html, private
    assert "Reviewer 1" in html
    body = client.get(DATA).content.decode()
    assert reviewer.username not in body and "scan-" not in body


@pytest.mark.parametrize("who", ["reviewer", "curator"])
def test_reviewers_and_staff_see_names_and_failed_documents_with_their_reason(who, request, reviewer):
    pipeline_history(reviewer=reviewer)
    html = logged_in(request.getfixturevalue(who)).get(URL).content.decode()
    assert reviewer.username in html
    assert "scan-1.png" in html and "password-protected" in html and "Retry scan-1.png" in html


def test_a_learner_sees_what_a_visitor_sees(alice, reviewer):
    pipeline_history(reviewer=reviewer)
    html = logged_in(alice).get(URL).content.decode()
    assert "scan-1.png" not in html and reviewer.username not in html


def test_the_file_type_filter_narrows_every_figure(client, reviewer):
    pipeline_history(reviewer=reviewer)
    every = client.get(DATA).json()["stats"]["processed"]["value"]
    pdf = client.get(DATA, {"file_type": "pdf"}).json()["stats"]["processed"]["value"]
    assert (every, pdf) == ("10", "4")  # documents 0, 3, 6, 9 are PDFs, all processed


@pytest.mark.parametrize("query", [{"window": "2h"}, {"window": "1h'--"}, {"file_type": "exe"}])
def test_a_bad_range_or_filter_is_refused_with_the_allowed_values(client, query):
    page = client.get(URL, query)
    assert page.status_code == 400
    assert "must be one of" in page.content.decode()
    data = client.get(DATA, query)
    assert data.status_code == 400 and "must be one of" in data.json()["error"]


def test_an_empty_pipeline_shows_zeros_and_says_so(client):
    page = client.get(URL, {"window": "7d"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "No document failed in this window" in html and "No page was reviewed in this window" in html


def test_the_page_runs_the_same_number_of_queries_for_few_or_many_events(reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = logged_in(reviewer)
    pipeline_history(reviewer=reviewer, documents=3)
    with CaptureQueriesContext(connection) as few:
        browser.get(URL)
    pipeline_history(reviewer=reviewer, documents=12)
    with CaptureQueriesContext(connection) as many:
        browser.get(URL)
    assert len(few) == len(many)


def test_a_reviewer_retries_a_failed_document_from_the_dashboard(reviewer):
    failed = pipeline_history(reviewer=reviewer)[1]
    response = logged_in(reviewer).post(f"/demo/dashboard/failed/{failed.pk}/retry/", follow=True)
    assert "queued again" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.error) == ("queued", "")


def test_retrying_a_document_that_has_not_failed_changes_nothing(reviewer):
    done = pipeline_history(reviewer=reviewer)[2]
    response = logged_in(reviewer).post(f"/demo/dashboard/failed/{done.pk}/retry/", follow=True)
    assert "Only a failed document" in response.content.decode()
    assert Document.objects.get(pk=done.pk).status == "done"
    assert logged_in(reviewer).post("/demo/dashboard/failed/999999/retry/").status_code == 404


def test_only_reviewers_and_staff_retry_from_the_dashboard(client, alice, reviewer):
    failed = pipeline_history(reviewer=reviewer)[1]
    url = f"/demo/dashboard/failed/{failed.pk}/retry/"
    assert client.post(url).status_code == 403
    assert logged_in(alice).post(url).status_code == 403
    assert logged_in(reviewer).get(url).status_code == 405
    assert Document.objects.get(pk=failed.pk).status == "failed"


def test_the_day_and_week_are_shared_for_a_while_and_the_hour_is_always_live(client, reviewer, settings):
    settings.IDP_DASHBOARD_CACHE_SECONDS = 30
    pipeline_history(reviewer=reviewer, documents=3)
    before = {w: client.get(DATA, {"window": w}).json()["stats"]["processed"]["value"] for w in ("1h", "7d")}
    pipeline_history(reviewer=reviewer, documents=12)
    after = {w: client.get(DATA, {"window": w}).json()["stats"]["processed"]["value"] for w in ("1h", "7d")}
    assert before == {"1h": "1", "7d": "1"}  # of 3: one failed, one still queued
    assert after == {"1h": "11", "7d": "1"}  # the week is the one computed a moment ago
    settings.IDP_DASHBOARD_CACHE_SECONDS = 0
    assert client.get(DATA, {"window": "7d"}).json()["stats"]["processed"]["value"] == "11"


def test_the_page_its_json_and_the_metrics_api_refuse_a_bad_window_in_the_same_words(client):
    expected = 'window must be one of 1h, 24h, 7d, not "2h".'
    assert client.get(DATA, {"window": "2h"}).json()["error"] == expected
    assert expected in client.get(URL, {"window": "2h"}).content.decode().replace("&quot;", '"')
    assert client.get("/api/idp/metrics/", {"window": "2h"}).json() == {"window": [expected]}

