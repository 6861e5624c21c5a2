"""Who may do what in the alumni network: the predicates, and the services, pages and admin that ask them."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from alumni import permissions
from alumni.models import AlumniProfile
from alumni.selectors import access_own_alumni_profile
from alumni.services import (
    alumni_contribution_record,
    alumni_profile_update,
    alumnus_anonymise,
    person_offboard,
    person_rehire,
)
from tests.factories import AlumniContributionFactory, AlumniProfileFactory, PersonFactory

pytestmark = pytest.mark.django_db

HR_ONLY = [
    permissions.can_offboard, permissions.can_rehire, permissions.can_anonymise,
    permissions.can_record_contribution, permissions.can_change_contribution,
]


@pytest.mark.parametrize("predicate", HR_ONLY, ids=lambda predicate: predicate.__name__)
def test_leaving_and_the_network_business_are_hr_only(org, predicate):
    alumnus = PersonFactory(alumnus=True)
    assert predicate(org.hr)
    for someone in (org.vp, org.manager, org.rep, alumnus, None):
        assert not predicate(someone)


def test_hr_who_left_is_hr_no_more(org, hr_group):
    former_hr = PersonFactory(alumnus=True)
    former_hr.user.groups.add(hr_group)
    assert not permissions.can_offboard(former_hr)


def test_the_profile_is_the_alumnus_and_hr_may_correct_it(org):
    profile = AlumniProfileFactory()
    alumnus = profile.person
    assert permissions.can_edit_alumni_profile(alumnus, alumnus)
    assert permissions.can_edit_alumni_profile(org.hr, alumnus)
    for someone in (org.vp, org.manager, PersonFactory(alumnus=True), None):
        assert not permissions.can_edit_alumni_profile(someone, alumnus)


def test_only_the_alumnus_gives_directory_consent(org):
    profile = AlumniProfileFactory()
    assert permissions.can_give_directory_consent(profile.person, profile)
    for someone in (org.hr, org.vp, PersonFactory(alumnus=True), None):
        assert not permissions.can_give_directory_consent(someone, profile)


def test_the_services_refuse_with_the_permission_s_own_words(org):
    alumnus = PersonFactory(alumnus=True)
    contribution = AlumniContributionFactory(alumnus=alumnus)
    refusals = [
        (lambda: person_offboard(actor=org.manager, person=org.rep, left_on=datetime.date(2026, 11, 20), reason="x"),
         permissions.OFFBOARD_REFUSED),
        (lambda: person_rehire(actor=org.manager, person=alumnus, rehired_on=datetime.date(2026, 12, 1), manager=None),
         permissions.REHIRE_REFUSED),
        (lambda: alumnus_anonymise(actor=org.manager, person=alumnus, requested_on=datetime.date(2026, 12, 1)),
         permissions.ANONYMISE_REFUSED),
        (lambda: alumni_contribution_record(actor=org.manager, alumnus=alumnus, kind="referral",
                                            occurred_on=datetime.date(2026, 10, 1)),
         permissions.CONTRIBUTION_RECORD_REFUSED),
        (lambda: alumni_profile_update(actor=org.manager, person=alumnus, location="Elsewhere"),
         permissions.PROFILE_EDIT_REFUSED),
    ]
    for call, refusal in refusals:
        with pytest.raises(PermissionDenied) as error:
            call()
        assert str(error.value) == refusal
    from alumni.services import alumni_contribution_update

    with pytest.raises(PermissionDenied, match=permissions.CONTRIBUTION_CHANGE_REFUSED):
        alumni_contribution_update(actor=org.rep, contribution=contribution, value=1)


def test_hr_withdraws_consent_in_the_admin(hr_group):
    profile = AlumniProfileFactory(directory_opt_in=True)
    hr = PersonFactory(user__is_staff=True)
    hr.user.groups.add(hr_group)
    browser = Client()
    browser.force_login(hr.user)
    form = {"current_company": "Globex", "current_title": "Account Director", "location": "", "public_contact": ""}
    response = browser.post(f"/admin/alumni/alumniprofile/{profile.pk}/change/", form)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.directory_opt_in is False and profile.consent_changed_at is not None
    assert profile.history.first().history_change_reason == "Opted out of the directory"


# --- reading one's own profile never writes -------------------------------------------------------

def test_an_alumnus_without_a_profile_reads_the_defaults_and_nothing_is_written(api, django_assert_num_queries):
    alumnus = PersonFactory(alumnus=True)
    with django_assert_num_queries(1):
        profile = access_own_alumni_profile(alumnus)
    assert profile.pk is None and profile.directory_opt_in is False
    body = api.as_person(alumnus).get("/api/v1/alumni/me/").json()
    assert body["id"] == alumnus.pk and body["directory_opt_in"] is False and body["current_company"] == ""
    browser = Client()
    browser.force_login(alumnus.user)
    page = browser.get("/alumni/profile/")
    assert page.status_code == 200 and b"You are not listed in the directory" in page.content
    assert not AlumniProfile.objects.filter(person=alumnus).exists()


def test_the_first_change_creates_the_profile(api):
    alumnus = PersonFactory(alumnus=True)
    response = api.as_person(alumnus).patch("/api/v1/alumni/me/", {"current_company": "Initech"})
    assert response.status_code == 200 and response.json()["current_company"] == "Initech"
    assert AlumniProfile.objects.get(person=alumnus).history.first().history_user == alumnus.user


def test_the_profile_page_saves_only_what_changed_and_strips_control_characters():
    profile = AlumniProfileFactory(location="Boston, MA")
    browser = Client()
    browser.force_login(profile.person.user)
    form = {"current_company": "Globex\x00 Inc", "current_title": "Account Director", "location": "Boston, MA", "public_contact": ""}
    response = browser.post("/alumni/profile/", form, follow=True)
    assert b"Your alumni profile is saved" in response.content
    profile.refresh_from_db()
    assert profile.current_company == "Globex Inc" and profile.directory_opt_in is False
    assert profile.history.first().history_change_reason == "Changed current_company"
    again = browser.post("/alumni/profile/", {**form, "current_company": "Globex Inc"}, follow=True)
    assert b"Nothing changed" in again.content


def test_only_alumni_see_the_link_to_their_profile(org):
    alumnus = AlumniProfileFactory().person
    browser = Client()
    browser.force_login(alumnus.user)
    assert b"Edit your alumni profile" in browser.get("/alumni/").content
    browser.force_login(org.rep.user)
    assert b"Edit your alumni profile" not in browser.get("/alumni/").content
