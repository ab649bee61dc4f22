"""How much story and topic scores move with the set of topics: scores on random subsets.

The goals are measured on held-out topics, a set of some ten topics of the same kind as the
dev set. With two events a topic, one topic whose two events end up in one story costs a ten-topic
set a few points, so a score on a small set is a draw. This clusters random subsets of the
topics of an article JSONL file (ECB+ style: a story label and a topic label per article) with
the same clustering as `storyweave eval cluster`, and reports the spread of story- and
topic-level BCubed F1 over the draws, and how many reach given goals.

    python benchmarks/cluster_subsets.py ../shared/datasets/ecbplus-dev.jsonl --topics 10 --draws 30
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from pathlib import Path

from storyweave.cluster import cluster_articles
from storyweave.evaluate.cluster import _read, bcubed


def draws(data: Path, topics: int, count: int, seed: int, story_field: str,
          topic_field: str) -> list[tuple[float, float]]:
    """(story F1, topic F1) for ``count`` random subsets of ``topics`` topics each."""
    _, stories, articles, _ = _read(data, story_field)
    _, topic_labels, _, _ = _read(data, topic_field)
    names = sorted(set(topic_labels))
    rng = random.Random(seed)
    scores = []
    for _ in range(count):
        picked = set(rng.sample(names, min(topics, len(names))))
        chosen = [(a, s, t) for a, s, t in zip(articles, stories, topic_labels, strict=True)
                  if a is not None and t in picked]
        clustering = cluster_articles([a for a, _, _ in chosen])
        story_of = [clustering.story_of[a.id] for a, _, _ in chosen]
        scores.append((bcubed(story_of, [s for _, s, _ in chosen]).f1,
                       bcubed([clustering.topic_of[s] for s in story_of], [t for _, _, t in chosen]).f1))
    return scores


def summary(values: list[float], goal: float) -> dict[str, float]:
    return {"mean": round(statistics.mean(values), 4), "sd": round(statistics.stdev(values), 4) if len(values) > 1
            else 0.0, "min": round(min(values), 4), "max": round(max(values), 4),
            "at_goal": sum(v >= goal for v in values) / len(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--topics", type=int, default=10, help="topics per subset")
    parser.add_argument("--draws", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--story-field", default="event")
    parser.add_argument("--topic-field", default="topic")
    parser.add_argument("--story-goal", type=float, default=0.93)
    parser.add_argument("--topic-goal", type=float, default=0.98)
    args = parser.parse_args()
    scores = draws(args.data, args.topics, args.draws, args.seed, args.story_field, args.topic_field)
    print(json.dumps({
        "data": str(args.data), "topics": args.topics, "draws": args.draws, "seed": args.seed,
        "story": summary([s for s, _ in scores], args.story_goal),
        "topic": summary([t for _, t in scores], args.topic_goal),
    }))


if __name__ == "__main__":
    main()
