"""The learner's roadmap API: generate or re-plan, read, change steps, log, edit and delete study sessions.

Views are thin: validation in serializers, the work in planning.py and step_status.py.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import answers

from .dashboard import summarise
from .models import Background, Cloud, TargetRole
from .models import MAX_SESSION_MINUTES, MAX_SKIP_REASON_LENGTH, LearnerRoadmap, RoadmapStep, StudySession
from .planning import Answers, plan_roadmap
from .rules import hours_per_week_validators, validate_study_days
from .scheduling import ScheduleError
from .step_status import StepChangeError, change_step, log_session


class AnswersSerializer(serializers.Serializer):
    background = serializers.SlugRelatedField(slug_field="slug", queryset=Background.objects.active())
    target_role = serializers.SlugRelatedField(slug_field="slug", queryset=TargetRole.objects.active())
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, validators=hours_per_week_validators)
    study_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), validators=[validate_study_days],
        help_text="Weekday numbers, Monday = 0, each once.",
    )
    start_date = serializers.DateField()
    cloud = serializers.ChoiceField(choices=[c for c in Cloud.values if c])

    def to_answers(self) -> Answers:
        data = self.validated_data
        return Answers(data["background"], data["target_role"], data["hours_per_week"],
                       tuple(sorted(data["study_days"])), data["start_date"], data["cloud"])


class RoadmapStepSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="step.slug")
    title = serializers.CharField(source="step.title")
    phase = serializers.CharField(source="step.phase.slug")
    estimated_hours = serializers.IntegerField(source="step.estimated_hours")
    archived = serializers.BooleanField(source="step.archived")

    class Meta:
        model = RoadmapStep
        fields = ["id", "slug", "title", "phase", "status", "estimated_hours", "planned_start", "planned_end",
                  "skip_source", "skip_reason", "skipped_on", "optional", "archived", "note"]


class RoadmapSerializer(serializers.Serializer):
    background = serializers.CharField(source="roadmap.background.slug")
    target_role = serializers.CharField(source="roadmap.target_role.slug")
    hours_per_week = serializers.DecimalField(source="roadmap.hours_per_week", max_digits=4, decimal_places=1)
    study_days = serializers.ListField(source="roadmap.study_days", child=serializers.IntegerField())
    start_date = serializers.DateField(source="roadmap.start_date")
    cloud = serializers.CharField(source="roadmap.cloud")
    steps = RoadmapStepSerializer(source="rows", many=True)
    planned_finish = serializers.DateField(source="roadmap.planned_finish")
    projected_finish = serializers.DateField(allow_null=True)
    ahead_days = serializers.IntegerField(allow_null=True)
    hours_per_week_logged = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    def get_hours_per_week_logged(self, summary) -> float:
        return round(summary.pace.minutes_per_week / 60, 2)

    def get_calendar_url(self, summary) -> str:
        path = reverse("roadmap:calendar", args=[summary.roadmap.calendar_token])
        return self.context["request"].build_absolute_uri(path)


def roadmap_response(request, roadmap: LearnerRoadmap, *, code=status.HTTP_200_OK) -> Response:
    """The learner's own roadmap (mentoring/api.py gives mentors the same shape, minus the private fields)."""
    summary = summarise(roadmap, today=timezone.localdate())
    return Response(RoadmapSerializer(summary, context={"request": request}).data, status=code)


class RoadmapView(APIView):
    @extend_schema(responses=RoadmapSerializer, summary="The learner's roadmap with its schedule and projection")
    @answers(404)
    def get(self, request):
        roadmap = LearnerRoadmap.objects.select_related("background", "target_role").filter(user=request.user).first()
        if roadmap is None:
            raise NotFound("You have no roadmap yet: POST your answers to /api/roadmap/ to generate one.")
        return roadmap_response(request, roadmap)

    @extend_schema(request=AnswersSerializer, responses={200: RoadmapSerializer, 201: RoadmapSerializer},
                   summary="Generate the roadmap, or re-plan it keeping every status and logged hour")
    def post(self, request):
        answers = AnswersSerializer(data=request.data)
        answers.is_valid(raise_exception=True)
        existed = LearnerRoadmap.objects.filter(user=request.user).exists()
        try:
            roadmap = plan_roadmap(user=request.user, answers=answers.to_answers(), today=timezone.localdate())
        except ScheduleError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from None
        return roadmap_response(request, roadmap, code=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class StepChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RoadmapStep.Status.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    skip_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_SKIP_REASON_LENGTH,
        help_text="Why you skip the step, with status skipped (or to reword your own skip's reason). "
                  "Blank: no reason; the page still says who skipped it and when.",
    )


class RoadmapStepView(APIView):
    @extend_schema(request=StepChangeSerializer, responses=RoadmapStepSerializer,
                   summary="Change a step's status, private note or skip reason")
    def patch(self, request, pk):
        row = get_object_or_404(RoadmapStep.objects.select_related("roadmap", "step__phase"),
                                pk=pk, roadmap__user=request.user)
        change = StepChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        if not change.validated_data:
            raise ValidationError({"non_field_errors": ["Send a status, a note or a skip reason."]})
        try:
            change_step(row=row, today=timezone.localdate(), **change.validated_data)
        except (StepChangeError, ScheduleError) as exc:
            field = "skip_reason" if "skip_reason" in change.validated_data else "status"
            raise ValidationError({field: [str(exc)]}) from None
        row.refresh_from_db()
        return Response(RoadmapStepSerializer(row).data)


class StudySessionSerializer(serializers.ModelSerializer):
    step = serializers.PrimaryKeyRelatedField(queryset=RoadmapStep.objects.none(), allow_null=True, required=False)
    minutes = serializers.IntegerField(min_value=1, max_value=MAX_SESSION_MINUTES)

    class Meta:
        model = StudySession
        fields = ["id", "date", "minutes", "step", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Another learner's step is simply not a valid choice.
            self.fields["step"].queryset = RoadmapStep.objects.filter(roadmap__user=request.user)

    def validate_date(self, day):
        if day > self.context.get("today", timezone.localdate()):
            raise serializers.ValidationError("A study session cannot be in the future.")
        return day


@answers(404, methods=("post",))  # no roadmap to log a session on yet
class StudySessionList(generics.ListCreateAPIView):
    serializer_class = StudySessionSerializer

    def roadmap(self) -> LearnerRoadmap:
        roadmap = LearnerRoadmap.objects.filter(user=self.request.user).first()
        if roadmap is None:
            raise NotFound("You have no roadmap yet: POST your answers to /api/roadmap/ first.")
        return roadmap

    def get_queryset(self):
        return StudySession.objects.filter(roadmap__user=self.request.user).order_by("-date", "-id")

    def perform_create(self, serializer):
        log_session(serializer.save(roadmap=self.roadmap()))


@extend_schema_view(
    get=extend_schema(summary="One of your study sessions"),
    patch=extend_schema(summary="Correct a study session (the rules of logging one apply: no future date, 1-960 minutes)"),
    delete=extend_schema(summary="Delete a study session"),
)
class StudySessionDetail(generics.RetrieveUpdateDestroyAPIView):
    """One of the learner's own sessions: another learner's is a 404, as if it did not exist."""

    serializer_class = StudySessionSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return StudySession.objects.filter(roadmap__user=self.request.user)

    def perform_update(self, serializer):
        log_session(serializer.save())
