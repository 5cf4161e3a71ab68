"""Schemathesis over the whole API, as a learner, a mentor, a reviewer and an anonymous visitor:
no answer is a server error, and every answer (status, content type, headers, body) is one the
schema documents.

Every operation gets schemathesis' coverage cases (each parameter and field at and past its
bounds, empty, of the wrong type, missing) and a few random ones (max_examples), each sent as one
of the four roles in turn, so that every role meets every operation. Derandomised: a run repeats.
"""

import itertools
from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_schema.conftest import in_the_test_transaction

ROLES = ("learner", "mentor", "reviewer", "anonymous")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
# Requests sent, per role: the terminal summary of a run gives them (conftest.pytest_terminal_summary).
SENT: Counter = Counter()
_turn = itertools.count()

# The schema as the site serves it, and the site called in process through WSGI.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", in_the_test_transaction(get_wsgi_application()))


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])  # no shrinking: a failure shows its first case
def test_every_role_gets_answers_the_schema_documents(case, cast):
    role = ROLES[next(_turn) % len(ROLES)]
    response = case.call(headers=cast[role])
    SENT[role] += 1
    case.validate_response(response, checks=CHECKS)
