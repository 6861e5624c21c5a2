"""Devplans' part of offboarding: open plans are archived, never deleted (DOMAIN.md: leaving is not deletion).

Registered with people.offboarding from DevplansConfig.ready(); runs inside the offboarding
transaction, so a failure anywhere leaves the plans as they were.
"""
from __future__ import annotations

import datetime
from typing import Any

from people.audit import save_with_history
from people.models import Person

from devplans.models import OPEN_PLAN_STATUSES, DevelopmentPlan, PlanStatus


def plans_archive_for_leaver(*, actor: Person, person: Person, left_on: datetime.date) -> dict[str, Any]:
    plans = list(
        DevelopmentPlan.objects.select_for_update().filter(person=person, status__in=OPEN_PLAN_STATUSES).order_by("id")
    )
    archived = []
    for plan in plans:
        archived.append({"id": plan.pk, "was": plan.status})
        plan.status = PlanStatus.ARCHIVED
        save_with_history(plan, actor=actor, reason=f"Archived: {person} left on {left_on:%d %b %Y}",
                          update_fields=["status", "updated_at"])
    return {"plans_archived": archived}
