"""The summarization benchmark: run methods and baselines on clusters, score, time, report.

Every method sees the same clusters, cleaned and split into the same sentences,
and the same budget. Times are per cluster, from segmented sentences to the
summary, so they compare the methods themselves.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from storyweave.analyze import analyze
from storyweave.errors import ConfigError
from storyweave.evaluate.baselines import BASELINES
from storyweave.evaluate.data import EvalCluster
from storyweave.evaluate.rouge import ClusterScores, perl_rouge, rouge_score_f1
from storyweave.model import Budget
from storyweave.summarize import build_cluster, methods, quoted_speakers, select_sentences
from storyweave.summarize.base import Cluster

log = logging.getLogger(__name__)

SCORERS = ("perl", "rouge-score")
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20261122

MethodFn = Callable[[Cluster, Budget], list[str]]


@dataclass
class MethodReport:
    name: str
    summaries: dict[str, list[str]] = field(default_factory=dict)
    milliseconds: list[float] = field(default_factory=list)
    per_cluster: list[ClusterScores] = field(default_factory=list)

    def metrics(self) -> list[str]:
        return list(self.per_cluster[0].scores) if self.per_cluster else []

    def mean(self, metric: str) -> float:
        return statistics.fmean(c.scores[metric] for c in self.per_cluster)

    def interval(self, metric: str) -> tuple[float, float]:
        return bootstrap_interval([c.scores[metric] for c in self.per_cluster])

    def to_dict(self) -> dict[str, object]:
        ms = sorted(self.milliseconds)
        return {
            "mean": {m: round(self.mean(m), 2) for m in self.metrics()},
            "ci95": {m: [round(v, 2) for v in self.interval(m)] for m in self.metrics()},
            "ms_median": round(statistics.median(ms), 1),
            "ms_p95": round(float(np.percentile(ms, 95)), 1),
            "per_cluster": [{"id": c.cluster_id, **{k: round(v, 3) for k, v in c.scores.items()}}
                            for c in self.per_cluster],
        }


QUOTES_SUFFIX = "+quotes"


def bootstrap_interval(values: Sequence[float], *, samples: int = BOOTSTRAP_SAMPLES) -> tuple[float, float]:
    """95% bootstrap interval of the mean over clusters (seeded: the same data gives the same interval)."""
    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    means = data[rng.integers(0, len(data), size=(samples, len(data)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def method_function(name: str) -> MethodFn:
    """A storyweave method (by registry name) or a baseline, as cluster -> sentences. "NAME+quotes"
    is the method as a brief runs it: the story's quotes are found first (the analysis, timed with
    it), so that a sentence inside a quotation may be chosen when its speaker is known."""
    if name in BASELINES:
        return BASELINES[name]
    if name in methods():
        return lambda cluster, budget: [s.text for s in select_sentences(cluster, budget, method=name)]
    base = name.removesuffix(QUOTES_SUFFIX)
    if name.endswith(QUOTES_SUFFIX) and base in methods():
        def with_speakers(cluster: Cluster, budget: Budget) -> list[str]:
            speakers = quoted_speakers(cluster, analyze(cluster, embeddings=False).quotes)
            return [s.text for s in select_sentences(cluster, budget, method=base, speakers=speakers)]
        return with_speakers
    known = ", ".join(sorted([*methods(), *BASELINES]))
    raise ConfigError(f"unknown method {name!r}; known: {known}")


def run_methods(
    clusters: Sequence[EvalCluster], names: Sequence[str], budget: Budget, *, progress: bool = False
) -> list[MethodReport]:
    functions = {name: method_function(name) for name in names}
    reports = {name: MethodReport(name) for name in names}
    for item in _progress(clusters, progress, "summarizing"):
        cluster = build_cluster(item.articles)
        for name, function in functions.items():
            fresh = Cluster(cluster.articles, cluster.sentences)  # no caches warmed by another method
            started = time.perf_counter()
            sentences = function(fresh, budget)
            reports[name].milliseconds.append((time.perf_counter() - started) * 1000)
            reports[name].summaries[item.id] = sentences
    return [reports[name] for name in names]


def score(reports: Sequence[MethodReport], clusters: Sequence[EvalCluster], *, scorer: str, words: int) -> None:
    refs = {c.id: c.refs for c in clusters}
    for report in reports:
        if scorer == "perl":
            report.per_cluster = sorted(perl_rouge(report.summaries, refs, words=words), key=lambda c: c.cluster_id)
        elif scorer == "rouge-score":
            report.per_cluster = [
                ClusterScores(cid, rouge_score_f1(_cut(sents, words), refs[cid]))
                for cid, sents in sorted(report.summaries.items())
            ]
        else:
            raise ConfigError(f"unknown scorer {scorer!r}; choose one of {', '.join(SCORERS)}")


def _cut(sentences: Sequence[str], words: int) -> list[str]:
    """Cut a summary at ``words`` words, as ROUGE's -l does."""
    out, left = [], words
    for sentence in sentences:
        if left <= 0:
            break
        tokens = sentence.split()
        out.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return out


def save_summaries(reports: Sequence[MethodReport], directory: Path) -> None:
    for report in reports:
        target = directory / report.name
        target.mkdir(parents=True, exist_ok=True)
        for cluster_id, sentences in report.summaries.items():
            (target / f"{cluster_id}.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")


def evaluate_summaries(
    clusters: Sequence[EvalCluster],
    names: Sequence[str],
    *,
    words: int = 100,
    scorer: str = "perl",
    save_dir: Path | None = None,
    progress: bool = False,
) -> dict[str, object]:
    """Run, score and time every method; return the report as a JSON-ready dict."""
    if scorer not in SCORERS:
        raise ConfigError(f"unknown scorer {scorer!r}; choose one of {', '.join(SCORERS)}")
    budget = Budget(words)
    reports = run_methods(clusters, names, budget, progress=progress)
    if save_dir is not None:
        save_summaries(reports, save_dir)
    score(reports, clusters, scorer=scorer, words=words)
    return {
        "date": date.today().isoformat(),
        "clusters": len(clusters),
        "words": words,
        "scorer": scorer,
        "measure": "recall (ROUGE-1.5.5, DUC settings)" if scorer == "perl" else "F1 (rouge-score, stemming)",
        "methods": {r.name: r.to_dict() for r in reports},
    }


def format_table(report: dict[str, object]) -> str:
    """A Markdown table of a report: every metric with its 95% interval, and milliseconds per cluster."""
    method_reports = report["methods"]
    assert isinstance(method_reports, dict)
    metrics = list(next(iter(method_reports.values()))["mean"]) if method_reports else []
    header = "| method | " + " | ".join(metrics) + " | ms/cluster median | ms p95 |"
    lines = [header, "|" + "---|" * (len(metrics) + 3)]
    for name, values in method_reports.items():
        cells = [f"{values['mean'][m]:.2f} [{values['ci95'][m][0]:.2f}, {values['ci95'][m][1]:.2f}]" for m in metrics]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {values['ms_median']:.1f} | {values['ms_p95']:.1f} |")
    return "\n".join(lines)


def _progress(items: Sequence[EvalCluster], enabled: bool, label: str) -> Sequence[EvalCluster]:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=label, unit="cluster")  # type: ignore[no-any-return]
