"""The roadmap app's models: the curated catalog and a learner's own roadmap.

Two modules, one way round: personal.py imports catalog.py, never the reverse. The
learner's certification records live in the certifications app, mentoring in mentoring.
"""

from .catalog import (
    ACTIVE, Background, Certification, Cloud, ContentItem, ContentQuerySet, ContentRevision, GlossaryTerm,
    LifecyclePhase, Phase, PortfolioProject, PortfolioStep, Resource, RoleSkill, Skill, Step, TargetRole,
)
from .personal import (
    MAX_SESSION_MINUTES, MAX_SKIP_REASON_LENGTH, LearnerRoadmap, RoadmapStep, StudySession, new_calendar_token,
)

__all__ = [
    "ACTIVE", "Background", "Certification", "Cloud", "ContentItem", "ContentQuerySet", "ContentRevision",
    "GlossaryTerm", "LifecyclePhase", "Phase", "PortfolioProject", "PortfolioStep", "Resource", "RoleSkill", "Skill",
    "Step", "TargetRole", "MAX_SESSION_MINUTES", "MAX_SKIP_REASON_LENGTH", "LearnerRoadmap", "RoadmapStep",
    "StudySession", "new_calendar_token",
]
