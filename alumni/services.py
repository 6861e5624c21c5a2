"""Writes of the alumni app: leaving, coming back and being forgotten (offboarding, boomerang re-hires,
erasure), the profile each alumnus controls, and the business the network brings.

Leaving is not deletion (DOMAIN.md): the person becomes an alumnus, their plans are archived,
their mentorships end, their reports move to a manager HR chooses, their sign-in shrinks to the
alumni network, and everything that changed is written down in an OffboardingRecord.

Other apps take part without this one importing them: each registers a step with
`people.leaving.register_offboarding_step` from its AppConfig.ready(); the steps run inside the
offboarding transaction, and if any step raises, nothing changes. Erasure works the same way:
apps that keep text about people register with `people.erasure.register_erasure_step`.
"""
from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from alumni import permissions
from alumni.models import AlumniContribution, AlumniProfile, ContributionStatus, ErasureRecord, OffboardingRecord
from alumni.selectors import PROFILE_EDITABLE_FIELDS, has_alumni_profile
from common.audit import save_with_history
from common.exceptions import TransitionNotAllowed
from common.permissions import require
from people import access, erasure
from people.leaving import offboarding_steps
from people.models import JobRole, Person, PersonStatus, Team
from people.services import api_tokens_revoke_all

SESSION_SCAN_CHUNK = 2000

logger = logging.getLogger(__name__)


# --- sign-in -----------------------------------------------------------------------------------

def user_sign_out_everywhere(*, user_id: int) -> dict[str, int]:
    """Revoke the user's API tokens and delete their sessions; returns how many of each.

    Sessions are signed blobs, so the database cannot filter them by user. We scan only the
    unexpired rows, in chunks of SESSION_SCAN_CHUNK, decoding each and collecting the keys whose
    `_auth_user_id` is this user, then delete those keys in one statement. The cost is one pass
    over live sessions (at most SESSION_COOKIE_AGE old, so the table stays small) once per
    offboarding or erasure; nothing new is stored on every sign-in. With the `cached_db` session
    engine (the settings' choice) the cached copies of those sessions are deleted too. With a
    session engine that keeps nothing in the database only the tokens are revoked here; such
    sessions still end because the account's role is re-read on every request (alumni see only
    themselves) and erasure deactivates the user.
    """
    tokens = api_tokens_revoke_all(user_id=user_id)
    sessions = 0
    if settings.SESSION_ENGINE in ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"):
        store = Session.get_session_store_class()()
        wanted = str(user_id)
        keys = []
        live = Session.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data")
        for key, data in live.iterator(chunk_size=SESSION_SCAN_CHUNK):
            if str(store.decode(data).get("_auth_user_id")) == wanted:
                keys.append(key)
        if keys:
            sessions, _ = Session.objects.filter(session_key__in=keys).delete()
            prefix = getattr(import_module(settings.SESSION_ENGINE).SessionStore, "cache_key_prefix", None)
            if prefix:  # cached_db: the cached copies go too
                from django.core.cache import caches

                caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in keys])
    return {"tokens_revoked": tokens, "sessions_ended": sessions}


# --- offboarding -------------------------------------------------------------------------------

def _validate_new_manager(*, person: Person, new_manager: Person | None, reports: list[Person]) -> None:
    if new_manager is None:
        if reports:
            names = ", ".join(report.full_name for report in reports[:5])
            more = f" and {len(reports) - 5} more" if len(reports) > 5 else ""
            raise ValidationError({
                "new_manager": (
                    f"{person} manages {len(reports)} people ({names}{more}). "
                    "Choose who they will report to before offboarding."
                )
            })
        return
    if new_manager.pk == person.pk:
        raise ValidationError({"new_manager": "The person leaving cannot take over their own reports."})
    if new_manager.status != PersonStatus.ACTIVE:
        raise ValidationError({"new_manager": f"{new_manager} has left; choose an active manager."})
    if access.is_in_manager_chain(person, new_manager):
        raise ValidationError({"new_manager": f"{new_manager} reports to {person}; choose someone outside their reporting line."})


@transaction.atomic
def person_offboard(
    *,
    actor: Person | None,
    person: Person,
    left_on: datetime.date,
    reason: str,
    new_manager: Person | None = None,
) -> OffboardingRecord:
    """Turn an active person into an alumnus, all or nothing. HR only, or the system (actor None: an
    identity provider deprovisioning over SCIM, which names itself in `reason`)."""
    require(actor is None or permissions.can_offboard(actor), permissions.OFFBOARD_REFUSED)
    person = Person.objects.select_for_update().select_related("user").get(pk=person.pk)
    if person.status != PersonStatus.ACTIVE:
        raise TransitionNotAllowed(f"{person} has already left.")
    if actor is not None and person.pk == actor.pk:
        raise ValidationError("You cannot offboard yourself; ask another HR colleague.")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Say why they are leaving (for example: joined another company)."
    elif len(reason) > 200:
        errors["reason"] = "Keep the reason under 200 characters."
    if left_on is None:
        errors["left_on"] = "Give the leaving date."
    elif person.hire_date and left_on < person.hire_date:
        errors["left_on"] = f"The leaving date is before the hire date ({person.hire_date:%d %b %Y})."
    if errors:
        raise ValidationError(errors)
    reports = list(
        Person.objects.select_for_update().filter(manager=person, status=PersonStatus.ACTIVE).order_by("full_name")
    )
    _validate_new_manager(person=person, new_manager=new_manager, reports=reports)

    summary: dict[str, Any] = {"left_on": left_on.isoformat()}
    for report in reports:
        report.manager = new_manager
        save_with_history(report, actor=actor, reason=f"Their manager left; now reports to {new_manager}",
                          update_fields=["manager", "updated_at"])
    summary["reports_moved"] = [report.pk for report in reports]

    person.status, person.left_on, person.leaving_reason = PersonStatus.ALUMNI, left_on, reason
    save_with_history(person, actor=actor, reason="Offboarded", update_fields=["status", "left_on", "leaving_reason", "updated_at"])

    user = person.user
    summary["account"] = {
        "staff_removed": user.is_staff,
        "superuser_removed": user.is_superuser,
        "groups_removed": sorted(user.groups.values_list("name", flat=True)),
    }
    if user.is_staff or user.is_superuser:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.clear()
    summary.update(user_sign_out_everywhere(user_id=user.pk))

    for step in offboarding_steps():
        summary[step.name] = step.run(actor=actor, person=person, left_on=left_on)

    profile, created = AlumniProfile.objects.get_or_create(person=person)
    summary["alumni_profile_created"] = created
    record = OffboardingRecord.objects.create(
        person=person,
        action=OffboardingRecord.Action.OFFBOARDED,
        effective_on=left_on,
        reason=reason,
        reports_moved_to=new_manager if reports else None,
        summary=summary,
        performed_by=actor,
    )
    return record


@transaction.atomic
def person_rehire(
    *,
    actor: Person,
    person: Person,
    rehired_on: datetime.date,
    manager: Person | None,
    team: Team | None = None,
    job_role: JobRole | None = None,
) -> OffboardingRecord:
    """Bring an alumnus back (a boomerang). Their history stays; archived plans stay archived."""
    require(permissions.can_rehire(actor), permissions.REHIRE_REFUSED)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != PersonStatus.ALUMNI:
        raise TransitionNotAllowed(f"{person} is still active; only alumni can be re-hired.")
    if person.is_anonymised:
        raise TransitionNotAllowed("This former employee was anonymised on request and cannot be re-hired.")
    if rehired_on is None:
        raise ValidationError({"rehired_on": "Give the date they start again."})
    if person.left_on and rehired_on < person.left_on:
        raise ValidationError({"rehired_on": f"They left on {person.left_on:%d %b %Y}; the re-hire date cannot be earlier."})
    if manager is not None:
        if manager.status != PersonStatus.ACTIVE:
            raise ValidationError({"manager": f"{manager} has left; choose an active manager."})
        if manager.pk == person.pk or access.is_in_manager_chain(person, manager):
            raise ValidationError({"manager": f"{manager} cannot manage {person}: that would make a reporting cycle."})

    summary: dict[str, Any] = {
        "rehired_on": rehired_on.isoformat(),
        "previous_left_on": person.left_on.isoformat() if person.left_on else None,
        "previous_leaving_reason": person.leaving_reason,
    }
    person.status, person.left_on, person.leaving_reason, person.manager = PersonStatus.ACTIVE, None, "", manager
    fields = ["status", "left_on", "leaving_reason", "manager", "updated_at"]
    if team is not None:
        person.team = team
        fields.append("team")
    if job_role is not None:
        person.job_role = job_role
        fields.append("job_role")
    person.full_clean(exclude=["user"])
    save_with_history(person, actor=actor, reason="Re-hired (boomerang)", update_fields=fields)

    profile = AlumniProfile.objects.select_for_update().filter(person=person).first()
    summary["directory_opt_in_turned_off"] = bool(profile and profile.directory_opt_in)
    if profile is not None and profile.directory_opt_in:
        profile.directory_opt_in, profile.consent_changed_at = False, timezone.now()
        save_with_history(profile, actor=actor, reason="Re-hired: hidden from the alumni directory",
                          update_fields=["directory_opt_in", "consent_changed_at", "updated_at"])
    return OffboardingRecord.objects.create(
        person=person,
        action=OffboardingRecord.Action.REHIRED,
        effective_on=rehired_on,
        reason="Re-hired",
        summary=summary,
        performed_by=actor,
    )


# --- erasure -----------------------------------------------------------------------------------

PROFILE_BLANKS = {
    "current_company": "",
    "current_title": "",
    "location": "",
    "public_contact": "",
    "directory_opt_in": False,
    "open_to_mentoring": False,
    "open_to_referrals": False,
    "open_to_partnership": False,
    "open_to_returning": False,
}


def anonymous_name(person_id: int) -> str:
    return f"Former employee #{person_id}"


@transaction.atomic
def alumnus_anonymise(*, actor: Person, person: Person, requested_on: datetime.date, note: str = "") -> ErasureRecord:
    """Erase an alumnus's personal data on request; keep their history, anonymously. HR only.

    The person's own fields, profile, leaving reasons and account are blanked, here and in their
    history; then every copy of their name and email elsewhere (colleagues' notes and inboxes, the
    history's change reasons, the admin's log, the alumni network's records) is scrubbed by
    people.erasure and the steps other apps register there, all in this transaction.
    """
    require(permissions.can_anonymise(actor), permissions.ANONYMISE_REFUSED)
    person = Person.objects.select_for_update().select_related("user").get(pk=person.pk)
    if person.status != PersonStatus.ALUMNI:
        raise TransitionNotAllowed(f"{person} is still active; only alumni can be anonymised.")
    if person.is_anonymised:
        raise TransitionNotAllowed("This former employee is already anonymised.")
    if len(note) > 200:
        raise ValidationError({"note": "Keep the note under 200 characters."})
    redaction = erasure.redaction_for(person)  # before the names it looks for are blanked

    person_blanks = {"full_name": anonymous_name(person.pk), "email": "", "title": "", "leaving_reason": ""}
    for field, value in person_blanks.items():
        setattr(person, field, value)
    person.is_anonymised = True
    save_with_history(person, actor=actor, reason="Anonymised on request",
                      update_fields=[*person_blanks, "is_anonymised", "updated_at"])
    # History stays, anonymously: the old rows keep dates and structure but lose the personal fields.
    Person.history.filter(id=person.pk).update(**person_blanks)

    profile = AlumniProfile.objects.select_for_update().filter(person=person).first()
    if profile is not None:
        for field, value in PROFILE_BLANKS.items():
            setattr(profile, field, value)
        profile.consent_changed_at = timezone.now()
        save_with_history(profile, actor=actor, reason="Anonymised on request",
                          update_fields=[*PROFILE_BLANKS, "consent_changed_at", "updated_at"])
    AlumniProfile.history.filter(person_id=person.pk).update(
        **{field: value for field, value in PROFILE_BLANKS.items() if not field.startswith(("directory", "open_to"))}
    )
    _leaving_reasons_blank(person)

    user = person.user
    user.username = f"erased-{person.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save(update_fields=["username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser", "password"])
    user.groups.clear()
    user_sign_out_everywhere(user_id=user.pk)

    scrubbed = {"people": erasure.people_records_scrub(person=person, redaction=redaction)}
    scrubbed["alumni"] = erasure.scrub_app("alumni", redaction=redaction, own={
        AlumniProfile: Q(person=person),
        AlumniContribution: Q(alumnus=person),
        OffboardingRecord: Q(person=person),
        ErasureRecord: Q(person=person),
    })
    for step in erasure.erasure_steps():
        scrubbed[step.name] = step.run(person=person, redaction=redaction)
    logger.info("Erasure of person #%s scrubbed %s", person.pk, scrubbed)

    # HR's note is kept as proof of the request, without naming the person again.
    note = redaction.scrub(note, own=True)
    return ErasureRecord.objects.create(person=person, requested_on=requested_on, performed_by=actor, note=note)


def _leaving_reasons_blank(person: Person) -> None:
    """The reasons given for leaving are the person's own words: gone from every offboarding record,
    including a re-hire's copy of the reason for the leaving before (`previous_leaving_reason`)."""
    OffboardingRecord.objects.filter(person=person).update(reason="")
    for record in OffboardingRecord.objects.filter(person=person, summary__has_key="previous_leaving_reason"):
        OffboardingRecord.objects.filter(pk=record.pk).update(summary={**record.summary, "previous_leaving_reason": ""})


# --- the profile and the network's business ----------------------------------------------------

def alumni_profile_update_check(*, actor: Person | None, profile: AlumniProfile, **fields: Any) -> None:
    """Raise what `alumni_profile_update` would refuse for these changes, without writing anything."""
    unknown = set(fields) - set(PROFILE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    require(permissions.can_edit_alumni_profile(actor, profile.person), permissions.PROFILE_EDIT_REFUSED)
    if fields.get("directory_opt_in") and not profile.directory_opt_in:
        require(permissions.can_give_directory_consent(actor, profile), permissions.CONSENT_REFUSED)


@transaction.atomic
def alumni_profile_update(*, actor: Person, person: Person, **fields: Any) -> AlumniProfile:
    """Change an alumni profile, creating it on the first change. The alumnus controls it; HR may
    correct it and may withdraw directory consent on request, but only the alumnus can give it
    (alumni.permissions). Consent changes are timestamped."""
    require(permissions.can_edit_alumni_profile(actor, person), permissions.PROFILE_EDIT_REFUSED)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not has_alumni_profile(person):
        raise Http404("Only alumni have an alumni profile.")
    profile, _ = AlumniProfile.objects.select_for_update().get_or_create(person=person)
    alumni_profile_update_check(actor=actor, profile=profile, **fields)
    changed = [name for name, value in fields.items() if getattr(profile, name) != value]
    if not changed:
        return profile
    for name in changed:
        setattr(profile, name, fields[name])
    if "directory_opt_in" in changed:
        profile.consent_changed_at = timezone.now()
        changed.append("consent_changed_at")
    profile.full_clean(exclude=["person"])
    if "directory_opt_in" in changed:
        reason = "Opted in to the directory" if profile.directory_opt_in else "Opted out of the directory"
    else:
        reason = f"Changed {', '.join(changed)}"
    save_with_history(profile, actor=actor, reason=reason, update_fields=[*changed, "updated_at"])
    return profile


@transaction.atomic
def alumni_contribution_record(
    *,
    actor: Person,
    alumnus: Person,
    kind: str,
    occurred_on: datetime.date,
    value: Decimal = Decimal("0"),
    status: str = ContributionStatus.OPEN,
    description: str = "",
) -> AlumniContribution:
    """HR records business that came through an alumnus (referral, deal, partnership, boomerang interest)."""
    require(permissions.can_record_contribution(actor), permissions.CONTRIBUTION_RECORD_REFUSED)
    if alumnus.status != PersonStatus.ALUMNI:
        raise ValidationError({"alumnus": f"{alumnus} is not an alumnus."})
    contribution = AlumniContribution(
        alumnus=alumnus, kind=kind, occurred_on=occurred_on, value=value, status=status,
        description=description, recorded_by=actor,
    )
    contribution.full_clean()
    save_with_history(contribution, actor=actor, reason="Recorded")
    return contribution


@transaction.atomic
def alumni_contribution_update(*, actor: Person, contribution: AlumniContribution, **fields: Any) -> AlumniContribution:
    """HR corrects a recorded contribution (its kind, description, value, status or date)."""
    require(permissions.can_change_contribution(actor), permissions.CONTRIBUTION_CHANGE_REFUSED)
    allowed = {"kind", "description", "value", "status", "occurred_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    contribution = AlumniContribution.objects.select_for_update().get(pk=contribution.pk)
    changed = [name for name, value in fields.items() if getattr(contribution, name) != value]
    for name in changed:
        setattr(contribution, name, fields[name])
    if changed:
        contribution.full_clean()
        save_with_history(contribution, actor=actor, reason=f"Changed {', '.join(changed)}", update_fields=changed)
    return contribution
