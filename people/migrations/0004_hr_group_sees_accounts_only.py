from django.db import migrations

HR_GROUP_NAME = "HR"
HR_ACCOUNT_PERMISSIONS = ["view_user", "view_group"]


def hr_group_keeps_only_viewing_accounts(apps, schema_editor):
    """Until now the HR group could change accounts (auth.change_user), and with it make anyone a
    superuser or staff, put anyone in any group or set their password. It keeps only the right to
    look; superusers keep the rest."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=HR_GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="auth").exclude(codename__in=HR_ACCOUNT_PERMISSIONS)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_hashed_api_tokens'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.RunPython(hr_group_keeps_only_viewing_accounts, migrations.RunPython.noop),
    ]
