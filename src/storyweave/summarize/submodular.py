"""Submodular selection (Lin & Bilmes 2011): coverage plus a diversity reward, budgeted greedy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyweave.model import Budget
from storyweave.represent import cosine_matrix
from storyweave.summarize.base import Cluster, register

# The paper's settings for DUC: saturation alpha = a / N with a = 5, diversity
# weight lambda = 6, cost scaling r = 0.3, and k-means-free "clusters" taken
# here as the story's articles. Not tuned further.
ALPHA = 5.0
DIVERSITY = 6.0
COST_SCALING = 0.3


@register("submodular")
class Submodular:
    """Maximise saturated coverage of the story plus rewarded diversity across articles."""

    name = "submodular"

    def select(self, cluster: Cluster, candidates: Sequence[int], budget: Budget) -> list[int]:
        if not candidates:
            return []
        similarity = cosine_matrix(cluster.vectors[list(candidates)], cluster.vectors)  # candidates x all sentences
        total = similarity.sum(axis=0)  # how much each sentence is covered by the whole story
        saturation = ALPHA / len(cluster.flat) * total
        singleton = similarity.mean(axis=1)
        groups = np.array([cluster.doc_of(cluster.flat[i]) for i in candidates])
        costs = np.array([max(1, budget.cost(cluster.flat[i].text)) for i in candidates], dtype=float)

        covered = np.zeros(similarity.shape[1])
        group_sums = np.zeros(groups.max() + 1)
        chosen: list[int] = []
        spent = 0.0
        available = np.ones(len(candidates), dtype=bool)
        while available.any():
            coverage_gain = np.minimum(covered + similarity, saturation).sum(axis=1) - np.minimum(
                covered, saturation
            ).sum()
            diversity_gain = np.sqrt(group_sums[groups] + singleton) - np.sqrt(group_sums[groups])
            gains = (coverage_gain + DIVERSITY * diversity_gain) / costs**COST_SCALING
            gains[~available] = -np.inf
            best = int(np.argmax(gains))
            available[best] = False
            if gains[best] <= 0:
                break
            if spent + costs[best] <= budget.amount:
                chosen.append(best)
                spent += costs[best]
                covered += similarity[best]
                group_sums[groups[best]] += singleton[best]
        return [candidates[k] for k in chosen]
