"""Concept-coverage summarization (Gillick & Favre 2009), solved exactly with HiGHS.

Concepts are word bigrams (stemmed; not two stop words). A concept's weight
is the number of articles that use it, so what several outlets say counts
most. The integer program picks sentences that cover the most concept weight
within the budget; each concept counts once, so repeating a fact earns
nothing (redundancy control across articles). Pairs of near-paraphrases are
also forbidden outright.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from storyweave.model import Budget
from storyweave.represent import STOPWORDS, TfidfSpace, cosine_matrix, stem, words
from storyweave.summarize.base import Cluster, register

# Two summary sentences this similar (tf-idf cosine of content stems) say the
# same thing. 0.5 is the usual value in the MMR/ILP literature; not tuned yet.
REDUNDANT = 0.5
# Solver time limit per story, seconds; past it we take the best solution found.
TIME_LIMIT = 10.0
# Weight of the preference for earlier sentences, as a share of one concept.
POSITION_TIE_BREAK = 0.01


def sentence_concepts(text: str) -> set[tuple[str, str]]:
    tokens = words(text)
    return {
        (stem(a), stem(b))
        for a, b in itertools.pairwise(tokens)
        if not (a in STOPWORDS and b in STOPWORDS)
    }


def concept_weights(cluster: Cluster, concepts: Sequence[set[tuple[str, str]]]) -> dict[tuple[str, str], float]:
    """Concept -> number of articles using it, keeping concepts used by at least ``min_df``."""
    doc_freq: Counter[tuple[str, str]] = Counter()
    by_doc: dict[int, set[tuple[str, str]]] = {}
    for sentence, found in zip(cluster.flat, concepts, strict=True):
        by_doc.setdefault(cluster.doc_of(sentence), set()).update(found)
    for found in by_doc.values():
        doc_freq.update(found)
    if len(by_doc) <= 1:  # one article: how many of its sentences use the concept
        doc_freq = Counter(c for found in concepts for c in found)
    min_df = 3 if len(by_doc) >= 8 else 2
    weights = {c: float(n) for c, n in doc_freq.items() if n >= min_df}
    return weights or {c: float(n) for c, n in doc_freq.items()}


@register("concepts")
class ConceptCoverage:
    """Maximum weighted bigram coverage under the budget (exact ILP)."""

    name = "concepts"

    def select(self, cluster: Cluster, candidates: Sequence[int], budget: Budget) -> list[int]:
        if not candidates:
            return []
        concepts = [sentence_concepts(s.text) for s in cluster.flat]
        weights = concept_weights(cluster, concepts)
        index = {c: j for j, c in enumerate(weights)}
        costs = np.array([budget.cost(cluster.flat[i].text) for i in candidates], dtype=float)
        n, m = len(candidates), len(index)
        objective = np.array(
            [-POSITION_TIE_BREAK * (1.0 - cluster.position(cluster.flat[i])) for i in candidates]
            + [-weights[c] for c in index]
        )
        rows = [_coverage_rows(candidates, concepts, index, n), _budget_row(costs, m)]
        upper: list[np.ndarray] = [np.zeros(m), np.array([budget.amount], dtype=float)]
        pairs = redundant_pairs(cluster, candidates)
        if pairs:
            rows.append(_pair_rows(pairs, n, m))
            upper.append(np.ones(len(pairs)))
        constraint = LinearConstraint(sparse.vstack(rows).tocsr(), -np.inf, np.concatenate(upper))
        integrality = np.concatenate([np.ones(n), np.zeros(m)])
        result = milp(
            objective, constraints=constraint, integrality=integrality, bounds=Bounds(0, 1),
            options={"time_limit": TIME_LIMIT},
        )
        if result.x is None:
            return greedy_coverage(cluster, candidates, budget, concepts, weights)
        return [candidates[k] for k in range(n) if result.x[k] > 0.5]


def _coverage_rows(
    candidates: Sequence[int], concepts: Sequence[set[tuple[str, str]]], index: dict[tuple[str, str], int], n: int
) -> sparse.csr_matrix:
    """concept_j - sum of x_i over candidate sentences i containing j <= 0."""
    m = len(index)
    rows, cols, vals = list(range(m)), [n + j for j in range(m)], [1.0] * m
    for k, i in enumerate(candidates):
        for concept in concepts[i]:
            j = index.get(concept)
            if j is not None:
                rows.append(j)
                cols.append(k)
                vals.append(-1.0)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(m, n + m))


def _budget_row(costs: np.ndarray, m: int) -> sparse.csr_matrix:
    return sparse.csr_matrix(np.concatenate([costs, np.zeros(m)])[None, :])


def _pair_rows(pairs: list[tuple[int, int]], n: int, m: int) -> sparse.csr_matrix:
    rows = [r for r in range(len(pairs)) for _ in (0, 1)]
    cols = [k for pair in pairs for k in pair]
    return sparse.csr_matrix(([1.0] * len(cols), (rows, cols)), shape=(len(pairs), n + m))


def redundant_pairs(cluster: Cluster, candidates: Sequence[int]) -> list[tuple[int, int]]:
    """Pairs (positions in ``candidates``) of sentences that say the same thing."""
    space = TfidfSpace([cluster.stems[i] for i in range(len(cluster.flat))])
    vectors = space.transform([cluster.stems[i] for i in candidates])
    sims = cosine_matrix(vectors)
    upper = np.triu(sims, k=1)
    return [(int(a), int(b)) for a, b in zip(*np.nonzero(upper > REDUNDANT), strict=True)]


def greedy_coverage(
    cluster: Cluster,
    candidates: Sequence[int],
    budget: Budget,
    concepts: Sequence[set[tuple[str, str]]],
    weights: dict[tuple[str, str], float],
) -> list[int]:
    """Cost-scaled greedy coverage: the fallback when the solver finds nothing in time."""
    covered: set[tuple[str, str]] = set()
    chosen: list[int] = []
    spent = 0
    remaining = list(candidates)
    def gain(i: int, covered: set[tuple[str, str]]) -> float:
        fresh = sum(weights.get(c, 0.0) for c in concepts[i] - covered)
        return fresh / max(1, budget.cost(cluster.flat[i].text))

    while remaining:
        best = max(remaining, key=lambda i: gain(i, covered))
        remaining.remove(best)
        cost = budget.cost(cluster.flat[best].text)
        if gain(best, covered) <= 0:
            break
        if spent + cost <= budget.amount:
            chosen.append(best)
            spent += cost
            covered |= concepts[best]
    return chosen
