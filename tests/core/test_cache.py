"""With Redis unreachable the cache misses and drops writes: the upload page, which counts uploads in
it, still takes a file (the limit lifts for the outage), instead of answering 500."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from demo_idp.models import Document
from tests.demo_idp.helpers import blank_png

# Nothing listens on port 1: a real connection refused, as when Redis is down.
DEAD_REDIS = {"default": {"BACKEND": "core.cache.ForgivingRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                          "KEY_PREFIX": "cache"}}


def test_an_unreachable_cache_misses_and_drops_writes(settings):
    settings.CACHES = DEAD_REDIS
    cache.set("k", 1)
    assert cache.get("k", "missing") == "missing"
    assert cache.add("k", 1) is False and cache.delete("k") is False


@pytest.mark.django_db
def test_the_upload_page_takes_a_file_while_redis_is_down(client, settings):
    settings.CACHES = DEAD_REDIS
    upload = SimpleUploadedFile("scan.png", blank_png(), content_type="image/png")
    response = client.post("/demo/", {"files": upload})
    assert response.status_code == 302, response.content[:500]
    assert Document.objects.count() == 1
