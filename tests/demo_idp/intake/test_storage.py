"""Originals and page images through Django's storage: local media, and S3 (django-storages/boto3)
against moto's S3-compatible server started on loopback."""

import socket
from pathlib import Path

import pytest
from PIL import Image

from demo_idp import pipeline
from demo_idp.intake import retention, storage, uploads
from demo_idp.models import Page
from tests.demo_idp.helpers import png_bytes

pytestmark = pytest.mark.django_db

PNG = png_bytes(Image.new("L", (64, 48), 255))


def test_keys_are_built_from_hashes_and_ids_only():
    assert storage.original_key("ab" + "0" * 62, "pdf") == f"idp/originals/ab/ab{'0' * 62}.pdf"
    assert storage.page_image_key(7, 2) == "idp/pages/7/2.png"


def test_putting_the_same_key_twice_keeps_one_file_and_overwrite_replaces_it(settings):
    storage.put("idp/x.bin", b"one")
    storage.put("idp/x.bin", b"two")
    assert storage.get("idp/x.bin") == b"one"
    storage.put("idp/x.bin", b"two", overwrite=True)
    assert storage.get("idp/x.bin") == b"two"
    assert [p.name for p in (Path(settings.MEDIA_ROOT) / "idp").iterdir()] == ["x.bin"]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer  # pinned in requirements.txt: missing is a failure, not a skip

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_server):
    import boto3

    options = {"bucket_name": "archpath-test", "endpoint_url": s3_server, "access_key": "test",
               "secret_key": "test", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="test", aws_secret_access_key="test",
                          region_name="us-east-1")
    client.create_bucket(Bucket="archpath-test")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage",
                                                          "OPTIONS": options}}
    yield client
    for item in client.list_objects_v2(Bucket="archpath-test").get("Contents", []):
        client.delete_object(Bucket="archpath-test", Key=item["Key"])
    client.delete_bucket(Bucket="archpath-test")


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket="archpath-test").get("Contents", []))


def test_uploads_page_images_and_purges_go_through_s3(s3, settings, hello_ocr):
    document, _ = uploads.create_document(data=PNG, name="../s3.png", visitor_id="v")
    assert keys(s3) == [document.storage_key]
    pipeline.process_document(document_id=document.pk)
    page = Page.objects.get(document=document)
    assert keys(s3) == sorted([document.storage_key, page.image_key])
    assert storage.get(page.image_key).startswith(b"\x89PNG")
    assert not (Path(settings.MEDIA_ROOT) / "idp").exists()  # nothing on the local disk
    retention.delete_document(document)
    assert keys(s3) == []
