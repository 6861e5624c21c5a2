"""What other apps add to the rep's plan page (/plans/mine/).

devplans imports no app above it. An app with something to show there (coaching: the rep's next
1:1s, as `upcoming_sessions`) registers a provider from its AppConfig.ready(); the page merges
what each provider returns into its template context. With no provider the page shows the plan
alone.
"""
from __future__ import annotations

from collections.abc import Callable

from people.models import Person

MyPlanContext = Callable[..., dict]

_providers: dict[str, MyPlanContext] = {}


def register_my_plan_context(provider: MyPlanContext, *, name: str) -> MyPlanContext:
    """`provider(person=...)` returns extra context for that person's plan page. Registering the
    same name again replaces the provider (ready() may run more than once in tests)."""
    _providers[name] = provider
    return provider


def unregister_my_plan_context(name: str) -> None:
    _providers.pop(name, None)


def my_plan_context(*, person: Person) -> dict:
    context: dict = {}
    for provider in _providers.values():
        context.update(provider(person=person))
    return context
