"""The iCalendar feed of a learner's planned study sessions and exam dates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from icalendar import Calendar, Event

# Sessions are evening blocks in the learner's own day; calendar apps show them as
# floating local times, so no time zone is attached.
SESSION_START = time(19, 0)


@dataclass(frozen=True)
class FeedSession:
    day: date
    minutes: int
    title: str
    url: str = ""


@dataclass(frozen=True)
class FeedExam:
    day: date
    title: str
    key: str  # stable identity, e.g. the certification's slug


def build_calendar(
    *, owner: str, sessions: Iterable[FeedSession], exams: Iterable[FeedExam], domain: str = "archpath"
) -> bytes:
    """An .ics document; UIDs are stable so a calendar app updates events instead of duplicating them."""
    cal = Calendar()
    cal.add("prodid", "-//ArchPath//Study plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"ArchPath study plan ({owner})")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    # Merge the steps studied on one day into one event: a calendar wants one block a night.
    by_day: dict[date, list[FeedSession]] = {}
    for session in sessions:
        by_day.setdefault(session.day, []).append(session)
    for day, parts in sorted(by_day.items()):
        event = Event()
        start = datetime.combine(day, SESSION_START)
        event.add("uid", f"study-{owner}-{day.isoformat()}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=sum(p.minutes for p in parts)))
        event.add("summary", "Study: " + "; ".join(dict.fromkeys(p.title for p in parts)))
        event.add("description", "\n".join(f"{p.title} ({p.minutes} min) {p.url}".strip() for p in parts))
        cal.add_component(event)
    for exam in exams:
        event = Event()
        event.add("uid", f"exam-{owner}-{exam.key}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", exam.day)
        event.add("dtend", exam.day + timedelta(days=1))
        event.add("summary", f"Exam: {exam.title}")
        cal.add_component(event)
    return cal.to_ical()
