"""Writes for the people app. One atomic function per business action.

Each checks the actor's right (people.permissions); an actor of None is the system (imports run by
commands, the demo, migrations) and is always allowed."""
from __future__ import annotations

import dataclasses
import datetime
import logging
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from common.audit import save_with_history
from common.exceptions import TransitionNotAllowed
from common.permissions import require
from people import access, invitations, permissions
from people.models import ApiToken, DataExportRecord, JobRole, Person, PersonStatus, QuotaRecord, RoleSkill, Skill, Team
from people.models.tokens import PREFIX_LENGTH, api_token_digest, api_token_key_new
from people.tiers import compute_tiers

User = get_user_model()
logger = logging.getLogger(__name__)

#: Live API tokens one user may hold; signing in once more revokes the oldest.
API_TOKENS_PER_USER = 20
#: How often a token's "last used" time is written (every request would be a write per request).
API_TOKEN_USE_PRECISION = datetime.timedelta(minutes=5)



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


def person_invite_check(*, person: Person) -> None:
    """Raise why `person` cannot be invited: no address to send to, or not someone who signs in as an
    employee (alumni keep the password they have and reset it themselves; erased people are gone)."""
    if person.is_anonymised:
        raise TransitionNotAllowed(f"{person} was erased on request; nobody can be invited to that account.")
    if person.status != PersonStatus.ACTIVE:
        raise TransitionNotAllowed(
            f"{person} has left; alumni are not invited (with a password they can reset it from the sign-in page)."
        )
    if not person.email:
        raise ValidationError({"email": f"{person} has no email address; add one, then invite them."})


def _invitation_record(*, actor: Person | None, person: Person, now: datetime.datetime) -> None:
    again = person.invited_at is not None
    person.invited_at, person.invited_by, person.invitation_accepted_at = now, actor, None
    save_with_history(
        person, actor=actor,
        reason="Invited again (the earlier link no longer works)" if again else "Invited to set a password",
        update_fields=["invited_at", "invited_by", "invitation_accepted_at", "updated_at"],
    )


@transaction.atomic
def person_invite(*, actor: Person | None, person: Person) -> Person:
    """Email the person a one-time link to set their password, voiding any earlier link. The email
    goes after the commit (people.invitations.invitation_emails_send)."""
    return people_invite(actor=actor, people=[person], refuse=True).invited[0]


@dataclasses.dataclass
class InvitationResult:
    invited: list[Person] = dataclasses.field(default_factory=list)
    refused: list[tuple[Person, str]] = dataclasses.field(default_factory=list)


@transaction.atomic
def people_invite(*, actor: Person | None, people, refuse: bool = False) -> InvitationResult:
    """Invite several people at once (the admin's action, the CSV import): those who can be invited
    are, the others come back in `refused` with the reason (or, with `refuse`, the first refusal is
    raised and nobody is invited). All the emails go over one mail connection after the commit."""
    require(actor is None or permissions.can_invite_people(actor), permissions.INVITE_REFUSED)
    ids = [person.pk for person in people]
    locked = Person.objects.select_for_update().select_related("user").filter(pk__in=ids).order_by("pk")
    result = InvitationResult()
    now = timezone.now()
    for person in locked:
        try:
            person_invite_check(person=person)
        except (ValidationError, TransitionNotAllowed) as error:
            if refuse:
                raise
            result.refused.append((person, error.message if isinstance(error, TransitionNotAllowed) else " ".join(error.messages)))
            continue
        _invitation_record(actor=actor, person=person, now=now)
        result.invited.append(person)
    if result.invited:
        invited_ids = [person.pk for person in result.invited]
        transaction.on_commit(lambda: invitations.invitation_emails_send(invited_ids))
    return result


@transaction.atomic
def invitation_accept(*, person_id: int, token: str, password: str) -> Person:
    """Set the invited person's password from their link, once: the link is checked again under the
    row's lock, so two tabs submitting at once set it once. Raises InvitationLinkRefused or the
    password validators' ValidationError, and then changes nothing."""
    person = invitations.invitation_check(
        person_id=person_id, token=token, queryset=Person.objects.select_for_update().select_related("user")
    )
    user = person.user
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    person.invitation_accepted_at = timezone.now()
    save_with_history(
        person, actor=person, reason="Accepted the invitation", update_fields=["invitation_accepted_at", "updated_at"]
    )
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
    """A token older than CATALYST["API_TOKEN_DAYS"] days is refused (and deleted)."""
    return created < timezone.now() - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"])


class IssuedApiToken(NamedTuple):
    """A new token: `key` is the secret, returned this once and stored nowhere; `token` is its row."""

    key: str
    token: ApiToken


@transaction.atomic
def api_token_issue(*, user) -> IssuedApiToken:
    """A new API token for `user` (signing in: POST /api/v1/auth/token/).

    Only the token's hash is kept, so an earlier token cannot be handed out again: every sign-in
    issues a new one. The user's expired tokens are deleted on the way, and of the live ones the
    newest API_TOKENS_PER_USER are kept (a script that signs in on every run does not pile them up).
    """
    now = timezone.now()
    tokens = ApiToken.objects.filter(user=user)
    tokens.filter(created_at__lt=now - datetime.timedelta(days=settings.CATALYST["API_TOKEN_DAYS"])).delete()
    kept = list(tokens.order_by("-created_at", "-id").values_list("id", flat=True)[: API_TOKENS_PER_USER - 1])
    tokens.exclude(id__in=kept).delete()
    key = api_token_key_new()
    token = ApiToken.objects.create(user=user, prefix=key[:PREFIX_LENGTH], digest=api_token_digest(key), created_at=now)
    return IssuedApiToken(key=key, token=token)


def api_token_touch(token: ApiToken) -> None:
    """Write down that `token` was used, at most once per API_TOKEN_USE_PRECISION: a request signed
    with a token writes nothing most of the time. Best effort: a database that cannot take the
    write now does not turn a read into an error."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < API_TOKEN_USE_PRECISION:
        return
    try:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except DatabaseError:
        logger.warning("Could not record the use of API token %s", token.pk, exc_info=True)
    token.last_used_at = now


def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke one token (HR in the admin; the admin's log names who did it)."""
    ApiToken.objects.filter(pk=token.pk).delete()


def api_tokens_revoke_all(*, user_id: int) -> int:
    """Revoke every API token of one user (sign-out, password change, offboarding, erasure)."""
    deleted, _ = ApiToken.objects.filter(user_id=user_id).delete()
    return deleted


def data_export_record(*, user, model: str, file_format: str, row_count: int, filters: str = "") -> DataExportRecord:
    """Write down who exported personal data, what and how much (HR reads it in the admin)."""
    return DataExportRecord.objects.create(
        user=user, model=model, file_format=file_format, row_count=row_count, filters=filters[:500]
    )
