from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching and mentorship"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from coaching.calendar import session_events
        from coaching.erasure import coaching_erase
        from coaching.kinds import CoachingNotification
        from coaching.models import CadencePolicy
        from coaching.offboarding import (
            describe_mentorships_ended,
            describe_sessions_cancelled,
            mentorships_end_for_leaver,
            sessions_cancel_for_leaver,
        )
        from coaching.selectors import forget_cadence_policies, upcoming_sessions_for
        from devplans.sections import register_my_plan_context
        from notifications.calendar import register_calendar_source
        from notifications.kinds import register_kinds
        from people.erasure import register_erasure_step
        from people.leaving import register_offboarding_step

        register_offboarding_step(mentorships_end_for_leaver, name="coaching", describe=describe_mentorships_ended)
        register_offboarding_step(
            sessions_cancel_for_leaver, name="coaching.sessions", describe=describe_sessions_cancelled
        )
        register_erasure_step(coaching_erase, name="coaching")
        register_kinds(CoachingNotification, app=self.label)
        register_calendar_source(session_events, name="coaching.sessions")
        register_my_plan_context(
            lambda *, person: {"upcoming_sessions": upcoming_sessions_for(person)}, name="coaching.upcoming_sessions"
        )
        post_save.connect(forget_cadence_policies, sender=CadencePolicy, dispatch_uid="coaching-forget-policies-save")
        post_delete.connect(forget_cadence_policies, sender=CadencePolicy, dispatch_uid="coaching-forget-policies-delete")
