"""The one way a page shows a form's errors or a service's refusal as a sentence."""
import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from common.exceptions import TransitionNotAllowed
from common.forms import cleaned_data_or_refuse, error_text, form_error_text, refusal_text
from common.permissions import require


class DueForm(forms.Form):
    due_date = forms.DateField(label="Due date")
    note = forms.CharField(required=False)


def test_form_errors_read_as_one_sentence_named_by_the_labels():
    form = DueForm({"due_date": "soon"})
    assert not form.is_valid()
    assert form_error_text(form) == "Due date: Enter a valid date."


def test_a_services_field_error_is_named_by_the_forms_label_and_other_refusals_read_as_they_are():
    form = DueForm({"due_date": "2026-01-01"})
    assert form.is_valid()
    assert refusal_text(ValidationError({"due_date": "Must fall within the plan."}), form) == (
        "Due date: Must fall within the plan."
    )
    assert refusal_text(TransitionNotAllowed("The plan is archived.")) == "The plan is archived."
    assert refusal_text(PermissionDenied("Only HR may.")) == error_text(PermissionDenied("Only HR may.")) == "Only HR may."


def test_cleaned_data_or_refuse_answers_the_data_or_says_what_did_not_parse():
    assert cleaned_data_or_refuse(DueForm({"due_date": "2026-01-01"}))["note"] == ""
    with pytest.raises(ValidationError) as refused:
        cleaned_data_or_refuse(DueForm({}))
    assert refused.value.messages == ["Due date: This field is required."]


def test_require_refuses_with_the_permissions_own_words():
    require(True, "never shown")
    with pytest.raises(PermissionDenied, match="Only HR sets the coaching cadence."):
        require(False, "Only HR sets the coaching cadence.")
