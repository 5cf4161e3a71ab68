"""The admin is ArchPath's and says where curated content lives; the account menu leads to one's data."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-archpath-admin-1")
    client.force_login(user)
    return user


def test_the_admin_is_branded_archpath(client, staff):
    html = client.get("/admin/").content.decode()
    assert "<title>Curated content and accounts | ArchPath admin</title>" in html
    assert "ArchPath administration" in html
    assert "Django administration" not in html and "Django site admin" not in html


def test_the_admin_index_says_the_yaml_files_are_the_source_of_truth(client, staff):
    html = client.get("/admin/").content.decode()
    assert 'data-testid="content-source"' in html
    for words in ("<code>content/</code>", "source of truth", "<code>manage.py load_content</code>",
                  "<code>manage.py export_content</code>", "archived"):
        assert words in html
    assert 'id="content-main"' in html  # the models are still listed below


def test_the_admin_login_page_is_branded_too(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "ArchPath administration" in html and "Django administration" not in html


def test_the_account_menu_links_to_export_and_import_for_the_signed_in(client, alice):
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert '<a href="/roadmap/import/">My data</a>' in html


def test_a_visitor_has_no_export_link(client, db):
    assert "/roadmap/import/" not in client.get("/").content.decode()
