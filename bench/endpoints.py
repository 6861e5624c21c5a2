"""What the benchmark requests. One entry per endpoint; add a row to measure another.

`path` is formatted with the inventory (bench/probe.py): `{plan_id}` and `{alumni_search}`.
`auth` is None (no sign-in), "token" (an API token from POST /api/v1/auth/token/) or
"session" (each client signs in through the /accounts/login/ form); `as_` names who:
"rep" (a rep of the large organisation with a plan of about ten milestones), "manager"
(that rep's manager, a team of about 12), or "hr" (hana). `detail` endpoints show one
object and have the stricter throughput target. An endpoint that answers 404 is reported
as missing (not built yet), never as a crash.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    auth: str | None = None
    as_: str | None = None
    detail: bool = False


BARE = Endpoint("bare view", "/bench/bare/")

ENDPOINTS = [
    Endpoint("me", "/api/v1/me/", auth="token", as_="rep", detail=True),
    Endpoint("plan detail", "/api/v1/plans/{plan_id}/", auth="token", as_="rep", detail=True),
    Endpoint("approvals", "/api/v1/approvals/", auth="token", as_="manager"),
    Endpoint("cadence", "/api/v1/coaching/cadence/", auth="token", as_="manager"),
    Endpoint("alumni search", "/api/v1/alumni/?search={alumni_search}", auth="token", as_="rep"),
    Endpoint("my plan page", "/plans/mine/", auth="session", as_="rep"),
    Endpoint("team page", "/team/", auth="session", as_="manager"),
    Endpoint("admin people list", "/admin/people/person/", auth="session", as_="hr"),
]

# Targets (issue 8). Throughput is a ratio to the bare view's, measured in the same run.
RATIO_TARGET = 0.35
DETAIL_RATIO_TARGET = 0.5
MAX_QUERIES = 8
SWEEP_PEAK_MB = 200
SEED_SECONDS_AT_10000 = 120
# More than this share of non-2xx answers or connection errors under load fails the row.
MAX_ERROR_SHARE = 0.01
