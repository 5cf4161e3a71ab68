"""The schema says what the API answers: nullable fields, every error status with its body, and a
JSON 404 for an API path that matches nothing."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/schema/?format=json").json()


def test_fields_that_can_be_null_say_so(schema):
    components = schema["components"]["schemas"]
    for component, field in [("Assessment", "phase"), ("CertificationCatalog", "replaced_by"),
                             ("QueueItem", "reviewer"), ("QueueItem", "mean_confidence"), ("Review", "reviewer")]:
        assert components[component]["properties"][field].get("nullable") is True, (component, field)


def test_every_operation_documents_the_errors_it_can_answer(schema):
    paths = schema["paths"]
    # Read from the view: a body (400, 415), a token (401), a permission (403), an object in the path (404).
    assert set(paths["/api/idp/documents/{id}/retry/"]["post"]["responses"]) == {"202", "401", "403", "404", "409"}
    assert set(paths["/api/study-sessions/{id}/"]["patch"]["responses"]) == {"200", "400", "401", "403", "404", "415"}
    # Anyone may ask for the capacity: no 403, but a wrong token is still a 401.
    assert set(paths["/api/idp/capacity/"]["get"]["responses"]) == {"200", "400", "401"}
    # Declared by the view (core.api_schema.answers): no roadmap yet.
    assert "404" in paths["/api/roadmap/"]["get"]["responses"]
    assert "404" in paths["/api/study-sessions/"]["post"]["responses"]
    assert "404" not in paths["/api/study-sessions/"]["get"]["responses"]
    detail = paths["/api/idp/pages/{id}/claim/"]["post"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert detail == {"$ref": "#/components/schemas/ErrorDetail"}
    assert schema["components"]["schemas"]["ErrorDetail"]["required"] == ["detail"]


def test_every_action_that_can_refuse_an_object_in_the_wrong_state_documents_its_409(schema):
    actions = ["/api/idp/documents/{id}/retry/"] + [f"/api/idp/pages/{{id}}/{action}/" for action in (
        "claim", "review", "release", "skip", "unreadable")] + [f"/api/idp/review/lines/{{id}}/{action}" for action in (
        "", "claim/", "release/")]
    for path in actions:
        assert "409" in schema["paths"][path]["post"]["responses"], path


def test_an_api_path_that_matches_nothing_answers_json_and_a_page_path_the_sites_page(client):
    api = client.get("/api/idp/documents/not-a-number/")
    assert (api.status_code, api["Content-Type"], api.json()) == (404, "application/json", {"detail": "Not found."})
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
