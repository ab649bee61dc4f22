"""Story clustering against labelled articles: BCubed and pairwise precision, recall and F1.

The articles go through the same reading, cleaning and clustering as ``storyweave ingest``
(``cluster_articles``); records that cannot be read keep a cluster of their own, so they
count against recall instead of vanishing from the score.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from storyweave.cluster import cluster_articles
from storyweave.errors import ConfigError, InputError
from storyweave.ingest import article_from_record, parse_record, read_text
from storyweave.model import Article

__all__ = ["PRF", "bcubed", "evaluate_clustering", "format_report", "pairwise"]

Level = Literal["story", "topic"]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> PRF:
    """BCubed precision and recall (Bagga and Baldwin 1998), averaged over items."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    if not gold:
        return PRF(0.0, 0.0)
    both = Counter(zip(predicted, gold, strict=True))
    sizes_p, sizes_g = Counter(predicted), Counter(gold)
    precision = sum(n * n / sizes_p[p] for (p, _), n in both.items()) / len(gold)
    recall = sum(n * n / sizes_g[g] for (_, g), n in both.items()) / len(gold)
    return PRF(precision, recall)


def pairwise(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> PRF:
    """Precision and recall over pairs of items put together."""
    both = Counter(zip(predicted, gold, strict=True))

    def pairs(counts: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    right = pairs(both)  # type: ignore[arg-type]
    predicted_pairs, gold_pairs = pairs(Counter(predicted)), pairs(Counter(gold))
    return PRF(right / predicted_pairs if predicted_pairs else 1.0, right / gold_pairs if gold_pairs else 1.0)


def evaluate_clustering(
    data: Path,
    label_field: str,
    *,
    level: Level | None = None,
    output: Path | None = None,
    progress: Callable[[int], None] | None = None,
    **options: float | int | None,
) -> dict[str, object]:
    """Cluster the articles of ``data`` (article JSONL, optionally gzipped) and score against ``label_field``.

    ``level`` is "story" (one event) or "topic"; by default "topic" when the label field is
    called topic, else "story". ``options`` go to ``cluster_articles`` (thresholds, window).
    """
    level = level or ("topic" if label_field == "topic" else "story")
    ids, labels, articles, skipped = _read(data, label_field)
    start = time.perf_counter()
    clustering = cluster_articles([a for a in articles if a is not None], progress=progress, **options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    predicted = []
    for index, article in enumerate(articles):
        if article is None:
            predicted.append(f"unread:{index}")
            continue
        story = clustering.story_of[article.id]
        predicted.append(clustering.topic_of[story] if level == "topic" else story)
    if output:
        with output.open("w", encoding="utf-8") as handle:
            for given, cluster in zip(ids, predicted, strict=True):
                handle.write(json.dumps({"id": given, "cluster": cluster}) + "\n")
    return {
        "data": str(data), "label_field": label_field, "level": level, "articles": len(ids),
        "skipped": skipped, "clusters": len(set(predicted)), "labels": len(set(labels)),
        "bcubed": bcubed(predicted, labels).as_dict(), "pairwise": pairwise(predicted, labels).as_dict(),
        "duplicates": len(clustering.duplicate_of), "cluster_seconds": round(seconds, 2),
    }


def _read(data: Path, label_field: str) -> tuple[list[object], list[str], list[Article | None], list[str]]:
    ids: list[object] = []
    labels: list[str] = []
    articles: list[Article | None] = []
    skipped: list[str] = []
    for number, line in enumerate(read_text(data).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{data}:{number}"
        record = parse_record(line, where)
        if label_field not in record:
            raise ConfigError(f"{where}: no field {label_field!r} to score against")
        ids.append(record.get("id", number))
        labels.append(str(record[label_field]))
        try:
            articles.append(article_from_record(record, where))
        except InputError as exc:
            skipped.append(f"{exc.source}: {exc.reason}")
            articles.append(None)
    return ids, labels, articles, skipped


def format_report(report: dict[str, object]) -> str:
    lines = [
        f"{report['articles']} articles ({len(report['skipped'])} unreadable), "  # type: ignore[arg-type]
        f"{report['labels']} labels ({report['label_field']}), {report['clusters']} {report['level']} clusters, "
        f"{report['duplicates']} near-duplicates, clustered in {report['cluster_seconds']} s",
        "",
        "| measure | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    for name in ("bcubed", "pairwise"):
        scores = report[name]
        lines.append(f"| {name} | {scores['precision']:.3f} | {scores['recall']:.3f} | {scores['f1']:.3f} |")  # type: ignore[index]
    return "\n".join(lines)

