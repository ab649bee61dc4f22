"""Story and topic clustering when a labelled set is ingested into one store in parts.

`storyweave eval cluster` clusters a set in one go; a store is usually fed in parts (a day's
feeds at a time). This deals the records of an article JSONL file (ECB+ or WikiRef220 style)
into N files, round robin in file order or shuffled with a seed, runs `storyweave.ingest` on
them one after another into a fresh store, and scores the stories and topics stored for the
current articles with BCubed (an article superseded by a newer version of the same page, as
three ECB+ documents sharing a URL are, is left out).

    python benchmarks/cluster_in_parts.py ../shared/datasets/ecbplus-dev.jsonl --parts 4
    python benchmarks/cluster_in_parts.py ../shared/datasets/ecbplus-dev.jsonl --parts 4 --seed 1
    python benchmarks/cluster_in_parts.py ../shared/datasets/duc2003-articles.jsonl --parts 20 --by-date \
        --story-field label --topic-field label
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

from storyweave.evaluate.cluster import _read, bcubed
from storyweave.store import Store
from storyweave.store.ingest import ingest


def deal(lines: list[str], parts: int, seed: int | None, by_date: bool = False) -> list[list[str]]:
    """The lines in ``parts`` hands: round robin in file order, or after a seeded shuffle; or, ``by_date``,
    in consecutive runs of the records in date order (undated ones last), as a feed brings them."""
    if by_date:
        dated = sorted(range(len(lines)), key=lambda i: (json.loads(lines[i]).get("date") or "9999", i))
        size = -(-len(lines) // parts)
        return [[lines[i] for i in dated[k : k + size]] for k in range(0, len(lines), size)]
    order = list(range(len(lines)))
    if seed is not None:
        random.Random(seed).shuffle(order)
    return [[lines[i] for i in order[k::parts]] for k in range(parts)]


def run(data: Path, parts: int, seed: int | None, story_field: str, topic_field: str,
        by_date: bool = False) -> dict[str, object]:
    lines = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    _, stories_gold, articles, _ = _read(data, story_field)
    _, topics_gold, _, _ = _read(data, topic_field)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "parts.db"
        for number, hand in enumerate(deal(lines, parts, seed, by_date)):
            path = Path(folder) / f"part{number}.jsonl"
            path.write_text("".join(line + "\n" for line in hand), encoding="utf-8")
            ingest([path], db=db)
        with Store(db) as store:
            placed = {row["id"]: (row["story_id"], row["topic_id"]) for row in store.db.execute(
                "SELECT a.id, a.story_id, s.topic_id FROM articles a JOIN stories s ON s.id = a.story_id"
                " WHERE a.current = 1")}
    scored = [(placed[a.id], story, topic) for a, story, topic in zip(articles, stories_gold, topics_gold, strict=True)
              if a is not None and a.id in placed]
    return {
        "data": str(data), "parts": parts, "seed": seed, "by_date": by_date, "articles": len(scored),
        "event": bcubed([p[0] for p, _, _ in scored], [s for _, s, _ in scored]).as_dict(),
        "topic": bcubed([p[1] or p[0] for p, _, _ in scored], [t for _, _, t in scored]).as_dict(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--seed", type=int, default=None, help="shuffle the records with this seed before dealing")
    parser.add_argument("--by-date", action="store_true",
                        help="deal consecutive runs of the records in date order (a feed), not round robin")
    parser.add_argument("--story-field", default="event")
    parser.add_argument("--topic-field", default="topic")
    args = parser.parse_args()
    print(json.dumps(run(args.data, args.parts, args.seed, args.story_field, args.topic_field, args.by_date)))


if __name__ == "__main__":
    main()
