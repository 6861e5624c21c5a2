"""The benchmark's look inside: runs with Django against the benchmark database, prints JSON.

    python bench/probe.py inventory            row counts and the people and objects to request
    python bench/probe.py queries < spec.json  queries per request for each endpoint, in-process
    python bench/probe.py sweep devplans       one reminder sweep: seconds, queries, peak memory

run.py starts each in its own process with the same environment as the server (production
settings, the benchmark database). `sweep` runs in a fresh process so its peak memory is the
sweep's own, and inside a transaction that is rolled back, so the database stays as built and
every run measures the same work.
"""
from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alumni.models import AlumniProfile
from common.time import organisation_today
from people.models import Person, PersonStatus


def model_count(label: str) -> int | None:
    try:
        return apps.get_model(label).objects.count()
    except LookupError:
        return None


def inventory() -> dict:
    """What the database holds, and the rep, manager and HR person the benchmark acts as."""
    counts = {
        "people": Person.objects.count(),
        "active_people": Person.objects.filter(status=PersonStatus.ACTIVE).count(),
        "large_reps": Person.objects.filter(user__username__startswith="rep").count(),
        "alumni": Person.objects.filter(status=PersonStatus.ALUMNI).count(),
        "alumni_in_directory": AlumniProfile.objects.filter(directory_opt_in=True).count(),
        "plans": model_count("devplans.DevelopmentPlan"),
        "milestones": model_count("devplans.Milestone"),
        "coaching_sessions": model_count("coaching.CoachingSession"),
    }
    reps = Person.objects.filter(user__username__startswith="rep", status=PersonStatus.ACTIVE)
    rep = reps.order_by("pk").select_related("user", "manager__user").first()
    plan_id = milestones = None
    try:
        plan_model = apps.get_model("devplans.DevelopmentPlan")
        # A rep's plan with about ten milestones (the benchmark's detail page), active ones first.
        candidates = list(
            plan_model.objects.filter(person__in=reps)
            .annotate(milestone_count=Count("milestones"))
            .filter(milestone_count__gte=5, milestone_count__lte=20)
            .order_by("pk")
            .values("pk", "person_id", "status", "milestone_count")[:200]
        )
        if candidates:
            candidates.sort(key=lambda plan: (plan["status"] != "active", abs(plan["milestone_count"] - 10), plan["pk"]))
            chosen = candidates[0]
            plan_id, milestones = chosen["pk"], chosen["milestone_count"]
            rep = Person.objects.select_related("user", "manager__user").get(pk=chosen["person_id"])
    except LookupError:
        pass
    manager = rep.manager if rep else None
    hr = Person.objects.select_related("user").filter(user__username="hana").first()
    return {
        "counts": counts,
        "rep": rep.user.username if rep else None,
        "plan_id": plan_id,
        "plan_milestones": milestones,
        "manager": manager.user.username if manager else None,
        "manager_reports": manager.direct_reports.filter(status=PersonStatus.ACTIVE).count() if manager else None,
        "hr": hr.user.username if hr else None,
    }


def queries(spec: dict) -> dict:
    """Queries per request, counted with CaptureQueriesContext around a test-client request.

    Each URL is requested once to warm per-process caches (content types, permissions), then
    counted on the second request. `in_process_ms` is the median in-process time of a few more.
    """
    from people.services import api_token_issue

    User = get_user_model()
    results = {}
    for endpoint in spec["endpoints"]:
        client = Client()
        headers = {}
        if endpoint.get("username"):
            user = User.objects.get(username=endpoint["username"])
            if endpoint["auth"] == "token":
                headers["HTTP_AUTHORIZATION"] = f"Token {api_token_issue(user=user).key}"
            else:
                client.force_login(user)
        client.get(endpoint["path"], **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(endpoint["path"], **headers)
        # Read now: the next request's request_started signal empties the connection's log.
        sql = [query["sql"][:2000] for query in captured.captured_queries]
        timings = []
        for _ in range(spec.get("timing_requests", 15)):
            started = time.perf_counter()
            client.get(endpoint["path"], **headers)
            timings.append((time.perf_counter() - started) * 1000)
        results[endpoint["name"]] = {
            "status": response.status_code,
            "queries": len(sql),
            "in_process_ms": round(sorted(timings)[len(timings) // 2], 2) if timings else None,
            "sql": sql,
        }
    return results


def sweep(app_label: str) -> dict:
    """One reminder sweep over the whole organisation, as `<app>.reminders.sweep(on=today)`."""
    try:
        function = importlib.import_module(f"{app_label}.reminders").sweep
    except (ImportError, AttributeError):
        return {"status": "missing"}
    today = organisation_today()
    executed = [0]

    def count(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    kilobytes_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(count), transaction.atomic():
            outcome = function(on=today)
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - reported as the row's result, never hidden
        return {"status": "error", "error": f"{type(error).__name__}: {error}"[:300]}
    seconds = time.perf_counter() - started
    kilobytes_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "status": "measured",
        "on": today.isoformat(),
        "seconds": round(seconds, 3),
        "queries": executed[0],
        "peak_rss_mb": round(kilobytes_after / 1024, 1),
        "rss_growth_mb": round((kilobytes_after - kilobytes_before) / 1024, 1),
        "outcome": repr(outcome)[:200],
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "inventory":
        answer = inventory()
    elif command == "queries":
        answer = queries(json.load(sys.stdin))
    elif command == "sweep":
        answer = sweep(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(answer))
