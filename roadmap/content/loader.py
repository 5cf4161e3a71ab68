"""Write validated content into the database, touching only what differs.

A second load of the same files changes nothing (not even ``updated``). An item
whose slug has gone from the files is archived, never deleted, because learners'
progress points at it; an archived slug that comes back is restored.

Rows are written kind by kind in bulk: one query reads a kind's rows, one inserts
the new ones and one updates the changed ones; each many-to-many field, skill
levels and question choices are likewise read, replaced and inserted for the
whole kind at once. A load costs a few dozen queries, not one per row.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from roadmap.content.checker import check_integrity
from roadmap.content.reader import Content, ContentError, Item, read_content
from roadmap.content.schema import CHOICES, KINDS, LEVELS, REF, REFS, Kind


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    archived: int = 0
    restored: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.archived} archived, {self.restored} restored"
        )

    @property
    def changed(self) -> bool:
        return any((self.created, self.updated, self.archived, self.restored))


Rows = dict[str, dict[str, models.Model]]  # kind name -> slug -> row


def load_content(*, directory: Path) -> dict[str, Tally]:
    """Validate every file in ``directory``, then write them all in one transaction."""
    content = read_content(directory=directory)
    problems = check_integrity(content)
    if problems:
        raise ContentError(problems)
    tallies = {kind.name: Tally() for kind in KINDS}
    with transaction.atomic():
        rows: Rows = {}
        changed: set[tuple[str, str]] = set()  # (kind, slug) already counted
        for kind in KINDS:
            rows[kind.name] = _upsert_rows(kind, content.of(kind.name), rows, tallies[kind.name], changed)
        for kind in KINDS:
            relinked = _sync_relations(kind, content.of(kind.name), rows)
            touched = [rows[kind.name][slug] for slug in relinked if (kind.name, slug) not in changed]
            _touch(model_of(kind), touched)
            tallies[kind.name].updated += len(touched)
        for kind in KINDS:
            tallies[kind.name].archived = _archive_missing(kind, content)
    return tallies


def model_of(kind: Kind) -> type[models.Model]:
    return apps.get_model(kind.model)


def _upsert_rows(kind: Kind, items: list[Item], rows: Rows, tally: Tally, changed: set) -> dict:
    model = model_of(kind)
    existing = {row.slug: row for row in model.objects.all()}
    new: list[models.Model] = []
    updated: list[models.Model] = []
    columns: set[str] = set()
    now = timezone.now()
    for position, item in enumerate(items, 1):
        values = _column_values(kind, item, rows, position)
        row = existing.get(item.slug)
        if row is None:
            new.append(model(**values))
            tally.created += 1
            changed.add((kind.name, item.slug))
            continue
        differing = [name for name, value in values.items() if getattr(row, name) != value]
        if not differing:
            continue
        if "archived" in differing:
            tally.restored += 1
        else:
            tally.updated += 1
        changed.add((kind.name, item.slug))
        for name in differing:
            setattr(row, name, values[name])
        row.updated = now
        columns.update(differing)
        updated.append(row)
    # Every column that differs in any row is written for each changed row; in the others it holds its old value.
    if updated:
        model.objects.bulk_update(updated, [*sorted(columns), "updated"])
    for row in _bulk_create(model, new):  # in file order, so the ids follow the files as a row-by-row load would
        existing[row.slug] = row
    return existing


def _bulk_create(model: type[models.Model], new: list[models.Model]) -> list[models.Model]:
    """Insert ``new`` and return the rows with their primary keys."""
    created = model.objects.bulk_create(new)
    if any(row.pk is None for row in created):  # a database that cannot return the ids of a bulk insert
        ids = dict(model.objects.filter(slug__in=[row.slug for row in created]).values_list("slug", "pk"))
        for row in created:
            row.pk = ids[row.slug]
    return created


def _column_values(kind: Kind, item: Item, rows: Rows, position: int) -> dict:
    """The row's own columns: plain values and references to kinds already written."""
    values = {"order": position, "archived": False}
    for fld in kind.all_fields:
        value = item.values[fld.name]
        if fld.type == REF:
            if fld.ref == kind.name:
                continue  # a reference to the same kind waits for _sync_relations
            values[f"{fld.name}_id"] = rows[fld.ref][value].pk if value else None
        elif fld.type not in (REFS, LEVELS, CHOICES):
            values[fld.name] = value
    return values


def _sync_relations(kind: Kind, items: list[Item], rows: Rows) -> set[str]:
    """Set many-to-many links, skill levels and self-references of a kind's rows; the slugs of rows that changed."""
    own = rows[kind.name]
    relinked: set[str] = set()
    for fld in kind.fields:
        if fld.type == REFS:
            wanted = {own[i.slug].pk: [rows[fld.ref][slug].pk for slug in i.values[fld.name]] for i in items}
            changed_pks = _sync_links(model_of(kind), fld.name, wanted)
        elif fld.type == LEVELS:
            wanted = {
                own[i.slug].pk: [(rows[fld.ref][slug].pk, level) for slug, level in i.values[fld.name].items()]
                for i in items
            }
            changed_pks = _sync_levels(model_of(kind), wanted)
        elif fld.type == CHOICES:
            changed_pks = _sync_choices(model_of(kind), {own[i.slug].pk: i.values[fld.name] for i in items})
        elif fld.type == REF and fld.ref == kind.name:
            wanted = {i.slug: own[i.values[fld.name]].pk if i.values[fld.name] else None for i in items}
            changed_pks = _sync_self_references(model_of(kind), fld.name, {own[s]: pk for s, pk in wanted.items()})
        else:
            continue
        relinked.update(item.slug for item in items if own[item.slug].pk in changed_pks)
    return relinked


def linked_ids(row: models.Model, attr: str) -> list[int]:
    """The ids a many-to-many field links to, in the order they were linked."""
    through, source, target = _through(type(row), attr)
    return list(through.objects.filter(**{source: row.pk}).order_by("pk").values_list(target, flat=True))


def _through(model: type[models.Model], attr: str) -> tuple[type[models.Model], str, str]:
    fld = model._meta.get_field(attr)
    return fld.remote_field.through, f"{fld.m2m_field_name()}_id", f"{fld.m2m_reverse_field_name()}_id"


def _grouped(pairs) -> dict[int, list]:
    """(key, value) pairs, in order, as key -> [values]."""
    groups: dict[int, list] = defaultdict(list)
    for key, *value in pairs:
        groups[key].append(value[0] if len(value) == 1 else tuple(value))
    return groups


def _sync_links(model: type[models.Model], attr: str, wanted: dict[int, list[int]]) -> set[int]:
    # The link table keeps the YAML's order (by primary key), so export writes lists back as they were.
    through, source, target = _through(model, attr)
    links = through.objects.filter(**{f"{source}__in": list(wanted)}).order_by("pk").values_list(source, target)
    current = _grouped(links)
    changed = {pk for pk, targets in wanted.items() if current.get(pk, []) != targets}
    if changed:
        through.objects.filter(**{f"{source}__in": list(changed)}).delete()
        through.objects.bulk_create(
            [through(**{source: pk, target: target_pk}) for pk in wanted if pk in changed for target_pk in wanted[pk]]
        )
    return changed


def _sync_levels(model: type[models.Model], wanted: dict[int, list[tuple[int, int]]]) -> set[int]:
    levels = model._meta.get_field("role_skills").related_model
    rows = levels.objects.filter(role_id__in=list(wanted)).order_by("pk").values_list("role_id", "skill_id", "level")
    current = _grouped(rows)
    changed = {pk for pk, pairs in wanted.items() if current.get(pk, []) != pairs}
    if changed:
        levels.objects.filter(role_id__in=list(changed)).delete()
        levels.objects.bulk_create(
            [levels(role_id=pk, skill_id=skill, level=level) for pk in wanted if pk in changed for skill, level in wanted[pk]]
        )
    return changed


def choice_rows(question: models.Model) -> list[dict]:
    """A question's active choices as the YAML writes them (``correct`` only when true)."""
    return _as_written(question.choices.filter(archived=False).order_by("position", "pk"))


def _as_written(choices) -> list[dict]:
    return [_choice_as_written(c.key, c.text, c.correct) for c in choices]


def _choice_as_written(key: str, text: str, correct) -> dict:
    return {"key": key, "text": text, **({"correct": True} if correct else {})}


def _sync_choices(model: type[models.Model], wanted: dict[int, list[dict]]) -> set[int]:
    """Match choices by key: update in place, archive the ones gone (answers point at them)."""
    choice = model._meta.get_field("choices").related_model
    existing: dict[int, list] = defaultdict(list)
    for row in choice.objects.filter(question_id__in=list(wanted)).order_by("position", "pk"):
        existing[row.question_id].append(row)
    new, updated, gone, changed = [], [], [], set()
    for pk, choices in wanted.items():
        normalised = [_choice_as_written(c["key"], c["text"], c.get("correct")) for c in choices]
        if _as_written(c for c in existing[pk] if not c.archived) == normalised:
            continue
        changed.add(pk)
        by_key = {row.key: row for row in existing[pk]}
        # New choices get their ids in a random order: learners see the ids, and ids in the
        # file's order would give away the answer of an ordering question.
        for position, data in random.sample(list(enumerate(normalised)), len(normalised)):
            values = {"text": data["text"], "correct": data.get("correct", False), "position": position, "archived": False}
            row = by_key.pop(data["key"], None)
            if row is None:
                new.append(choice(question_id=pk, key=data["key"], **values))
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                updated.append(row)
        gone.extend(row.pk for row in by_key.values())
    if updated:
        choice.objects.bulk_update(updated, ["text", "correct", "position", "archived"])
    choice.objects.bulk_create(new)
    if gone:
        choice.objects.filter(pk__in=gone).update(archived=True)
    return changed


def _sync_self_references(model: type[models.Model], attr: str, wanted: dict[models.Model, int | None]) -> set[int]:
    changed = [row for row, pk in wanted.items() if getattr(row, f"{attr}_id") != pk]
    for row in changed:
        setattr(row, f"{attr}_id", wanted[row])
    if changed:
        model.objects.bulk_update(changed, [attr])
    return {row.pk for row in changed}


def _touch(model: type[models.Model], rows: list[models.Model]) -> None:
    """Mark rows whose links changed (and nothing else) as updated now."""
    now = timezone.now()
    for row in rows:
        row.updated = now
    if rows:
        model.objects.bulk_update(rows, ["updated"])


def _archive_missing(kind: Kind, content: Content) -> int:
    gone = model_of(kind).objects.filter(archived=False).exclude(slug__in=content.slugs(kind.name))
    return gone.update(archived=True, updated=timezone.now())
