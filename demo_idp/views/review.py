"""The reviewers' pages: the queue (paginated, filtered), and a page to claim and correct, release,
skip or mark unreadable.

Thin: review.py claims and stores corrections; the word boxes and the routing rules shown beside
them are the document page's (views/documents.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import REVIEWER, has_role

from .. import review
from ..forms import QueueFilterForm, ReviewForm, UnreadableForm
from ..models import Review
from .documents import routing_context, word_boxes

PER_PAGE = 25


def overdue_count(queue) -> int:
    """How many in a queue (pages or lines, as filtered) are past their deadline: the "Overdue only" filter's rule."""
    return review.narrowed(queue, overdue=True).count()


def _reviewer_only(request):
    if not has_role(request.user, REVIEWER):
        raise PermissionDenied(_("Only reviewers work the review queue."))


@login_required
@require_GET
def review_queue(request):
    """Pages waiting for a person, earliest SLA deadline first, PER_PAGE at a time.

    Template: demo_idp/review_queue.html; context: filters (QueueFilterForm), queue (a Paginator
    page), query (the filters as a query string, for the page links). Bad filters answer 400.
    """
    _reviewer_only(request)
    filters = QueueFilterForm(request.GET)
    valid = filters.is_valid()
    found = review.review_queue(reviewer=request.user, **filters.filters()) if valid else Review.objects.none()
    queue = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "queue": queue, "query": query.urlencode(), "filtered": bool(query),
               "overdue": overdue_count(found), **routing_context()}
    return render(request, "demo_idp/review_queue.html", context, status=200 if valid else 400)


@login_required
@require_http_methods(["GET", "POST"])
def review_page(request, pk):
    """Claim a page, correct its words on the image, accept it; or release, skip or mark it unreadable.

    Template: demo_idp/review_page.html. A refused submit shows the page again with the text as
    typed (nothing typed is lost), answering 400 or 409.
    """
    _reviewer_only(request)
    item = get_object_or_404(Review.objects.select_related("page__document", "reviewer"), page_id=pk)
    if request.method == "POST":
        return _review_action(request, item)
    return _render(request, item, ReviewForm(initial={"text": item.page.text}), UnreadableForm())


def _render(request, item, form, unreadable, status=200):
    page = item.page
    mine = item.status == Review.Status.CLAIMED and item.reviewer_id == request.user.pk
    routed = routing_context()  # T looked up once, for the legend and the word colours
    context = {"review": item, "page": page, "boxes": word_boxes(page, routed["rules"].min_mean_confidence),
               "form": form, "unreadable_form": unreadable, "mine": mine,
               "finished": item.status in review.FINISHED, **routed}
    return render(request, "demo_idp/review_page.html", context, status=status)


ACTIONS = {"claim", "release", "skip", "unreadable", "submit"}


def _review_action(request, item):
    page, action = item.page, request.POST.get("action")
    form, unreadable = ReviewForm(), UnreadableForm()
    try:
        if action not in ACTIONS:
            raise review.ReviewError(_("Unknown action."), status=400)
        if action == "claim":
            review.claim_page(page=page, reviewer=request.user)
            return redirect("demo_idp:review_page", pk=page.pk)
        if action == "release":
            review.release_page(page=page, reviewer=request.user)
            messages.success(request, _("Claim given back: the page is open to every reviewer again."))
            return redirect("demo_idp:review_queue")
        if action == "skip":
            review.skip_page(page=page, reviewer=request.user)
            messages.success(request, _("Skipped: the page stays in the queue for the other reviewers."))
            return redirect("demo_idp:review_queue")
        if action == "unreadable":
            unreadable = UnreadableForm(request.POST)
            if not unreadable.is_valid():
                raise review.ReviewError(_("Say why the page cannot be read, in at most %(n)d characters.")
                                         % {"n": review.MAX_REASON}, status=400)
            review.mark_unreadable(page=page, reviewer=request.user, reason=unreadable.cleaned_data["reason"])
            messages.success(request, _("Page %(number)d of %(name)s finished as unreadable.") % {
                "number": page.number, "name": page.document.original_name})
            return redirect("demo_idp:review_queue")
        form = ReviewForm(request.POST)
        if not form.is_valid():
            raise review.ReviewError(_("The corrected text is too long."), status=400)
        done = review.submit_review(page=page, reviewer=request.user, text=form.cleaned_data["text"])
    except review.ReviewError as error:
        messages.error(request, error.reason)
        item.refresh_from_db()
        if not form.is_bound:
            form = ReviewForm(initial={"text": page.text})
        return _render(request, item, form, unreadable, status=error.status)
    messages.success(request, _("Page %(number)d of %(name)s reviewed: %(edits)d characters changed.") % {
        "number": page.number, "name": page.document.original_name, "edits": done.edit_distance})
    return redirect("demo_idp:review_queue")
