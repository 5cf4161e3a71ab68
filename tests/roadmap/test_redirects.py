"""A form's ``next`` field only ever leads back into this site."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_roadmap


@pytest.mark.parametrize(("next_url", "lands_on"), [
    ("/roadmap/", "/roadmap/"),
    ("https://evil.example/phish", "/roadmap/log/"),
    ("//evil.example/phish", "/roadmap/log/"),
    ("", "/roadmap/log/"),
])
def test_logging_a_session_returns_to_next_only_on_this_site(alice, alice_client, content, next_url, lands_on):
    roadmap = make_roadmap(alice, today=timezone.localdate() - timedelta(days=3))
    row = roadmap.steps.filter(status="todo").first()
    response = alice_client.post("/roadmap/log/", {
        "date": timezone.localdate().isoformat(), "minutes": "30", "step": row.pk, "note": "", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == lands_on
    assert roadmap.sessions.count() == 1
