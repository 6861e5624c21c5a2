"""The reminders the devplans app sends (registered with notifications.kinds at start-up)."""
from django.db import models


class PlanNotification(models.TextChoices):
    MILESTONE_DUE_SOON = "milestone_due_soon", "Milestone due in 7 days"
    MILESTONE_DUE_TOMORROW = "milestone_due_tomorrow", "Milestone due tomorrow"
    MILESTONE_OVERDUE = "milestone_overdue", "Milestone overdue"
    MILESTONE_AWAITING_DECISION = "milestone_awaiting_decision", "Milestone waiting for your decision"
    MILESTONE_DECIDED = "milestone_decided", "Milestone decided"
    PLAN_TARGET_SOON = "plan_target_soon", "Plan target date in 14 days"
    PLAN_AWAITING_APPROVAL = "plan_awaiting_approval", "Plan waiting for approval"
