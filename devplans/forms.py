"""The forms behind the plan pages. They parse only: the services decide who may and what is valid.

Every free-text field is a common.forms.TextField, so control characters (NUL among them) never
reach the database.
"""
from __future__ import annotations

from django import forms

from common.forms import TextField
from common.ids import MAX_ID
from devplans.models import Ambition, ChampionActionKind, DevelopmentPlan, MilestoneKind, Readiness
from people.models import JobRole, Skill


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    """A draft plan a manager builds with a report (or a rep for themself)."""

    ambition = forms.ChoiceField(choices=Ambition.choices, initial=Ambition.NEXT_ROLE, label="Ambition",
                                 help_text="What they want from the plan: a next role or one of the growth opportunities.")
    target_role = forms.ModelChoiceField(queryset=JobRole.objects.order_by("track", "level", "title"), required=False,
                                         label="Target role", empty_label="No target role",
                                         help_text="For a next-role plan: the role they are growing toward.")
    summary = TextField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000,
                        label="Summary", help_text="In their words: where they want to be and why.")
    start_date = forms.DateField(widget=_date_input(), label="Start date")
    target_date = forms.DateField(widget=_date_input(), label="Target date")


class MilestoneAddForm(forms.Form):
    """A new milestone as posted: the growth area is any id; the service checks it is the plan's."""

    title = TextField(max_length=200, label="Title")
    due_date = forms.DateField(widget=_date_input(), label="Due date")
    kind = forms.ChoiceField(choices=MilestoneKind.choices, initial=MilestoneKind.OTHER, label="Kind")
    growth_area = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, label="Growth area")
    description = TextField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000,
                            label="Description")


class MilestoneForm(MilestoneAddForm):
    """The same form as the plan page shows it: the plan's growth areas to pick from, the plan's dates."""

    growth_area = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Growth area")

    field_order = ["title", "due_date", "kind", "growth_area", "description"]

    def __init__(self, *args, plan: DevelopmentPlan, growth_areas: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = growth_areas if growth_areas is not None else plan.growth_areas.select_related("skill")
        self.fields["growth_area"].choices = [("", "No growth area")] + [(a.pk, a.skill.name) for a in areas]
        self.fields["due_date"].widget.attrs.update(min=plan.start_date.isoformat(), max=plan.target_date.isoformat())


class MilestoneSubmitForm(forms.Form):
    evidence = TextField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10000,
                         label="Evidence")


class MilestoneDecisionForm(forms.Form):
    """Approve (comment optional) or request changes (the service requires the comment)."""

    comment = TextField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000, label="Comment")


class GrowthAreaForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Skill.objects.all(), label="Skill",
                                   error_messages={"invalid_choice": "Choose one of the listed skills."})
    is_focus = forms.BooleanField(required=False, label="Mastery-level focus")


class ReadinessForm(forms.Form):
    readiness = forms.ChoiceField(choices=Readiness.choices, label="Readiness")
    feedback = TextField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label="Feedback")


class ChampionActionForm(forms.Form):
    kind = forms.ChoiceField(choices=ChampionActionKind.choices, label="Kind")
    description = TextField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label="What you did")
    occurred_on = forms.DateField(widget=_date_input(), required=False, label="When")

