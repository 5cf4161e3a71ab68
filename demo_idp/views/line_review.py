"""The reviewers' line pages: the queue of doubtful lines, one line at a time (its image crop beside its
text, the page around it on demand), and the crop itself.

Thin: lines.py claims lines and stores their decisions; the crop is cut here from the stored upright
page image by the line's box. Reviewers only, as the page review (views/review.py).
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from PIL import Image

from .. import lines, review
from ..forms import LineFilterForm
from ..intake import storage
from ..models import Line
from .review import PER_PAGE, _reviewer_only, overdue_count

CROP_MARGIN = 12  # pixels of the page kept around the line's box, so letters cut by the box stay whole
MAX_TEXT = lines.MAX_LINE_TEXT


@login_required
@require_http_methods(["GET", "POST"])
def line_queue(request):
    """Doubtful lines, earliest SLA deadline first, PER_PAGE at a time; POST starts on the first one
    (of those the filters in the URL show).

    Template: demo_idp/line_queue.html; context: filters (LineFilterForm: type, overdue), queue (a
    Paginator page), query (the filters, for the page links). Bad filters answer 400.
    """
    _reviewer_only(request)
    filters = LineFilterForm(request.GET)
    valid = filters.is_valid()
    if request.method == "POST":  # start with the first line the filters show
        return _next_line(request, filters=filters.filters() if valid else None)
    found = review.narrowed(lines.line_queue(reviewer=request.user), **filters.filters()) if valid else Line.objects.none()
    queue = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"queue": queue, "filters": filters, "query": query.urlencode(), "filtered": bool(query),
               "overdue": overdue_count(found)}
    return render(request, "demo_idp/line_queue.html", context, status=200 if valid else 400)


def _next_line(request, *, after: Line | None = None, filters: dict | None = None):
    """Claim the first line of the (filtered) queue, other than `after`, and open it; the queue when
    none is left. Two reviewers asking at once may race for a line: the loser takes the next one."""
    queue = review.narrowed(lines.line_queue(reviewer=request.user), **(filters or {}))
    if after is not None:  # moving on without deciding: the line left behind stays in the queue for anyone
        queue = queue.exclude(pk=after.pk)
    for candidate in queue[:20]:
        try:
            line = lines.claim_line(line=candidate, reviewer=request.user)
        except lines.LineError:
            continue  # taken by someone else meanwhile
        return redirect("demo_idp:line_page", pk=line.pk)
    return redirect("demo_idp:line_queue")  # the queue page says it is empty


def _line(pk) -> Line:
    return get_object_or_404(Line.objects.select_related("page__document", "reviewer").exclude(
        status__in=(Line.Status.ACCEPTED, Line.Status.WITH_PAGE)), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def line_page(request, pk):
    """One doubtful line: claim it, correct or accept it (Ctrl+Enter, then the next line), mark it
    unreadable, give it back, or move on to the next without deciding (Alt+N). Template: demo_idp/line_page.html. A refused action shows the page
    again with the text as typed and the reason, answering 400 or 409."""
    _reviewer_only(request)
    line = _line(pk)
    if request.method == "GET":
        return _render(request, line, line.text)
    action, text = request.POST.get("action"), request.POST.get("text", "")
    try:
        if action == "claim":
            lines.claim_line(line=line, reviewer=request.user)
            return redirect("demo_idp:line_page", pk=line.pk)
        if action == "release":
            lines.release_line(line=line, reviewer=request.user)
            messages.success(request, _("Line given back: it is open to every reviewer again."))
            return redirect("demo_idp:line_queue")
        if action == "next":  # move on without deciding: give this line back, open the next one
            lines.release_line(line=line, reviewer=request.user)
            return _next_line(request, after=line)
        if action == "unreadable":
            lines.mark_unreadable(line=line, reviewer=request.user)
        elif action == "accept":
            if len(text) > MAX_TEXT:
                raise lines.LineError(_("The text is longer than %(n)d characters.") % {"n": MAX_TEXT}, 400)
            if " ".join(text.split()) == line.text:
                lines.confirm_line(line=line, reviewer=request.user)
            else:
                lines.correct_line(line=line, reviewer=request.user, text=text)
        else:
            raise lines.LineError(_("Unknown action."), 400)
    except lines.LineError as error:
        messages.error(request, error.reason)
        line.refresh_from_db()
        return _render(request, line, text if action == "accept" else line.text, status=error.status)
    messages.success(request, _("Line %(n)d of %(name)s, page %(page)d: %(what)s.") % {
        "n": line.number, "name": line.page.document.original_name, "page": line.page.number,
        "what": _("unreadable") if action == "unreadable" else _("saved")})
    return _next_line(request)


def _render(request, line, text, status=200):
    page = line.page
    left, top, width, height = _box(line)
    context = {
        "line": line, "page": page, "text": text, "max_text": MAX_TEXT,
        "mine": line.status == Line.Status.CLAIMED and line.reviewer_id == request.user.pk,
        "decided": line.is_decided,
        # The line's place on the page, in percent of the page image, for the page shown around it.
        "mark": f"left:{100 * left / page.width:.3f}%;top:{100 * top / page.height:.3f}%;"
                f"width:{100 * width / page.width:.3f}%;height:{100 * height / page.height:.3f}%"
        if page.width and page.height else "",
    }
    return render(request, "demo_idp/line_page.html", context, status=status)


def _box(line: Line) -> tuple[int, int, int, int]:
    try:
        left, top, width, height = (int(value) for value in line.box)
    except (TypeError, ValueError):
        return 0, 0, 0, 0
    return left, top, width, height


@login_required
@require_GET
def line_image(request, pk):
    """The line's crop of the upright page image (with CROP_MARGIN around its box), for reviewers."""
    _reviewer_only(request)
    line = _line(pk)
    left, top, width, height = _box(line)
    if not line.page.image_key or width <= 0 or height <= 0:
        raise Http404
    with Image.open(io.BytesIO(storage.get(line.page.image_key))) as page:
        box = (max(0, left - CROP_MARGIN), max(0, top - CROP_MARGIN),
               min(page.width, left + width + CROP_MARGIN), min(page.height, top + height + CROP_MARGIN))
        if box[0] >= box[2] or box[1] >= box[3]:
            raise Http404  # a box outside the page
        buffer = io.BytesIO()
        page.crop(box).save(buffer, format="PNG")
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
