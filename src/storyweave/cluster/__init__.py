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
from storyweave.cluster.topics import DEFAULT_TOPIC_THRESHOLD, group_topics
from storyweave.model import Article

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_TOPIC_THRESHOLD",
    "DEFAULT_WINDOW_DAYS",
    "Clustering",
    "Features",
    "NearDuplicates",
    "StoryClusterer",
    "Vocabulary",
    "cluster_articles",
    "features_of",
    "group_topics",
]


@dataclass
class Clustering:
    """Where each article went: its story, its story's topic, and the article it copies (if any)."""

    story_of: dict[str, str] = field(default_factory=dict)
    topic_of: dict[str, str] = field(default_factory=dict)  # story id -> topic id
    duplicate_of: dict[str, str] = field(default_factory=dict)

    def topic_of_article(self, article_id: str) -> str:
        return self.topic_of[self.story_of[article_id]]


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
    features = sorted((features_of(a) for a in articles), key=arrival_order)
    texts = {a.id: a.text for a in articles}
    clusterer = StoryClusterer(threshold=threshold, window_days=window_days)
    clusterer.vocabulary.update(features)
    result = Clustering()
    copies = NearDuplicates() if dedup else None
    for item in features:
        canonical = copies.add(item.article_id, texts[item.article_id]) if copies else None
        if canonical is not None and canonical in clusterer.story_of:
            result.duplicate_of[item.article_id] = canonical
            story = clusterer.stories[clusterer.story_of[canonical]]
            clusterer.attach(story, item.article_id, clusterer.vectors(item), item.published)
        else:
            clusterer.add(item)
        if progress:
            progress(1)
    result.story_of = dict(clusterer.story_of)
    order = {f.article_id: i for i, f in enumerate(features)}
    story_rank = {s.id: order[s.members[0]] for s in clusterer.stories.values()}
    result.topic_of = group_topics(list(clusterer.stories.values()), threshold=topic_threshold, order=story_rank)
    return result
