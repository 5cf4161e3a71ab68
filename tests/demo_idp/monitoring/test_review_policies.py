"""Reviewers under page review and line review side by side: the share of words a person reads
under line review (measured from stored lines, or the reference), and the planner's page and API
answering the same figures from one function."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp.models import Document, Line, Page
from demo_idp.monitoring import capacity, review_policies

pytestmark = pytest.mark.django_db


def read_pages(count: int, *, reviewed_words: int, accepted_words: int, days_ago: float = 1) -> None:
    """`count` pages read `days_ago`, each with one line sent to review and one accepted."""
    finished = timezone.now() - timedelta(days=days_ago)
    for n in range(count):
        document = Document.objects.create(visitor_id="v", original_name=f"{n}.png", sha256=f"{n:06d}-{days_ago}".ljust(64, "0"),
                                           storage_key="k", content_type="png", size=1, page_count=1)
        page = Page.objects.create(document=document, number=1, finished=finished, status=Page.Status.NEEDS_REVIEW)
        Line.objects.create(page=page, number=1, text="x", confidence=40, min_confidence=30, route="review",
                            status="open", word_count=reviewed_words)
        Line.objects.create(page=page, number=2, text="y", confidence=95, min_confidence=90, route="accepted",
                            status="accepted", word_count=accepted_words)


def test_with_too_few_pages_the_line_share_is_the_reference_and_says_so():
    read_pages(review_policies.MIN_LINE_PAGES - 1, reviewed_words=1, accepted_words=1)
    share = review_policies.line_word_share()
    assert (share.value, share.source, share.sample) == (0.389, "reference", 0)
    assert "only 19 pages measured; 20 needed" in share.note


def test_the_line_share_is_measured_over_the_words_of_recent_pages():
    read_pages(20, reviewed_words=1, accepted_words=3)
    read_pages(5, reviewed_words=9, accepted_words=0, days_ago=8)  # before the week: left out
    share = review_policies.line_word_share()
    assert (share.value, share.source, share.sample) == (0.25, "measured", 20)
    assert share.note.startswith("20 of the 80 words on the 20 pages read in the last 7 days")


def test_line_review_needs_the_reviewers_of_its_share_of_words():
    plan = capacity.plan(documents_per_day=1_000_000, pages_per_document=1, sla_hours=48, reviewer_pages_per_hour=30,
                         review_rate=0.9, seconds_per_page=2, arrival=capacity.FLAT)
    share = capacity.Figure(0.3, capacity.MEASURED, 40)
    page, line = review_policies.side_by_side(plan, share)
    assert (page.name, page.reviewers_needed, page.review_pages_per_day) == ("page", plan.reviewers_needed, 900_000)
    alone = capacity.plan(documents_per_day=1_000_000, pages_per_document=1, sla_hours=48, reviewer_pages_per_hour=30,
                          review_rate=0.3, seconds_per_page=2, arrival=capacity.FLAT)
    assert (line.name, line.share, line.reviewers_needed) == ("line", share, alone.reviewers_needed)
    assert line.reviewers_needed < page.reviewers_needed
    assert page.share.value == 0.9


def test_the_page_and_the_api_show_the_same_reviewers_side_by_side(client):
    query = {"documents_per_day": "1000000", "arrival": "flat", "review_rate": "0.5", "reviewer_pages_per_hour": "30"}
    api = client.get("/api/idp/capacity/", query).json()
    html = client.get("/demo/capacity/", query).content.decode()
    policies = {policy["name"]: policy for policy in api["review_policies"]}
    assert policies["page"]["reviewers_needed"] == api["reviewers_needed"] == 2605
    assert policies["line"]["share"]["source"] == "reference" and policies["line"]["share"]["value"] == 0.389
    assert policies["line"]["reviewers_needed"] < 2605
    for name in ("page", "line"):
        shown = re.search(rf'id="capacity-reviewers-{name}">([^<]*)<', html).group(1)
        assert shown == f"{policies[name]['reviewers_needed']:,}"
    assert re.search(r'id="capacity-share-line">([^<]*)<', html).group(1) == "39%"


def test_bad_input_still_answers_400_naming_the_field(client):
    answer = client.get("/api/idp/capacity/", {"review_rate": "5"})
    assert answer.status_code == 400 and "review_rate" in answer.json()
