"""Each rule of a learner's answers holds, with one message, on every path: model, form, API and import."""

import copy

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from portability.documents import PortabilityError, export_learner, import_learner
from roadmap.api import AnswersSerializer
from roadmap.forms import QuestionnaireForm
from roadmap.rules import DUPLICATE_DAYS_MESSAGE, HOURS_MESSAGE
from tests.factories import make_roadmap, questionnaire_data

BAD = [
    ({"study_days": [1, 1, 3]}, "study_days", DUPLICATE_DAYS_MESSAGE),
    ({"hours_per_week": 0}, "hours_per_week", HOURS_MESSAGE),
    ({"hours_per_week": 61}, "hours_per_week", HOURS_MESSAGE),
]


@pytest.mark.parametrize(("values", "field", "message"), BAD)
def test_the_questionnaire_form_refuses_bad_answers(content, values, field, message):
    form = QuestionnaireForm(questionnaire_data(**values))
    assert not form.is_valid()
    assert form.errors[field] == [str(message)]


@pytest.mark.parametrize(("values", "field", "message"), BAD)
def test_the_api_refuses_bad_answers_instead_of_dropping_them(alice, content, values, field, message):
    api = APIClient()
    api.force_authenticate(alice)
    data = questionnaire_data(**values)
    response = api.post("/api/roadmap/", {**data, "study_days": values.get("study_days", [0, 1])}, format="json")
    assert response.status_code == 400
    assert response.json()[field] == [str(message)]
    assert not AnswersSerializer(data={**data, **values}).is_valid()


@pytest.mark.parametrize(("values", "field", "message"), BAD)
def test_the_import_refuses_bad_answers(alice, content, values, field, message):
    make_roadmap(alice)
    document = copy.deepcopy(export_learner(user=alice))
    document["roadmap"] |= values
    with pytest.raises(PortabilityError) as raised:
        import_learner(user=alice, data=document)
    assert raised.value.errors == [f"roadmap: {field}: {message}"]


@pytest.mark.parametrize(("values", "field", "message"), BAD)
def test_the_model_refuses_bad_answers(alice, content, values, field, message):
    roadmap = make_roadmap(alice)
    for name, value in values.items():
        setattr(roadmap, name, value)
    with pytest.raises(ValidationError) as raised:
        roadmap.full_clean()
    assert raised.value.message_dict[field] == [str(message)]

