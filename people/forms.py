from django import forms
from django.conf import settings


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "UTF-8 CSV with a header row: username, full_name, email, title, hire_date (YYYY-MM-DD), "
            "team, manager (username), job_role."
        ),
    )
    send_invitations = forms.BooleanField(
        required=False,
        label="Send invitations",
        help_text=(
            "Email everyone in the file who has an email address, no password and no invitation yet a link to "
            "set their password."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.CATALYST["INVITE_DAYS"]
        self.fields["send_invitations"].help_text += f" The link works once, for {days} days."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CATALYST_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes.")
        return upload
