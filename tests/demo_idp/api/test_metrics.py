"""GET /api/idp/metrics/: public aggregates over a window, bad parameters a 400, in the schema."""

import pytest
from django.urls import reverse

from demo_idp.monitoring import events, metrics
from tests.demo_idp.event_scenes import at, document, event
from tests.demo_idp.helpers import api_for

pytestmark = pytest.mark.django_db

URL = reverse("api-idp-metrics")
REQUIRED = ("throughput", "latency_p50_s", "latency_p95_s", "queue_depth", "review_rate", "failure_rate",
            "sla_compliance", "confidence_histogram")


def test_the_url_is_api_idp_metrics():
    assert URL == "/api/idp/metrics/"


def test_anyone_gets_the_figures_of_the_last_hour_by_default(client):
    win = metrics.window("1h")
    event(events.ROUTED, at(win, 1), duration=8.0, label="done")
    event(events.PAGE, at(win, 1), label="review", confidence=42.0)
    event(events.FAILED, at(win, 2), label=events.BAD_INPUT)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(REQUIRED) <= set(body)
    assert (body["window"], body["file_type"], body["latency_p50_s"], body["latency_p95_s"]) == ("1h", "", 8.0, 8.0)
    assert (body["review_rate"], body["failure_rate"], body["sla_compliance"]) == (1.0, 0.5, None)
    assert body["throughput"]["processed"] == 1 and body["queue_depth"] == {"waiting_for_worker": 0,
                                                                          "waiting_for_reviewer": 0,
                                                                          "lines_for_reviewer": 0}
    assert body["confidence_histogram"]["review"][8] == 1
    assert body["start"] == win.start.isoformat().replace("+00:00", "Z")


def test_a_signed_in_user_gets_the_same_figures(alice):
    assert api_for(alice).get(URL, {"window": "24h"}).json()["window"] == "24h"


def test_the_window_and_file_type_filter_the_figures(client):
    week = metrics.window("7d")
    event(events.UPLOAD, week.start, file_type="pdf")
    event(events.UPLOAD, week.start, file_type="png")
    assert client.get(URL).json()["throughput"]["uploaded"] == 0
    assert client.get(URL, {"window": "7d"}).json()["throughput"]["uploaded"] == 2
    assert client.get(URL, {"window": "7d", "file_type": "pdf"}).json()["throughput"]["uploaded"] == 1
    assert client.get(URL, {"window": "7d", "file_type": ""}).json()["throughput"]["uploaded"] == 2


@pytest.mark.parametrize("query, field, allowed", [
    ({"window": "2h"}, "window", "1h, 24h, 7d"),
    ({"window": "1H"}, "window", "1h, 24h, 7d"),
    ({"file_type": "gif"}, "file_type", "png, jpeg, tiff, pdf"),
    ({"window": "7d", "file_type": "PNG"}, "file_type", "png, jpeg, tiff, pdf"),
])
def test_a_bad_window_or_file_type_is_a_400_naming_the_allowed_values(client, query, field, allowed):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert list(response.json()) == [field] and allowed in response.json()[field][0]


def test_an_empty_window_is_refused_naming_it_and_an_absent_one_means_the_last_hour(client):
    empty = client.get(URL, {"window": ""})
    assert empty.status_code == 400
    assert empty.json() == {"window": ['window must be one of 1h, 24h, 7d, not "".']}
    assert client.get(URL).json()["window"] == "1h"
    assert client.get(URL, {"file_type": ""}).json()["file_type"] == ""  # the dashboard's "all types"


def test_only_get_is_allowed(client):
    assert client.post(URL).status_code == 405


def test_the_figures_never_hold_a_documents_content(client):
    win = metrics.window("1h")
    overdue = document(status="needs_review", deadline=win.start, name="secret-salary-slip")
    event(events.UPLOAD, at(win, 1), document=overdue)
    body = client.get(URL).content.decode()
    assert "secret" not in body and "salary" not in body
    assert client.get(URL).json()["sla_compliance"] == 0.0  # the overdue document counts, unnamed


def test_the_metrics_take_one_query_per_figure(client, django_assert_num_queries):
    # three tallies (every milestone by label, the latency bins, the histogram), each the rollups'
    # reach and the events (nothing rolled up here), and the present
    with django_assert_num_queries(3 * 2 + 1):
        assert client.get(URL, {"window": "7d"}).status_code == 200


def test_the_schema_documents_the_path_its_parameters_and_its_figures(client):
    schema = client.get("/api/schema/").content.decode()
    path = schema[schema.index("/api/idp/metrics/:"):]
    path = path[: path.index("\n  /api/") if "\n  /api/" in path else len(path)]
    for text in ("name: window", "name: file_type", "- 24h", "- pdf", "$ref: '#/components/schemas/Metrics'",
                 "'400'"):
        assert text in path
    for key in REQUIRED:
        assert f"    {key}:" in schema
