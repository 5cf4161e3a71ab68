"""The assessment pages: the list, taking an attempt, its result, the self-assessment and the gap analysis.

Every page is the learner's own: another learner's attempt is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roadmap.models import Skill
from roadmap.models import LearnerRoadmap

from . import charts, gap
from .apply import ApplyError, apply_gap_analysis, last_application, undo_application
from .forms import ratings_from_post, responses_from_post
from .models import Assessment, Attempt
from .services import AttemptError, gap_analysis, ratings_of, save_self_ratings, start_attempt, submit_attempt


def own_attempt(request, pk) -> Attempt:
    return get_object_or_404(
        Attempt.objects.select_related("assessment").prefetch_related("answers__question__choices"),
        pk=pk, user=request.user,
    )


@login_required
@require_GET
def assessment_list(request):
    """Diagnostics by kind, with the learner's last score and any attempt to resume.
    Template: assessments/list.html, context: groups of (kind, heading, assessments)."""
    attempts = Attempt.objects.filter(user=request.user).order_by("started")
    last, open_attempts = {}, {}
    now = timezone.now()
    for attempt in attempts:
        if attempt.submitted:
            last[attempt.assessment_id] = attempt
        elif not attempt.deadline or attempt.deadline > now:
            open_attempts[attempt.assessment_id] = attempt
    assessments = list(Assessment.objects.active().select_related("phase").prefetch_related("skills"))
    for assessment in assessments:
        assessment.last = last.get(assessment.id)
        assessment.open = open_attempts.get(assessment.id)
    headings = {Assessment.Kind.PHASE: _("Diagnostics per roadmap phase"),
                Assessment.Kind.SKILL_AREA: _("Diagnostics per skill area")}
    groups = [(kind, heading, [a for a in assessments if a.kind == kind]) for kind, heading in headings.items()]
    context = {"groups": [group for group in groups if group[2]]}
    return render(request, "assessments/list.html", context)


@login_required
@require_POST
def start(request, slug):
    assessment = get_object_or_404(Assessment.objects.active(), slug=slug)
    try:
        attempt = start_attempt(user=request.user, assessment=assessment)
    except AttemptError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:list")
    return redirect("assessments:take", attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def take(request, pk):
    """The attempt as one form; POST submits it. Template: assessments/take.html."""
    attempt = own_attempt(request, pk)
    if attempt.submitted:
        return redirect("assessments:result", attempt.pk)
    answers = list(attempt.answers.all())
    error = None
    if request.method == "POST":
        try:
            submit_attempt(attempt=attempt, responses=responses_from_post(request.POST, answers))
        except AttemptError as exc:
            error = str(exc)
        else:
            return redirect("assessments:result", attempt.pk)
    for answer in answers:
        text = {c.id: c.text for c in answer.question.choices.all()}
        answer.shown = [(choice, text[choice]) for choice in answer.shown_order if choice in text]
        answer.places = range(1, len(answer.shown) + 1)
    remaining = _remaining(attempt)
    context = {"attempt": attempt, "answers": answers, "error": error, "expired": remaining == 0,
               "remaining": remaining, "remaining_text": "%d:%02d" % divmod(remaining or 0, 60)}
    return render(request, "assessments/take.html", context, status=400 if error else 200)


def _remaining(attempt: Attempt) -> int | None:
    """Whole seconds left before the deadline (0 once passed), None without a time limit. The page counts
    down from it; the server still judges a submission against the deadline itself."""
    if not attempt.deadline:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


@login_required
@require_GET
def result(request, pk):
    """Score per skill, every answer with its explanation and source, the history chart.
    Template: assessments/result.html."""
    attempt = own_attempt(request, pk)
    if not attempt.submitted:
        return redirect("assessments:take", attempt.pk)
    answers = list(attempt.answers.all())
    for answer in answers:
        choices = sorted((c for c in answer.question.choices.all() if c.id in answer.shown_order),
                         key=lambda c: (c.position, c.id))
        by_id = {c.id: c for c in choices}
        answer.picked = [by_id[c] for c in answer.selected if c in by_id]
        answer.right = choices if answer.question.type == "ordering" else [c for c in choices if c.correct]
    history = list(Attempt.objects.filter(user=request.user, assessment=attempt.assessment,
                                          submitted__isnull=False))
    context = {
        "attempt": attempt,
        "answers": answers,
        "skills": skill_levels(attempt),
        "chart": charts.attempts_chart(history),
        "history": sorted(history, key=lambda a: a.submitted, reverse=True),
    }
    return render(request, "assessments/result.html", context)


def skill_levels(attempt: Attempt) -> list[dict]:
    """The attempt's score per skill, weakest first, each with the level it shows: by gap.Evidence, the
    one rule that keeps a few questions from claiming a high level (as the gap page, API and mentors see)."""
    skills = [dict(s, level=gap.Evidence(s["score"], s["questions"]).level) for s in attempt.skill_scores.values()]
    return sorted(skills, key=lambda s: (s["score"], s["name"]))


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request):
    """Rate every skill 1-5 against its level descriptions. Template: assessments/self_assessment.html."""
    skills = list(Skill.objects.active())
    error = None
    if request.method == "POST":
        try:
            save_self_ratings(user=request.user, levels=ratings_from_post(request.POST, skills))
        except AttemptError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Your self-assessment is saved."))
            return redirect("assessments:self_assessment")
    ratings = ratings_of(request.user)
    for skill in skills:
        skill.rating = ratings.get(skill.slug)
        skill.levels = list(enumerate(skill.level_descriptions, 1))
    context = {
        "groups": [(label, [s for s in skills if s.kind == kind]) for kind, label in Skill.Kind.choices],
        "error": error,
    }
    return render(request, "assessments/self_assessment.html", context, status=400 if error else 200)


def _roadmap(user):
    return LearnerRoadmap.objects.select_related("target_role").filter(user=user).first()


@login_required
@require_GET
def gap_analysis_page(request):
    """Radar chart, ranked gaps, Apply and Undo. Template: assessments/gap.html."""
    roadmap = _roadmap(request.user)
    context = {"roadmap": roadmap}
    if roadmap is not None:
        analysis = gap_analysis(user=request.user, roadmap=roadmap)
        context |= {
            "analysis": analysis,
            "chart": charts.radar_chart(analysis.rows),
            "application": last_application(roadmap),
            "has_evidence": bool(analysis.evidence) or any(r.self_rated for r in analysis.rows),
        }
    return render(request, "assessments/gap.html", context)


def _change_roadmap(request, change, success):
    roadmap = _roadmap(request.user)
    if roadmap is None:
        return redirect("roadmap:questionnaire")
    try:
        application = change(roadmap=roadmap, today=timezone.localdate())
    except ApplyError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, success(application))
    return redirect("assessments:gap")


@login_required
@require_POST
def apply_gap(request):
    return _change_roadmap(request, apply_gap_analysis, lambda a: _(
        "Applied to your roadmap: %(skipped)d steps tested out, %(moved)d steps moved; the schedule is re-planned."
    ) % {"skipped": a.skipped, "moved": a.moved})


@login_required
@require_POST
def undo_gap(request):
    return _change_roadmap(request, undo_application, lambda a: _(
        "Undone: every step is back as it was before, and the schedule is re-planned."))
