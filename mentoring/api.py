"""Mentoring API (included under /api/).

POST   mentorships/                       the learner invites a mentor (`mentor`: username or e-mail)
GET    mentorships/                       the caller's mentorships: as mentor, and as learner once accepted
GET    mentor-invitations/                the learner's invitations waiting for an answer, as typed
DELETE mentor-invitations/<id>/           the learner withdraws one
POST   mentorships/<id>/accept|decline/   the invited mentor answers
DELETE mentorships/<id>/                  either side ends it
GET    mentees/                           the mentor's active mentees with pace and risk
GET    mentees/<username>/roadmap/        a mentee's roadmap, in the shape of GET /api/roadmap/
GET/POST steps/<id>/comments/             comments on a roadmap step (learner and active mentors)
GET/POST milestones/                      the learner's sign-offs; POST `phase` (slug) requests one
GET    mentees/<username>/milestones/     a mentee's sign-offs
GET    milestones/<id>/                   one sign-off with its history
POST   milestones/<id>/<action>/          start, approve, request-changes, answer, request-again
GET    notifications/ ; POST notifications/read/

Anything about a learner the caller may not see is a 404, never a 403.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import MENTOR, has_role
from core.api_schema import answers

from roadmap.api import RoadmapSerializer, RoadmapStepSerializer
from roadmap.dashboard import PRIVATE_STEP_FIELDS, summarise
from roadmap.models import LearnerRoadmap, Phase, RoadmapStep

from . import access, comments, invitations, mentees, milestones, notifications
from .models import Invitation, MilestoneEvent, MilestoneReview, Mentorship, Notification, StepComment

A = MilestoneEvent.Action


def refused(exc: access.MentoringError):
    return ValidationError({"non_field_errors": [str(exc)]})


class MentorshipSerializer(serializers.ModelSerializer):
    learner = serializers.CharField(source="learner.username", read_only=True)
    mentor = serializers.CharField(source="mentor.username", read_only=True)

    class Meta:
        model = Mentorship
        fields = ["id", "learner", "mentor", "status", "created", "responded_at", "ended_at"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "invitee", "created"]


class InviteSerializer(serializers.Serializer):
    mentor = serializers.CharField(max_length=254, help_text="The mentor's username, or one e-mail address.")

    def validate_mentor(self, value):
        return invitations.clean_identifier(value)


class MentorshipList(APIView):
    @extend_schema(responses=MentorshipSerializer(many=True), summary="My mentorships, as mentor and as learner",
                   description="As the mentor: every mentorship, those waiting for your answer too. As the "
                               "learner: those the mentor accepted (active or ended since); an invitation "
                               "still waiting is in GET /api/mentor-invitations/, as you typed it.")
    def get(self, request):
        mine = access.mentorships_of(request.user).select_related("learner", "mentor")
        return Response(MentorshipSerializer(mine, many=True).data)

    @extend_schema(
        request=InviteSerializer,
        responses={
            202: inline_serializer("InvitationSent", {"detail": serializers.CharField(),
                                                      "invitation": InvitationSerializer()}),
            400: OpenApiResponse(description="`mentor` is not a username or a single valid e-mail address "
                                             "(named under `mentor`), or is the learner themself."),
        },
        summary="Invite a mentor by username or e-mail; an unknown e-mail address gets an invitation link",
        description="The answer is the same whether or not the username or address has an account here, or "
                    "was invited before: the invitation as typed, listed in GET /api/mentor-invitations/ "
                    "until the mentor accepts (then in GET /api/mentorships/) or you withdraw it.",
    )
    def post(self, request):
        data = InviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            invitation = invitations.send_invitation(learner=request.user, identifier=data.validated_data["mentor"])
        except access.MentoringError as exc:
            raise refused(exc) from None
        return Response({"detail": invitations.invited_message(data.validated_data["mentor"]),
                         "invitation": InvitationSerializer(invitation).data}, status=status.HTTP_202_ACCEPTED)


class InvitationList(APIView):
    @extend_schema(responses=InvitationSerializer(many=True), summary="My invitations waiting for an answer",
                   description="Each as you typed it (username or e-mail address), newest first, alike whether "
                               "or not it names an account here.")
    def get(self, request):
        return Response(InvitationSerializer(invitations.waiting_invitations(request.user), many=True).data)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT


class InvitationDetail(APIView):
    @extend_schema(responses={204: None}, summary="Withdraw one of my invitations waiting for an answer")
    @answers(409)  # already accepted or withdrawn
    def delete(self, request, pk):
        invitation = get_object_or_404(Invitation, pk=pk, learner=request.user)
        try:
            invitations.withdraw(invitation=invitation, learner=request.user)
        except access.MentoringError as exc:
            raise Conflict(str(exc)) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class MentorshipDetail(APIView):
    @extend_schema(responses={204: None}, summary="End a mentorship (learner or mentor)")
    def delete(self, request, pk):
        mentorship = get_object_or_404(access.mentorships_of(request.user), pk=pk)
        try:
            invitations.end(mentorship=mentorship, user=request.user)
        except access.MentoringError as exc:
            raise refused(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class MentorshipAnswer(APIView):
    accept = True

    @extend_schema(request=None, responses=MentorshipSerializer, summary="Answer an invitation (the invited mentor)")
    def post(self, request, pk):
        mentorship = get_object_or_404(Mentorship, pk=pk, mentor=request.user)
        try:
            invitations.respond(mentorship=mentorship, mentor=request.user, accept=self.accept)
        except access.MentoringError as exc:
            raise refused(exc) from None
        return Response(MentorshipSerializer(mentorship).data)


class MenteeGapSerializer(serializers.Serializer):
    skill = serializers.CharField()
    name = serializers.CharField()
    required = serializers.IntegerField()
    level = serializers.IntegerField()
    gap = serializers.IntegerField()


class MenteeSerializer(serializers.Serializer):
    username = serializers.CharField()
    progress = serializers.IntegerField(help_text="Percent of the planned hours done.")
    hours_per_week_logged = serializers.FloatField()
    ahead_days = serializers.IntegerField(allow_null=True)
    at_risk = serializers.BooleanField()
    at_risk_reason = serializers.CharField()
    last_activity = serializers.DateField(allow_null=True)
    certifications = serializers.ListField(child=serializers.CharField())
    gaps = MenteeGapSerializer(many=True)


def mentor_only(request):
    if not has_role(request.user, MENTOR):
        raise PermissionDenied("This is for mentors.")


class MenteeList(APIView):
    @extend_schema(responses=MenteeSerializer(many=True), summary="The mentor's active mentees with pace and risk")
    def get(self, request):
        mentor_only(request)
        rows = mentees.mentee_rows(mentor=request.user, today=timezone.localdate(),
                                   sort=request.query_params.get("sort", "risk"),
                                   only_at_risk=request.query_params.get("at_risk") == "1")
        return Response(MenteeSerializer(rows, many=True).data)


def mentee(request, username) -> LearnerRoadmap:
    roadmap = access.mentee_roadmap(mentor=request.user, username=username)
    if roadmap is None:
        raise NotFound("No mentee of yours has this name.")
    return roadmap


class MenteeStepSerializer(RoadmapStepSerializer):
    class Meta(RoadmapStepSerializer.Meta):
        fields = [name for name in RoadmapStepSerializer.Meta.fields if name not in PRIVATE_STEP_FIELDS]


class MenteeRoadmapSerializer(RoadmapSerializer):
    """The learner's roadmap shape minus what stays theirs: no step notes, no calendar address."""

    steps = MenteeStepSerializer(source="rows", many=True)
    calendar_url = None


class MenteeRoadmap(APIView):
    @extend_schema(responses=MenteeRoadmapSerializer,
                   summary="A mentee's roadmap, read-only, without their private notes and calendar address")
    def get(self, request, username):
        # Neither is read: the roadmap comes without its calendar token, the steps without their notes.
        summary = summarise(mentee(request, username), today=timezone.localdate(), private=False)
        return Response(MenteeRoadmapSerializer(summary, context={"request": request}).data)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=StepComment.objects.all(), allow_null=True, required=False)
    body = serializers.CharField(max_length=5000)

    class Meta:
        model = StepComment
        fields = ["id", "author", "parent", "body", "created"]
        read_only_fields = ["id", "created"]


def visible_row(request, pk) -> RoadmapStep:
    row = comments.visible_row(request.user, pk)
    if row is None:
        raise NotFound("No such step.")
    return row


class StepComments(APIView):
    @extend_schema(responses=CommentSerializer(many=True), summary="Comments on a step, oldest first")
    def get(self, request, pk):
        row = visible_row(request, pk)
        return Response(CommentSerializer(row.comments.select_related("author"), many=True).data)

    @extend_schema(request=CommentSerializer, responses={201: CommentSerializer},
                   summary="Comment on a step, or reply (`parent`)")
    def post(self, request, pk):
        row = visible_row(request, pk)
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            comment = comments.add_comment(row=row, author=request.user, body=data.validated_data["body"],
                                          parent=data.validated_data.get("parent"))
        except access.MentoringError as exc:
            raise refused(exc) from None
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = MilestoneEvent
        fields = ["actor", "action", "comment", "created"]


class MilestoneSerializer(serializers.ModelSerializer):
    learner = serializers.CharField(source="roadmap.user.username")
    phase = serializers.CharField(source="phase.slug")
    reviewer = serializers.CharField(source="reviewer.username", allow_null=True, default=None)
    history = EventSerializer(source="events", many=True)

    class Meta:
        model = MilestoneReview
        fields = ["id", "learner", "phase", "status", "reviewer", "updated", "history"]


class RequestReviewSerializer(serializers.Serializer):
    phase = serializers.SlugRelatedField(slug_field="slug", queryset=Phase.objects.all())
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ActionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


def reviews_of(roadmap):
    return roadmap.milestone_reviews.select_related("roadmap__user", "phase", "reviewer").prefetch_related(
        "events__actor").defer(*access.private_fields(roadmap="roadmap__"))


class MilestoneList(APIView):
    @extend_schema(responses=MilestoneSerializer(many=True), summary="My phase sign-offs")
    def get(self, request):
        roadmap = LearnerRoadmap.objects.filter(user=request.user).first()
        return Response(MilestoneSerializer(reviews_of(roadmap) if roadmap else [], many=True).data)

    @extend_schema(request=RequestReviewSerializer, responses={201: MilestoneSerializer},
                   summary="Request a sign-off of a phase (or again, after changes were asked)")
    @answers(404)  # no roadmap yet
    def post(self, request):
        roadmap = LearnerRoadmap.objects.filter(user=request.user).first()
        if roadmap is None:
            raise NotFound("You have no roadmap yet.")
        data = RequestReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            review = milestones.request_review(roadmap=roadmap, user=request.user, **data.validated_data)
        except access.MentoringError as exc:
            raise refused(exc) from None
        return Response(MilestoneSerializer(review).data, status=status.HTTP_201_CREATED)


class MenteeMilestones(APIView):
    @extend_schema(responses=MilestoneSerializer(many=True), summary="A mentee's phase sign-offs")
    def get(self, request, username):
        return Response(MilestoneSerializer(reviews_of(mentee(request, username)), many=True).data)


def visible_review(request, pk) -> MilestoneReview:
    reviews = MilestoneReview.objects.select_related("roadmap__user", "phase")
    review = reviews.defer(*access.private_fields(roadmap="roadmap__")).filter(pk=pk).first()
    if review is None or not access.can_see(request.user, review.roadmap.user):
        raise NotFound("No such review.")
    return review


class MilestoneDetail(APIView):
    @extend_schema(responses=MilestoneSerializer, summary="One phase sign-off with its history")
    def get(self, request, pk):
        return Response(MilestoneSerializer(visible_review(request, pk)).data)


class MilestoneAction(APIView):
    action = A.STARTED

    @extend_schema(request=ActionSerializer, responses=MilestoneSerializer, summary="Move a phase sign-off on")
    def post(self, request, pk):
        review = visible_review(request, pk)
        data = ActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            review = milestones.act(review=review, user=request.user, action=self.action,
                                 comment=data.validated_data.get("comment", ""))
        except access.MentoringError as exc:
            raise refused(exc) from None
        return Response(MilestoneSerializer(review).data)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "text", "url", "created", "read_at"]


class NotificationList(APIView):
    @extend_schema(responses=NotificationSerializer(many=True), summary="My latest notifications")
    def get(self, request):
        return Response(NotificationSerializer(Notification.objects.filter(user=request.user)[:100], many=True).data)


class NotificationsRead(APIView):
    @extend_schema(request=None, responses={204: None}, summary="Mark all my notifications read")
    def post(self, request):
        notifications.mark_read(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def action_view(action, name):
    return type(name, (MilestoneAction,), {"action": action}).as_view()


urlpatterns = [
    path("mentorships/", MentorshipList.as_view(), name="api-mentorships"),
    path("mentorships/<int:pk>/", MentorshipDetail.as_view(), name="api-mentorship"),
    path("mentorships/<int:pk>/accept/", MentorshipAnswer.as_view(accept=True), name="api-mentorship-accept"),
    path("mentorships/<int:pk>/decline/", MentorshipAnswer.as_view(accept=False), name="api-mentorship-decline"),
    path("mentor-invitations/", InvitationList.as_view(), name="api-mentor-invitations"),
    path("mentor-invitations/<int:pk>/", InvitationDetail.as_view(), name="api-mentor-invitation"),
    path("mentees/", MenteeList.as_view(), name="api-mentees"),
    path("mentees/<str:username>/roadmap/", MenteeRoadmap.as_view(), name="api-mentee-roadmap"),
    path("mentees/<str:username>/milestones/", MenteeMilestones.as_view(), name="api-mentee-milestones"),
    path("steps/<int:pk>/comments/", StepComments.as_view(), name="api-step-comments"),
    path("milestones/", MilestoneList.as_view(), name="api-milestones"),
    path("milestones/<int:pk>/", MilestoneDetail.as_view(), name="api-milestone"),
    path("milestones/<int:pk>/start/", action_view(A.STARTED, "StartReview"), name="api-milestone-start"),
    path("milestones/<int:pk>/approve/", action_view(A.APPROVED, "ApproveReview"), name="api-milestone-approve"),
    path("milestones/<int:pk>/request-changes/", action_view(A.CHANGES_REQUESTED, "RequestChanges"),
         name="api-milestone-request-changes"),
    path("milestones/<int:pk>/answer/", action_view(A.ANSWERED, "AnswerReview"), name="api-milestone-answer"),
    path("milestones/<int:pk>/request-again/", action_view(A.REQUESTED, "RequestAgain"),
         name="api-milestone-request-again"),
    path("notifications/", NotificationList.as_view(), name="api-notifications"),
    path("notifications/read/", NotificationsRead.as_view(), name="api-notifications-read"),
]
