"""Topics: stories about the same subject (two rehab check-ins, one team's season), grouped
by average linkage over their articles.

A story is one event; a topic is the looser grouping a reader browses by. Two groups of
stories are as alike as their articles are on average (every pair of articles, one from
each side), scored on the words, names and opening bags: the same agglomeration that joins
the pieces of one story (``cluster.agglomerate``), with other weights and a lower cut.
Stories are never split. After each ingest the topics it reaches are grouped again
(``regroup_topics``); a new store is grouped whole (a global step, like Spark's global stages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from storyweave.cluster.agglomerate import add_into, agglomerate, linkage
from storyweave.cluster.online import Story

if TYPE_CHECKING:
    from scipy import sparse  # imported where used: 0.15 s that ingest's first workers need not wait for

__all__ = ["DEFAULT_TOPIC_THRESHOLD", "TOPIC_WEIGHTS", "group_topics", "regroup_topics", "topic_bags"]

# Words tell a subject better than names (two rehab check-ins share "rehab", not the star),
# and an article's opening says what kind of event it reports while its body adds the
# particulars: the cosines of article pairs weigh words 0.25, names 0.3, numbers nothing and
# openings 0.45, cut at 0.06. Chosen by topic-level BCubed F1 on ECB+ dev and WikiRef220,
# averaged over the cut and its neighbours (0.005 either side), so as not to pick a lucky
# cut: openings 0 (words 0.7): 0.917 / 0.914 at best; openings 0.25: 0.920 / 0.933 at best;
# 0.35: 0.930 / 0.929 (neighbourhood 0.927); 0.45 (chosen): 0.945 / 0.933 (0.933); 0.55:
# 0.945 / 0.921 (0.929); 0.7 (no words): 0.945 / 0.921 at the lowest cut tried. The sweeps
# are in docs/benchmarks.md.
TOPIC_WEIGHTS = (0.25, 0.3, 0.0, 0.45)
DEFAULT_TOPIC_THRESHOLD = 0.06


# Similarities are computed for up to BLOCK stories at a time against all, and for fewer when
# there are so many stories that a block would pass BLOCK_CELLS similarities (8 bytes each, and
# a few such arrays at once): memory stays bounded, not growing with stories squared.
BLOCK = 1024
BLOCK_CELLS = 8_000_000
# A story starts with at most this many neighbours, its most alike at the cut or above: the
# exact average linkage of a normal topic (tens of stories), and bounded memory for a story in
# a huge one (thousands of stories about one subject), which joins through its neighbours.
NEIGHBOURS = 100


def group_topics(
    stories: Sequence[Story], *, threshold: float = DEFAULT_TOPIC_THRESHOLD
) -> dict[str, str]:
    """Story id -> topic id. ``stories`` come in the order they were started; a topic is named
    after its earliest story."""
    ordered = list(stories)
    return _named(ordered, _average_link(ordered, threshold))


def _named(ordered: Sequence[Story], parent: Sequence[int], previous: Mapping[str, str] | None = None,
           reserved: Iterable[str] = ()) -> dict[str, str]:
    """Story id -> topic id, each topic named after its earliest story; with the ``previous``
    topics of the stories, a topic keeps the previous topic of its earliest story that had one,
    unless an earlier topic kept it, and a topic named anew takes no name that had been given
    (``reserved``: the topics of other stories)."""
    members: dict[int, list[str]] = {}
    for index, story in enumerate(ordered):
        members.setdefault(parent[index], []).append(story.id)
    before = previous or {}
    taken: set[str] = set()
    name: dict[int, str] = {}
    for root, ids in members.items():  # in the order of their earliest story
        kept = next((t for t in (before.get(i) for i in ids) if t and t not in taken), None)
        if kept is not None:
            name[root] = kept
            taken.add(kept)
    taken |= set(before.values()) | set(reserved)
    for root, ids in members.items():
        if root not in name:
            fresh = (topic_id(i) for i in ids)
            name[root] = next((t for t in fresh if t not in taken), f"{topic_id(ids[0])}.{root}")
            taken.add(name[root])
    return {story.id: name[parent[index]] for index, story in enumerate(ordered)}


def regroup_topics(
    stories: Sequence[Story], topic_of: Mapping[str, str], touched: Iterable[str], *,
    threshold: float = DEFAULT_TOPIC_THRESHOLD,
    closed: Callable[[Sequence[str]], Sequence[tuple[Story, Sequence[str]]]] | None = None,
    topic_sums: Mapping[str, tuple[int, Sequence[Mapping[str, float]]]] | None = None,
) -> dict[str, str]:
    """Story id -> topic id after an ingest that changed the ``touched`` stories, given the topics
    before it (``topic_of``; a story missing from it counts as touched).

    Only the topics the ingest can reach are grouped again, whole: those of the touched stories,
    and every topic that one of them is at least ``threshold`` alike to (average linkage, as
    topics join). The others keep their topic, so a small ingest into a store of many stories
    costs its own stories times all, not all times all. When the ingest touches half the
    stories or more (a new store) everything given is grouped again.

    ``stories`` may be only the open stories of a store (those an ingest restored); ``closed``
    then gives, for the reached topics, their other stories: each topic's as one group that stays
    whole (a ``Story`` with the topic's id, the sums of those stories and their articles as
    ``members``) with their story ids, so that a reached topic is still grouped whole and its
    closed stories follow it. A regrouped topic keeps the id
    it had (that of its earliest story's topic before, unless an earlier group kept that one)."""
    ordered = list(stories)
    changed = set(touched)
    seeds = [i for i, s in enumerate(ordered) if s.id in changed or s.id not in topic_of]
    if not seeds:
        return {s.id: topic_of[s.id] for s in ordered}
    everything = 2 * len(seeds) >= len(ordered)  # it would reach nearly all the stories given: no search among them
    rows = None
    if everything:
        region_topics = {topic_of[s.id] for s in ordered if s.id in topic_of}
    elif topic_sums is None:
        rows = _bag_rows(ordered)
        region_topics = _reached(ordered, topic_of, seeds, threshold, rows=rows)
    else:
        region_topics = set()
    if topic_sums is not None:  # topics of stories not given too, found by their sums
        region_topics |= _reached(ordered, topic_of, seeds, threshold, topic_sums=topic_sums)
    seeded = set(seeds)
    region = [i for i, s in enumerate(ordered) if everything or i in seeded or topic_of[s.id] in region_topics]
    inside = {ordered[i].id for i in region}
    result = {s.id: topic_of[s.id] for s in ordered if s.id not in inside}
    parts = list(closed(sorted(region_topics))) if closed is not None and region_topics else []
    # The closed part of a topic stands for its topic first (it holds its earliest stories).
    grouped = [part for part, _ in parts] + [ordered[i] for i in region]
    previous = {part.id: part.id for part, _ in parts}
    previous.update((s.id, topic_of[s.id]) for s in grouped if s.id in topic_of)
    # Each story's row, already made, unless closed parts come first.
    kept_rows = [m[region] for m in rows] if rows is not None and not parts else None
    named = _named(grouped, _average_link(grouped, threshold, kept_rows), previous, topic_of.values())
    for part, ids in parts:
        result.update((sid, named[part.id]) for sid in ids)
    result.update((s.id, named[s.id]) for s in grouped[len(parts):])
    return result


def _reached(ordered: Sequence[Story], topic_of: Mapping[str, str], seeds: Sequence[int], threshold: float, *,
             rows: Sequence[sparse.csr_matrix] | None = None,
             topic_sums: Mapping[str, tuple[int, Sequence[Mapping[str, float]]]] | None = None) -> set[str]:
    """The topics of the seeds, and every topic one of them is at least ``threshold`` alike to: a
    story's average linkage to a topic is its dot with the topic's summed vectors over both sizes.
    The topics are those of the stories given (``rows``: their ``_bag_rows``, if made already), or
    with ``topic_sums`` (stored) every topic, those of stories not given too."""
    from scipy import sparse

    region_topics = {topic_of[ordered[i].id] for i in seeds if ordered[i].id in topic_of}
    if topic_sums is None:
        rows = rows if rows is not None else _bag_rows(ordered)
        names = sorted({topic_of[s.id] for s in ordered if s.id in topic_of})
        number = {name: k for k, name in enumerate(names)}
        placed = [(number[topic_of[s.id]], i) for i, s in enumerate(ordered) if s.id in topic_of]
        topics, stories = zip(*placed, strict=True) if placed else ((), ())
        member = sparse.csr_matrix((np.ones(len(placed)), (topics, stories)), shape=(len(names), len(ordered)))
        # Seeds first, then each topic's summed row (the sum of its stories') and its size.
        picked, story_sizes = list(seeds), _sizes(ordered)
        rows = [sparse.vstack([m[picked], member @ m]).tocsr() for m in rows]
        sizes = np.concatenate([story_sizes[picked], member @ story_sizes])
    else:
        names = sorted(topic_sums)
        wholes = [Story(id=name, members=[""] * max(1, topic_sums[name][0]),
                        sums=tuple(dict(v) for v in topic_sums[name][1])) for name in names]
        items = [ordered[i] for i in seeds] + wholes
        rows, sizes = _bag_rows(items), _sizes(items)
    for _, similarity in _blocks(rows, sizes, range(len(seeds))):
        reached = np.flatnonzero((similarity[:, len(seeds):] >= threshold).any(axis=0))
        region_topics.update(names[k] for k in reached.tolist())
    return region_topics


def _sizes(stories: Sequence[Story]) -> np.ndarray:
    return np.asarray([max(1, len(s.members)) for s in stories], dtype=np.float64)


def _blocks(rows: Sequence[sparse.csr_matrix], sizes: np.ndarray,
            among: Sequence[int] | None = None) -> Iterator[tuple[int, np.ndarray]]:
    """The linkages of stories (``among``, positions into the rows; all by default) to every
    story, BLOCK rows at a time (fewer when there are so many stories that a block would pass
    BLOCK_CELLS): (start, block) with block[i - start, j] for the i-th of ``among``; a
    story's linkage to itself is -1."""
    n = rows[0].shape[0]
    chosen = np.arange(n) if among is None else np.asarray(among, dtype=np.int64)
    weights = [w for w in TOPIC_WEIGHTS if w]
    step = max(1, min(BLOCK, BLOCK_CELLS // max(1, n)))
    for start in range(0, len(chosen), step):
        stop = min(len(chosen), start + step)
        picked = chosen[start:stop]
        block = sum(w * (m[picked] @ m.T).toarray() for w, m in zip(weights, rows, strict=True))
        similarity = np.asarray(block, dtype=np.float64) / (sum(TOPIC_WEIGHTS) * np.outer(sizes[picked], sizes))
        similarity[np.arange(len(picked)), picked] = -1.0  # a story is not its own neighbour
        yield start, similarity


def _average_link(stories: Sequence[Story], threshold: float,
                  rows: Sequence[sparse.csr_matrix] | None = None) -> list[int]:
    """Average-link agglomeration over articles (``agglomerate``), each story a starting group,
    the lower index kept. Returns each story's cluster (the index of its first story).

    Starting pairs are scored block by block, and only those at ``threshold`` or more are kept
    (for each story, its ``NEIGHBOURS`` most alike)."""
    n = len(stories)
    size_array = _sizes(stories)
    sizes = [int(x) for x in size_array]
    if rows is None:
        rows = _bag_rows(stories)  # per weighted bag, one row of summed vectors per story
    kept: dict[tuple[int, int], float] = {}
    for start, similarity in _blocks(rows, size_array):
        for i, row in enumerate(similarity):
            found = np.flatnonzero(row >= threshold)
            if len(found) > NEIGHBOURS:  # only in a very large topic: its most alike stories
                found = found[np.argsort(-row[found], kind="stable")[:NEIGHBOURS]]
            a = i + start
            for j in found.tolist():
                kept[(a, j) if a < j else (j, a)] = float(row[j])
    near: dict[int, set[int]] = {i: set() for i in range(n)}
    # The sum over article pairs of two neighbouring groups (their linkage times both sizes): when
    # two groups join, the joined group's sum with a third is the sum of theirs (Lance-Williams),
    # so only a neighbour of one side and not the other needs a dot product.
    totals: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    pairs: list[tuple[float, int, int]] = []
    for (a, b), value in kept.items():
        near[a].add(b)
        near[b].add(a)
        totals[a][b] = totals[b][a] = value * sizes[a] * sizes[b]
        pairs.append((value, a, b))
    # A group's summed vectors per bag: the story's own until it joins (bags without weight left empty).
    groups = [topic_bags(s.sums) for s in stories]
    parent = list(range(n))

    def total(a: int, b: int) -> float:
        known = totals[a].get(b)
        return linkage(groups[a], 1, groups[b], 1, TOPIC_WEIGHTS) if known is None else known

    def join(a: int, b: int) -> tuple[int, int]:
        joined = {c: total(a, c) + total(b, c) for c in sorted((near[a] | near[b]) - {a, b})}
        for side in (a, b):  # the sums with either part are out of date
            for c in totals.pop(side):
                totals[c].pop(side, None)
        for c, value in joined.items():
            totals[c][a] = value
        totals[a] = joined
        groups[a] = tuple(_added(x, y) for x, y in zip(groups[a], groups[b], strict=True))
        sizes[a] += sizes[b]
        parent[b] = a
        return a, b

    def score(a: int, b: int) -> float:
        return total(a, b) / (sizes[a] * sizes[b])

    agglomerate(pairs, near, score, join, threshold)
    return [_root(parent, i) for i in range(n)]


def topic_bags(vectors: Sequence[dict[str, float]]) -> tuple[dict[str, float], ...]:
    """The bags topics are grouped on (those with a weight in ``TOPIC_WEIGHTS``), the others empty
    (vectors stored before the opening bag have one bag fewer, and keep it)."""
    return tuple(vector if weight else {} for vector, weight in zip(vectors, TOPIC_WEIGHTS, strict=False))


def _added(x: dict[str, float], y: dict[str, float]) -> dict[str, float]:
    """A new vector, the sum of two (the larger copied, the smaller added in); vectors are
    never changed in place, so an empty side just gives the other."""
    if not x or not y:
        return x or y
    big, small = (x, y) if len(x) >= len(y) else (y, x)
    total = dict(big)
    add_into((total,), (small,))
    return total


def _bag_rows(stories: Sequence[Story]) -> list[sparse.csr_matrix]:
    """Per weighted bag, the stories' summed vectors as the rows of a sparse matrix (columns
    numbered as terms first come; rows built from their lengths, not from a list of coordinates)."""
    from scipy import sparse

    matrices = []
    for bag, weight in enumerate(TOPIC_WEIGHTS):
        if not weight:
            continue
        sums = [story.sums[bag] for story in stories]
        count = sum(len(vector) for vector in sums)
        vocabulary: dict[str, int] = {}
        columns = np.fromiter((vocabulary.setdefault(term, len(vocabulary)) for vector in sums for term in vector),
                              dtype=np.int64, count=count)
        values = np.fromiter((value for vector in sums for value in vector.values()), dtype=np.float64, count=count)
        starts = np.zeros(len(sums) + 1, dtype=np.int64)
        np.cumsum([len(vector) for vector in sums], out=starts[1:])
        matrix = sparse.csr_matrix((values, columns, starts), shape=(len(stories), max(1, len(vocabulary))))
        matrix.sort_indices()  # the canonical form, as sparse products expect
        matrices.append(matrix)
    return matrices


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        index = parent[index]
    return index


def topic_id(story_id: str) -> str:
    return "t" + story_id[1:]
