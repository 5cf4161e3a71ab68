"""Mentoring pages: the learner's mentors, the mentor's mentees, comments, sign-offs, notifications.

A mentee's pages answer 404 to anyone without an active mentorship (never 403: whether
someone is a learner here is theirs to tell). The rules live in this app's plain modules (access, invitations, comments, milestones).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import MENTOR, has_role

from assessments.services import gap_analysis
from certifications.records import tracker
from roadmap.dashboard import summarise
from roadmap.models import LearnerRoadmap, Phase, RoadmapStep

from . import access, comments, invitations, milestones
from .forms import CommentForm, EmailPreferenceForm, InviteForm, MilestoneForm
from .mentees import mentee_rows
from .models import Invitation, MilestoneEvent, MilestoneReview, Mentorship, Notification, StepComment
from .notifications import email_enabled, mark_read, set_email_preference

A = MilestoneEvent.Action
SORT_LABELS = {"risk": _("At risk first"), "name": _("Name"), "progress": _("Progress"),
               "ahead": _("Most behind first"), "activity": _("Last activity")}


def _mentee(request, username) -> LearnerRoadmap:
    roadmap = access.mentee_roadmap(mentor=request.user, username=username)
    if roadmap is None:
        raise Http404(_("No mentee of yours has this name."))
    return roadmap


@login_required
@require_GET
def mentees(request):
    """Invitations waiting for this user's answer, then every active mentee with pace and risk, sortable and
    filterable. Someone invited who is not a mentor yet (the role comes with accepting) sees their invitations;
    anyone else who is not a mentor is refused. Template: mentoring/dashboard.html."""
    asked = list(_asked(request.user))
    if not asked and not has_role(request.user, MENTOR):
        raise PermissionDenied(_("This page is for mentors."))
    sort = request.GET.get("sort", "risk")
    only_at_risk = request.GET.get("at_risk") == "1"
    rows = mentee_rows(mentor=request.user, today=timezone.localdate(), sort=sort,
                               only_at_risk=only_at_risk, search=request.GET.get("q", ""))
    context = {"rows": rows, "sort": sort if sort in SORT_LABELS else "risk", "sorts": SORT_LABELS,
               "only_at_risk": only_at_risk, "q": request.GET.get("q", ""), "asked": asked,
               "is_mentor": has_role(request.user, MENTOR)}
    return render(request, "mentoring/dashboard.html", context)


def _asked(user):
    """Mentorships waiting for ``user``'s answer as the invited mentor, oldest first; nobody else's."""
    return Mentorship.objects.filter(mentor=user, status=Mentorship.Status.PENDING).select_related(
        "learner").order_by("created", "id")


@login_required
@require_http_methods(["GET", "POST"])
def mentorships(request):
    """The learner's mentors and invitations, and invitations waiting for this user as a mentor.

    Template: mentoring/mentorships.html; a POST invites a mentor.
    """
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.send_invitation(learner=request.user, identifier=form.cleaned_data["mentor"])
        except access.MentoringError as exc:
            form.add_error("mentor", str(exc))
        else:
            # The same words whoever was named: the page does not tell who has an account.
            messages.success(request, invitations.invited_message(form.cleaned_data["mentor"]))
            return redirect("mentoring:mentorships")
    # Mentors by name once they accepted; before that, only what the learner typed (invitations).
    mine = Mentorship.objects.filter(access.ACCEPTED, learner=request.user).select_related("mentor")
    context = {
        "form": form,
        "active": [m for m in mine if m.status == Mentorship.Status.ACTIVE],
        "past": [m for m in mine if m.status != Mentorship.Status.ACTIVE],
        "invitations": invitations.waiting_invitations(request.user),
        "asked": _asked(request.user),
    }
    return render(request, "mentoring/mentorships.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def respond(request, pk, accept):
    mentorship = get_object_or_404(Mentorship, pk=pk, mentor=request.user)
    try:
        invitations.respond(mentorship=mentorship, mentor=request.user, accept=accept)
    except access.MentoringError as exc:
        messages.error(request, str(exc))
        return redirect("mentoring:mentorships")
    if accept:
        messages.success(request, _("You now mentor %(name)s.") % {"name": mentorship.learner.get_username()})
        return redirect("mentoring:mentees")
    messages.success(request, _("Invitation declined."))
    # Back to the page the answer came from: the mentor's dashboard, while it still has something to show.
    if request.POST.get("back") == "mentees" and (has_role(request.user, MENTOR) or _asked(request.user).exists()):
        return redirect("mentoring:mentees")
    return redirect("mentoring:mentorships")


@login_required
@require_POST
def end(request, pk):
    mentorship = get_object_or_404(access.mentorships_of(request.user), pk=pk)
    try:
        invitations.end(mentorship=mentorship, user=request.user)
    except access.MentoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The mentorship has ended."))
    return redirect("mentoring:mentees" if mentorship.mentor_id == request.user.pk else "mentoring:mentorships")


@login_required
@require_POST
def withdraw(request, pk):
    """The learner takes back one of their invitations still waiting for an answer."""
    invite = get_object_or_404(Invitation, pk=pk, learner=request.user)
    try:
        invitations.withdraw(invitation=invite, learner=request.user)
    except access.MentoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your invitation to %(name)s is withdrawn.") % {"name": invite.invitee})
    return redirect("mentoring:mentorships")


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """An e-mailed invitation link: accept it to mentor the learner. Template: mentoring/invitation.html."""
    invite = get_object_or_404(Invitation.objects.select_related("learner"), token=token)
    if request.method == "POST":
        try:
            invitations.accept_invitation(invitation=invite, user=request.user)
        except access.MentoringError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("You now mentor %(name)s.") % {"name": invite.learner.get_username()})
            return redirect("mentoring:mentees")
    return render(request, "mentoring/invitation.html", {"invitation": invite})


def _reviews_by_phase(roadmap) -> dict[int, MilestoneReview]:
    return {r.phase_id: r for r in roadmap.milestone_reviews.all()}


@login_required
@require_GET
def mentee_roadmap(request, username):
    """A mentee's roadmap, read-only, with sign-off actions. Template: mentoring/roadmap.html."""
    roadmap = _mentee(request, username)
    summary = summarise(roadmap, today=timezone.localdate(), private=False)
    reviews = _reviews_by_phase(roadmap)
    phases = [(group, reviews.get(group.phase.pk)) for group in summary.phases]
    return render(request, "mentoring/roadmap.html", {"s": summary, "mentee": roadmap.user, "phases": phases})


@login_required
@require_GET
def mentee_log(request, username):
    """A mentee's study log, read-only. Template: mentoring/log.html."""
    roadmap = _mentee(request, username)
    sessions = roadmap.sessions.select_related("step__step").defer(*access.private_fields(step="step__"))[:200]
    return render(request, "mentoring/log.html", {"mentee": roadmap.user, "sessions": sessions})


@login_required
@require_GET
def mentee_certifications(request, username):
    """A mentee's certifications, read-only. Template: mentoring/certifications.html."""
    roadmap = _mentee(request, username)
    rows = tracker(user=roadmap.user, today=timezone.localdate())
    return render(request, "mentoring/certifications.html", {"mentee": roadmap.user, "rows": rows})


@login_required
@require_GET
def mentee_assessments(request, username):
    """A mentee's assessment results and skill gaps, read-only. Template: mentoring/assessments.html."""
    roadmap = _mentee(request, username)
    attempts = roadmap.user.attempts.filter(submitted__isnull=False).select_related("assessment")[:50]
    analysis = gap_analysis(user=roadmap.user, roadmap=roadmap)
    context = {"mentee": roadmap.user, "attempts": attempts, "analysis": analysis}
    return render(request, "mentoring/assessments.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_comments(request, pk):
    """The comment threads of one step, for the learner and their mentors. Template: mentoring/comments.html."""
    row = comments.visible_row(request.user, pk)
    if row is None:
        raise Http404(_("No such step."))
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        parent_id = form.cleaned_data["parent"]
        parent = get_object_or_404(StepComment, pk=parent_id, row=row) if parent_id else None
        try:
            comments.add_comment(row=row, author=request.user, body=form.cleaned_data["body"], parent=parent)
        except access.MentoringError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Comment posted."))
            return redirect("mentoring:step_comments", pk=row.pk)
    mark_read(user=request.user, url=request.path)
    owner = row.roadmap.user == request.user
    back = reverse("roadmap:dashboard") if owner else reverse("mentoring:mentee_roadmap", args=[row.roadmap.user.username])
    context = {"row": row, "threads": comments.threads(row), "form": form, "back": f"{back}#step-{row.pk}",
               "learner": row.roadmap.user}
    return render(request, "mentoring/comments.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def request_review(request, pk):
    """The learner asks for a sign-off of one phase of their roadmap."""
    roadmap = get_object_or_404(LearnerRoadmap, user=request.user)
    phase = get_object_or_404(Phase, pk=pk)
    try:
        review = milestones.request_review(roadmap=roadmap, phase=phase, user=request.user,
                                        comment=request.POST.get("comment", ""))
    except access.MentoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Review requested for %(phase)s.") % {"phase": review.phase.name})
    return redirect(f"{reverse('roadmap:dashboard')}#phase-{phase.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def milestone(request, pk):
    """A phase sign-off with the phase's progress, its history and the actions open to the viewer; a mentor about to
    start or approve the review of a phase far from done is warned. Template: mentoring/milestone.html."""
    reviews = MilestoneReview.objects.select_related("roadmap__user", "phase", "reviewer")
    review = get_object_or_404(reviews.defer(*access.private_fields(roadmap="roadmap__")), pk=pk)
    learner = review.roadmap.user
    if not access.can_see(request.user, learner):
        raise Http404(_("No such review."))
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            milestones.act(review=review, user=request.user, **form.cleaned_data)
        except access.MentoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved: %(status)s.") % {"status": review.get_status_display()})
            return redirect("mentoring:milestone", pk=review.pk)
    mark_read(user=request.user, url=request.path)
    is_learner = learner == request.user
    actions = [a for a, (start, _to, side, _c) in milestones.TRANSITIONS.items()
               if review.status in start and (side == "learner") == is_learner]
    progress = milestones.phase_progress(roadmap=review.roadmap, phase=review.phase, today=timezone.localdate())
    context = {"review": review, "learner": learner, "is_learner": is_learner, "form": form, "actions": actions,
               "events": review.events.select_related("actor"), "progress": progress,
               "warn": progress.far_from_done and any(a in (A.STARTED, A.APPROVED) for a in actions)}
    return render(request, "mentoring/milestone.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """The user's notifications, marked read once shown; and the e-mail setting. Template: mentoring/notifications.html."""
    if request.method == "POST":
        form = EmailPreferenceForm(request.POST)
        form.is_valid()
        set_email_preference(user=request.user, enabled=form.cleaned_data.get("email", False))
        messages.success(request, _("Your notification setting is saved."))
        return redirect("mentoring:notifications")
    items = list(Notification.objects.filter(user=request.user)[:100])
    mark_read(user=request.user, ids=[n.pk for n in items if n.read_at is None])
    form = EmailPreferenceForm(initial={"email": email_enabled(request.user)})
    return render(request, "mentoring/notifications.html", {"items": items, "form": form})
