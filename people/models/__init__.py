"""People, teams, roles, skills and quota, plus the alumni network and notifications.

Split by subject so each part can grow on its own; import models from `people.models`.
"""
from people.models.org import (
    HR_GROUP_NAME,
    JobRole,
    Person,
    PersonStatus,
    QuotaRecord,
    Role,
    RoleSkill,
    Skill,
    SkillCategory,
    SkillLevel,
    Team,
    Tier,
    Track,
)
from people.models.alumni import (
    AlumniContribution,
    AlumniProfile,
    ContributionKind,
    ContributionStatus,
    ErasureRecord,
    OffboardingRecord,
)
from people.models.audit import DataExportRecord
from people.models.notifications import CalendarFeed, Notification, NotificationKind, NotificationPreference

__all__ = [
    "HR_GROUP_NAME",
    "AlumniContribution",
    "AlumniProfile",
    "CalendarFeed",
    "ContributionKind",
    "ContributionStatus",
    "DataExportRecord",
    "ErasureRecord",
    "JobRole",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "OffboardingRecord",
    "Person",
    "PersonStatus",
    "QuotaRecord",
    "Role",
    "RoleSkill",
    "Skill",
    "SkillCategory",
    "SkillLevel",
    "Team",
    "Tier",
    "Track",
]
