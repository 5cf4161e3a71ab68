from datetime import date

from icalendar import Calendar

from roadmap.calendar_feed import FeedExam, FeedSession, build_calendar


def parse(data: bytes):
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_the_steps_of_one_evening_make_one_event_with_their_total_time():
    sessions = [
        FeedSession(date(2026, 11, 23), 30, "Python for ML"),
        FeedSession(date(2026, 11, 23), 50, "Statistics"),
        FeedSession(date(2026, 11, 24), 80, "Statistics"),
    ]
    events = parse(build_calendar(owner="alice", sessions=sessions, exams=[]))
    assert len(events) == 2
    first = events[0]
    assert str(first["summary"]) == "Study: Python for ML; Statistics"
    assert (first.decoded("dtend") - first.decoded("dtstart")).total_seconds() == 80 * 60


def test_exam_dates_are_all_day_events_with_stable_ids():
    exam = FeedExam(date(2027, 3, 1), "AWS Certified Machine Learning Engineer - Associate", key="aws-mla-c01")
    first = parse(build_calendar(owner="alice", sessions=[], exams=[exam]))
    second = parse(build_calendar(owner="alice", sessions=[], exams=[exam]))
    assert first[0].decoded("dtstart") == date(2027, 3, 1)
    assert str(first[0]["uid"]) == str(second[0]["uid"]) == "exam-alice-aws-mla-c01@archpath"


def test_an_empty_plan_is_a_valid_empty_calendar():
    cal = Calendar.from_ical(build_calendar(owner="alice", sessions=[], exams=[]))
    assert str(cal["version"]) == "2.0"
    assert parse(cal.to_ical()) == []
