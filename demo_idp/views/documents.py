"""Pages of the document-processing demo: upload, a document's live progress and results.

Views are thin: intake/uploads.py validates, pipeline.py processes, dispatch.py queues.
A visitor sees only their own documents (intake/visitors.py); another's answers 404.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import REVIEWER, has_role
from core.downloads import as_download

from .. import dispatch, pipeline, routing
from ..forms import UploadForm
from ..intake import samples, storage, throttle, uploads, visitors
from ..models import Document, Line, Page, Review, StageEvent
from ..monitoring import calibration, capacity, events


# What each stage value means, for the live progress (idp_progress.js shows these labels).
STAGE_LABELS = {
    "queued": _lazy("Waiting for a worker"),
    "rasterising": _lazy("Opening the file"),
    "reading": _lazy("Cleaning, straightening, turning upright and reading"),
    "saving": _lazy("Saving the upright page"),
    "done": _lazy("Done: accepted automatically"),
    "needs review": _lazy("Waiting for a reviewer"),
    "reviewed": _lazy("Reviewed"),
    "failed": _lazy("Failed"),
}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


# A page's way through the worker, as the progress shows it: each step with the share of the page's
# work done once it is reached. Reading (clean, straighten, turn upright, OCR) is most of the work.
STEPS = (("rasterising", 0), ("reading", 10), ("saving", 85), ("routed", 100))
STEP_LABELS = {"rasterising": _lazy("Open"), "reading": _lazy("Read"), "saving": _lazy("Save"),
               "routed": _lazy("Route")}
FINISHED_STAGES = {"done", "needs review", "reviewed", "unreadable"}


def typical_page_seconds() -> float | None:
    """Median seconds of work of the last 50 pages read (their page events): how long reading takes."""
    durations = sorted(StageEvent.objects.filter(stage=events.PAGE).order_by("-finished")
                       .values_list("duration", flat=True)[:50])
    return durations[len(durations) // 2] if durations else None


def stage_timings(timings: dict[str, float]) -> dict[str, float]:
    """Seconds per stage in the order the pipeline runs them (PostgreSQL's jsonb keeps no key order)."""
    order = {stage: i for i, stage in enumerate(events.PROCESSING)}
    return dict(sorted(timings.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def page_progress(page: Page, *, typical: float | None, now=None) -> dict:
    """Where a page is: its steps (done, current, waiting), percent of its work done, seconds in the
    current step, and its seconds per stage once read. Reading moves the percent on by the time it
    has taken against a typical page's, never past the next step."""
    stage = "routed" if page.stage in FINISHED_STAGES or page.status in Page.FINISHED else page.stage
    names = [name for name, _share in STEPS]
    at = names.index(stage) if stage in names else -1
    percent = dict(STEPS).get(stage, 0)
    elapsed = None
    if stage == "reading" and page.started:
        elapsed = max(0.0, ((now or timezone.now()) - page.started).total_seconds())
        if typical:
            percent += int(min(0.95, elapsed / typical) * (dict(STEPS)["saving"] - percent))
    steps = [{"name": name, "label": str(STEP_LABELS[name]),
              "state": "done" if i < at or stage == "routed" else "current" if i == at else "waiting"}
             for i, name in enumerate(names)]
    return {"number": page.number, "status": page.status, "status_label": page.get_status_display(),
            "stage": page.stage, "stage_label": stage_label(page.stage), "steps": steps, "percent": percent,
            "elapsed": None if elapsed is None else round(elapsed, 1), "timings": stage_timings(page.timings),
            "seconds": round(sum(page.timings.values()), 2)}


def document_percent(doc: Document, pages: list[dict]) -> int:
    """The document's progress: its pages' mean, 100 once every page is read and routed."""
    if doc.status not in (Document.Status.QUEUED, Document.Status.PROCESSING):
        return 100
    if not pages:
        return 0
    return round(sum(page["percent"] for page in pages) / max(len(pages), doc.page_count))


def waiting_for_people(doc: Document) -> dict:
    """What a person still has to check on a document, by when: doubtful lines, whole pages."""
    lines = Line.objects.filter(page__document=doc, status__in=(Line.Status.OPEN, Line.Status.CLAIMED)).count()
    pages = Review.objects.filter(page__document=doc, status__in=(Review.Status.OPEN, Review.Status.CLAIMED)).count()
    parts = [ngettext("%(n)d line", "%(n)d lines", lines) % {"n": lines}] if lines else []
    if pages:
        parts.append(ngettext("%(n)d whole page", "%(n)d whole pages", pages) % {"n": pages})
    return {"lines": lines, "pages": pages, "deadline": doc.sla_deadline, "what": _(" and ").join(parts)}


def confidence_band(confidence: float, threshold: float | None = None) -> str:
    """high (at least T), medium (at least W) or low: the colour and the words of the legend.

    T is the applied threshold (calibration.current_threshold, one query): a caller colouring many
    words passes it in, looked up once.
    """
    if threshold is None:
        threshold = calibration.current_threshold()
    if confidence >= threshold:
        return "high"
    if confidence >= settings.IDP_LOW_WORD_CONFIDENCE:
        return "medium"
    return "low"


def word_boxes(page: Page, threshold: float | None = None) -> list[dict]:
    """Each word with its box in percent of the page image, so the boxes scale with it.

    threshold: T (see confidence_band), looked up once here unless the caller already has it."""
    if not page.width or not page.height:
        return []
    boxes = []
    if threshold is None:
        threshold = calibration.current_threshold()  # looked up once, not per word
    for index, word in enumerate(page.words):
        left, top, width, height = word["box"]
        boxes.append({
            "index": index, "text": word["text"], "confidence": word["confidence"], "line": word.get("line", 0),
            "band": confidence_band(word["confidence"], threshold),
            "style": f"left:{100 * left / page.width:.3f}%;top:{100 * top / page.height:.3f}%;"
                     f"width:{100 * width / page.width:.3f}%;height:{100 * height / page.height:.3f}%",
        })
    return boxes


def routing_context(rules: routing.RoutingRules | None = None) -> dict:
    rules = rules or pipeline.routing_rules()
    return {"rules": rules, "audit_percent": rules.audit_share * 100,
            "doubtful_limit_percent": routing.MAX_DOUBTFUL_LINES * 100}


@require_http_methods(["GET", "POST"])
def upload(request):
    """Upload scans or pick a sample; the visitor's documents below. Template: demo_idp/upload.html."""
    form = UploadForm(request.POST or None, request.FILES or None)
    refused, status = [], 400 if request.method == "POST" else 200
    # The API's count and limit (intake/throttle.py): one more upload than the rate allows is a 429.
    too_many = throttle.refusal(request) if request.method == "POST" else None
    if too_many:
        form, status = UploadForm(), too_many.status_code
    elif request.method == "POST" and form.is_valid():
        visitor = visitors.visitor_id(request, create=True)
        outcomes = _accept(request, form.cleaned_data, visitor)
        documents = [outcome.document for outcome in outcomes if outcome.document]
        refused = [(outcome.name, outcome.reason) for outcome in outcomes if not outcome.document]
        if not refused:
            if len(documents) == 1:
                return redirect("demo_idp:document", pk=documents[0].pk)
            messages.success(request, _("%(count)d documents queued.") % {"count": len(documents)})
            return redirect("demo_idp:upload")
        if documents:
            messages.success(request, _("Queued: %(names)s.") % {"names": ", ".join(d.original_name for d in documents)})
        # The API's rule: 207 when some files were queued and some refused, 400 when none was.
        status = uploads.batch_status(outcomes)
    context = {
        "form": form, "refused": refused, "too_many": too_many and too_many.detail, "samples": samples.SAMPLES,
        "retention_hours": settings.IDP_RETENTION_HOURS, "planned_documents": capacity.default_terms()["documents"],
        **_documents_context(request),
    }
    response = render(request, "demo_idp/upload.html", context, status=status)
    if too_many:
        response["Retry-After"] = str(too_many.wait)
    return response


def _accept(request, data, visitor) -> list[uploads.Outcome]:
    owner = request.user if request.user.is_authenticated else None
    outcomes = uploads.upload_files(data["files"], owner=owner, visitor_id=visitor)
    if data.get("sample"):
        name = data["sample"]
        document, created = uploads.create_document(
            data=samples.sample_bytes(name), name=f"{name}.png", owner=owner, visitor_id=visitor
        )
        outcomes.append(uploads.Outcome(name=document.original_name, document=document, created=created))
    return outcomes


@require_GET
def sample_image(request, name):
    """A sample scan's PNG, for its preview on the upload page."""
    try:
        data = samples.sample_bytes(name)
    except KeyError:
        raise Http404 from None
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _own_document(request, pk) -> Document:
    return get_object_or_404(visitors.visible_documents(request), pk=pk)


@require_GET
def document(request, pk):
    """Live progress while processing, then each upright page with its words coloured by confidence.

    Template: demo_idp/document.html; context: document, pages (each with .boxes), rules.
    """
    doc = _own_document(request, pk)
    pages = list(doc.pages.order_by("number").select_related("review__reviewer"))
    rules = pipeline.routing_rules()  # T looked up once for the page, not once per page
    typical = typical_page_seconds()
    for page in pages:
        page.boxes = word_boxes(page, rules.min_mean_confidence)
        page.text_lines = word_lines(page.boxes)
        page.progress = page_progress(page, typical=typical)
    context = {"document": doc, "pages": pages, "percent": document_percent(doc, [p.progress for p in pages]),
               "waiting": waiting_for_people(doc) if doc.status == Document.Status.NEEDS_REVIEW else None,
               **routing_context(rules)}
    return render(request, "demo_idp/document.html", context)


def word_lines(boxes: list[dict]) -> list[list[dict]]:
    """The words in their OCR lines, for the text coloured by confidence."""
    lines: dict[int, list[dict]] = {}
    for box in boxes:
        lines.setdefault(box["line"], []).append(box)
    return list(lines.values())


@never_cache
@require_GET
def document_progress(request, pk):
    """JSON polled by idp_progress.js: the status, the percent done, each page's steps, percent,
    seconds in its step and seconds per stage (page_progress)."""
    doc = _own_document(request, pk)
    typical = typical_page_seconds()
    pages = [page_progress(p, typical=typical) for p in doc.pages.order_by("number")]
    return JsonResponse({
        "status": doc.status, "status_label": doc.get_status_display(), "error": doc.error,
        "processing": doc.status in (Document.Status.QUEUED, Document.Status.PROCESSING), "pages": pages,
        "page_count": doc.page_count, "percent": document_percent(doc, pages),
    })


@never_cache
@require_GET
def document_list(request):
    """The visitor's documents (demo_idp/_documents.html), polled by htmx on the upload page while any
    is still being read, so each status changes in place."""
    return render(request, "demo_idp/_documents.html", _documents_context(request))


DOCUMENTS_PER_PAGE = 50


def _documents_context(request) -> dict:
    """The visitor's documents, newest first, a page of them at a time (?page=), with how many there are
    by status: a thousand uploads showed their newest fifty and no word of the rest."""
    visible = visitors.visible_documents(request)
    shown = Paginator(visible, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    busy = {Document.Status.QUEUED, Document.Status.PROCESSING}
    return {"documents": shown, "document_counts": documents_by_status(visible),
            "polling": any(d.status in busy for d in shown)}


# How many documents are in each status, as a sentence says it ("520 waiting for a reviewer", not "520 needs review").
STATUS_COUNTS = {
    Document.Status.QUEUED: _lazy("%(n)s queued"),
    Document.Status.PROCESSING: _lazy("%(n)s being read"),
    Document.Status.NEEDS_REVIEW: _lazy("%(n)s waiting for a reviewer"),
    Document.Status.DONE: _lazy("%(n)s done"),
    Document.Status.FAILED: _lazy("%(n)s failed"),
}


def documents_by_status(documents) -> list[str]:
    """How many of the documents are in each status they have, in the pipeline's order: ["475 done", ...]."""
    counts = dict(documents.order_by().values_list("status").annotate(n=Count("pk")))
    return [str(STATUS_COUNTS[status]) % {"n": number_format(counts[status], force_grouping=True)}
            for status in Document.Status.values if counts.get(status)]


@require_POST
def document_retry(request, pk):
    doc = _own_document(request, pk)
    if dispatch.retry_document(doc):
        messages.success(request, _("Queued again."))
    else:
        messages.error(request, _("Only a failed document can be tried again."))
    return redirect("demo_idp:document", pk=doc.pk)


@require_GET
def document_download(request, pk, kind):
    """The OCR text, the JSON (words, boxes, confidences) or the final (corrected) text."""
    doc = _own_document(request, pk)
    pages = list(doc.pages.order_by("number"))
    stem = doc.original_name.rsplit(".", 1)[0] or "document"
    if kind == "text":
        body, content_type, suffix = "\f\n".join(p.text for p in pages), "text/plain", "txt"
    elif kind == "corrected":
        if doc.status != Document.Status.DONE:
            return HttpResponse(_("The corrected text is ready once every page is accepted or reviewed."),
                                status=409, content_type="text/plain")
        body, content_type, suffix = "\f\n".join(p.final_text for p in pages), "text/plain", "corrected.txt"
    elif kind == "json":
        body = json.dumps(_document_json(doc, pages), indent=2, ensure_ascii=False)
        content_type, suffix = "application/json", "json"
    else:
        raise Http404
    return as_download(HttpResponse(body, content_type=f"{content_type}; charset=utf-8"), f"{stem}.{suffix}")


def _document_json(doc, pages) -> dict:
    fields = ("number", "rotation", "skew_angle", "mean_confidence", "low_confidence_share", "route",
              "route_reason", "text", "final_text")
    return {
        "name": doc.original_name, "status": doc.status, "sha256": doc.sha256,
        "pages": [{**{f: getattr(p, f) for f in fields}, "width": p.width, "height": p.height,
                   "words": [{k: w[k] for k in ("text", "confidence", "box")} for w in p.words]} for p in pages],
    }


@require_GET
def page_image(request, pk):
    """The upright, processed page image the word boxes refer to: for its owner and for reviewers."""
    page = get_object_or_404(Page.objects.select_related("document"), pk=pk)
    if not (has_role(request.user, REVIEWER) or visitors.visible_documents(request).filter(pk=page.document_id).exists()):
        raise Http404
    if not page.image_key:
        raise Http404
    response = HttpResponse(storage.get(page.image_key), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
