"""The site shell: home page, role-fitted navigation, error pages, and no asset from another host."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLResolver, include, path
from django.views import defaults

from config.urls import urlpatterns as site_urlpatterns
from tests.html_helpers import asset_urls, external_asset_urls


def _stub(request):
    return HttpResponse("stub")


# The pages later issues add, as stubs, so the navigation can be checked before they exist.
# A name the site already has is left alone. Used as ROOT_URLCONF by the `all_pages` fixture.
STUB_PAGES = {
    "roadmap": ["dashboard", "certifications", "mentees"],
    "assessments": ["list"],
    "demo_idp": ["upload", "review_queue", "dashboard"],
}


def _stubs(app, existing=()):
    return [path(f"stub-{app}-{name}/", _stub, name=name) for name in STUB_PAGES[app] if name not in existing]


def _with_stubs(patterns):
    """The site's URLs, each namespace of STUB_PAGES completed with stubs for its missing names."""
    result, seen = [], set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in STUB_PAGES:
            app = pattern.namespace
            seen.add(app)
            inner = list(pattern.url_patterns) + _stubs(app, pattern.reverse_dict)
            pattern = path(str(pattern.pattern), include((inner, app)))
        result.append(pattern)
    return result + [path("", include((_stubs(app), app))) for app in STUB_PAGES if app not in seen]


urlpatterns = _with_stubs(site_urlpatterns)


@pytest.fixture
def all_pages(settings):
    settings.ROOT_URLCONF = __name__


def nav_html(response) -> str:
    html = response.content.decode()
    start = html.index('<nav class="site-nav" aria-label="Main">')
    return html[start : html.index("</nav>", start)]


def test_home_page_explains_both_halves_to_an_anonymous_visitor(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your learning roadmap" in html
    assert "The live document-processing demo" in html
    assert 'href="/api/docs/"' in html
    assert 'href="/accounts/signup/"' in html


def test_base_layout_has_landmarks_and_a_skip_link(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert html.index("skip-link") < html.index("<header")
    for landmark in ('<header class="site-header">', '<nav class="site-nav" aria-label="Main">', '<main id="main"', "<footer"):
        assert landmark in html
    assert 'aria-expanded="false" aria-controls="nav-menu"' in html


def test_anonymous_visitor_is_offered_log_in_and_sign_up(client, db):
    nav = nav_html(client.get("/"))
    assert ">Log in</a>" in nav
    assert ">Sign up</a>" in nav
    assert "Log out" not in nav
    assert "/admin/" not in nav


def test_current_page_is_marked_in_the_navigation(client, db):
    nav = nav_html(client.get("/accounts/login/"))
    assert '<a href="/accounts/login/" aria-current="page">Log in</a>' in nav
    assert '<a href="/" aria-current' not in nav


def test_learner_sees_account_links_and_no_admin(client, alice):
    client.force_login(alice)
    nav = nav_html(client.get("/"))
    assert "alice" in nav
    assert ">Change password</a>" in nav
    assert '<form method="post" action="/accounts/logout/">' in nav
    assert "csrfmiddlewaretoken" in nav
    assert ">Log in</a>" not in nav
    assert "/admin/" not in nav


def test_curator_sees_the_admin_link(client, curator):
    client.force_login(curator)
    assert '<a href="/admin/">Admin</a>' in nav_html(client.get("/"))


@pytest.mark.usefixtures("all_pages")
def test_anonymous_visitor_sees_the_demo_but_no_learner_pages(client, db):
    nav = nav_html(client.get("/"))
    assert ">Document demo</a>" in nav
    assert ">Dashboards</a>" in nav
    for label in ("My roadmap", "Certifications", "Assessments", "Mentees", "Review queue"):
        assert label not in nav


@pytest.mark.usefixtures("all_pages")
def test_learner_sees_learner_pages_but_not_mentor_or_reviewer_pages(client, alice):
    client.force_login(alice)
    nav = nav_html(client.get("/"))
    for label in ("My roadmap", "Certifications", "Assessments", "Document demo"):
        assert f">{label}</a>" in nav
    assert "Mentees" not in nav
    assert "Review queue" not in nav


@pytest.mark.usefixtures("all_pages")
@pytest.mark.parametrize(("cast", "label"), [("mentor", "Mentees"), ("reviewer", "Review queue")])
def test_each_role_sees_its_own_page(client, request, cast, label):
    client.force_login(request.getfixturevalue(cast))
    assert f">{label}</a>" in nav_html(client.get("/"))


def test_missing_page_renders_the_404_template(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "We could not find that page" in response.content.decode()


def _anonymous_request(path="/somewhere/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_permission_denied_renders_the_403_template(db):
    response = defaults.permission_denied(_anonymous_request(), PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have access to this page" in html
    assert 'href="/accounts/login/?next=/somewhere/"' in html


def test_bad_request_renders_the_400_template(db):
    response = defaults.bad_request(_anonymous_request(), Exception())
    assert response.status_code == 400
    assert "That request could not be understood" in response.content.decode()


def test_server_error_page_renders_without_request_context():
    # No db fixture: the 500 page must not touch the database, the user or the session.
    response = defaults.server_error(_anonymous_request())
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert '<main id="main"' in html
    assert external_asset_urls(html) == []


PUBLIC_PAGES = [
    "/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/bad/bad-token/",
    "/accounts/reset/done/",
    "/no-such-page/",
    "/api/docs/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_load_nothing_from_another_host(client, db, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert asset_urls(response.content.decode()), "expected the page to load its own assets"
    assert external_asset_urls(response.content.decode()) == []


@pytest.mark.parametrize("url", ["/", "/accounts/password_change/", "/accounts/password_change/done/"])
def test_logged_in_pages_load_nothing_from_another_host(client, curator, url):
    client.force_login(curator)
    response = client.get(url)
    assert response.status_code == 200
    assert external_asset_urls(response.content.decode()) == []


def test_api_docs_load_swagger_ui_from_this_site(client, db):
    html = client.get("/api/docs/").content.decode()
    urls = asset_urls(html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in urls
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in urls
    # Its start-up script comes from the view itself (the split view: no inline script for the CSP).
    assert all(url.startswith("/static/") or url == "/api/docs/?script=" for url in urls)


def test_static_assets_are_served(client, db):
    for url in asset_urls(client.get("/").content.decode()):
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_external_asset_helper_finds_other_hosts():
    html = (
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '<script src="//cdn.example.com/x.js"></script>'
        '<img src="http://testserver/static/a.png"><img src="/static/b.png">'
        '<a href="https://example.com/">a link is not a fetch</a>'
    )
    assert external_asset_urls(html) == ["https://cdn.example.com/x.css", "//cdn.example.com/x.js"]
