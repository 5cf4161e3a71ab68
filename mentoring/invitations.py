"""Mentorships from invitation to end: invite (or withdraw), accept or decline, assign, end.

Who counts as a mentor: anyone can be invited by username or e-mail; accepting an
invitation (or being assigned by a curator) grants the mentor role. Every change of
status is a conditional UPDATE naming the status it expects; when it touches no row the
state moved under us and the caller gets a MentoringError.
"""

from __future__ import annotations

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import EmailValidator, MaxLengthValidator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.roles import MENTOR, grant_role

from .access import MentoringError, find_user, open_mentorship
from .models import Invitation, Mentorship, new_invitation_token
from .notifications import notify, send_email, site_url

M = Mentorship.Status
# Django's own check of one address: no spaces, line breaks or commas, one @, a real domain.
NOT_A_NAME = _lazy("Enter one valid e-mail address, or a username.")
_one_address = EmailValidator(message=NOT_A_NAME)
# What a username here can be (the sign-up's own rules), so that text no account could have is refused
# before it is stored and shown back, the same whether or not the name is taken.
_a_username = (UnicodeUsernameValidator(message=NOT_A_NAME), MaxLengthValidator(150, message=NOT_A_NAME))


def clean_identifier(value: str) -> str:
    """A username as the sign-up allows them, or a single valid e-mail address (the invitation is e-mailed
    to it, so nothing that could carry more addresses or headers); raises ValidationError otherwise."""
    value = value.strip()
    for check in (_one_address,) if "@" in value else _a_username:
        check(value)
    return value


def invited_message(identifier: str) -> str:
    """What the learner is told after inviting: the same whether or not the username or address has
    an account here, or was invited before, so the form does not tell who is on the site."""
    identifier = identifier.strip()
    if "@" in identifier:
        return _("We sent your invitation to %(email)s.") % {"email": identifier}
    return _("We sent your invitation to %(name)s, if there is an account by that name.") % {"name": identifier}


@transaction.atomic
def send_invitation(*, learner, identifier: str) -> Invitation:
    """Invite a mentor by username or e-mail, kept as typed; the learner's list shows it the same either way.

    An account by that name or address is asked on its dashboard (a mentor already asked is not asked
    twice); an address without an account is e-mailed a link; a name nobody has reaches no one. Typing
    the same name again while it waits adds nothing."""
    identifier = clean_identifier(identifier)
    mentor = find_user(identifier)
    if mentor == learner:
        raise MentoringError(_("You cannot mentor yourself."))
    waiting = Invitation.objects.filter(learner=learner, invitee__iexact=identifier,
                                        status=Invitation.Status.OPEN).first()
    if waiting is not None:
        return waiting
    if mentor is None:
        return _invite_by_email(learner=learner, email=identifier) if "@" in identifier else (
            Invitation.objects.create(learner=learner, invitee=identifier))
    return Invitation.objects.create(learner=learner, invitee=identifier, mentorship=_ask(learner=learner, mentor=mentor))


def invite(*, learner, identifier: str) -> Mentorship | Invitation | None:
    """send_invitation, answering as it did before invitations were kept as typed, for callers that pair known
    accounts (the demo data, tests): the mentorship it asks for (or the one already active) for an account,
    the e-mailed invitation for an address without one, None for a name nobody has."""
    invitation = send_invitation(learner=learner, identifier=identifier)
    if invitation.token:
        return invitation
    mentor = find_user(invitation.invitee)
    return invitation.mentorship or (open_mentorship(learner=learner, mentor=mentor) if mentor else None)


def _ask(*, learner, mentor) -> Mentorship | None:
    """The pending mentorship the mentor answers; None when they already mentor the learner (the invitation
    then waits like any other, so the learner's list does not tell that the address is that mentor's)."""
    current = open_mentorship(learner=learner, mentor=mentor)
    if current:
        return current if current.status == M.PENDING else None
    mentorship = Mentorship.objects.create(learner=learner, mentor=mentor)
    # The mentor's dashboard lists invitations waiting for an answer, for someone not yet a mentor too.
    notify(user=mentor, url=reverse("mentoring:mentees"),
           text=_("%(name)s invites you to be their mentor.") % {"name": learner.get_username()})
    return mentorship


def _invite_by_email(*, learner, email: str) -> Invitation:
    invitation = Invitation.objects.create(learner=learner, invitee=email, token=new_invitation_token())
    context = {"learner": learner, "url": site_url(reverse("mentoring:invitation", args=[invitation.token]))}
    subject = _("%(name)s invites you to mentor them on ArchPath") % {"name": learner.get_username()}
    body = render_to_string("emails/mentor_invitation.txt", context)
    transaction.on_commit(lambda: send_email(subject, body, email), robust=True)
    return invitation


def waiting_invitations(learner):
    """The learner's invitations still waiting, as they typed them: never which account, if any, they reach."""
    return Invitation.objects.filter(learner=learner, status=Invitation.Status.OPEN).order_by("-created", "-id")


@transaction.atomic
def withdraw(*, invitation: Invitation, learner) -> Invitation:
    """The learner takes back an invitation still waiting; the mentor it asked, if any, is no longer asked
    (unless another of the learner's waiting invitations asks them too)."""
    if invitation.learner_id != learner.pk:
        raise MentoringError(_("This is not your invitation."))
    if not Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.OPEN).update(
            status=Invitation.Status.REVOKED):
        raise MentoringError(_("This invitation was already answered or withdrawn."))
    invitation.refresh_from_db()
    mentorship = invitation.mentorship
    if mentorship is None or mentorship.invitations.filter(status=Invitation.Status.OPEN).exists():
        return invitation
    if Mentorship.objects.filter(pk=mentorship.pk, status=M.PENDING).update(
            status=M.ENDED, ended_at=timezone.now(), ended_by=learner):
        notify(user=mentorship.mentor,
               text=_("%(name)s withdrew their invitation.") % {"name": learner.get_username()})
    return invitation


def _settle(mentorship: Mentorship) -> None:
    """The learner's waiting invitations that reached this mentor are accepted: the learner sees the mentor
    instead. Those of a request the mentor declined earlier too, so none is left waiting for a mentor they have."""
    Invitation.objects.filter(mentorship__learner=mentorship.learner_id, mentorship__mentor=mentorship.mentor_id,
                              status=Invitation.Status.OPEN).update(status=Invitation.Status.ACCEPTED)


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
    if not accept:
        # Nobody is told: to the learner a decline reads as no answer, as for a name without an account.
        return mentorship
    grant_role(mentor, MENTOR)
    _settle(mentorship)
    notify(user=mentorship.learner, url=reverse("mentoring:mentorships"),
           text=_("%(name)s is now your mentor.") % {"name": mentor.get_username()})
    return mentorship


@transaction.atomic
def end(*, mentorship: Mentorship, user) -> Mentorship:
    """Either side ends an open mentorship; the mentor's access ends with it."""
    if user.pk not in (mentorship.learner_id, mentorship.mentor_id):
        raise MentoringError(_("This is not your mentorship."))
    was_active = mentorship.status == M.ACTIVE
    _move(mentorship, expected=[M.PENDING, M.ACTIVE], status=M.ENDED, ended_at=timezone.now(), ended_by=user)
    if not was_active and user.pk == mentorship.mentor_id:
        return mentorship  # the mentor turned down an invitation: a decline, which the learner is not told
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
        _settle(current)
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
