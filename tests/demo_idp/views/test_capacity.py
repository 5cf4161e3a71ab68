"""The capacity planner's page: a GET form answered by the server, the chart, the arithmetic, and
bad input shown as form errors with status 400."""

import re

import pytest
from django.urls import reverse

from demo_idp.monitoring import events
from tests.demo_idp.event_scenes import event_days_ago
from tests.demo_idp.helpers import chart_figure

pytestmark = pytest.mark.django_db

URL = reverse("demo_idp:capacity")


def number(html: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]*)<', html).group(1)


def test_the_page_at_demo_capacity_answers_what_the_api_answers(client):
    query = {"documents_per_day": "1000000", "arrival": "flat", "review_rate": "0.5", "reviewer_pages_per_hour": "30"}
    html = client.get("/demo/capacity/", query).content.decode()
    api = client.get("/api/idp/capacity/", query).json()
    assert (number(html, "capacity-cores"), number(html, "capacity-workers"), number(html, "capacity-reviewers")) == (
        "31", "4", "2,605")
    assert (api["cores_needed"], api["workers_needed"], api["reviewers_needed"]) == (31, 4, 2605)


def test_anyone_sees_the_answer_for_the_defaults_without_javascript(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert (number(html, "capacity-cores"), number(html, "capacity-workers")) == ("309", "39")
    assert number(html, "capacity-reviewers") == "47,917"
    assert number(html, "capacity-seconds-per-page") == "2.13"
    assert 'id="capacity-chart" data-plotly="capacity-chart-data"' in html
    assert 'data-api-url="/api/idp/capacity/"' in html
    for script in ("plotly/plotly.min.js", "js/charts.js", "js/idp_capacity.js"):
        assert script in html
    assert "21,300,000 core-seconds" in html  # the arithmetic, with its numbers
    assert "EVALUATION.md" in html and "reference" in html and "assumption" in html


def test_the_chart_plots_arrivals_and_both_queues_through_the_day(client):
    chart = chart_figure(client.get(URL, {"documents_per_day": 1_000_000, "review_rate": 0.1}), "capacity-chart-data")
    arrivals, workers, reviewers = chart["data"]
    assert arrivals["x"][0] == "01:00" and arrivals["x"][-1] == "24:00"
    assert len(arrivals["y"]) == len(workers["y"]) == len(reviewers["y"]) == 24
    assert sum(arrivals["y"]) == pytest.approx(1_000_000)
    assert max(workers["y"]) > 0 and max(reviewers["y"]) > 0


def test_the_inputs_given_change_the_answer(client):
    event_days_ago(events.PAGE, seconds=2.88, label="auto_accepted")
    html = client.get(URL, {"documents_per_day": "1000000", "sla_hours": "4", "review_rate": "0",
                            "pages_per_document": "", "arrival": "office"}).content.decode()
    assert (number(html, "capacity-cores"), number(html, "capacity-workers")) == ("58", "8")
    assert number(html, "capacity-reviewers") == "0"
    assert 'value="1000000"' in html  # the form keeps what was typed


def test_blank_inputs_show_the_figure_they_take_and_its_source(client):
    for seconds in (60, 180):
        event_days_ago(events.REVIEW, seconds=seconds)
    html = client.get(URL).content.decode()
    assert 'placeholder="30"' in html  # 3600 / median 120 s
    assert "Blank: 30, measured." in html
    assert 'placeholder="10000000"' in html


@pytest.mark.parametrize("query, field, message", [
    ({"sla_hours": "721"}, "sla_hours", "Ensure this value is less than or equal to 720."),
    ({"documents_per_day": "0"}, "documents_per_day", "Ensure this value is greater than or equal to 1."),
    ({"pages_per_document": "0"}, "pages_per_document", "Ensure this value is greater than 0."),
    ({"review_rate": "two"}, "review_rate", "Enter a number."),
    ({"reviewer_pages_per_hour": "inf"}, "reviewer_pages_per_hour", "Enter a number."),
    ({"arrival": "weekend"}, "arrival", "Select a valid choice. weekend is not one of the available choices."),
])
def test_bad_input_answers_400_with_the_forms_errors_and_no_answer(client, query, field, message):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert message.replace('"', "&quot;") in html or message in html
    assert 'id="capacity-cores"' not in html and 'id="capacity-chart"' not in html
    assert "Please correct the inputs" in html


def test_the_planner_only_answers_get(client):
    assert client.post(URL, {"sla_hours": "4"}).status_code == 405
