"""Devplans' part of erasure on request (registered with people.erasure from DevplansConfig.ready()).

Plans, growth areas, milestones and champion actions, and their history (change reasons
included), lose every mention of the erased person; their own plans, with everything on them,
are their own records, where a lone first name is scrubbed too. Nothing is
deleted: the plans stay, archived. Runs inside the erasure transaction.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q

from devplans.models import ChampionAction, DevelopmentPlan, GrowthArea, Milestone
from people.erasure import Redaction, scrub_app
from people.models import Person


def devplans_erase(*, person: Person, redaction: Redaction) -> dict[str, Any]:
    on_their_plan = Q(plan__person=person)
    return {"scrubbed": scrub_app("devplans", redaction=redaction, own={
        DevelopmentPlan: Q(person=person),
        GrowthArea: on_their_plan,
        Milestone: on_their_plan,
        ChampionAction: on_their_plan,
    })}
