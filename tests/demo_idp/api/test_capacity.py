"""GET /api/idp/capacity/: the planner's answer for anyone, each bad parameter a 400, in the schema."""

import math

import pytest
from django import forms
from django.urls import reverse

from demo_idp.forms import CapacityForm
from demo_idp.monitoring import capacity, events
from tests.demo_idp.event_scenes import event_days_ago
from tests.demo_idp.helpers import api_for

pytestmark = pytest.mark.django_db

URL = reverse("api-idp-capacity")

BAD_NUMBERS = ("5e-324", "0", "-1", "nan", "inf", "-inf", "1e308")


def bad_numbers():
    """Every numeric input with each value from BAD_NUMBERS it refuses, and the message it refuses it with,
    read from the form's bounds (review_rate takes 0 and 5e-324: no page reviewed, or nearly none)."""
    cases = []
    for name, field in CapacityForm.base_fields.items():
        if isinstance(field, forms.ChoiceField):
            continue
        whole = not isinstance(field, forms.FloatField)  # (a FloatField is an IntegerField)
        for value in BAD_NUMBERS:
            if whole and not value.lstrip("-").isdigit():
                message = "Enter a whole number."
            elif float(value) != float(value) or abs(float(value)) == float("inf"):
                message = "Enter a number."
            elif float(value) < field.min_value:
                message = f"Ensure this value is greater than or equal to {field.min_value}."
            elif float(value) > field.max_value:
                message = f"Ensure this value is less than or equal to {field.max_value}."
            else:
                continue
            cases.append(pytest.param(name, value, message, id=f"{name}={value}"))
    return cases


def daily_work_cores(pages: int) -> int:
    """The cores a day of `pages` needs at the reference speed: its CPU seconds over a core's day at the
    planned load, rounded up (what the plan needs when the SLA asks for no more)."""
    busy_seconds = capacity.HOURS * 3600 * capacity.MAX_UTILISATION
    return math.ceil(pages * capacity.REFERENCE_SECONDS_PER_PAGE / busy_seconds)


def test_a_flat_million_documents_a_day_at_api_idp_capacity_need_the_reference_cores_and_2605_reviewers(client):
    # 1M pages x the reference seconds / (86,400 s x 80%), rounded up; 8 cores a worker;
    # half of them reviewed: 500,000 / (30 pages an hour x 8 h x 80% = 192) = 2,604.2 -> 2,605 reviewers.
    body = client.get("/api/idp/capacity/", {"documents_per_day": 1_000_000, "arrival": "flat", "review_rate": 0.5,
                                             "reviewer_pages_per_hour": 30}).json()
    cores = daily_work_cores(1_000_000)
    assert (body["cores_needed"], body["workers_needed"], body["reviewers_needed"]) == (
        cores, math.ceil(cores / capacity.DEFAULT_CORES_PER_WORKER), 2605)
    assert body["review_pages_per_day"] == 500_000


def test_anyone_gets_ten_million_documents_planned_from_the_reference_figures(client, django_assert_num_queries):
    # The measured figures (the rollups' tally, 2) and the share of words under line review (1).
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    # The reference answer, worked by hand (if the reference speed changes, work it again):
    # 10M pages x 1.35 s = 13.5M core-seconds / (86,400 s x 80% = 69,120) = 195.3 -> 196 cores, 25 workers
    # of 8 (24.5); 9.2M pages to review (92%) / (30 pages an hour x 8 h x 80% = 192) = 47,916.7 reviewers.
    assert (body["seconds_per_page"], body["cores_needed"], body["workers_needed"]) == (1.35, 196, 25)
    assert body["reviewers_needed"] == 47_917
    assert body["pages_per_day"] == 10_000_000 and body["arrival"] == "office"
    assert body["inputs"]["documents_per_day"] == {"value": 10_000_000, "source": "default", "sample": 0,
                                                   "note": "the planner's default"}
    assert body["inputs"]["seconds_per_page"]["source"] == "reference"
    assert body["inputs"]["review_rate"]["value"] == 0.92
    assert body["inputs"]["reviewer_pages_per_hour"]["source"] == "assumption"
    assert body["inputs"]["sla_hours"] == {"value": 48, "source": "default", "sample": 0, "note": "the site's SLA"}
    assert len(body["queue_depth_by_hour"]) == len(body["review_queue_by_hour"]) == 24
    # A core reads 3,600 x 80% / 1.35 = 2,133.3 pages an hour, 196 cores 418,133.3; office hours bring
    # 800,000 an hour from 08:00 to 18:00: the queue grows 381,866.7 an hour to 3,818,666.7 at 18:00,
    # and the page arriving then waits 3,818,666.7 / 418,133.3 = 9.133 h.
    assert max(body["queue_depth_by_hour"]) == pytest.approx(3_818_667, abs=1)  # at 18:00
    assert body["max_wait_hours"] == pytest.approx(9.133, abs=1e-3)
    assert any("196 cores" in line for line in body["explanation"])


def test_the_parameters_replace_the_figures_and_say_so(client):
    for _ in range(capacity.MIN_PAGES):
        event_days_ago(events.PAGE, seconds=2.88, label="auto_accepted")
    event_days_ago(events.ROUTED, seconds=10)
    # (Twenty 2.88s add up to a hair over 57.6: compare the mean as a number.)
    response = client.get(URL, {"documents_per_day": 1_000_000, "pages_per_document": 1, "sla_hours": 4,
                                "review_rate": 0, "arrival": "office"})
    body = response.json()
    # At 2.88 s a page a core reads 1,000 pages an hour at 80% busy; the 18:00 backlog must clear in 4 h.
    assert (body["seconds_per_page"], body["cores_needed"], body["workers_needed"]) == (2.88, 58, 8)
    assert body["reviewers_needed"] == 0
    assert body["inputs"]["seconds_per_page"] == {
        "value": pytest.approx(2.88), "source": "measured", "sample": 20,
        "note": "mean seconds of work on the 20 pages read in the last 7 days"}
    assert body["inputs"]["pages_per_document"] == {"value": 1.0, "source": "input", "sample": 0, "note": ""}
    assert body["inputs"]["sla_hours"]["source"] == "input"


def test_cores_per_worker_reviewer_hours_and_a_flat_day_are_parameters_too(client):
    body = client.get(URL, {"documents_per_day": 10_000_000, "cores_per_worker": 16, "arrival": "flat",
                            "review_rate": 0.1, "reviewer_pages_per_hour": 30, "reviewer_hours_per_day": 24,
                            "sla_hours": 12}).json()
    cores = daily_work_cores(10_000_000)
    assert body["cores_needed"] == cores and body["workers_needed"] == math.ceil(cores / 16)
    assert body["reviewers_needed"] == 1737  # 1,000,000 / (30 x 24 x 0.8) = 1736.1
    assert body["queue_depth_by_hour"] == [0] * 24


def test_an_sla_no_daytime_shift_can_meet_answers_null_reviewers_and_says_why(client):
    body = client.get(URL, {"sla_hours": 12, "review_rate": 0.1}).json()
    # (Office hours: the longest wait for a worker, 9.1 h at 18:00, is within 12 h, so the cores stay
    # what the daily work needs.)
    assert body["reviewers_needed"] is None and body["cores_needed"] == daily_work_cores(10_000_000)
    assert any("No number of reviewers" in line for line in body["explanation"])


def test_a_parameter_given_empty_is_a_400_naming_it_while_the_page_takes_a_blank_input_as_its_default(client):
    response = client.get(URL, {"review_rate": "", "arrival": "", "sla_hours": 12})
    assert response.status_code == 400
    assert response.json() == {"review_rate": ["Give a value, or leave review_rate out for the default."],
                               "arrival": ["Give a value, or leave arrival out for the default."]}
    left_out = client.get(URL, {"sla_hours": 12}).json()
    assert left_out["inputs"]["review_rate"]["source"] == "reference" and left_out["arrival"] == "office"
    page = client.get(reverse("demo_idp:capacity"), {"review_rate": "", "arrival": "", "sla_hours": 12})
    assert page.status_code == 200 and not page.context["form"].errors


def test_the_schema_gives_each_parameters_bounds_and_choices_from_the_form(client):
    parameters = {p["name"]: p["schema"] for p in
                  client.get("/api/schema/?format=json").json()["paths"]["/api/idp/capacity/"]["get"]["parameters"]}
    assert parameters["sla_hours"] == {"type": "number", "minimum": 1, "maximum": 720}
    assert parameters["documents_per_day"] == {"type": "integer", "minimum": 1, "maximum": 10**10}
    assert parameters["arrival"] == {"type": "string", "enum": ["flat", "office"]}


def test_a_signed_in_reviewer_gets_the_same_answer(reviewer):
    assert api_for(reviewer).get(URL, {"documents_per_day": 1000}).json()["pages_per_day"] == 1000


@pytest.mark.parametrize("query, field, message", [
    ({"sla_hours": 721}, "sla_hours", "Ensure this value is less than or equal to 720."),
    ({"sla_hours": 0.5}, "sla_hours", "Ensure this value is greater than or equal to 1."),
    ({"documents_per_day": 0}, "documents_per_day", "Ensure this value is greater than or equal to 1."),
    ({"documents_per_day": 10**10 + 1}, "documents_per_day", "Ensure this value is less than or equal to 10000000000."),
    ({"documents_per_day": "many"}, "documents_per_day", "Enter a whole number."),
    ({"documents_per_day": 2.5}, "documents_per_day", "Enter a whole number."),
    ({"pages_per_document": 0}, "pages_per_document", "Ensure this value is greater than or equal to 1."),
    ({"pages_per_document": "nan"}, "pages_per_document", "Enter a number."),
    ({"reviewer_pages_per_hour": -3}, "reviewer_pages_per_hour", "Ensure this value is greater than or equal to 1."),
    ({"reviewer_pages_per_hour": 5e-324}, "reviewer_pages_per_hour", "Ensure this value is greater than or equal to 1."),
    ({"reviewer_pages_per_hour": 721}, "reviewer_pages_per_hour", "Ensure this value is less than or equal to 720."),
    ({"reviewer_pages_per_hour": "inf"}, "reviewer_pages_per_hour", "Enter a number."),
    ({"review_rate": 1.5}, "review_rate", "Ensure this value is less than or equal to 1."),
    ({"review_rate": "a lot"}, "review_rate", "Enter a number."),
    ({"cores_per_worker": 0}, "cores_per_worker", "Ensure this value is greater than or equal to 1."),
    ({"reviewer_hours_per_day": 25}, "reviewer_hours_per_day", "Ensure this value is less than or equal to 24."),
    ({"arrival": "weekend"}, "arrival", 'Select a valid choice. weekend is not one of the available choices.'),
])
def test_a_bad_parameter_is_a_400_with_a_message_for_it(client, query, field, message):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


@pytest.mark.parametrize("field, value, message", bad_numbers())
def test_each_absurd_number_is_a_400_naming_its_input(client, field, value, message):
    response = client.get(URL, {field: value})
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_the_tiniest_review_rate_is_a_plan_not_a_crash(client):
    body = client.get(URL, {"review_rate": "5e-324"}).json()
    assert body["cores_needed"] == daily_work_cores(10_000_000) and body["reviewers_needed"] == 1


def test_the_api_and_the_page_refuse_bad_inputs_in_the_same_words(client):
    query = {"sla_hours": "721", "review_rate": "two", "arrival": "weekend"}
    api = client.get(URL, query).json()
    page = client.get(reverse("demo_idp:capacity"), query).context["form"].errors
    assert api == {name: list(messages) for name, messages in page.items()}
    assert api["sla_hours"] == ["Ensure this value is less than or equal to 720."]


def test_several_bad_parameters_get_a_message_each(client):
    response = client.get(URL, {"sla_hours": 1000, "review_rate": -1, "documents_per_day": 5})
    assert response.status_code == 400
    assert set(response.json()) == {"sla_hours", "review_rate"}


def test_the_schema_documents_the_endpoint_its_parameters_and_answer(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/idp/capacity/" in schema
    for name in ("documents_per_day", "pages_per_document", "sla_hours", "reviewer_pages_per_hour", "review_rate",
                 "cores_per_worker", "reviewer_hours_per_day", "arrival", "seconds_per_page", "workers_needed",
                 "cores_needed", "reviewers_needed", "queue_depth_by_hour", "Capacity"):
        assert name in schema
