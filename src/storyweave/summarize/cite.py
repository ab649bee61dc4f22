"""Citations: for a summary sentence, the sentences of other articles that say the same thing."""

from __future__ import annotations

import numpy as np

from storyweave.model import Citation, Sentence
from storyweave.represent import cosine_matrix
from storyweave.summarize.base import Cluster

# A sentence of another article supports a summary sentence when their tf-idf
# cosine (content stems, idf over the story's articles) reaches this value.
# Chosen by reading the pairs of the project's example and the kim-russia-2019
# example around the threshold: at 0.35 and above the pairs state the same fact.
SUPPORT = 0.35


def cite(cluster: Cluster, chosen: list[Sentence]) -> list[tuple[Citation, ...]]:
    """Citations for each chosen sentence: its own span first, then support from other articles."""
    if not chosen:
        return []
    flat_index = {(s.article_id, s.index): k for k, s in enumerate(cluster.flat)}
    chosen_rows = [flat_index[(s.article_id, s.index)] for s in chosen]
    sims = cosine_matrix(cluster.vectors[chosen_rows], cluster.vectors)
    return [_citations(cluster, sentence, sims[row]) for row, sentence in enumerate(chosen)]


def _citations(cluster: Cluster, sentence: Sentence, sims: np.ndarray) -> tuple[Citation, ...]:
    own = _citation(cluster, sentence, 1.0)
    best: dict[str, tuple[float, Sentence]] = {}
    for k, other in enumerate(cluster.flat):
        if other.article_id == sentence.article_id or sims[k] < SUPPORT:
            continue
        if other.article_id not in best or sims[k] > best[other.article_id][0]:
            best[other.article_id] = (float(sims[k]), other)
    support = sorted(best.values(), key=lambda pair: -pair[0])
    return (own, *(_citation(cluster, s, score) for score, s in support))


def _citation(cluster: Cluster, sentence: Sentence, similarity: float) -> Citation:
    article = cluster.articles[cluster.doc_of(sentence)]
    return Citation(
        article_id=article.id,
        outlet=article.outlet,
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        similarity=round(similarity, 3),
    )
