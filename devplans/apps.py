from django.apps import AppConfig


class DevplansConfig(AppConfig):
    name = "devplans"
    verbose_name = "Development plans"

    def ready(self) -> None:
        from devplans.offboarding import plans_archive_for_leaver
        from people.offboarding import register_offboarding_step

        register_offboarding_step(plans_archive_for_leaver, name="devplans")
