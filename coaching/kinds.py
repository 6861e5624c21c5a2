"""The reminders the coaching app sends (registered with notifications.kinds at start-up)."""
from django.db import models


class CoachingNotification(models.TextChoices):
    COACHING_OVERDUE = "coaching_overdue", "Top performer without developmental coaching"
    CAREER_CONVERSATION_DUE = "career_conversation_due", "Quarterly career conversation due"
    MANAGER_DIGEST = "manager_digest", "Monday digest"
