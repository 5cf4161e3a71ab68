"""Who the demo's people are and what happened to them: the story, kept apart from the code that
replays it. Days are counted back from today, so the history always ends yesterday."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts.demo import DEMO_ACCOUNTS
from accounts.roles import LEARNER

from .study import Profile

SECOND_LEARNER = "learner2"
ACCOUNTS = (*DEMO_ACCOUNTS, (SECOND_LEARNER, LEARNER))
FIRST_NAMES = {"learner": "Alex", SECOND_LEARNER: "Sam"}
MENTOR = "mentor"
REVIEWER = "reviewer"

# Alex: a software developer on the way to ML architect, four nights a week for four months,
# a holiday and a week of flu, every planned evening of the last four weeks: on plan.
ALEX = Profile(
    username="learner",
    background="software-developer",
    target_role="ml-architect",
    cloud="aws",
    hours_per_week=Decimal("6"),
    study_days=(0, 1, 3, 5),
    weeks=17,
    seed=12,
    missed_weeks=frozenset({6, 11}),
    steady_days=28,
    skip=(
        "data-visualisation",
        "I build dashboards at work every week (matplotlib and Plotly): nothing new for me here.",
        9,
    ),
    notes={
        "numpy-pandas": "groupby + transform is the idiom I kept missing. Re-do the split-apply-combine "
        "exercises before the Kaggle step.",
        "linear-algebra": "3Blue1Brown first, then the exercises. Eigenvectors clicked on the second pass.",
        "probability-statistics": "Bayes by counting (natural frequencies) works better for me than formulas.",
    },
    session_notes={
        "study-rhythm": "Blocked Mon/Tue/Thu evenings and Saturday morning in my calendar.",
        "numpy-pandas": "Started with the 10-minutes-to-pandas guide.",
        "linear-algebra": "Essence of linear algebra, videos 1-4.",
        "supervised-learning": "Gradient descent by hand on a tiny data set.",
    },
)

# Sam: changing careers towards ML engineer; a good start, then work got busy and the evenings
# stopped: nothing logged for twelve days.
SAM = Profile(
    username=SECOND_LEARNER,
    background="student-career-changer",
    target_role="ml-engineer",
    cloud="gcp",
    hours_per_week=Decimal("5"),
    study_days=(1, 3, 5, 6),
    weeks=13,
    seed=7,
    fading_from_week=6,
    idle_days=12,
    notes={"python-for-data": "List comprehensions and f-strings: fine. Decorators: read again."},
    session_notes={"python-for-data": "Python crash course, chapters 1-3."},
)

PROFILES = (ALEX, SAM)


@dataclass(frozen=True)
class Comment:
    """A comment on a step (None: the one the learner is on), ``days_ago`` before today;
    ``reply`` answers the comment before it."""

    learner: str
    step: str | None
    author: str
    body: str
    days_ago: int
    reply: bool = False


COMMENTS = (
    Comment("learner", "linear-algebra", MENTOR,
            "Good call doing the exercises after the videos. For ML you mostly need the geometric intuition: "
            "projections, and what a matrix does to a vector.", 92),
    Comment("learner", "linear-algebra", "learner",
            "Thanks! Projections finally made sense when I drew least squares as a projection.", 91, reply=True),
    Comment("learner", "supervised-learning", MENTOR,
            "Nice work on supervised learning. Can you explain the bias-variance trade-off in two sentences? "
            "It comes up in every architect interview.", 12),
    Comment("learner", "supervised-learning", "learner",
            "High bias: the model is too simple to fit the signal. High variance: it fits the noise and does "
            "not generalise. Regularisation and more data move you between the two.", 11, reply=True),
    Comment(SECOND_LEARNER, None, MENTOR,
            "I have not seen a session from you for a while. Shall we set a smaller weekly goal, two evenings "
            "instead of four, until work calms down?", 4),
)

# The milestone Alex asked the mentor to sign off (a phase, by its order), and when.
MILESTONE = ("learner", 1, 2, "Maths and the first ML block are done. Could you look over my notes "
             "before I start on neural networks?")

# Quizzes: (learner, assessment slug, days ago, share of questions they get right).
QUIZZES = (
    ("learner", "diagnostic-foundations", 60, 0.6),
    ("learner", "metrics-and-evaluation", 9, 0.8),
    (SECOND_LEARNER, "diagnostic-foundations", 70, 0.45),
)

# Self-assessment levels (1-5), by skill slug.
SELF_RATINGS = {
    "learner": {
        "python-programming": 4, "software-engineering": 5, "mathematics": 3, "statistics-probability": 3,
        "data-wrangling": 3, "ml-algorithms": 2, "cloud-platforms": 3, "mlops": 1, "communication": 4,
    },
    SECOND_LEARNER: {"python-programming": 2, "mathematics": 2, "data-wrangling": 1, "communication": 3},
}

# Certification records: (learner, certification slug, status, days from today to the exam or the
# pass date). A pass 36 months less 40 days ago expires in about 40 days.
CERTIFICATIONS = (
    ("learner", "aws-cloud-practitioner", "passed", -(3 * 365 - 40)),
    ("learner", "aws-ai-practitioner", "booked", 26),
    (SECOND_LEARNER, "gcp-cloud-digital-leader", "planned", None),
)
