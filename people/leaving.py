"""What happens elsewhere when a person leaves: the apps above `people` register their steps here.

`alumni.services.person_offboard` runs inside one transaction and calls every registered step as
`step(actor=..., person=..., left_on=...)`. A step returns a JSON-able dict, stored in the
offboarding record's summary under the step's name; `describe(result)` turns that dict into the
words HR reads after offboarding ("2 plans archived"). If any step raises, nothing changes.
`people` never imports the apps that register, so the dependency direction holds.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

OffboardingStep = Callable[..., dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    run: OffboardingStep
    describe: Callable[[dict[str, Any]], str] | None = None


_steps: dict[str, Step] = {}


def register_offboarding_step(
    step: OffboardingStep, *, name: str, describe: Callable[[dict[str, Any]], str] | None = None
) -> OffboardingStep:
    """Add a step to every offboarding. Registering the same name again replaces it (idempotent)."""
    _steps[name] = Step(name=name, run=step, describe=describe)
    return step


def offboarding_steps() -> list[Step]:
    return list(_steps.values())


def describe_offboarding(summary: dict[str, Any]) -> list[str]:
    """The registered steps' own words for what they did, in registration order."""
    return [step.describe(summary[step.name]) for step in _steps.values() if step.describe and step.name in summary]
