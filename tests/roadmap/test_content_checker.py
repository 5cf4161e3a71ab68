"""check_content: whole-content checks, with small hand-made folders and the real content."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from roadmap.content.checker import check_integrity
from roadmap.content.reader import read_content
from tests.roadmap.content_helpers import REAL_CONTENT, SEED, tiny, tiny_files, write_files  # noqa: F401


def check(tmp_path, change) -> str:
    """Run check_content on the tiny content after ``change``; return its error message."""
    files = tiny_files()
    change(files)
    directory = write_files(tmp_path / "content", files)
    with pytest.raises(CommandError) as caught:
        call_command("check_content", "--dir", str(directory))
    return str(caught.value)


def test_the_real_content_passes():
    out = StringIO()
    call_command("check_content", stdout=out)
    assert "content OK" in out.getvalue()


def test_a_prerequisite_cycle_is_named(tmp_path):
    def cycle(files):
        files["steps.yaml"][0]["phase"] = "second"
        files["steps.yaml"][0]["prerequisites"] = ["more"]

    assert "content/steps.yaml: step 'basics': prerequisite cycle basics -> more -> basics" in check(tmp_path, cycle)


def test_a_longer_cycle_is_named_in_order(tiny):
    files = tiny_files()
    third = {**files["steps.yaml"][1], "slug": "third", "prerequisites": ["more"]}
    files["steps.yaml"].append(third)
    files["steps.yaml"][1]["prerequisites"] = ["third"]
    content = read_content(directory=write_files(tiny, files))
    assert any("prerequisite cycle more -> third -> more" in p for p in check_integrity(content))


def test_a_broken_reference_is_named(tmp_path):
    def broken(files):
        files["backgrounds.yaml"][0]["skips_steps"] = ["no-such-step"]

    message = check(tmp_path, broken)
    assert "content/backgrounds.yaml: background 'developer': unknown step 'no-such-step' in 'skips_steps'" in message


def test_a_missing_source_is_named(tmp_path):
    def no_source(files):
        del files["lifecycle.yaml"][0]["source"]

    assert "content/lifecycle.yaml: lifecycle phase 'needs': missing key 'source'" in check(tmp_path, no_source)


def test_a_prerequisite_in_a_later_phase_is_named(tmp_path):
    def later(files):
        files["steps.yaml"].reverse()
        files["steps.yaml"][1]["prerequisites"] = ["more"]
        files["steps.yaml"][0]["prerequisites"] = []

    assert "step 'basics': prerequisite 'more' is in a later phase" in check(tmp_path, later)


def test_a_step_for_every_role_cannot_require_a_step_for_some(tmp_path):
    def narrower(files):
        files["steps.yaml"][0]["target_roles"] = ["engineer"]
        files["steps.yaml"][1]["target_roles"] = []

    assert "step 'more': prerequisite 'basics' is not needed by every role the step is" in check(tmp_path, narrower)


def test_a_cloud_step_needs_its_twins_on_the_other_clouds(tmp_path):
    def lonely(files):
        files["steps.yaml"].append({**files["steps.yaml"][0], "slug": "deploy-aws", "cloud": "aws"})

    message = check(tmp_path, lonely)
    assert "step 'deploy-aws': no matching gcp step 'deploy-gcp' in the same phase" in message


def test_too_few_steps_fail_the_coverage_check(tmp_path):
    message = check(tmp_path, lambda files: None)
    assert "only 2 step items; at least 60 are needed" in message


def test_phase_hours_must_fit_the_seed_months(tmp_path):
    def too_long(files):
        files["steps.yaml"][0]["estimated_hours"] = 400

    assert "phase 'first': 400 h for role 'engineer' on aws do not fit 3-6 months" in check(tmp_path, too_long)


def test_every_seed_cited_exists_in_the_fixed_list():
    content = read_content(directory=REAL_CONTENT)
    cited = {item.values["source"] for items in content.items.values() for item in items}
    assert SEED in cited
    assert len(cited) == 5
