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


def test_deleting_a_quota_record_in_the_person_inline_deletes_it_and_recomputes_the_tiers(client, org):
    """The inline's Delete used to save the person as changed and delete nothing."""
    from decimal import Decimal

    from people.models import QuotaRecord, Tier
    from people.services import quota_record_set

    reps = [org.rep, org.peer, org.other_rep, PersonFactory(manager=org.manager), PersonFactory(manager=org.manager)]
    for index, rep in enumerate(reps):
        quota_record_set(actor=None, person=rep, year=2026, quarter=3, quota=Decimal(100), attained=Decimal(150 - 20 * index))
    assert QuotaRecord.objects.get(person=org.peer, year=2026, quarter=3).tier == Tier.MIDDLE_60
    record = QuotaRecord.objects.get(person=org.rep, year=2026, quarter=3)

    org.hr.user.is_superuser = True
    org.hr.user.save()
    client.force_login(org.hr.user)
    response = client.get(f"/admin/people/person/{org.rep.id}/change/")
    form = response.context["adminform"].form
    data = {name: (value.pk if hasattr(value, "pk") else value) for name, value in form.initial.items() if value is not None}
    data.update({
        "quota_records-TOTAL_FORMS": 1, "quota_records-INITIAL_FORMS": 1,
        "quota_records-0-id": record.pk, "quota_records-0-person": org.rep.pk,
        "quota_records-0-year": 2026, "quota_records-0-quarter": 3,
        "quota_records-0-quota": "100.00", "quota_records-0-attained": "150.00", "quota_records-0-DELETE": "on",
    })
    response = client.post(f"/admin/people/person/{org.rep.id}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not QuotaRecord.objects.filter(pk=record.pk).exists()
    # With ava's 150% gone, ben's 130% leads the quarter: the tiers were recomputed.
    assert QuotaRecord.objects.get(person=org.peer, year=2026, quarter=3).tier == Tier.TOP_20
    assert QuotaRecord.history.filter(id=record.pk, history_type="-").exists()


def test_reference_data_saved_in_the_admin_is_validated_and_kept_in_history(client, org):
    from people.models import Team

    client.force_login(org.hr.user)
    org.hr.user.is_superuser = True
    org.hr.user.save()
    response = client.post("/admin/people/team/add/", {"name": "Strategic North", "description": "",
                                                       "members-TOTAL_FORMS": 0, "members-INITIAL_FORMS": 0})
    assert response.status_code == 302
    team = Team.objects.get(name="Strategic North")
    assert team.history.get().history_user == org.hr.user


def test_the_admin_refuses_to_delete_a_team_with_active_members(client, org):
    from people.models import Team
    from tests.factories import TeamFactory

    team = TeamFactory(name="Enterprise West")
    org.rep.team = team
    org.rep.save()
    org.hr.user.is_superuser = True
    org.hr.user.save()
    client.force_login(org.hr.user)
    response = client.post(f"/admin/people/team/{team.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/people/team/{team.pk}/change/")
    assert Team.objects.filter(pk=team.pk).exists()
    org.rep.refresh_from_db()
    assert org.rep.team == team


@pytest.mark.parametrize("query", ["?format=0", "?nonsense=1"])
def test_an_export_address_with_filters_it_cannot_read_is_explained_not_a_500(client, org, query):
    org.hr.user.is_superuser = True
    org.hr.user.save()
    client.force_login(org.hr.user)
    response = client.get(f"/admin/people/person/export/{query}")
    assert response.status_code == 302 and response["Location"] == "/admin/people/person/export/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "did not understand the filters" in page.content.decode()


# The tests below sign HR in as a plain member of the HR group (no superuser), so a lost right would show.

def _change_form_data(client, url):
    form = client.get(url).context["adminform"].form
    return {name: (value.pk if hasattr(value, "pk") else value) for name, value in form.initial.items() if value is not None}


def _five_reps_in_quarter(org, *, quarter):
    from decimal import Decimal

    from people.services import quota_record_set

    reps = [org.rep, org.peer, org.other_rep, PersonFactory(manager=org.manager), PersonFactory(manager=org.manager)]
    for index, rep in enumerate(reps):
        quota_record_set(actor=None, person=rep, year=2026, quarter=quarter, quota=Decimal(100), attained=Decimal(150 - 20 * index))


def test_moving_a_quota_record_to_another_quarter_in_the_admin_moves_the_row(client, org):
    from people.models import QuotaRecord, Tier

    _five_reps_in_quarter(org, quarter=2)
    record = QuotaRecord.objects.get(person=org.rep, year=2026, quarter=2)
    client.force_login(org.hr.user)
    url = f"/admin/people/quotarecord/{record.pk}/change/"
    data = {**_change_form_data(client, url), "quarter": 3}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(QuotaRecord.objects.filter(person=org.rep).values_list("pk", "quarter")) == [(record.pk, 3)]
    assert QuotaRecord.objects.get(person=org.peer, year=2026, quarter=2).tier == Tier.TOP_20  # Q2 recomputed
    assert QuotaRecord.history.filter(id=record.pk).first().history_user == org.hr.user


def test_moving_a_quota_record_onto_an_existing_quarter_in_the_admin_is_refused_on_the_form(client, org):
    from people.models import QuotaRecord

    QuotaRecord.objects.create(person=org.rep, year=2026, quarter=2, quota=100, attained=10)
    record = QuotaRecord.objects.create(person=org.rep, year=2026, quarter=3, quota=100, attained=20)
    client.force_login(org.hr.user)
    url = f"/admin/people/quotarecord/{record.pk}/change/"
    response = client.post(url, {**_change_form_data(client, url), "quarter": 2})
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.quarter == 3 and QuotaRecord.objects.count() == 2


def test_moving_a_quota_record_in_the_person_inline_moves_the_row(client, org):
    from people.models import QuotaRecord, Tier

    _five_reps_in_quarter(org, quarter=2)
    record = QuotaRecord.objects.get(person=org.rep, year=2026, quarter=2)
    client.force_login(org.hr.user)
    url = f"/admin/people/person/{org.rep.id}/change/"
    data = _change_form_data(client, url)
    data.update({
        "quota_records-TOTAL_FORMS": 1, "quota_records-INITIAL_FORMS": 1,
        "quota_records-0-id": record.pk, "quota_records-0-person": org.rep.pk,
        "quota_records-0-year": 2026, "quota_records-0-quarter": 4,
        "quota_records-0-quota": "100.00", "quota_records-0-attained": "150.00",
    })
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(QuotaRecord.objects.filter(person=org.rep).values_list("pk", "quarter")) == [(record.pk, 4)]
    assert QuotaRecord.objects.get(person=org.peer, year=2026, quarter=2).tier == Tier.TOP_20


def test_deleting_quota_records_in_bulk_is_all_or_nothing_and_explains_a_refusal(client, org, monkeypatch):
    from django.core.exceptions import ValidationError

    from people import services
    from people.models import QuotaRecord

    first = QuotaRecord.objects.create(person=org.rep, year=2026, quarter=2, quota=100, attained=10)
    second = QuotaRecord.objects.create(person=org.peer, year=2026, quarter=2, quota=100, attained=10)
    real_delete = services.quota_record_delete

    def refuse_the_second(*, actor, record):
        if record.pk == second.pk:
            raise ValidationError("These figures are locked.")
        real_delete(actor=actor, record=record)

    monkeypatch.setattr(services, "quota_record_delete", refuse_the_second)
    client.force_login(org.hr.user)
    response = client.post("/admin/people/quotarecord/", {
        "action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Nothing was deleted: These figures are locked." in response.content.decode()
    assert QuotaRecord.objects.count() == 2


def test_a_manager_who_left_is_refused_on_the_person_form(client, org):
    alumnus = PersonFactory(alumnus=True)
    client.force_login(org.hr.user)
    url = f"/admin/people/person/{org.rep.id}/change/"
    data = {**_change_form_data(client, url), "manager": alumnus.pk,
            "quota_records-TOTAL_FORMS": 0, "quota_records-INITIAL_FORMS": 0}
    response = client.post(url, data)
    assert response.status_code == 200 and "has left; choose an active manager" in response.content.decode()
    org.rep.refresh_from_db()
    assert org.rep.manager == org.manager


def test_a_refusal_when_saving_a_person_is_shown_not_a_500(client, org, monkeypatch):
    from django.core.exceptions import ValidationError

    from people import services

    def refuse(**kwargs):
        raise ValidationError("Someone changed this person meanwhile.")

    monkeypatch.setattr(services, "person_update", refuse)
    client.force_login(org.hr.user)
    url = f"/admin/people/person/{org.rep.id}/change/"
    data = {**_change_form_data(client, url), "title": "Senior AE",
            "quota_records-TOTAL_FORMS": 0, "quota_records-INITIAL_FORMS": 0}
    response = client.post(url, data)
    assert response.status_code == 200 and "Someone changed this person meanwhile." in response.content.decode()
    assert response.context["adminform"].form.data["title"] == "Senior AE"  # the input is kept on the form
    org.rep.refresh_from_db()
    assert org.rep.title == "Account Executive"


def test_the_catalogue_form_shows_the_services_refusal(client, org, monkeypatch):
    from django.core.exceptions import ValidationError

    from people import services
    from people.models import Skill

    def refuse(*, actor, instance):
        raise ValidationError({"name": "That name is reserved."})

    monkeypatch.setattr(services, "catalogue_validate", refuse)
    client.force_login(org.hr.user)
    response = client.post("/admin/people/skill/add/", {"name": "Negotiation", "category": "advanced", "description": ""})
    assert response.status_code == 200 and "That name is reserved." in response.content.decode()
    assert not Skill.objects.exists()


def test_a_skill_saved_in_the_admin_is_kept_in_history_naming_hr(client, org):
    from people.models import Skill

    client.force_login(org.hr.user)
    response = client.post("/admin/people/skill/add/", {"name": "Negotiation", "category": "advanced", "description": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    skill = Skill.objects.get(name="Negotiation")
    assert skill.history.get().history_user == org.hr.user
    assert client.get(f"/admin/people/skill/{skill.pk}/history/").status_code == 200


def test_a_role_skill_saved_in_the_job_role_inline_is_kept_in_history(client, org):
    from people.models import JobRole, RoleSkill
    from tests.factories import SkillFactory

    skill = SkillFactory(name="Negotiation")
    client.force_login(org.hr.user)
    response = client.post("/admin/people/jobrole/add/", {
        "title": "Account Director", "level": 5, "track": "individual_contributor", "description": "",
        "role_skills-TOTAL_FORMS": 1, "role_skills-INITIAL_FORMS": 0,
        "role_skills-0-skill": skill.pk, "role_skills-0-expected_level": 3,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    role_skill = RoleSkill.objects.get(role=JobRole.objects.get(title="Account Director"))
    assert role_skill.history.get().history_user == org.hr.user


def test_a_refused_quota_row_in_the_person_inline_is_shown_on_the_form_and_nothing_is_saved(client, org):
    from people.models import QuotaRecord

    QuotaRecord.objects.create(person=org.rep, year=2026, quarter=2, quota=100, attained=10)
    record = QuotaRecord.objects.create(person=org.rep, year=2026, quarter=3, quota=100, attained=20)
    client.force_login(org.hr.user)
    url = f"/admin/people/person/{org.rep.id}/change/"
    data = {**_change_form_data(client, url), "title": "Senior AE"}
    data.update({
        "quota_records-TOTAL_FORMS": 1, "quota_records-INITIAL_FORMS": 1,
        "quota_records-0-id": record.pk, "quota_records-0-person": org.rep.pk,
        "quota_records-0-year": 2026, "quota_records-0-quarter": 2,
        "quota_records-0-quota": "100.00", "quota_records-0-attained": "20.00",
    })
    response = client.post(url, data)
    assert response.status_code == 200 and "already has figures for 2026-Q2" in response.content.decode()
    record.refresh_from_db()
    org.rep.refresh_from_db()
    assert record.quarter == 3 and org.rep.title == "Account Executive"  # the person's change rolled back too
