"""Mentorships from invitation to end: invite, accept or decline, assign, end.

Who counts as a mentor: anyone can be invited by username or e-mail; accepting an
invitation (or being assigned by a curator) grants the mentor role. Every change of
status is a conditional UPDATE naming the status it expects; when it touches no row the
state moved under us and the caller gets a MentoringError.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import MENTOR, grant_role

from .access import MentoringError, find_user, open_mentorship
from .models import Invitation, Mentorship
from .notifications import notify, send_email, site_url

M = Mentorship.Status


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
    # The mentor's dashboard lists invitations waiting for an answer, for someone not yet a mentor too.
    notify(user=mentor, url=reverse("mentoring:mentees"),
           text=_("%(name)s invites you to be their mentor.") % {"name": learner.get_username()})
    return mentorship


def _invite_by_email(*, learner, email: str) -> Invitation:
    invitation = Invitation.objects.create(learner=learner, email=email)
    context = {"learner": learner, "url": site_url(reverse("mentoring:invitation", args=[invitation.token]))}
    subject = _("%(name)s invites you to mentor them on ArchPath") % {"name": learner.get_username()}
    body = render_to_string("emails/mentor_invitation.txt", context)
    transaction.on_commit(lambda: send_email(subject, body, email), robust=True)
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
    notify(user=mentorship.learner, url=reverse("mentoring:mentorships"), text=text % {"name": mentor.get_username()})
    return mentorship


@transaction.atomic
def end(*, mentorship: Mentorship, user) -> Mentorship:
    """Either side ends an open mentorship; the mentor's access ends with it."""
    if user.pk not in (mentorship.learner_id, mentorship.mentor_id):
        raise MentoringError(_("This is not your mentorship."))
    _move(mentorship, expected=[M.PENDING, M.ACTIVE], status=M.ENDED, ended_at=timezone.now(), ended_by=user)
    other = mentorship.mentor if user.pk == mentorship.learner_id else mentorship.learner
    notify(user=other, url=reverse("mentoring:mentorships"),
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
    notify(user=learner, url=reverse("mentoring:mentorships"),
           text=_("%(name)s was assigned as your mentor.") % {"name": mentor.get_username()})
    notify(user=mentor, url=reverse("mentoring:mentees"),
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
