"""Every page writes a date one way: "13 Aug 2026" ("Sun 27 Dec 2026" where the weekday matters).

The main pages of a learner and of their mentor are read as a browser shows them: the visible text,
not scripts, styles or attributes (an <input type=date> value, a <time datetime> and the charts'
data stay ISO, as the APIs, CSV and calendar feeds do).
"""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import Assessment
from assessments.services import start_attempt, submit_attempt
from certifications.models import CertificationRecord
from core.dates import weekday_date
from mentoring import comments, invitations, milestones
from roadmap.models import Certification, RoadmapStep, StudySession
from roadmap.step_status import change_step
from tests.factories import make_roadmap

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# "Aug. 13, 2026", "August 13, 2026", "13/08/2026", "Sunday 27 Dec": Django's en defaults and other spellings.
OTHER_DATES = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|"
                         r"\b(January|February|March|April|June|July|August|September|October|November|December) \d|"
                         r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
                         r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d")


class VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_site_formats_are_the_readable_ones():
    day = timezone.datetime(2026, 12, 27).date()
    assert (date_format(day), weekday_date(day)) == ("27 Dec 2026", "Sun 27 Dec 2026")
    assert date_format(day, "MONTH_DAY_FORMAT") == "27 Dec"


def test_the_checker_sees_a_date_in_the_text_but_not_in_attributes_or_scripts():
    html = '<p>On 2026-08-13</p><input type="date" value="2026-08-13"><script>var d = "2026-08-13"</script>'
    assert ISO_DATE.findall(visible_text(html)) == ["2026-08-13"]
    assert OTHER_DATES.search("Logged on Aug. 13, 2026") and OTHER_DATES.search("Sunday 27 Dec 2026")
    assert not OTHER_DATES.search("Sun 27 Dec 2026, 13 Aug 2026")


@pytest.fixture
def world(content, alice, mentor):
    today = timezone.localdate()
    roadmap = make_roadmap(alice, today=today - timedelta(days=40))
    rows = list(roadmap.steps.select_related("step").filter(status=RoadmapStep.Status.TODO)[:3])
    for days_ago in (1, 3, 9):
        StudySession.objects.create(roadmap=roadmap, step=rows[0], date=today - timedelta(days=days_ago), minutes=50,
                                    note="Reading")
    change_step(row=rows[1], status="skipped", skip_reason="Done at work", today=today - timedelta(days=2))
    change_step(row=rows[2], status="done", today=today - timedelta(days=1))
    certifications = list(Certification.objects.active()[:2])
    CertificationRecord.objects.create(user=alice, certification=certifications[0], status="booked",
                                       exam_date=today + timedelta(days=20))
    CertificationRecord.objects.create(user=alice, certification=certifications[1], status="passed",
                                       passed_on=today - timedelta(days=700), expires_on=today + timedelta(days=30))
    attempt = start_attempt(user=alice, assessment=Assessment.objects.active().first())
    submit_attempt(attempt=attempt, responses=[])
    invitations.assign(learner=alice, mentor=mentor, by=mentor)
    review = milestones.request_review(roadmap=roadmap, phase=next(iter(milestones.phases_of(roadmap))), user=alice)
    comments.add_comment(row=rows[0], author=mentor, body="How is it going?")
    return {"row": rows[0].pk, "attempt": attempt.pk, "review": review.pk}


def learner_pages(w):
    return [reverse("roadmap:dashboard"), reverse("roadmap:study_log"), reverse("roadmap:questionnaire"),
            reverse("certifications:tracker"), reverse("assessments:list"), reverse("assessments:gap"),
            reverse("assessments:result", args=[w["attempt"]]), reverse("mentoring:mentorships"),
            reverse("mentoring:notifications"), reverse("mentoring:step_comments", args=[w["row"]]),
            reverse("mentoring:milestone", args=[w["review"]])]


def mentor_pages(w):
    return [reverse("mentoring:mentees"), reverse("mentoring:mentee_roadmap", args=["alice"]),
            reverse("mentoring:mentee_log", args=["alice"]), reverse("mentoring:mentee_certifications", args=["alice"]),
            reverse("mentoring:mentee_assessments", args=["alice"]), reverse("mentoring:notifications"),
            reverse("mentoring:step_comments", args=[w["row"]]), reverse("mentoring:milestone", args=[w["review"]])]


@pytest.mark.parametrize("who", ["alice", "maya"])
def test_no_page_of_a_learner_or_their_mentor_shows_an_iso_or_american_date(client, world, alice, mentor, who):
    user, pages = (alice, learner_pages(world)) if who == "alice" else (mentor, mentor_pages(world))
    client.force_login(user)
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        bad = ISO_DATE.findall(text) + [m.group(0) for m in OTHER_DATES.finditer(text)]
        if bad:
            found[url] = bad
    assert found == {}


def test_the_pages_show_dates_in_the_site_format(client, world, alice, mentor):
    today = timezone.localdate()
    client.force_login(alice)
    log = visible_text(client.get(reverse("roadmap:study_log")).content.decode())
    assert date_format(today - timedelta(days=1)) in log
    panel = visible_text(client.get(reverse("roadmap:dashboard")).content.decode())
    assert f"on {weekday_date(today + timedelta(days=20))}" in panel  # the exam booked: its weekday matters
    client.force_login(mentor)
    mentees = visible_text(client.get(reverse("mentoring:mentees")).content.decode())
    assert weekday_date(today + timedelta(days=20)) in mentees
