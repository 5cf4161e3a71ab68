"""Every page of every role on a phone (390 x 844): nothing wider than the screen, no chart's
toolbar over its legend (on a wide screen too).

The data is made to push the layout: 40-character usernames, a 120-character file name and
notes with long words and links, none of them with a space to break at. Each role gets one
browser context at phone size and visits every page it can open; a failure names the role,
the page and the elements that stick out (tag, classes, text).
"""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.factories import UserFactory, make_roadmap

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}

LEARNER = "alexandra.konstantinopoulou-weatherby.ml"
MENTOR = "maximilian.oppenheimer-vanderbilt.mentor"
REVIEWER = "reviewer.bartholomew.featherstonehaugh01"
CURATOR = "curator.wilhelmina.montgomery-smythe.xyz"
FILE_NAME = ("quarterly-supplier-invoice-scan_" + "ACME-Industrial-Components-GmbH_" * 3)[:116] + ".png"
LINK = "https://docs.aws.amazon.com/sagemaker/latest/dg/how-it-works-training-distributed-data-parallel.html"
LONG_NOTE = (
    f"Read {LINK} twice; the part on Supercalifragilisticexpialidocious-sharded-parameter-servers "
    "made sense only after the second pass. Next: the hands-on lab."
)
INVITED_EMAIL = "someone.with.a.rather.long.address@engineering.example-company.com"


# The elements that stick out past the right edge. An element inside a box that clips (overflow
# other than visible) counts only as far as the box shows it, so a table that scrolls inside its
# own container is fine. Only the outermost culprit is named: its children stick out with it.
OVERFLOWING = """
(edge) => {
  const clippedRight = (el) => {
    let right = el.getBoundingClientRect().right;
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX !== "visible" || style.position === "fixed") {
        right = Math.min(right, box.getBoundingClientRect().right);
      }
    }
    return right;
  };
  const shown = (el) => {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return rect.width > 0 && rect.height > 0 && style.visibility !== "hidden";
  };
  const sticksOut = (el) => shown(el) && clippedRight(el) > edge + 0.5;
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const parent = el.parentElement;
    if (!sticksOut(el) || (parent && parent !== document.body && sticksOut(parent))) continue;
    const text = (el.innerText || el.getAttribute("aria-label") || "").replace(/\\s+/g, " ").trim();
    const tag = `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}">`;
    found.push(`${tag} right=${Math.round(clippedRight(el))} "${text.slice(0, 60)}"`);
  }
  return found;
}
"""

# For each drawn Plotly chart: its id, and the boxes of its toolbar (modebar) and legend.
CHART_BOXES = """
() => Array.from(document.querySelectorAll(".js-plotly-plot")).map((chart) => {
  const box = (selector) => {
    const el = chart.querySelector(selector);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width && r.height ? {left: r.left, right: r.right, top: r.top, bottom: r.bottom} : null;
  };
  return {id: chart.dataset.plotly || chart.id, modebar: box(".modebar"), legend: box(".legend")};
})
"""


def _overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture
def world(transactional_db, content):
    """Everyone with long names and a lived-in account; returns the ids the pages' URLs need."""
    from accounts.roles import CURATOR as CURATOR_ROLE
    from accounts.roles import MENTOR as MENTOR_ROLE
    from accounts.roles import REVIEWER as REVIEWER_ROLE
    from accounts.roles import grant_role

    learner, mentor = UserFactory(username=LEARNER), UserFactory(username=MENTOR)
    grant_role(mentor, MENTOR_ROLE)
    grant_role(reviewer := UserFactory(username=REVIEWER), REVIEWER_ROLE)
    curator = UserFactory(username=CURATOR, is_superuser=True)  # a superuser also sees the calibration's form
    grant_role(curator, CURATOR_ROLE)

    today = timezone.localdate()
    roadmap = make_roadmap(learner, today=today - timedelta(weeks=6))
    row, session = _study(roadmap, today=today)
    ids = {"step": row.pk, "session": session.pk, **_reset_link(learner)}
    ids |= _mentoring(learner=learner, mentor=mentor, roadmap=roadmap, row=row)
    ids |= _records(learner, today=today)
    ids |= _documents(learner=learner, reviewer=reviewer)
    return ids


def _reset_link(user) -> dict:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return {"uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _study(roadmap, *, today):
    """Six weeks of evenings, the last with a long note; the first step done, the second in progress
    with the long note. Returns the second step's row and the last session."""
    from roadmap.models import StudySession
    from roadmap.step_status import change_step, log_session

    rows = list(roadmap.steps.order_by("position")[:2])
    for days_ago in range(40, 0, -3):
        row = rows[0] if days_ago > 20 else rows[1]
        session = StudySession.objects.create(roadmap=roadmap, step=row, date=today - timedelta(days=days_ago),
                                              minutes=50, note=LONG_NOTE if days_ago < 5 else "Chapter exercises.")
        log_session(session)
    change_step(row=rows[0], status="done", today=today - timedelta(days=20))
    return change_step(row=rows[1], note=LONG_NOTE, today=today), session


def _mentoring(*, learner, mentor, roadmap, row) -> dict:
    from mentoring.comments import add_comment
    from mentoring.invitations import invite, respond
    from mentoring.milestones import request_review

    respond(mentorship=invite(learner=learner, identifier=MENTOR), mentor=mentor, accept=True)
    invitation = invite(learner=learner, identifier=INVITED_EMAIL)
    opener = add_comment(row=row, author=mentor, body=LONG_NOTE)
    add_comment(row=row, author=learner, body=f"Thanks! Bookmarked {LINK}", parent=opener)
    review = request_review(roadmap=roadmap, phase=row.step.phase, user=learner, comment=LONG_NOTE)
    return {"invitation": invitation.token, "milestone": review.pk}


def _records(learner, *, today) -> dict:
    """A certification passed with a long credential, a quiz taken, one started, self-ratings."""
    import random

    from assessments.models import Assessment
    from assessments.services import start_attempt
    from certifications.records import save_record
    from demo_data.records import rate_myself, take_quiz
    from roadmap.models import Certification, Skill

    certification = Certification.objects.filter(archived=False).first()
    record = save_record(
        user=learner, certification=certification, status="passed", exam_date=today - timedelta(days=30),
        passed_on=today - timedelta(days=30), credential_id="AWS-MLS-C01-" + "7F3A9B2C" * 6,
        credential_url=LINK + "?credential=" + "7F3A9B2C" * 6, today=today,
    )
    rng = random.Random(12)
    quizzes = list(Assessment.objects.filter(archived=False).order_by("pk")[:2])
    taken = take_quiz(user=learner, slug=quizzes[0].slug, day=today - timedelta(days=3), knows=0.6, rng=rng)
    started = start_attempt(user=learner, assessment=quizzes[1], rng=rng)
    rate_myself(user=learner, levels={skill.slug: 2 for skill in Skill.objects.filter(archived=False)[:6]})
    return {"record": record.pk, "result": taken.pk, "attempt": started.pk}


def _documents(*, learner, reviewer) -> dict:
    """The learner's scan with a 120-character name, read with low confidence: it waits for review.
    Plus an hour of pipeline history, so the dashboard's charts have data and legends."""
    from PIL import Image

    from demo_idp import pipeline
    from demo_idp.intake.uploads import create_document
    from tests.demo_idp.event_scenes import pipeline_history
    from tests.demo_idp.fakes import FakeEngine
    from tests.demo_idp.helpers import png_bytes

    assert len(FILE_NAME) == 120
    scan = png_bytes(Image.new("L", (1600, 400), 255))
    document, _created = create_document(data=scan, name=FILE_NAME, owner=learner)
    pipeline.process_document(document_id=document.pk, engine=FakeEngine(confidence=50.0))
    # Three lines, the last one doubtful (a long word in it): it waits in the line queue.
    lined, _created = create_document(data=png_bytes(Image.new("L", (1600, 400), 250)), name=FILE_NAME, owner=learner)
    words = (("Invoice", (10, 10, 200, 40), 96.0, 0), ("Total", (10, 80, 200, 40), 95.0, 1),
             (FILE_NAME, (10, 150, 1500, 40), 20.0, 2))
    pipeline.process_document(document_id=lined.pk, engine=FakeEngine(words=words))
    pipeline_history(reviewer=reviewer)
    line = lined.pages.get().lines.get(status="open")
    return {"document": document.pk, "page": document.pages.get().pk, "line": line.pk}


# Every page, by who opens it. "{name}" is filled from the world's ids.
EVERYONE = ["/", "/roadmap/glossary/", "/demo/", "/demo/dashboard/", "/demo/capacity/", "/demo/calibration/"]
SIGNED_IN = [*EVERYONE, "/accounts/password_change/", "/accounts/password_change/done/",
             "/roadmap/mentors/notifications/"]
PAGES = {
    "anonymous": [
        *EVERYONE, "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/",
        "/accounts/password_reset/done/", "/accounts/reset/{uid}/{token}/", "/accounts/reset/done/", "/no-such-page/",
    ],
    "learner": [
        *SIGNED_IN, "/roadmap/", "/roadmap/plan/", "/roadmap/map/", "/roadmap/map/steps/{step}/", "/roadmap/log/",
        "/roadmap/log/{session}/edit/", "/roadmap/log/{session}/delete/", "/roadmap/import/",
        "/roadmap/certifications/", "/roadmap/certifications/catalog/", "/roadmap/certifications/add/",
        "/roadmap/certifications/{record}/edit/", "/roadmap/certifications/{record}/delete/",
        "/roadmap/mentors/mine/", "/roadmap/mentors/steps/{step}/comments/", "/roadmap/mentors/reviews/{milestone}/",
        "/assessments/", "/assessments/attempts/{attempt}/", "/assessments/attempts/{result}/result/",
        "/assessments/self-assessment/", "/assessments/gap-analysis/", "/demo/documents/{document}/",
    ],
    "mentor": [
        *SIGNED_IN, "/roadmap/mentors/", "/roadmap/mentors/mine/", f"/roadmap/mentors/mentees/{LEARNER}/",
        f"/roadmap/mentors/mentees/{LEARNER}/log/", f"/roadmap/mentors/mentees/{LEARNER}/certifications/",
        f"/roadmap/mentors/mentees/{LEARNER}/assessments/", "/roadmap/mentors/steps/{step}/comments/",
        "/roadmap/mentors/reviews/{milestone}/", "/roadmap/mentors/invitations/{invitation}/",
    ],
    "reviewer": [*SIGNED_IN, "/demo/review/", "/demo/review/pages/{page}/", "/demo/review/lines/",
                 "/demo/review/lines/{line}/"],
    "curator": [*SIGNED_IN, "/admin/"],
}
USERNAMES = {"learner": LEARNER, "mentor": MENTOR, "reviewer": REVIEWER, "curator": CURATOR}

# Named URLs that are not pages a phone shows: form posts, downloads, feeds, JSON, the API, the
# admin's insides. Every other named URL must be in PAGES (test_every_page_is_visited).
NOT_PAGES = {
    "healthz", "metrics", "api-token", "api-schema", "api-docs", "logout",
    "roadmap:update_step", "roadmap:calendar", "roadmap:reset_calendar", "portability:export",
    "mentoring:mentorship_accept", "mentoring:mentorship_decline", "mentoring:mentorship_end",
    "mentoring:invitation_withdraw",
    "mentoring:milestone_request", "assessments:start", "assessments:gap_apply", "assessments:gap_undo",
    "demo_idp:sample_image", "demo_idp:document_list", "demo_idp:document_progress", "demo_idp:document_retry", "demo_idp:document_download",
    "demo_idp:page_image", "demo_idp:line_image", "demo_idp:dashboard_data", "demo_idp:dashboard_retry",
}


def _named_urls(patterns=None, namespace="") -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or str(pattern.pattern).startswith("api/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_page_is_visited():
    from django.urls import Resolver404, resolve

    visited = set()
    for path in (p.format_map(defaultdict(lambda: "1")) for paths in PAGES.values() for p in paths):
        try:
            visited.add(resolve(path).view_name)
        except Resolver404:
            pass  # the 404 page
    missing = sorted(_named_urls() - NOT_PAGES - visited)
    assert not missing, f"pages no role visits on a phone (add them to PAGES, or to NOT_PAGES): {missing}"


@pytest.mark.parametrize("role", list(PAGES))
def test_nothing_is_wider_than_a_phone(role, world, browser, live_server, log_in):
    from tests.e2e.conftest import site_context

    context, external = site_context(browser, live_server.url)
    page = context.new_page()  # one page at phone size for every page of the role
    page.set_viewport_size(PHONE)
    problems = []
    try:
        if role != "anonymous":
            log_in(page, USERNAMES[role])
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for path in PAGES[role]:
            problems += _check(page, path.format(**world), menu=path == "/")
    finally:
        context.close()
    assert not external, f"the pages asked other hosts for: {external}"
    assert not problems, f"{role} on a 390 px phone:\n" + "\n".join(problems)


def _check(page, path, *, menu) -> list[str]:
    response = page.goto(path)
    problems = [] if response.ok or path == "/no-such-page/" else [f"{path}: HTTP {response.status}"]
    if page.locator("[data-plotly]").count():
        page.wait_for_function("Array.from(document.querySelectorAll('[data-plotly]'))"
                               ".every(el => el.classList.contains('js-plotly-plot'))", timeout=15_000)
    if menu and page.locator(".nav-toggle").is_visible():
        page.locator(".nav-toggle").click()  # the menu opened on a phone, with the long username in it
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{path}: the page is {width} px wide")
    problems += [f"{path}: {element}" for element in page.evaluate(OVERFLOWING, PHONE["width"])]
    for chart in page.evaluate(CHART_BOXES):
        if chart["modebar"] and chart["legend"] and _overlap(chart["modebar"], chart["legend"]):
            problems.append(f"{path}: chart {chart['id']}: the toolbar covers the legend")
    return problems


def test_no_chart_toolbar_covers_its_legend_on_a_wide_screen(world, page, log_in):
    """A phone shows no toolbar at all; a wide screen keeps a small one, clear of the legend."""
    log_in(page, LEARNER)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    checked = 0
    for path in ("/roadmap/", "/demo/dashboard/"):
        page.goto(path)
        page.wait_for_function("Array.from(document.querySelectorAll('[data-plotly]'))"
                               ".every(el => el.classList.contains('js-plotly-plot'))", timeout=15_000)
        for chart in page.evaluate(CHART_BOXES):
            if chart["modebar"] and chart["legend"]:
                checked += 1
                assert not _overlap(chart["modebar"], chart["legend"]), f"{path}: chart {chart['id']}"
    assert checked >= 4, "expected charts with both a toolbar and a legend"


# Lists whose rows read as cards on a phone: the name that heads each row gets the card's width, not a
# column five letters wide (a 120-character file name, "Strategic thinking" broken into letters).
ROW_HEADS = {"/demo/": "#idp-documents tbody td:first-child", "/assessments/gap-analysis/": ".gap-table tbody th"}


@pytest.fixture
def phone_as(browser, live_server, log_in):
    """phone_as(username): a page at phone size, logged in, kept on the site (checked at teardown)."""
    from tests.e2e.conftest import site_context

    opened = []

    def phone_as(username):
        context, external = site_context(browser, live_server.url)
        opened.append((context, external))
        page = context.new_page()
        page.set_viewport_size(PHONE)
        log_in(page, username)
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield phone_as
    for context, external in opened:
        context.close()
        assert not external, f"the pages asked other hosts for: {external}"


def test_on_a_phone_each_rows_name_takes_the_width_of_the_screen(world, phone_as):
    page = phone_as(LEARNER)
    for path, selector in ROW_HEADS.items():
        page.goto(path)
        widths = page.locator(selector).evaluate_all("cells => cells.map(c => c.getBoundingClientRect().width)")
        assert widths and min(widths) > 0.75 * PHONE["width"], f"{path}: {selector} is {min(widths or [0])} px wide"
    page.goto(f"/demo/documents/{world['document']}/")
    assert page.locator("h1").bounding_box()["height"] < 6 * 40, "the file name as a title takes more than five lines"


def test_on_a_phone_the_review_queues_show_whole_file_names(world, phone_as):
    """The wide table cuts a long name with an ellipsis and a tooltip; a touch screen shows no tooltip."""
    page = phone_as(REVIEWER)
    for path in ("/demo/review/", "/demo/review/lines/"):
        page.goto(path)
        cut = page.locator(".idp-queue .idp-name").evaluate_all(
            "names => names.filter(n => n.scrollWidth > n.clientWidth + 1).map(n => n.textContent)")
        assert page.locator(".idp-queue .idp-name").count() and not cut, f"{path}: cut short: {cut}"
