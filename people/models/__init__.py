"""People, teams, job roles, skills and quota; import models from `people.models`."""
from people.models.audit import DataExportRecord
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
from people.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "HR_GROUP_NAME",
    "DataExportRecord",
    "JobRole",
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
