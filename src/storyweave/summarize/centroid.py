"""Centroid summarization (Radev et al. 2004) with tf-idf vectors of the whole story."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyweave.model import Budget
from storyweave.represent import cosine_matrix
from storyweave.summarize.base import Cluster, register
from storyweave.summarize.greedy import greedy_by_score

# Sentences closer than this to a chosen one are skipped (tf-idf cosine).
REDUNDANT = 0.5


@register("centroid")
class Centroid:
    """Sentences most similar to the story's tf-idf centroid, without repeats."""

    name = "centroid"

    def select(self, cluster: Cluster, candidates: Sequence[int], budget: Budget) -> list[int]:
        if not candidates:
            return []
        everything = cluster.vectors
        centroid = np.asarray(everything.mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        vectors = everything[list(candidates)]
        scores = np.asarray(vectors @ (centroid / norm if norm else centroid)).ravel()
        return greedy_by_score(cluster, candidates, scores, cosine_matrix(vectors), budget, redundant=REDUNDANT)
