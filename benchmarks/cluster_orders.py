"""How much story scores depend on the arrival order: scores under jittered orders.

The online pass places articles in a fixed order (``arrival_order``: dated ones by date, then
undated ones; among one day's, or the undated, the longest first). Whichever article comes
first seeds its story, so another fixed order gives other stories. This clusters an article
JSONL file (a label per article) with the same clustering as ``storyweave eval cluster`` once
per salt, each article's length multiplied by a factor within ``--jitter`` of 1 drawn from a
hash of the salt and the article's id, and reports story-level BCubed F1 for each order and
their mean: a change to the clustering should help on average over such orders, not only in
the one shipped.

    python benchmarks/cluster_orders.py ../shared/datasets/ecbplus-dev.jsonl --label-field event
    python benchmarks/cluster_orders.py ../shared/datasets/duc2003-articles.jsonl --label-field label
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
from collections.abc import Callable
from pathlib import Path

import storyweave.cluster as cluster
from storyweave.cluster.features import Features
from storyweave.cluster.online import arrival_key
from storyweave.evaluate.cluster import _read, bcubed


def jittered(salt: int, jitter: float) -> Callable[[Features], tuple[object, ...]]:
    """``arrival_order`` with each article's length scaled by 1 +- ``jitter`` (from a hash of
    ``salt`` and its id)."""
    def order(features: Features) -> tuple[object, ...]:
        digest = hashlib.sha1(f"{salt}:{features.article_id}".encode()).digest()
        draw = int.from_bytes(digest[:4], "big") / 0xFFFFFFFF
        words = sum(features.bags[0].values()) * (1 + jitter * (2 * draw - 1))
        return arrival_key(features.published, round(words), features.article_id)
    return order


def scores(data: Path, label_field: str, salts: int, jitter: float) -> list[float]:
    _, labels, articles, _ = _read(data, label_field)
    chosen = [(a, label) for a, label in zip(articles, labels, strict=True) if a is not None]
    shipped = cluster.arrival_order
    found = []
    try:
        for salt in range(salts):
            cluster.arrival_order = jittered(salt, jitter)  # type: ignore[assignment]
            result = cluster.cluster_articles([a for a, _ in chosen])
            found.append(bcubed([result.story_of[a.id] for a, _ in chosen], [label for _, label in chosen]).f1)
    finally:
        cluster.arrival_order = shipped
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--label-field", default="event")
    parser.add_argument("--salts", type=int, default=6, help="orders to try")
    parser.add_argument("--jitter", type=float, default=0.05, help="lengths scaled by up to this much either way")
    args = parser.parse_args()
    found = scores(args.data, args.label_field, args.salts, args.jitter)
    print(json.dumps({"data": str(args.data), "label_field": args.label_field, "jitter": args.jitter,
                      "f1": [round(f, 4) for f in found], "mean": round(statistics.mean(found), 4)}))


if __name__ == "__main__":
    main()
