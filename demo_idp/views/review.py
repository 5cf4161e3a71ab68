"""The reviewers' pages: the queue, earliest SLA deadline first, and a page to claim and correct.

Thin: review.py claims and stores corrections; the word boxes and the routing rules shown beside
them are the document page's (views/documents.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import REVIEWER, has_role

from .. import review
from ..forms import ReviewForm
from ..models import Review
from .documents import routing_context, word_boxes


def _reviewer_only(request):
    if not has_role(request.user, REVIEWER):
        raise PermissionDenied(_("Only reviewers work the review queue."))


@login_required
@require_GET
def review_queue(request):
    """Pages waiting for a person, earliest SLA deadline first. Template: demo_idp/review_queue.html."""
    _reviewer_only(request)
    queue = list(review.review_queue(reviewer=request.user)[:200])
    return render(request, "demo_idp/review_queue.html", {"queue": queue, **routing_context()})


@login_required
@require_http_methods(["GET", "POST"])
def review_page(request, pk):
    """Claim a page, correct its words on the image, accept it. Template: demo_idp/review_page.html."""
    _reviewer_only(request)
    item = get_object_or_404(Review.objects.select_related("page__document", "reviewer"), page_id=pk)
    page = item.page
    if request.method == "POST":
        return _review_action(request, page)
    form = ReviewForm(initial={"text": page.text})
    mine = item.status == Review.Status.CLAIMED and item.reviewer_id == request.user.pk
    routed = routing_context()  # T looked up once, for the legend and the word colours
    context = {"review": item, "page": page, "boxes": word_boxes(page, routed["rules"].min_mean_confidence),
               "form": form, "mine": mine, **routed}
    return render(request, "demo_idp/review_page.html", context)


def _review_action(request, page):
    try:
        if request.POST.get("action") == "claim":
            review.claim_page(page=page, reviewer=request.user)
            return redirect("demo_idp:review_page", pk=page.pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            raise review.ReviewError(_("The corrected text is too long."), status=400)
        done = review.submit_review(page=page, reviewer=request.user, text=form.cleaned_data["text"])
    except review.ReviewError as error:
        messages.error(request, error.reason)
        return redirect("demo_idp:review_page", pk=page.pk)
    messages.success(request, _("Page %(number)d of %(name)s reviewed: %(edits)d characters changed.") % {
        "number": page.number, "name": page.document.original_name, "edits": done.edit_distance})
    return redirect("demo_idp:review_queue")
