"""Erasure on request, across apps: every copy of a person's name and email is scrubbed.

`alumni.services.alumnus_anonymise` builds a `Redaction` for the person (`redaction_for`) before it
blanks them, then, in the same transaction and with the person locked, scrubs people's own tables,
the admin's log and the sign-in logs (`people_records_scrub`), its own tables, and runs every step
registered here. An app that keeps text about people (notifications, devplans, coaching) registers
its step from its AppConfig.ready() with `register_erasure_step`; the step is called as
`step(person=..., redaction=...)` and returns a JSON-able count of what it changed. If any step
raises, nothing is erased. `people` never imports the apps that register.

What a mention is, and what becomes of it (whole words only, so "Ava" is not found in "available"):
- the person's full names (as now and as ever recorded in their history), email addresses and
  username, in any case, URL-encoded or JSON-escaped, are replaced everywhere with REPLACEMENT;
- a lone first or last name ("Ava said…") is replaced as written in the person's own records (their
  plans, sessions, mentorships, notifications about them…), and elsewhere only when nobody else in
  the organisation carries that name, since in other people's text it might mean a namesake;
- other people's own name and email fields are never touched, even if they share the name.
Other people's text is rewritten, never deleted. Rows are found with one `icontains` query per
table, and only the rows that match are rewritten, with `update()`: no new history rows, no
`updated_at` bumps, no signals.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from people.models import Person

REPLACEMENT = "a former colleague"

ErasureStep = Callable[..., dict[str, Any]]


# --- the registry ------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    run: ErasureStep


_steps: dict[str, Step] = {}


def register_erasure_step(step: ErasureStep, *, name: str) -> ErasureStep:
    """Add a step to every erasure. Registering the same name again replaces it (idempotent)."""
    _steps[name] = Step(name=name, run=step)
    return step


def erasure_steps() -> list[Step]:
    return list(_steps.values())


# --- what to look for --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Needle:
    text: str
    ignore_case: bool
    everywhere: bool  # False: only in the person's own records

    def spellings(self) -> list[str]:
        """The text as typed, in a URL (a search filter kept in a query string) and in escaped JSON."""
        forms = [self.text, urllib.parse.quote_plus(self.text), urllib.parse.quote(self.text, safe=""),
                 json.dumps(self.text)[1:-1]]
        return list(dict.fromkeys(forms))


@dataclasses.dataclass(frozen=True)
class Redaction:
    """The person's names, addresses and username, and how to scrub them from any text."""

    person_id: int
    needles: tuple[Needle, ...]
    #: The names the person signed in with (username and email addresses), as they were.
    sign_in_names: tuple[str, ...] = ()
    replacement: str = REPLACEMENT

    def _wanted(self, *, own: bool) -> list[Needle]:
        return [needle for needle in self.needles if own or needle.everywhere]

    @functools.cached_property
    def _patterns(self) -> dict[bool, re.Pattern | None]:
        patterns = {}
        for own in (False, True):
            alternatives = []
            for needle in self._wanted(own=own):
                for spelling in needle.spellings():
                    # Longest first, so "Ava Chen" is replaced before "Ava" could be.
                    body = r"\s+".join(re.escape(part) for part in spelling.split())
                    alternatives.append((len(spelling), f"(?i:{body})" if needle.ignore_case else body))
            alternatives.sort(key=lambda item: -item[0])
            patterns[own] = (
                re.compile(r"(?<!\w)(?:" + "|".join(body for _, body in alternatives) + r")(?!\w)")
                if alternatives else None
            )
        return patterns

    def scrub(self, text: str, *, own: bool = False) -> str:
        """`text` with every mention replaced; `own`: the text is one of the person's own records."""
        pattern = self._patterns[own]
        if pattern is None or not text:
            return text

        def replace(match: re.Match) -> str:
            before = text[: match.start()].rstrip(" ")
            starts_sentence = not before or before.endswith(("\n", ".", "!", "?"))
            return self.replacement[:1].upper() + self.replacement[1:] if starts_sentence else self.replacement

        return pattern.sub(replace, text)

    def scrub_value(self, value: Any, *, own: bool = False) -> Any:
        """Like `scrub`, for the value of a JSON field too (every string in it, keys included)."""
        if isinstance(value, str):
            return self.scrub(value, own=own)
        if isinstance(value, list):
            return [self.scrub_value(item, own=own) for item in value]
        if isinstance(value, dict):
            return {self.scrub(key, own=own): self.scrub_value(item, own=own) for key, item in value.items()}
        return value

    def search_terms(self, *, own: bool = False) -> list[str]:
        """The fewest substrings that find every spelling: "Ava" finds "Ava Chen" too."""
        terms: list[str] = []
        for spelling in sorted({s for needle in self._wanted(own=own) for s in needle.spellings()}, key=len):
            if not any(term.casefold() in spelling.casefold() for term in terms):
                terms.append(spelling)
        return terms

    def lookup(self, fields: Iterable[models.Field], *, own: bool = False) -> Q:
        """A filter for rows whose `fields` may mention the person: a superset (any case, not only
        whole words), so one query per table finds them; `scrub` decides what is replaced."""
        condition = Q(pk__in=[])
        terms = self.search_terms(own=own)
        for field in fields:
            for term in terms:
                condition |= Q(**{f"{field.name}__icontains": term})
        return condition


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _names_of_others(person: Person, word: str) -> bool:
    """Whether anyone else's name carries `word` (any case), so a lone `word` may mean them."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    others = Person.objects.exclude(pk=person.pk).filter(full_name__icontains=word).values_list("full_name", flat=True)
    return any(pattern.search(name) for name in others)


def redaction_for(person: Person) -> Redaction:
    """Everything that names `person` (with their user loaded), read before they are blanked."""
    user = person.user
    recorded = Person.history.filter(id=person.pk).values_list("full_name", "email")
    names = {person.full_name, f"{user.first_name} {user.last_name}", *(name for name, _ in recorded)}
    emails = {person.email, user.email, *(email for _, email in recorded)}
    names = {" ".join(name.split()) for name in names} - {""}
    emails = {email.strip() for email in emails} - {""}

    needles: dict[tuple[str, bool], Needle] = {}

    def add(text: str, *, ignore_case: bool, everywhere: bool) -> None:
        key = (text.casefold() if ignore_case else text, ignore_case)
        if key not in needles or (everywhere and not needles[key].everywhere):
            needles[key] = Needle(text, ignore_case=ignore_case, everywhere=everywhere)

    for email in emails:
        add(email, ignore_case=True, everywhere=True)
    pieces = set()
    for name in names:
        words = _WORD.findall(name)
        if len(words) > 1:
            add(name, ignore_case=True, everywhere=True)
        # Capitalised words only: particles ("van", "de") are no one's name on their own.
        pieces |= {word for word in words if len(word) > 1 and word[0].isupper()}
    pieces |= {piece for piece in (user.first_name.strip(), user.last_name.strip()) if len(piece) > 1}
    shared = {piece: _names_of_others(person, piece) for piece in pieces}
    for piece in pieces:
        add(piece, ignore_case=False, everywhere=not shared[piece])
    if user.username:
        # A username that is just a shared name is as ambiguous as that name on its own; one of
        # two letters could be any abbreviation.
        username = user.username.casefold()
        ambiguous = len(username) < 3 or any(shared[piece] for piece in pieces if piece.casefold() == username)
        add(user.username, ignore_case=True, everywhere=not ambiguous)
    return Redaction(person_id=person.pk, needles=tuple(needles.values()),
                     sign_in_names=tuple(sorted({user.username, *emails} - {""})))


# --- scrubbing tables --------------------------------------------------------------------------

def text_fields(model: type[models.Model], *, skip: Iterable[str] = ()) -> list[models.Field]:
    """The columns of `model` that can hold free text (not keys, not choices)."""
    skip = set(skip)
    return [
        field for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.primary_key and not field.choices and field.name not in skip
    ]


def scrub_rows(
    queryset: models.QuerySet, *, redaction: Redaction, own: Q | None = None, skip: Iterable[str] = ()
) -> int:
    """Rewrite the text columns of the rows in `queryset` that mention the person; returns how many.

    `own` selects the person's own records among them (a lone first name is scrubbed there too).
    One query finds the matching rows; each is rewritten with one UPDATE of the columns that change.
    """
    model = queryset.model
    fields = text_fields(model, skip=skip)
    if not fields:
        return 0
    wanted = redaction.lookup(fields)
    if own is None:
        queryset = queryset.annotate(erasure_own=Value(False))
    else:
        wanted |= own & redaction.lookup(fields, own=True)
        queryset = queryset.annotate(erasure_own=ExpressionWrapper(own, output_field=BooleanField()))
    pk = model._meta.pk.attname
    rows = list(queryset.filter(wanted).values(pk, "erasure_own", *(field.attname for field in fields)))
    changed = 0
    for row in rows:
        changes = {}
        for field in fields:
            value = row[field.attname]
            scrubbed = redaction.scrub_value(value, own=bool(row["erasure_own"]))
            if isinstance(scrubbed, str) and getattr(field, "max_length", None):
                scrubbed = scrubbed[: field.max_length]
            if scrubbed != value:
                changes[field.attname] = scrubbed
        if changes:
            model._base_manager.filter(pk=row[pk]).update(**changes)
            changed += 1
    return changed


def scrub_app(
    app_label: str,
    *,
    redaction: Redaction,
    own: dict[type[models.Model], Q] | None = None,
    skip: dict[type[models.Model], Iterable[str]] | None = None,
) -> dict[str, int]:
    """Scrub every model of an app, and its historical copies, so a new model or column is covered
    without being listed. `own` and `skip` are keyed by the live model and apply to its history too
    (a historical row has the same fields, foreign keys included); the history's change reasons are
    scrubbed with the rest. Returns the rows rewritten per model, where any were."""
    own, skip = own or {}, skip or {}
    counts = {}
    for model in apps.get_app_config(app_label).get_models():
        live = getattr(model, "instance_type", model)  # simple_history's Historical* models point to theirs
        changed = scrub_rows(model._base_manager.all(), redaction=redaction, own=own.get(live), skip=skip.get(live, ()))
        if changed:
            counts[model._meta.label] = changed
    return counts


# --- people's own part: its tables, the admin's log, the sign-in logs ---------------------------

def people_records_scrub(*, person: Person, redaction: Redaction) -> dict[str, Any]:
    """Scrub people's tables, the admin's log entries and the sign-in logs; the person is locked.

    The person's own name and email are blanked by the caller; everyone else's are their own and
    are skipped here. The sign-in logs (axes) of the person's account are deleted: they hold only
    that account's attempts, with addresses and browsers, and the account can never sign in again.
    """
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    counts: dict[str, Any] = scrub_app(
        "people", redaction=redaction,
        own={Person: Q(id=person.pk)}, skip={Person: ("full_name", "email")},
    )
    about_person = Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    changed = scrub_rows(LogEntry.objects.all(), redaction=redaction, own=about_person)
    if changed:
        counts["admin.LogEntry"] = changed
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        theirs = Q(pk__in=[])
        for name in redaction.sign_in_names:
            theirs |= Q(username__iexact=name)
        deleted = 0
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            deleted += model.objects.filter(theirs).delete()[0]
            scrub_rows(model.objects.all(), redaction=redaction)
        counts["sign_in_logs_deleted"] = deleted
    return counts
