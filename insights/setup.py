"""What a Catalyst database needs before anyone works in it, whichever organisation it is for."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from people.models import HR_GROUP_NAME, Person

#: The apps whose records HR keeps in the admin: every permission of theirs goes to the HR group.
HR_APP_LABELS = ["people", "notifications", "alumni", "devplans", "coaching", "integrations", "django_celery_beat", "authtoken"]


def hr_group_ensure() -> Group:
    """The HR group with its permissions (idempotent)."""
    group, _ = Group.objects.get_or_create(name=HR_GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=HR_APP_LABELS))
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__in=["view_user", "change_user", "view_group"])
    )
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
    """The organisation's first HR person (staff, in the HR group, no password yet), emailed a one-time
    link to set one: Django's password-reset link, valid for PASSWORD_RESET_TIMEOUT."""
    from people.services import person_create

    person = person_create(actor=None, username=username, full_name=full_name, email=email)
    user = person.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(hr_group_ensure())
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
    })
    link = settings.CATALYST["SITE_URL"].rstrip("/") + path
    body = render_to_string("insights/first_hr_person_email.txt", {"person": person, "link": link})
    transaction.on_commit(lambda: send_mail("Set your Catalyst password", body, None, [email]))
    return person
