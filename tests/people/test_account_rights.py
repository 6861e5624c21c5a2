"""HR cannot escalate: it may look at accounts and groups in the admin, but not make anyone a superuser
or staff, put anyone (itself included) in a group, grant permissions, set someone's password, or add
or delete accounts and groups. A superuser still can."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from insights.setup import hr_group_ensure

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("t_root", "root@example.com", "root-pass-5519")


def user_form(user, *, group: Group, permission: Permission) -> dict:
    """The admin's change form for `user`, posted with every right switched on."""
    return {
        "username": user.username, "first_name": "", "last_name": "", "email": user.email,
        "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "groups": [group.pk], "user_permissions": [permission.pk],
        "date_joined_0": user.date_joined.date().isoformat(), "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "", "last_login_1": "",
    }


def rights(user) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (user.is_staff, user.is_superuser, sorted(user.groups.values_list("pk", flat=True)),
            sorted(user.user_permissions.values_list("pk", flat=True)), user.password)


def test_the_hr_group_holds_no_right_to_change_accounts_groups_or_permissions(org):
    group = Group.objects.get(pk=hr_group_ensure().pk)
    held = set(group.permissions.filter(content_type__app_label="auth").values_list("codename", flat=True))
    assert held == {"view_user", "view_group"}
    hr = User.objects.get(pk=org.hr.user_id)
    for codename in ("add_user", "change_user", "delete_user", "add_group", "change_group", "delete_group",
                     "add_permission", "change_permission", "delete_permission"):
        assert not hr.has_perm(f"auth.{codename}")


def test_re_running_the_setup_takes_back_account_rights_given_to_hr_before(org):
    group = hr_group_ensure()
    group.permissions.add(*Permission.objects.filter(content_type__app_label="auth", codename__in=["change_user", "change_group"]))
    hr_group_ensure()
    assert not group.permissions.filter(codename__in=["change_user", "change_group"]).exists()


def test_the_upgrade_takes_account_rights_from_the_hr_group(org):
    from django.apps import apps

    migration = __import__("people.migrations.0004_hr_group_sees_accounts_only", fromlist=["x"])
    group = hr_group_ensure()
    group.permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
    migration.hr_group_keeps_only_viewing_accounts(apps, None)
    assert set(group.permissions.filter(content_type__app_label="auth").values_list("codename", flat=True)) == {"view_user", "view_group"}


@pytest.mark.parametrize("whose", ["rep", "hr", "superuser"])
def test_hr_cannot_change_anyone_s_account_rights_or_password(client, org, superuser, whose):
    target = {"rep": org.rep.user, "hr": org.hr.user, "superuser": superuser}[whose]
    group, permission = hr_group_ensure(), Permission.objects.get(codename="change_user")
    before = rights(target)
    client.force_login(org.hr.user)
    base = f"/admin/auth/user/{target.pk}"
    assert client.get(f"{base}/change/").status_code == 200  # HR may look
    assert client.post(f"{base}/change/", user_form(target, group=group, permission=permission)).status_code == 403
    assert client.get(f"{base}/password/").status_code == 403
    new_password = {"password1": "A-takeover-pass-77", "password2": "A-takeover-pass-77", "usable_password": "true"}
    assert client.post(f"{base}/password/", new_password).status_code == 403
    assert client.get(f"{base}/delete/").status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    assert rights(target) == before
    change_page = client.get(f"{base}/change/").content.decode()
    assert 'name="is_superuser"' not in change_page and 'name="groups"' not in change_page


def test_hr_cannot_add_accounts(client, org):
    client.force_login(org.hr.user)
    assert client.get("/admin/auth/user/add/").status_code == 403
    form = {"username": "t_mallory", "password1": "A-mallory-pass-71", "password2": "A-mallory-pass-71", "usable_password": "true"}
    assert client.post("/admin/auth/user/add/", form).status_code == 403
    assert not User.objects.filter(username="t_mallory").exists()


def test_hr_cannot_change_add_or_delete_groups(client, org):
    group = hr_group_ensure()
    before = sorted(group.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))
    client.force_login(org.hr.user)
    assert client.get(f"/admin/auth/group/{group.pk}/change/").status_code == 200  # HR may look
    assert client.post(f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": everything}).status_code == 403
    assert client.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/auth/group/add/").status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "Admins", "permissions": everything}).status_code == 403
    assert sorted(group.permissions.values_list("pk", flat=True)) == before
    assert not Group.objects.filter(name="Admins").exists()


def test_hr_bulk_actions_on_accounts_and_groups_do_nothing(client, org, superuser):
    group = hr_group_ensure()
    client.force_login(org.hr.user)
    users = list(User.objects.values_list("pk", flat=True))
    client.post("/admin/auth/user/", {"action": "delete_selected", "post": "yes", "_selected_action": users})
    client.post("/admin/auth/group/", {"action": "delete_selected", "post": "yes", "_selected_action": [group.pk]})
    assert User.objects.count() == len(users) and Group.objects.filter(pk=group.pk).exists()
    listing = client.get("/admin/auth/user/").content.decode()
    assert "delete_selected" not in listing


def test_hr_finds_no_permission_screen(client, org):
    client.force_login(org.hr.user)
    assert client.get("/admin/auth/permission/").status_code == 404


def test_a_superuser_still_changes_account_rights_groups_and_passwords(client, org, superuser):
    group, permission = hr_group_ensure(), Permission.objects.get(codename="change_user")
    client.force_login(superuser)
    target = org.rep.user
    response = client.post(f"/admin/auth/user/{target.pk}/change/", user_form(target, group=group, permission=permission))
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.is_staff and target.is_superuser and list(target.groups.all()) == [group]
    assert list(target.user_permissions.all()) == [permission]
    new_password = {"password1": "A-fresh-pass-2291", "password2": "A-fresh-pass-2291", "usable_password": "true"}
    assert client.post(f"/admin/auth/user/{target.pk}/password/", new_password).status_code == 302
    target.refresh_from_db()
    assert target.check_password("A-fresh-pass-2291")
    response = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": [permission.pk]})
    assert response.status_code == 302
    assert list(group.permissions.all()) == [permission]
