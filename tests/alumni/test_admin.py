"""HR's alumni screens show a service's refusal on the form instead of answering 500, and never drop input silently."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alumni import services
from alumni.models import AlumniContribution
from tests.factories import AlumniContributionFactory, AlumniProfileFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_browser(client, org):
    client.force_login(org.hr.user)  # a plain member of the HR group, not a superuser
    return client


def _contribution_form(contribution, **changes):
    return {"alumnus": contribution.alumnus_id, "kind": contribution.kind, "description": contribution.description,
            "value": str(contribution.value), "status": contribution.status,
            "occurred_on": contribution.occurred_on.isoformat(), **changes}


def test_the_alumnus_of_a_recorded_contribution_is_read_only(hr_browser, org):
    contribution = AlumniContributionFactory(alumnus=PersonFactory(alumnus=True), recorded_by=org.hr)
    other = PersonFactory(alumnus=True)
    url = f"/admin/alumni/alumnicontribution/{contribution.pk}/change/"
    page = hr_browser.get(url)
    assert "alumnus" not in page.context["adminform"].form.fields
    response = hr_browser.post(url, _contribution_form(contribution, alumnus=other.pk, value="1234.00"))
    assert response.status_code == 302, response.content.decode()[:2000]
    contribution.refresh_from_db()
    assert contribution.alumnus_id != other.pk and contribution.value == Decimal("1234.00")


@pytest.mark.parametrize("refusal", [ValidationError("The year is closed."), PermissionDenied("The year is closed.")])
def test_a_refusal_when_saving_a_contribution_is_shown_not_a_500(hr_browser, org, monkeypatch, refusal):
    contribution = AlumniContributionFactory(alumnus=PersonFactory(alumnus=True), recorded_by=org.hr)

    def refuse(**kwargs):
        raise refusal

    monkeypatch.setattr(services, "alumni_contribution_update", refuse)
    url = f"/admin/alumni/alumnicontribution/{contribution.pk}/change/"
    response = hr_browser.post(url, _contribution_form(contribution, value="99.00"))
    assert response.status_code == 200 and "The year is closed." in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.value != Decimal("99.00")


def test_a_refusal_when_saving_a_profile_is_shown_not_a_500(hr_browser, org, monkeypatch):
    profile = AlumniProfileFactory(person=PersonFactory(alumnus=True))

    def refuse(**kwargs):
        raise ValidationError("The profile changed meanwhile.")

    monkeypatch.setattr(services, "alumni_profile_update", refuse)
    url = f"/admin/alumni/alumniprofile/{profile.pk}/change/"
    response = hr_browser.post(url, {"current_company": "Initech", "current_title": "", "location": "",
                                     "public_contact": ""})
    assert response.status_code == 200 and "The profile changed meanwhile." in response.content.decode()
    profile.refresh_from_db()
    assert profile.current_company != "Initech"


def test_a_contribution_recorded_in_the_admin_needs_an_alumnus(hr_browser, org):
    response = hr_browser.post("/admin/alumni/alumnicontribution/add/", {
        "alumnus": org.rep.pk, "kind": "referral", "value": "0", "status": "open",
        "occurred_on": datetime.date(2026, 10, 1).isoformat()})
    assert response.status_code == 200 and not AlumniContribution.objects.exists()
