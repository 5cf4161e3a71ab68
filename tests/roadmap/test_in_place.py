"""Step changes and the study log in place: with htmx's ``HX-Request`` header the same forms, posted to the
same URLs, get back the fragment of the page they change (a 400 fragment saying why when refused); without it,
a redirect. The data changes the same either way, and another learner's step or session is a 404 in both."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.models import RoadmapStep, StudySession
from tests.factories import make_roadmap

Status = RoadmapStep.Status
TODAY = timezone.localdate
HX = {"HTTP_HX_REQUEST": "true"}
QUICKLOG = HX | {"HTTP_HX_TARGET": "quicklog"}
BOTH = pytest.mark.parametrize("in_place", [True, False], ids=["htmx", "plain"])


@pytest.fixture
def roadmap(content, alice):
    return make_roadmap(alice, today=TODAY() - timedelta(days=10))


@pytest.fixture
def todo(roadmap):
    return roadmap.steps.filter(status=Status.TODO).first()


@pytest.fixture
def session(roadmap):
    return StudySession.objects.create(roadmap=roadmap, date=TODAY() - timedelta(days=2), minutes=60, note="Lab 1")


def post(client, url, data, in_place, headers=HX):
    return client.post(url, data, **(headers if in_place else {}))


def assert_fragment(response, status=200):
    html = response.content.decode()
    assert response.status_code == status
    assert "<html" not in html and "site-header" not in html  # a piece of the page, not a page
    return html


@BOTH
@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.DONE])
def test_marking_a_step_answers_with_its_row_and_the_figures_or_a_redirect(alice_client, todo, in_place, status):
    response = post(alice_client, f"/roadmap/steps/{todo.pk}/", {"status": status}, in_place)
    todo.refresh_from_db()
    assert todo.status == status
    if not in_place:
        assert response.status_code == 302 and response.url == f"/roadmap/#step-{todo.pk}"
        return
    html = assert_fragment(response)
    assert html.count(f'id="step-{todo.pk}"') == 1 and f"status-{status}" in html
    assert 'id="roadmap-stats" hx-swap-oob="true"' in html and 'id="tonight"' in html
    assert 'data-focus=".step-actions button"' in html
    assert "saved." in html and 'id="step-' not in html.replace(f'id="step-{todo.pk}"', "")


def test_the_row_fragment_is_the_row_the_page_shows(alice_client, todo):
    def actions(html):
        form = html.index('<form', html.index('</details>', html.index(f'<li id="step-{todo.pk}"')))
        return html[form:html.index('</form>', form)]

    html = assert_fragment(alice_client.post(f"/roadmap/steps/{todo.pk}/", {"status": "done"}, **HX))
    page = alice_client.get("/roadmap/").content.decode()
    assert "Reopen" in actions(html) and actions(html).split("csrfmiddlewaretoken")[0] == actions(page).split(
        "csrfmiddlewaretoken")[0]


@BOTH
def test_taking_back_a_skip(alice_client, roadmap, in_place):
    skipped = roadmap.steps.filter(status=Status.SKIPPED).first()
    response = post(alice_client, f"/roadmap/steps/{skipped.pk}/", {"status": "todo"}, in_place)
    skipped.refresh_from_db()
    assert skipped.status == Status.TODO and skipped.keep
    assert response.status_code == (200 if in_place else 302)


@BOTH
def test_skipping_with_a_reason(alice_client, todo, in_place):
    response = post(alice_client, f"/roadmap/steps/{todo.pk}/", {"status": "skipped", "skip_reason": "I do it at work"},
                    in_place)
    todo.refresh_from_db()
    assert (todo.status, todo.skip_reason) == (Status.SKIPPED, "I do it at work")
    if in_place:
        html = assert_fragment(response)
        assert "I do it at work" in html and "Take back" in html


@BOTH
def test_saving_a_note_keeps_the_details_open_and_focuses_its_button(alice_client, todo, in_place):
    response = post(alice_client, f"/roadmap/steps/{todo.pk}/", {"note": "Ask my mentor"}, in_place)
    todo.refresh_from_db()
    assert todo.note == "Ask my mentor"
    if in_place:
        html = assert_fragment(response)
        assert 'data-focus="[data-focus-note]"' in html and '<details class="step-body" open>' in html
    else:
        assert response.status_code == 302


@BOTH
@pytest.mark.parametrize("data, reason", [
    ({"status": "finished"}, "Select a valid choice"),
    ({"status": "done", "skip_reason": "because"}, "A skip reason goes with skipping the step."),
])
def test_a_refused_change_is_shown_in_the_row_as_a_400(alice_client, todo, in_place, data, reason):
    response = post(alice_client, f"/roadmap/steps/{todo.pk}/", data, in_place)
    todo.refresh_from_db()
    assert todo.status == Status.TODO
    if in_place:
        html = assert_fragment(response, 400)
        assert 'role="alert"' in html and reason in html and f'id="step-{todo.pk}"' in html
    else:
        assert response.status_code == 302
        assert reason in alice_client.get(response.url).content.decode()


@BOTH
def test_another_learners_step_is_a_404_either_way(client, bob, todo, in_place):
    client.force_login(bob)
    assert post(client, f"/roadmap/steps/{todo.pk}/", {"status": "done"}, in_place).status_code == 404
    todo.refresh_from_db()
    assert todo.status == Status.TODO


def test_time_logged_from_the_roadmap_page_answers_with_a_fresh_form_and_the_figures(alice_client, roadmap, todo):
    data = {"date": TODAY().isoformat(), "minutes": 90, "step": todo.pk, "next": "/roadmap/"}
    html = assert_fragment(alice_client.post("/roadmap/log/", data, **QUICKLOG))
    assert roadmap.sessions.get().minutes == 90
    assert 'id="quicklog"' in html and "Logged 90 minutes" in html
    assert 'id="roadmap-stats" hx-swap-oob="true"' in html and "1.5 h logged" in html
    assert 'name="minutes"' in html and 'value="90"' not in html  # the form is ready for the next session


def test_time_logged_in_place_redraws_the_charts_with_the_same_figures_as_the_stats(alice_client, roadmap, todo):
    """The charts below the figures said "0 of 565 hours logged" until a reload: they come back out of band too."""
    data = {"date": TODAY().isoformat(), "minutes": 90, "step": todo.pk, "next": "/roadmap/"}
    html = assert_fragment(alice_client.post("/roadmap/log/", data, **QUICKLOG))
    assert 'id="progress-charts" hx-swap-oob="true"' in html
    assert html.count('class="panel chart"') == 4
    assert "1.5 of " in html and "hours logged" in html


def test_a_refused_session_leaves_the_charts_alone(alice_client, roadmap):
    html = assert_fragment(alice_client.post("/roadmap/log/", {"date": TODAY().isoformat(), "minutes": 0},
                                             **QUICKLOG), status=400)
    assert "progress-charts" not in html


def test_a_step_marked_done_in_place_redraws_the_charts(alice_client, todo):
    html = assert_fragment(alice_client.post(f"/roadmap/steps/{todo.pk}/", {"status": Status.DONE}, **HX))
    hours = todo.step.estimated_hours
    assert 'id="progress-charts" hx-swap-oob="true"' in html
    assert f"{todo.step.phase.name}: {hours} of " in html  # the phase chart counts the step done


def test_time_logged_from_the_roadmap_page_without_javascript_redirects_back(alice_client, roadmap):
    response = alice_client.post("/roadmap/log/", {"date": TODAY().isoformat(), "minutes": 90, "next": "/roadmap/"})
    assert response.status_code == 302 and response.url == "/roadmap/"
    assert roadmap.sessions.get().minutes == 90


@BOTH
def test_bad_time_is_refused_in_place_with_a_400(alice_client, roadmap, in_place):
    data = {"date": TODAY().isoformat(), "minutes": 0, "next": "/roadmap/"}
    response = post(alice_client, "/roadmap/log/", data, in_place, QUICKLOG)
    assert response.status_code == 400 and not StudySession.objects.exists()
    html = response.content.decode()
    assert "greater than or equal to 1" in html
    if in_place:
        assert_fragment(response, 400)
        assert "roadmap-stats" not in html


def test_the_study_log_page_logs_in_place_into_its_table(alice_client, roadmap):
    html = assert_fragment(alice_client.post("/roadmap/log/", {"date": TODAY().isoformat(), "minutes": 45}, **HX))
    session = roadmap.sessions.get()
    assert 'id="study-log"' in html and f'id="session-{session.pk}"' in html and "Logged 45 minutes" in html


@BOTH
def test_editing_a_session(alice_client, session, in_place):
    url = f"/roadmap/log/{session.pk}/edit/"
    form = alice_client.get(url, **(HX if in_place else {}))
    assert form.status_code == 200
    if in_place:
        html = assert_fragment(form)
        assert 'class="session-editing"' in html and f'id="session-{session.pk}-id_minutes"' not in html
        assert f'id="session-{session.pk}-minutes"' in html
    data = {"date": session.date.isoformat(), "minutes": 75, "note": "Lab 2"}
    response = post(alice_client, url, data, in_place)
    session.refresh_from_db()
    assert (session.minutes, session.note) == (75, "Lab 2")
    if in_place:
        html = assert_fragment(response)
        assert "Lab 2" in html and "session-editing" not in html and 'data-focus="[data-edit]"' in html
    else:
        assert response.status_code == 302 and response.url == "/roadmap/log/"


def test_cancelling_an_edit_in_place_shows_the_session_again(alice_client, session):
    html = assert_fragment(alice_client.get(f"/roadmap/log/{session.pk}/edit/?row=1", **HX))
    assert "Lab 1" in html and "session-editing" not in html


@BOTH
def test_a_bad_edit_is_refused_with_a_400_and_the_form(alice_client, session, in_place):
    data = {"date": (TODAY() + timedelta(days=1)).isoformat(), "minutes": 75}
    response = post(alice_client, f"/roadmap/log/{session.pk}/edit/", data, in_place)
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    session.refresh_from_db()
    assert session.minutes == 60
    if in_place:
        assert "session-editing" in assert_fragment(response, 400)


@BOTH
def test_deleting_a_session(alice_client, session, in_place):
    response = post(alice_client, f"/roadmap/log/{session.pk}/delete/", {}, in_place)
    assert not StudySession.objects.exists()
    if in_place:
        html = assert_fragment(response)
        assert 'id="log-status"' in html and 'hx-swap-oob="true"' in html and "deleted" in html
        assert "session-" not in html  # nothing takes the row's place
    else:
        assert response.status_code == 302


@BOTH
@pytest.mark.parametrize("action, method", [("edit", "get"), ("edit", "post"), ("delete", "post")])
def test_another_learners_session_is_a_404_either_way(client, bob, session, in_place, action, method):
    client.force_login(bob)
    call = getattr(client, method)
    response = call(f"/roadmap/log/{session.pk}/{action}/", {"minutes": 1}, **(HX if in_place else {}))
    assert response.status_code == 404
    assert StudySession.objects.get().minutes == 60


def test_the_pages_load_htmx_from_this_site_and_send_the_csrf_token(alice_client, roadmap):
    html = alice_client.get("/roadmap/").content.decode()
    assert "/static/vendor/htmx-2.0.11.min.js" in html and "X-CSRFToken" in html
    assert 'hx-post="/roadmap/steps/' in html and 'hx-target="#quicklog"' in html


def test_a_skip_in_place_moves_every_later_steps_dates_out_of_band(alice_client, roadmap):
    rows = list(roadmap.steps.filter(status=Status.TODO).order_by("planned_start", "position"))
    first, later = rows[0], rows[-1]
    before = later.planned_start
    html = assert_fragment(alice_client.post(f"/roadmap/steps/{first.pk}/", {"status": Status.SKIPPED}, **HX))
    later.refresh_from_db()
    assert later.planned_start != before  # re-planned from today without the skipped step's hours
    assert f'id="dates-of-step-{later.pk}" hx-swap-oob="true"' in html
    assert later.planned_start.strftime("%-d %b") in html.split(f'id="dates-of-step-{later.pk}"')[1].split("</span>")[0]


def test_marking_a_step_done_in_place_sends_no_other_rows_dates(alice_client, todo):
    html = assert_fragment(alice_client.post(f"/roadmap/steps/{todo.pk}/", {"status": Status.DONE}, **HX))
    assert 'id="dates-of-step-' not in html.replace(f'id="dates-of-step-{todo.pk}"', "")


def test_the_study_log_says_when_it_lists_only_the_latest_sessions(alice_client, roadmap):
    from roadmap.views import RECENT_SESSIONS

    StudySession.objects.bulk_create(StudySession(roadmap=roadmap, date=TODAY() - timedelta(days=n % 300), minutes=30)
                                     for n in range(RECENT_SESSIONS + 5))
    html = alice_client.get("/roadmap/log/").content.decode()
    assert f"The {RECENT_SESSIONS} most recent of your {RECENT_SESSIONS + 5} sessions" in html
    StudySession.objects.filter(pk__in=StudySession.objects.values("pk")[:10]).delete()
    assert "most recent of your" not in alice_client.get("/roadmap/log/").content.decode()
