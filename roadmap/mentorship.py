"""Mentoring rules as plain functions: invitations, access, comments, notifications, sign-offs.

Who counts as a mentor: anyone can be invited by username or e-mail; accepting an
invitation (or being assigned by a curator) grants the mentor role. A mentor sees a
learner's data only while their mentorship is ACTIVE: a pending, declined or ended
one grants nothing, and ending it takes effect on the next request.

Every change of status is a conditional UPDATE naming the status it expects; when it
touches no row the state moved under us and the caller gets a MentoringError.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import MENTOR, grant_role
from assessments import gap

from . import progress
from .expiry import REMINDER_DAYS
from .mentoring import (
    Invitation, MilestoneEvent, MilestoneReview, Mentorship, Notification, NotificationPreference, StepComment,
)
from .models import Phase, RoleSkill
from .personal import CertificationRecord, LearnerRoadmap, RoadmapStep, StudySession
from .scheduling import projected_finish

logger = logging.getLogger(__name__)
User = get_user_model()
M = Mentorship.Status
R = MilestoneReview.Status

# The at-risk rule (issue 5): behind the plan by more than this many days...
BEHIND_LIMIT_DAYS = 14
# ...or this many days or more since the last study session (or since the start, with none).
IDLE_LIMIT_DAYS = 10


class MentoringError(Exception):
    """A request the rules refuse; the message is meant for the person who made it."""


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Notifications -------------------------------------------------------------------------------

def email_enabled(user) -> bool:
    """The user's own setting; e-mail is on until they turn it off."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.email


def wants_email(user) -> bool:
    return bool(user.email) and email_enabled(user)


def set_email_preference(*, user, enabled: bool) -> None:
    NotificationPreference.objects.update_or_create(user=user, defaults={"email": enabled})


def notify(*, user, text: str, url: str = "") -> Notification:
    """A notification in the site and, unless the user turned it off, by e-mail after the commit."""
    note = Notification.objects.create(user=user, text=text[:500], url=url)
    if wants_email(user):
        context = {"user": user, "text": text, "url": site_url(url) if url else site_url("/")}
        body = render_to_string("emails/mentor_notification.txt", context)
        subject = _("ArchPath: %(text)s") % {"text": text[:120]}
        transaction.on_commit(lambda: _send(subject, body, user.email), robust=True)
    return note


def _send(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # the notification in the site is kept; a mail server hiccup must not break the request
        logger.exception("notification e-mail to %s failed", address)


def mark_read(*, user, ids=None, url: str | None = None) -> int:
    """Mark the user's unread notifications read (only those ids, or those linking to url); returns how many."""
    unread = Notification.objects.filter(user=user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    if url is not None:
        unread = unread.filter(url=url)
    return unread.update(read_at=timezone.now())


# --- Mentorships ---------------------------------------------------------------------------------

def find_user(identifier: str):
    identifier = identifier.strip()
    field_name = "email__iexact" if "@" in identifier else "username__iexact"
    return User.objects.filter(**{field_name: identifier}, is_active=True).order_by("pk").first()


def open_mentorship(*, learner, mentor) -> Mentorship | None:
    return Mentorship.objects.filter(learner=learner, mentor=mentor, status__in=[M.PENDING, M.ACTIVE]).first()


@transaction.atomic
def invite(*, learner, identifier: str) -> Mentorship | Invitation:
    """Invite a mentor by username or e-mail; an unknown e-mail address gets an invitation link."""
    mentor = find_user(identifier)
    if mentor is None:
        if "@" not in identifier:
            raise MentoringError(_("No one is called %(name)s here. Invite them by e-mail instead.") % {
                "name": identifier})
        return _invite_by_email(learner=learner, email=identifier.strip())
    if mentor == learner:
        raise MentoringError(_("You cannot mentor yourself."))
    if open_mentorship(learner=learner, mentor=mentor):
        raise MentoringError(_("%(name)s is already your mentor or invited.") % {"name": mentor.get_username()})
    mentorship = Mentorship.objects.create(learner=learner, mentor=mentor)
    notify(user=mentor, url=reverse("roadmap:mentorships"),
           text=_("%(name)s invites you to be their mentor.") % {"name": learner.get_username()})
    return mentorship


def _invite_by_email(*, learner, email: str) -> Invitation:
    invitation = Invitation.objects.create(learner=learner, email=email)
    context = {"learner": learner, "url": site_url(reverse("roadmap:invitation", args=[invitation.token]))}
    subject = _("%(name)s invites you to mentor them on ArchPath") % {"name": learner.get_username()}
    body = render_to_string("emails/mentor_invitation.txt", context)
    transaction.on_commit(lambda: _send(subject, body, email), robust=True)
    return invitation


def _move(mentorship: Mentorship, *, expected, **changes) -> None:
    """Change the row only if it is still in an expected status; reload it either way."""
    moved = Mentorship.objects.filter(pk=mentorship.pk, status__in=expected).update(**changes)
    mentorship.refresh_from_db()
    if not moved:
        raise MentoringError(_("This mentorship is %(status)s: nothing to change.") % {
            "status": mentorship.get_status_display()})


@transaction.atomic
def respond(*, mentorship: Mentorship, mentor, accept: bool) -> Mentorship:
    """The invited mentor accepts (and becomes a mentor) or declines."""
    if mentorship.mentor_id != mentor.pk:
        raise MentoringError(_("Only the invited mentor can answer this invitation."))
    _move(mentorship, expected=[M.PENDING], status=M.ACTIVE if accept else M.DECLINED, responded_at=timezone.now())
    if accept:
        grant_role(mentor, MENTOR)
        text = _("%(name)s is now your mentor.")
    else:
        text = _("%(name)s declined to be your mentor.")
    notify(user=mentorship.learner, url=reverse("roadmap:mentorships"), text=text % {"name": mentor.get_username()})
    return mentorship


@transaction.atomic
def end(*, mentorship: Mentorship, user) -> Mentorship:
    """Either side ends an open mentorship; the mentor's access ends with it."""
    if user.pk not in (mentorship.learner_id, mentorship.mentor_id):
        raise MentoringError(_("This is not your mentorship."))
    _move(mentorship, expected=[M.PENDING, M.ACTIVE], status=M.ENDED, ended_at=timezone.now(), ended_by=user)
    other = mentorship.mentor if user.pk == mentorship.learner_id else mentorship.learner
    notify(user=other, url=reverse("roadmap:mentorships"),
           text=_("%(name)s ended the mentorship.") % {"name": user.get_username()})
    return mentorship


@transaction.atomic
def assign(*, learner, mentor, by) -> Mentorship:
    """A curator pairs a learner with a mentor: active at once, the mentor role granted."""
    if mentor == learner:
        raise MentoringError(_("A learner cannot mentor themself."))
    grant_role(mentor, MENTOR)
    current = open_mentorship(learner=learner, mentor=mentor)
    if current and current.status == M.ACTIVE:
        return current
    if current:
        _move(current, expected=[M.PENDING], status=M.ACTIVE, responded_at=timezone.now(), assigned_by=by)
        mentorship = current
    else:
        mentorship = Mentorship.objects.create(learner=learner, mentor=mentor, status=M.ACTIVE, assigned_by=by,
                                               responded_at=timezone.now())
    notify(user=learner, url=reverse("roadmap:mentorships"),
           text=_("%(name)s was assigned as your mentor.") % {"name": mentor.get_username()})
    notify(user=mentor, url=reverse("roadmap:mentees"),
           text=_("You were assigned as mentor of %(name)s.") % {"name": learner.get_username()})
    return mentorship


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Mentorship:
    """Whoever opens the e-mailed link, signed in, becomes the mentor (once)."""
    if invitation.learner_id == user.pk:
        raise MentoringError(_("You cannot mentor yourself."))
    if not Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.OPEN).update(
            status=Invitation.Status.ACCEPTED):
        raise MentoringError(_("This invitation was already used or withdrawn."))
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(learner=invitation.learner, mentor=user)
    except IntegrityError:
        mentorship = open_mentorship(learner=invitation.learner, mentor=user)
    Invitation.objects.filter(pk=invitation.pk).update(mentorship=mentorship)
    if mentorship.status == M.PENDING:
        respond(mentorship=mentorship, mentor=user, accept=True)
    return mentorship


def is_active_mentor(mentor, learner) -> bool:
    return Mentorship.objects.filter(mentor=mentor, learner=learner, status=M.ACTIVE).exists()


def can_see(user, learner) -> bool:
    """The learner themself, or a mentor with an active mentorship: nobody else."""
    return user.is_authenticated and (user.pk == learner.pk or is_active_mentor(user, learner))


def mentee_roadmap(*, mentor, username: str) -> LearnerRoadmap | None:
    """The roadmap of an active mentee, or None (the caller answers 404 either way)."""
    return (
        LearnerRoadmap.objects.select_related("user", "background", "target_role")
        .filter(user__username=username, user__mentorships__mentor=mentor, user__mentorships__status=M.ACTIVE)
        .first()
    )


def active_mentors(learner) -> list:
    return [m.mentor for m in Mentorship.objects.filter(learner=learner, status=M.ACTIVE).select_related("mentor")]


# --- Comments ------------------------------------------------------------------------------------

def comment_url(row: RoadmapStep) -> str:
    return reverse("roadmap:step_comments", args=[row.pk])


@transaction.atomic
def add_comment(*, row: RoadmapStep, author, body: str, parent: StepComment | None = None) -> StepComment:
    """Comment on a step, or reply in a thread; tells everyone else in the conversation."""
    learner = row.roadmap.user
    if not can_see(author, learner):
        raise MentoringError(_("Only the learner and their mentors can comment here."))
    body = body.strip()
    if not body:
        raise MentoringError(_("Write a comment first."))
    if parent is not None:
        if parent.row_id != row.pk:
            raise MentoringError(_("That reply belongs to another step."))
        parent = parent.parent or parent  # one level of threads: a reply to a reply joins the thread
    comment = StepComment.objects.create(row=row, author=author, body=body, parent=parent)
    text = _("%(name)s commented on “%(step)s”.") % {"name": author.get_username(), "step": row.step.title}
    for user in {learner, *active_mentors(learner)} - {author}:
        notify(user=user, text=text, url=comment_url(row))
    return comment


def threads(row: RoadmapStep) -> list[StepComment]:
    """The step's thread openers, oldest first, each with its replies prefetched."""
    return list(
        row.comments.filter(parent__isnull=True).select_related("author").prefetch_related("replies__author")
    )


# --- Milestone sign-off --------------------------------------------------------------------------

A = MilestoneEvent.Action
# action: (statuses it may start from, status it leads to, who may do it, comment required)
TRANSITIONS = {
    A.STARTED: ([R.REQUESTED], R.IN_REVIEW, "mentor", False),
    A.APPROVED: ([R.IN_REVIEW], R.APPROVED, "mentor", False),
    A.CHANGES_REQUESTED: ([R.IN_REVIEW], R.CHANGES_REQUESTED, "mentor", True),
    A.ANSWERED: ([R.CHANGES_REQUESTED], R.CHANGES_REQUESTED, "learner", True),
    A.REQUESTED: ([R.CHANGES_REQUESTED], R.REQUESTED, "learner", False),
}


def phases_of(roadmap: LearnerRoadmap):
    return Phase.objects.filter(pk__in=roadmap.steps.values("step__phase")).order_by("order")


def review_url(review: MilestoneReview) -> str:
    return reverse("roadmap:milestone", args=[review.pk])


@transaction.atomic
def request_review(*, roadmap: LearnerRoadmap, phase: Phase, user, comment: str = "") -> MilestoneReview:
    """The learner asks their mentors to sign a phase off (again, after changes were asked)."""
    if user.pk != roadmap.user_id:
        raise MentoringError(_("Only the learner can ask for a review of their roadmap."))
    if not roadmap.steps.filter(step__phase=phase).exists():
        raise MentoringError(_("This phase is not on your roadmap."))
    if not active_mentors(roadmap.user):
        raise MentoringError(_("Invite a mentor first: nobody could review this phase yet."))
    review, created = MilestoneReview.objects.get_or_create(roadmap=roadmap, phase=phase)
    if created:
        _record(review, user, A.REQUESTED, comment)
        return review
    return act(review=review, user=user, action=A.REQUESTED, comment=comment)


@transaction.atomic
def act(*, review: MilestoneReview, user, action: str, comment: str = "") -> MilestoneReview:
    """Start, approve, ask for changes, answer or request again, if the review's status allows it."""
    if action not in TRANSITIONS:
        raise MentoringError(_("Unknown action."))
    expected, target, side, needs_comment = TRANSITIONS[action]
    learner = review.roadmap.user
    allowed = user.pk == learner.pk if side == "learner" else is_active_mentor(user, learner)
    if not allowed:
        raise MentoringError(_("Only the learner's %(side)s can do that.") % {
            "side": _("mentor") if side == "mentor" else _("learner themself")})
    comment = comment.strip()
    if needs_comment and not comment:
        raise MentoringError(_("Say what to change in a comment."))
    changes = {"status": target, "updated": timezone.now()}
    if side == "mentor":
        changes["reviewer"] = user
    if not MilestoneReview.objects.filter(pk=review.pk, status__in=expected).update(**changes):
        review.refresh_from_db()
        raise MentoringError(_("This review is %(status)s: that step is not possible now.") % {
            "status": review.get_status_display()})
    review.refresh_from_db()
    _record(review, user, action, comment)
    return review


def _record(review: MilestoneReview, user, action: str, comment: str) -> None:
    MilestoneEvent.objects.create(review=review, actor=user, action=action, comment=comment)
    learner = review.roadmap.user
    text = _("%(name)s %(action)s: %(phase)s.") % {
        "name": user.get_username(), "action": A(action).label, "phase": review.phase.name}
    for person in {learner, *active_mentors(learner)} - {user}:
        notify(user=person, text=text, url=review_url(review))


# --- The mentor's dashboard ----------------------------------------------------------------------

def at_risk(*, ahead_days: int | None, last_study: date | None, started: date, today: date) -> tuple[bool, str]:
    """Whether a mentee is at risk, and why: behind by more than 14 days, or 10 days without study."""
    reasons = []
    if ahead_days is not None and -ahead_days > BEHIND_LIMIT_DAYS:
        reasons.append(_("behind the plan by %(days)d days") % {"days": -ahead_days})
    idle_since = last_study or started
    idle = (today - idle_since).days
    if idle >= IDLE_LIMIT_DAYS:
        if last_study:
            reasons.append(_("no study for %(days)d days") % {"days": idle})
        else:
            reasons.append(_("no study logged in the %(days)d days since the start") % {"days": idle})
    return bool(reasons), "; ".join(reasons)


@dataclass
class MenteeRow:
    mentorship: Mentorship
    roadmap: LearnerRoadmap | None
    progress: int = 0
    hours_per_week_logged: float = 0.0
    ahead_days: int | None = None
    last_activity: date | None = None
    certifications: list[str] = field(default_factory=list)
    gaps: list[gap.GapRow] = field(default_factory=list)
    at_risk: bool = False
    at_risk_reason: str = ""

    @property
    def user(self):
        return self.mentorship.learner

    @property
    def username(self) -> str:
        return self.user.get_username()

    @property
    def behind_days(self) -> int | None:
        return None if self.ahead_days is None else -self.ahead_days


SORTS = {
    "name": (lambda r: r.username.lower(), False),
    "progress": (lambda r: r.progress, True),
    "ahead": (lambda r: r.ahead_days if r.ahead_days is not None else -10**6, False),
    "activity": (lambda r: r.last_activity or date.min, True),
    "risk": (lambda r: (not r.at_risk, r.username.lower()), False),
}


def mentee_rows(*, mentor, today: date, sort: str = "risk", only_at_risk: bool = False,
                search: str = "") -> list[MenteeRow]:
    """Every active mentee with progress, pace, risk, coming certifications and largest gaps.

    A fixed number of queries however many mentees: each kind of row is read once for all.
    """
    mentorships = Mentorship.objects.filter(mentor=mentor, status=M.ACTIVE).select_related(
        "learner", "learner__roadmap", "learner__roadmap__target_role")
    if search:
        mentorships = mentorships.filter(learner__username__icontains=search.strip())
    rows = [MenteeRow(mentorship=m, roadmap=getattr(m.learner, "roadmap", None)) for m in mentorships]
    roadmaps = [r.roadmap for r in rows if r.roadmap]
    if roadmaps:
        _fill_progress(rows, roadmaps, today)
        _fill_certifications(rows, today)
        _fill_gaps(rows, roadmaps)
    for row in rows:
        started = row.roadmap.start_date if row.roadmap else row.mentorship.created.date()
        row.at_risk, row.at_risk_reason = at_risk(
            ahead_days=row.ahead_days, last_study=row.last_activity, started=min(started, today), today=today)
    if only_at_risk:
        rows = [r for r in rows if r.at_risk]
    key, reverse_order = SORTS.get(sort, SORTS["risk"])
    return sorted(rows, key=key, reverse=reverse_order)


def _fill_progress(rows: list[MenteeRow], roadmaps: list[LearnerRoadmap], today: date) -> None:
    ids = [r.pk for r in roadmaps]
    steps = defaultdict(list)
    for roadmap_id, row_id, status, hours in RoadmapStep.objects.filter(roadmap_id__in=ids).values_list(
            "roadmap_id", "id", "status", "step__estimated_hours"):
        steps[roadmap_id].append((row_id, status, hours))
    daily = defaultdict(list)
    for roadmap_id, day, total in StudySession.objects.filter(roadmap_id__in=ids).values_list(
            "roadmap_id", "date").annotate(total=Sum("minutes")).order_by():
        daily[roadmap_id].append((day, total))
    logged = dict(StudySession.objects.filter(roadmap_id__in=ids, step__isnull=False).values_list("step")
                  .annotate(total=Sum("minutes")).order_by())
    Status = RoadmapStep.Status
    for row in rows:
        if row.roadmap is None:
            continue
        mine = steps[row.roadmap.pk]
        scope = sum(h for _i, s, h in mine if s != Status.SKIPPED)
        done = sum(h for _i, s, h in mine if s == Status.DONE)
        remaining = sum(max(h * 60 - logged.get(i, 0), 0) for i, s, h in mine if s in (Status.TODO, Status.IN_PROGRESS))
        pace = progress.pace(daily[row.roadmap.pk], today=today)
        projected = projected_finish(remaining_minutes=remaining, minutes_per_week=pace.minutes_per_week, today=today)
        row.progress = round(100 * done / scope) if scope else 0
        row.hours_per_week_logged = round(pace.minutes_per_week / 60, 1)
        row.ahead_days = progress.ahead_by_days(planned=row.roadmap.planned_finish, projected=projected)
        row.last_activity = max((day for day, _m in daily[row.roadmap.pk]), default=None)


def _fill_certifications(rows: list[MenteeRow], today: date) -> None:
    """Exams booked ahead and held certifications expiring within 90 days."""
    S = CertificationRecord.Status
    horizon = today + timedelta(days=REMINDER_DAYS[0])
    records = CertificationRecord.objects.filter(user__in=[r.user for r in rows]).filter(
        Q(status=S.BOOKED, exam_date__gte=today) | Q(status=S.PASSED, expires_on__gte=today, expires_on__lte=horizon)
    ).select_related("certification").order_by("exam_date", "expires_on")
    by_user = defaultdict(list)
    for record in records:
        if record.status == S.BOOKED:
            text = _("%(name)s: exam on %(day)s") % {"name": record.certification.name, "day": record.exam_date}
        else:
            text = _("%(name)s: expires on %(day)s") % {"name": record.certification.name, "day": record.expires_on}
        by_user[record.user_id].append(text)
    for row in rows:
        row.certifications = by_user[row.user.pk]


def _fill_gaps(rows: list[MenteeRow], roadmaps: list[LearnerRoadmap], *, count: int = 3) -> None:
    """The largest skill gaps against each mentee's target role, by the rules of assessments.gap."""
    from assessments.models import Answer, Question, SelfRating

    requirements = defaultdict(list)
    for role_id, slug, name, level in RoleSkill.objects.filter(
        role_id__in={r.target_role_id for r in roadmaps}, skill__archived=False
    ).order_by("skill__order", "pk").values_list("role_id", "skill__slug", "skill__name", "level"):
        requirements[role_id].append(gap.Requirement(slug, name, level))
    user_ids = [r.user_id for r in roadmaps]
    latest: dict[tuple[int, int], float] = {}
    for user_id, question_id, credit in Answer.objects.filter(
        attempt__user_id__in=user_ids, attempt__submitted__isnull=False, credit__isnull=False
    ).order_by("attempt__submitted", "pk").values_list("attempt__user_id", "question_id", "credit"):
        latest[(user_id, question_id)] = credit
    skills_of = defaultdict(list)
    for question_id, slug in Question.skills.through.objects.filter(
            question_id__in={q for _u, q in latest}).values_list("question_id", "skill__slug"):
        skills_of[question_id].append(slug)
    credits = defaultdict(lambda: defaultdict(list))
    for (user_id, question_id), credit in latest.items():
        for slug in skills_of[question_id]:
            credits[user_id][slug].append(credit)
    ratings = defaultdict(dict)
    for user_id, slug, level in SelfRating.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "skill__slug", "level"):
        ratings[user_id][slug] = level
    for row in rows:
        if row.roadmap is None:
            continue
        uid = row.user.pk
        evidence = {slug: gap.Evidence(score=sum(v) / len(v), questions=len(v)) for slug, v in credits[uid].items()}
        found = gap.gap_rows(requirements[row.roadmap.target_role_id], evidence, ratings[uid])
        row.gaps = [g for g in found if g.gap > 0][:count]

