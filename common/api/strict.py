"""Serializer building blocks that take text only as text.

DRF's CharField turns a JSON number into a string (`1e308` is stored as "1e+308", and before the
parser refused non-finite numbers, `1e999` as "inf"). A text field of the API takes a JSON string
and nothing else; every serializer uses these (`strict.CharField`, `strict.ModelSerializer`, whose
model CharFields and TextFields map to the strict field)."""
from __future__ import annotations

from django.db import models
from rest_framework import serializers


class CharField(serializers.CharField):
    default_error_messages = {"invalid": "Not a valid string: send text in quotes."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
    }
