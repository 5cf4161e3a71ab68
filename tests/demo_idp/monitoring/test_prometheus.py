"""/metrics (demo_idp/prometheus.py, views_prometheus.py), read back with Prometheus' own parser."""

from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from demo_idp.monitoring import events, rollups
from demo_idp.models import Document, Page, Review, StageEvent
from demo_idp.monitoring.prometheus import BUCKETS, HISTOGRAM_STAGES

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-scraper-token"
_numbers = count()


def document(status=Document.Status.QUEUED) -> Document:
    number = next(_numbers)
    return Document.objects.create(
        original_name=f"scan{number}.png", sha256=f"{number:064x}", storage_key=f"k{number}", content_type="png",
        size=1, status=status,
    )


def page(status=Page.Status.QUEUED, *, review: str | None = None) -> Page:
    made = Page.objects.create(document=document(), number=1, status=status)
    if review:
        Review.objects.create(page=made, status=review)
    return made


def event(stage: str, duration: float, **fields) -> StageEvent:
    now = timezone.now()
    return StageEvent.objects.create(
        stage=stage, started=now - timedelta(seconds=duration), finished=now, duration=duration, **fields
    )


def scrape(client, **headers) -> dict[tuple, float]:
    """Every sample of /metrics as {(name, (label, value), ...): value}."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, *sorted(sample.labels.items()))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    return samples[(name, *sorted(labels.items()))]


def buckets(samples, stage) -> dict[str, float]:
    return {
        dict(key[1:])["le"]: number
        for key, number in samples.items()
        if key[0] == "idp_stage_duration_seconds_bucket" and dict(key[1:])["stage"] == stage
    }


def test_metrics_is_served_at_prometheus_default_path():
    assert reverse("metrics") == "/metrics"


def test_an_empty_database_reports_every_status_queue_stage_and_failure_kind_at_zero(client):
    samples = scrape(client)
    for status in Document.Status.values:
        assert value(samples, "idp_documents", status=status) == 0
    for status in Page.Status.values:
        assert value(samples, "idp_pages", status=status) == 0
    for status in Review.Status.values:
        assert value(samples, "idp_reviews", status=status) == 0
    assert value(samples, "idp_queue_depth", queue="worker") == value(samples, "idp_queue_depth", queue="reviewer") == 0
    for stage in HISTOGRAM_STAGES:
        assert value(samples, "idp_stage_duration_seconds_count", stage=stage) == 0
        assert value(samples, "idp_stage_duration_seconds_sum", stage=stage) == 0
        assert set(buckets(samples, stage).values()) == {0}
    for kind in events.FAILURE_KINDS:
        assert value(samples, "idp_documents_failed_total", kind=kind) == 0


def test_documents_pages_and_reviews_are_counted_by_status(client):
    document(Document.Status.DONE)
    document(Document.Status.DONE)
    document(Document.Status.FAILED)
    page(Page.Status.NEEDS_REVIEW, review=Review.Status.OPEN)  # each page brings a queued document
    page(Page.Status.REVIEWED, review=Review.Status.SUBMITTED)
    page(Page.Status.DONE)
    samples = scrape(client)
    assert value(samples, "idp_documents", status="done") == 2
    assert value(samples, "idp_documents", status="failed") == 1
    assert value(samples, "idp_documents", status="queued") == 3
    assert value(samples, "idp_documents", status="processing") == 0
    assert value(samples, "idp_pages", status="needs_review") == 1
    assert value(samples, "idp_pages", status="reviewed") == 1
    assert value(samples, "idp_pages", status="done") == 1
    assert value(samples, "idp_pages", status="queued") == 0
    assert value(samples, "idp_reviews", status="open") == 1
    assert value(samples, "idp_reviews", status="submitted") == 1
    assert value(samples, "idp_reviews", status="claimed") == 0


def test_queue_depth_counts_queued_documents_and_reviews_not_yet_submitted(client):
    document(Document.Status.QUEUED)
    document(Document.Status.PROCESSING)  # a worker has it: no longer waiting
    page(Page.Status.NEEDS_REVIEW, review=Review.Status.OPEN)  # and its queued document
    page(Page.Status.NEEDS_REVIEW, review=Review.Status.CLAIMED)  # claimed is still not done
    page(Page.Status.REVIEWED, review=Review.Status.SUBMITTED)
    Document.objects.filter(pages__isnull=False).update(status=Document.Status.NEEDS_REVIEW)
    samples = scrape(client)
    assert value(samples, "idp_queue_depth", queue="worker") == 1
    assert value(samples, "idp_queue_depth", queue="reviewer") == 2


def test_stage_duration_buckets_are_cumulative_and_hold_durations_equal_to_their_bound(client):
    for duration in (0.0, 0.1, 0.1001, 3600, 172800, 172800.5):
        event("ocr", duration)
    samples = scrape(client)
    ocr = buckets(samples, "ocr")
    assert list(ocr) == [*(str(float(bound)) for bound in BUCKETS), "+Inf"]
    assert ocr["0.1"] == 2  # 0 and exactly 0.1: a bucket counts durations less than or equal to its bound
    assert ocr["0.25"] == 3
    assert ocr["1800.0"] == 3 and ocr["3600.0"] == 4
    assert ocr["86400.0"] == 4 and ocr["172800.0"] == 5  # the 48 h SLA itself is inside the last bucket
    assert ocr["+Inf"] == 6
    counts = list(ocr.values())
    assert counts == sorted(counts)


def test_count_and_sum_cover_every_event_of_the_stage_including_those_past_the_last_bucket(client):
    event(events.FINAL, 60)
    event(events.FINAL, 200_000)  # later than the SLA
    event(events.QUEUE, 2.5)
    samples = scrape(client)
    assert value(samples, "idp_stage_duration_seconds_count", stage="final") == 2
    assert value(samples, "idp_stage_duration_seconds_sum", stage="final") == pytest.approx(200_060)
    assert value(samples, "idp_stage_duration_seconds_bucket", stage="final", le="+Inf") == 2
    assert value(samples, "idp_stage_duration_seconds_bucket", stage="final", le="172800.0") == 1
    assert value(samples, "idp_stage_duration_seconds_count", stage="queue") == 1
    assert value(samples, "idp_stage_duration_seconds_bucket", stage="queue", le="2.5") == 1
    assert value(samples, "idp_stage_duration_seconds_bucket", stage="queue", le="1.0") == 0


def test_every_timed_stage_has_a_histogram_and_upload_and_failed_have_none(client):
    event(events.UPLOAD, 0)
    event(events.FAILED, 30, label=events.BAD_INPUT)
    samples = scrape(client)
    stages = {dict(key[1:])["stage"] for key in samples if key[0] == "idp_stage_duration_seconds_count"}
    assert stages == set(HISTOGRAM_STAGES)
    assert set(events.PROCESSING) | {"queue", "page", "routed", "review", "final"} == stages


def test_failures_are_counted_by_kind(client):
    event(events.FAILED, 5, label=events.BAD_INPUT)
    event(events.FAILED, 5, label=events.BAD_INPUT)
    event(events.FAILED, 600, label=events.TIME_LIMIT)
    samples = scrape(client)
    assert value(samples, "idp_documents_failed_total", kind=events.BAD_INPUT) == 2
    assert value(samples, "idp_documents_failed_total", kind=events.TIME_LIMIT) == 1
    assert value(samples, "idp_documents_failed_total", kind=events.ERROR) == 0


def test_a_scrape_makes_one_query_per_family_however_many_rows_there_are(client, django_assert_num_queries):
    # documents, pages, reviews; the queues now (the dashboard's one query); in one transaction (a
    # savepoint and its release) the rollups' reach, the counters, and the recent durations and failures
    for rolled in (False, True):
        with django_assert_num_queries(3 + 1 + 2 + 4):
            scrape(client)
        for stage in HISTOGRAM_STAGES:
            event(stage, 1.5)
        event(events.FAILED, 1, label=events.ERROR)
        page(Page.Status.NEEDS_REVIEW, review=Review.Status.OPEN)
        if rolled:
            rollups.roll_up(now=timezone.now() + timedelta(hours=1))
        with django_assert_num_queries(3 + 1 + 2 + 4):
            scrape(client)


def test_the_response_is_prometheus_text_and_never_cached(client):
    response = client.get("/metrics")
    assert response["Content-Type"] == CONTENT_TYPE_LATEST
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_head_is_answered_and_other_methods_are_not_allowed(client):
    assert client.head("/metrics").status_code == 200
    for method in (client.post, client.put, client.patch, client.delete):
        response = method("/metrics")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


def test_without_a_token_setting_metrics_are_open_to_anyone(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer wrong-token",
        f"Bearer {TOKEN}x",  # the right token as a prefix is not the token
        f"Bearer {TOKEN[:-1]}",
        f"Token {TOKEN}",  # the API's scheme, not a bearer token
        TOKEN,
        "Bearer ",
        "Bearer t\u00f6ken",  # not ASCII: refused, not an error
    ],
)
def test_with_a_token_setting_a_missing_or_wrong_token_is_refused(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"idp_" not in response.content


@pytest.mark.parametrize("scheme", ["Bearer", "bearer"])
def test_with_a_token_setting_the_right_bearer_token_gets_the_metrics(client, settings, scheme):
    settings.METRICS_TOKEN = TOKEN
    document(Document.Status.DONE)
    samples = scrape(client, Authorization=f"{scheme} {TOKEN}")
    assert value(samples, "idp_documents", status="done") == 1


def test_a_signed_in_reviewer_still_needs_the_token(client, settings, reviewer):
    settings.METRICS_TOKEN = TOKEN
    client.force_login(reviewer)
    assert client.get("/metrics").status_code == 401
