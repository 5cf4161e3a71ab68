"""Token auth and the OpenAPI schema/docs."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD


def test_a_token_is_issued_for_a_good_password(alice):
    response = APIClient().post("/api/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=alice).key}


def test_a_wrong_password_gets_no_token_and_no_hint(alice):
    wrong = APIClient().post("/api/auth/token/", {"username": "alice", "password": "nope"}, format="json")
    unknown = APIClient().post("/api/auth/token/", {"username": "nobody", "password": PASSWORD}, format="json")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()  # nothing says which part was wrong
    assert not Token.objects.exists()


def test_a_token_request_without_fields_is_a_400(db):
    response = APIClient().post("/api/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_the_token_authenticates_api_requests(alice):
    token = Token.objects.create(user=alice)
    client = APIClient()
    assert client.get("/api/schema/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 200


def test_a_bad_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/schema/").status_code == 401


def test_the_schema_documents_the_token_endpoint(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    schema = response.json()
    assert schema["info"]["title"] == "ArchPath API"
    assert "/api/auth/token/" in schema["paths"]


def test_the_api_docs_load_their_assets_from_this_site(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html
