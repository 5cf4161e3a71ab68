import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_evaluating_a_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("idp_evaluate", str(tmp_path / "nowhere"))


def test_evaluating_a_directory_without_pairs_is_a_clear_error(tmp_path):
    (tmp_path / "lonely.png").write_bytes(b"")
    with pytest.raises(CommandError, match="no image with ground truth"):
        call_command("idp_evaluate", str(tmp_path))


def test_an_unknown_variant_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="unknown variant 'sideways'"):
        call_command("idp_evaluate", str(tmp_path), "--variant", "sideways")


def test_generated_samples_evaluate_with_per_page_rows_and_a_summary(tmp_path):
    call_command("make_samples", str(tmp_path), "--pages", "1", "--variant", "rot90", stdout=StringIO())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["form0-rot90.png", "form0-rot90.txt"]
    out = StringIO()
    call_command("idp_evaluate", str(tmp_path), "--json", "--jobs", "1", stdout=out)
    report = json.loads(out.getvalue())
    (row,) = report["rows"]
    assert row["rotation"] == 90 and row["cer"] < 0.05
    assert report["summary"]["pages"] == 1 and report["summary"]["median_cer"] < 0.05


def test_make_samples_refuses_an_unknown_variant(tmp_path):
    with pytest.raises(CommandError, match="unknown variant blurry"):
        call_command("make_samples", str(tmp_path), "--variant", "blurry")
