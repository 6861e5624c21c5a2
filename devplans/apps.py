from django.apps import AppConfig


class DevplansConfig(AppConfig):
    name = "devplans"
    verbose_name = "Development plans"

    def ready(self) -> None:
        from devplans.calendar import milestone_events
        from devplans.erasure import devplans_erase
        from devplans.kinds import PlanNotification
        from devplans.offboarding import describe_plans_archived, plans_archive_for_leaver
        from notifications.calendar import register_calendar_source
        from notifications.kinds import register_kinds
        from people.erasure import register_erasure_step
        from people.leaving import register_offboarding_step

        register_offboarding_step(plans_archive_for_leaver, name="devplans", describe=describe_plans_archived)
        register_erasure_step(devplans_erase, name="devplans")
        register_kinds(PlanNotification, app=self.label)
        register_calendar_source(milestone_events, name="devplans.milestones")
