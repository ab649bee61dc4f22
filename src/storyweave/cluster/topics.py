"""Topics: stories about the same subject (two rehab check-ins, one team's season), grouped
by average linkage over their articles.

A story is one event; a topic is the looser grouping a reader browses by. Two groups of
stories are as alike as their articles are on average (every pair of articles, one from
each side), scored on the words and names bags: the same linkage that joins the pieces of
one story (``StoryClusterer.linkage``), with other weights and a lower cut. Stories are
never split. Topics are recomputed over all stories after each ingest (a global step, like
Spark's global stages).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from storyweave.cluster.online import Story

__all__ = ["DEFAULT_TOPIC_THRESHOLD", "TOPIC_WEIGHTS", "group_topics"]

# Words tell a subject better than names (two rehab check-ins share "rehab", not the star):
# the words and names cosines of article pairs weigh 0.7 and 0.3, numbers nothing. Topic-level
# BCubed F1 on ECB+ dev / WikiRef220 at cuts 0.06: 0.895 / 0.920, 0.07 (chosen): 0.915 / 0.914,
# 0.08: 0.876 / 0.899 (the sweep, and the weights tried, are in docs/benchmarks.md).
TOPIC_WEIGHTS = (0.7, 0.3, 0.0)
DEFAULT_TOPIC_THRESHOLD = 0.07


def group_topics(
    stories: Sequence[Story], *, threshold: float = DEFAULT_TOPIC_THRESHOLD
) -> dict[str, str]:
    """Story id -> topic id. ``stories`` come in the order they were started; a topic is named
    after its earliest story."""
    ordered = list(stories)
    sizes = np.array([max(1, len(s.members)) for s in ordered], dtype=np.float64)
    similarity = _pair_sums(ordered) / np.outer(sizes, sizes) if ordered else np.zeros((0, 0))
    parent = _average_link(similarity, sizes, threshold)
    first: dict[int, str] = {}
    for index, story in enumerate(ordered):
        first.setdefault(parent[index], story.id)
    return {story.id: topic_id(first[parent[index]]) for index, story in enumerate(ordered)}


def _pair_sums(stories: Sequence[Story]) -> np.ndarray:
    """For every two stories, the weighted sum over their article pairs of the bag dots (the
    dot of the stories' sums, bag by bag)."""
    total = np.zeros((len(stories), len(stories)), dtype=np.float64)
    for bag, weight in enumerate(TOPIC_WEIGHTS):
        if not weight:
            continue
        vocabulary: dict[str, int] = {}
        rows, cols, values = [], [], []
        for row, story in enumerate(stories):
            for term, value in story.sums[bag].items():
                rows.append(row)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
                values.append(value)
        matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(stories), max(1, len(vocabulary))))
        total += weight * (matrix @ matrix.T).toarray()
    return total / sum(TOPIC_WEIGHTS)


def _average_link(similarity: np.ndarray, sizes: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomeration of groups of ``sizes`` articles whose average article-pair
    similarities are ``similarity``: the most alike two groups at ``threshold`` or more join,
    until none are left. Returns each group's cluster (the index of its first member)."""
    n = len(sizes)
    matrix = similarity.copy()
    np.fill_diagonal(matrix, -np.inf)
    sizes = sizes.copy()
    versions = [0] * n
    heap = [(-matrix[i, j], i, j, 0, 0) for i, j in zip(*np.nonzero(matrix >= threshold), strict=True) if i < j]
    heapq.heapify(heap)
    parent = list(range(n))
    while heap:
        _, i, j, version_i, version_j = heapq.heappop(heap)
        if versions[i] != version_i or versions[j] != version_j or parent[i] != i or parent[j] != j:
            continue  # one side has joined something since this pair was scored
        # The joined group's linkage to any other is the size-weighted mean of its parts' (exact
        # for average linkage); a group that joins another becomes the lower index.
        keep, gone = (int(i), int(j)) if i < j else (int(j), int(i))
        merged = (sizes[keep] * matrix[keep] + sizes[gone] * matrix[gone]) / (sizes[keep] + sizes[gone])
        matrix[keep], matrix[:, keep] = merged, merged
        matrix[gone], matrix[:, gone] = -np.inf, -np.inf
        matrix[keep, keep] = -np.inf
        sizes[keep] += sizes[gone]
        parent[gone] = keep
        versions[keep] += 1
        for found in np.nonzero(matrix[keep] >= threshold)[0]:
            other = int(found)
            a, b = (keep, other) if keep < other else (other, keep)
            heapq.heappush(heap, (-matrix[a, b], a, b, versions[a], versions[b]))
    return [_root(parent, i) for i in range(n)]


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        index = parent[index]
    return index


def topic_id(story_id: str) -> str:
    return "t" + story_id[1:]
