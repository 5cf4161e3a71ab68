"""The glossary as content: glossary.yaml is read, checked, loaded and exported like the other kinds."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from roadmap import models
from roadmap.content.exporter import export_content
from roadmap.content.loader import load_content
from roadmap.content.reader import ContentError, read_content
from tests.roadmap.content_helpers import REAL_CONTENT, SEED, parsed, tiny_files, write_files

pytestmark = pytest.mark.django_db

TERMS = [
    {"slug": "mlops", "term": "MLOps", "category": "mlops",
     "definition": "Practices that put models into production and keep them working.", "source": SEED},
    {"slug": "ocr", "term": "Optical character recognition (OCR)", "category": "ml-concepts",
     "definition": "Reading the text in an image.", "source": SEED},
]


def folder(tmp_path, terms) -> str:
    return str(write_files(tmp_path / "content", tiny_files() | {"glossary.yaml": terms}))


def problems(tmp_path, **changes) -> str:
    """check_content's message for the tiny content with one glossary term changed."""
    with pytest.raises(CommandError) as caught:
        call_command("check_content", "--dir", folder(tmp_path, [TERMS[0] | changes, TERMS[1]]))
    return str(caught.value)


@pytest.mark.usefixtures("empty_content")
def test_the_loader_loads_the_terms_and_a_second_load_changes_nothing(tmp_path):
    folder(tmp_path, TERMS)
    tallies = load_content(directory=tmp_path / "content")
    assert tallies["glossary term"].created == 2
    assert list(models.GlossaryTerm.objects.values_list("slug", "term", "category")) == [
        ("mlops", "MLOps", "mlops"), ("ocr", "Optical character recognition (OCR)", "ml-concepts"),
    ]
    before = list(models.GlossaryTerm.objects.values())
    again = load_content(directory=tmp_path / "content")
    assert not again["glossary term"].changed
    assert list(models.GlossaryTerm.objects.values()) == before


@pytest.mark.usefixtures("empty_content")
def test_a_term_gone_from_the_file_is_archived_and_an_edit_is_an_update(tmp_path):
    folder(tmp_path, TERMS)
    load_content(directory=tmp_path / "content")
    folder(tmp_path, [TERMS[0] | {"definition": "Operations for machine learning."}])
    tallies = load_content(directory=tmp_path / "content")
    assert (tallies["glossary term"].updated, tallies["glossary term"].archived) == (1, 1)
    assert list(models.GlossaryTerm.objects.active().values_list("slug", flat=True)) == ["mlops"]


@pytest.mark.usefixtures("empty_content")
def test_the_real_glossary_loads_with_at_least_forty_terms_in_every_category():
    load_content(directory=REAL_CONTENT)
    terms = models.GlossaryTerm.objects.active()
    assert terms.count() == len(yaml.safe_load((REAL_CONTENT / "glossary.yaml").read_text())) >= 40
    assert set(terms.values_list("category", flat=True)) == set(models.GlossaryTerm.Category.values)


@pytest.mark.usefixtures("empty_content")
def test_the_glossary_round_trips_through_the_exporter(tmp_path):
    folder(tmp_path, TERMS)
    load_content(directory=tmp_path / "content")
    export_content(directory=tmp_path / "exported")
    assert parsed(tmp_path / "exported")["glossary.yaml"] == TERMS


def test_a_folder_without_a_glossary_reads_as_no_terms(tmp_path):
    files = {name: items for name, items in tiny_files().items() if name != "glossary.yaml"}
    content = read_content(directory=write_files(tmp_path / "content", files))
    assert content.of("glossary term") == []


def test_a_definition_that_speaks_of_seeds_is_refused(tmp_path):
    message = problems(tmp_path, definition="As the seeds say, MLOps keeps models working.")
    assert "content/glossary.yaml: glossary term 'mlops': 'definition' speaks of 'seeds'" in message


def test_a_definition_naming_a_source_file_is_refused(tmp_path):
    message = problems(tmp_path, definition=f"Defined in {SEED}.")
    assert "glossary term 'mlops': 'definition' names a source's file" in message


def test_a_term_without_a_definition_is_refused(tmp_path):
    term = {key: value for key, value in TERMS[0].items() if key != "definition"}
    with pytest.raises(CommandError) as caught:
        call_command("check_content", "--dir", folder(tmp_path, [term]))
    assert "content/glossary.yaml: glossary term 'mlops': missing key 'definition'" in str(caught.value)


def test_an_empty_definition_is_refused(tmp_path):
    assert "glossary term 'mlops': 'definition' must not be empty" in problems(tmp_path, definition="  ")


def test_an_unknown_category_is_refused(tmp_path):
    message = problems(tmp_path, category="buzzwords")
    assert "glossary term 'mlops': 'category' 'buzzwords' is not one of: ml-concepts, data" in message


def test_a_duplicate_slug_is_refused(tmp_path):
    with pytest.raises(ContentError) as caught:
        read_content(directory=write_files(tmp_path / "content", tiny_files() | {"glossary.yaml": [TERMS[0]] * 2}))
    assert "glossary term 'mlops': duplicate slug" in str(caught.value)


def test_too_few_terms_fail_the_coverage_check(tmp_path):
    message = problems(tmp_path)
    assert "only 2 glossary term items; at least 40 are needed" in message


def test_the_real_content_passes_with_its_glossary():
    out = StringIO()
    call_command("check_content", stdout=out)
    assert "glossary term" in out.getvalue() and "content OK" in out.getvalue()
