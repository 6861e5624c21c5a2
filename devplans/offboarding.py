"""Devplans' part of offboarding: open plans are archived, never deleted: leaving is not deletion.

Registered with people.leaving from DevplansConfig.ready(); runs inside the offboarding
transaction, so a failure anywhere leaves the plans as they were.
"""
from __future__ import annotations

import datetime
from typing import Any

from common.audit import save_with_history
from devplans.models import OPEN_PLAN_STATUSES, DevelopmentPlan, PlanStatus
from people.models import Person


def plans_archive_for_leaver(*, actor: Person, person: Person, left_on: datetime.date) -> dict[str, Any]:
    plans = list(
        DevelopmentPlan.objects.select_for_update().filter(person=person, status__in=OPEN_PLAN_STATUSES).order_by("id")
    )
    archived = []
    for plan in plans:
        archived.append({"id": plan.pk, "was": plan.status})
        plan.status = PlanStatus.ARCHIVED
        save_with_history(plan, actor=actor, reason=f"Archived: the owner left on {left_on:%d %b %Y}",
                          update_fields=["status", "updated_at"])
    return {"plans_archived": archived}


def describe_plans_archived(result: dict[str, Any]) -> str:
    count = len(result.get("plans_archived", []))
    return f"{count} plan{'s' if count != 1 else ''} archived"
