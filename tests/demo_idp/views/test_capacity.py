"""The capacity planner's page: a GET form answered by the server, the chart, the arithmetic, and
bad input shown as form errors with status 400."""

import math
import re

import pytest
from django.urls import reverse

from demo_idp.forms import CapacityForm
from demo_idp.monitoring import capacity, events
from tests.demo_idp.api.test_capacity import bad_numbers, daily_work_cores
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
    cores = daily_work_cores(1_000_000)
    workers = math.ceil(cores / capacity.DEFAULT_CORES_PER_WORKER)
    shown = (number(html, "capacity-cores"), number(html, "capacity-workers"), number(html, "capacity-reviewers-page"))
    assert shown == (str(cores), str(workers), "2,605")
    assert (api["cores_needed"], api["workers_needed"], api["reviewers_needed"]) == (cores, workers, 2605)


def test_anyone_sees_the_answer_for_the_defaults_without_javascript(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # 10M pages x 1.35 s = 13.5M core-seconds / (86,400 s x 80%) = 195.3 -> 196 cores, 25 workers of 8.
    assert (number(html, "capacity-cores"), number(html, "capacity-workers")) == ("196", "25")
    # Reviewers, as the pipeline routes: 10M pages x 38.9% of the words = 3.89M pages' worth / (30 pages an
    # hour x 8 h x 80% = 192) = 20,260.4 -> 20,261; reading every routed page whole (92%): 47,916.7 -> 47,917.
    assert number(html, "capacity-reviewers-line") == "20,261"
    assert number(html, "capacity-reviewers-page") == "47,917"
    assert html.index('id="capacity-reviewers-line"') < html.index('id="capacity-reviewers-page"')
    assert number(html, "capacity-seconds-per-page") == f"{capacity.REFERENCE_SECONDS_PER_PAGE:.2f}"
    assert 'id="capacity-chart" data-plotly="capacity-chart-data"' in html
    assert 'data-api-url="/api/idp/capacity/"' in html
    for script in ("vendor/plotly-", "js/charts.js", "js/idp_capacity.js"):
        assert script in html
    assert "13,500,000 core-seconds" in html  # the arithmetic, with its numbers
    assert "reference figure from the pipeline" in html and "reference" in html and "assumption" in html


def test_the_chart_plots_arrivals_and_both_queues_through_the_day(client):
    chart = chart_figure(client.get(URL, {"documents_per_day": 1_000_000, "review_rate": 0.1}), "capacity-chart-data")
    arrivals, workers, reviewers = chart["data"]
    assert arrivals["x"][0] == "01:00" and arrivals["x"][-1] == "24:00"
    assert len(arrivals["y"]) == len(workers["y"]) == len(reviewers["y"]) == 24
    assert sum(arrivals["y"]) == pytest.approx(1_000_000)
    assert max(workers["y"]) > 0 and max(reviewers["y"]) > 0


def test_the_inputs_given_change_the_answer(client):
    for _ in range(capacity.MIN_PAGES):
        event_days_ago(events.PAGE, seconds=2.88, label="auto_accepted")
    html = client.get(URL, {"documents_per_day": "1000000", "sla_hours": "4", "review_rate": "0",
                            "pages_per_document": "", "arrival": "office"}).content.decode()
    assert (number(html, "capacity-cores"), number(html, "capacity-workers")) == ("58", "8")
    assert number(html, "capacity-reviewers-page") == "0"
    assert 'value="1000000"' in html  # the form keeps what was typed


def test_blank_inputs_show_the_figure_they_take_and_its_source(client):
    for seconds in (60, 180) * 10:
        event_days_ago(events.REVIEW, seconds=seconds)
    html = client.get(URL).content.decode()
    assert 'placeholder="30"' in html  # 3600 / median 120 s
    assert "Blank: 30, measured." in html
    assert 'placeholder="10000000"' in html


@pytest.mark.parametrize("query, field, message", [
    ({"sla_hours": "721"}, "sla_hours", "Ensure this value is less than or equal to 720."),
    ({"documents_per_day": "0"}, "documents_per_day", "Ensure this value is greater than or equal to 1."),
    ({"pages_per_document": "0"}, "pages_per_document", "Ensure this value is greater than or equal to 1."),
    ({"reviewer_pages_per_hour": "5e-324"}, "reviewer_pages_per_hour", "Ensure this value is greater than or equal to 1."),
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


@pytest.mark.parametrize("field, value, message", bad_numbers())
def test_each_absurd_number_is_a_400_with_its_message_by_its_input(client, field, value, message):
    response = client.get(URL, {field: value})
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()


def test_six_scripted_reviews_leave_the_assumed_reviewer_speed_on_the_page_and_in_the_api_alike(client):
    for _ in range(6):
        event_days_ago(events.REVIEW, seconds=0.0)
    query = {"review_rate": "0.5", "documents_per_day": "1000000", "arrival": "flat"}
    html = client.get(URL, query).content.decode()
    api = client.get("/api/idp/capacity/", query).json()
    assert api["inputs"]["reviewer_pages_per_hour"]["value"] == 30
    assert "6 shorter than 5 s left out" in api["inputs"]["reviewer_pages_per_hour"]["note"]
    assert "6 shorter than 5 s left out" in html
    assert number(html, "capacity-reviewers-page") == f"{api['reviewers_needed']:,}" == "2,605"


def test_the_page_and_the_api_agree_on_25_believable_reviews_of_a_minute(client):
    for seconds in (55, 60, 65) * 8 + (60,):
        event_days_ago(events.REVIEW, seconds=seconds)
    query = {"review_rate": "0.5", "documents_per_day": "1000000", "arrival": "flat"}
    html = client.get(URL, query).content.decode()
    api = client.get("/api/idp/capacity/", query).json()
    assert api["inputs"]["reviewer_pages_per_hour"]["value"] == pytest.approx(60)
    assert api["inputs"]["reviewer_pages_per_hour"]["note"].startswith("measured from 25 reviews")
    assert "measured from 25 reviews" in html
    # 500,000 / (60 x 8 x 0.8)
    assert number(html, "capacity-reviewers-page") == f"{api['reviewers_needed']:,}" == "1,303"


def test_nothing_the_planner_shows_speaks_of_how_it_was_built(client):
    for _ in range(6):
        event_days_ago(events.REVIEW, seconds=0.0)
    shown = client.get(URL).content.decode() + client.get("/api/idp/capacity/").content.decode()
    for word in ("issue", "seed", "target", "EVALUATION.md", ".py", "IDP_"):
        assert word not in shown, word


def test_the_planner_only_answers_get(client):
    assert client.post(URL, {"sla_hours": "4"}).status_code == 405


def test_the_help_texts_name_the_defaults_the_planner_uses(client):
    html = client.get(URL).content.decode()
    # (A blank input whose figure is measured, a reference or an assumption says so instead.)
    for text in ("Documents uploaded a day; default 10,000,000.", "default: this site's SLA, 48 hours.",
                 "Blank: 0.92, reference.", "A reviewer's shift from 08:00; default 8.", "Default 8.",
                 "office (80% between 08:00 and 18:00, the default)"):
        assert text in html


def test_the_help_texts_follow_the_constants_and_the_sla_setting(monkeypatch, settings):
    for name, value in (("DEFAULT_DOCUMENTS_PER_DAY", 2_500_000), ("DEFAULT_CORES_PER_WORKER", 12),
                        ("DEFAULT_REVIEWER_HOURS_PER_DAY", 10), ("REVIEW_SHIFT_START", 7),
                        ("ASSUMED_REVIEWER_PAGES_PER_HOUR", 45.0), ("ASSUMED_PAGES_PER_DOCUMENT", 2.5),
                        ("REFERENCE_FORMS_REVIEWED", 40), ("REFERENCE_REVIEW_RATE", 0.8), ("OFFICE_SHARE", 0.75),
                        ("OFFICE_HOURS", range(9, 17)), ("REFERENCE_LINE_WORD_SHARE", 0.45)):
        monkeypatch.setattr(capacity, name, value)
    settings.IDP_SLA_HOURS = 24
    help_texts = {name: str(field.help_text) for name, field in CapacityForm().fields.items()}
    assert help_texts["documents_per_day"] == "Documents uploaded a day; default 2,500,000."
    assert help_texts["pages_per_document"].endswith("else 2.5.")
    assert help_texts["sla_hours"] == "Upload to final, in hours; default: this site's SLA, 24 hours."
    assert help_texts["review_rate"].endswith("else the reference 0.8.")
    assert help_texts["line_share"].endswith("else the reference 0.45.")
    assert help_texts["reviewer_pages_per_hour"].endswith("else an assumed 45.")
    assert help_texts["reviewer_hours_per_day"] == "A reviewer's shift from 07:00; default 10."
    assert help_texts["cores_per_worker"] == "Default 12."
    assert "office (75% between 09:00 and 17:00, the default)" in help_texts["arrival"]
    assert str(capacity.ARRIVALS[capacity.OFFICE]) == "Office hours: 75% of documents between 09:00 and 17:00"
    assert "40 of 50 FUNSD forms" in capacity.measured().review_rate.note
    assert "assumed figure: 1.3 minutes a page" in capacity.measured().reviewer_pages_per_hour.note


def test_the_share_of_words_a_person_reads_plans_the_reviewers_as_the_pipeline_routes(client):
    query = {"documents_per_day": "1000000", "arrival": "flat", "line_share": "0.25", "reviewer_pages_per_hour": "30"}
    html = client.get(URL, query).content.decode()
    api = client.get("/api/idp/capacity/", query).json()
    # 1M pages x 25% of their words = 250,000 pages' worth / (30 x 8 h x 80% = 192) = 1,302.1 -> 1,303.
    assert number(html, "capacity-reviewers-line") == "1,303"
    page, line = api["review_policies"]
    assert (line["name"], line["reviewers_needed"], line["share"]["value"], line["share"]["source"]) == (
        "line", 1303, 0.25, "input")
    assert page["share"]["source"] == "reference" and page["reviewers_needed"] == api["reviewers_needed"]
    assert 'value="0.25"' in html
    assert any("1,303 reviewers" in sentence for sentence in api["explanation"])
