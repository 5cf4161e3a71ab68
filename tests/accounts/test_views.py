"""Sign-up, log in and out, password change and reset, through the real URLs and templates."""

import re

import pytest
from django.contrib.auth import get_user_model

from accounts.roles import LEARNER
from tests.factories import PASSWORD

User = get_user_model()
NEW_PASSWORD = "quiet-river-mountain-42"
# The token in a form, and the one base.html gives htmx in hx-headers: a fresh one on every page.
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')


def signup_data(**overrides):
    data = {
        "username": "nina",
        "email": "nina@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    return data | overrides


def form_errors(response) -> dict:
    return response.context["form"].errors


# Sign-up


def test_sign_up_creates_a_logged_in_learner_and_goes_to_the_questionnaire(client, db):
    response = client.post("/accounts/signup/", signup_data(), follow=True)
    assert response.redirect_chain == [("/roadmap/plan/", 302)]
    assert response.status_code == 200
    user = User.objects.get(username="nina")
    assert user.email == "nina@example.com"
    assert user.groups.filter(name=LEARNER).exists()
    assert response.context["user"] == user
    assert "Welcome to ArchPath, nina. A few questions, and your roadmap is ready." in response.content.decode()


def test_sign_up_page_labels_every_field(client, db):
    html = client.get("/accounts/signup/").content.decode()
    for field in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{field}">' in html


def test_sign_up_with_a_taken_username_is_a_form_error(client, alice):
    response = client.post("/accounts/signup/", signup_data(username="alice"))
    assert response.status_code == 400
    assert "username" in form_errors(response)
    assert User.objects.count() == 1


@pytest.mark.parametrize("weak", ["password", "12345678901", "nina"])
def test_sign_up_with_a_weak_password_is_a_form_error(client, db, weak):
    response = client.post("/accounts/signup/", signup_data(password1=weak, password2=weak))
    assert response.status_code == 400
    assert "password2" in form_errors(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_with_an_e_mail_already_in_use_is_a_form_error(client, alice):
    response = client.post("/accounts/signup/", signup_data(email="ALICE@example.com"))
    assert response.status_code == 400
    assert "email" in form_errors(response)
    assert not User.objects.filter(username="nina").exists()


def test_sign_up_with_mismatched_passwords_is_a_form_error(client, db):
    response = client.post("/accounts/signup/", signup_data(password2=NEW_PASSWORD + "x"))
    assert response.status_code == 400
    assert "password2" in form_errors(response)
    assert not User.objects.exists()


def test_sign_up_when_already_logged_in_goes_home(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/signup/").url == "/"


# Log in and out


def test_log_in_goes_home_logged_in(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert response.context["user"] == alice


def test_log_in_follows_a_safe_next_url(client, alice):
    data = {"username": "alice", "password": PASSWORD, "next": "/accounts/password_change/"}
    assert client.post("/accounts/login/", data).url == "/accounts/password_change/"


def _login_page_for_bad_credentials(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": "not-the-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = CSRF_VALUE.sub("", response.content.decode())
    return html.replace(f'value="{username}"', 'value="ECHOED"')


def test_wrong_password_and_unknown_username_get_the_same_generic_message(client, alice):
    wrong_password = _login_page_for_bad_credentials(client, "alice")
    unknown_user = _login_page_for_bad_credentials(client, "nobody-by-that-name")
    assert wrong_password == unknown_user
    assert "Please enter a correct username and password." in wrong_password
    assert 'role="alert"' in wrong_password
    for revealing in ("does not exist", "no account", "wrong password", "incorrect password", "unknown user"):
        assert revealing not in wrong_password.lower()


def test_log_out_by_post_ends_the_session(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/logout/")
    assert response.url == "/"
    assert "_auth_user_id" not in client.session


def test_log_out_by_get_is_refused(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session


# Password change


def test_password_change_needs_a_login(client, db):
    assert client.get("/accounts/password_change/").url == "/accounts/login/?next=/accounts/password_change/"


def test_password_change_sets_the_new_password_and_keeps_the_session(client, alice):
    client.force_login(alice)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post("/accounts/password_change/", data, follow=True)
    assert response.redirect_chain == [("/accounts/password_change/done/", 302)]
    assert "Password changed" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert response.context["user"] == alice


def test_password_change_with_a_wrong_old_password_changes_nothing(client, alice):
    client.force_login(alice)
    data = {"old_password": "not-the-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post("/accounts/password_change/", data)
    assert response.status_code == 200
    assert "old_password" in form_errors(response)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


# Password reset


def _reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_mails_one_link_that_sets_a_new_password(client, alice, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert response.url == "/accounts/password_reset/done/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Reset your ArchPath password"

    form_page = client.get(_reset_link(message), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = client.post(set_password_url, data, follow=True)
    assert done.redirect_chain == [("/accounts/reset/done/", 302)]
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_a_used_reset_link_no_longer_works(client, alice, mailoutbox):
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    link = _reset_link(mailoutbox[0])
    set_password_url = client.get(link).url
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    html = client.get(link, follow=True).content.decode()
    assert "This reset link does not work" in html
    assert "new_password1" not in html


def test_a_forged_reset_token_shows_an_error_and_no_form(client, alice):
    html = client.get("/accounts/reset/MQ/not-a-real-token/", follow=True).content.decode()
    assert "This reset link does not work" in html
    assert 'role="alert"' in html
    assert "new_password1" not in html


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, alice, mailoutbox):
    known = client.post("/accounts/password_reset/", {"email": "alice@example.com"}, follow=True)
    unknown = client.post("/accounts/password_reset/", {"email": "stranger@example.com"}, follow=True)
    assert len(mailoutbox) == 1
    assert unknown.redirect_chain == known.redirect_chain == [("/accounts/password_reset/done/", 302)]
    assert CSRF_VALUE.sub("", unknown.content.decode()) == CSRF_VALUE.sub("", known.content.decode())
