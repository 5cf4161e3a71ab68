"""Checks of the content as a whole, beyond what each item's schema can see.

``check_integrity`` finds what would break the roadmap generator (prerequisite
cycles, prerequisites it could not schedule first) and questions nobody could answer
right; ``load_content`` refuses such content. ``check_coverage`` holds the content to the minimums of the issue and to
the seeds' time figures; ``check_content`` runs both.
"""

from roadmap.content.reader import Content, Item

CLOUDS = ("aws", "gcp", "azure")

# The seeds' pace (000: 5-6 hours a week); a phase's hours must fit its months at that pace.
HOURS_PER_WEEK = (5, 6)
WEEKS_PER_MONTH = 4.33

MINIMUMS = {
    "background": 4,
    "target role": 3,
    "phase": 3,
    "step": 60,
    "lifecycle phase": 5,
    "skill": 10,
    "resource": 10,
    "certification": 6,
    "portfolio project": 1,
    "question": 120,
    "glossary term": 40,
}
QUESTION_TYPES = ("single", "multiple", "true_false", "ordering")
# Per skill an assessment names: enough questions that a second attempt can avoid the first one's.
QUESTIONS_PER_ATTEMPT_FACTOR = 2


def check_integrity(content: Content) -> list[str]:
    steps = content.of("step")
    return [
        *_prerequisite_cycles(steps),
        *_prerequisite_order(content, steps),
        *_prerequisite_availability(steps),
        *_cloud_sets(steps),
        *_unanswerable_questions(content.of("question")),
        *_assessment_shapes(content.of("assessment")),
    ]


def check_coverage(content: Content) -> list[str]:
    problems = [
        f"only {len(content.of(kind))} {kind} items; at least {minimum} are needed"
        for kind, minimum in MINIMUMS.items()
        if len(content.of(kind)) < minimum
    ]
    return problems + _phase_budgets(content) + _question_bank_coverage(content)


def _prerequisite_cycles(steps: list[Item]) -> list[str]:
    requires = {step.slug: step.values["prerequisites"] for step in steps}
    where = {step.slug: step.where for step in steps}
    cycles: list[list[str]] = []
    state: dict[str, str] = {}  # slug -> "open" while on the path, "done" after

    def visit(slug: str, path: list[str]) -> None:
        state[slug] = "open"
        path.append(slug)
        for prerequisite in requires.get(slug, []):
            if state.get(prerequisite) == "open":
                cycles.append(path[path.index(prerequisite) :] + [prerequisite])
            elif prerequisite not in state:
                visit(prerequisite, path)
        path.pop()
        state[slug] = "done"

    for slug in requires:
        if slug not in state:
            visit(slug, [])
    return [f"{where[cycle[0]]}: prerequisite cycle {' -> '.join(cycle)}" for cycle in cycles]


def _prerequisite_order(content: Content, steps: list[Item]) -> list[str]:
    """A prerequisite must come before its step: in an earlier phase, or earlier in the file."""
    phase_rank = {phase.slug: n for n, phase in enumerate(content.of("phase"))}
    position = {step.slug: n for n, step in enumerate(steps)}
    by_slug = {step.slug: step for step in steps}
    problems = []
    for step in steps:
        for slug in step.values["prerequisites"]:
            prerequisite = by_slug[slug]
            if phase_rank[prerequisite.values["phase"]] > phase_rank[step.values["phase"]]:
                problems.append(f"{step.where}: prerequisite '{slug}' is in a later phase")
            elif position[slug] > position[step.slug]:
                problems.append(f"{step.where}: prerequisite '{slug}' is listed after the step")
    return problems


def _prerequisite_availability(steps: list[Item]) -> list[str]:
    """Whoever takes a step must also get its prerequisites, whatever their cloud and role."""
    by_slug = {step.slug: step for step in steps}
    problems = []
    for step in steps:
        for slug in step.values["prerequisites"]:
            prerequisite = by_slug[slug]
            if not _clouds(step) <= _clouds(prerequisite):
                problems.append(f"{step.where}: prerequisite '{slug}' is not offered on every cloud the step is")
            if not _roles_covered(step, prerequisite):
                problems.append(f"{step.where}: prerequisite '{slug}' is not needed by every role the step is")
    return problems


def _clouds(step: Item) -> set[str]:
    return {step.values["cloud"]} if step.values["cloud"] else set(CLOUDS)


def _roles_covered(step: Item, prerequisite: Item) -> bool:
    # An empty list of target roles means every role.
    needed, offered = set(step.values["target_roles"]), set(prerequisite.values["target_roles"])
    return not offered or (bool(needed) and needed <= offered)


def _cloud_sets(steps: list[Item]) -> list[str]:
    """A cloud-specific step 'x-aws' needs 'x-gcp' and 'x-azure' in the same phase, so no cloud is left short."""
    by_slug = {step.slug: step for step in steps}
    problems = []
    for step in steps:
        cloud = step.values["cloud"]
        if not cloud:
            continue
        if not step.slug.endswith(f"-{cloud}"):
            problems.append(f"{step.where}: a {cloud} step's slug must end with '-{cloud}'")
            continue
        stem = step.slug.removesuffix(f"-{cloud}")
        for other in CLOUDS:
            twin = by_slug.get(f"{stem}-{other}")
            if twin is None or twin.values["cloud"] != other or twin.values["phase"] != step.values["phase"]:
                problems.append(f"{step.where}: no matching {other} step '{stem}-{other}' in the same phase")
    return problems


def path_hours(content: Content, *, role: str, cloud: str) -> dict[str, int]:
    """Hours per phase of the full path for one target role and preferred cloud."""
    hours = {phase.slug: 0 for phase in content.of("phase")}
    for step in content.of("step"):
        roles = step.values["target_roles"]
        if step.values["cloud"] in ("", cloud) and (not roles or role in roles):
            hours[step.values["phase"]] += step.values["estimated_hours"]
    return hours


def _phase_budgets(content: Content) -> list[str]:
    low, high = HOURS_PER_WEEK
    problems = []
    for phase in content.of("phase"):
        least = round(phase.values["min_months"] * WEEKS_PER_MONTH * low)
        most = round(phase.values["max_months"] * WEEKS_PER_MONTH * high)
        for role in [item.slug for item in content.of("target role")]:
            for cloud in CLOUDS:
                hours = path_hours(content, role=role, cloud=cloud)[phase.slug]
                if not least <= hours <= most:
                    problems.append(
                        f"{phase.where}: {hours} h for role '{role}' on {cloud} do not fit "
                        f"{phase.values['min_months']}-{phase.values['max_months']} months "
                        f"at {low}-{high} h a week ({least}-{most} h)"
                    )
    return problems


def _unanswerable_questions(questions: list[Item]) -> list[str]:
    """Every question must have one right answer a learner can give."""
    problems = []
    for question in questions:
        kind, choices = question.values["type"], question.values["choices"]
        correct = [c for c in choices if c.get("correct")]
        problem = ""
        if kind in ("single", "true_false") and len(correct) != 1:
            problem = f"a {kind} question needs exactly one correct choice, not {len(correct)}"
        elif kind == "multiple" and not correct:
            problem = "a multiple-choice question needs at least one correct choice"
        elif kind == "true_false" and sorted(c["key"] for c in choices) != ["false", "true"]:
            problem = "a true/false question has exactly the choices 'true' and 'false'"
        elif kind == "ordering" and correct:
            problem = "an ordering question's answer is the order of its choices: mark none correct"
        elif kind in ("single", "multiple", "ordering") and len(choices) < 2:
            problem = "needs at least two choices"
        elif question.values["scoring"] == "partial" and kind not in ("multiple", "ordering"):
            problem = "partial credit applies only to multiple-choice and ordering questions"
        if problem:
            problems.append(f"{question.where}: {problem}")
    return problems


def _assessment_shapes(assessments: list[Item]) -> list[str]:
    problems = []
    for assessment in assessments:
        has_phase = bool(assessment.values["phase"])
        if (assessment.values["kind"] == "phase") != has_phase:
            problems.append(f"{assessment.where}: a phase diagnostic names its phase, a skill-area one does not")
    return problems


def _question_bank_coverage(content: Content) -> list[str]:
    questions = content.of("question")
    problems = [
        f"no {kind} question in the bank"
        for kind in QUESTION_TYPES
        if questions and not any(q.values["type"] == kind for q in questions)
    ]
    for assessment in content.of("assessment"):
        skills = set(assessment.values["skills"])
        pool = sum(1 for q in questions if skills & set(q.values["skills"]))
        wanted = assessment.values["question_count"] * QUESTIONS_PER_ATTEMPT_FACTOR
        if pool < wanted:
            problems.append(
                f"{assessment.where}: the bank holds {pool} questions on its skills; "
                f"at least {wanted} are needed so a second attempt can avoid the first one's"
            )
    return problems
