"""What a Catalyst database needs before anyone works in it, whichever organisation it is for."""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from people.models import HR_GROUP_NAME

#: The apps whose records HR keeps in the admin: every permission of theirs goes to the HR group.
HR_APP_LABELS = ["people", "notifications", "alumni", "devplans", "coaching", "django_celery_beat", "authtoken"]


def hr_group_ensure() -> Group:
    """The HR group with its permissions (idempotent)."""
    group, _ = Group.objects.get_or_create(name=HR_GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=HR_APP_LABELS))
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__in=["view_user", "change_user", "view_group"])
    )
    return group
