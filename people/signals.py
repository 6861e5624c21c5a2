"""Sign-in hygiene: tokens die with logout and with a password change (sessions already do)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import pre_save
from django.dispatch import receiver

from people.services import api_tokens_revoke_all

User = get_user_model()


@receiver(user_logged_out)
def revoke_tokens_on_logout(sender, request, user, **kwargs):
    if user is not None:
        api_tokens_revoke_all(user_id=user.pk)


@receiver(pre_save, sender=User)
def revoke_tokens_on_password_change(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old_password = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old_password is not None and old_password != instance.password:
        api_tokens_revoke_all(user_id=instance.pk)
