"""Who may open what: every page and API endpoint of the site against seven kinds of visitor.

The cast: anonymous; alice, the learner (with a roadmap, a certification, an attempt, a
comment and a phase review); bob, another learner with his own roadmap; maya, alice's
mentor (active); otto, a mentor of someone else; rene, a reviewer; cora, a curator.
Besides maya's active mentorship, alice has a declined one (with rene) and an ended one
(with otto): neither grants anything. Each request runs in a savepoint rolled back
afterwards, so a POST or DELETE in one cell never changes what the next cell sees.

Status conventions: a page that needs a login redirects anonymous visitors (302); the API
answers them 401. Someone else's learner data is a 404 (never a 403: whether alice is a
learner here is hers to tell); a role-only page (mentees) is a 403 for other roles.
The demo's document pages and API are covered by demo_idp's own permission tests; only its
stable entry pages are here. /healthz reports on infrastructure, not permissions.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts.roles import MENTOR, REVIEWER, CURATOR, grant_role
from assessments.models import Assessment
from assessments.services import start_attempt
from mentoring import comments, invitations, milestones
from certifications.models import CertificationRecord
from mentoring.models import Mentorship
from roadmap.models import Certification, StudySession
from tests.factories import UserFactory
from tests.factories import make_roadmap

ROLES = ("anonymous", "learner", "other_learner", "mentor", "unrelated_mentor", "reviewer", "curator")
USERNAMES = {"learner": "alice", "other_learner": "bob", "mentor": "maya", "unrelated_mentor": "otto",
             "reviewer": "rene", "curator": "cora"}


@dataclass
class World:
    row: int
    record: int
    attempt: int
    review: int
    phase: int
    other_phase_slug: str
    active: int
    pending: int
    token: str
    invitation: int
    calendar: str
    comment: int
    session: int


@pytest.fixture
def world(content):
    users = {role: UserFactory(username=name) for role, name in USERNAMES.items()}
    grant_role(users["unrelated_mentor"], MENTOR)
    grant_role(users["reviewer"], REVIEWER)
    grant_role(users["curator"], CURATOR)
    alice, maya, otto = users["learner"], users["mentor"], users["unrelated_mentor"]
    today = date.today()
    roadmap = make_roadmap(alice, today=today)
    make_roadmap(users["other_learner"], today=today)
    carl = UserFactory(username="carl")
    invitations.assign(learner=carl, mentor=otto, by=users["curator"])  # otto mentors someone, not alice
    declined = invitations.invite(learner=alice, identifier="rene")
    invitations.respond(mentorship=declined, mentor=users["reviewer"], accept=False)
    ended = invitations.invite(learner=alice, identifier="otto")
    invitations.respond(mentorship=ended, mentor=otto, accept=True)
    invitations.end(mentorship=ended, user=alice)
    active = invitations.assign(learner=alice, mentor=maya, by=users["curator"])
    pending = invitations.invite(learner=carl, identifier="maya")
    invitation = invitations.send_invitation(learner=alice, identifier="someone.new@example.org")
    row = roadmap.steps.select_related("step__phase").filter(status="todo").first()
    session = StudySession.objects.create(roadmap=roadmap, step=row, minutes=60, date=today)
    phases = list(milestones.phases_of(roadmap))
    review = milestones.request_review(roadmap=roadmap, phase=phases[0], user=alice)
    comment = comments.add_comment(row=row, author=maya, body="How is it going?")
    record = CertificationRecord.objects.create(user=alice, certification=Certification.objects.active().first())
    attempt = start_attempt(user=alice, assessment=Assessment.objects.active().first())
    world = World(row=row.pk, record=record.pk, attempt=attempt.pk, review=review.pk, phase=phases[1].pk,
                  other_phase_slug=phases[1].slug, active=active.pk, pending=pending.pk, token=invitation.token, invitation=invitation.pk,
                  calendar=roadmap.calendar_token, comment=comment.pk, session=session.pk)
    assert Mentorship.objects.filter(learner=alice).count() == 3
    return world, users


@dataclass
class Cell:
    name: str  # the URL name it covers
    method: str
    url: object  # a function of the World
    expected: tuple  # one status per role, in the order of ROLES
    data: dict | None = None


def u(name, *args):
    return lambda w: reverse(name, args=[getattr(w, a) if isinstance(a, str) and hasattr(w, a) else a for a in args])


#                         anon learner other mentor unrel reviewer curator
PUBLIC = (200,) * 7
LOGGED_IN = (302, 200, 200, 200, 200, 200, 200)
OWN_PAGE = (302, 200, 404, 404, 404, 404, 404)
OWN_POST = (302, 302, 404, 404, 404, 404, 404)
HAS_ROADMAP = (302, 200, 200, 302, 302, 302, 302)  # without a roadmap, the page sends you to the questionnaire
MENTEE_PAGE = (302, 404, 404, 200, 404, 404, 404)
SHARED_PAGE = (302, 200, 404, 200, 404, 404, 404)  # the learner and their active mentor
MENTORS_ONLY = (302, 403, 403, 200, 200, 403, 403)
API_LOGGED_IN = (401, 200, 200, 200, 200, 200, 200)
API_OWN = (401, 200, 404, 404, 404, 404, 404)
API_HAS_ROADMAP = (401, 200, 200, 404, 404, 404, 404)
API_MENTEE = (401, 404, 404, 200, 404, 404, 404)
API_SHARED = (401, 200, 404, 200, 404, 404, 404)

CELLS = [
    Cell("home", "get", u("home"), PUBLIC),
    Cell("signup", "get", u("signup"), (200, 302, 302, 302, 302, 302, 302)),  # signed in: nothing to sign up for
    Cell("login", "get", u("login"), PUBLIC),
    Cell("logout", "post", u("logout"), (302,) * 7),
    Cell("password_change", "get", u("password_change"), LOGGED_IN),
    Cell("password_change_done", "get", u("password_change_done"), LOGGED_IN),
    Cell("password_reset", "get", u("password_reset"), PUBLIC),
    Cell("password_reset_done", "get", u("password_reset_done"), PUBLIC),
    Cell("password_reset_confirm", "get", u("password_reset_confirm", "MQ", "bad-token"), PUBLIC),
    Cell("password_reset_complete", "get", u("password_reset_complete"), PUBLIC),
    # The learner's roadmap.
    Cell("roadmap:dashboard", "get", u("roadmap:dashboard"), HAS_ROADMAP),
    Cell("roadmap:questionnaire", "get", u("roadmap:questionnaire"), LOGGED_IN),
    Cell("roadmap:update_step", "post", u("roadmap:update_step", "row"), OWN_POST, {"status": "in_progress"}),
    Cell("roadmap:study_log", "get", u("roadmap:study_log"), HAS_ROADMAP),
    Cell("roadmap:map", "get", u("roadmap:map"), HAS_ROADMAP),
    Cell("roadmap:glossary", "get", u("roadmap:glossary"), PUBLIC),  # open to everyone, no login
    # A step's page of the map is its owner's alone, and no login page for an anonymous fetch: a 404.
    Cell("roadmap:map_step", "get", u("roadmap:map_step", "row"), (404, 200, 404, 404, 404, 404, 404)),
    Cell("roadmap:edit_session", "get", u("roadmap:edit_session", "session"), OWN_PAGE),
    Cell("roadmap:edit_session", "post", u("roadmap:edit_session", "session"), OWN_POST,
         {"date": date.today().isoformat(), "minutes": "45"}),
    Cell("roadmap:delete_session", "get", u("roadmap:delete_session", "session"), OWN_PAGE),
    Cell("roadmap:delete_session", "post", u("roadmap:delete_session", "session"), OWN_POST),
    # The calendar token is the credential: whoever has the link reads the feed, as with any calendar app.
    Cell("roadmap:calendar", "get", u("roadmap:calendar", "calendar"), PUBLIC),
    Cell("roadmap:reset_calendar", "post", u("roadmap:reset_calendar"), (302,) * 7),
    # Certifications.
    Cell("certifications:tracker", "get", u("certifications:tracker"), LOGGED_IN),
    Cell("certifications:catalog", "get", u("certifications:catalog"), PUBLIC),
    Cell("certifications:add", "get", u("certifications:add"), LOGGED_IN),
    Cell("certifications:edit", "get", u("certifications:edit", "record"), OWN_PAGE),
    Cell("certifications:delete", "post", u("certifications:delete", "record"), OWN_POST),
    # Export and import.
    Cell("portability:export", "get", u("portability:export"), LOGGED_IN),
    Cell("portability:import", "get", u("portability:import"), LOGGED_IN),
    # Mentoring pages.
    Cell("mentoring:mentees", "get", u("mentoring:mentees"), MENTORS_ONLY),
    Cell("mentoring:mentorships", "get", u("mentoring:mentorships"), LOGGED_IN),
    Cell("mentoring:mentorship_accept", "post", u("mentoring:mentorship_accept", "pending"),
         (302, 404, 404, 302, 404, 404, 404)),
    Cell("mentoring:mentorship_decline", "post", u("mentoring:mentorship_decline", "pending"),
         (302, 404, 404, 302, 404, 404, 404)),
    Cell("mentoring:mentorship_end", "post", u("mentoring:mentorship_end", "active"), (302, 302, 404, 302, 404, 404, 404)),
    # The e-mailed link is the credential; accepting it is refused to the learner themself (see the service tests).
    Cell("mentoring:invitation", "get", u("mentoring:invitation", "token"), LOGGED_IN),
    # Only the learner who sent an invitation may withdraw it; to anyone else it does not exist.
    Cell("mentoring:invitation_withdraw", "post", u("mentoring:invitation_withdraw", "invitation"), OWN_POST),
    Cell("mentoring:mentee_roadmap", "get", u("mentoring:mentee_roadmap", "alice"), MENTEE_PAGE),
    Cell("mentoring:mentee_log", "get", u("mentoring:mentee_log", "alice"), MENTEE_PAGE),
    Cell("mentoring:mentee_certifications", "get", u("mentoring:mentee_certifications", "alice"), MENTEE_PAGE),
    Cell("mentoring:mentee_assessments", "get", u("mentoring:mentee_assessments", "alice"), MENTEE_PAGE),
    Cell("mentoring:step_comments", "get", u("mentoring:step_comments", "row"), SHARED_PAGE),
    Cell("mentoring:step_comments", "post", u("mentoring:step_comments", "row"), (302, 302, 404, 302, 404, 404, 404),
         {"body": "A comment"}),
    # Everyone with a roadmap may ask; bob's request is refused with a message (he has no mentor).
    Cell("mentoring:milestone_request", "post", u("mentoring:milestone_request", "phase"),
         (302, 302, 302, 404, 404, 404, 404)),
    Cell("mentoring:milestone", "get", u("mentoring:milestone", "review"), SHARED_PAGE),
    Cell("mentoring:milestone", "post", u("mentoring:milestone", "review"), (302, 400, 404, 302, 404, 404, 404),
         {"action": "started"}),
    Cell("mentoring:notifications", "get", u("mentoring:notifications"), LOGGED_IN),
    # Assessments.
    Cell("assessments:list", "get", u("assessments:list"), LOGGED_IN),
    Cell("assessments:start", "post", lambda w: reverse("assessments:start", args=[Assessment.objects.active()
                                                                                   .first().slug]), (302,) * 7),
    Cell("assessments:take", "get", u("assessments:take", "attempt"), OWN_PAGE),
    Cell("assessments:result", "get", u("assessments:result", "attempt"), (302, 302, 404, 404, 404, 404, 404)),
    Cell("assessments:self_assessment", "get", u("assessments:self_assessment"), LOGGED_IN),
    Cell("assessments:gap", "get", u("assessments:gap"), LOGGED_IN),
    Cell("assessments:gap_apply", "post", u("assessments:gap_apply"), (302,) * 7),
    Cell("assessments:gap_undo", "post", u("assessments:gap_undo"), (302,) * 7),
    # The demo's entry pages (its documents have their own permission tests).
    Cell("demo_idp:upload", "get", u("demo_idp:upload"), PUBLIC),
    Cell("demo_idp:document_list", "get", u("demo_idp:document_list"), PUBLIC),  # the visitor's own, or none
    Cell("demo_idp:review_queue", "get", u("demo_idp:review_queue"), (302, 403, 403, 403, 403, 200, 403)),
    # The line review pages: reviewers only (no such line is a 404 for them).
    Cell("demo_idp:line_queue", "get", u("demo_idp:line_queue"), (302, 403, 403, 403, 403, 200, 403)),
    Cell("demo_idp:line_queue", "post", u("demo_idp:line_queue"), (302, 403, 403, 403, 403, 302, 403)),
    Cell("demo_idp:line_page", "get", u("demo_idp:line_page", 999_999), (302, 403, 403, 403, 403, 404, 403)),
    Cell("demo_idp:line_page", "post", u("demo_idp:line_page", 999_999), (302, 403, 403, 403, 403, 404, 403),
         {"action": "claim"}),
    Cell("demo_idp:line_image", "get", u("demo_idp:line_image", 999_999), (302, 403, 403, 403, 403, 404, 403)),
    # The demo's dashboards are public aggregates; retrying someone's failed document is for reviewers and staff.
    Cell("demo_idp:dashboard", "get", u("demo_idp:dashboard"), PUBLIC),
    Cell("demo_idp:dashboard_data", "get", u("demo_idp:dashboard_data"), PUBLIC),
    Cell("demo_idp:dashboard_retry", "post", u("demo_idp:dashboard_retry", 999_999), (403,) * 5 + (404, 404)),
    Cell("demo_idp:calibration", "get", u("demo_idp:calibration"), PUBLIC),
    # Applying a threshold needs demo_idp.add_thresholdchange, which the curator role carries (and superusers).
    Cell("demo_idp:calibration", "post", u("demo_idp:calibration"), (403,) * 6 + (302,),
         {"threshold": "70", "target": "5"}),
    Cell("demo_idp:capacity", "get", u("demo_idp:capacity"), PUBLIC),
    Cell("metrics", "get", u("metrics"), PUBLIC),  # open while METRICS_TOKEN is unset (tests in test_prometheus.py)
    # The roadmap API.
    Cell("api-roadmap", "get", u("api-roadmap"), API_HAS_ROADMAP),
    Cell("api-roadmap-step", "patch", u("api-roadmap-step", "row"), API_OWN, {"note": "mine"}),
    Cell("api-study-sessions", "get", u("api-study-sessions"), API_LOGGED_IN),
    Cell("api-study-session", "get", u("api-study-session", "session"), API_OWN),
    Cell("api-study-session", "patch", u("api-study-session", "session"), API_OWN, {"minutes": 45}),
    Cell("api-study-session", "delete", u("api-study-session", "session"), (401, 204, 404, 404, 404, 404, 404)),
    Cell("api-certification-catalog", "get", u("api-certification-catalog"), PUBLIC),
    Cell("api-certifications", "get", u("api-certifications"), API_LOGGED_IN),
    Cell("api-certification", "get", u("api-certification", "record"), API_OWN),
    Cell("me-export", "get", u("me-export"), API_LOGGED_IN),
    Cell("me-import", "post", u("me-import"), (401, 400, 400, 400, 400, 400, 400), {}),
    # The mentoring API.
    Cell("api-mentorships", "get", u("api-mentorships"), API_LOGGED_IN),
    Cell("api-mentorships", "post", u("api-mentorships"), (401, 202, 202, 202, 202, 202, 202), {"mentor": "carl"}),
    Cell("api-mentorship", "delete", u("api-mentorship", "active"), (401, 204, 404, 204, 404, 404, 404)),
    Cell("api-mentorship-accept", "post", u("api-mentorship-accept", "pending"), (401, 404, 404, 200, 404, 404, 404)),
    Cell("api-mentorship-decline", "post", u("api-mentorship-decline", "pending"),
         (401, 404, 404, 200, 404, 404, 404)),
    Cell("api-mentor-invitations", "get", u("api-mentor-invitations"), API_LOGGED_IN),
    Cell("api-mentor-invitation", "delete", u("api-mentor-invitation", "invitation"),
         (401, 204, 404, 404, 404, 404, 404)),
    Cell("api-mentees", "get", u("api-mentees"), (401, 403, 403, 200, 200, 403, 403)),
    Cell("api-mentee-roadmap", "get", u("api-mentee-roadmap", "alice"), API_MENTEE),
    Cell("api-mentee-milestones", "get", u("api-mentee-milestones", "alice"), API_MENTEE),
    Cell("api-step-comments", "get", u("api-step-comments", "row"), API_SHARED),
    Cell("api-step-comments", "post", u("api-step-comments", "row"), (401, 201, 404, 201, 404, 404, 404),
         {"body": "A comment"}),
    Cell("api-milestones", "get", u("api-milestones"), API_LOGGED_IN),
    # alice may ask (she has a mentor); bob has a roadmap but no mentor (400); the others have no roadmap.
    Cell("api-milestones", "post", u("api-milestones"), (401, 201, 400, 404, 404, 404, 404),
         {"phase": "OTHER_PHASE"}),
    Cell("api-milestone", "get", u("api-milestone", "review"), API_SHARED),
    # The review is "requested": only the mentor may start it; every other move is refused by its state (400).
    Cell("api-milestone-start", "post", u("api-milestone-start", "review"), (401, 400, 404, 200, 404, 404, 404)),
    Cell("api-milestone-approve", "post", u("api-milestone-approve", "review"), (401, 400, 404, 400, 404, 404, 404)),
    Cell("api-milestone-request-changes", "post", u("api-milestone-request-changes", "review"),
         (401, 400, 404, 400, 404, 404, 404), {"comment": "More please."}),
    Cell("api-milestone-answer", "post", u("api-milestone-answer", "review"), (401, 400, 404, 400, 404, 404, 404),
         {"comment": "Done."}),
    Cell("api-milestone-request-again", "post", u("api-milestone-request-again", "review"),
         (401, 400, 404, 400, 404, 404, 404)),
    Cell("api-notifications", "get", u("api-notifications"), API_LOGGED_IN),
    Cell("api-notifications-read", "post", u("api-notifications-read"), (401, 204, 204, 204, 204, 204, 204)),
    # The assessments API.
    Cell("api-assessments", "get", u("api-assessments"), API_LOGGED_IN),
    Cell("api-assessment-attempts", "post", lambda w: reverse("api-assessment-attempts", args=[
        Assessment.objects.active().first().slug]), (401, 201, 201, 201, 201, 201, 201)),
    Cell("api-attempt-submit", "post", u("api-attempt-submit", "attempt"), (401, 200, 404, 404, 404, 404, 404),
         {"answers": []}),  # an empty submission scores 0
    Cell("api-gap-analysis", "get", u("api-gap-analysis"), API_HAS_ROADMAP),
    Cell("api-gap-analysis-apply", "post", u("api-gap-analysis-apply"), (401, 200, 200, 404, 404, 404, 404)),
    Cell("api-gap-analysis-undo", "post", u("api-gap-analysis-undo"), (401, 400, 400, 404, 404, 404, 404)),
    # The demo's review queue API (the rest of the demo API has its own tests).
    Cell("api-idp-review-queue", "get", u("api-idp-review-queue"), (401, 403, 403, 403, 403, 200, 403)),
    # A reviewer's actions on a page: no such page is a 404 for a reviewer, a 403 for everyone else.
    Cell("api-idp-release", "post", u("api-idp-release", 999_999), (401, 403, 403, 403, 403, 404, 403)),
    Cell("api-idp-skip", "post", u("api-idp-skip", 999_999), (401, 403, 403, 403, 403, 404, 403)),
    Cell("api-idp-unreadable", "post", u("api-idp-unreadable", 999_999), (401, 403, 403, 403, 403, 404, 403),
         {"reason": "blank"}),
    # The line review queue and a reviewer's actions on a line, as for pages.
    Cell("api-idp-line-queue", "get", u("api-idp-line-queue"), (401, 403, 403, 403, 403, 200, 403)),
    Cell("api-idp-line-claim", "post", u("api-idp-line-claim", 999_999), (401, 403, 403, 403, 403, 404, 403)),
    Cell("api-idp-line-release", "post", u("api-idp-line-release", 999_999), (401, 403, 403, 403, 403, 404, 403)),
    Cell("api-idp-line-review", "post", u("api-idp-line-review", 999_999), (401, 403, 403, 403, 403, 404, 403),
         {"text": "Total 10"}),
    Cell("api-idp-metrics", "get", u("api-idp-metrics"), PUBLIC),
    Cell("api-idp-capacity", "get", u("api-idp-capacity"), PUBLIC),
    # Schema and docs are public; the token endpoint refuses a GET.
    Cell("api-schema", "get", u("api-schema"), PUBLIC),
    Cell("api-docs", "get", u("api-docs"), PUBLIC),
    Cell("api-token", "post", u("api-token"), (400,) * 7, {}),
]

# URL names deliberately left out, with the reason.
NOT_IN_MATRIX = {
    "healthz": "reports on the database, Redis, workers and Tesseract, not on who asks",
}
NOT_IN_MATRIX_NAMESPACES = {"admin": "Django's admin: tested in test_content_admin.py and test_mentor_pages.py",
                            "demo_idp": "demo_idp's own permission tests (entry pages are in the matrix)"}
NOT_IN_MATRIX_PREFIXES = {"api-idp-": "demo_idp's own API permission tests (the review queue is in the matrix)"}


def site_url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from site_url_names(pattern.url_patterns,
                                      f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_the_matrix_covers_every_url_of_the_site():
    covered = {cell.name for cell in CELLS}
    left_out = {
        name for name in site_url_names()
        if name not in covered and name not in NOT_IN_MATRIX
        and name.split(":")[0] not in NOT_IN_MATRIX_NAMESPACES
        and not any(name.startswith(prefix) for prefix in NOT_IN_MATRIX_PREFIXES)
    }
    assert not left_out, f"add these URLs to the permission matrix: {sorted(left_out)}"


def client_for(role, users, *, api):
    client = APIClient() if api else __import__("django.test", fromlist=["Client"]).Client()
    if role != "anonymous":
        if api:
            client.force_authenticate(users[role])
        else:
            client.force_login(users[role])
    return client


def request(client, cell: Cell, world: World, *, api: bool):
    data = cell.data
    if data and data.get("phase") == "OTHER_PHASE":
        data = {"phase": world.other_phase_slug}
    call = getattr(client, cell.method)
    if api:
        return call(cell.url(world), data, format="json")
    return call(cell.url(world), data or {})


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_endpoint_answers_each_role_as_expected(world, role):
    data, users = world
    index = ROLES.index(role)
    wrong = []
    for cell in CELLS:
        api = cell.name.startswith(("api-", "me-"))
        client = client_for(role, users, api=api)
        with transaction.atomic():
            response = request(client, cell, data, api=api)
            transaction.set_rollback(True)
        if response.status_code != cell.expected[index]:
            wrong.append(f"{cell.method.upper()} {cell.url(data)} ({cell.name}): "
                         f"{response.status_code}, expected {cell.expected[index]}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_a_declined_or_ended_mentorship_grants_nothing(world):
    data, users = world
    for role in ("unrelated_mentor", "reviewer"):  # otto's mentorship ended; rene declined
        client = client_for(role, users, api=True)
        assert client.get(reverse("api-mentee-roadmap", args=["alice"])).status_code == 404
        assert client.get(reverse("api-step-comments", args=[data.row])).status_code == 404
        page = client_for(role, users, api=False)
        assert page.get(reverse("mentoring:mentee_roadmap", args=["alice"])).status_code == 404
