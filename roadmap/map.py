"""The roadmap drawn as a map: a layered layout of a learner's steps with their prerequisite arrows.

The layout is plain functions over plain values (`Item` in, `Layout` out), tested without a
database. Each phase is a band; inside a band a step sits one layer below the deepest of its
prerequisites in the same phase, and a layer wider than the drawing wraps onto more rows, so no
two boxes can overlap. `roadmap_map` reads a learner's rows in two queries and lays them out
twice: wide for a screen, one column for a phone.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import LearnerRoadmap, RoadmapStep, Step, StudySession

Status = RoadmapStep.Status


@dataclass(frozen=True)
class Item:
    """One step to place: its key (the roadmap row's id), its band (phase index) and prerequisites' keys."""

    key: int
    band: int
    prerequisites: tuple[int, ...] = ()


@dataclass(frozen=True)
class Geometry:
    columns: int  # boxes side by side at most
    box_width: int
    box_height: int
    gap_x: int
    gap_y: int
    margin: int  # left and right of the boxes; arrows between boxes of one column bend into it
    band_head: int  # room for a phase's heading
    band_gap: int
    chars_per_line: int  # a title's lines, measured for 13px text in a box
    title_lines: int


WIDE = Geometry(columns=5, box_width=196, box_height=84, gap_x=28, gap_y=44, margin=28, band_head=64,
                band_gap=28, chars_per_line=25, title_lines=3)
NARROW = Geometry(columns=1, box_width=290, box_height=68, gap_x=0, gap_y=26, margin=32, band_head=84,
                  band_gap=20, chars_per_line=38, title_lines=2)
# A phase's name, in 15px bold: the characters a line of the drawing's width holds.
BAND_CHARS = {"wide": 110, "narrow": 36}


@dataclass(frozen=True)
class Box:
    key: int
    band: int
    layer: int
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    def overlaps(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class Edge:
    """An arrow from a prerequisite (source) to the step that needs it (target)."""

    source: int
    target: int
    path: str  # SVG path data
    cross: bool  # between two phases: drawn only on demand, it would cross the whole map
    long: bool = False  # passes other rows: drawn fainter (on a phone, only for the chosen step)


@dataclass(frozen=True)
class Band:
    band: int
    y: int
    height: int


@dataclass
class Layout:
    width: int
    height: int
    boxes: dict[int, Box] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)


def layers(items: list[Item]) -> dict[int, int]:
    """Each item's layer in its band: 0 without a prerequisite in the band, else one below the deepest.

    A circle of prerequisites (the content checker refuses them) cannot loop: the edge that
    closes it is ignored.
    """
    by_key = {item.key: item for item in items}
    depth: dict[int, int] = {}
    visiting: set[int] = set()

    def visit(key: int) -> int:
        if key in depth:
            return depth[key]
        visiting.add(key)
        item = by_key[key]
        below = [visit(p) for p in sorted(_in_band(item, by_key)) if p not in visiting]
        visiting.discard(key)
        depth[key] = 1 + max(below) if below else 0
        return depth[key]

    for item in items:
        visit(item.key)
    return depth


def _in_band(item: Item, by_key: dict[int, Item]) -> set[int]:
    return {p for p in item.prerequisites if p in by_key and p != item.key and by_key[p].band == item.band}


def layout(items: list[Item], geometry: Geometry) -> Layout:
    """Place every item in a box and draw an arrow for every prerequisite among the items.

    Deterministic: the same items in the same order give the same drawing. Within a layer,
    items are ordered by where their prerequisites sit (fewer crossing arrows), then by input order.
    """
    g = geometry
    order = {item.key: index for index, item in enumerate(items)}
    by_key = {item.key: item for item in items}
    inner = g.columns * g.box_width + (g.columns - 1) * g.gap_x
    result = Layout(width=inner + 2 * g.margin, height=0)
    y = 0
    for band in sorted({item.band for item in items}):
        top = y
        y += g.band_head
        members = [item for item in items if item.band == band]
        grouped = _chain(members, by_key) if g.columns == 1 else _layered(members, by_key, g.columns)
        for layer, row_items in enumerate(grouped):
            row_items.sort(key=lambda item: (_barycentre(item, by_key, result.boxes), order[item.key]))
            for start in range(0, len(row_items), g.columns):
                chunk = row_items[start:start + g.columns]
                # A short row is centred under the full width.
                left = g.margin + (g.columns - len(chunk)) * (g.box_width + g.gap_x) // 2
                for column, item in enumerate(chunk):
                    x = left + column * (g.box_width + g.gap_x)
                    result.boxes[item.key] = Box(item.key, band, layer, x, y, g.box_width, g.box_height)
                y += g.box_height + g.gap_y
        y += g.band_gap - g.gap_y
        result.bands.append(Band(band=band, y=top, height=y - top))
        y += g.band_gap
    result.height = max(y - g.band_gap, 0)
    result.edges = [
        _edge(result.boxes[p], result.boxes[item.key], g)
        for item in items
        for p in sorted(set(item.prerequisites))
        if p in result.boxes and p != item.key
    ]
    return result


def _layered(members: list[Item], by_key: dict[int, Item], columns: int) -> list[list[Item]]:
    """A band's items by layer, for a drawing several boxes wide.

    From the longest-path layers, two moves shorten the arrows and the widest rows: a step with no
    prerequisite in the band moves down to just above the first step that needs it, and a step
    with no arrow in the band at all fills a free place in the earliest row that has one.
    """
    depth = layers(members)
    needed_by: dict[int, list[int]] = defaultdict(list)
    for item in members:
        for p in _in_band(item, by_key):
            needed_by[p].append(item.key)
    alone = [item for item in members if not _in_band(item, by_key) and not needed_by[item.key]]
    for item in members:
        if not _in_band(item, by_key) and needed_by[item.key]:
            depth[item.key] = min(depth[d] for d in needed_by[item.key]) - 1
    grouped: list[list[Item]] = [[] for _ in range(max(depth.values()) + 1)]
    for item in members:
        if item not in alone:
            grouped[depth[item.key]].append(item)
    for item in alone:
        row = next((row for row in grouped if len(row) % columns), None)
        (row if row is not None else grouped[-1]).append(item)
    return [row for row in grouped if row]


def _chain(members: list[Item], by_key: dict[int, Item]) -> list[list[Item]]:
    """A band's items one a row, for a drawing one box wide: prerequisites first, and after a step the
    step that needs it when one is ready, so that most arrows join two neighbours."""
    left = {item.key: set(_in_band(item, by_key)) for item in members}
    done: list[Item] = []
    while len(done) < len(members):
        ready = [item for item in members if item not in done and not left[item.key] - {d.key for d in done}]
        if not ready:  # a circle: take the next in input order
            ready = [item for item in members if item not in done]
        last = done[-1].key if done else None
        done.append(next((item for item in ready if last in left[item.key]), ready[0]))
    return [[item] for item in done]


def _barycentre(item: Item, by_key: dict[int, Item], placed: dict[int, Box]) -> float:
    xs = [placed[p].centre_x for p in _in_band(item, by_key) if p in placed]
    return sum(xs) / len(xs) if xs else float("inf")


def _edge(source: Box, target: Box, g: Geometry) -> Edge:
    cross = source.band != target.band
    long = not (source.bottom < target.y <= source.bottom + g.gap_y)
    if source.x == target.x and target.y == source.bottom + g.gap_y:
        # The next row, straight below.
        path = f"M{_n(source.centre_x)},{source.bottom} V{target.y}"
    elif target.y > source.bottom and source.x != target.x:
        middle = (source.bottom + target.y) / 2
        path = (f"M{_n(source.centre_x)},{source.bottom} C{_n(source.centre_x)},{_n(middle)} "
                f"{_n(target.centre_x)},{_n(middle)} {_n(target.centre_x)},{target.y}")
    else:
        # Same column further down (or a target above): bend out into the margin on the left,
        # so the arrow does not run under the boxes between them.
        reach = min(g.margin if g.columns == 1 else min(g.margin, g.gap_x), 48) - 6
        rows = abs(target.y - source.y) // (g.box_height + g.gap_y)
        bend = min(8 + 4 * rows, reach)
        sy, ty = source.y + source.height * 0.6, target.y + target.height * 0.4
        path = (f"M{source.x},{_n(sy)} C{source.x - bend},{_n(sy)} {target.x - bend},{_n(ty)} "
                f"{target.x},{_n(ty)}")
    return Edge(source=source.key, target=target.key, path=path, cross=cross, long=long)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def wrap_title(title: str, *, chars: int, lines: int) -> list[str]:
    """A title cut into at most ``lines`` lines of about ``chars`` characters; the last ends in … when cut."""
    wrapped = textwrap.wrap(title, width=chars, break_long_words=True) or [""]
    if len(wrapped) <= lines:
        return wrapped
    last = " ".join(wrapped[lines - 1:])
    return wrapped[:lines - 1] + [textwrap.shorten(last, width=chars, placeholder="…")]


# ---- A learner's map ----------------------------------------------------------------------------

LOOKS = ("done", "in_progress", "todo", "skipped", "optional", "archived")
ICONS = {"done": "✓", "in_progress": "◐", "todo": "○", "skipped": "⊘", "optional": "◇", "archived": "▪"}


def look_of(row: RoadmapStep) -> str:
    """The colour a step is drawn in: removed from the curriculum; else optional (another cloud's step,
    skipped or not) unless started; else its status."""
    if row.step.archived:
        return "archived"
    if row.optional and row.status in (Status.TODO, Status.SKIPPED):
        return "optional"
    return row.status


def looks() -> list[dict]:
    """The legend: each look with its icon and name (the icon and text keep the map readable without colour)."""
    names = {"done": _("Done"), "in_progress": _("In progress"), "todo": _("To do"), "skipped": _("Skipped"),
             "optional": _("Optional"), "archived": _("Removed from the curriculum")}
    return [{"look": look, "icon": ICONS[look], "name": names[look]} for look in LOOKS]


def status_text(row: RoadmapStep) -> str:
    """The status line of a node: the status, or what its colour says when that is not the status."""
    look = look_of(row)
    if look == "optional":
        return _("Optional")
    if look == "archived":
        return _("Removed")
    return row.get_status_display().capitalize()


def node_label(row: RoadmapStep) -> str:
    """The accessible name of a step's node: its title and status."""
    parts = [row.get_status_display()]
    if row.optional:
        parts.append(_("optional"))
    if row.step.archived:
        parts.append(_("removed from the curriculum"))
    return f"{row.step.title}: {', '.join(parts)}"


@dataclass
class Node:
    row: RoadmapStep
    box: Box
    lines: list[str]
    look: str
    icon: str
    status_text: str
    label: str

    @property
    def text_y(self) -> list[tuple[int, str]]:
        """Each title line with its baseline, below the status line."""
        return [(self.box.y + 42 + 16 * index, line) for index, line in enumerate(self.lines)]


@dataclass
class PhaseBand:
    phase: object
    band: Band
    done: int
    total: int
    lines: list[str]

    @property
    def title_lines(self) -> list[tuple[int, str]]:
        return [(self.band.y + 28 + 20 * index, line) for index, line in enumerate(self.lines)]

    @property
    def note_y(self) -> int:
        return self.band.y + 28 + 20 * len(self.lines)


@dataclass
class Drawing:
    name: str  # "wide" or "narrow"
    layout: Layout
    nodes: list[Node]
    bands: list[PhaseBand]

    @property
    def edges(self) -> list[Edge]:
        return self.layout.edges


@dataclass
class RoadmapMap:
    roadmap: LearnerRoadmap
    rows: list[RoadmapStep]
    wide: Drawing
    narrow: Drawing

    @property
    def done(self) -> int:
        return sum(row.status == Status.DONE for row in self.rows)


def roadmap_rows(roadmap: LearnerRoadmap) -> list[RoadmapStep]:
    return list(roadmap.steps.select_related("step", "step__phase").order_by("step__phase__order", "position"))


def prerequisites_of(rows: list[RoadmapStep]) -> dict[int, tuple[int, ...]]:
    """Each row's prerequisites as row ids, only among these rows (one query)."""
    row_of_step = {row.step_id: row.pk for row in rows}
    through = Step.prerequisites.through.objects.filter(from_step_id__in=row_of_step, to_step_id__in=row_of_step)
    found: dict[int, list[int]] = defaultdict(list)
    for step_id, needed_id in through.values_list("from_step_id", "to_step_id").order_by("from_step_id", "to_step_id"):
        found[row_of_step[step_id]].append(row_of_step[needed_id])
    return {row.pk: tuple(found[row.pk]) for row in rows}


def roadmap_map(roadmap: LearnerRoadmap) -> RoadmapMap:
    """A learner's roadmap laid out wide and narrow, in two queries."""
    rows = roadmap_rows(roadmap)
    needs = prerequisites_of(rows)
    phases = sorted({row.step.phase for row in rows}, key=lambda phase: (phase.order, phase.pk))
    band_of = {phase.pk: index for index, phase in enumerate(phases)}
    items = [Item(row.pk, band_of[row.step.phase_id], needs[row.pk]) for row in rows]
    by_band = defaultdict(list)
    for row in rows:
        by_band[band_of[row.step.phase_id]].append(row)

    def drawing(name: str, geometry: Geometry) -> Drawing:
        placed = layout(items, geometry)
        nodes = [
            Node(row=row, box=placed.boxes[row.pk], look=look, icon=ICONS[look],
                 lines=wrap_title(row.step.title, chars=geometry.chars_per_line, lines=geometry.title_lines),
                 status_text=status_text(row), label=node_label(row))
            for row in rows
            for look in [look_of(row)]
        ]
        bands = [
            PhaseBand(phase=phases[band.band], band=band, total=len(by_band[band.band]),
                      done=sum(row.status == Status.DONE for row in by_band[band.band]),
                      lines=wrap_title(phases[band.band].name, chars=BAND_CHARS[name], lines=2))
            for band in placed.bands
        ]
        return Drawing(name=name, layout=placed, nodes=nodes, bands=bands)

    return RoadmapMap(roadmap=roadmap, rows=rows, wide=drawing("wide", WIDE), narrow=drawing("narrow", NARROW))


@dataclass
class StepDetails:
    row: RoadmapStep
    look: str
    icon: str
    status_text: str
    label: str
    logged_hours: float
    needs: list[RoadmapStep]
    unlocks: list[RoadmapStep]
    resources: list = field(default_factory=list)


def step_details(row: RoadmapStep) -> StepDetails:
    """What the side panel shows of one of the learner's rows: prerequisites and what it unlocks among
    the roadmap's rows, resources, hours logged."""
    needed = list(row.step.prerequisites.values_list("pk", flat=True).order_by("phase__order", "order"))
    unlocked = list(row.step.unlocks.values_list("pk", flat=True).order_by("phase__order", "order"))
    rows = {r.step_id: r for r in row.roadmap.steps.select_related("step").filter(step_id__in=needed + unlocked)}
    needs = [rows[s] for s in needed if s in rows]
    unlocks = [rows[s] for s in unlocked if s in rows]
    minutes = StudySession.objects.filter(step=row).aggregate(total=Sum("minutes"))["total"] or 0
    look = look_of(row)
    return StepDetails(
        row=row, look=look, icon=ICONS[look], status_text=status_text(row),
        label=node_label(row),
        logged_hours=minutes / 60, needs=needs, unlocks=unlocks, resources=list(row.step.resources.order_by("order")),
    )
