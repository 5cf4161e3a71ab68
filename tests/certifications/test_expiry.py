from datetime import date, timedelta

from certifications.expiry import add_months, expires_on, reminder_due


def test_expiry_follows_the_vendor_validity():
    assert expires_on(passed_on=date(2026, 3, 15), validity_months=36) == date(2029, 3, 15)
    assert expires_on(passed_on=None, validity_months=36) is None


def test_adding_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)


def test_reminders_fall_due_90_30_and_7_days_before_expiry():
    expires = date(2027, 6, 30)
    due = [d for d in range(120) if reminder_due(expires=expires, today=expires - timedelta(days=d))]
    assert due == [7, 30, 90]
