"""Precision and recall of the cross-source analysis against a hand-annotated gold file.

The gold file (see examples/kolvik-mine-rescue/gold.json) names sentences by
file stem and a substring. Scores per section:

- claims: pairs of sentences of different articles that state the same thing
  (predicted spans of as many sentences pair their sentences in order; spans of
  different lengths, such as a quotation cited whole beside a one-sentence report of
  it, pair each sentence with the sentence of the longest span it shares most content words with);
- conflicts: a gold conflict is found when a predicted conflict of the same
  kind has values whose outlets match the gold values' outlets; a predicted
  conflict is right when it matches a gold one;
- quotes: (speaker, quote) found with the right speaker, and gold variants
  merged into one quote; predicted quotes are right when they match a gold one;
- entities: (name or alias, type) pairs, and alias merges as pairs;
- timeline: (date, sentence) pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyweave.model import Brief, Citation
from storyweave.represent.text import content_stems
from storyweave.segment import split_sentences


@dataclass(frozen=True)
class Score:
    right: int  # predicted items that match the gold
    predicted: int
    found: int  # gold items the prediction matches
    gold: int

    @classmethod
    def of_sets(cls, predicted: set[Any], gold: set[Any]) -> Score:
        common = len(predicted & gold)
        return cls(common, len(predicted), common, len(gold))

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Sid = tuple[str, int]  # (article id, sentence index)


class _Index:
    """Sentence lookup by file stem and substring, and by character span."""

    def __init__(self, brief: Brief) -> None:
        self.sentences = {a.id: split_sentences(a) for a in brief.articles}
        self.by_stem = {Path(a.source or a.id).stem: a.id for a in brief.articles}
        self.outlet_stem = {a.outlet: Path(a.source or a.id).stem for a in brief.articles}
        self.stem_of = {a.id: Path(a.source or a.id).stem for a in brief.articles}

    def find(self, stem: str, needle: str) -> Sid:
        article_id = self.by_stem[stem]
        hits = [s.index for s in self.sentences[article_id] if needle in s.text]
        if len(hits) != 1:
            raise ValueError(f"gold sentence {stem!r} / {needle!r} matches {len(hits)} sentences")
        return article_id, hits[0]

    def words(self, sid: Sid) -> set[str]:
        article_id, n = sid
        return set(content_stems(self.sentences[article_id][n].text))

    def covered(self, citation: Citation) -> list[Sid]:
        return [(citation.article_id, s.index) for s in self.sentences[citation.article_id]
                if s.start < citation.end and citation.start < s.end]


def score_brief(brief: Brief, gold_path: str | Path) -> dict[str, Score]:
    """Scores of every section of ``brief`` against the gold file."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    index = _Index(brief)
    return {
        "claims": _claims(brief, gold, index),
        "conflicts": _conflicts(brief, gold, index),
        "quotes": _quotes(brief, gold, index),
        "entities": _entities(brief, gold),
        "aliases": _aliases(brief, gold),
        "timeline": _timeline(brief, gold, index),
    }


def _pairs(groups: Iterable[list[Sid]]) -> set[frozenset[Sid]]:
    pairs = set()
    for group in groups:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a[0] != b[0]:
                    pairs.add(frozenset((a, b)))
    return pairs


def score_claim_indices(brief: Brief, gold_path: str | Path) -> Score:
    """Claim alignment against a gold file that names sentences by [file stem, sentence index]."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    index = _Index(brief)
    groups = [[(index.by_stem[stem], n) for stem, n in claim] for claim in gold["claims"]]
    return Score.of_sets(_predicted_pairs(brief, index), _pairs(groups))


def _claims(brief: Brief, gold: dict[str, Any], index: _Index) -> Score:
    gold_pairs = _pairs([index.find(*s) for s in c["sentences"]] for c in gold["claims"])
    return Score.of_sets(_predicted_pairs(brief, index), gold_pairs)


def _predicted_pairs(brief: Brief, index: _Index) -> set[frozenset[Sid]]:
    predicted_groups: list[list[Sid]] = []
    for claim in brief.claims:
        spans = [index.covered(c) for c in claim.citations]
        depth = max(len(s) for s in spans)
        if all(len(s) == depth for s in spans):
            for k in range(depth):  # a run of sentences pairs its k-th sentences
                predicted_groups.append([s[k] for s in spans])
            continue
        longest = next(s for s in spans if len(s) == depth)
        groups: list[list[Sid]] = [[sid] for sid in longest]
        for span in spans:
            if span is longest:
                continue
            for sid in span:
                words = index.words(sid)
                best = max(range(depth), key=lambda k: (len(words & index.words(longest[k])), -k))
                groups[best].append(sid)
        predicted_groups.extend(groups)
    return _pairs(predicted_groups)


def _conflicts(brief: Brief, gold: dict[str, Any], index: _Index) -> Score:
    gold_sigs = [(c["kind"], frozenset(frozenset(o) for o in c["values"].values())) for c in gold["conflicts"]]
    predicted = [(c.kind, frozenset(frozenset(index.outlet_stem[o] for o in v.outlets) for v in c.values))
                 for c in brief.conflicts]

    def match(p: tuple[str, frozenset[frozenset[str]]], g: tuple[str, frozenset[frozenset[str]]]) -> bool:
        return p[0] == g[0] and _outlet_values_match(p[1], g[1])

    right = sum(any(match(p, g) for g in gold_sigs) for p in predicted)
    found = sum(any(match(p, g) for p in predicted) for g in gold_sigs)
    return Score(right, len(predicted), found, len(gold_sigs))


def _outlet_values_match(predicted: frozenset[frozenset[str]], gold: frozenset[frozenset[str]]) -> bool:
    """Every gold value's outlets appear as one predicted value, and nothing predicted is outside gold."""
    gold_outlets = set().union(*gold)
    return all(any(g <= p for p in predicted) for g in gold) and set().union(*predicted) <= gold_outlets


def _quotes(brief: Brief, gold: dict[str, Any], index: _Index) -> Score:
    """A gold quote is found when one predicted quote has its speaker, every gold variant and exactly its
    outlets; a predicted quote is right when its speaker and one of its variants match a gold quote."""
    found = 0
    for item in gold["quotes"]:
        for quote in brief.quotes:
            texts = [v.text for v in quote.variants]
            variants_ok = all(any(g in t for t in texts) for g in item.get("variants", [item["text"]]))
            outlets = {index.outlet_stem[o] for o in quote.outlets}
            if quote.speaker == item["speaker"] and variants_ok and outlets == set(item["outlets"]):
                found += 1
                break
    right = sum(any(q.speaker == g["speaker"] and any(g["text"] in v.text for v in q.variants)
                    for g in gold["quotes"]) for q in brief.quotes)
    return Score(right, len(brief.quotes), found, len(gold["quotes"]))


def _entities(brief: Brief, gold: dict[str, Any]) -> Score:
    gold_names = {(n.lower(), e["type"]) for e in gold["entities"] for n in [e["name"], *e["aliases"]]}
    predicted = {(n.lower(), e.type) for e in brief.entities for n in [e.name, *e.aliases]}
    return Score.of_sets(predicted, gold_names)


def _aliases(brief: Brief, gold: dict[str, Any]) -> Score:
    def merges(groups: Iterable[list[str]]) -> set[frozenset[str]]:
        return {frozenset((a.lower(), b.lower())) for g in groups for i, a in enumerate(g) for b in g[i + 1:]}

    gold_pairs = merges([e["name"], *e["aliases"]] for e in gold["entities"])
    return Score.of_sets(merges([e.name, *e.aliases] for e in brief.entities), gold_pairs)


def _timeline(brief: Brief, gold: dict[str, Any], index: _Index) -> Score:
    gold_items = {(e["date"], index.find(*s)) for e in gold["timeline"] for s in e["sentences"]}
    predicted = {(e.date, sid) for e in brief.timeline for c in e.citations for sid in index.covered(c)}
    return Score.of_sets(predicted, gold_items)


def format_scores(scores: dict[str, Score]) -> str:
    lines = ["| section | precision | recall | F1 | right / predicted, found / gold |", "|---|---|---|---|---|"]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | "
                     f"{s.right} / {s.predicted}, {s.found} / {s.gold} |")
    return "\n".join(lines)


def score_file(paths: list[str], gold_path: str | Path, *, embeddings: bool = True) -> dict[str, Score]:
    """Brief the articles at ``paths`` and score it against ``gold_path`` (either gold format)."""
    from storyweave.pipeline import brief

    result = brief(paths, embeddings=embeddings)
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    if gold.get("claims") and isinstance(gold["claims"][0], list):
        return {"claims": score_claim_indices(result, gold_path)}
    return score_brief(result, gold_path)


SECTIONS = ("claims", "agreement", "conflicts", "quotes", "entities", "timeline")


def run_on_clusters(clusters: Sequence[Any], *, embeddings: bool = True, progress: bool = False) -> dict[str, Any]:
    """Analyse every cluster; count what each section found and time it (seconds per cluster)."""
    import statistics
    import time

    from tqdm import tqdm

    from storyweave.analyze import analyze, infer_dates
    from storyweave.summarize import build_cluster

    rows = []
    for cluster in tqdm(clusters, desc="analysis", unit="cluster", disable=not progress):
        started = time.perf_counter()
        found = analyze(build_cluster(infer_dates(cluster.articles)), embeddings=embeddings)
        seconds = time.perf_counter() - started
        counts = {
            "claims": len(found.claims), "agreement": sum(c.support >= 2 for c in found.claims),
            "conflicts": len(found.conflicts), "quotes": len(found.quotes), "entities": len(found.entities),
            "timeline": len(found.timeline),
        }
        rows.append({"cluster": cluster.id, "articles": len(cluster.articles), "seconds": round(seconds, 3), **counts})
    empty = {s: [r["cluster"] for r in rows if r[s] == 0] for s in SECTIONS}
    times = [r["seconds"] for r in rows]
    lines = ["| section | clusters with none | median per cluster | min | max |", "|---|---|---|---|---|"]
    for s in SECTIONS:
        values = [r[s] for r in rows]
        lines.append(f"| {s} | {len(empty[s])} | {statistics.median(values):g} | {min(values)} | {max(values)} |")
    lines.append(f"\n{len(rows)} clusters; seconds per cluster: median {statistics.median(times):.2f}, "
                 f"max {max(times):.2f}")
    return {"clusters": rows, "empty": empty, "table": "\n".join(lines)}
