"""Every response carries a Content-Security-Policy; pages run no inline script, so the policy
allows scripts from this site only (the browser journeys in tests/e2e run under it)."""

import re

import pytest

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# A <script> without src that is not data (json_script), or an on...= handler: both need 'unsafe-inline'.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


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


@pytest.mark.django_db
def test_the_api_docs_load_their_start_up_script_from_this_site(client):
    page = client.get("/api/docs/").content.decode()
    assert 'src="/api/docs/?script="' in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
