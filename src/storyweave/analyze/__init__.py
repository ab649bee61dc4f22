"""Analyze stage: what outlets agree on, what only one says, where they conflict, who said what, when.

``analyze(cluster)`` runs every step on one story and returns an ``Analysis``;
``infer_dates(articles)`` first gives undated articles the date their text or
their story implies, marked as inferred.
"""

from __future__ import annotations

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
    days = [r.day for r in find_temporal(text, None) if r.granularity == "day" and not r.relative and r.day]
    return max(days) if days else None


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
