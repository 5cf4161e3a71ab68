"""Upload throttling (intake/throttle.py): IDP_UPLOAD_RATE uploads per account or anonymous visitor,
on the page and the API together, counted in the shared cache (Redis); one more is a 429 with
Retry-After and a sentence to read."""

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from config.env import env_rate
from demo_idp.models import Document
from tests.demo_idp.helpers import api_for, png_bytes
from tests.services import missing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_a_minute(settings):
    settings.IDP_UPLOAD_RATE = "3/minute"


def scan(shade: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"scan-{shade}.png", png_bytes(Image.new("L", (40, 30), shade)))


def api_upload(client, shade):
    return client.post("/api/idp/documents/", {"file": scan(shade)}, format="multipart")


def page_upload(client, shade):
    return client.post("/demo/", {"files": scan(shade)})


def assert_refused(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_the_api_refuses_one_upload_more_than_the_rate_with_429_retry_after_and_a_sentence(alice, bob):
    client = api_for(alice)
    assert [api_upload(client, shade).status_code for shade in (1, 2, 3)] == [202] * 3
    refused = api_upload(client, 4)
    assert_refused(refused)
    wait = int(refused["Retry-After"])
    assert refused.json() == {"detail": f"Too many uploads at once. You may upload again in {wait} seconds."}
    assert Document.objects.count() == 3  # the refused upload stored nothing
    assert api_upload(api_for(bob), 5).status_code == 202  # another account has its own count
    assert client.get("/api/idp/documents/").status_code == 200  # listing is not limited


def test_the_page_refuses_with_the_same_count_and_says_why_on_the_form(client):
    # The first upload, before the visitor has an id, counts against the address; then three as the visitor.
    assert [page_upload(client, shade).status_code for shade in (1, 2, 3, 4)] == [302] * 4
    refused = page_upload(client, 5)
    assert_refused(refused)
    assert "Too many uploads at once. You may upload again in" in refused.content.decode()
    assert Document.objects.count() == 4
    other_visitor = Client()
    assert page_upload(other_visitor, 5).status_code == 302


def test_a_signed_in_persons_page_and_api_uploads_share_one_count(alice):
    browser = Client()
    browser.force_login(alice)
    assert [page_upload(browser, shade).status_code for shade in (1, 2)] == [302, 302]
    assert api_upload(api_for(alice), 3).status_code == 202
    assert_refused(api_upload(api_for(alice), 4))
    assert_refused(page_upload(browser, 5))


def test_throwing_the_session_away_does_not_reset_the_count_of_an_address(db):
    # Each request without a cookie is a new visitor, counted by its address until it has an id.
    codes = [page_upload(Client(REMOTE_ADDR="203.0.113.7"), shade).status_code for shade in range(1, 5)]
    assert codes == [302, 302, 302, 429]
    assert page_upload(Client(REMOTE_ADDR="203.0.113.8"), 9).status_code == 302
    # A forged X-Forwarded-For is not an address of its own (no proxy is trusted by default).
    forged = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert page_upload(forged, 10).status_code == 429


def test_the_count_is_kept_in_redis_where_every_web_process_reads_it(alice, settings):
    cache = settings.CACHES["default"]
    if "RedisCache" not in cache["BACKEND"]:
        missing("no Redis answers at TEST_REDIS_URL, so the tests' cache is in memory: start redis-server")
    api_upload(api_for(alice), 1)
    store = redis.Redis.from_url(cache["LOCATION"])
    assert store.keys(f"{cache['KEY_PREFIX']}:*:throttle_upload_user-{alice.pk}") != []


def test_the_schema_documents_the_429_of_an_upload_with_retry_after(client):
    operations = client.get("/api/schema/?format=json").json()["paths"]["/api/idp/documents/"]
    assert "Retry-After" in operations["post"]["responses"]["429"]["headers"]
    assert "429" not in operations["get"]["responses"]


@pytest.mark.parametrize("raw", ["20", "20/fortnight", "0/minute", "-1/hour", "many/day"])
def test_a_rate_that_is_not_a_number_per_period_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("IDP_UPLOAD_RATE", raw)
    with pytest.raises(ImproperlyConfigured, match="IDP_UPLOAD_RATE=.* is not a rate"):
        env_rate("IDP_UPLOAD_RATE", "20/minute")
    monkeypatch.setenv("IDP_UPLOAD_RATE", "5/hour")
    assert env_rate("IDP_UPLOAD_RATE", "20/minute") == "5/hour"
