"""Static files as `make run` serves them: collected under hashed names with gzip and Brotli copies, cached for a year.

The rest of the suite serves the source folders as they are (no STATIC_ROOT: nothing to collect);
these tests collect once into a temporary STATIC_ROOT with scripts/collect_static.py, the step
`make run` takes, and serve from it with the settings a STATIC_ROOT brings.
"""

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
BUNDLE = "vendor/plotly-4.1.1-partial.min.js"
A_YEAR = 365 * 24 * 3600


def collect(static_root: Path | str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))}
    return subprocess.run([sys.executable, "scripts/collect_static.py"], cwd=ROOT, capture_output=True, text=True,
                          env=env | {"STATIC_ROOT": str(static_root), "DJANGO_SETTINGS_MODULE": "config.settings"})


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A STATIC_ROOT collected by `make run`'s step, and what the step printed."""
    root = tmp_path_factory.mktemp("collected") / "static"
    first = collect(root)
    assert first.returncode == 0, first.stderr
    return root, first.stdout


@pytest.fixture
def served(collected, settings):
    """A browser on the site configured as with STATIC_ROOT set (config/settings.py)."""
    root, _output = collected
    settings.STATIC_ROOT = str(root)
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    return Client()  # a new handler: whitenoise reads the collected folder when it starts


def manifest(root: Path) -> dict[str, str]:
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def test_every_file_is_collected_under_a_hashed_name_with_gzip_and_brotli_copies(collected):
    root, output = collected
    assert "collected the static files" in output
    paths = manifest(root)
    hashed = paths[BUNDLE]
    assert re.fullmatch(r"vendor/plotly-4\.1\.1-partial\.min\.[0-9a-f]{12}\.js", hashed)
    source = (ROOT / "static" / BUNDLE).read_bytes()
    assert (root / hashed).read_bytes() == source
    assert gzip.decompress((root / f"{hashed}.gz").read_bytes()) == source
    assert brotli.decompress((root / f"{hashed}.br").read_bytes()) == source  # Brotli is a requirement
    for name in ("css/site.css", "js/charts.js", "vendor/htmx-2.0.11.min.js"):
        assert (root / f"{paths[name]}.gz").exists(), name
        assert (root / f"{paths[name]}.br").exists(), name
    # Source maps are for developer tools: not worth compressing at every collection.
    source_map = paths["drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js.map"]
    assert (root / source_map).exists()
    assert not (root / f"{source_map}.gz").exists() and not (root / f"{source_map}.br").exists()


def test_a_second_collection_with_the_same_files_does_nothing(collected):
    root, _output = collected
    before = (root / "staticfiles.json").stat().st_mtime_ns
    again = collect(root)
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert (root / "staticfiles.json").stat().st_mtime_ns == before


def test_without_a_static_root_the_collection_stops_and_says_why():
    result = collect("")
    assert result.returncode != 0
    assert "STATIC_ROOT is not set: there is nowhere to collect the static files to" in result.stderr


def test_pages_link_the_hashed_names_served_compressed_and_cached_for_a_year(served, collected):
    root, _output = collected
    hashed = manifest(root)[BUNDLE]
    html = served.get("/demo/capacity/").content.decode()
    assert f'src="/static/{hashed}"' in html and f'src="/static/{BUNDLE}"' not in html
    response = served.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= A_YEAR and "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert len(body) < (ROOT / "static" / BUNDLE).stat().st_size / 2
    assert gzip.decompress(body) == (ROOT / "static" / BUNDLE).read_bytes()


def test_a_browser_without_gzip_gets_the_file_as_it_is(served, collected):
    root, _output = collected
    hashed = manifest(root)[BUNDLE]
    response = served.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == (ROOT / "static" / BUNDLE).read_bytes()


def test_the_unhashed_name_is_cached_briefly_and_an_unknown_hash_is_not_found(served, collected):
    root, _output = collected
    plain = served.get(f"/static/{BUNDLE}")
    assert plain.status_code == 200
    assert int(re.search(r"max-age=(\d+)", plain["Cache-Control"]).group(1)) <= 60
    assert served.get("/static/vendor/plotly-4.1.1-partial.min.000000000000.js").status_code == 404


def test_a_browser_that_takes_brotli_gets_the_smaller_brotli_copy(served, collected):
    root, _output = collected
    hashed = manifest(root)[BUNDLE]
    response = served.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br"
    body = b"".join(response.streaming_content)
    assert brotli.decompress(body) == (ROOT / "static" / BUNDLE).read_bytes()
    assert len(body) < (root / f"{hashed}.gz").stat().st_size
