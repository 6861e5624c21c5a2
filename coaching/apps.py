from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching and mentorship"

    def ready(self) -> None:
        from coaching.offboarding import mentorships_end_for_leaver
        from people.offboarding import register_offboarding_step

        register_offboarding_step(mentorships_end_for_leaver, name="coaching")

        from django.db.models.signals import post_delete, post_save

        from coaching.models import CadencePolicy
        from coaching.selectors import forget_cadence_policies

        post_save.connect(forget_cadence_policies, sender=CadencePolicy, dispatch_uid="coaching-forget-policies-save")
        post_delete.connect(forget_cadence_policies, sender=CadencePolicy, dispatch_uid="coaching-forget-policies-delete")
