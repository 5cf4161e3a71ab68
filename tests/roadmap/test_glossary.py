"""The glossary page (public) and the filter that links step summaries to it."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe

from roadmap.models import GlossaryTerm
from roadmap.templatetags.glossary import Entry, GlossaryIndex, glossary_links, names_of
from tests.factories import make_roadmap

URL = "/roadmap/glossary/"


def index(*terms: tuple[str, str]) -> GlossaryIndex:
    return GlossaryIndex(Entry(slug, term, f"What {term} means.") for slug, term in terms)


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every glossary link in ``html``."""
    return re.findall(r'<a class="glossary-link" href="([^"]+)" title="[^"]*">(.*?)</a>', html)


# The page

def test_the_url_is_the_glossary_page():
    assert reverse("roadmap:glossary") == URL


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_every_term_grouped_by_category_with_anchors(client, content):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 id="category-([\w-]+)-heading">', html)
    assert headings == list(GlossaryTerm.Category.values)  # every category, in the model's order
    for term in GlossaryTerm.objects.active():
        assert f'id="{term.slug}"' in html
        assert f'href="#{term.slug}"' in html
    first = html.index('id="category-ml-concepts"')
    second = html.index('id="category-data"')
    assert first < html.index('id="overfitting"') < second  # a term sits under its own category
    assert html.index('id="cross-validation"') < html.index('id="overfitting"')  # alphabetical within it
    assert "seed" not in html.lower().replace("random seed", "")


@pytest.mark.django_db
def test_the_page_is_plain_html_with_a_filter_box_added_by_javascript(client, content):
    html = client.get(URL).content.decode()
    assert 'data-glossary-filter' in html and "hidden>" in html  # hidden until glossary.js shows it
    assert "js/glossary.js" in html
    assert "<dl" in html and "<dt>" in html  # every definition is on the page for the browser's find


@pytest.mark.django_db
def test_an_archived_term_is_not_shown(client, content):
    GlossaryTerm.objects.filter(slug="overfitting").update(archived=True)
    assert 'id="overfitting"' not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_the_glossary_is_in_the_navigation_for_everyone(client, content):
    assert f'href="{URL}"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_only_get_is_allowed(client, content):
    assert client.post(URL).status_code == 405


# The filter

@pytest.mark.django_db
def test_the_first_use_of_each_term_is_linked_and_later_ones_are_not():
    html = index(("mlops", "MLOps")).link("MLOps first, then more MLOps.")
    assert links(html) == [(f"{URL}#mlops", "MLOps")]
    assert html.endswith("then more MLOps.")


@pytest.mark.django_db
def test_matching_ignores_case_and_keeps_the_texts_own_spelling():
    assert links(index(("mlops", "MLOps")).link("Learn mlops.")) == [(f"{URL}#mlops", "mlops")]


@pytest.mark.django_db
def test_only_whole_words_match():
    glossary = index(("api", "API"), ("recall", "Recall"))
    assert links(glossary.link("Rapid APIary recalled")) == []
    assert links(glossary.link("Serve an API (with good recall).")) == [
        (f"{URL}#api", "API"), (f"{URL}#recall", "recall"),
    ]


@pytest.mark.django_db
def test_a_plural_finds_its_term():
    assert links(index(("container", "Container")).link("Two containers.")) == [(f"{URL}#container", "containers")]


@pytest.mark.django_db
def test_a_term_with_an_abbreviation_is_found_by_either_part():
    glossary = index(("ocr", "Optical character recognition (OCR)"))
    assert links(glossary.link("Run OCR.")) == [(f"{URL}#ocr", "OCR")]
    assert links(glossary.link("Optical character recognition reads scans; OCR is fast.")) == [
        (f"{URL}#ocr", "Optical character recognition")
    ]
    assert names_of("Optical character recognition (OCR)") == [
        "Optical character recognition (OCR)", "Optical character recognition", "OCR",
    ]


@pytest.mark.django_db
def test_the_longer_term_wins_where_two_could_match():
    glossary = index(("data", "Data"), ("data-pipeline", "Data pipeline"))
    assert links(glossary.link("Build a data pipeline, then check the data.")) == [
        (f"{URL}#data-pipeline", "data pipeline"), (f"{URL}#data", "data"),
    ]


@pytest.mark.django_db
def test_the_text_is_escaped_around_the_links():
    html = index(("mlops", "MLOps")).link('<script>alert("x")</script> & MLOps')
    assert "<script>" not in html
    assert html.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <a ")
    assert isinstance(html, SafeData)


@pytest.mark.django_db
def test_a_term_with_html_special_characters_is_matched_and_escaped():
    glossary = GlossaryIndex([Entry("a-b", "A<B & C", 'Say "less" <b>plainly</b>.')])
    html = glossary.link("Compare A<B & C here.")
    assert html == (
        'Compare <a class="glossary-link" href="/roadmap/glossary/#a-b" '
        'title="Say &quot;less&quot; &lt;b&gt;plainly&lt;/b&gt;.">A&lt;B &amp; C</a> here.'
    )


@pytest.mark.django_db
def test_a_text_without_terms_or_an_empty_glossary_is_only_escaped():
    assert index(("mlops", "MLOps")).link("Tom & Jerry") == "Tom &amp; Jerry"
    assert GlossaryIndex([]).link("<i>") == "&lt;i&gt;"
    assert index(("mlops", "MLOps")).link("") == ""


@pytest.mark.django_db
def test_a_text_already_marked_safe_is_left_as_it_is():
    safe = mark_safe('<a href="/x">MLOps</a>')
    assert index(("mlops", "MLOps")).link(safe) is safe


@pytest.mark.django_db
def test_in_a_template_the_index_is_read_once_and_the_filter_works_without_it(content, django_assert_num_queries):
    template = Template(
        "{% load glossary %}{% glossary_index as glossary %}"
        "{% for s in texts %}<p>{{ s|glossary_links:glossary }}</p>{% endfor %}"
    )
    with django_assert_num_queries(1):
        html = template.render(Context({"texts": ["MLOps & CI/CD", "Run OCR <now>"] * 10}))
    assert f'href="{URL}#mlops"' in html and f'href="{URL}#ocr"' in html
    assert "&amp; <a" in html and "&lt;now&gt;" in html
    assert links(glossary_links("Kubernetes runs containers.")) == [
        (f"{URL}#kubernetes", "Kubernetes"), (f"{URL}#container", "containers"),
    ]


@pytest.mark.django_db
def test_the_roadmap_links_its_step_summaries_and_the_glossary(alice, alice_client, content):
    make_roadmap(alice, today=timezone.localdate())
    html = alice_client.get("/roadmap/").content.decode()
    assert f'href="{URL}"' in html  # the roadmap links the glossary page
    assert 'class="glossary-link"' in html  # and step summaries link the terms they use
