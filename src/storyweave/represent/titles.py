"""A story's headline, chosen among its articles' titles (used by briefs and by the store's
story listing; kept apart from the pipeline so an ingest does not load the summarizers)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from storyweave.represent.text import content_stems

__all__ = ["story_title"]

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
    stems = [set(content_stems(t)) for t in titles]
    scores = [sum(len(s & o) / max(1, len(s | o)) for o in stems if o is not s) for s in stems]
    return titles[max(range(len(titles)), key=lambda i: (scores[i], -i))]
