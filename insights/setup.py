"""What a Catalyst database needs before anyone works in it, whichever organisation it is for."""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from people.models import HR_GROUP_NAME, Person

#: The apps whose records HR keeps in the admin: every permission of theirs goes to the HR group.
HR_APP_LABELS = ["people", "notifications", "alumni", "devplans", "coaching", "integrations", "django_celery_beat"]
#: Of django.contrib.auth's permissions HR holds only these: it sees accounts and groups, changes none.
HR_ACCOUNT_PERMISSIONS = ["view_user", "view_group"]


def hr_group_ensure() -> Group:
    """The HR group with its permissions (idempotent).

    Over accounts and groups HR may only look: a right to change users, groups or permissions would
    let HR make anyone a superuser or grant itself anything (and the admin lets only superusers
    change them anyway: people.admin.SuperuserWritesOnly). Such rights given to the group before
    are taken away again here."""
    group, _ = Group.objects.get_or_create(name=HR_GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=HR_APP_LABELS))
    accounts = Permission.objects.filter(content_type__app_label="auth")
    group.permissions.add(*accounts.filter(codename__in=HR_ACCOUNT_PERMISSIONS))
    group.permissions.remove(*accounts.exclude(codename__in=HR_ACCOUNT_PERMISSIONS))
    return group


def catalyst_setup() -> dict[str, int]:
    """The HR group, the default cadence policies, the skill catalogue and job roles, the reminder
    schedules. Idempotent; returns what it counted or created."""
    from coaching.services import cadence_policies_ensure
    from insights.schedules import schedules_ensure
    from people.demo import ensure_catalogue

    group = hr_group_ensure()
    skills, roles = ensure_catalogue()
    return {
        "hr_permissions": group.permissions.count(),
        "cadence_policies": cadence_policies_ensure(),
        "skills": len(skills),
        "job_roles": len(roles),
        "schedules": schedules_ensure(),
    }


@transaction.atomic
def first_hr_person_create(*, username: str, email: str, full_name: str) -> Person:
    """The organisation's first HR person (staff, in the HR group, no password yet), sent an invitation:
    a one-time link to set a password, valid for CATALYST["INVITE_DAYS"] days (people.invitations)."""
    from people.services import person_create, person_invite

    person = person_create(actor=None, username=username, full_name=full_name, email=email)
    user = person.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(hr_group_ensure())
    return person_invite(actor=None, person=person)
