"""The human review queue: claim a page for a while, submit its corrected text.

A claim is a conditional UPDATE, so two reviewers clicking at once cannot both hold a page; a
claim lapses after IDP_CLAIM_MINUTES so an abandoned page goes back to the queue by itself.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from rapidfuzz.distance import Levenshtein

from . import routing
from .models import Page, Review
from .monitoring import events
from .pipeline import complete_if_reviewed

MAX_TEXT = 100_000


class ReviewError(Exception):
    """The action is not possible now; `reason` says why, `status` is the HTTP status to answer."""

    def __init__(self, reason: str, status: int = 409):
        super().__init__(reason)
        self.reason, self.status = reason, status


def _available(now, reviewer=None) -> Q:
    rule = Q(status=Review.Status.OPEN) | Q(status=Review.Status.CLAIMED, claim_expires__lt=now)
    if reviewer is not None:
        rule |= Q(status=Review.Status.CLAIMED, reviewer=reviewer)
    return rule


def review_queue(*, reviewer=None) -> QuerySet[Review]:
    """Pages waiting for a person, earliest SLA deadline first; with reviewer, theirs included."""
    return (
        Review.objects.filter(_available(timezone.now(), reviewer))
        .select_related("page__document", "reviewer")
        .order_by("page__document__sla_deadline", "page__document_id", "page__number")
    )


def claim_page(*, page: Page, reviewer) -> Review:
    """Lock the page's review for this reviewer until the claim expires (renewed if already theirs)."""
    now = timezone.now()
    claimed = Review.objects.filter(_available(now, reviewer), page=page).update(
        status=Review.Status.CLAIMED,
        reviewer=reviewer,
        claimed_at=now,
        claim_expires=now + timedelta(minutes=settings.IDP_CLAIM_MINUTES),
    )
    if claimed != 1:
        raise ReviewError(_why_not(page))
    return Review.objects.get(page=page)


def submit_review(*, page: Page, reviewer, text: str) -> Review:
    """Store the corrected text beside the OCR text with their edit distance; the page is reviewed."""
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ReviewError(f"the text is longer than {MAX_TEXT:,} characters", status=400)
    now = timezone.now()
    distance = Levenshtein.distance(page.text, text)
    with transaction.atomic():
        # Still this reviewer's claim (a lapsed claim nobody else took still counts).
        submitted = Review.objects.filter(page=page, status=Review.Status.CLAIMED, reviewer=reviewer).update(
            status=Review.Status.SUBMITTED,
            submitted_at=now,
            corrected_text=text,
            edit_distance=distance,
        )
        if submitted != 1:
            raise ReviewError(_why_not(page, submitting=True))
        done = Review.objects.get(page=page)
        events.reviewed(
            page, reviewer=reviewer, claimed_at=done.claimed_at, submitted_at=now,
            error=events.measured_error(distance, text), audit=routing.is_audit(page.route_reason),
        )
        Page.objects.filter(pk=page.pk, status=Page.Status.NEEDS_REVIEW).update(
            status=Page.Status.REVIEWED, stage="reviewed", final_text=text
        )
        complete_if_reviewed(page.document)
    return done


def _why_not(page: Page, *, submitting: bool = False) -> str:
    review = Review.objects.filter(page=page).first()
    if review is None:
        return "this page was accepted automatically and needs no review"
    if review.status == Review.Status.SUBMITTED:
        return "this page has already been reviewed"
    if submitting and review.status == Review.Status.OPEN:
        return "claim the page before submitting its review"
    if review.status == Review.Status.CLAIMED:
        return "another reviewer is working on this page"
    return "the page cannot be claimed now"
