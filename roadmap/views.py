"""The learner's roadmap pages: questionnaire, roadmap with progress, study log (log, edit, delete), calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.downloads import as_download

from . import charts, providers
from .calendar_export import calendar_for
from .dashboard import summarise
from .forms import QuestionnaireForm, StepUpdateForm, StudySessionForm
from .map import looks, roadmap_map, step_details
from .models import (
    MAX_SKIP_REASON_LENGTH, GlossaryTerm, LearnerRoadmap, RoadmapStep, StudySession, new_calendar_token,
)
from .planning import plan_roadmap
from .scheduling import ScheduleError
from .step_status import StepChangeError, change_step, log_session


# Where focus goes after a form is swapped in place: its first field a person fills in.
FIRST_FIELD = "input:not([type=hidden]), select, textarea"


def own_roadmap(user) -> LearnerRoadmap | None:
    return LearnerRoadmap.objects.select_related("background", "target_role").filter(user=user).first()


@login_required
@require_GET
def dashboard(request):
    """The roadmap, tonight's step, progress and charts. Template: roadmap/dashboard.html."""
    roadmap = own_roadmap(request.user)
    if roadmap is None:
        return redirect("roadmap:questionnaire")
    today = timezone.localdate()
    summary = summarise(roadmap, today=today)
    context = {
        "s": summary,
        "panels": providers.panels(request=request, today=today),
        "charts": charts.all_charts(summary),
        "session_form": StudySessionForm(roadmap=roadmap, rows=summary.rows),
        "skip_reason_max": MAX_SKIP_REASON_LENGTH,
        "calendar_url": request.build_absolute_uri(reverse("roadmap:calendar", args=[roadmap.calendar_token])),
    }
    return render(request, "roadmap/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request):
    """Build or re-plan the roadmap. Template: roadmap/questionnaire.html, context: form, roadmap."""
    roadmap = own_roadmap(request.user)
    form = QuestionnaireForm(request.POST or None, initial=QuestionnaireForm.initial_from(roadmap))
    if request.method == "POST" and form.is_valid():
        try:
            plan_roadmap(user=request.user, answers=form.answers(), today=timezone.localdate())
        except ScheduleError as exc:
            form.add_error(None, str(exc))
        else:
            text = _("Your roadmap is re-planned; every status and logged hour is kept.") if roadmap else _(
                "Your roadmap is ready. Here is what to study first.")
            messages.success(request, text)
            return redirect("roadmap:dashboard")
    status = 400 if form.errors else 200
    return render(request, "roadmap/questionnaire.html", {"form": form, "roadmap": roadmap}, status=status)


@login_required
@require_POST
def update_step(request, pk):
    """Change a step's status or note (another learner's step is a 404). With htmx (``HX-Request``) the answer is
    the step's row and the figures it changed (roadmap/_step_changed.html; a refused change is a 400 row saying
    why); without, a redirect back with a message."""
    row = get_object_or_404(RoadmapStep.objects.select_related("roadmap", "step"), pk=pk, roadmap__user=request.user)
    form = StepUpdateForm(request.POST)
    error, was = None, row.status
    if not form.is_valid():
        error = _("That change could not be saved: %(errors)s") % {"errors": form.errors.as_text()}
    else:
        status = form.cleaned_data["status"] or None
        note = form.cleaned_data["note"] if "note" in request.POST else None
        reason = form.cleaned_data["skip_reason"] if "skip_reason" in request.POST else None
        try:
            change_step(row=row, status=status, note=note, skip_reason=reason, today=timezone.localdate())
        except (StepChangeError, ScheduleError) as exc:
            error = str(exc)
    notice = _("“%(step)s” saved.") % {"step": row.step.title}
    if in_place(request):
        # A skip or its taking back re-plans every later step's dates (step_status.change_step).
        replanned = error is None and RoadmapStep.Status.SKIPPED in (was, row.status)
        return _step_changed(request, row.roadmap, pk, error=error, notice=notice, replanned=replanned,
                             focus="note" if "note" in request.POST else "actions")
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(_back_from_step(request, row))


def in_place(request) -> bool:
    """Whether the request came from htmx, wanting a fragment of the page rather than a redirect."""
    return request.headers.get("HX-Request") == "true"


def _step_changed(request, roadmap, pk, *, error, notice, focus, replanned=False):
    summary = summarise(roadmap, today=timezone.localdate())
    row = next(r for r in summary.rows if r.pk == pk)
    context = {"s": summary, "roadmap": roadmap, "row": row, "charts": charts.all_charts(summary),
               "skip_reason_max": MAX_SKIP_REASON_LENGTH,
               "error": error, "notice": None if error else notice, "focus": focus, "replanned": replanned}
    return render(request, "roadmap/_step_changed.html", context, status=400 if error else 200)


def _next_or(request, default: str) -> str:
    """The page a form came from (its ``next`` field) when it is on this site, else ``default``:
    never a redirect to another site."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return default


def _back_from_step(request, row) -> str:
    """Where a step change returns: the page it came from (``next``: the map), else the roadmap."""
    return _next_or(request, f"{reverse('roadmap:dashboard')}#step-{row.pk}")


@login_required
@require_GET
def step_map(request):
    """The roadmap drawn as a map. Template: roadmap/map.html, context: map, legend, and selected (the
    details of the step in ``?step=``, shown open: where a step change returns without JavaScript)."""
    roadmap = own_roadmap(request.user)
    if roadmap is None:
        return redirect("roadmap:questionnaire")
    step = request.GET.get("step", "")
    row = roadmap.steps.select_related("step__phase").filter(pk=step).first() if step.isdigit() and len(step) < 10 else None
    selected = step_details(row) if row else None
    return render(request, "roadmap/map.html", {"map": roadmap_map(roadmap), "legend": looks(), "selected": selected})


@require_GET
def map_step(request, pk):
    """One step of the map: roadmap/map_panel.html with ``?partial=1`` (fetched into the map's side panel),
    else the whole page roadmap/map_step.html. Anyone else's step, or no one's login, is a 404."""
    if not request.user.is_authenticated:
        raise Http404
    row = get_object_or_404(RoadmapStep.objects.select_related("roadmap", "step__phase", "step__certification"),
                            pk=pk, roadmap__user=request.user)
    template = "roadmap/map_panel.html" if request.GET.get("partial") else "roadmap/map_step.html"
    return render(request, template, {"d": step_details(row)})

RECENT_SESSIONS = 100  # two years of evenings is some 400 sessions: the page lists the latest, the export all


@login_required
@require_http_methods(["GET", "POST"])
def study_log(request):
    """Log a study session and list the recent ones. Template: roadmap/study_log.html. With htmx the answer is
    the part that asked: the roadmap page's panel (``HX-Target: quicklog``, roadmap/_quicklog.html, with the
    figures out of band) or the log's form and table (roadmap/_log_grid.html); a 400 when the form is refused."""
    roadmap = own_roadmap(request.user)
    if roadmap is None:
        return redirect("roadmap:questionnaire")
    form = StudySessionForm(request.POST or None, roadmap=roadmap)
    notice = None
    if request.method == "POST" and form.is_valid():
        session = form.save()
        log_session(session)
        notice = _("Logged %(minutes)s minutes on %(day)s.") % {"minutes": session.minutes,
                                                                "day": date_format(session.date)}
        if not in_place(request):
            messages.success(request, notice)
            return redirect(_next_or(request, reverse("roadmap:study_log")))
        form = StudySessionForm(roadmap=roadmap)
    status = 400 if form.errors else 200
    context = {"form": form, "notice": notice, "focus": FIRST_FIELD if request.method == "POST" else None}
    if in_place(request) and request.headers.get("HX-Target") == "quicklog":
        summary = summarise(roadmap, today=timezone.localdate())
        context |= {"oob_stats": notice is not None, "s": summary, "charts": charts.all_charts(summary)}
        return render(request, "roadmap/_quicklog.html", context, status=status)
    context |= {"sessions": roadmap.sessions.select_related("step__step")[:RECENT_SESSIONS],
                "session_count": roadmap.sessions.count()}
    template = "roadmap/_log_grid.html" if in_place(request) else "roadmap/study_log.html"
    return render(request, template, context, status=status)


def own_session(request, pk) -> StudySession:
    """One of the signed-in learner's sessions; another learner's is a 404, as if it did not exist."""
    return get_object_or_404(StudySession.objects.select_related("roadmap", "step__step"), pk=pk,
                             roadmap__user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def edit_session(request, pk):
    """Correct a logged session, by the rules of logging one. Template: roadmap/study_session_edit.html; with htmx
    the session's row of the log (roadmap/_session_row.html): the form in it, or after saving (or ``?row=1``,
    cancel) the session itself."""
    session = own_session(request, pk)
    form = StudySessionForm(request.POST or None, instance=session, roadmap=session.roadmap,
                            auto_id=f"session-{session.pk}-%s")
    saved, notice = request.method == "POST" and form.is_valid(), None
    if saved:
        log_session(form.save())
        notice = _("Session of %(day)s saved.") % {"day": date_format(session.date)}
        if not in_place(request):
            messages.success(request, notice)
            return redirect("roadmap:study_log")
    status = 400 if form.errors else 200
    if in_place(request):
        if saved or request.GET.get("row"):
            session = own_session(request, pk)  # the step's title as saved, not as first read
            context = {"session": session, "notice": notice, "focus": "[data-edit]"}
        else:
            context = {"session": session, "form": form, "editing": True}
        return render(request, "roadmap/_session_row.html", context, status=status)
    return render(request, "roadmap/study_session_edit.html", {"form": form, "session": session}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_session(request, pk):
    """Ask, then delete a logged session. Template: roadmap/study_session_delete.html. With htmx (which asked
    in the browser) the answer is an empty row, so the session's row goes, and the log's status line."""
    session = own_session(request, pk)
    if request.method == "POST":
        session.delete()
        notice = _("Session of %(day)s deleted.") % {"day": date_format(session.date)}
        if in_place(request):
            return HttpResponse(format_html('<p id="log-status" class="row-notice" role="status" tabindex="-1" '
                                            'hx-swap-oob="true" data-focus="">{}</p>', notice))
        messages.success(request, notice)
        return redirect("roadmap:study_log")
    return render(request, "roadmap/study_session_delete.html", {"session": session})


@require_GET
def calendar_feed(request, token):
    """The private iCalendar feed; the token in the URL is the only credential."""
    roadmap = LearnerRoadmap.objects.select_related("user").filter(calendar_token=token).first()
    if roadmap is None:
        raise Http404(_("No calendar at this address: the link may have been reset."))
    response = HttpResponse(calendar_for(roadmap, site_url=request.build_absolute_uri("/")),
                            content_type="text/calendar; charset=utf-8")
    return as_download(response, "archpath-study-plan.ics", inline=True)


@login_required
@require_POST
def reset_calendar(request):
    """Revoke the calendar URL and issue a new one."""
    updated = LearnerRoadmap.objects.filter(user=request.user).update(calendar_token=new_calendar_token())
    if updated:
        messages.success(request, _("Your calendar link was reset; the old one no longer works."))
    return redirect(f"{reverse('roadmap:dashboard')}#calendar")


@require_GET
def glossary(request):
    """The glossary, open to everyone: the terms the roadmap uses, defined plainly, grouped by category (in the
    order of GlossaryTerm.Category) and alphabetical within each; every term has an anchor the step summaries
    link to (roadmap/templatetags/glossary.py)."""
    terms = sorted(GlossaryTerm.objects.active(), key=lambda term: term.term.casefold())
    groups = [
        {"category": value, "name": label, "terms": [term for term in terms if term.category == value]}
        for value, label in GlossaryTerm.Category.choices
    ]
    return render(request, "roadmap/glossary.html", {"groups": [g for g in groups if g["terms"]], "count": len(terms)})
