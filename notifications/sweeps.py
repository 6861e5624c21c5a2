"""How a reminder sweep runs, whichever app owns it: for one organisation-local date, in one transaction."""
from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable

from django.db import transaction

from common.time import organisation_today


def sweep_date(date: str | None) -> datetime.date:
    """The local date a sweep is for: the given ISO date, or today in the organisation's time zone."""
    return datetime.date.fromisoformat(date) if date else organisation_today()


def run_sweep(sweep: Callable[..., dict[str, int]], **kwargs) -> dict[str, int]:
    """Run a reminder sweep in one transaction, so a worker killed half way leaves nothing behind and
    the redelivered task starts over. CATALYST_SWEEP_TEST_DELAY (seconds) slows it for the
    integration tests that kill a worker mid-sweep."""
    delay = float(os.environ.get("CATALYST_SWEEP_TEST_DELAY", "0") or 0)
    with transaction.atomic():
        result = sweep(**kwargs)
        if delay:
            time.sleep(delay)
    return result
