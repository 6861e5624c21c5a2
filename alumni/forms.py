"""Forms of the alumni pages and of HR's offboarding, re-hire and erasure admin pages. They parse; services decide."""
from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect

from alumni.models import AlumniProfile
from alumni.selectors import OPEN_TO_FIELDS, PROFILE_EDITABLE_FIELDS
from common.forms import TextField
from people.models import JobRole, Person, PersonStatus, Team


class AlumniDirectorySearchForm(forms.Form):
    search = TextField(required=False, max_length=200, label="Search",
                       widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, company or title"}))
    open_to = forms.ChoiceField(
        required=False, label="Open to",
        choices=[("", "Anything")] + [(key, key.capitalize()) for key in OPEN_TO_FIELDS],
    )


class AlumniProfileForm(forms.Form):
    """What the alumnus shows the network. It only parses: `alumni.services.alumni_profile_update`
    decides, with the fields the form reports as changed from the saved profile."""

    directory_opt_in = forms.BooleanField(
        required=False, label="Show me in the alumni directory",
        help_text="Off by default. Only people who opt in are listed; you can change your mind at any time.",
    )
    current_company = TextField(required=False, max_length=200, label="Current company")
    current_title = TextField(required=False, max_length=200, label="Current title")
    location = TextField(required=False, max_length=200, label="Location")
    public_contact = TextField(
        required=False, max_length=200, label="Public contact (shown to the network)",
        help_text="An email address, phone or profile link. Leave empty to show none.",
    )
    open_to_mentoring = forms.BooleanField(required=False, label="Open to mentoring")
    open_to_referrals = forms.BooleanField(required=False, label="Open to making referrals")
    open_to_partnership = forms.BooleanField(required=False, label="Open to partnerships")
    open_to_returning = forms.BooleanField(required=False, label="Open to coming back")

    def __init__(self, *args, profile: AlumniProfile, **kwargs):
        kwargs.setdefault("initial", {name: getattr(profile, name) for name in PROFILE_EDITABLE_FIELDS})
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        """The fields the alumnus changed, with their new values (after `is_valid()`)."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


def _use_autocomplete(field: forms.ModelChoiceField, admin_site, field_name: str) -> None:
    """The admin's search-as-you-type select, fed by Person's `field_name` autocomplete."""
    field.widget = AutocompleteSelect(Person._meta.get_field(field_name), admin_site)
    field.widget.choices = field.choices


class OffboardForm(forms.Form):
    left_on = forms.DateField(label="Leaving date", widget=AdminDateWidget)
    reason = TextField(label="Reason for leaving", max_length=200)
    new_manager = forms.ModelChoiceField(
        label="New manager for their reports", required=False,
        queryset=Person.objects.filter(status=PersonStatus.ACTIVE),
        help_text="Required when the person manages anyone: their direct reports move to this manager.",
    )

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if admin_site is not None:
            _use_autocomplete(self.fields["new_manager"], admin_site, "manager")


class RehireForm(forms.Form):
    rehired_on = forms.DateField(label="Starts again on", widget=AdminDateWidget)
    manager = forms.ModelChoiceField(label="Manager", required=False, queryset=Person.objects.filter(status=PersonStatus.ACTIVE))
    team = forms.ModelChoiceField(label="Team", required=False, queryset=Team.objects.all(),
                                  help_text="Leave empty to keep their former team.")
    job_role = forms.ModelChoiceField(label="Job role", required=False, queryset=JobRole.objects.all(),
                                      help_text="Leave empty to keep their former role.")

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if admin_site is not None:
            for name in ("manager", "team", "job_role"):
                _use_autocomplete(self.fields[name], admin_site, name)


class AnonymiseForm(forms.Form):
    requested_on = forms.DateField(label="Erasure requested on", widget=AdminDateWidget)
    note = TextField(label="Note (no personal data)", max_length=200, required=False)
    confirm = forms.BooleanField(label="I understand this cannot be undone", required=True)
