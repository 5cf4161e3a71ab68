"""The certifications app fills the roadmap's dashboard panel and calendar exams (roadmap/providers.py)."""

from datetime import timedelta

from django.utils import timezone

from certifications.models import CertificationRecord
from roadmap.models import Certification
from tests.factories import make_roadmap


def test_the_roadmap_shows_booked_exams_and_coming_expiries(alice_client, alice, content):
    make_roadmap(alice, today=timezone.localdate())
    today = timezone.localdate()
    booked = Certification.objects.get(vendor="aws", code="MLA-C01")
    held = Certification.objects.filter(vendor="azure", validity_months=12).first()
    CertificationRecord.objects.create(user=alice, certification=booked, status="booked",
                                       exam_date=today + timedelta(days=20))
    CertificationRecord.objects.create(user=alice, certification=held, status="passed",
                                       exam_date=today - timedelta(days=335), passed_on=today - timedelta(days=335),
                                       expires_on=today + timedelta(days=30))
    html = alice_client.get("/roadmap/").content.decode()
    assert "Exam booked: <strong>" in html and booked.name in html.split("Exam booked:")[1].split("</li>")[0]
    assert f"<strong>{held.name}</strong> expires on" in html and "30 days left" in html
    feed = alice_client.get(f"/roadmap/calendar/{alice.roadmap.calendar_token}.ics").content.decode()
    assert "SUMMARY:Exam:" in feed and booked.code in feed.replace("\r\n ", "")
