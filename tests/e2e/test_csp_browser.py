"""The Content-Security-Policy holds in a real browser: every page that draws a chart, the API docs,
the document and review pages, the upload page (htmx) and a form page break no directive, and the
charts, Swagger UI and the word boxes still render under it.

An init script records every `securitypolicyviolation` event of each page; the list must stay
empty. The data is test_phone_layout's `world` (long names, a lived-in account, an hour of pipeline
history for the dashboard's charts).
"""

import pytest

from tests.e2e.conftest import site_context
from tests.e2e.test_phone_layout import CURATOR, LEARNER, MENTOR, REVIEWER, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
CHARTS_DRAWN = (
    "Array.from(document.querySelectorAll('[data-plotly]')).every(el => el.querySelector('.main-svg'))"
)
# Per role: the pages to visit, and on each how many charts at least must be drawn.
PAGES = {
    LEARNER: [
        ("/demo/", 0),  # the upload page: htmx is loaded (its indicator style must stay out)
        ("/demo/dashboard/", 4),
        ("/demo/capacity/", 1),
        ("/roadmap/", 1),
        ("/assessments/attempts/{result}/result/", 1),
        ("/assessments/gap-analysis/", 1),
        ("/demo/documents/{document}/", 0),
        ("/roadmap/certifications/add/", 0),
    ],
    MENTOR: [("/roadmap/mentors/", 0), ("/roadmap/mentors/reviews/{milestone}/", 0)],
    REVIEWER: [("/demo/review/pages/{page}/", 0), ("/demo/review/lines/{line}/", 0)],
    CURATOR: [("/demo/calibration/", 1), ("/admin/", 0)],
}


def visit(page, path: str, charts: int) -> list[str]:
    """Open ``path``, wait for its charts; the CSP violations it recorded (and any missing chart)."""
    response = page.goto(path)
    problems = [] if response.ok else [f"{path}: HTTP {response.status}"]
    count = page.locator("[data-plotly]").count()
    if count < charts:
        problems.append(f"{path}: {count} charts, expected at least {charts}")
    if count:
        page.wait_for_function(CHARTS_DRAWN, timeout=15_000)
    page.wait_for_load_state("networkidle")
    return problems + [f"{path}: {violation}" for violation in page.evaluate("window.__csp")]


@pytest.mark.parametrize("username", list(PAGES))
def test_no_page_breaks_the_content_security_policy(username, world, browser, live_server, log_in):  # noqa: F811
    context, external = site_context(browser, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        log_in(page, username)
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        problems = [problem for path, charts in PAGES[username] for problem in visit(page, path.format(**world), charts)]
        assert not problems, "\n".join(problems)
        if username == LEARNER:
            # Word boxes are placed from data-box by static/js/placement.js, not by a style attribute.
            page.goto(f"/demo/documents/{world['document']}/")
            box = page.locator(".idp-word").first.bounding_box()
            assert box and box["width"] > 1 and box["height"] > 1, box
            # Plotly's rules went into the page's nonced style element (its own would be refused).
            page.goto("/demo/dashboard/")
            page.wait_for_function(CHARTS_DRAWN, timeout=15_000)
            assert page.evaluate("document.getElementById('plotly.js-style-global').sheet.cssRules.length") > 10
            assert page.locator(".modebar").first.evaluate("el => getComputedStyle(el).position") == "absolute"
        if username == MENTOR:
            widths = page.goto("/roadmap/mentors/") and page.locator(".progress-bar span").evaluate_all(
                "spans => spans.map(span => span.style.width)"
            )
            assert widths and all(width.endswith("%") for width in widths), widths
    finally:
        context.close()
    assert not external, f"the pages asked other hosts for: {external}"


def test_swagger_ui_renders_its_operations_under_the_policy(page):
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.goto("/api/docs/")
    page.locator(".opblock").first.wait_for(timeout=15_000)
    assert page.locator(".opblock").count() > 10
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []


def test_an_inline_style_would_be_reported(page):
    """The recorder is not blind: a style attribute written into a page is refused and recorded."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.goto("/accounts/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__csp")[0].startswith("style-src")
