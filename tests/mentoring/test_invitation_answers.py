"""Inviting a mentor: the e-mail address must be one valid address, and the answer never tells
whether a username (or address) has an account here."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from mentoring.models import Invitation, Mentorship, Notification

PAGE = reverse("mentoring:mentorships")
API = "/api/mentorships/"
NOT_ONE_ADDRESS = [
    "a\r\nBcc: x@evil\r\ny@example.com",
    "x@evil.example, y@example.com",
    "two@@example.com",
    "someone@",
    "@example.com",
    "name with spaces@example.com",
]


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def nothing_stored(learner):
    return not Invitation.objects.exists() and not Mentorship.objects.filter(learner=learner).exists()


@pytest.mark.parametrize("address", NOT_ONE_ADDRESS)
def test_an_invitation_email_that_is_not_one_valid_address_is_a_400_naming_the_field(alice, address):
    response = api_for(alice).post(API, {"mentor": address}, format="json")
    assert response.status_code == 400
    assert response.json() == {"mentor": ["Enter one valid e-mail address, or a username."]}
    assert nothing_stored(alice)
    assert not mail.outbox


@pytest.mark.parametrize("address", NOT_ONE_ADDRESS)
def test_an_invitation_email_that_is_not_one_valid_address_is_a_form_error(client, alice, address):
    client.force_login(alice)
    response = client.post(PAGE, {"mentor": address})
    assert response.status_code == 400
    assert response.context["form"].errors == {"mentor": ["Enter one valid e-mail address, or a username."]}
    assert "Enter one valid e-mail address, or a username." in response.content.decode()
    assert nothing_stored(alice)


def test_a_valid_address_is_still_invited_by_email(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(alice).post(API, {"mentor": "  new.mentor@example.org "}, format="json")
    assert response.status_code == 202
    invitation = Invitation.objects.get()
    assert response.json() == {"detail": "We sent your invitation to new.mentor@example.org.", "invitation": {
        "id": invitation.pk, "invitee": "new.mentor@example.org", "created": response.json()["invitation"]["created"]}}
    assert invitation.invitee == "new.mentor@example.org"
    assert mail.outbox[-1].to == ["new.mentor@example.org"]


def test_the_api_answers_the_same_for_a_username_with_an_account_and_one_without(alice, mentor):
    known = api_for(alice).post(API, {"mentor": "maya"}, format="json")
    unknown = api_for(alice).post(API, {"mentor": "mayb"}, format="json")

    assert known.status_code == unknown.status_code == 202
    assert known.json()["detail"] == "We sent your invitation to maya, if there is an account by that name."
    assert unknown.json()["detail"] == known.json()["detail"].replace("maya", "mayb")
    assert set(known.json()) == set(unknown.json()) == {"detail", "invitation"}
    assert set(known.json()["invitation"]) == set(unknown.json()["invitation"]) == {"id", "invitee", "created"}
    # The account that exists is asked; the name that does not reaches no one. Both are kept as typed.
    assert Mentorship.objects.get(learner=alice).mentor == mentor
    assert Notification.objects.get(user=mentor).text == "alice invites you to be their mentor."
    assert [i.invitee for i in Invitation.objects.order_by("pk")] == ["maya", "mayb"]


def test_the_page_answers_the_same_for_a_username_with_an_account_and_one_without(client, alice, mentor):
    client.force_login(alice)
    known = client.post(PAGE, {"mentor": "maya"})
    known_page = client.get(known.url).content.decode()
    unknown = client.post(PAGE, {"mentor": "mayb"})
    unknown_page = client.get(unknown.url).content.decode()

    assert known.status_code == unknown.status_code == 302 and known.url == unknown.url == PAGE
    assert "We sent your invitation to maya, if there is an account by that name." in known_page
    assert "We sent your invitation to mayb, if there is an account by that name." in unknown_page
    assert Mentorship.objects.get(learner=alice).mentor == mentor


def test_inviting_the_same_mentor_again_answers_as_the_first_time_and_adds_nothing(alice, mentor):
    first = api_for(alice).post(API, {"mentor": "maya"}, format="json")
    again = api_for(alice).post(API, {"mentor": "MAYA"}, format="json")
    assert first.status_code == again.status_code == 202
    assert again.json()["detail"] == first.json()["detail"].replace("maya", "MAYA")
    assert Mentorship.objects.filter(learner=alice).count() == 1
    assert Notification.objects.filter(user=mentor).count() == 1


def test_an_address_with_an_account_gets_the_same_answer_as_one_without(alice, mentor):
    known = api_for(alice).post(API, {"mentor": "maya@example.com"}, format="json")
    unknown = api_for(alice).post(API, {"mentor": "mayb@example.com"}, format="json")
    assert known.status_code == unknown.status_code == 202
    assert known.json()["detail"] == unknown.json()["detail"].replace("mayb", "maya")
    assert Mentorship.objects.get(learner=alice).mentor == mentor


def test_inviting_oneself_is_still_refused(alice):
    response = api_for(alice).post(API, {"mentor": "alice"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["You cannot mentor yourself."]}
    assert nothing_stored(alice)
