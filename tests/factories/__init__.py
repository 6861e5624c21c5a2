from tests.factories.alumni import (
    AlumniContributionFactory,
    AlumniProfileFactory,
    ErasureRecordFactory,
    OffboardingRecordFactory,
)
from tests.factories.notifications import CalendarFeedFactory, NotificationFactory, NotificationPreferenceFactory
from tests.factories.people import (
    DataExportRecordFactory,
    JobRoleFactory,
    PersonFactory,
    QuotaRecordFactory,
    RoleSkillFactory,
    SkillFactory,
    TeamFactory,
    UserFactory,
)

__all__ = [
    "AlumniContributionFactory",
    "AlumniProfileFactory",
    "CalendarFeedFactory",
    "DataExportRecordFactory",
    "ErasureRecordFactory",
    "JobRoleFactory",
    "NotificationFactory",
    "NotificationPreferenceFactory",
    "OffboardingRecordFactory",
    "PersonFactory",
    "QuotaRecordFactory",
    "RoleSkillFactory",
    "SkillFactory",
    "TeamFactory",
    "UserFactory",
]
