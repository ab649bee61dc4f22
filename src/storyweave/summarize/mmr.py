"""Centroid relevance with maximal marginal relevance (Carbonell & Goldstein 1998)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyweave.model import Budget
from storyweave.represent import cosine_matrix
from storyweave.summarize.base import Cluster, register

# Trade-off between relevance to the story centroid and novelty; 0.7 is the
# customary value for multi-document news, not tuned yet.
LAMBDA = 0.7


@register("mmr")
class CentroidMMR:
    """Greedy: most central sentence that is least like what is already chosen."""

    name = "mmr"

    def select(self, cluster: Cluster, candidates: Sequence[int], budget: Budget) -> list[int]:
        if not candidates:
            return []
        vectors = cluster.vectors[list(candidates)]
        centroid = np.asarray(vectors.mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        relevance = vectors @ (centroid / norm if norm else centroid)
        sims = cosine_matrix(vectors)
        chosen: list[int] = []
        spent = 0
        remaining = set(range(len(candidates)))
        while remaining:
            def score(k: int) -> float:
                novelty = max((sims[k, j] for j in chosen), default=0.0)
                return float(LAMBDA * relevance[k] - (1 - LAMBDA) * novelty)

            best = max(sorted(remaining), key=score)
            remaining.discard(best)
            cost = budget.cost(cluster.flat[candidates[best]].text)
            if spent + cost <= budget.amount:
                chosen.append(best)
                spent += cost
        return [candidates[k] for k in chosen]
