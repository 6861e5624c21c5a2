"""Demo coaching and mentorship (issue 4 fills these in)."""
import datetime


def seed_demo(*, people: dict, today: datetime.date) -> None:
    """Coaching history and mentorships for the demo organisation."""


def seed_large(*, ids: dict[str, list[int]], today: datetime.date) -> str:
    """About 25 coaching sessions per rep; returns a summary line."""
    return "none"
