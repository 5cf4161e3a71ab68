"""The cast and the world the API fuzz runs in: a learner with a roadmap and a mentor, a reviewer
with a page to review, and an anonymous visitor; the site called in process through WSGI."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token

from mentoring.invitations import invite, respond
from tests.conftest import load_real_content, real_content_loaded
from tests.demo_idp.helpers import page_in_review
from tests.factories import UserFactory, make_roadmap


def in_the_test_transaction(app):
    """The WSGI app, keeping the test's database connection open across requests.

    Django closes the connection at the end of every request; its test client stops that (and so
    keeps the test's transaction, which rolls back after the test), and so does this wrapper."""

    def application(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return application


def token_header(user) -> dict:
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """Each role's request headers: a learner with a roadmap, her mentor, a reviewer with a page
    waiting, and an anonymous visitor (no header).

    Built once for the module, outside the tests' transactions (each fuzzed operation's changes
    roll back with its test), and deleted at the end."""
    from accounts.roles import MENTOR, REVIEWER, grant_role

    with django_db_blocker.unblock():
        if not real_content_loaded():  # a transactional test before this module emptied the database
            load_real_content()
        learner, mentor, reviewer = (UserFactory(username=name) for name in ("fuzz-lea", "fuzz-max", "fuzz-rey"))
        grant_role(mentor, MENTOR)
        grant_role(reviewer, REVIEWER)
        make_roadmap(learner)
        respond(mentorship=invite(learner=learner, identifier=mentor.username), mentor=mentor, accept=True)
        page = page_in_review(name="fuzz-scan.png")
        headers = {"learner": token_header(learner), "mentor": token_header(mentor),
                   "reviewer": token_header(reviewer), "anonymous": {}}
    yield headers
    with django_db_blocker.unblock():
        page.document.delete()
        for user in (learner, mentor, reviewer):
            user.delete()


def pytest_terminal_summary(terminalreporter):
    from tests.api_schema.test_fuzz import SENT

    if SENT:  # under xdist the workers count, and say nothing here
        by_role = ", ".join(f"{count} as {role}" for role, count in SENT.items())
        terminalreporter.write_line(f"API fuzz: {sum(SENT.values())} requests, {by_role}")
