"""Failed sign-ins are throttled on the login page and the token endpoint, with the real settings:
per account at one address, per account, per address; each refusal a 429 with Retry-After."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
TOKEN = "/api/auth/token/"
HERE, ELSEWHERE = "203.0.113.7", "198.51.100.20"
COOL_OFF = settings.AXES_COOLOFF_TIME
ACCOUNT_MESSAGE = "Too many failed sign-ins for this account. Try again in 15 minutes."


def log_in(client, username, password, address=HERE):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def get_token(username, password, address=HERE):
    return APIClient().post(TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address)


def fail(times, username, address=HERE, via=log_in, client=None):
    """``times`` wrong passwords; returns the last answer."""
    for _ in range(times):
        response = via(client, username, "not-the-password", address) if via is log_in else via(
            username, "not-the-password", address)
    return response


def travel(delta):
    """Move every stored failure ``delta`` into the past: the time that has passed since."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= delta
        attempt.save(update_fields=["attempt_time"])


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == "/"


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")


def test_the_limit_of_wrong_passwords_then_the_right_one_is_refused_on_the_login_page(client, alice):
    limit = settings.AXES_FAILURE_LIMIT
    before = fail(limit - 1, "alice", client=client)
    assert before.status_code == 200
    assert "Please enter a correct username and password" in before.content.decode()

    locking = log_in(client, "alice", "not-the-password")
    refused = log_in(client, "alice", PASSWORD)

    for response in (locking, refused):
        assert response.status_code == 429
        assert int(response["Retry-After"]) == COOL_OFF.total_seconds()
    html = refused.content.decode()
    # On the login page itself, as its form's alert, with the fields to try again later.
    assert f'<div class="form-errors" role="alert"><ul class="errorlist nonfield"><li>{ACCOUNT_MESSAGE}</li>' in html
    assert 'name="password"' in html and "<h1" in html
    assert "_auth_user_id" not in client.session


def test_the_limit_of_wrong_passwords_then_the_right_one_is_refused_a_token(alice):
    fail(settings.AXES_FAILURE_LIMIT, "alice", via=get_token)

    refused = get_token("alice", PASSWORD)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == COOL_OFF.total_seconds()
    assert refused.json() == {"detail": ACCOUNT_MESSAGE}
    assert not Token.objects.exists()


def test_the_login_page_and_the_token_endpoint_share_one_count(client, alice):
    fail(settings.AXES_FAILURE_LIMIT - 1, "alice", via=get_token)
    assert log_in(client, "alice", "not-the-password").status_code == 429
    assert get_token("alice", PASSWORD).status_code == 429


def test_a_flood_against_one_account_locks_out_no_other_account_from_the_same_address(client, alice, bob):
    fail(settings.AXES_FAILURE_LIMIT * 3, "alice", client=client)  # refused tries are not counted

    assert log_in(client, "alice", PASSWORD).status_code == 429
    assert signed_in(log_in(client, "bob", PASSWORD))
    assert get_token("bob", PASSWORD).status_code == 200


def test_a_flood_from_one_address_does_not_lock_the_owner_out_from_another(client, alice):
    fail(settings.AXES_FAILURE_LIMIT * 3, "alice", client=client)

    assert signed_in(log_in(client, "alice", PASSWORD, address=ELSEWHERE))
    assert get_token("alice", PASSWORD, address=ELSEWHERE).status_code == 200


def test_the_right_password_works_again_after_the_cool_off(client, alice):
    fail(settings.AXES_FAILURE_LIMIT, "alice", client=client)
    travel(COOL_OFF - timedelta(minutes=5))
    still = log_in(client, "alice", PASSWORD)
    assert still.status_code == 429
    assert 299 <= int(still["Retry-After"]) <= 300
    assert "Try again in 5 minutes." in still.content.decode()

    travel(timedelta(minutes=5))

    assert get_token("alice", PASSWORD).status_code == 200
    assert signed_in(log_in(client, "alice", PASSWORD))


def test_a_successful_sign_in_resets_the_count(client, alice):
    limit = settings.AXES_FAILURE_LIMIT
    fail(limit - 1, "alice", client=client)
    assert signed_in(log_in(client, "alice", PASSWORD))
    client.logout()

    assert fail(limit - 1, "alice", client=client).status_code == 200
    assert signed_in(log_in(client, "alice", PASSWORD))
    assert get_token("alice", PASSWORD).status_code == 200


def test_an_address_that_fails_against_many_accounts_is_refused_for_all_of_them(client, alice, carol):
    limit, per_account = settings.SIGNIN_ADDRESS_FAILURE_LIMIT, settings.AXES_FAILURE_LIMIT - 1
    tried = 0
    for n in range(limit):  # password spraying: never enough against one account to lock it
        if tried < limit - 1:
            fail(min(per_account, limit - 1 - tried), f"someone{n}", client=client)
            tried += min(per_account, limit - 1 - tried)
    # Signing in to one's own account from there does not wipe the address's count.
    assert signed_in(log_in(client, "carol", PASSWORD))
    client.logout()

    last = log_in(client, "alice", "not-the-password")

    assert last.status_code == 429
    assert "Too many failed sign-ins from your network. Try again in 15 minutes." in last.content.decode()
    refused = get_token("carol", PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many failed sign-ins from your network.")
    assert signed_in(log_in(client, "alice", PASSWORD, address=ELSEWHERE))


def test_an_account_failed_from_many_addresses_is_refused_everywhere(client, alice):
    limit, per_address = settings.SIGNIN_ACCOUNT_FAILURE_LIMIT, settings.AXES_FAILURE_LIMIT - 1
    addresses = (f"192.0.2.{n}" for n in range(1, 200))
    tried = 0
    while tried < limit:
        count = min(per_address, limit - tried)
        last = fail(count, "alice", address=next(addresses), client=client)
        tried += count

    assert last.status_code == 429
    assert get_token("alice", PASSWORD, address=next(addresses)).json() == {"detail": ACCOUNT_MESSAGE}


def test_an_unknown_username_is_counted_and_refused_like_a_real_one(client, alice):
    known = fail(settings.AXES_FAILURE_LIMIT, "alice", client=client)
    unknown = fail(settings.AXES_FAILURE_LIMIT, "nobody-by-that-name", client=client)
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted_and_forged_ones_ignored(client, alice, settings):
    settings.SIGNIN_TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    for n in range(settings.AXES_FAILURE_LIMIT):  # the client writes a new address each time: ignored
        client.post(LOGIN, {"username": "alice", "password": "nope"}, REMOTE_ADDR=proxy,
                    HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, {HERE}")

    refused = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR=proxy,
                          HTTP_X_FORWARDED_FOR=HERE)
    assert refused.status_code == 429
    assert AccessAttempt.objects.get().ip_address == HERE
    # Another visitor behind the same proxy is not the one who failed.
    assert signed_in(client.post(LOGIN, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR=proxy,
                                 HTTP_X_FORWARDED_FOR=ELSEWHERE))


def test_a_forwarded_value_that_is_not_an_address_counts_against_the_connection(client, alice, settings):
    settings.SIGNIN_TRUSTED_PROXIES = 1
    client.post(LOGIN, {"username": "alice", "password": "nope"}, REMOTE_ADDR=HERE, HTTP_X_FORWARDED_FOR="unknown")
    assert AccessAttempt.objects.get().ip_address == HERE


def test_a_token_request_with_a_username_too_long_is_a_400_naming_it(db):
    response = get_token("x" * 151, PASSWORD)
    assert response.status_code == 400
    assert set(response.json()) == {"username"}
    assert not AccessAttempt.objects.exists()


def test_the_schema_documents_the_token_endpoints_refusal(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    responses = schema["paths"][TOKEN]["post"]["responses"]
    assert set(responses) >= {"200", "400", "429"}
    refusal = responses["429"]
    assert "Retry-After" in refusal["headers"]
    detail = refusal["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][detail]["properties"] == {"detail": {"type": "string"}}


def test_the_admin_login_is_throttled_with_the_same_words(client, db):
    staff = UserFactory(username="sam", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "sam", "password": "nope"}, REMOTE_ADDR=HERE)

    refused = client.post("/admin/login/?next=/admin/", {"username": "sam", "password": PASSWORD}, REMOTE_ADDR=HERE)

    assert refused.status_code == 429 and refused["Retry-After"]
    assert ACCOUNT_MESSAGE in refused.content.decode()
    assert client.get("/admin/").status_code == 302  # still not signed in
    assert staff.is_staff
