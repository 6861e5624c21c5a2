import pytest
from django.contrib.auth.models import Permission

from people.models import DataExportRecord
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_hr_reaches_the_admin_and_sees_people(client, org):
    client.force_login(org.hr.user)
    response = client.get("/admin/people/person/")
    assert response.status_code == 200
    assert "Ava Rep" in response.content.decode()


def test_staff_outside_the_hr_group_is_kept_out(client, org):
    outsider = PersonFactory(user__is_staff=True)
    outsider.user.user_permissions.add(*Permission.objects.filter(content_type__app_label="people"))
    client.force_login(outsider.user)
    response = client.get("/admin/people/person/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_reps_are_kept_out_of_the_admin(client, org):
    client.force_login(org.rep.user)
    assert client.get("/admin/").status_code == 302


def test_the_admin_refuses_a_reporting_cycle(client, org):
    client.force_login(org.hr.user)
    org.hr.user.is_superuser = True
    org.hr.user.save()
    response = client.get(f"/admin/people/person/{org.vp.id}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: (value.pk if hasattr(value, "pk") else value) for name, value in form.initial.items() if value is not None}
    data.update({"manager": org.rep.id, "quota_records-TOTAL_FORMS": 0, "quota_records-INITIAL_FORMS": 0})
    response = client.post(f"/admin/people/person/{org.vp.id}/change/", data)
    assert response.status_code == 200
    assert "cycle" in response.content.decode()
    org.vp.refresh_from_db()
    assert org.vp.manager is None


def test_exporting_people_is_logged(client, org):
    org.hr.user.is_superuser = True
    org.hr.user.save()
    client.force_login(org.hr.user)
    response = client.post("/admin/people/person/export/", {"format": "0", "resource": "0", **{
        f"personresource_{name}": "on" for name in ["username", "full_name", "email", "team"]}})
    assert response.status_code == 200
    assert b"Ava Rep" in response.content
    record = DataExportRecord.objects.get()
    assert record.user == org.hr.user and record.row_count == 7


def test_the_people_list_offers_import_and_export(client, org):
    client.force_login(org.hr.user)
    content = client.get("/admin/people/person/").content.decode()
    assert "Import CSV" in content
    assert "/admin/people/person/export/" in content
