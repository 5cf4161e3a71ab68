"""check_content on what learners read: no talk of 'seeds' or source files, no retired certification recommended."""

import pytest
from django.core.management import CommandError, call_command

from roadmap.content.reader import read_content
from roadmap.content.schema import KIND_BY_NAME
from roadmap.content.wording import check_wording
from tests.roadmap.content_helpers import REAL_CONTENT, SEED, tiny, tiny_files, write_files  # noqa: F401

RETIRED = {"slug": "ml-specialty", "vendor": "aws", "code": "MLS-C01", "name": "AWS Certified Machine Learning – Specialty",
           "level": "specialty", "status": "retired", "replaced_by": "new-cert", "source": SEED}


def problems(tmp_path, change) -> list[str]:
    """check_wording's messages on the tiny content (plus a retired ML Specialty) after ``change``."""
    files = tiny_files()
    files["certifications.yaml"].append(dict(RETIRED))
    change(files)
    return check_wording(read_content(directory=write_files(tmp_path / "content", files)))


def question(**overrides) -> dict:
    return {"slug": "q", "type": "single", "topic": "cloud", "text": "Which exam comes first?", "skills": ["python"],
            "difficulty": 1, "explanation": "Because.", "source": SEED,
            "choices": [{"key": "a", "text": "Cloud Practitioner", "correct": True}, {"key": "b", "text": "Other"}]} | overrides


def test_the_real_content_speaks_plainly_and_recommends_no_retired_certification():
    assert check_wording(read_content(directory=REAL_CONTENT)) == []


def test_the_tiny_content_passes(tmp_path):
    assert problems(tmp_path, lambda files: None) == []


@pytest.mark.parametrize("text", ["As seed 003 says, start here.", "The seeds agree.", "Seed 000's architect did."])
def test_talk_of_seeds_in_a_step_is_named_with_its_file_item_and_field(tmp_path, text):
    def jargon(files):
        files["steps.yaml"][0]["summary"] = text

    [message] = problems(tmp_path, jargon)
    assert message.startswith("content/steps.yaml: step 'basics': 'summary' speaks of 'seeds'")


def test_a_source_file_name_in_a_skip_reason_is_refused(tmp_path):
    def file_name(files):
        files["backgrounds.yaml"][0]["skip_reason"] = "See 003_7c2755f8feb8375e.txt."

    [message] = problems(tmp_path, file_name)
    assert "background 'developer': 'skip_reason' names a source's file ('003_7c2755f8feb8375e.txt')" in message


def test_jargon_in_a_choice_or_a_level_description_names_the_choice_or_the_entry(tmp_path):
    def jargon(files):
        files["questions.yaml"] = [question(choices=[{"key": "a", "text": "Seed 004", "correct": True},
                                                     {"key": "b", "text": "Seed 001"}])]
        files["skills.yaml"][1]["level_descriptions"][2] = "Explains the seeds."

    found = problems(tmp_path, jargon)
    assert any("question 'q': 'choice 'a'' speaks of 'seeds'" in m for m in found)
    assert any("question 'q': 'choice 'b'' speaks of 'seeds'" in m for m in found)
    assert any("skill 'talking': 'level_descriptions #3' speaks of 'seeds'" in m for m in found)


def test_a_random_seed_the_slug_and_the_source_are_not_jargon(tmp_path):
    def fine(files):
        files["steps.yaml"][0]["summary"] = "Fix the random seed so that a training run can be repeated."
        files["steps.yaml"][0]["slug"] = "seed-basics"
        files["backgrounds.yaml"][0]["skips_steps"] = ["seed-basics"]
        files["steps.yaml"][1]["prerequisites"] = ["seed-basics"]

    assert problems(tmp_path, fine) == []


def test_the_schema_says_which_fields_learners_read():
    step, question_kind = KIND_BY_NAME["step"], KIND_BY_NAME["question"]
    shown = {f.name for f in step.all_fields if f.shown}
    assert {"title", "summary", "kind", "cloud"} <= shown
    assert not shown & {"slug", "source", "phase", "skills", "prerequisites", "estimated_hours", "certification"}
    assert question_kind.field("choices").shown and question_kind.field("explanation").shown


def test_a_step_preparing_for_a_retired_certification_is_refused_naming_the_replacement(tmp_path):
    def retired(files):
        files["steps.yaml"][1]["certification"] = "ml-specialty"

    [message] = problems(tmp_path, retired)
    assert message == (
        "content/steps.yaml: step 'more': 'certification' is the retired 'ml-specialty'; "
        "prepare for its replacement 'new-cert' instead"
    )


@pytest.mark.parametrize("answer", ["Machine Learning Specialty", "the ML – Specialty", "MLS-C01", "AWS ML Specialty"])
def test_a_question_whose_right_answer_is_a_retired_certification_is_refused(tmp_path, answer):
    def recommends(files):
        files["questions.yaml"] = [question(choices=[{"key": "a", "text": answer, "correct": True},
                                                     {"key": "b", "text": "Cloud Practitioner"}])]

    [message] = problems(tmp_path, recommends)
    assert message.startswith("content/questions.yaml: question 'q': 'choice 'a'' names the retired certification 'ml-specialty'")


def test_every_place_of_an_ordering_question_is_part_of_its_answer(tmp_path):
    def path(files):
        files["questions.yaml"] = [question(type="ordering", text="Put the AWS path in order.", choices=[
            {"key": "a", "text": "Cloud Practitioner"}, {"key": "b", "text": "Machine Learning – Specialty"}])]

    [message] = problems(tmp_path, path)
    assert "'choice 'b'' names the retired certification 'ml-specialty'" in message


def test_a_retired_certification_may_be_a_wrong_choice_or_named_as_retired(tmp_path):
    def fine(files):
        files["questions.yaml"] = [
            question(choices=[{"key": "a", "text": "Cloud Practitioner", "correct": True},
                              {"key": "b", "text": "Machine Learning Specialty"}]),
            question(slug="which-retired", text="Which AWS exam was retired in March 2026?",
                     choices=[{"key": "a", "text": "Machine Learning – Specialty", "correct": True},
                              {"key": "b", "text": "Cloud Practitioner"}]),
        ]
        files["steps.yaml"][1]["summary"] = "It replaces the ML Specialty (MLS-C01), which AWS has retired."

    assert problems(tmp_path, fine) == []


def test_an_explanation_recommending_a_retired_certification_is_refused(tmp_path):
    def recommends(files):
        files["questions.yaml"] = [question(explanation="Then take the Machine Learning Specialty.")]
        files["steps.yaml"][0]["summary"] = "Aim for MLS-C01."

    found = problems(tmp_path, recommends)
    assert any("question 'q': 'explanation' names the retired certification 'ml-specialty'" in m for m in found)
    assert any("step 'basics': 'summary' names the retired certification 'ml-specialty'" in m for m in found)


def test_the_certification_catalog_may_name_its_own_retired_certifications(tmp_path):
    def noted(files):
        files["certifications.yaml"][0]["note"] = "Take it before the ML Specialty."

    assert problems(tmp_path, noted) == []


def test_check_content_refuses_jargon_and_names_it(tmp_path):
    files = tiny_files()
    files["lifecycle.yaml"][0]["summary"] = "The phases of seed 000."
    directory = write_files(tmp_path / "content", files)
    with pytest.raises(CommandError) as caught:
        call_command("check_content", "--dir", str(directory))
    assert "content/lifecycle.yaml: lifecycle phase 'needs': 'summary' speaks of 'seeds' ('seed')" in str(caught.value)
