"""The reviewers' line API: the queue of doubtful lines, claim, release, correct or confirm a line.

Views are thin: the rules are in lines.py. Only reviewers: everyone else gets 403.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import answers

from .. import lines
from ..models import Line
from .documents import Conflict
from .lines import LineReviewInSerializer, QueueLineSerializer, ReviewedLineSerializer
from .review import IsReviewer

REVIEWERS = [permissions.IsAuthenticated, IsReviewer]

def _line(pk) -> Line:
    return get_object_or_404(Line.objects.select_related("page__document"), pk=pk)


def _conflict(error: lines.LineError):
    if error.status == 400:
        return ValidationError({"text": [error.reason]})
    return Conflict(error.reason)


class LineQueue(APIView):
    permission_classes = REVIEWERS

    @extend_schema(responses=QueueLineSerializer(many=True),
                   summary="Doubtful lines waiting for review (yours included), earliest SLA deadline first")
    def get(self, request):
        queue = lines.line_queue(reviewer=request.user)[:200]
        return Response(QueueLineSerializer(queue, many=True).data)


class ClaimLine(APIView):
    permission_classes = REVIEWERS

    @extend_schema(request=None, responses={200: QueueLineSerializer},
                   summary="Lock a line for yourself until the claim expires (409 if another reviewer holds it)")
    @answers(409)
    def post(self, request, pk):
        try:
            line = lines.claim_line(line=_line(pk), reviewer=request.user)
        except lines.LineError as error:
            raise _conflict(error) from None
        return Response(QueueLineSerializer(line).data)


class ReleaseLine(APIView):
    permission_classes = REVIEWERS

    @extend_schema(request=None, responses={200: QueueLineSerializer},
                   summary="Give a line you claimed back to the queue")
    @answers(409)
    def post(self, request, pk):
        try:
            line = lines.release_line(line=_line(pk), reviewer=request.user)
        except lines.LineError as error:
            raise _conflict(error) from None
        return Response(QueueLineSerializer(line).data)


class ReviewLine(APIView):
    permission_classes = REVIEWERS

    @extend_schema(
        request=LineReviewInSerializer, responses={200: ReviewedLineSerializer},
        summary="Correct, confirm or mark unreadable a line you claimed; the last line of a page completes "
                "the page's final text",
    )
    @answers(409)
    def post(self, request, pk):
        line = _line(pk)
        body = LineReviewInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        action, Action = body.validated_data["action"], LineReviewInSerializer.Action
        try:
            if action == Action.CONFIRM:
                reviewed = lines.confirm_line(line=line, reviewer=request.user)
            elif action == Action.UNREADABLE:
                reviewed = lines.mark_unreadable(line=line, reviewer=request.user)
            else:
                reviewed = lines.correct_line(line=line, reviewer=request.user, text=body.validated_data["text"])
        except lines.LineError as error:
            raise _conflict(error) from None
        return Response(ReviewedLineSerializer(reviewed).data)
