"""Forms of the coaching pages. They parse; the services decide (and their refusals come back
through common.forms.add_service_errors or error_text)."""
from __future__ import annotations

from django import forms

from coaching.models import Conversation, SessionKind
from common.forms import TextField
from common.ids import MAX_ID

NOTES_MAX_LENGTH = 20000


class TeamFindForm(forms.Form):
    """The team picker's `?find=`: part of a manager's name (longer input is cut, not refused)."""

    MAX_LENGTH = 100

    find = TextField(required=False)

    def clean_find(self) -> str:
        return self.cleaned_data["find"][: self.MAX_LENGTH]


class SessionForm(forms.Form):
    kind = forms.ChoiceField(choices=SessionKind.choices)
    conversation = forms.ChoiceField(
        choices=[("", "None (pipeline or general)")] + list(Conversation.choices), required=False
    )
    scheduled_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    duration_minutes = forms.IntegerField(
        min_value=5, max_value=600, required=False,
        widget=forms.NumberInput(attrs={"placeholder": "30 / 60 / 90 by kind"}),
        help_text="Leave empty for the default: 30, 60 or 90 minutes by kind.",
    )
    shared_notes = TextField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTES_MAX_LENGTH,
        help_text="The coachee sees these.",
    )
    private_notes = TextField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTES_MAX_LENGTH,
        help_text="Only you and those above you see these; never the coachee.",
    )


class AgendaItemForm(forms.Form):
    text = TextField(
        max_length=500, label="Add to the agenda",
        error_messages={"required": "Write the agenda item.", "max_length": "At most 500 characters."},
    )


class HoldForm(forms.Form):
    """The outcome form. A notes field left out of the post keeps the notes as they are."""

    shared_notes = TextField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTES_MAX_LENGTH)
    private_notes = TextField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTES_MAX_LENGTH)

    def notes(self) -> dict[str, str]:
        """The notes that were posted, for session_hold."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.data}


class ActionItemForm(forms.Form):
    text = TextField(
        max_length=500, label="Action item",
        error_messages={"required": "Write the action item.", "max_length": "At most 500 characters."},
    )
    due_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the due date as a date."},
    )


class ActionItemRefForm(forms.Form):
    """Which action item a button acts on: an id (the selector turns it into the item or a 404)."""

    action_item = forms.IntegerField(min_value=1, max_value=MAX_ID)
