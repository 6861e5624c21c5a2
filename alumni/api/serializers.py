"""Shapes of the alumni network and offboarding endpoints. Private fields never appear in the directory."""
from rest_framework import serializers

from alumni.models import (
    AlumniContribution,
    AlumniProfile,
    ContributionKind,
    ContributionStatus,
    ErasureRecord,
    OffboardingRecord,
)
from alumni.selectors import OPEN_TO_FIELDS, open_to_list
from common.api import strict


class AlumniDirectoryEntrySerializer(strict.ModelSerializer):
    """One opted-in alumnus as the network sees them: no email, leaving reason, quota or account."""

    id = serializers.IntegerField(source="person_id", read_only=True)
    full_name = strict.CharField(source="person.full_name", read_only=True)
    open_to = serializers.SerializerMethodField()

    class Meta:
        model = AlumniProfile
        fields = ["id", "full_name", "current_company", "current_title", "location", "public_contact", "open_to"]
        read_only_fields = fields

    def get_open_to(self, profile) -> list[str]:
        return open_to_list(profile)


class AlumniDirectoryQuerySerializer(serializers.Serializer):
    search = strict.CharField(required=False, allow_blank=True, max_length=200)
    open_to = serializers.ChoiceField(choices=list(OPEN_TO_FIELDS), required=False)


class AlumniProfileSerializer(strict.ModelSerializer):
    """The alumnus's own profile: what they show the network, and whether they show it at all."""

    id = serializers.IntegerField(source="person_id", read_only=True)
    full_name = strict.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = AlumniProfile
        fields = [
            "id", "full_name", "directory_opt_in", "consent_changed_at", "current_company", "current_title",
            "location", "public_contact", "open_to_mentoring", "open_to_referrals", "open_to_partnership",
            "open_to_returning", "updated_at",
        ]
        read_only_fields = ["id", "full_name", "consent_changed_at", "updated_at"]


class OffboardRequestSerializer(serializers.Serializer):
    left_on = serializers.DateField()
    reason = strict.CharField(max_length=200)
    new_manager = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class RehireRequestSerializer(serializers.Serializer):
    rehired_on = serializers.DateField()
    manager = serializers.IntegerField(allow_null=True, min_value=1)
    team = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    job_role = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class AnonymiseRequestSerializer(serializers.Serializer):
    requested_on = serializers.DateField()
    note = strict.CharField(required=False, allow_blank=True, max_length=200, default="")


class OffboardingRecordSerializer(strict.ModelSerializer):
    class Meta:
        model = OffboardingRecord
        fields = ["id", "person", "action", "effective_on", "reason", "reports_moved_to", "summary", "performed_by", "created_at"]
        read_only_fields = fields


class AlumniContributionSerializer(strict.ModelSerializer):
    alumnus = serializers.IntegerField(source="alumnus_id", min_value=1)
    kind = serializers.ChoiceField(choices=ContributionKind.choices)
    status = serializers.ChoiceField(choices=ContributionStatus.choices, default=ContributionStatus.OPEN)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)

    class Meta:
        model = AlumniContribution
        fields = ["id", "alumnus", "kind", "description", "value", "status", "occurred_on", "recorded_by", "created_at"]
        read_only_fields = ["id", "recorded_by", "created_at"]


class ErasureRecordSerializer(strict.ModelSerializer):
    class Meta:
        model = ErasureRecord
        fields = ["id", "person", "requested_on", "performed_by", "performed_at", "note"]
        read_only_fields = fields
