"""The mentor's dashboard shows each mentee's certifications with the learner's own functions, batched."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from certifications.expiry import add_months
from certifications.models import CertificationRecord
from certifications.records import dashboard_panel
from mentoring import invitations
from mentoring.mentees import mentee_rows
from roadmap.models import Certification
from tests.factories import UserFactory, make_roadmap

S = CertificationRecord.Status


def today():
    return timezone.localdate()


def give_certifications(user):
    """Exams ahead (booked and planned), one already taken, an expiry within 90 days and one far off."""
    certs = list(Certification.objects.active().filter(validity_months__gt=0)[:5])
    soon_passed, far_passed = today() - timedelta(days=1000), today() - timedelta(days=30)
    rows = [
        (certs[0], S.BOOKED, today() + timedelta(days=20), None),
        (certs[1], S.PLANNED, today() + timedelta(days=45), None),
        (certs[2], S.BOOKED, today() - timedelta(days=3), None),  # the exam day has gone by
        (certs[3], S.PASSED, soon_passed, soon_passed),
        (certs[4], S.PASSED, far_passed, far_passed),
    ]
    for cert, status, exam_date, passed_on in rows:
        CertificationRecord.objects.create(
            user=user, certification=cert, status=status, exam_date=exam_date, passed_on=passed_on,
            expires_on=passed_on and add_months(passed_on, cert.validity_months))
    # Make the first pass expire within the 90 days the panel looks ahead.
    CertificationRecord.objects.filter(user=user, certification=certs[3]).update(
        expires_on=today() + timedelta(days=40))
    return certs


def add_mentees(mentor, count):
    for _ in range(count):
        learner = UserFactory()
        make_roadmap(learner, today=today())
        give_certifications(learner)
        invitations.assign(learner=learner, mentor=mentor, by=mentor)


def test_the_dashboard_reads_certifications_in_the_same_number_of_queries_for_one_or_three_mentees(
        content, mentor, django_assert_num_queries):
    add_mentees(mentor, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(mentee_rows(mentor=mentor, today=today())) == 1
    add_mentees(mentor, 2)
    with django_assert_num_queries(len(one)):
        rows = mentee_rows(mentor=mentor, today=today())
    assert len(rows) == 3 and all(len(row.certifications) == 3 for row in rows)


@pytest.fixture
def mentored_alice(content, alice, mentor):
    make_roadmap(alice, today=today())
    certs = give_certifications(alice)
    invitations.assign(learner=alice, mentor=mentor, by=mentor)
    return certs


def test_the_mentor_and_the_learner_see_the_same_exams_and_expiries(alice, mentor, mentored_alice):
    request = RequestFactory().get("/roadmap/")
    request.user = alice
    learner_panel = dashboard_panel(request=request, today=today())
    [row] = mentee_rows(mentor=mentor, today=today())
    mentor_text = " ".join(row.certifications)
    for cert in mentored_alice:
        assert (cert.name in learner_panel) == (cert.name in mentor_text), cert
    shown = [cert for cert in mentored_alice if cert.name in learner_panel]
    assert shown == [mentored_alice[0], mentored_alice[1], mentored_alice[3]]


def test_the_mentors_dashboard_page_lists_the_exams_ahead_and_the_expiries(client, alice, mentor, mentored_alice):
    client.force_login(mentor)
    html = client.get("/roadmap/mentors/").content.decode()
    [row] = mentee_rows(mentor=mentor, today=today())
    assert len(row.certifications) == 3 and all(escape(text) in html for text in row.certifications)
    assert mentored_alice[2].name not in html and mentored_alice[4].name not in html
