from io import StringIO

import pytest
from django.core.management import call_command

from roadmap import models
from roadmap.content.loader import linked_ids, load_content
from tests.roadmap.content_helpers import (  # noqa: F401 (tiny is a fixture)
    REAL_CONTENT,
    snapshot,
    tiny,
    tiny_files,
    write_files,
)

# These tests load content of their own, or count what a load writes: they start from no content.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_content")]


def test_loading_the_tiny_content_creates_every_item_and_link(tiny):
    tallies = load_content(directory=tiny)
    assert tallies["step"].created == 2
    more = models.Step.objects.get(slug="more")
    assert [s.slug for s in more.skills.all()] == ["python", "talking"]
    assert [p.slug for p in more.prerequisites.all()] == ["basics"]
    assert more.certification.slug == "new-cert"
    assert more.portfolio_project.demo_path == "/demo/"
    assert models.Certification.objects.get(slug="old-cert").replaced_by.slug == "new-cert"
    assert dict(models.RoleSkill.objects.values_list("skill__slug", "level")) == {"python": 4, "talking": 2}
    assert models.PortfolioStep.objects.get().project.slug == "demo"
    assert list(models.Background.objects.get().skips_steps.values_list("slug", flat=True)) == ["basics"]


def test_a_second_load_changes_nothing():
    load_content(directory=REAL_CONTENT)
    before = snapshot()
    tallies = load_content(directory=REAL_CONTENT)
    assert not any(t.changed for t in tallies.values())
    assert snapshot() == before  # not even the `updated` timestamps


def test_the_command_prints_a_summary_per_kind(tiny):
    out = StringIO()
    call_command("load_content", "--dir", str(tiny), stdout=out)
    assert "step: 2 created, 0 updated, 0 archived, 0 restored" in out.getvalue()
    out = StringIO()
    call_command("load_content", "--dir", str(tiny), stdout=out)
    assert "step: 0 created, 0 updated, 0 archived, 0 restored" in out.getvalue()
    assert "content is up to date" in out.getvalue()


def test_a_changed_field_updates_only_its_row(tiny):
    load_content(directory=tiny)
    basics_before = models.Step.objects.get(slug="basics").updated
    files = tiny_files()
    files["steps.yaml"][1]["estimated_hours"] = 9
    tallies = load_content(directory=write_files(tiny, files))
    assert tallies["step"].updated == 1
    assert models.Step.objects.get(slug="more").estimated_hours == 9
    assert models.Step.objects.get(slug="basics").updated == basics_before


def test_a_changed_link_counts_as_an_update(tiny):
    load_content(directory=tiny)
    files = tiny_files()
    files["steps.yaml"][1]["skills"] = ["talking", "python"]
    tallies = load_content(directory=write_files(tiny, files))
    assert tallies["step"].updated == 1
    more = models.Step.objects.get(slug="more")
    assert linked_ids(more, "skills") == [models.Skill.objects.get(slug=s).pk for s in ("talking", "python")]


def test_an_item_gone_from_the_yaml_is_archived_not_deleted(tiny):
    load_content(directory=tiny)
    files = tiny_files()
    files["backgrounds.yaml"][0]["skips_steps"] = []
    files["steps.yaml"] = files["steps.yaml"][:1]
    tallies = load_content(directory=write_files(tiny, files))
    assert tallies["step"].archived == 1
    more = models.Step.objects.get(slug="more")
    assert more.archived
    assert list(models.Step.objects.active().values_list("slug", flat=True)) == ["basics"]


def test_an_archived_item_that_comes_back_is_restored(tiny):
    load_content(directory=tiny)
    files = tiny_files()
    kept = files["skills.yaml"]
    files["skills.yaml"] = kept[:1]
    files["roles.yaml"][0]["skills"] = {"python": 4}
    files["steps.yaml"][1]["skills"] = ["python"]
    load_content(directory=write_files(tiny, files))
    assert models.Skill.objects.get(slug="talking").archived
    tallies = load_content(directory=write_files(tiny, tiny_files()))
    assert tallies["skill"].restored == 1
    assert not models.Skill.objects.get(slug="talking").archived


def test_load_if_changed_skips_unchanged_files_and_reloads_edited_ones(tiny):
    ContentRevision, Skill = models.ContentRevision, models.Skill

    def load():
        out = StringIO()
        call_command("load_content", "--dir", str(tiny), "--if-changed", stdout=out)
        return out.getvalue()

    assert "created" in load()
    Skill.objects.filter(slug="python").update(name="Edited in the admin")
    assert "not reloaded" in load()
    assert Skill.objects.get(slug="python").name == "Edited in the admin"  # the curator's edit survives
    skills = tiny / "skills.yaml"
    skills.write_text(skills.read_text() + "\n")
    assert "not reloaded" not in load()
    assert ContentRevision.objects.count() == 2
