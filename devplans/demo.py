"""Demo plans (issue 3 fills these in)."""
import datetime


def seed_demo(*, people: dict, today: datetime.date) -> None:
    """Realistic plans for the demo organisation."""


def seed_large(*, ids: dict[str, list[int]], today: datetime.date) -> str:
    """About one plan per rep with ten milestones each; returns a summary line."""
    return "none"
