"""Analyze stage: what outlets agree on, what only one says, where they conflict, who said what, when.

``analyze(cluster)`` runs every step on one story and returns an ``Analysis``;
``infer_dates(articles)`` first gives undated articles the date their text or
their story implies, marked as inferred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from storyweave.analyze.claims import align, build_claims
from storyweave.analyze.conflicts import find_conflicts, role_conflicts
from storyweave.analyze.context import Context
from storyweave.analyze.entities import build_entities, ner_in_use
from storyweave.analyze.quotes import build_quotes
from storyweave.analyze.temporal import find_temporal
from storyweave.analyze.timeline import build_timeline
from storyweave.model import Article, Claim, Conflict, Entity, Quote, TimelineEvent
from storyweave.represent import embed
from storyweave.summarize.base import Cluster

__all__ = ["Analysis", "analyze", "infer_dates"]

# A date written in an article's own text counts as its publication date only if
# it is this close to the dates of the rest of the story (or the story has none).
TEXT_DATE_WINDOW = 7


@dataclass(frozen=True)
class Analysis:
    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[Quote, ...]
    entities: tuple[Entity, ...]
    timeline: tuple[TimelineEvent, ...]
    ner: str  # "rules" or the spaCy model used
    embeddings: bool  # whether claim alignment used sentence embeddings


def infer_dates(articles: Sequence[Article]) -> list[Article]:
    """Articles without a date get one: a full date in their text near the story's dates (``date_source``
    "text"), else the story's earliest date ("story"). Dated articles are returned unchanged."""
    known = [a.published for a in articles if a.published is not None]
    story = min(known) if known else None
    result = []
    for article in articles:
        if article.published is not None:
            result.append(article)
            continue
        written = _latest_full_date(article.text)
        if written is not None and (story is None or abs((written - story).days) <= TEXT_DATE_WINDOW):
            result.append(replace(article, published=written, date_source="text"))
        elif story is not None:
            result.append(replace(article, published=story, date_source="story"))
        else:
            result.append(article)
    return result


def _latest_full_date(text: str) -> date | None:
    """The latest full date the text writes, unless it also names a later month as past: an article
    that says "in June 2015" was not written on the "October 10, 2014" of its background (a month
    ahead, "the November 2013 release date", "will open in May 2016", does not count)."""
    stated = [r for r in find_temporal(text, None) if not r.relative and r.day]
    days = [r.day for r in stated if r.granularity == "day" and r.day
            and not _BORN_RE.search(text[_sentence_bounds(text, r.start, r.end)[0]:r.start])]
    if not days:
        return None
    latest = max(days)
    month = (latest.year, latest.month)
    for ref in stated:
        if ref.granularity == "month" and ref.day and (ref.day.year, ref.day.month) > month:
            left, right = _sentence_bounds(text, ref.start, ref.end)
            if not _AHEAD_RE.search(text[left:right]):
                return None
    return latest


# Words that put a month mentioned in the sentence ahead of the time of writing.
_AHEAD_RE = re.compile(
    r"\b(?:will|shall|would|scheduled|set (?:for|to)|due|expected|planned|plans?|upcoming|release date|"
    r"next)\b", re.IGNORECASE)


# A date of birth is never the date an article was written.
_BORN_RE = re.compile(r"\bborn\b", re.IGNORECASE)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around ``text[start:end]`` begins and ends (a full stop or a line break)."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "\n"))
    right = min((i for i in (text.find(mark, end) for mark in (". ", "\n")) if i != -1), default=len(text))
    return left + 1, right


def analyze(cluster: Cluster, *, embeddings: bool = True) -> Analysis:
    """Claims, conflicts, quotes, entities and timeline of the story in ``cluster``."""
    anchors = {a.id: a.published for a in cluster.articles}
    inferred = frozenset(a.id for a in cluster.articles if a.date_source in ("text", "story"))
    ctx = Context(cluster, anchors=anchors, inferred=inferred, use_embeddings=embeddings)
    groups = align(ctx)
    rows = [[ctx.row[(s.article_id, s.index)] for s in group] for group in groups]
    claims = build_claims(ctx, groups)
    index = build_entities(ctx)
    conflicts = find_conflicts(ctx, rows, index.entities) + role_conflicts(ctx, index)
    return Analysis(
        claims=tuple(claims),
        conflicts=tuple(sorted(conflicts, key=lambda c: -c.confidence)),
        quotes=tuple(build_quotes(ctx, index.entities, index.of_mention)),
        entities=tuple(index.entities),
        timeline=tuple(build_timeline(ctx, rows)),
        ner=ner_in_use(),
        embeddings=ctx.semantic is not None,
    )


def embeddings_available() -> bool:
    return embed.available()
