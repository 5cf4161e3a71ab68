"""What a learner's own list tells about the people they invite: nothing until one accepts.

Every invitation is shown as the learner typed it, "waiting for an answer", whether the name or
address has an account here or not, whose account it is, or whether that account declined. Only an
acceptance puts the mentor's username in front of the learner. The learner can withdraw an invitation.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from mentoring import invitations
from mentoring.models import Invitation, Mentorship, Notification

PAGE = reverse("mentoring:mentorships")
API = "/api/mentorships/"
INVITATIONS_API = "/api/mentor-invitations/"
S = Mentorship.Status


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def mentors_section(client) -> str:
    """The learner's "Your mentors" section, ids and CSRF tokens blanked (they differ from row to row)."""
    html = client.get(PAGE).content.decode()
    section = html[html.index('id="mine-heading"'):]
    section = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", section)
    return re.sub(r"\d+", "N", section)


def invite_by_page(client, identifier):
    response = client.post(PAGE, {"mentor": identifier})
    assert response.status_code == 302
    return response


@pytest.fixture
def alice_page(client, alice):
    client.force_login(alice)
    return client


# --- the same list for a name with an account and one without -------------------------------------------

def test_the_list_reads_the_same_for_a_username_with_an_account_and_one_without(client, alice, mentor, bob):
    client.force_login(alice)
    invite_by_page(client, "maya")
    known = mentors_section(client)
    Invitation.objects.all().delete()
    Mentorship.objects.all().delete()
    invite_by_page(client, "mayb")
    unknown = mentors_section(client)

    assert "Invitation sent to <strong>maya</strong> — waiting for an answer" in known
    assert known == unknown.replace("mayb", "maya")


def test_an_address_with_an_account_is_listed_as_typed_never_by_its_username(alice_page, alice, mentor):
    invite_by_page(alice_page, "MAYA@example.com")
    section = mentors_section(alice_page)
    assert "Invitation sent to <strong>MAYA@example.com</strong> — waiting for an answer" in section
    assert "maya" not in section.replace("MAYA@example.com", "")
    # The account is asked all the same.
    assert Mentorship.objects.get(learner=alice, status=S.PENDING).mentor == mentor
    assert Notification.objects.filter(user=mentor, text="alice invites you to be their mentor.").exists()


def test_the_api_lists_every_waiting_invitation_alike_and_no_pending_mentorship(alice, mentor):
    api = api_for(alice)
    for typed in ("maya@example.com", "nobody@example.org", "maya", "mayb"):
        assert api.post(API, {"mentor": typed}, format="json").status_code == 202
    listed = api.get(INVITATIONS_API).json()
    assert [i["invitee"] for i in listed] == ["mayb", "maya", "nobody@example.org", "maya@example.com"]
    assert all(set(i) == {"id", "invitee", "created"} for i in listed)
    # The learner's mentorships hold only accepted ones: the pending one (for maya) is not there.
    assert api.get(API).json() == []
    # The mentor still sees the request and can answer it.
    [asked] = api_for(mentor).get(API).json()
    assert (asked["learner"], asked["status"]) == ("alice", "pending")


def test_a_pending_mentorship_is_a_404_to_the_learner_as_if_it_did_not_exist(client, alice, mentor):
    mentorship = invitations.invite(learner=alice, identifier="maya")
    missing = mentorship.pk + 1000
    assert api_for(alice).delete(f"{API}{mentorship.pk}/").status_code == 404
    assert api_for(alice).delete(f"{API}{missing}/").status_code == 404
    client.force_login(alice)
    assert client.post(reverse("mentoring:mentorship_end", args=[mentorship.pk])).status_code == 404
    assert client.post(reverse("mentoring:mentorship_end", args=[missing])).status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.status == S.PENDING


def test_a_name_without_an_account_reaches_no_one(alice, mentor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.send_invitation(learner=alice, identifier="nobody-here")
    assert (invitation.invitee, invitation.mentorship, invitation.token) == ("nobody-here", None, None)
    assert not Notification.objects.exists() and not mail.outbox


def test_typing_the_same_name_again_while_it_waits_adds_nothing(alice, mentor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = invitations.send_invitation(learner=alice, identifier="new@example.org")
        again = invitations.send_invitation(learner=alice, identifier="NEW@example.org")
    assert again == first and Invitation.objects.count() == 1 and len(mail.outbox) == 1


# --- answers ----------------------------------------------------------------------------------------

def test_a_decline_reads_as_no_answer_yet_and_nobody_tells_the_learner(alice_page, alice, mentor,
                                                                        django_capture_on_commit_callbacks):
    invite_by_page(alice_page, "maya@example.com")
    before = mentors_section(alice_page)
    mentorship = Mentorship.objects.get(learner=alice)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.respond(mentorship=mentorship, mentor=mentor, accept=False)
    assert mentors_section(alice_page) == before
    assert not Notification.objects.filter(user=alice).exists()
    assert not [m for m in mail.outbox if "alice@example.com" in m.to]
    assert api_for(alice).get(API).json() == []
    # Typing it again while it shows as waiting asks nobody again.
    invite_by_page(alice_page, "maya@example.com")
    assert Notification.objects.filter(user=mentor).count() == 1


def test_a_mentor_ending_an_invitation_is_a_decline_the_learner_is_not_told(alice, mentor):
    mentorship = invitations.invite(learner=alice, identifier="maya")
    assert api_for(mentor).delete(f"{API}{mentorship.pk}/").status_code == 204
    assert not Notification.objects.filter(user=alice).exists()
    assert [i.invitee for i in invitations.waiting_invitations(alice)] == ["maya"]


def test_once_the_mentor_accepts_the_learner_sees_their_username(alice_page, alice, mentor):
    invite_by_page(alice_page, "maya@example.com")
    mentorship = Mentorship.objects.get(learner=alice)
    invitations.respond(mentorship=mentorship, mentor=mentor, accept=True)
    section = mentors_section(alice_page)
    assert 'data-testid="mentorship-maya"' in section and "waiting for an answer" not in section
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED
    assert [m["mentor"] for m in api_for(alice).get(API).json()] == ["maya"]
    assert api_for(alice).get(INVITATIONS_API).json() == []
    assert Notification.objects.get(user=alice).text == "maya is now your mentor."


def test_a_username_and_an_address_of_one_account_are_two_invitations_one_mentorship_answers(alice, mentor):
    by_name = invitations.send_invitation(learner=alice, identifier="maya")
    by_address = invitations.send_invitation(learner=alice, identifier="maya@example.com")
    assert by_name != by_address and by_name.mentorship == by_address.mentorship
    assert Notification.objects.filter(user=mentor).count() == 1  # asked once
    invitations.respond(mentorship=by_name.mentorship, mentor=mentor, accept=True)
    assert set(Invitation.objects.values_list("status", flat=True)) == {Invitation.Status.ACCEPTED}


def test_accepting_answers_an_earlier_invitation_the_same_mentor_declined(alice, mentor):
    declined = invitations.send_invitation(learner=alice, identifier="maya")
    invitations.respond(mentorship=declined.mentorship, mentor=mentor, accept=False)
    asked_again = invitations.send_invitation(learner=alice, identifier="maya@example.com")
    assert asked_again.mentorship != declined.mentorship  # a new request: the declined one is closed
    invitations.respond(mentorship=asked_again.mentorship, mentor=mentor, accept=True)
    assert not invitations.waiting_invitations(alice).exists()


def test_the_address_of_a_mentor_already_active_waits_like_any_other(alice, mentor, paired):
    invitation = invitations.send_invitation(learner=alice, identifier="maya@example.com")
    assert invitation.mentorship is None and invitation in invitations.waiting_invitations(alice)
    assert Notification.objects.filter(user=mentor, text__contains="invites you").count() == 0


def test_a_curator_assignment_answers_the_invitations_that_asked_for_it(alice, mentor, curator):
    invitations.send_invitation(learner=alice, identifier="maya")
    invitations.assign(learner=alice, mentor=mentor, by=curator)
    assert not invitations.waiting_invitations(alice).exists()


# --- withdrawing ------------------------------------------------------------------------------------

def test_the_learner_withdraws_an_invitation_and_the_mentor_is_no_longer_asked(alice_page, alice, mentor, client):
    invite_by_page(alice_page, "maya")
    invitation = Invitation.objects.get()
    response = alice_page.post(reverse("mentoring:invitation_withdraw", args=[invitation.pk]), follow=True)
    assert "Your invitation to maya is withdrawn." in response.content.decode()
    assert "No mentor yet." in mentors_section(alice_page)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert invitation.mentorship.status == S.ENDED and invitation.mentorship.ended_by == alice
    assert Notification.objects.filter(user=mentor).first().text == "alice withdrew their invitation."
    client.force_login(mentor)
    assert 'data-testid="invitation-alice"' not in client.get(reverse("mentoring:mentees")).content.decode()


def test_withdrawing_an_invitation_to_a_name_without_an_account_tells_nobody(alice, mentor):
    invitation = invitations.send_invitation(learner=alice, identifier="nobody-here")
    assert api_for(alice).delete(f"{INVITATIONS_API}{invitation.pk}/").status_code == 204
    assert not Notification.objects.exists()
    assert api_for(alice).get(INVITATIONS_API).json() == []


def test_withdrawing_one_of_two_invitations_to_one_account_keeps_it_asked(alice, mentor):
    by_name = invitations.send_invitation(learner=alice, identifier="maya")
    invitations.send_invitation(learner=alice, identifier="maya@example.com")
    invitations.withdraw(invitation=by_name, learner=alice)
    by_name.mentorship.refresh_from_db()
    assert by_name.mentorship.status == S.PENDING


def test_a_withdrawn_link_can_no_longer_be_accepted(client, alice, bob, django_capture_on_commit_callbacks):
    invitation = invitations.send_invitation(learner=alice, identifier="new@example.org")
    invitations.withdraw(invitation=invitation, learner=alice)
    client.force_login(bob)
    page = client.post(reverse("mentoring:invitation", args=[invitation.token]), follow=True).content.decode()
    assert "This invitation was already used or withdrawn." in page
    assert not Mentorship.objects.exists()


def test_withdrawing_twice_or_after_an_acceptance_is_refused_and_changes_nothing(alice_page, alice, mentor):
    invitation = invitations.send_invitation(learner=alice, identifier="maya")
    invitations.respond(mentorship=invitation.mentorship, mentor=mentor, accept=True)
    response = api_for(alice).delete(f"{INVITATIONS_API}{invitation.pk}/")
    assert response.status_code == 409
    assert response.json() == {"detail": "This invitation was already answered or withdrawn."}
    page = alice_page.post(reverse("mentoring:invitation_withdraw", args=[invitation.pk]), follow=True)
    assert "This invitation was already answered or withdrawn." in page.content.decode()
    invitation.refresh_from_db()
    invitation.mentorship.refresh_from_db()
    assert (invitation.status, invitation.mentorship.status) == (Invitation.Status.ACCEPTED, S.ACTIVE)


def test_someone_elses_invitation_is_a_404_and_stays(client, alice, bob):
    invitation = invitations.send_invitation(learner=alice, identifier="nobody-here")
    assert api_for(bob).delete(f"{INVITATIONS_API}{invitation.pk}/").status_code == 404
    client.force_login(bob)
    assert client.post(reverse("mentoring:invitation_withdraw", args=[invitation.pk])).status_code == 404
    assert client.get(reverse("mentoring:invitation_withdraw", args=[invitation.pk])).status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPEN


# --- bad input --------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["<b>maya</b>", "two words", "x" * 151, "semi;colon", "   "])
def test_text_no_username_could_be_is_refused_with_a_clear_error_and_nothing_stored(alice_page, alice, typed):
    response = alice_page.post(PAGE, {"mentor": typed})
    assert response.status_code == 400
    errors = response.context["form"].errors["mentor"]
    assert errors in (["Enter one valid e-mail address, or a username."], ["This field is required."])
    api = api_for(alice).post(API, {"mentor": typed}, format="json")
    assert api.status_code == 400 and list(api.json()) == ["mentor"]
    assert not Invitation.objects.exists() and not Mentorship.objects.exists()
