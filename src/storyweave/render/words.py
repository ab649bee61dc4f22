"""Small wording helpers shared by the renderers and the command-line reports."""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the right number: "1 outlet", "2 outlets", "3 stories"."""
    return f"{n} {one if n == 1 else many or one + 's'}"
