"""The assessments API: the list, start an attempt, submit it, the gap analysis, apply and undo.

Views are thin: the work is in services.py and apply.py. Nothing before submission says which
choice is correct: questions carry only ids, types and texts, choices in a shuffled order.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import answers
from roadmap.models import LearnerRoadmap

from .apply import ApplyError, apply_gap_analysis, undo_application
from .models import Answer, Assessment, Attempt, Question
from .services import AttemptError, Response as Submitted, gap_analysis, start_attempt, submit_attempt

NOT_YOURS = "Another learner's attempt answers 404, as if it did not exist."
NO_ROADMAP = "You have no roadmap yet: the gap analysis measures you against its target role. POST /api/roadmap/ first."


def percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


class AssessmentSerializer(serializers.ModelSerializer):
    phase = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True,
                                         help_text="The roadmap phase it diagnoses; null for a skill-area diagnostic.")
    skills = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["slug", "title", "description", "kind", "phase", "skills", "question_count", "time_limit_minutes"]


class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="question.id")
    type = serializers.ChoiceField(source="question.type", choices=Question.Type.choices)
    text = serializers.CharField(source="question.text")
    choices = serializers.SerializerMethodField()

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_choices(self, answer: Answer) -> list[dict]:
        text = {c.id: c.text for c in answer.question.choices.all()}
        return [{"id": choice, "text": text[choice]} for choice in answer.shown_order if choice in text]


class AttemptSerializer(serializers.ModelSerializer):
    assessment = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    questions = QuestionSerializer(source="answers", many=True, read_only=True)

    class Meta:
        model = Attempt
        fields = ["id", "assessment", "started", "deadline", "questions"]


class AnswerInSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="A question id of this attempt.")
    choices = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, max_length=20,
        help_text="Choice ids of the question; for an ordering question every choice, in your order.",
    )


class SubmitSerializer(serializers.Serializer):
    answers = AnswerInSerializer(many=True, max_length=200)


class SkillScoreSerializer(serializers.Serializer):
    skill = serializers.CharField(help_text="Skill slug.")
    name = serializers.CharField()
    score = serializers.FloatField(help_text="Percent, 0 to 100.")
    questions = serializers.IntegerField()


class AnswerOutSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    text = serializers.CharField(source="question.text")
    choices = serializers.ListField(source="selected", child=serializers.IntegerField())
    correct_choices = serializers.SerializerMethodField(help_text="For an ordering question: the right order.")
    score = serializers.SerializerMethodField(help_text="Percent, 0 to 100.")
    explanation = serializers.CharField(source="question.explanation")
    source = serializers.CharField(source="question.source")
    source_title = serializers.CharField(source="question.source_title", help_text="The source document's title.")
    source_url = serializers.CharField(source="question.source_url", help_text="Where to read it; empty when it has no address.")

    def get_correct_choices(self, answer: Answer) -> list[int]:
        choices = sorted((c for c in answer.question.choices.all() if c.id in answer.shown_order),
                         key=lambda c: (c.position, c.id))
        if answer.question.type == Question.Type.ORDERING:
            return [c.id for c in choices]
        return [c.id for c in choices if c.correct]

    def get_score(self, answer: Answer) -> float:
        return percent(answer.credit)


class ResultSerializer(serializers.ModelSerializer):
    assessment = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    score = serializers.SerializerMethodField(help_text="Percent, 0 to 100.")
    skills = serializers.SerializerMethodField()
    answers = AnswerOutSerializer(many=True, read_only=True)

    class Meta:
        model = Attempt
        fields = ["id", "assessment", "started", "submitted", "score", "skills", "answers"]

    def get_score(self, attempt: Attempt) -> float:
        return percent(attempt.score)

    @extend_schema_field(SkillScoreSerializer(many=True))
    def get_skills(self, attempt: Attempt) -> list[dict]:
        return [{"skill": slug, "name": s["name"], "score": percent(s["score"]), "questions": s["questions"]}
                for slug, s in sorted(attempt.skill_scores.items())]


class AssessmentList(generics.ListAPIView):
    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.active().select_related("phase").prefetch_related("skills")
    pagination_class = None

    @extend_schema(summary="The diagnostics you can take")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def attempt_with_questions(attempt_id: int) -> Attempt:
    return Attempt.objects.select_related("assessment").prefetch_related("answers__question__choices").get(
        pk=attempt_id)


class StartAttempt(APIView):
    @extend_schema(request=None, responses={201: AttemptSerializer},
                   summary="Start an attempt: the questions drawn for you, without their answers")
    def post(self, request, slug):
        assessment = get_object_or_404(Assessment.objects.active(), slug=slug)
        try:
            attempt = start_attempt(user=request.user, assessment=assessment)
        except AttemptError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from None
        return Response(AttemptSerializer(attempt_with_questions(attempt.pk)).data, status=status.HTTP_201_CREATED)


class SubmitAttempt(APIView):
    @extend_schema(request=SubmitSerializer, responses=ResultSerializer, description=NOT_YOURS,
                   summary="Submit your answers once, within the time limit: the score, per skill and per answer")
    def post(self, request, pk):
        attempt = get_object_or_404(Attempt, pk=pk, user=request.user)
        submission = SubmitSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        responses = [Submitted(a["question"], a["choices"]) for a in submission.validated_data["answers"]]
        try:
            submit_attempt(attempt=attempt, responses=responses)
        except AttemptError as exc:
            raise ValidationError({"answers": [str(exc)]}) from None
        return Response(ResultSerializer(attempt_with_questions(attempt.pk)).data)


class GapSkillSerializer(serializers.Serializer):
    skill = serializers.CharField(help_text="Skill slug.")
    name = serializers.CharField()
    required = serializers.IntegerField(help_text="Level 1-5 the target role requires.")
    demonstrated = serializers.IntegerField(allow_null=True, help_text="Level 1-5 from your quizzes, if any.")
    self_rated = serializers.IntegerField(allow_null=True, help_text="Your own rating 1-5, if any.")
    gap = serializers.IntegerField(help_text="Required level less your level, never below 0.")
    score = serializers.SerializerMethodField(help_text="Percent over the questions you answered, if any.")
    questions = serializers.IntegerField()

    def get_score(self, row) -> float | None:
        return percent(row.score)


class GapSerializer(serializers.Serializer):
    role = serializers.CharField(source="role.slug")
    skills = GapSkillSerializer(source="rows", many=True)


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Steps skipped as tested out.")
    moved = serializers.IntegerField(help_text="Steps that changed place.")
    undone = serializers.DateTimeField(allow_null=True)


def own_roadmap(user) -> LearnerRoadmap:
    roadmap = LearnerRoadmap.objects.select_related("target_role").filter(user=user).first()
    if roadmap is None:
        raise NotFound(NO_ROADMAP)
    return roadmap


def change_roadmap(request, change) -> Response:
    """Apply or undo on the learner's roadmap; nothing to do is a 400."""
    try:
        application = change(roadmap=own_roadmap(request.user), today=timezone.localdate())
    except ApplyError as exc:
        raise ValidationError({"non_field_errors": [str(exc)]}) from None
    return Response(ApplicationSerializer(application).data)


@answers(404)  # no roadmap yet
class GapAnalysisView(APIView):
    @extend_schema(responses=GapSerializer, summary="Your skills against your target role, largest gap first")
    def get(self, request):
        analysis = gap_analysis(user=request.user, roadmap=own_roadmap(request.user))
        return Response(GapSerializer(analysis).data)


@answers(400, 404)  # nothing to apply; no roadmap yet
class ApplyGapAnalysis(APIView):
    @extend_schema(request=None, responses=ApplicationSerializer,
                   summary="Skip the steps you tested out of, move your weakest skills' steps earlier, re-plan")
    def post(self, request):
        return change_roadmap(request, apply_gap_analysis)


@answers(400, 404)  # nothing to undo; no roadmap yet
class UndoGapAnalysis(APIView):
    @extend_schema(request=None, responses=ApplicationSerializer,
                   summary="Undo the latest application: every step back as it was")
    def post(self, request):
        return change_roadmap(request, undo_application)


urlpatterns = [
    path("assessments/", AssessmentList.as_view(), name="api-assessments"),
    path("assessments/<slug:slug>/attempts/", StartAttempt.as_view(), name="api-assessment-attempts"),
    path("attempts/<int:pk>/submit/", SubmitAttempt.as_view(), name="api-attempt-submit"),
    path("gap-analysis/", GapAnalysisView.as_view(), name="api-gap-analysis"),
    path("gap-analysis/apply/", ApplyGapAnalysis.as_view(), name="api-gap-analysis-apply"),
    path("gap-analysis/undo/", UndoGapAnalysis.as_view(), name="api-gap-analysis-undo"),
]
