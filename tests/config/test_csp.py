"""Every response carries a Content-Security-Policy; pages run no inline script and carry no inline
style, so the policy allows scripts and styles from this site only (tests/e2e/test_csp_browser.py
checks in Chromium that no page breaks it)."""

import re

import pytest
from django.conf import settings

TEMPLATES = settings.BASE_DIR / "templates"

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# A <script> without src that is not data (json_script), or an on...= handler: both need 'unsafe-inline'.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
# A style="" attribute, or a <style> element without a nonce: both need 'unsafe-inline'.
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style(?![^>]*\bnonce=)[^>]*>", re.I)


def policy_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/docs/", "/healthz"])
@pytest.mark.django_db
def test_pages_carry_the_policy(client, url):
    response = client.get(url)
    assert policy_of(response) == POLICY


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/api/docs/"])
@pytest.mark.django_db
def test_pages_run_no_inline_script(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []
    assert INLINE_STYLE.findall(html) == []


def test_the_inline_style_pattern_finds_attributes_and_unnonced_style_elements():
    assert INLINE_STYLE.findall('<span class="a" style="width: 5%">') == ['<span class="a" style=']
    assert INLINE_STYLE.findall("<style>body{}</style>") == ["<style>"]
    assert INLINE_STYLE.findall('<style nonce="abc">body{}</style><span data-box="left:1%">') == []


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_no_template_carries_an_inline_style(template):
    assert INLINE_STYLE.findall(template.read_text()) == []


@pytest.mark.django_db
def test_the_api_docs_load_their_start_up_script_from_this_site(client):
    page = client.get("/api/docs/").content.decode()
    assert 'src="/api/docs/?script="' in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_a_page_with_charts_gives_plotlys_style_element_the_nonce_of_its_policy(client):
    response = client.get("/demo/dashboard/")
    styles = policy_of(response)["style-src"].split()
    assert styles[0] == "'self'" and len(styles) == 2 and styles[1].startswith("'nonce-")
    nonce = styles[1][len("'nonce-"):-1]
    html = response.content.decode()
    assert f'<style id="plotly.js-style-global" nonce="{nonce}"></style>' in html
    assert INLINE_STYLE.findall(html) == []
