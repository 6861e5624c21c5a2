"""What every page form shares: text fields that strip control characters, and one way to show a
service's refusal on the form or as a message."""
from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from common.exceptions import TransitionNotAllowed
from common.text import clean_text


class TextField(forms.CharField):
    """A CharField that strips control characters (common.text) before validating."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value


def error_text(error: Exception) -> str:
    """A refusal (ValidationError, TransitionNotAllowed, PermissionDenied) as one sentence for a message."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, TransitionNotAllowed):
        return error.message
    return str(error) or "You are not allowed to do that."


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has it,
    otherwise as an error of the whole form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_error_text(form: forms.BaseForm) -> str:
    """The form's errors as one sentence a person can read: "Due date: Enter a valid date." """
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(str(error) for error in errors)
        if name == NON_FIELD_ERRORS or name not in form.fields:
            parts.append(text)
        else:
            label = form.fields[name].label or name.replace("_", " ").capitalize()
            parts.append(f"{label}: {text}")
    return " ".join(parts)


def refusal_text(error: Exception, form: forms.BaseForm | None = None) -> str:
    """A refusal as one sentence for a message; a ValidationError's fields named by `form`'s labels."""
    if form is None or not isinstance(error, ValidationError):
        return error_text(error)
    add_service_errors(form, error)
    return form_error_text(form)


def cleaned_data_or_refuse(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or a ValidationError saying (in one sentence) what did not parse."""
    if not form.is_valid():
        raise ValidationError(form_error_text(form))
    return form.cleaned_data
