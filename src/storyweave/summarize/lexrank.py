"""LexRank (Erkan & Radev 2004) over every sentence of the story, continuous version."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyweave.model import Budget
from storyweave.represent import cosine_matrix
from storyweave.summarize.base import Cluster, register
from storyweave.summarize.greedy import greedy_by_score

DAMPING = 0.85  # the PageRank damping factor of the paper
EDGE = 0.1  # the paper's threshold: weaker similarities are not edges
REDUNDANT = 0.5


def lexrank_scores(similarity: np.ndarray, *, iterations: int = 100, tolerance: float = 1e-6) -> np.ndarray:
    """Stationary distribution of the damped random walk on the similarity graph."""
    n = similarity.shape[0]
    graph = np.where(similarity >= EDGE, similarity, 0.0)
    np.fill_diagonal(graph, 0.0)
    sums = graph.sum(axis=1, keepdims=True)
    transition = np.divide(graph, sums, out=np.full_like(graph, 1.0 / n), where=sums > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        updated: np.ndarray = (1 - DAMPING) / n + DAMPING * transition.T @ scores
        if np.abs(updated - scores).sum() < tolerance:
            return updated
        scores = updated
    return scores


@register("lexrank")
class LexRank:
    """Most central sentences of the whole story's sentence graph, without repeats."""

    name = "lexrank"

    def select(self, cluster: Cluster, candidates: Sequence[int], budget: Budget) -> list[int]:
        if not candidates:
            return []
        similarity = cosine_matrix(cluster.vectors)
        scores = lexrank_scores(similarity)[list(candidates)]
        sub = similarity[np.ix_(list(candidates), list(candidates))]
        return greedy_by_score(cluster, candidates, scores, sub, budget, redundant=REDUNDANT)
