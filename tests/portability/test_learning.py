"""Export and import of assessments (attempts with answers and scores), self-ratings and step comments
(portability/learning.py): the round trip, bad input, what a mentor's comments become, and whose data it is."""

import copy
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer, Attempt, SelfRating
from assessments.services import submit_attempt
from mentoring import comments, invitations
from mentoring.models import StepComment
from portability.documents import PortabilityError, export_learner, import_learner
from roadmap.models import Skill
from tests.assessments.helpers import responses, start
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def give_a_learning_history(user, mentor):
    """Two submitted attempts (one right, one half right), one in progress, two self-ratings, and a thread on a
    step: the learner asks, the mentor answers, the learner replies; plus a comment of the learner's own."""
    roadmap = make_roadmap(user, today=today(), start_date=today() - timedelta(days=30))
    right = start(user, seed=1)
    submit_attempt(attempt=right, responses=responses(right))
    mixed = start(user, slug="ml-lifecycle-and-systems", seed=2)
    answers = responses(mixed)
    wrong = responses(mixed, right=False)
    submit_attempt(attempt=mixed, responses=answers[: len(answers) // 2] + wrong[len(answers) // 2:])
    start(user, seed=3)  # in progress: not exported
    SelfRating.objects.create(user=user, skill=Skill.objects.get(slug="python-programming"), level=4)
    SelfRating.objects.create(user=user, skill=Skill.objects.get(slug="mathematics"), level=2)
    invitations.assign(learner=user, mentor=mentor, by=mentor)
    row, other = roadmap.steps.order_by("position")[:2]
    question = comments.add_comment(row=row, author=user, body="Is chapter 3 enough?")
    answer = comments.add_comment(row=row, author=mentor, body="Yes, then the exercises.", parent=question)
    comments.add_comment(row=row, author=user, body="Thanks!", parent=answer)
    comments.add_comment(row=other, author=user, body="Started this one early.")
    return roadmap


@pytest.fixture
def history(alice, mentor, content):
    give_a_learning_history(alice, mentor)
    return export_learner(user=alice)


def attempts_of(user):
    return [
        (a.assessment.slug, a.started, a.submitted, a.score, a.skill_scores,
         [(x.question.slug, x.position, x.credit) for x in a.answers.select_related("question")])
        for a in Attempt.objects.filter(user=user, submitted__isnull=False).order_by("started", "id")
    ]


def test_the_export_holds_submitted_attempts_by_slug_and_choice_key(alice, history):
    attempts = history["attempts"]
    assert len(attempts) == 2  # the attempt in progress is left out
    assert attempts[0]["score"] == 1.0 and 0 < attempts[1]["score"] < 1
    answer = attempts[0]["answers"][0]
    assert isinstance(answer["question"], str) and all(isinstance(key, str) for key in answer["shown"])
    assert set(answer["selected"]) <= set(answer["shown"]) and answer["credit"] == 1.0
    assert {r["skill"]: r["level"] for r in history["self_ratings"]}["python-programming"] == 4
    json.dumps(history)


def test_the_export_holds_the_whole_thread_and_says_which_comments_are_the_learners(alice, history):
    thread = [(c["id"], c["mine"], c["author"], c["parent"], c["body"]) for c in history["comments"]]
    assert thread == [
        (1, True, "alice", None, "Is chapter 3 enough?"),
        (2, False, "maya", 1, "Yes, then the exercises."),
        (3, True, "alice", 1, "Thanks!"),
        (4, True, "alice", None, "Started this one early."),
    ]


def test_a_round_trip_gives_another_learner_the_same_attempts_ratings_and_own_comments(alice, bob, history):
    summary = import_learner(user=bob, data=history)
    assert (summary.attempts, summary.self_ratings, summary.comments) == (2, 2, 3)
    assert attempts_of(bob) == attempts_of(alice)
    assert sorted(SelfRating.objects.filter(user=bob).values_list("skill__slug", "level")) == sorted(
        SelfRating.objects.filter(user=alice).values_list("skill__slug", "level"))
    again = export_learner(user=bob)
    assert again["attempts"] == history["attempts"]
    assert again["self_ratings"] == history["self_ratings"]
    mine = [c for c in history["comments"] if c["mine"]]
    assert [(c["step"], c["body"], c["created"]) for c in again["comments"]] == [
        (c["step"], c["body"], c["created"]) for c in mine]
    assert str(summary).endswith("2 assessment attempts, 2 self-ratings and 3 comments of yours.")


def test_a_mentors_comments_are_never_imported_as_the_learners(alice, bob, mentor, history):
    import_learner(user=bob, data=history)
    assert not StepComment.objects.filter(row__roadmap__user=bob, body="Yes, then the exercises.").exists()
    assert set(StepComment.objects.filter(row__roadmap__user=bob).values_list("author", flat=True)) == {bob.pk}
    reply = StepComment.objects.get(row__roadmap__user=bob, body="Thanks!")
    assert reply.parent.body == "Is chapter 3 enough?"  # the reply stays in the learner's own thread


def test_importing_ones_own_file_replaces_the_data_without_doubling_it(alice, history):
    before = attempts_of(alice)
    import_learner(user=alice, data=history)
    assert attempts_of(alice) == before
    assert SelfRating.objects.filter(user=alice).count() == 2
    assert StepComment.objects.filter(row__roadmap__user=alice, author=alice).count() == 3
    assert not Attempt.objects.filter(user=alice, submitted__isnull=True).exists()


def test_a_forged_score_is_scored_again_from_the_answers(alice, bob, history):
    document = copy.deepcopy(history)
    document["attempts"][1]["score"] = 1.0
    for answer in document["attempts"][1]["answers"]:
        answer["credit"] = 1.0
    import_learner(user=bob, data=document)
    forged = Attempt.objects.filter(user=bob).order_by("started", "id")[1]
    assert forged.score == history["attempts"][1]["score"] < 1
    assert sorted(Answer.objects.filter(attempt=forged).values_list("credit", flat=True))[0] == 0.0


def test_a_file_without_the_new_sections_still_imports_and_clears_them(alice, history):
    document = {key: value for key, value in history.items() if key not in ("attempts", "self_ratings", "comments")}
    summary = import_learner(user=alice, data=document)
    assert (summary.attempts, summary.self_ratings, summary.comments) == (0, 0, 0)
    assert not Attempt.objects.filter(user=alice).exists() and not SelfRating.objects.filter(user=alice).exists()


def bad(history, change):
    document = copy.deepcopy(history)
    change(document)
    return document


BAD = {
    "unknown assessment": (lambda d: d["attempts"][0].__setitem__("assessment", "no-such-quiz"),
                           "attempts[0]: assessment: unknown assessment “no-such-quiz”"),
    "unknown question": (lambda d: d["attempts"][0]["answers"][0].__setitem__("question", "no-such-question"),
                         "attempts[0]: answers[0]: question: unknown question “no-such-question”"),
    "unknown choice": (lambda d: d["attempts"][0]["answers"][0].__setitem__("selected", ["zz"]),
                       "has no choice “zz”"),
    "a choice twice": (lambda d: d["attempts"][0]["answers"][0].__setitem__(
        "selected", d["attempts"][0]["answers"][0]["shown"][:1] * 2), "the same choice twice"),
    "a question answered twice": (lambda d: d["attempts"][0]["answers"].append(d["attempts"][0]["answers"][0]),
                                  "is answered twice"),
    "submitted before it started": (lambda d: d["attempts"][0].__setitem__("submitted", "2001-01-01T00:00:00Z"),
                                    "attempts[0]: submitted: cannot be before the attempt started"),
    "no answers": (lambda d: d["attempts"][0].__setitem__("answers", []), "attempts[0]: answers:"),
    "a level of 6": (lambda d: d["self_ratings"][0].__setitem__("level", 6),
                     "self_ratings[0]: level: Ensure this value is less than or equal to 5."),
    "unknown skill": (lambda d: d["self_ratings"][0].__setitem__("skill", "juggling"),
                      "self_ratings[0]: skill: unknown skill “juggling”"),
    "a skill rated twice": (lambda d: d["self_ratings"].append(d["self_ratings"][0]), "is already listed at"),
    "a comment on a step outside the roadmap": (lambda d: d["comments"][0].__setitem__("step", "no-such-step"),
                                                "comments[0]: step “no-such-step” is not in the roadmap"),
    "a reply to a comment not listed before": (lambda d: d["comments"][0].__setitem__("parent", 4),
                                               "comments[0]: parent 4 is not a comment listed before it"),
    "an empty comment": (lambda d: d["comments"][3].__setitem__("body", ""), "comments[3]: body:"),
    "mine not a boolean": (lambda d: d["comments"][1].__setitem__("mine", "perhaps"),
                           "comments[1]: mine: Must be a valid boolean."),
    "comments without a roadmap": (lambda d: d.update(roadmap=None, steps=[], sessions=[]),
                                   "roadmap: steps, study sessions and comments need a roadmap, which is missing"),
    "attempts not a list": (lambda d: d.__setitem__("attempts", {}), "attempts: must be a list"),
}


@pytest.mark.parametrize("change,message", BAD.values(), ids=BAD.keys())
def test_bad_learning_data_is_refused_with_its_place_and_nothing_changes(alice, bob, history, change, message):
    import_learner(user=bob, data=history)
    before = (attempts_of(bob), list(SelfRating.objects.filter(user=bob).values_list("skill", "level")),
              list(StepComment.objects.filter(row__roadmap__user=bob).values_list("body", flat=True)))
    with pytest.raises(PortabilityError) as raised:
        import_learner(user=bob, data=bad(history, change))
    assert any(message in error for error in raised.value.errors), raised.value.errors
    after = (attempts_of(bob), list(SelfRating.objects.filter(user=bob).values_list("skill", "level")),
             list(StepComment.objects.filter(row__roadmap__user=bob).values_list("body", flat=True)))
    assert after == before


# Whose data it is


def test_only_the_learner_downloads_their_export(client, alice, bob, mentor, history):
    client.force_login(bob)
    mine = client.get("/roadmap/export/").json()
    assert mine["username"] == "bob" and mine["attempts"] == [] and mine["comments"] == []
    client.force_login(mentor)  # alice's mentor gets their own (empty) data, never alice's
    theirs = client.get("/roadmap/export/").json()
    assert theirs["username"] == "maya" and theirs["attempts"] == [] and "Is chapter 3 enough?" not in json.dumps(theirs)
    client.logout()
    assert client.get("/roadmap/export/").status_code == 302
    assert client.get("/api/me/export/").status_code in (401, 403)


def test_importing_touches_only_the_importers_data(alice, bob, history):
    alice_before = attempts_of(alice)
    import_learner(user=bob, data=history)
    import_learner(user=bob, data=bad(history, lambda d: d.update(attempts=[], self_ratings=[], comments=[])))
    assert attempts_of(alice) == alice_before and SelfRating.objects.filter(user=alice).count() == 2
    assert StepComment.objects.filter(row__roadmap__user=alice).count() == 4


def test_reading_a_document_looks_each_kind_of_content_up_once_however_many_items(alice, history):
    """Slugs resolve through one map per document (portability.fields.SlugMapField): twice the attempts and
    sessions cost no more queries, and an answer's question brings its choices and skills along."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portability.documents import DocumentReader

    def queries(document):
        with CaptureQueriesContext(connection) as captured:
            DocumentReader(today=today()).read(document)
        return len(captured)

    doubled = copy.deepcopy(history)
    doubled["attempts"] = history["attempts"] * 2
    doubled["sessions"] = history["sessions"] * 2
    assert len(history["attempts"]) >= 2 and sum(len(a["answers"]) for a in history["attempts"]) > 2
    assert queries(doubled) == queries(history)
