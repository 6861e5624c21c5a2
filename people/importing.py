"""CSV import of people for HR: good rows go in, bad rows are reported by line number.

Each row is applied in its own savepoint, so one bad row never spoils the others. Managers
may be named before or after their reports in the file: rows are created first, then
reporting lines are set in a second pass (and checked for cycles).
"""
from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from common.permissions import require
from people import permissions, services
from people.models import JobRole, Person, Team

REQUIRED_COLUMNS = ["username", "full_name"]
KNOWN_COLUMNS = ["username", "employee_id", "full_name", "email", "title", "hire_date", "team", "manager", "job_role"]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 20_000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    invited: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: Rows imported, but whose person could not be invited (no email address): (line, why).
    not_invited: list[tuple[int, str]] = field(default_factory=list)

    @property
    def problems(self) -> list[tuple[int, str]]:
        """Every line HR should look at, in file order."""
        return sorted(self.errors + self.not_invited)

    def add_error(self, line: int, message: str) -> None:
        self.errors.append((line, message))


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
    return " ".join(error.messages)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.") from None


def people_import_csv(*, actor: Person | None, file, send_invitations: bool = False) -> ImportReport:
    """Import or update people from an uploaded CSV. Raises ValidationError for an unreadable file, and
    PermissionDenied before reading it when `actor` may not change people (or, with `send_invitations`,
    may not invite them).

    With `send_invitations`, everyone the file names who cannot sign in yet (no usable password) and was
    never invited is invited once the import is done; a row without an email address is reported."""
    require(actor is None or permissions.can_change_people(actor), permissions.PEOPLE_CHANGE_REFUSED)
    if send_invitations:
        require(actor is None or permissions.can_invite_people(actor), permissions.INVITE_REFUSED)
    report = ImportReport()
    raw = file.read(settings.CATALYST_IMPORT_MAX_BYTES + 1)
    if len(raw) > settings.CATALYST_IMPORT_MAX_BYTES:
        report.add_error(0, "The file is larger than the import limit.")
        return report
    if b"\x00" in raw:
        report.add_error(0, "The file is binary, not CSV text.")
        return report
    try:
        text = _decode(raw)
    except ValidationError as error:
        report.add_error(0, _messages(error))
        return report
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        report.add_error(1, f"Missing column(s): {', '.join(missing)}. Expected: {', '.join(KNOWN_COLUMNS)}.")
        return report
    reader.fieldnames = columns

    teams = {team.name.lower(): team for team in Team.objects.all()}
    roles = {role.title.lower(): role for role in JobRole.objects.all()}
    managers_to_set: list[tuple[int, Person, str]] = []
    imported: list[tuple[int, Person]] = []
    seen_usernames: dict[str, int] = {}
    User = get_user_model()

    for index, row in enumerate(reader):
        line = index + 2  # the header is line 1
        if index >= MAX_ROWS:
            report.add_error(line, f"Stopped: at most {MAX_ROWS:,} rows per file.")
            break
        if None in row:
            report.add_error(line, "This row has more cells than the header.")
            continue
        values = {key: (value or "").strip() for key, value in row.items() if key in KNOWN_COLUMNS}
        formula = [key for key, value in values.items() if value.startswith(FORMULA_PREFIXES)]
        if formula:
            report.add_error(
                line, f"Cells may not start with =, +, -, @ or a tab (spreadsheet formulas): {', '.join(formula)}."
            )
            continue
        if not values.get("username") or not values.get("full_name"):
            report.add_error(line, "username and full_name are required.")
            continue
        first_line = seen_usernames.setdefault(values["username"].lower(), line)
        if first_line != line:
            report.add_error(line, f"The username {values['username']!r} is already on line {first_line}; this row was skipped.")
            continue
        try:
            hire_date = datetime.date.fromisoformat(values["hire_date"]) if values.get("hire_date") else None
        except ValueError:
            report.add_error(line, f"hire_date {values['hire_date']!r} is not a date (YYYY-MM-DD).")
            continue
        team = teams.get(values.get("team", "").lower()) if values.get("team") else None
        if values.get("team") and team is None:
            report.add_error(line, f"Unknown team {values['team']!r}.")
            continue
        job_role = roles.get(values.get("job_role", "").lower()) if values.get("job_role") else None
        if values.get("job_role") and job_role is None:
            report.add_error(line, f"Unknown job role {values['job_role']!r}.")
            continue
        details = {
            "full_name": values["full_name"],
            "email": values.get("email", ""),
            "title": values.get("title", ""),
            "hire_date": hire_date,
            "team": team,
            "job_role": job_role,
        }
        if "employee_id" in values:  # a file without the column leaves the ids as they are
            details["employee_id"] = values["employee_id"] or None
        try:
            with transaction.atomic():
                person = Person.objects.filter(user__username__iexact=values["username"]).first()
                if person is None:
                    if User.objects.filter(username__iexact=values["username"]).exists():
                        raise ValidationError({"username": "This username belongs to an account with no person."})
                    person = services.person_create(actor=actor, username=values["username"], **details)
                    report.created += 1
                else:
                    services.person_update(actor=actor, person=person, **details)
                    report.updated += 1
        except ValidationError as error:
            report.add_error(line, _messages(error))
            continue
        imported.append((line, person))
        if values.get("manager"):
            managers_to_set.append((line, person, values["manager"]))

    for line, person, manager_username in managers_to_set:
        manager = Person.objects.filter(user__username__iexact=manager_username).first()
        if manager is None:
            report.add_error(line, f"Unknown manager {manager_username!r}; the person was imported without one.")
            continue
        try:
            with transaction.atomic():
                services.person_update(actor=actor, person=person, manager=manager)
        except ValidationError as error:
            report.add_error(line, f"Manager not set: {_messages(error)}")
    if send_invitations:
        _invite_imported(actor=actor, imported=imported, report=report)
    report.errors.sort()
    return report


def _invite_imported(*, actor: Person | None, imported: list[tuple[int, Person]], report: ImportReport) -> None:
    """Invite the imported people who cannot sign in yet and were never invited (a file imported again
    does not void the links already sent)."""
    lines = {person.pk: line for line, person in imported}
    waiting = Person.objects.filter(pk__in=list(lines), invited_at__isnull=True).select_related("user")
    to_invite = [person for person in waiting if not person.user.has_usable_password()]
    if not to_invite:
        return
    result = services.people_invite(actor=actor, people=to_invite)
    report.invited = len(result.invited)
    for person, reason in result.refused:
        report.not_invited.append((lines[person.pk], f"Imported, but not invited: {reason}"))
