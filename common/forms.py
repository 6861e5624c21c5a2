"""What every page form shares: text fields that strip control characters, and one way to show a
service's refusal on the form or as a message."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

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
