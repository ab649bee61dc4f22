"""Greedy selection under a budget, shared by the score-based methods."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyweave.model import Budget
from storyweave.summarize.base import Cluster


def greedy_by_score(
    cluster: Cluster,
    candidates: Sequence[int],
    scores: np.ndarray,
    similarity: np.ndarray,
    budget: Budget,
    *,
    redundant: float,
) -> list[int]:
    """Best-scored candidates first, skipping any too similar to one already chosen or over budget.

    ``scores`` and ``similarity`` are indexed by position in ``candidates``.
    """
    chosen: list[int] = []
    spent = 0
    for k in sorted(range(len(candidates)), key=lambda k: (-scores[k], k)):
        cost = budget.cost(cluster.flat[candidates[k]].text)
        if spent + cost > budget.amount:
            continue
        if any(similarity[k, j] > redundant for j in chosen):
            continue
        chosen.append(k)
        spent += cost
    return [candidates[k] for k in chosen]
