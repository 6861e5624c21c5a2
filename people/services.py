"""Writes for the people app. One atomic function per business action.

Each checks the actor's right (people.permissions); an actor of None is the system (imports run by
commands, the demo, migrations) and is always allowed."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from common.audit import save_with_history
from common.permissions import require
from people import access, permissions
from people.models import DataExportRecord, JobRole, Person, PersonStatus, QuotaRecord, RoleSkill, Skill, Team
from people.tiers import compute_tiers

User = get_user_model()



def person_validate_manager(*, person: Person | None, manager: Person | None) -> None:
    """A manager must be an active person, not the person themself, and not below them."""
    if manager is None:
        return
    if manager.status != PersonStatus.ACTIVE:
        raise ValidationError({"manager": f"{manager} has left; choose an active manager."})
    if person is None or person.pk is None:
        return
    if manager.pk == person.pk:
        raise ValidationError({"manager": "A person cannot be their own manager."})
    if access.is_in_manager_chain(person, manager):
        raise ValidationError(
            {"manager": f"{manager} reports to {person}; that would make a reporting cycle."}
        )


@transaction.atomic
def person_create(
    *,
    actor: Person | None,
    username: str,
    full_name: str,
    email: str = "",
    title: str = "",
    hire_date: datetime.date | None = None,
    team: Team | None = None,
    manager: Person | None = None,
    job_role: JobRole | None = None,
    password: str | None = None,
    employee_id: str | None = None,
) -> Person:
    require(actor is None or permissions.can_change_people(actor), permissions.PEOPLE_CHANGE_REFUSED)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username!r} is taken."})
    person_validate_manager(person=None, manager=manager)
    user = User(username=username, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    person = Person(
        user=user,
        full_name=full_name,
        email=email,
        title=title,
        hire_date=hire_date,
        team=team,
        manager=manager,
        job_role=job_role,
        employee_id=employee_id,
    )
    person.full_clean(exclude=["user"])
    save_with_history(person, actor=actor, reason="Created")
    return person


PERSON_CHANGEABLE_FIELDS = ("full_name", "email", "employee_id", "title", "hire_date", "team", "manager", "job_role")


def person_update_check(*, actor: Person | None, person: Person, **fields) -> None:
    """Raise what `person_update` would refuse for these changes, without writing anything: its checks,
    kept apart so they read as one list."""
    require(actor is None or permissions.can_change_people(actor), permissions.PEOPLE_CHANGE_REFUSED)
    unknown = set(fields) - set(PERSON_CHANGEABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if "manager" in fields:
        person_validate_manager(person=person, manager=fields["manager"])


@transaction.atomic
def person_update(*, actor: Person | None, person: Person, **fields) -> Person:
    """Change a person's details; the manager change is checked for cycles under a lock."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    person_update_check(actor=actor, person=person, **fields)
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.full_clean(exclude=["user"])
        save_with_history(person, actor=actor, reason=f"Changed {', '.join(changed)}", update_fields=[*changed, "updated_at"])
        if "email" in changed and person.user.email != person.email:
            person.user.email = person.email
            person.user.save(update_fields=["email"])
    return person


@transaction.atomic
def person_username_change(*, actor: Person | None, person: Person, username: str) -> Person:
    """Change the sign-in name (an identity provider renames people, e.g. when their email changes)."""
    require(actor is None or permissions.can_change_people(actor), permissions.PEOPLE_CHANGE_REFUSED)
    person = Person.objects.select_for_update().select_related("user").get(pk=person.pk)
    username = (username or "").strip()
    user = person.user
    if username == user.username:
        return person
    if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        raise ValidationError({"username": ValidationError(f"The username {username!r} is taken.", code="unique")})
    old = user.username
    user.username = username
    user.full_clean(exclude=["password"])
    user.save(update_fields=["username"])
    save_with_history(person, actor=actor, reason=f"Username changed from {old} to {username}", update_fields=["updated_at"])
    return person


#: The organisation's reference data: HR keeps it in the admin, and it carries no workflow of its own.
CATALOGUE_MODELS = (Team, Skill, JobRole, RoleSkill)


def catalogue_validate(*, actor: Person | None, instance: Team | Skill | JobRole | RoleSkill) -> None:
    """Raise what `catalogue_save` would refuse for this instance as it stands, without writing anything."""
    if not isinstance(instance, CATALOGUE_MODELS):
        raise TypeError(f"{type(instance).__name__} is not reference data")
    require(actor is None or permissions.can_keep_catalogue(actor), permissions.CATALOGUE_REFUSED)
    instance.full_clean()


@transaction.atomic
def catalogue_save(*, actor: Person | None, instance: Team | Skill | JobRole | RoleSkill, changed: list[str] | None = None):
    """Create or change a team, skill, job role or a role's skill: validated, saved with history."""
    catalogue_validate(actor=actor, instance=instance)
    if instance.pk is None:
        reason = "Created"
    else:
        reason = f"Changed {', '.join(changed)}" if changed else "Changed"
    save_with_history(instance, actor=actor, reason=reason)
    return instance


@transaction.atomic
def catalogue_delete(*, actor: Person | None, instance: Team | Skill | JobRole | RoleSkill) -> None:
    """Remove reference data nobody needs any more. A team or job role that active people still have is
    refused (move them first); a skill that plans still name is protected by the database."""
    if not isinstance(instance, CATALOGUE_MODELS):
        raise TypeError(f"{type(instance).__name__} is not reference data")
    require(actor is None or permissions.can_keep_catalogue(actor), permissions.CATALOGUE_REFUSED)
    if isinstance(instance, Team) and instance.members.filter(status=PersonStatus.ACTIVE).exists():
        raise ValidationError(f"{instance} still has active members; move them to another team first.")
    if isinstance(instance, JobRole) and instance.people.filter(status=PersonStatus.ACTIVE).exists():
        raise ValidationError(f"People still hold the job role {instance}; give them another role first.")
    instance._history_user = getattr(actor, "user", None)
    instance._change_reason = "Removed"
    instance.delete()


@transaction.atomic
def quota_record_set(
    *, actor: Person | None, person: Person, year: int, quarter: int, quota: Decimal, attained: Decimal
) -> QuotaRecord:
    """Create or update one quarter's quota figures, then recompute that quarter's tiers."""
    require(actor is None or permissions.can_set_quota(actor), permissions.QUOTA_REFUSED)
    record, _ = QuotaRecord.objects.select_for_update().get_or_create(
        person=person, year=year, quarter=quarter, defaults={"quota": quota, "attained": attained}
    )
    record.quota, record.attained = quota, attained
    record.full_clean()
    save_with_history(record, actor=actor, reason="Quota figures set")
    quota_tiers_recompute(year=year, quarter=quarter)
    record.refresh_from_db(fields=["tier"])
    return record


def quota_record_validate_move(*, record: QuotaRecord, person: Person, year: int, quarter: int) -> None:
    """A record may move to another person or quarter only where no record is yet: one per person and quarter."""
    target = QuotaRecord.objects.filter(person=person, year=year, quarter=quarter).exclude(pk=record.pk)
    if target.exists():
        raise ValidationError(
            {"quarter": f"{person} already has figures for {year}-Q{quarter}; change that record instead."}
        )


@transaction.atomic
def quota_record_update(
    *, actor: Person | None, record: QuotaRecord, person: Person, year: int, quarter: int, quota: Decimal,
    attained: Decimal,
) -> QuotaRecord:
    """Correct an existing record: its figures, and its person or quarter (the row moves, it is not
    copied). The tiers of the quarter it left and of the one it joined are both recomputed."""
    require(actor is None or permissions.can_set_quota(actor), permissions.QUOTA_REFUSED)
    record = QuotaRecord.objects.select_for_update().get(pk=record.pk)
    old_period = (record.year, record.quarter)
    quota_record_validate_move(record=record, person=person, year=year, quarter=quarter)
    wanted = {"person": person, "year": year, "quarter": quarter, "quota": quota, "attained": attained}
    changed = [name for name, value in wanted.items() if getattr(record, name) != value]
    if not changed:
        return record
    for name in changed:
        setattr(record, name, wanted[name])
    record.full_clean()
    if old_period != (year, quarter):
        reason = f"Quota figures moved from {old_period[0]}-Q{old_period[1]}"
    elif "person" in changed:
        reason = "Quota figures moved to another person"
    else:
        reason = "Quota figures set"
    save_with_history(record, actor=actor, reason=reason, update_fields=changed)
    quota_tiers_recompute(year=year, quarter=quarter)
    if old_period != (year, quarter):
        quota_tiers_recompute(year=old_period[0], quarter=old_period[1])
    record.refresh_from_db(fields=["tier"])
    return record


@transaction.atomic
def quota_record_delete(*, actor: Person | None, record: QuotaRecord) -> None:
    """Remove one quarter's figures (typed in error) and recompute that quarter's tiers.
    The history keeps the deleted figures and who removed them."""
    require(actor is None or permissions.can_set_quota(actor), permissions.QUOTA_REFUSED)
    record = QuotaRecord.objects.select_for_update().filter(pk=record.pk).first()
    if record is None:
        return
    year, quarter = record.year, record.quarter
    record._history_user = getattr(actor, "user", None)
    record._change_reason = "Quota figures removed"
    record.delete()
    quota_tiers_recompute(year=year, quarter=quarter)


def quota_tiers_recompute(*, year: int, quarter: int) -> int:
    """Recompute every active person's tier for one quarter across the organisation.

    Returns how many records changed tier. Alumni keep the tier they had when they left.
    """
    records = list(
        QuotaRecord.objects.filter(year=year, quarter=quarter, person__status=PersonStatus.ACTIVE).only(
            "id", "quota", "attained", "tier"
        )
    )
    tiers = compute_tiers((record.id, record.attained / record.quota) for record in records)
    changed = []
    for record in records:
        if record.tier != tiers[record.id]:
            record.tier = tiers[record.id]
            changed.append(record)
    QuotaRecord.objects.bulk_update(changed, ["tier"], batch_size=1000)
    return len(changed)


def api_token_is_expired(created: datetime.datetime) -> bool:
    """A token older than CATALYST["API_TOKEN_DAYS"] days is refused and replaced."""
    return created < timezone.now() - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"])


@transaction.atomic
def api_token_issue(*, user) -> Token:
    """The user's API token: the existing one while it is valid, otherwise a new one (an expired
    token is deleted first, so the old key stops working)."""
    token, created = Token.objects.select_for_update().get_or_create(user=user)
    if not created and api_token_is_expired(token.created):
        token.delete()
        token = Token.objects.create(user=user)
    return token


def data_export_record(*, user, model: str, file_format: str, row_count: int, filters: str = "") -> DataExportRecord:
    """Write down who exported personal data, what and how much (HR reads it in the admin)."""
    return DataExportRecord.objects.create(
        user=user, model=model, file_format=file_format, row_count=row_count, filters=filters[:500]
    )
