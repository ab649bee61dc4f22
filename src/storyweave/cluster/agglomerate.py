"""Average linkage over articles, for groups of articles given by the sums of their vectors.

One agglomeration serves two stages: the link pass that joins the pieces of one story
(``StoryClusterer.link``) and the grouping of stories into topics (``group_topics``); they
differ in their bag weights, their cut, what the groups are and who may join whom.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import repeat
from operator import add, mul
from typing import TypeVar

__all__ = ["add_into", "agglomerate", "dot", "linkage"]

Vector = dict[str, float]
K = TypeVar("K", str, int)


def dot(x: Vector, y: Vector) -> float:
    """The dot product of two sparse vectors, iterating over the smaller; the loop runs in C."""
    if len(x) > len(y):
        x, y = y, x
    return float(sum(map(mul, x.values(), map(y.get, x.keys(), repeat(0.0)))))


def add_into(totals: Sequence[Vector], vectors: Sequence[Mapping[str, float]]) -> None:
    """Add ``vectors`` to the running sums ``totals``, bag by bag, in place, each term in the
    order a loop would (the same sums); the passes run in C. No norms are kept (``Story.accumulate``
    keeps them, for placing)."""
    for total, vector in zip(totals, vectors, strict=False):  # (stored before the opening bag: a bag fewer)
        terms = vector.keys()
        total.update(zip(terms, map(add, map(total.get, terms, repeat(0.0)), vector.values()), strict=True))


def linkage(a: Sequence[Vector], a_size: int, b: Sequence[Vector], b_size: int, weights: Sequence[float]) -> float:
    """The average over every pair of articles, one from each group, of their weighted bag
    cosines, read off the groups' summed vectors (per bag): the sum of the pair dots is the dot
    of the sums. An empty bag scores 0 and keeps its weight."""
    total = sum(w * dot(x, y) for w, x, y in zip(weights, a, b, strict=True) if w and x and y)
    return total / (sum(weights) * a_size * b_size)


def agglomerate(
    pairs: Iterable[tuple[float, K, K]],
    near: dict[K, set[K]],
    score: Callable[[K, K], float],
    join: Callable[[K, K], tuple[K, K]],
    threshold: float,
    allowed: Callable[[K, K], bool] | None = None,
) -> None:
    """Average-link agglomeration: the most alike two groups (``score``) at ``threshold`` or
    more join, then the next, until none are left.

    ``pairs`` are the starting scores of the groups in ``near`` (each key's neighbours, both
    ways); ``join(a, b)`` joins two groups and returns (the one kept, the one gone);
    ``allowed(a, b)`` may refuse a join. A joined group is scored again against its parts'
    neighbours only, and a neighbour it is less alike than ``threshold`` stops being one. That
    is exact for average linkage: the linkage of a joined group to a third is the size-weighted
    mean of its parts' linkages, so it reaches the threshold only if one of them does (and a
    group's linkage to a former neighbour can only rise again through a part that has it as a
    neighbour). Dropping them keeps a big group from being scored again, at every join,
    against everything it ever came near (topics of 9,232 stories: 70 -> 16 s, the same topics)."""
    heap = [(-value, a, b, 0, 0) for value, a, b in pairs if value >= threshold]
    heapq.heapify(heap)
    versions: dict[K, int] = {}
    gone: set[K] = set()
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if a in gone or b in gone or versions.get(a, 0) != version_a or versions.get(b, 0) != version_b:
            continue  # one side has joined something since this pair was scored
        if allowed is not None and not allowed(a, b):
            continue
        kept, lost = join(a, b)
        gone.add(lost)
        versions[kept] = versions.get(kept, 0) + 1
        near[kept] = (near.get(kept, set()) | near.pop(lost, set())) - {kept, lost}
        for other in sorted(near[kept]):
            near[other].discard(lost)
            value = score(kept, other)
            if value >= threshold:
                near[other].add(kept)
                low, high = (kept, other) if kept < other else (other, kept)
                heapq.heappush(heap, (-value, low, high, versions.get(low, 0), versions.get(high, 0)))
            else:  # below the cut, and it stays below: a later join only averages it with another below
                near[kept].discard(other)
                near[other].discard(kept)
