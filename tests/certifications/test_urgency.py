"""Certifications most urgent first, and the right advice for an expired one (records.by_urgency, advice),
the same on the tracker, the roadmap's panel and the mentor's pages."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape

from certifications import records
from certifications.models import CertificationRecord
from mentoring import invitations
from mentoring.mentees import mentee_rows
from tests.certifications.helpers import TODAY, Status, cert, passed, track
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


def a_mixed_tracker(user, today=TODAY):
    """One record of every kind, saved in an order that is none of the right ones."""
    passed(user, "aws-cloud-practitioner", date(2026, 1, 10), today=today)  # held until 2029: the rest
    track(user, "gcp-cloud-digital-leader", status=Status.PLANNED, today=today)  # planned, undated
    track(user, "azure-ai-engineer-associate", status=Status.BOOKED, exam_date=date(2027, 2, 1), today=today)
    passed(user, "azure-data-scientist-associate", date(2025, 12, 1), today=today)  # expires 1 Dec 2026: 8 days
    track(user, "aws-solutions-architect-associate", status=Status.BOOKED, exam_date=date(2026, 12, 5), today=today)
    passed(user, "aws-ml-specialty", date(2022, 6, 1), today=today)  # expired 1 Jun 2025; retired, replaced
    track(user, "gcp-professional-ml-engineer", status=Status.PREPARING, exam_date=date(2027, 3, 1), today=today)
    track(user, "azure-administrator-associate", status=Status.FAILED, exam_date=date(2026, 10, 1), today=today)


def slugs(rows):
    return [row.record.certification.slug for row in rows]


def test_the_tracker_lists_expired_and_expiring_first_then_booked_then_planned_then_the_rest(alice, content):
    a_mixed_tracker(alice)
    assert slugs(records.tracker(user=alice, today=TODAY)) == [
        "aws-ml-specialty",  # expired 1 Jun 2025
        "azure-data-scientist-associate",  # expires in 8 days
        "aws-solutions-architect-associate",  # booked 5 Dec 2026
        "azure-ai-engineer-associate",  # booked 1 Feb 2027
        "gcp-professional-ml-engineer",  # preparing, dated
        "gcp-cloud-digital-leader",  # planned, undated
        "aws-cloud-practitioner",  # held until 2029
        "azure-administrator-associate",  # failed
    ]


def test_two_expired_certifications_come_by_expiry_day(alice, content):
    passed(alice, "azure-data-scientist-associate", date(2024, 3, 1))  # expired 1 Mar 2025
    passed(alice, "azure-ai-engineer-associate", date(2024, 1, 1))  # expired 1 Jan 2025
    assert slugs(records.tracker(user=alice, today=TODAY)) == ["azure-ai-engineer-associate",
                                                              "azure-data-scientist-associate"]


def test_an_expired_certification_still_offered_says_recertify_with_the_catalogs_renewal(alice, content):
    passed(alice, "azure-data-scientist-associate", date(2024, 3, 1))
    [row] = records.tracker(user=alice, today=TODAY)
    assert row.status == Status.EXPIRED
    assert row.advice == ("Recertify to hold it again: Pass the free online renewal assessment on Microsoft Learn "
                          "in the six months before it expires.")


def test_an_expired_certification_the_catalog_retired_says_take_its_replacement(alice, content):
    passed(alice, "aws-ml-specialty", date(2022, 6, 1))
    [row] = records.tracker(user=alice, today=TODAY)
    replacement = cert("aws-ml-specialty").replaced_by
    assert replacement.slug == "aws-ml-engineer-associate"
    assert row.advice == (f"{cert('aws-ml-specialty')} is retired, so it cannot be renewed: "
                          f"take its replacement, {replacement}.")
    assert "Recertify" not in row.advice


def test_a_retired_certification_without_a_replacement_says_it_cannot_be_renewed(alice, content):
    retired = cert("aws-data-analytics-specialty")
    passed(alice, retired.slug, date(2021, 1, 1))
    retired.replaced_by = None
    retired.save()
    [row] = records.tracker(user=alice, today=TODAY)
    assert row.advice == f"{retired} is retired: it cannot be renewed."


def test_an_expiring_certification_says_renew_before_and_a_safe_one_says_nothing(alice, content):
    passed(alice, "azure-data-scientist-associate", date(2025, 12, 1))  # 8 days left
    passed(alice, "aws-cloud-practitioner", date(2026, 1, 10))  # years left
    track(alice, "gcp-cloud-digital-leader")
    rows = {row.record.certification.slug: row for row in records.tracker(user=alice, today=TODAY)}
    assert rows["azure-data-scientist-associate"].advice.startswith("Renew before it expires: Pass the free")
    assert rows["aws-cloud-practitioner"].advice == "" and rows["gcp-cloud-digital-leader"].advice == ""


def test_a_renewal_the_catalog_does_not_describe_says_take_the_exam_again(alice, content):
    held = cert("azure-data-scientist-associate")
    held.renewal = ""
    held.save()
    passed(alice, held.slug, date(2024, 3, 1))
    [row] = records.tracker(user=alice, today=TODAY)
    assert row.advice == "Recertify to hold it again: take the exam again."


def test_the_tracker_page_shows_the_cards_in_that_order_with_the_advice(alice_client, alice, content):
    today = TODAY
    passed(alice, "aws-cloud-practitioner", date(2026, 1, 10))
    track(alice, "aws-solutions-architect-associate", status=Status.BOOKED, exam_date=today + timedelta(days=400))
    passed(alice, "aws-ml-specialty", date(2021, 6, 1))
    html = alice_client.get("/roadmap/certifications/").content.decode()
    names = [str(cert(slug)) for slug in ("aws-ml-specialty", "aws-solutions-architect-associate",
                                          "aws-cloud-practitioner")]
    places = [html.index(escape(cert(slug).name)) for slug in ("aws-ml-specialty", "aws-solutions-architect-associate",
                                                               "aws-cloud-practitioner")]
    assert places == sorted(places), names
    assert 'data-testid="advice-aws-ml-specialty"' in html
    assert escape("is retired, so it cannot be renewed: take its replacement") in html


def test_the_roadmap_panel_shows_the_expired_one_first_with_its_advice_and_leaves_out_the_safe_ones(alice, content):
    today = TODAY
    passed(alice, "aws-cloud-practitioner", date(2026, 1, 10), today=today)  # safe: not in the panel
    track(alice, "aws-solutions-architect-associate", status=Status.BOOKED, exam_date=today + timedelta(days=12))
    passed(alice, "azure-data-scientist-associate", date(2024, 3, 1))  # expired
    request = RequestFactory().get("/roadmap/")
    request.user = alice
    html = records.dashboard_panel(request=request, today=today)
    expired = html.index('data-testid="panel-azure-data-scientist-associate"')
    booked = html.index('data-testid="panel-aws-solutions-architect-associate"')
    assert expired < booked
    assert "expired on 1 Mar 2025." in html and "Recertify to hold it again" in html
    assert "aws-cloud-practitioner" not in html


def test_the_mentor_sees_the_same_order_and_advice(client, alice, mentor, content):
    make_roadmap(alice, today=TODAY)
    a_mixed_tracker(alice)
    invitations.assign(learner=alice, mentor=mentor, by=mentor)
    client.force_login(mentor)
    html = client.get(f"/roadmap/mentors/mentees/{alice.username}/certifications/").content.decode()
    learner_order = slugs(records.tracker(user=alice, today=timezone.localdate()))  # the page's today
    places = [html.index(escape(str(cert(slug)))) for slug in learner_order]
    assert places == sorted(places)
    assert 'data-testid="advice-aws-ml-specialty"' in html
    [row] = mentee_rows(mentor=mentor, today=TODAY)
    assert row.certifications[0].startswith(cert("aws-ml-specialty").name + ": expired on")


def test_records_of_a_learner_stay_theirs_in_the_attention_list(alice, bob, content):
    passed(bob, "azure-data-scientist-associate", date(2024, 3, 1))
    assert records.attention_by_user(users=[alice, bob], today=TODAY)[alice.pk] == []
    assert slugs(records.attention_by_user(users=[alice, bob], today=TODAY)[bob.pk]) == [
        "azure-data-scientist-associate"]
    assert CertificationRecord.objects.count() == 1
