"""Mentorships from invitation to end: invite, accept or decline, assign, end.

Who counts as a mentor: anyone can be invited by username or e-mail; accepting an
invitation (or being assigned by a curator) grants the mentor role. Every change of
status is a conditional UPDATE naming the status it expects; when it touches no row the
state moved under us and the caller gets a MentoringError.
"""

from __future__ import annotations

from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.roles import MENTOR, grant_role

from .access import MentoringError, find_user, open_mentorship
from .models import Invitation, Mentorship
from .notifications import notify, send_email, site_url

M = Mentorship.Status
# Django's own check of one address: no spaces, line breaks or commas, one @, a real domain.
_one_address = EmailValidator(message=_lazy("Enter one valid e-mail address, or a username."))


def clean_identifier(value: str) -> str:
    """A username, or a single valid e-mail address (the invitation is e-mailed to it, so nothing that
    could carry more addresses or headers); raises ValidationError otherwise."""
    value = value.strip()
    if "@" in value:
        _one_address(value)
    return value


def invited_message(identifier: str) -> str:
    """What the learner is told after inviting: the same whether or not the username or address has
    an account here, or was invited before, so the form does not tell who is on the site."""
    identifier = identifier.strip()
    if "@" in identifier:
        return _("We sent your invitation to %(email)s.") % {"email": identifier}
    return _("We sent your invitation to %(name)s, if there is an account by that name.") % {"name": identifier}


@transaction.atomic
def invite(*, learner, identifier: str) -> Mentorship | Invitation | None:
    """Invite a mentor by username or e-mail; an unknown e-mail address gets an invitation link.

    A username nobody has changes nothing (None), and a mentor already invited or mentoring is not
    asked twice (their open mentorship): the caller answers with invited_message either way."""
    identifier = clean_identifier(identifier)
    mentor = find_user(identifier)
    if mentor is None:
        return _invite_by_email(learner=learner, email=identifier) if "@" in identifier else None
    if mentor == learner:
        raise MentoringError(_("You cannot mentor yourself."))
    current = open_mentorship(learner=learner, mentor=mentor)
    if current:
        return current
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
