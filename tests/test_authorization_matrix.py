"""The authorization matrix: every API endpoint and page × every demo role × own/other object.

Generated from the URL conf: a route with no entry here fails `test_every_route_has_an_entry`,
so a new endpoint cannot ship without its row. Each cell names the one status the contract
promises (CONTRACT.md): 2xx for those allowed; 404 for an object outside the caller's scope;
403 for a forbidden action on a visible object; 401 for an anonymous API call; a redirect to
sign-in for an anonymous page.

Roles (the demo organisation): rep = ava; peer = ben (same manager); manager = marco (ava's
direct manager); skip_level = vera (marco's manager); other_manager = sam (another team);
hr = hana; alumni = olga; anonymous. "own" objects belong to ava; "other" ones to eli (sam's team);
"alumnus" is paul, who left sam's team (his former reporting line still sees his history).
"""
from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import Notification
from people.models import Person
from tests.factories import NotificationFactory
from tests.factories.coaching import ActionItemFactory, CoachingSessionFactory, MentorshipFactory
from tests.factories.devplans import DevelopmentPlanFactory, GrowthAreaFactory, MilestoneFactory

USERNAMES = {
    "rep": "ava", "peer": "ben", "manager": "marco", "skip_level": "vera",
    "other_manager": "sam", "hr": "hana", "alumni": "olga", "anonymous": None,
}
ROLES = list(USERNAMES)


class World:
    """The demo organisation plus the objects the matrix acts on, by scenario."""

    def __init__(self) -> None:
        call_command("seed_demo", stdout=io.StringIO())
        self.people = {person.user.username: person for person in Person.objects.select_related("user")}
        self.owner = {"own": self.people["ava"], "other": self.people["eli"]}
        self.cache: dict = {}
        # Eli has no plan in the demo; give him an active one so "other" has the same shape as "own".
        from devplans.models import DevelopmentPlan, PlanStatus

        if not DevelopmentPlan.objects.filter(person=self.owner["other"]).exists():
            today = timezone.localdate()
            DevelopmentPlanFactory(
                person=self.owner["other"], target_role=self.owner["own"].job_role, status=PlanStatus.ACTIVE,
                start_date=today - datetime.timedelta(days=30), target_date=today + datetime.timedelta(days=300))

    def person(self, role: str) -> Person | None:
        username = USERNAMES[role]
        return self.people[username] if username else None

    def once(self, key, build: Callable):
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]

    def manager_of(self, scenario: str) -> Person:
        return self.people["marco"] if scenario == "own" else self.people["sam"]

    def session(self, scenario: str, status: str = "scheduled"):
        return self.once(("session", scenario, status), lambda: CoachingSessionFactory(
            coach=self.manager_of(scenario), coachee=self.owner[scenario], kind="weekly_1on1",
            scheduled_at=timezone.now() + datetime.timedelta(days=2), duration_minutes=30, status=status,
            shared_notes=""))

    def action_item(self, scenario: str):
        return self.once(("action_item", scenario), lambda: ActionItemFactory(
            session=self.session(scenario), owner=self.owner[scenario], text="Draft the case study",
            due_date=timezone.localdate() + datetime.timedelta(days=20)))

    def mentorship(self, scenario: str, status: str):
        mentor = self.people["ben"] if scenario == "own" else self.people["sam"]
        return self.once(("mentorship", scenario, status), lambda: MentorshipFactory(
            mentor=mentor, mentee=self.owner[scenario], start_date=timezone.localdate(), status=status,
            goals="Discovery calls"))

    def plan(self, scenario: str, status: str | None = None):
        """The owner's plan, put in `status` for this cell (rolled back afterwards)."""
        from devplans.models import DevelopmentPlan

        plan = DevelopmentPlan.objects.filter(person=self.owner[scenario]).order_by("-id").first()
        if status and plan.status != status:
            DevelopmentPlan.objects.filter(pk=plan.pk).update(status=status)
            plan.refresh_from_db()
        return plan

    def milestone(self, scenario: str, status: str = "planned"):
        def build():
            plan = self.plan(scenario, "active")
            return MilestoneFactory(
                plan=plan, title=f"Matrix milestone ({status})", status=status, due_date=plan.target_date,
                submitted_at=timezone.now() if status == "submitted" else None)

        return self.once(("milestone", scenario, status), build)

    def milestone_moved(self, scenario: str, status: str) -> bool:
        milestone = self.milestone(scenario, status)
        milestone.refresh_from_db(fields=["status"])
        return milestone.status != status

    def growth_area(self, scenario: str):
        def build():
            plan = self.plan(scenario)
            skill = plan.target_role.skills.exclude(growth_areas__plan=plan).first()
            return GrowthAreaFactory(plan=plan, skill=skill)

        return self.once(("growth_area", scenario), build)

    def free_skill(self, scenario: str):
        plan = self.plan(scenario)
        return plan.target_role.skills.exclude(growth_areas__plan=plan).first()

    def plan_moved(self, scenario: str, status: str) -> bool:
        return self.plan(scenario).status != status

    def chosen_skill(self, scenario: str):
        """A skill free on the plan, the same one for the whole cell (the body and the check)."""
        return self.once(("chosen_skill", scenario), lambda: self.free_skill(scenario))

    def growth_area_added(self, scenario: str) -> bool:
        return self.plan(scenario).growth_areas.filter(skill=self.chosen_skill(scenario)).exists()

    def growth_area_removed(self, scenario: str) -> bool:
        from devplans.models import GrowthArea

        return not GrowthArea.objects.filter(pk=self.growth_area(scenario).pk).exists()

    def without_open_plan(self, scenario: str):
        from devplans.models import DevelopmentPlan

        DevelopmentPlan.objects.filter(person=self.owner[scenario]).update(status="archived")
        return self.owner[scenario]

    def notification(self, scenario: str) -> Notification:
        return self.once(("notification", scenario), lambda: NotificationFactory(
            recipient=self.owner[scenario], kind="milestone_due_soon", subject_key=f"matrix:{scenario}",
            period="matrix", title="A reminder"))


def codes(default: int, **by_role: int) -> dict[str, int]:
    """Every role gets `default` unless named; anonymous gets 401 unless named."""
    result = {role: default for role in ROLES}
    result["anonymous"] = 401
    result.update(by_role)
    return result


def page_codes(default: int, **by_role: int) -> dict[str, int]:
    """As `codes`, but an anonymous visitor is sent to sign in (302) unless named."""
    return codes(default, **{"anonymous": 302, **by_role})


@dataclass
class Entry:
    route: str
    method: str = "get"
    kwargs: Callable[[World, str], dict] | None = None
    body: Callable[[World, str, str], dict] | None = None
    query: Callable[[World, str], str] | None = None
    allowed: dict[str, set[str]] | None = None  # with `changed`: who may change the object
    changed: Callable[[World, str], bool] | None = None
    expect: dict[str, dict[str, int]] = field(default_factory=dict)  # scenario → role → status
    page: bool = False
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.route}"


def single(expectation: dict[str, int]) -> dict[str, dict[str, int]]:
    return {"none": expectation}


# Routes that are not endpoints of the product (framework plumbing) and why.
NOT_IN_MATRIX = {
    "healthz": "anonymous by design and shows no data; tested in tests/insights/test_health.py",
    "login": "the sign-in form itself: public by design",
    "oidc_authentication_init": "company sign-in: public by design, sends the browser to the provider",
    "oidc_authentication_callback": "company sign-in: guarded by its one-use state, nonce and PKCE (tests/oidc/)",
    "oidc_logout": "signing out (POST): any caller, ends its own session",
    "logout": "signing out: any caller, ends its own session",
    "password_change": "Django's own view: acts only on the signed-in user",
    "password_change_done": "Django's own view",
    "password_reset": "public by design; answers the same for any address",
    "password_reset_done": "public by design",
    "password_reset_confirm": "guarded by its signed one-time token",
    "password_reset_complete": "public by design",
    "invitation-accept": "guarded by its signed one-time link; tested in tests/people/test_invitations.py",
    "api-schema": "public by design: the OpenAPI description",
    "api-docs": "public by design: the interactive docs",
    "api-token": "sign-in: public by design, throttled and locked out after failures",
    "notifications:calendar-feed": "guarded by its per-person secret; tested in tests/notifications/test_calendar.py",
    "bench-bare": "benchmark baseline: fixed body, no data",
    **{f"scim:{name}": "SCIM: an integration token with the scim scope, never a person's session or token; "
       "tested in tests/integrations/test_scim.py"
       for name in ("users", "users-search", "search", "user", "service-provider-config", "resource-types",
                    "resource-type", "schemas", "schema", "not-found")},
}

PLAN_READ = {
    "own": codes(404, rep=200, manager=200, skip_level=200, hr=200),
    "other": codes(404, skip_level=200, other_manager=200, hr=200),
}
PLAN_MANAGE = {
    "own": codes(404, rep=403, manager=200, skip_level=200, hr=200),
    "other": codes(404, skip_level=200, other_manager=200, hr=200),
}
PLAN_OWNER_OR_MANAGE = {
    "own": codes(404, rep=200, manager=200, skip_level=200, hr=200),
    "other": codes(404, skip_level=200, other_manager=200, hr=200),
}
PLAN_MANAGE_CREATE = {
    "own": codes(404, rep=403, manager=201, skip_level=201, hr=201),
    "other": codes(404, skip_level=201, other_manager=201, hr=201),
}
OWNER_ONLY = {
    "own": codes(404, rep=200, manager=403, skip_level=403, hr=403),
    "other": codes(404, skip_level=403, other_manager=403, hr=403),
}
DIRECT_MANAGER = {
    "own": codes(404, rep=403, manager=200, skip_level=403, hr=200),
    "other": codes(404, skip_level=403, other_manager=200, hr=200),
}
# Page forms answer a forbidden action on a visible object by redirecting back with an error
# message; the `changed` check of those entries proves nothing happened for anyone not allowed.
PAGE_ACTION = {scenario: {**cells, "anonymous": 302} for scenario, cells in {
    "own": codes(404, rep=302, manager=302, skip_level=302, hr=302),
    "other": codes(404, skip_level=302, other_manager=302, hr=302),
}.items()}
OWNER_ONLY_ALLOWED = {"own": {"rep"}, "other": set()}
DIRECT_MANAGER_ALLOWED = {"own": {"manager", "hr"}, "other": {"other_manager", "hr"}}
MANAGE_ALLOWED = {"own": {"manager", "skip_level", "hr"}, "other": {"skip_level", "other_manager", "hr"}}
OWNER_OR_MANAGE_ALLOWED = {"own": {"rep", "manager", "skip_level", "hr"}, "other": {"skip_level", "other_manager", "hr"}}

MATRIX: list[Entry] = [
    Entry("api-me", expect=single(codes(200))),
    # Invitations (CONTRACT: HR only; a person out of the caller's sight is 404)
    Entry("api-person-invite", "post", kwargs=lambda w, s: {"pk": w.owner[s].id},
          expect={
              "own": codes(404, rep=403, manager=403, skip_level=403, hr=200),
              "other": codes(404, skip_level=403, other_manager=403, hr=200),
          }),
    # Alumni network
    Entry("api-alumni-directory", expect=single(codes(200))),
    Entry("api-alumni-me", expect=single(codes(404, alumni=200))),
    Entry("api-alumni-me", "patch", body=lambda w, s, r: {"current_title": "Partner"},
          expect=single(codes(404, alumni=200))),
    Entry("api-alumni-contributions", "post",
          body=lambda w, s, r: {"alumnus": w.people["olga"].id, "kind": "referral", "occurred_on": "2026-11-01"},
          expect=single(codes(403, hr=201))),
    Entry("api-person-offboard", "post", kwargs=lambda w, s: {"pk": w.owner[s].id},
          body=lambda w, s, r: {"left_on": "2026-11-20", "reason": "Moving on"},
          expect={
              "own": codes(404, rep=403, manager=403, skip_level=403, hr=200),
              "other": codes(404, skip_level=403, other_manager=403, hr=200),
          }),
    Entry("api-person-rehire", "post", kwargs=lambda w, s: {"pk": w.people["paul"].id},
          body=lambda w, s, r: {"rehired_on": "2026-11-20", "manager": w.people["sam"].id},
          expect={"alumnus": codes(404, skip_level=403, other_manager=403, hr=200)}),
    Entry("api-person-anonymise", "post", kwargs=lambda w, s: {"pk": w.people["paul"].id},
          body=lambda w, s, r: {"requested_on": "2026-11-20"},
          expect={"alumnus": codes(404, skip_level=403, other_manager=403, hr=200)}),
    # Notifications (each person's own)
    Entry("api-notifications", expect=single(codes(200))),
    Entry("api-notification-read", "post", kwargs=lambda w, s: {"id": w.notification(s).id},
          expect={"own": codes(404, rep=200), "other": codes(404)}),
    Entry("api-notifications-read-all", "post", expect=single(codes(200))),
    Entry("api-notification-preferences", expect=single(codes(200))),
    Entry("api-notification-preferences", "put",
          body=lambda w, s, r: {"preferences": [{"kind": "milestone_overdue", "email_enabled": False}]},
          expect=single(codes(200))),
    Entry("api-calendar-feed", expect=single(codes(200))),
    Entry("api-calendar-feed-rotate", "post", expect=single(codes(200))),
    # Development plans (CONTRACT: rep sees own; manager sees the line; HR all; owner submits; direct manager approves)
    Entry("api-plans", expect=single(codes(200))),
    Entry("api-plans", "post",
          body=lambda w, s, r: {"person": w.without_open_plan(s).id, "target_role": w.owner["own"].job_role_id,
                                "ambition": "next_role", "start_date": "2026-12-01", "target_date": "2027-09-30"},
          expect={"own": codes(400, rep=201, manager=201, skip_level=201, hr=201),
                  "other": codes(400, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-plan", kwargs=lambda w, s: {"pk": w.plan(s).id}, expect=PLAN_READ),
    Entry("api-plan", "patch", kwargs=lambda w, s: {"pk": w.plan(s).id},
          body=lambda w, s, r: {"summary": "Lead the enterprise motion"},
          expect={"own": codes(404, rep=200, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("api-plan-submit", "post", kwargs=lambda w, s: {"pk": w.plan(s, "draft").id},
          expect={"own": codes(404, rep=200, manager=403, skip_level=403, hr=403),
                  "other": codes(404, skip_level=403, other_manager=403, hr=403)}),
    Entry("api-plan-approve", "post", kwargs=lambda w, s: {"pk": w.plan(s, "pending_approval").id},
          expect={"own": codes(404, rep=403, manager=200, skip_level=403, hr=200),
                  "other": codes(404, skip_level=403, other_manager=200, hr=200)}),
    Entry("api-plan-complete", "post", kwargs=lambda w, s: {"pk": w.plan(s, "active").id},
          expect=DIRECT_MANAGER),
    # The owner may set their own plan aside; so may their manager chain and HR.
    Entry("api-plan-archive", "post", kwargs=lambda w, s: {"pk": w.plan(s, "active").id},
          expect=PLAN_OWNER_OR_MANAGE),
    Entry("api-plan-readiness", "post", kwargs=lambda w, s: {"pk": w.plan(s).id},
          body=lambda w, s, r: {"readiness": "ready_now", "feedback": "Ready for strategic accounts."},
          expect=PLAN_MANAGE),
    Entry("api-plan-growth-areas", "post", kwargs=lambda w, s: {"pk": w.plan(s).id},
          body=lambda w, s, r: {"skill": w.free_skill(s).id},
          expect={"own": codes(404, rep=201, manager=201, skip_level=201, hr=201),
                  "other": codes(404, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-plan-growth-area", "patch", kwargs=lambda w, s: {"pk": w.plan(s).id, "growth_area_id": w.growth_area(s).id},
          body=lambda w, s, r: {"notes": "Practise with the CFO deck"},
          expect={"own": codes(404, rep=200, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("api-plan-growth-area", "delete", kwargs=lambda w, s: {"pk": w.plan(s).id, "growth_area_id": w.growth_area(s).id},
          expect={"own": codes(404, rep=204, manager=204, skip_level=204, hr=204),
                  "other": codes(404, skip_level=204, other_manager=204, hr=204)}),
    Entry("api-plan-champion-actions", kwargs=lambda w, s: {"pk": w.plan(s).id}, expect=PLAN_READ),
    Entry("api-plan-champion-actions", "post", kwargs=lambda w, s: {"pk": w.plan(s).id},
          body=lambda w, s, r: {"kind": "introduction", "description": "Met the CRO", "occurred_on": "2026-11-20"},
          expect=PLAN_MANAGE_CREATE),
    Entry("api-plan-milestones", kwargs=lambda w, s: {"pk": w.plan(s).id}, expect=PLAN_READ),
    Entry("api-plan-milestones", "post", kwargs=lambda w, s: {"pk": w.plan(s).id},
          body=lambda w, s, r: {"title": "Shadow the CRO", "due_date": w.plan(s).target_date.isoformat(),
                                "kind": "shadow_executive"},
          expect={"own": codes(404, rep=201, manager=201, skip_level=201, hr=201),
                  "other": codes(404, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-milestone", kwargs=lambda w, s: {"pk": w.milestone(s).id}, expect=PLAN_READ),
    Entry("api-milestone-start", "post", kwargs=lambda w, s: {"pk": w.milestone(s, "planned").id}, expect=OWNER_ONLY),
    Entry("api-milestone-submit", "post", kwargs=lambda w, s: {"pk": w.milestone(s, "in_progress").id},
          body=lambda w, s, r: {"evidence": "Deck and recording"}, expect=OWNER_ONLY),
    Entry("api-milestone-approve", "post", kwargs=lambda w, s: {"pk": w.milestone(s, "submitted").id},
          expect=DIRECT_MANAGER),
    Entry("api-milestone-request-changes", "post", kwargs=lambda w, s: {"pk": w.milestone(s, "submitted").id},
          body=lambda w, s, r: {"comment": "Add the customer quote"}, expect=DIRECT_MANAGER),
    Entry("api-milestone-cancel", "post", kwargs=lambda w, s: {"pk": w.milestone(s, "planned").id},
          expect=PLAN_OWNER_OR_MANAGE),
    Entry("api-approvals", expect=single(codes(403, manager=200, skip_level=200, other_manager=200, hr=200))),
    Entry("devplans:my-plan", page=True, expect=single(page_codes(200))),
    Entry("devplans:plan-new", page=True, query=lambda w, s: f"person={w.owner[s].id}",
          # The form opens for whoever may build a plan for that person (the service decides on POST);
          # people who have left build no plans; someone out of scope is 404.
          expect={"own": page_codes(404, rep=200, manager=200, skip_level=200, hr=200, alumni=403),
                  "other": page_codes(404, skip_level=200, other_manager=200, hr=200, alumni=403)}),
    Entry("devplans:plan-detail", page=True, kwargs=lambda w, s: {"plan_id": w.plan(s).id},
          expect={"own": page_codes(404, rep=200, manager=200, skip_level=200, hr=200),
                  "other": page_codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("devplans:milestone-start", "post", page=True, kwargs=lambda w, s: {"milestone_id": w.milestone(s, "planned").id},
          expect=PAGE_ACTION, allowed=OWNER_ONLY_ALLOWED, changed=lambda w, s: w.milestone_moved(s, "planned")),
    Entry("devplans:milestone-submit", "post", page=True, kwargs=lambda w, s: {"milestone_id": w.milestone(s, "in_progress").id},
          body=lambda w, s, r: {"evidence": "Deck"}, expect=PAGE_ACTION, allowed=OWNER_ONLY_ALLOWED,
          changed=lambda w, s: w.milestone_moved(s, "in_progress")),
    Entry("devplans:milestone-approve", "post", page=True, kwargs=lambda w, s: {"milestone_id": w.milestone(s, "submitted").id},
          expect=PAGE_ACTION, allowed=DIRECT_MANAGER_ALLOWED, changed=lambda w, s: w.milestone_moved(s, "submitted")),
    Entry("devplans:milestone-request-changes", "post", page=True,
          kwargs=lambda w, s: {"milestone_id": w.milestone(s, "submitted").id},
          body=lambda w, s, r: {"comment": "Add the customer quote"}, expect=PAGE_ACTION, allowed=DIRECT_MANAGER_ALLOWED,
          changed=lambda w, s: w.milestone_moved(s, "submitted")),
    Entry("devplans:milestone-cancel", "post", page=True, kwargs=lambda w, s: {"milestone_id": w.milestone(s, "planned").id},
          expect=PAGE_ACTION, allowed=OWNER_OR_MANAGE_ALLOWED, changed=lambda w, s: w.milestone_moved(s, "planned")),
    Entry("devplans:plan-submit", "post", page=True, kwargs=lambda w, s: {"plan_id": w.plan(s, "draft").id},
          expect=PAGE_ACTION, allowed=OWNER_ONLY_ALLOWED, changed=lambda w, s: w.plan_moved(s, "draft")),
    Entry("devplans:plan-approve", "post", page=True, kwargs=lambda w, s: {"plan_id": w.plan(s, "pending_approval").id},
          expect=PAGE_ACTION, allowed=DIRECT_MANAGER_ALLOWED, changed=lambda w, s: w.plan_moved(s, "pending_approval")),
    Entry("devplans:plan-milestone-add", "post", page=True, kwargs=lambda w, s: {"plan_id": w.plan(s).id},
          body=lambda w, s, r: {"title": "Matrix page milestone", "due_date": w.plan(s).target_date.isoformat(),
                                "kind": "shadow_executive"},
          expect=PAGE_ACTION, allowed=OWNER_OR_MANAGE_ALLOWED,
          changed=lambda w, s: w.plan(s).milestones.filter(title="Matrix page milestone").exists()),
    Entry("devplans:plan-growth-area-add", "post", page=True, kwargs=lambda w, s: {"plan_id": w.plan(s).id},
          body=lambda w, s, r: {"skill": w.chosen_skill(s).id}, expect=PAGE_ACTION, allowed=OWNER_OR_MANAGE_ALLOWED,
          changed=lambda w, s: w.growth_area_added(s)),
    Entry("devplans:plan-growth-area-remove", "post", page=True,
          kwargs=lambda w, s: {"plan_id": w.plan(s).id, "growth_area_id": w.growth_area(s).id},
          expect=PAGE_ACTION, allowed=OWNER_OR_MANAGE_ALLOWED, changed=lambda w, s: w.growth_area_removed(s)),
    Entry("devplans:plan-readiness", "post", page=True, kwargs=lambda w, s: {"plan_id": w.plan(s).id},
          body=lambda w, s, r: {"readiness": "ready_now", "feedback": "Matrix: ready for strategic accounts."},
          expect=PAGE_ACTION, allowed=MANAGE_ALLOWED,
          changed=lambda w, s: w.plan(s).readiness_feedback == "Matrix: ready for strategic accounts."),
    Entry("devplans:plan-champion-action-add", "post", page=True, kwargs=lambda w, s: {"plan_id": w.plan(s).id},
          body=lambda w, s, r: {"kind": "introduction", "description": "Matrix: met the CRO",
                                "occurred_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat()},
          expect=PAGE_ACTION, allowed=MANAGE_ALLOWED,
          changed=lambda w, s: w.plan(s).champion_actions.filter(description="Matrix: met the CRO").exists()),
    # Coaching (CONTRACT: coach, coachee and their manager chain; HR)
    Entry("api-coaching-sessions", expect=single(codes(200))),
    Entry("api-coaching-sessions", "post",
          body=lambda w, s, r: {"coachee": w.owner[s].id, "kind": "monthly_deep_dive", "conversation": "mastery",
                                "scheduled_at": "2026-12-01T10:00:00Z"},
          expect={"own": codes(400, manager=201, skip_level=201, hr=201),
                  "other": codes(400, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-coaching-session", kwargs=lambda w, s: {"pk": w.session(s).id},
          expect={"own": codes(404, rep=200, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("api-coaching-session", "patch", kwargs=lambda w, s: {"pk": w.session(s).id},
          body=lambda w, s, r: {"shared_notes": "Agreed next steps"},
          expect={"own": codes(404, rep=403, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    *[Entry(f"api-coaching-session-{action}", "post", kwargs=lambda w, s: {"pk": w.session(s).id},
            expect={"own": codes(404, rep=403, manager=200, skip_level=200, hr=200),
                    "other": codes(404, skip_level=200, other_manager=200, hr=200)})
      for action in ("hold", "cancel", "miss")],
    Entry("api-coaching-session-agenda", "post", kwargs=lambda w, s: {"pk": w.session(s).id},
          body=lambda w, s, r: {"text": "My career goals"},
          expect={"own": codes(404, rep=201, manager=201, skip_level=403, hr=403),
                  "other": codes(404, skip_level=403, other_manager=201, hr=403)}),
    Entry("api-coaching-session-action-items", "post", kwargs=lambda w, s: {"pk": w.session(s).id},
          body=lambda w, s, r: {"text": "Write the playbook", "owner": w.owner[s].id},
          expect={"own": codes(404, rep=201, manager=201, skip_level=201, hr=201),
                  "other": codes(404, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-coaching-action-item-to-milestone", "post", kwargs=lambda w, s: {"pk": w.action_item(s).id},
          expect={"own": codes(404, rep=403, manager=201, skip_level=201, hr=201),
                  "other": codes(404, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-coaching-cadence", expect=single(codes(403, manager=200, skip_level=200, other_manager=200, hr=200))),
    Entry("api-coaching-observations", "post",
          body=lambda w, s, r: {"person": w.owner[s].id, "kind": "flat_energy", "observed_on": "2026-11-20"},
          expect={"own": codes(400, manager=201, skip_level=201, hr=201),
                  "other": codes(400, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-coaching-flight-risk",
          expect=single(codes(403, manager=200, skip_level=200, other_manager=200, hr=200))),
    Entry("api-coaching-flight-risk-person", kwargs=lambda w, s: {"person_id": w.owner[s].id},
          expect={"own": codes(404, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("api-mentorships", expect=single(codes(200))),
    Entry("api-mentorships", "post",
          body=lambda w, s, r: {"mentor": w.people["fay" if s == "own" else "sam"].id, "mentee": w.owner[s].id, "start_date": "2026-12-01",
                                "goals": "Enterprise discovery", "quota_relief": "20000"},
          expect={"own": codes(400, hr=201, skip_level=201), "other": codes(400, skip_level=201, other_manager=201, hr=201)}),
    Entry("api-mentorship", kwargs=lambda w, s: {"pk": w.mentorship(s, "active").id},
          expect={"own": codes(404, rep=200, peer=200, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("api-mentorship-activate", "post", kwargs=lambda w, s: {"pk": w.mentorship(s, "proposed").id},
          expect={"own": codes(404, rep=403, peer=403, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("api-mentorship-complete", "post", kwargs=lambda w, s: {"pk": w.mentorship(s, "active").id},
          expect={"own": codes(404, rep=403, peer=200, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("api-mentorship-end", "post", kwargs=lambda w, s: {"pk": w.mentorship(s, "active").id},
          expect={"own": codes(404, rep=200, peer=200, manager=200, skip_level=200, hr=200),
                  "other": codes(404, skip_level=200, other_manager=200, hr=200)}),
    # Pages
    Entry("coaching:team", page=True, expect=single(page_codes(403, manager=200, skip_level=200, other_manager=200, hr=200))),
    Entry("coaching:mentorships", page=True, expect=single(page_codes(200))),
    Entry("coaching:session-new", page=True, query=lambda w, s: f"coachee={w.owner[s].id}",
          # Reps and alumni coach nobody: the page is closed to them whatever the coachee (no content either way).
          expect={"own": page_codes(404, rep=403, peer=403, alumni=403, manager=200, skip_level=200, hr=200),
                  "other": page_codes(404, rep=403, peer=403, alumni=403, skip_level=200, other_manager=200, hr=200)}),
    Entry("coaching:session-detail", page=True, kwargs=lambda w, s: {"pk": w.session(s).id},
          expect={"own": page_codes(404, rep=200, manager=200, skip_level=200, hr=200),
                  "other": page_codes(404, skip_level=200, other_manager=200, hr=200)}),
    Entry("coaching:session-act", "post", page=True, kwargs=lambda w, s: {"pk": w.session(s).id, "action": "hold"},
          expect={"own": page_codes(404, rep=403, manager=302, skip_level=302, hr=302),
                  "other": page_codes(404, skip_level=302, other_manager=302, hr=302)}),
    Entry("insights:home", page=True, expect=single(page_codes(302, hr=302))),
    Entry("alumni:directory", page=True, expect=single(page_codes(200))),
    Entry("alumni:profile", page=True, expect=single(page_codes(404, alumni=200))),
    Entry("notifications:list", page=True, expect=single(page_codes(200))),
    Entry("notifications:read-all", "post", page=True, expect=single(page_codes(302, anonymous=302))),
    Entry("notifications:preferences", page=True, expect=single(page_codes(200))),
    Entry("notifications:calendar-rotate", "post", page=True, expect=single(page_codes(302, anonymous=302))),
    Entry("notifications:read", "post", page=True, kwargs=lambda w, s: {"notification_id": w.notification(s).id},
          expect={"own": page_codes(404, rep=302), "other": page_codes(404)}),
    # The second factor's pages (people.mfa) exist only for accounts that use one: HR (staff, superusers).
    # hana has no authenticator yet, so the code prompt and new recovery codes send her to set one up.
    Entry("mfa:security", page=True, expect=single(page_codes(403, hr=200))),
    Entry("mfa:setup", page=True, expect=single(page_codes(403, hr=200))),
    Entry("mfa:verify", page=True, expect=single(page_codes(403, hr=302))),
    Entry("mfa:recovery-codes", "post", page=True, expect=single(page_codes(403, hr=302))),
]


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, pattern.name


def product_routes() -> set[str]:
    """Every named route outside the admin (whose access is HR-only, tested in tests/people/test_admin.py)."""
    return {namespace + name for namespace, name in _walk(get_resolver().url_patterns) if not namespace.startswith("admin")}


def _reverse(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs or None)


def test_every_route_has_an_entry():
    covered = {entry.route for entry in MATRIX} | set(NOT_IN_MATRIX)
    missing = sorted(product_routes() - covered)
    assert not missing, f"Routes without a row in the authorization matrix: {missing}"


def test_the_matrix_covers_every_role_for_every_cell():
    for entry in MATRIX:
        for scenario, expected in entry.expect.items():
            assert set(expected) == set(ROLES), f"{entry.id} {scenario}: {set(ROLES) - set(expected)}"


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("entry", MATRIX, ids=lambda entry: entry.id)
def test_each_role_gets_exactly_what_the_contract_promises(entry: Entry, settings):
    settings.AXES_ENABLED = False
    world = World()
    failures = []
    cells = 0
    for scenario, expected_by_role in entry.expect.items():
        for role in ROLES:
            try:
                with transaction.atomic():
                    world.cache.clear()
                    url = _reverse(entry.route, entry.kwargs(world, scenario) if entry.kwargs else {})
                    if entry.query:
                        url = f"{url}?{entry.query(world, scenario)}"
                    body = entry.body(world, scenario, role) if entry.body else None
                    person = world.person(role)
                    if entry.page:
                        client = Client()
                        if person:
                            client.force_login(person.user)
                        response = getattr(client, entry.method)(url, body or {})
                    else:
                        client = APIClient()
                        client.force_authenticate(user=person.user if person else None)
                        response = getattr(client, entry.method)(url, body, format="json")
                    cells += 1
                    if response.status_code != expected_by_role[role]:
                        failures.append(f"{scenario}/{role}: {response.status_code} (expected {expected_by_role[role]})")
                    if entry.changed is not None:
                        should_change = role in entry.allowed.get(scenario, set())
                        if entry.changed(world, scenario) != should_change:
                            failures.append(f"{scenario}/{role}: {'no change' if should_change else 'changed'}")
                    raise _Rollback
            except _Rollback:
                pass
    assert cells == sum(len(expected) for expected in entry.expect.values())
    assert not failures, f"{entry.id}: " + "; ".join(failures)
