"""The roadmap map: the layered layout as plain functions, the map page and a step's fragment."""

import random
import re
from itertools import combinations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from roadmap.map import NARROW, WIDE, Item, layers, layout, look_of, prerequisites_of, roadmap_map, wrap_title
from roadmap.models import RoadmapStep, StudySession
from tests.factories import make_roadmap
from tests.html_helpers import external_asset_urls

Status = RoadmapStep.Status

# Three phases: a diamond, a wide layer that must wrap, a chain that needs the first phase.
ITEMS = [
    Item(1, 0), Item(2, 0, (1,)), Item(3, 0, (1,)), Item(4, 0, (2, 3)),
    *[Item(10 + n, 1, (1,)) for n in range(12)],
    Item(30, 2, (4,)), Item(31, 2, (30,)), Item(32, 2, (31, 30)), Item(33, 2, (30, 999)),
]


def random_items(seed: int, count: int = 60) -> list[Item]:
    """Prerequisites only on earlier keys, as in the curated content (no circles), across three bands."""
    draw = random.Random(seed)
    items = []
    for key in range(1, count + 1):
        needs = tuple(sorted(draw.sample(range(1, key), k=min(key - 1, draw.randint(0, 3)))))
        items.append(Item(key, band=(key - 1) * 3 // count, prerequisites=needs))
    return items


@pytest.mark.parametrize("geometry", [WIDE, NARROW], ids=["wide", "narrow"])
@pytest.mark.parametrize("items", [ITEMS, random_items(1), random_items(2), random_items(3, count=120)],
                         ids=["small", "random-1", "random-2", "random-120"])
def test_every_step_is_placed_once_without_overlapping_inside_the_drawing(items, geometry):
    drawing = layout(items, geometry)
    assert sorted(drawing.boxes) == sorted(item.key for item in items)
    for a, b in combinations(drawing.boxes.values(), 2):
        assert not a.overlaps(b), (a, b)
    for box in drawing.boxes.values():
        assert 0 <= box.x and box.right <= drawing.width and 0 <= box.y and box.bottom <= drawing.height
        band = drawing.bands[box.band]
        assert band.y <= box.y and box.bottom <= band.y + band.height


@pytest.mark.parametrize("items", [ITEMS, random_items(4)], ids=["small", "random"])
def test_arrows_join_only_real_prerequisites_and_every_one_of_them(items):
    drawing = layout(items, WIDE)
    keys = {item.key for item in items}
    expected = {(p, item.key) for item in items for p in item.prerequisites if p in keys}
    assert {(edge.source, edge.target) for edge in drawing.edges} == expected
    assert len(drawing.edges) == len(expected)
    bands = {item.key: item.band for item in items}
    assert all(edge.cross == (bands[edge.source] != bands[edge.target]) for edge in drawing.edges)


def test_a_prerequisite_outside_the_roadmap_draws_no_arrow():
    drawing = layout(ITEMS, WIDE)
    assert all(999 not in (edge.source, edge.target) for edge in drawing.edges)


def test_a_step_sits_below_its_prerequisites_in_the_same_phase():
    for items in (ITEMS, random_items(5)):
        drawing = layout(items, WIDE)
        by_key = {item.key: item for item in items}
        for item in items:
            for p in item.prerequisites:
                if p in by_key and by_key[p].band == item.band:
                    assert drawing.boxes[p].bottom < drawing.boxes[item.key].y


def test_layers_count_from_the_deepest_prerequisite_in_the_phase():
    assert layers(ITEMS) == {1: 0, 2: 1, 3: 1, 4: 2, **{10 + n: 0 for n in range(12)}, 30: 0, 31: 1, 32: 2, 33: 1}


def test_phases_are_bands_one_below_the_other():
    bands = layout(ITEMS, WIDE).bands
    assert [band.band for band in bands] == [0, 1, 2]
    assert all(a.y + a.height < b.y for a, b in zip(bands, bands[1:]))


def test_a_layer_wider_than_the_drawing_wraps_onto_more_rows():
    drawing = layout(ITEMS, WIDE)
    rows = {drawing.boxes[10 + n].y for n in range(12)}
    assert len(rows) == 3  # five a row


def test_the_narrow_layout_is_one_column_that_fits_a_phone():
    drawing = layout(random_items(6), NARROW)
    assert len({box.x for box in drawing.boxes.values()}) == 1
    assert drawing.width <= 358  # a 390 px screen less the page's padding


def test_the_layout_is_deterministic():
    first, again = layout(random_items(7), WIDE), layout(random_items(7), WIDE)
    assert first.boxes == again.boxes and first.edges == again.edges and first.bands == again.bands


def test_a_circle_of_prerequisites_does_not_loop():
    items = [Item(1, 0, (3,)), Item(2, 0, (1,)), Item(3, 0, (2,))]
    drawing = layout(items, WIDE)
    assert len(drawing.boxes) == 3 and len(drawing.edges) == 3


def test_long_titles_are_wrapped_and_cut_with_an_ellipsis():
    assert wrap_title("Python for data work", chars=25, lines=3) == ["Python for data work"]
    lines = wrap_title("Decision trees, random forests and support vector machines and many more words", chars=25,
                       lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…") and all(len(line) <= 25 for line in lines)


# ---- The learner's map ---------------------------------------------------------------------------

def test_the_map_of_a_real_roadmap_places_every_row_and_draws_its_prerequisites(alice, content):
    roadmap = make_roadmap(alice)
    with CaptureQueriesContext(connection) as queries:
        drawn = roadmap_map(roadmap)
    assert len(queries) == 2
    rows = list(roadmap.steps.all())
    assert {node.row.pk for node in drawn.wide.nodes} == {row.pk for row in rows}
    assert {node.row.pk for node in drawn.narrow.nodes} == {row.pk for row in rows}
    needs = prerequisites_of(rows)
    assert sum(map(len, needs.values())) == len(drawn.wide.edges) > 50
    steps = {row.pk: row.step for row in rows}
    for edge in drawn.wide.edges:
        assert steps[edge.source] in steps[edge.target].prerequisites.all()
    assert [band.phase.order for band in drawn.wide.bands] == sorted(band.phase.order for band in drawn.wide.bands)


def test_each_row_has_one_look(alice, content):
    roadmap = make_roadmap(alice)
    rows = {row.pk: row for row in roadmap.steps.select_related("step")}
    optional = next(row for row in rows.values() if row.optional)
    skipped = next(row for row in rows.values() if row.status == Status.SKIPPED and not row.optional)
    assert look_of(optional) == "optional" and look_of(skipped) == "skipped"
    optional.status = Status.IN_PROGRESS
    assert look_of(optional) == "in_progress"
    skipped.step.archived = True
    assert look_of(skipped) == "archived"


@pytest.fixture
def alices_roadmap(alice, content):
    roadmap = make_roadmap(alice, today=timezone.localdate())
    rows = list(roadmap.steps.filter(status=Status.TODO, optional=False)[:2])
    RoadmapStep.objects.filter(pk=rows[0].pk).update(status=Status.DONE)
    RoadmapStep.objects.filter(pk=rows[1].pk).update(status=Status.IN_PROGRESS, note="Chapter 3 next")
    return roadmap


def test_the_map_page_draws_every_step_as_a_named_link_with_its_status(alice_client, alices_roadmap):
    response = alice_client.get("/roadmap/map/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = list(alices_roadmap.steps.select_related("step"))
    for row in rows:
        assert f'id="node-wide-{row.pk}"' in html and f'id="node-narrow-{row.pk}"' in html
        assert f'href="/roadmap/map/steps/{row.pk}/"' in html
    assert len(re.findall(r'<a class="map-node ', html)) == 2 * len(rows)
    for look in ("done", "in_progress", "todo", "skipped", "optional"):
        assert f"map-node look-{look} " in html, look
    done = next(row for row in rows if row.status == Status.DONE)
    assert f'aria-label="{done.step.title}: done"' in html
    assert "legend-item look-archived" in html and "Removed from the curriculum" in html
    assert 'marker-end="url(#arrow-wide)"' in html and "edge edge-cross" in html
    assert "css/map.css" in html and "js/roadmap_map.js" in html
    assert external_asset_urls(html) == []


def test_the_map_page_runs_a_fixed_number_of_queries(alice_client, alices_roadmap):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get("/roadmap/map/").status_code == 200
        return len(queries)

    few = count()
    alices_roadmap.steps.filter(status=Status.TODO).update(status=Status.DONE)
    assert count() == few


def test_the_roadmap_page_links_to_the_map(alice_client, alices_roadmap):
    html = alice_client.get("/roadmap/").content.decode()
    assert '<a class="button button-secondary" href="/roadmap/map/">Map</a>' in html


def test_without_a_roadmap_the_map_sends_the_learner_to_the_questionnaire(alice_client, content):
    assert alice_client.get("/roadmap/map/").url == "/roadmap/plan/"


def test_anonymous_visitors_are_sent_to_log_in_from_the_map(client, db):
    response = client.get("/roadmap/map/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_steps_fragment_shows_its_details_and_actions(alice_client, alices_roadmap):
    row = alices_roadmap.steps.select_related("step").get(status=Status.IN_PROGRESS)
    StudySession.objects.create(roadmap=alices_roadmap, step=row, minutes=90, date=timezone.localdate())
    response = alice_client.get(f"/roadmap/map/steps/{row.pk}/?partial=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'data-look="in_progress"' in html
    assert row.step.title in html and row.step.summary[:40] in html
    assert f"{row.step.estimated_hours} h estimated, 1.5 h logged" in html
    assert "Chapter 3 next" in html
    resource = row.step.resources.exclude(url="").first()
    if resource:
        assert f'href="{resource.url}"' in html
    assert f'action="/roadmap/steps/{row.pk}/"' in html
    assert 'value="done"' in html and 'value="skipped"' in html and 'value="todo"' not in html
    assert f'name="next" value="/roadmap/map/?step={row.pk}"' in html


def test_a_skipped_steps_fragment_gives_the_reason_and_can_take_it_back(alice_client, alices_roadmap):
    row = alices_roadmap.steps.filter(status=Status.SKIPPED).exclude(skip_reason="").first()
    html = alice_client.get(f"/roadmap/map/steps/{row.pk}/?partial=1").content.decode()
    assert "Take back" in html and 'value="todo"' in html
    assert row.skip_reason.split(".")[0].replace("'", "&#x27;") in html


def test_without_javascript_the_fragment_is_a_whole_page(alice_client, alices_roadmap):
    row = alices_roadmap.steps.first()
    html = alice_client.get(f"/roadmap/map/steps/{row.pk}/").content.decode()
    assert "<html" in html and "Back to the map" in html and 'class="map-step ' in html


def test_another_learners_step_and_an_anonymous_visitor_get_a_404(client, alice, bob, content):
    row = make_roadmap(alice).steps.first()
    for url in (f"/roadmap/map/steps/{row.pk}/", f"/roadmap/map/steps/{row.pk}/?partial=1"):
        assert client.get(url).status_code == 404
    client.force_login(bob)
    make_roadmap(bob)
    for url in (f"/roadmap/map/steps/{row.pk}/", f"/roadmap/map/steps/{row.pk}/?partial=1"):
        assert client.get(url).status_code == 404
    html = client.get(f"/roadmap/map/?step={row.pk}").content.decode()
    assert row.step.summary not in html and 'class="map-panel"' in html and " hidden>" in html


def test_a_change_from_the_map_returns_to_the_map_with_the_step_open(alice_client, alices_roadmap):
    row = alices_roadmap.steps.filter(status=Status.TODO).first()
    response = alice_client.post(f"/roadmap/steps/{row.pk}/", {"status": "done", "next": f"/roadmap/map/?step={row.pk}"})
    assert response.status_code == 302 and response.url == f"/roadmap/map/?step={row.pk}"
    html = alice_client.get(response.url).content.decode()
    assert f"“{row.step.title}” saved." in html and html.count("saved.") == 1
    assert f'id="node-wide-{row.pk}"' in html and 'data-look="done"' in html


def test_a_change_never_returns_to_another_site(alice_client, alices_roadmap):
    row = alices_roadmap.steps.filter(status=Status.TODO).first()
    response = alice_client.post(f"/roadmap/steps/{row.pk}/", {"status": "done", "next": "https://evil.example/"})
    assert response.url == f"/roadmap/#step-{row.pk}"


def test_on_a_phone_a_step_follows_the_step_it_needs_when_it_can():
    drawing = layout(ITEMS, NARROW)
    order = sorted(drawing.boxes, key=lambda key: drawing.boxes[key].y)
    assert order.index(31) == order.index(30) + 1 and order.index(32) == order.index(31) + 1
    assert [edge.long for edge in drawing.edges if (edge.source, edge.target) in {(30, 31), (31, 32)}] == [False, False]


def test_the_panel_words_a_learners_own_skip_as_the_roadmap_page_does(alice_client, alices_roadmap):
    row = alices_roadmap.steps.filter(status=RoadmapStep.Status.TODO).first()
    alice_client.post(f"/roadmap/steps/{row.pk}/", {"status": "skipped", "skip_reason": "done at work"})
    html = alice_client.get(f"/roadmap/map/steps/{row.pk}/?partial=1").content.decode()
    assert "Skipped by you on" in html and "done at work" in html
