"""Small hand-made content folders for the content tests, and helpers to inspect the database.

Test modules import the fixtures from here (not from a conftest) so they stay beside the
content tests that use them.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from roadmap import models

REAL_CONTENT = Path(settings.BASE_DIR) / "content"
SEED = "000_1221a195a99c286e.txt"
CONTENT_MODELS = (
    models.Skill,
    models.Resource,
    models.Certification,
    models.Phase,
    models.LifecyclePhase,
    models.TargetRole,
    models.PortfolioProject,
    models.PortfolioStep,
    models.Step,
    models.Background,
    models.GlossaryTerm,
)


def tiny_files() -> dict[str, list]:
    """The smallest content that uses every kind and every kind of reference."""
    levels = ["one", "two", "three", "four", "five"]
    return {
        "skills.yaml": [
            {"slug": "python", "name": "Python", "kind": "technical", "level_descriptions": levels, "source": SEED},
            {"slug": "talking", "name": "Talking", "kind": "soft", "level_descriptions": levels, "source": SEED},
        ],
        "resources.yaml": [{"slug": "docs", "title": "Docs", "kind": "documentation", "source": SEED}],
        "certifications.yaml": [
            {"slug": "new-cert", "vendor": "aws", "name": "New", "level": "associate", "status": "active",
             "validity_months": 36, "source": SEED},
            {"slug": "old-cert", "vendor": "aws", "name": "Old", "level": "specialty", "status": "retired",
             "replaced_by": "new-cert", "source": SEED},
        ],
        "phases.yaml": [
            {"slug": "first", "name": "First", "min_months": 3, "max_months": 6, "source": SEED},
            {"slug": "second", "name": "Second", "min_months": 6, "max_months": 12, "source": SEED},
        ],
        "lifecycle.yaml": [{"slug": "needs", "name": "Needs", "source": SEED}],
        "roles.yaml": [{"slug": "engineer", "name": "Engineer", "skills": {"python": 4, "talking": 2}, "source": SEED}],
        "portfolio.yaml": [
            {"slug": "demo", "title": "Demo", "demo_path": "/demo/", "source": SEED,
             "steps": [{"slug": "upload", "title": "Upload", "source": SEED}]},
        ],
        "steps.yaml": [
            {"slug": "basics", "phase": "first", "title": "Basics", "summary": "Start.", "estimated_hours": 5,
             "skills": ["python"], "resources": ["docs"], "source": SEED},
            {"slug": "more", "phase": "second", "title": "More", "summary": "Go on.", "estimated_hours": 7,
             "skills": ["python", "talking"], "prerequisites": ["basics"], "target_roles": ["engineer"],
             "certification": "new-cert", "portfolio_project": "demo", "source": SEED},
        ],
        "backgrounds.yaml": [
            {"slug": "developer", "name": "Developer", "covers_skills": ["python"], "skips_steps": ["basics"],
             "skip_reason": "They code.", "source": SEED},
        ],
        "glossary.yaml": [
            {"slug": "mlops", "term": "MLOps", "category": "mlops", "definition": "Models in production.",
             "source": SEED},
        ],
    }


def write_files(directory: Path, files: dict[str, list]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, items in files.items():
        (directory / name).write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")
    return directory


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A folder named ``content`` holding the tiny content."""
    return write_files(tmp_path / "content", tiny_files())


def snapshot() -> dict:
    """Every content row's values (with its timestamps) and every link, to prove nothing changed."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS}
    rows["RoleSkill"] = list(models.RoleSkill.objects.order_by("pk").values())
    for field in ("skills", "prerequisites", "resources", "target_roles"):
        rows[f"Step.{field}"] = list(getattr(models.Step, field).through.objects.order_by("pk").values())
    return rows


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def parsed(directory: Path) -> dict[str, list]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.yaml"))}
