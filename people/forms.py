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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CATALYST_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes.")
        return upload
