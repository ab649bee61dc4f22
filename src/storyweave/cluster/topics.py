"""Topics: stories about the same subject (two rehab check-ins, one team's season), grouped
by average-link clustering of the stories' word and name centroids.

A story is one event; a topic is the looser grouping a reader browses by. Topics are
recomputed over all stories after each ingest (a global step, like Spark's global stages).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from storyweave.cluster.online import Story

__all__ = ["DEFAULT_TOPIC_THRESHOLD", "group_topics"]

# Chosen on ECB+ dev topics and WikiRef220 (topic-level BCubed F1, docs/benchmarks.md).
DEFAULT_TOPIC_THRESHOLD = 0.15
TOPIC_BAGS = (0, 1)  # words and names; numbers say little about a subject


def group_topics(
    stories: Sequence[Story], *, threshold: float = DEFAULT_TOPIC_THRESHOLD
) -> dict[str, str]:
    """Story id -> topic id. ``stories`` come in the order they were started; a topic is named
    after its earliest story."""
    if not stories:
        return {}
    ordered = list(stories)
    if len(ordered) == 1:
        return {ordered[0].id: topic_id(ordered[0].id)}
    matrix = _centroids(ordered)
    similarity = np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform((distance + distance.T) / 2, checks=False), "average"),
                      1.0 - threshold, "distance")
    first: dict[int, str] = {}
    for story, label in zip(ordered, labels, strict=True):
        first.setdefault(int(label), story.id)
    return {story.id: topic_id(first[int(label)]) for story, label in zip(ordered, labels, strict=True)}


def _centroids(stories: Sequence[Story]) -> sparse.csr_matrix:
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, story in enumerate(stories):
        parts = [(b, story.sums[b], story.norms[b]) for b in TOPIC_BAGS if story.norms[b]]
        for bag, sums, norm in parts:
            for term, weight in sums.items():
                rows.append(row)
                cols.append(vocabulary.setdefault(f"{bag}:{term}", len(vocabulary)))
                values.append(weight / norm / np.sqrt(len(parts)))
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(stories), max(1, len(vocabulary))), dtype=np.float32)


def topic_id(story_id: str) -> str:
    return "t" + story_id[1:]
