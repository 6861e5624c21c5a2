"""One way for the admin to save through services and show their refusals.

An admin save is a service call, so HR's changes get the same rights, state checks, history and
notifications as the pages and the API (Principle 7). `ServiceSavesAdmin` runs the change form's
save (the object and its inlines) in the admin's transaction; when a service refuses, the whole
save rolls back and the same POST is shown again with the service's message on the form, so
nothing is written. `run_for_each` is the admin actions' runner: one service call per selected
object, each in its own transaction, with the refusals reported as messages.

Common knows no Catalyst app, so each app's admin says who is acting (`service_actor`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.admin import SimpleHistoryAdmin

from common.exceptions import REFUSALS
from common.forms import add_service_errors, error_text

__all__ = ["NO_PROFILE", "REFUSALS", "Refused", "ServiceSavesAdmin", "changed_fields", "copy_saved", "refused",
           "set_formset_result"]

NO_PROFILE = "Your account has no Catalyst profile; nothing changed."
#: Refusals listed one by one after an action; beyond this, a count.
REFUSALS_LISTED = 20


class Refused(Exception):
    """A service refused part of an admin save: the save rolls back and the form is shown again
    with `error` on it."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


def refused(error: Exception, *, about: object = None) -> Refused:
    """The refusal for the form: a ValidationError's field errors stay on their fields; `about`
    (an inline row) names what was refused in a message of the whole form."""
    if about is not None:
        return Refused(ValidationError(f"{about}: {error_text(error)}"))
    if isinstance(error, ValidationError):
        return Refused(error)
    return Refused(ValidationError(error_text(error)))


def changed_fields(form: forms.ModelForm, names: Iterable[str]) -> dict[str, Any]:
    """The fields among `names` this post changed, with their new values (a service's **changes)."""
    names = set(names)
    return {name: form.cleaned_data[name] for name in form.changed_data if name in names}


def copy_saved(target: models.Model, saved: models.Model) -> None:
    """Make the admin's instance the row the service saved (the inlines and the messages use it)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


class ServiceSavesAdmin(SimpleHistoryAdmin):
    """A model admin whose saves and actions call services.

    Subclasses say who acts (`service_actor`) and what a save calls (`service_save`, which
    returns the saved instance or None); `service_save_formset` saves an inline through services.
    Inside either, a refusal raised as `Refused` (see `refused`) or as one of REFUSALS shows on
    the form; the services' history rows name the actor, so the admin writes none of its own.
    """

    def service_actor(self, request) -> Any:
        """The Person acting for this request, or None for an account without one."""
        raise NotImplementedError

    def service_save(self, request, *, actor, obj: models.Model, form: forms.ModelForm, change: bool):
        raise NotImplementedError

    def service_save_formset(self, request, *, actor, form: forms.ModelForm, formset, change: bool) -> None:
        """Inlines are read-only unless a subclass saves them through services."""
        set_formset_result(formset)

    def acting(self, request):
        actor = self.service_actor(request)
        if actor is None:
            raise Refused(ValidationError(NO_PROFILE))
        return actor

    # --- the change form ---------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        actor = self.acting(request)
        try:
            saved = self.service_save(request, actor=actor, obj=obj, form=form, change=change)
        except REFUSALS as error:
            raise refused(error) from error
        if saved is not None and saved is not obj:
            copy_saved(obj, saved)

    def save_formset(self, request, form, formset, change):
        actor = self.acting(request)
        try:
            self.service_save_formset(request, actor=actor, form=form, formset=formset, change=change)
        except REFUSALS as error:
            raise refused(error) from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Django runs the change form in one transaction: a Refused raised by any save leaves it
        # and rolls everything back; the second run finds the form invalid and shows the refusal.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refusal:
            request._service_refusal = refusal.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                add_service_errors(self, refusal)
                return cleaned

        return RefusedForm

    # --- actions -----------------------------------------------------------------------------

    def run_for_each(self, request, queryset, service: Callable[[Any, models.Model], object], *, done: str) -> None:
        """Call `service(actor, obj)` for each selected object, each in its own transaction (one
        refusal does not undo the others), then say how many were done and what was refused."""
        actor = self.service_actor(request)
        if actor is None:
            self.message_user(request, NO_PROFILE, messages.ERROR)
            return
        count, refusals = 0, []
        for obj in queryset:
            try:
                with transaction.atomic():
                    service(actor, obj)
            except REFUSALS as error:
                refusals.append(f"{obj}: {error_text(error)}")
            else:
                count += 1
        if count:
            self.message_user(request, f"{done}: {count}.", messages.SUCCESS)
        for line in refusals[:REFUSALS_LISTED]:
            self.message_user(request, line, messages.WARNING)
        if len(refusals) > REFUSALS_LISTED:
            self.message_user(request, f"…and {len(refusals) - REFUSALS_LISTED} more refused.", messages.WARNING)


def set_formset_result(formset, *, new=(), changed=(), deleted=()) -> None:
    """What formset.save() would have recorded: the admin's change message reads it."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = list(new), list(changed), list(deleted)


class ReadOnlyAdminMixin:
    """For records HR reads but nobody changes in the admin: audit trails, history, what people set for
    themselves. Works on a ModelAdmin and on an inline alike."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
