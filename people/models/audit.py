from django.conf import settings
from django.db import models


class DataExportRecord(models.Model):
    """Who exported personal data, when, what and how much (OWASP ASVS 8.3.5: access audited)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    model = models.CharField(max_length=100)
    file_format = models.CharField(max_length=20)
    row_count = models.PositiveIntegerField()
    filters = models.CharField(max_length=500, blank=True, help_text="The admin list's query string at export time.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.model} export by {self.user} at {self.created_at:%Y-%m-%d %H:%M}"
