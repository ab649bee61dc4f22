"""Small wording helpers shared by the renderers and the command-line reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyweave.model import Brief

__all__ = ["NO_CONFLICTS", "compared", "compared_without_conflict", "counted"]

NO_CONFLICTS = ("None found: storyweave found no number, date, time, age, amount or post holder that two "
                "outlets give differently for the same fact.")


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the right number: "1 outlet", "2 outlets", "3 stories"."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def compared(brief: Brief) -> bool:
    """Were outlets compared: the analysis ran, on two outlets or more? (With one outlet, what
    "only one outlet reports" is everything, and there is no one to disagree with.)"""
    return bool(brief.claims) and len({a.outlet for a in brief.articles}) >= 2


def compared_without_conflict(brief: Brief) -> bool:
    """Were outlets compared and nothing found to disagree? Then the brief says so, rather than
    leaving the section out as if no one had looked."""
    return not brief.conflicts and compared(brief)
