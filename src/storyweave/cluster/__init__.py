"""Cluster stage: near-duplicates, then stories (one event each), then topics.

``cluster_articles`` runs the whole stage on articles held in memory; the store
(``storyweave.store``) runs the same steps incrementally, keeping their state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyweave.cluster.dedup import NearDuplicates
from storyweave.cluster.features import Features, Vocabulary, features_of
from storyweave.cluster.online import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, StoryClusterer, arrival_order
from storyweave.cluster.topics import DEFAULT_TOPIC_THRESHOLD, group_topics, regroup_topics
from storyweave.model import Article

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_TOPIC_THRESHOLD",
    "DEFAULT_WINDOW_DAYS",
    "Clustering",
    "Features",
    "NearDuplicates",
    "StoryBuilder",
    "StoryClusterer",
    "Vocabulary",
    "cluster_articles",
    "features_of",
    "group_topics",
    "regroup_topics",
]


@dataclass
class Clustering:
    """Where each article went: its story, its story's topic, and the article it copies (if any)."""

    story_of: dict[str, str] = field(default_factory=dict)
    topic_of: dict[str, str] = field(default_factory=dict)  # story id -> topic id
    duplicate_of: dict[str, str] = field(default_factory=dict)


class StoryBuilder:
    """Near-duplicate check, then story assignment, for one article at a time."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        window_days: int | None = DEFAULT_WINDOW_DAYS,
        dedup: bool = True,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.clusterer = StoryClusterer(threshold=threshold, window_days=window_days, vocabulary=vocabulary)
        self.copies = NearDuplicates() if dedup else None
        # Brings in the story of an article the near-duplicate index knows but the clusterer does
        # not hold (a store restores only its open stories; a reprint may copy an older article).
        self.load: Callable[[str], None] | None = None

    def place(
        self, item: Features, text: str, *, signature: bytes | None = None,
        vectors: Sequence[dict[str, float]] | None = None,
    ) -> tuple[str, str | None, tuple[dict[str, float], ...]]:
        """Put one article in a story: (story id, the article it nearly copies or None, its vectors).
        ``signature`` and ``vectors`` are the text's MinHash signature and tf-idf vectors when
        already computed (by workers)."""
        clusterer = self.clusterer
        vectors = tuple(vectors) if vectors is not None else clusterer.vectors(item)
        canonical = self.copies.add(item.article_id, text, signature=signature) if self.copies else None
        if canonical is not None and canonical not in clusterer.story_of and self.load is not None:
            self.load(canonical)
        if canonical is not None and canonical in clusterer.story_of:
            story = clusterer.stories[clusterer.story_of[canonical]]
            clusterer.attach(story, item.article_id, vectors, item.published)
            return story.id, canonical, vectors
        return clusterer.add(item, vectors), None, vectors


def cluster_articles(
    articles: Sequence[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    topic_threshold: float = DEFAULT_TOPIC_THRESHOLD,
    window_days: int | None = DEFAULT_WINDOW_DAYS,
    dedup: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Clustering:
    """Group ``articles`` into stories and topics, deterministically (input order does not matter)."""
    features = sorted({a.id: features_of(a) for a in articles}.values(), key=arrival_order)
    texts = {a.id: a.text for a in articles}
    builder = StoryBuilder(threshold=threshold, window_days=window_days, dedup=dedup)
    builder.clusterer.vocabulary.update(features)
    result = Clustering()
    for item in features:
        _, canonical, _ = builder.place(item, texts[item.article_id])
        if canonical is not None:
            result.duplicate_of[item.article_id] = canonical
        if progress:
            progress(1)
    builder.clusterer.settle(list(builder.clusterer.stories))
    builder.clusterer.merge(list(builder.clusterer.stories))
    result.story_of = dict(builder.clusterer.story_of)
    result.topic_of = group_topics(list(builder.clusterer.stories.values()), threshold=topic_threshold)
    return result
