"""Malformed content: the load fails before writing anything, naming the file and the item."""

import pytest
from django.core.management import CommandError, call_command

from roadmap.content.loader import load_content
from roadmap.content.reader import ContentError
from tests.roadmap.content_helpers import counts, snapshot, tiny, tiny_files, write_files  # noqa: F401

# These tests load content of their own, or count what a load writes: they start from no content.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_content")]


def break_files(change) -> dict:
    files = tiny_files()
    change(files)
    return files


def missing_title(files):
    del files["steps.yaml"][1]["title"]


def unknown_skill(files):
    files["steps.yaml"][1]["skills"] = ["python", "mlops-x"]


def hours_as_text(files):
    files["steps.yaml"][1]["estimated_hours"] = "seven"


def unknown_key(files):
    files["steps.yaml"][1]["colour"] = "blue"


def unknown_source(files):
    files["steps.yaml"][1]["source"] = "999_made_up.txt"


def missing_source(files):
    del files["steps.yaml"][1]["source"]


def four_levels(files):
    files["skills.yaml"][1]["level_descriptions"] = ["a", "b", "c", "d"]


def bad_slug(files):
    files["resources.yaml"][0]["slug"] = "Bad Slug"
    del files["steps.yaml"][0]["resources"]


def unknown_cloud(files):
    files["steps.yaml"][1]["cloud"] = "ibm"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (missing_title, "content/steps.yaml: step 'more': missing key 'title'"),
        (unknown_skill, "content/steps.yaml: step 'more': unknown skill 'mlops-x' in 'skills'"),
        (hours_as_text, "content/steps.yaml: step 'more': 'estimated_hours' must be a whole number, not str"),
        (unknown_key, "content/steps.yaml: step 'more': unknown key 'colour'"),
        (unknown_source, "content/steps.yaml: step 'more': 'source' '999_made_up.txt' is not one of the source documents"),
        (missing_source, "content/steps.yaml: step 'more': missing key 'source'"),
        (four_levels, "content/skills.yaml: skill 'talking': 'level_descriptions' must hold exactly 5 entries"),
        (bad_slug, "content/resources.yaml: resource 'Bad Slug': 'slug' 'Bad Slug' is not a slug"),
        (unknown_cloud, "content/steps.yaml: step 'more': 'cloud' 'ibm' is not one of"),
    ],
)
def test_malformed_content_fails_naming_file_and_item_and_writes_nothing(tmp_path, change, expected):
    directory = write_files(tmp_path / "content", break_files(change))
    with pytest.raises(ContentError) as caught:
        load_content(directory=directory)
    assert caught.value.messages[0].startswith(expected), caught.value.messages
    assert len(caught.value.messages) == 1
    assert set(counts().values()) == {0}


def test_invalid_yaml_names_the_file_line_and_item(tiny):
    text = (tiny / "steps.yaml").read_text()
    (tiny / "steps.yaml").write_text(text.replace("title: More", "title: [More"))
    with pytest.raises(ContentError, match=r"content/steps.yaml: line \d+ in item 'more': invalid YAML"):
        load_content(directory=tiny)


def test_a_malformed_file_leaves_loaded_content_untouched(tiny):
    load_content(directory=tiny)
    before = snapshot()
    files = tiny_files()
    files["phases.yaml"][0]["name"] = "A valid change that must not be written"
    files["steps.yaml"][1]["prerequisites"] = ["nowhere"]
    with pytest.raises(ContentError, match="step 'more': unknown step 'nowhere'"):
        load_content(directory=write_files(tiny, files))
    assert snapshot() == before


def test_a_prerequisite_cycle_is_refused_by_the_load(tiny):
    files = tiny_files()
    files["steps.yaml"][0]["prerequisites"] = ["more"]
    files["steps.yaml"][0]["phase"] = "second"
    with pytest.raises(ContentError, match="prerequisite cycle basics -> more -> basics"):
        load_content(directory=write_files(tiny, files))
    assert set(counts().values()) == {0}


def test_a_missing_file_is_named(tiny):
    (tiny / "roles.yaml").unlink()
    with pytest.raises(ContentError, match="content/roles.yaml: file is missing"):
        load_content(directory=tiny)


def test_the_command_fails_with_the_messages(tiny):
    files = break_files(unknown_skill)
    with pytest.raises(CommandError, match="(?s)nothing written.*unknown skill 'mlops-x'"):
        call_command("load_content", "--dir", str(write_files(tiny, files)))
