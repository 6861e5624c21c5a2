from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching and mentorship"

    def ready(self) -> None:
        from coaching.offboarding import mentorships_end_for_leaver
        from people.offboarding import register_offboarding_step

        register_offboarding_step(mentorships_end_for_leaver, name="coaching")
