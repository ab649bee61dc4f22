"""A story's headline, chosen among its articles' titles (used by briefs and by the store's
story listing; kept apart from the pipeline so an ingest does not load the summarizers)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from storyweave.represent.text import content_stems

__all__ = ["story_title", "typical_order"]

# The most typical title is looked for among the earliest this many (every pair is compared,
# and the listing of a growing story is remade as it grows).
TYPICAL_TITLES = 50


class _Titled(Protocol):
    @property
    def title(self) -> str | None: ...
    @property
    def published(self) -> date | None: ...


def story_title(articles: Iterable[_Titled]) -> str | None:
    """The headline of the story: the title most outlets share, else the one whose words the other
    titles share most (the most typical headline, among the earliest ``TYPICAL_TITLES``),
    earlier articles first on ties. None when fewer than half of the articles have a title: a
    story told mostly by texts without one is not headed by a few pages' titles (one page's
    photo caption taken for its title headed eight agency reports and three pages); the caller heads it with a
    lead instead."""
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published))
    titles = [a.title for a in ordered if a.title]
    if not titles or 2 * len(titles) < len(ordered):
        return None
    counts = Counter(titles)
    best, count = counts.most_common(1)[0]
    if count > 1 or len(titles) < 3:
        return best if count > 1 else titles[0]
    titles = titles[:TYPICAL_TITLES]
    return titles[typical_order(titles)[0]]


def typical_order(texts: Sequence[str]) -> list[int]:
    """Indices of ``texts``, the one whose words the others share most first (summed Jaccard of
    content stems with each other text), earlier texts first on ties: the most typical headline
    among titles, or lead among openings."""
    stems = [set(content_stems(t)) for t in texts]
    scores = [sum(len(s & o) / max(1, len(s | o)) for j, o in enumerate(stems) if j != i) for i, s in enumerate(stems)]
    return sorted(range(len(texts)), key=lambda i: (-scores[i], i))
