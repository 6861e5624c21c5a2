"""Forms of the notifications pages. They parse; notifications.services decides."""
from __future__ import annotations

from django import forms

from notifications import kinds


class NotificationPreferencesForm(forms.Form):
    """The reminder kinds whose email the person wants: every kind left unticked is turned off."""

    email = forms.MultipleChoiceField(required=False, choices=[], label="Email me about")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].choices = kinds.kind_choices()  # registered by the apps at start-up

    def email_enabled(self) -> dict[str, bool]:
        """Every registered kind with whether its email is on (after `is_valid()`)."""
        chosen = set(self.cleaned_data["email"])
        return {kind.value: kind.value in chosen for kind in kinds.all_kinds()}
