from tests.factories.people import (
    JobRoleFactory,
    PersonFactory,
    QuotaRecordFactory,
    SkillFactory,
    TeamFactory,
    UserFactory,
)

__all__ = ["JobRoleFactory", "PersonFactory", "QuotaRecordFactory", "SkillFactory", "TeamFactory", "UserFactory"]
