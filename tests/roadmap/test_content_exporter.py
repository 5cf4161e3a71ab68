"""export_content: the database back to YAML; load, export, load again changes nothing."""

import pytest
import yaml
from django.core.management import call_command
from hypothesis import example, given, settings
from hypothesis import strategies as st

from roadmap import models
from roadmap.content.exporter import dump_items, export_content
from roadmap.content.loader import load_content
from tests.roadmap.content_helpers import REAL_CONTENT, parsed, snapshot, tiny  # noqa: F401

# These tests load content of their own, or count what a load writes: they start from no content.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_content")]


def test_exporting_freshly_loaded_content_gives_back_the_same_data(tmp_path):
    load_content(directory=REAL_CONTENT)
    export_content(directory=tmp_path / "content")
    assert parsed(tmp_path / "content") == parsed(REAL_CONTENT)


def test_loading_an_export_changes_nothing(tmp_path):
    load_content(directory=REAL_CONTENT)
    call_command("export_content", "--dir", str(tmp_path / "content"))
    before = snapshot()
    tallies = load_content(directory=tmp_path / "content")
    assert not any(t.changed for t in tallies.values())
    assert snapshot() == before


def test_a_curators_admin_edit_survives_export_and_load(tiny, tmp_path):
    load_content(directory=tiny)
    step = models.Step.objects.get(slug="more")
    step.title = "More, edited in the admin"
    step.save()
    step.resources.add(models.Resource.objects.get(slug="docs"))
    export_content(directory=tmp_path / "exported")
    before = snapshot()
    tallies = load_content(directory=tmp_path / "exported")
    assert not any(t.changed for t in tallies.values())
    assert snapshot() == before
    assert "More, edited in the admin" in (tmp_path / "exported" / "steps.yaml").read_text()


def test_archived_items_are_not_exported(tiny, tmp_path):
    load_content(directory=tiny)
    models.Background.objects.filter(slug="developer").update(archived=True)
    export_content(directory=tmp_path / "exported")
    assert parsed(tmp_path / "exported")["backgrounds.yaml"] == []


def test_portfolio_steps_are_written_inside_their_project(tiny, tmp_path):
    load_content(directory=tiny)
    export_content(directory=tmp_path / "exported")
    project = parsed(tmp_path / "exported")["portfolio.yaml"][0]
    assert [step["slug"] for step in project["steps"]] == ["upload"]
    assert "project" not in project["steps"][0]


@given(st.text(max_size=300), st.lists(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True), max_size=6))
@settings(max_examples=300, deadline=None)
@example("\x85", [])  # NEL, a line break to YAML: found by this test once
@example("line\u2028break\rcarriage", ["a"])
def test_any_text_and_slug_list_survives_the_yaml_writer(text, slugs):
    item = {"summary": text, "skills": slugs}
    assert yaml.safe_load(dump_items([item])) == [item]
