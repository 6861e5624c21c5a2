"""Only HR changes people, quota figures and reference data; the system (actor None) may too."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from people import permissions, services
from people.importing import people_import_csv
from people.models import QuotaRecord, Skill, Tier
from tests.factories import PersonFactory, QuotaRecordFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_the_predicates_say_hr_only(org):
    for predicate in [permissions.can_change_people, permissions.can_set_quota, permissions.can_keep_catalogue]:
        assert predicate(org.hr) and not predicate(org.manager) and not predicate(org.rep) and not predicate(None)


@pytest.mark.parametrize("who", ["manager", "rep"])
def test_a_person_outside_hr_is_refused_and_nothing_changes(org, who):
    actor = getattr(org, who)
    record = QuotaRecordFactory(person=org.rep, year=2026, quarter=2)
    skill = SkillFactory(name="Discovery")
    with pytest.raises(PermissionDenied):
        services.person_update(actor=actor, person=org.rep, title="Chief")
    with pytest.raises(PermissionDenied):
        services.person_create(actor=actor, username="newbie", full_name="New Person")
    with pytest.raises(PermissionDenied):
        services.catalogue_save(actor=actor, instance=Skill(name="Negotiation", category="advanced"))
    with pytest.raises(PermissionDenied):
        services.catalogue_delete(actor=actor, instance=skill)
    with pytest.raises(PermissionDenied):
        services.quota_record_set(actor=actor, person=org.rep, year=2026, quarter=3, quota=Decimal(1), attained=Decimal(1))
    with pytest.raises(PermissionDenied):
        services.quota_record_update(actor=actor, record=record, person=org.rep, year=2026, quarter=2,
                                     quota=Decimal(5), attained=Decimal(5))
    with pytest.raises(PermissionDenied):
        services.quota_record_delete(actor=actor, record=record)
    with pytest.raises(PermissionDenied):
        people_import_csv(actor=actor, file=SimpleUploadedFile("p.csv", b"username,full_name\nnewbie,New Person\n"))
    org.rep.refresh_from_db()
    assert org.rep.title == "Account Executive"
    assert Skill.objects.filter(name="Discovery").exists() and not Skill.objects.filter(name="Negotiation").exists()
    assert list(QuotaRecord.objects.values_list("quarter", "quota")) == [(2, record.quota)]


def test_hr_and_the_system_may(org):
    services.person_update(actor=org.hr, person=org.rep, title="Senior AE")
    services.person_update(actor=None, person=org.peer, title="Senior AE")
    services.catalogue_save(actor=None, instance=Skill(name="Negotiation", category="advanced"))
    services.quota_record_set(actor=org.hr, person=org.rep, year=2026, quarter=3, quota=Decimal(1), attained=Decimal(1))
    assert Skill.objects.filter(name="Negotiation").exists() and QuotaRecord.objects.count() == 1


def _quarter(reps, *, year, quarter, start=150):
    for index, rep in enumerate(reps):
        services.quota_record_set(actor=None, person=rep, year=year, quarter=quarter, quota=Decimal(100),
                                  attained=Decimal(start - 20 * index))


def test_correcting_a_records_quarter_moves_it_and_recomputes_both_quarters(org):
    reps = [org.rep, org.peer, org.other_rep, PersonFactory(manager=org.manager), PersonFactory(manager=org.manager)]
    _quarter(reps, year=2026, quarter=2)
    _quarter(reps[1:], year=2026, quarter=3, start=130)  # ava has no Q3 figures yet
    record = QuotaRecord.objects.get(person=org.rep, year=2026, quarter=2)
    assert QuotaRecord.objects.get(person=org.peer, year=2026, quarter=2).tier == Tier.MIDDLE_60

    moved = services.quota_record_update(actor=org.hr, record=record, person=org.rep, year=2026, quarter=3,
                                         quota=Decimal(100), attained=Decimal(200))

    assert moved.pk == record.pk and QuotaRecord.objects.filter(person=org.rep).count() == 1
    assert (moved.year, moved.quarter, moved.tier) == (2026, 3, Tier.TOP_20)
    # Q2 lost its leader: ben leads it now; in Q3 ben is no longer first.
    assert QuotaRecord.objects.get(person=org.peer, year=2026, quarter=2).tier == Tier.TOP_20
    assert QuotaRecord.objects.get(person=org.peer, year=2026, quarter=3).tier == Tier.MIDDLE_60
    assert moved.history.first().history_user == org.hr.user


def test_a_record_cannot_move_onto_a_quarter_that_already_has_figures(org):
    QuotaRecordFactory(person=org.rep, year=2026, quarter=2)
    record = QuotaRecordFactory(person=org.rep, year=2026, quarter=3)
    with pytest.raises(ValidationError) as refused:
        services.quota_record_update(actor=org.hr, record=record, person=org.rep, year=2026, quarter=2,
                                     quota=Decimal(5), attained=Decimal(5))
    assert "already has figures" in " ".join(refused.value.messages)
    record.refresh_from_db()
    assert record.quarter == 3
