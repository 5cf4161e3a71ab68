"""The human review queue: claim a page for a while, then submit its corrected text, mark it
unreadable, give the claim back (release) or leave it to others (skip).

Every change is a conditional UPDATE from the states it may leave, so two reviewers clicking at
once cannot both hold a page and a repeated or late action changes nothing; a claim lapses after
IDP_CLAIM_MINUTES so an abandoned page goes back to the queue by itself.
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
MAX_REASON = 300
FINISHED = (Review.Status.SUBMITTED, Review.Status.UNREADABLE)
AUDIT, RULES = "audit", "rules"  # the queue's "why" filter: the random audit or the routing rules


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


def review_queue(*, reviewer=None, file_type: str = "", overdue: bool = False, why: str = "",
                 show: str = "") -> QuerySet[Review]:
    """Pages waiting for a person, earliest SLA deadline first; with reviewer, theirs included and
    the pages they skipped left out.

    Filters: file_type (the document's type), overdue (past the SLA deadline only), why (AUDIT or
    RULES), show ("mine": claimed by the reviewer; "skipped": the pages they skipped, to take back).
    """
    now = timezone.now()
    queue = Review.objects.filter(_available(now, reviewer))
    if reviewer is not None:
        if show == "skipped":
            queue = queue.filter(skipped_by=reviewer)
        else:
            queue = queue.exclude(skipped_by=reviewer)
        if show == "mine":
            queue = queue.filter(status=Review.Status.CLAIMED, reviewer=reviewer)
    queue = narrowed(queue, file_type=file_type, overdue=overdue, now=now)
    if why == AUDIT:
        queue = queue.filter(page__route_reason__startswith=routing.AUDIT_REASON)
    elif why == RULES:
        queue = queue.exclude(page__route_reason__startswith=routing.AUDIT_REASON)
    return queue.select_related("page__document", "reviewer").order_by(
        "page__document__sla_deadline", "page__document_id", "page__number")


def narrowed(queue: QuerySet, *, file_type: str = "", overdue: bool = False, now=None) -> QuerySet:
    """The filters the page queue and the line queue share (both reach the document by page__):
    the document's type, and only the documents past their SLA deadline."""
    if file_type:
        queue = queue.filter(page__document__content_type=file_type)
    if overdue:
        queue = queue.filter(page__document__sla_deadline__lt=now or timezone.now())
    return queue


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
    done = Review.objects.get(page=page)
    done.skipped_by.remove(reviewer)  # taking a skipped page back: it is in their queue again
    return done


def release_page(*, page: Page, reviewer) -> Review:
    """Give the claim back: the page is open to every reviewer again, nothing typed is kept."""
    released = _mine(page, reviewer).update(
        status=Review.Status.OPEN, reviewer=None, claimed_at=None, claim_expires=None)
    if released != 1:
        raise ReviewError(_why_not(page, acting=True))
    return Review.objects.get(page=page)


def skip_page(*, page: Page, reviewer) -> Review:
    """This reviewer moves on: the page leaves their queue (their claim given back) and stays in
    everyone else's. A second skip, or a skip of a finished page, changes nothing."""
    item = Review.objects.filter(page=page).first()
    if item is None or item.status in FINISHED:
        raise ReviewError(_why_not(page))
    with transaction.atomic():
        if item.skipped_by.filter(pk=reviewer.pk).exists():
            raise ReviewError("you have already skipped this page")
        _mine(page, reviewer).update(status=Review.Status.OPEN, reviewer=None, claimed_at=None, claim_expires=None)
        item.skipped_by.add(reviewer)
    return Review.objects.get(page=page)


def mark_unreadable(*, page: Page, reviewer, reason: str) -> Review:
    """Finish a claimed page with no text and the reviewer's reason (a blank page, a photo, a scan
    too damaged to read); the document completes like after any review."""
    reason = " ".join(reason.split())
    if not reason:
        raise ReviewError("say why the page cannot be read", status=400)
    if len(reason) > MAX_REASON:
        raise ReviewError(f"the reason is longer than {MAX_REASON} characters", status=400)
    now = timezone.now()
    with transaction.atomic():
        marked = _mine(page, reviewer).update(
            status=Review.Status.UNREADABLE, submitted_at=now, reason=reason, corrected_text="", edit_distance=None)
        if marked != 1:
            raise ReviewError(_why_not(page, acting=True))
        done = Review.objects.get(page=page)
        # The reviewer's time counts; no error is measured, as there is no true text to compare with.
        events.reviewed(page, reviewer=reviewer, claimed_at=done.claimed_at, submitted_at=now, error=None,
                        audit=routing.is_audit(page.route_reason))
        Page.objects.filter(pk=page.pk, status=Page.Status.NEEDS_REVIEW).update(
            status=Page.Status.REVIEWED, stage="unreadable", final_text="")
        complete_if_reviewed(page.document)
    return done


def _mine(page: Page, reviewer) -> QuerySet[Review]:
    # Still this reviewer's claim (a lapsed claim nobody else took still counts).
    return Review.objects.filter(page=page, status=Review.Status.CLAIMED, reviewer=reviewer)


def submit_review(*, page: Page, reviewer, text: str) -> Review:
    """Store the corrected text beside the OCR text with their edit distance; the page is reviewed."""
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ReviewError(f"the text is longer than {MAX_TEXT:,} characters", status=400)
    now = timezone.now()
    distance = Levenshtein.distance(page.text, text)
    with transaction.atomic():
        submitted = _mine(page, reviewer).update(
            status=Review.Status.SUBMITTED,
            submitted_at=now,
            corrected_text=text,
            edit_distance=distance,
        )
        if submitted != 1:
            raise ReviewError(_why_not(page, acting=True))
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


def _why_not(page: Page, *, acting: bool = False) -> str:
    """Why an action on the page's review changed nothing; acting: one that needs the claim."""
    review = Review.objects.filter(page=page).first()
    if review is None:
        return "this page was accepted automatically and needs no review"
    if review.status == Review.Status.SUBMITTED:
        return "this page has already been reviewed"
    if review.status == Review.Status.UNREADABLE:
        return "this page has already been marked unreadable"
    if acting and review.status == Review.Status.OPEN:
        return "claim the page first"
    if review.status == Review.Status.CLAIMED:
        return "another reviewer is working on this page"
    return "the page cannot be claimed now"
