"""Summarize stage: a cited, budgeted, extractive multi-document summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyweave.model import Article, Budget, Sentence, SummarySentence
from storyweave.segment import split_sentences
from storyweave.summarize import centroid, concepts, lexrank, mmr, submodular  # noqa: F401  (register)
from storyweave.summarize.base import Cluster, get_summarizer, methods
from storyweave.summarize.candidates import dateline_length, is_candidate
from storyweave.summarize.cite import cite
from storyweave.summarize.order import reading_order

__all__ = ["DEFAULT_METHOD", "build_cluster", "methods", "select_sentences", "summarize"]

DEFAULT_METHOD = "concepts"


def build_cluster(articles: Sequence[Article], split: Mapping[str, Sequence[Sentence]] | None = None) -> Cluster:
    """Segment the articles (``split`` gives the sentences of those already split, by article
    id); sentences that open with a dateline lose it. An article given twice (the same id: the
    same text) is in the cluster once, as reading files keeps it (``ingest.load``): a copy is
    no second source."""
    split = split or {}
    firsts: dict[str, Article] = {}
    for article in articles:
        firsts.setdefault(article.id, article)
    articles = list(firsts.values())
    groups = tuple(
        tuple(_trim_dateline(a, s) for s in (split[a.id] if a.id in split else split_sentences(a))) for a in articles
    )
    return Cluster(articles=tuple(articles), sentences=groups)


def _trim_dateline(article: Article, sentence: Sentence) -> Sentence:
    skip = dateline_length(sentence.text) if sentence.index == 0 else 0
    if not skip:
        return sentence
    start = sentence.start + skip
    return Sentence(sentence.article_id, sentence.index, start, sentence.end,
                    article.text[start:sentence.end], sentence.paragraph)


def select_sentences(cluster: Cluster, budget: Budget, *, method: str = DEFAULT_METHOD) -> list[Sentence]:
    """The summary sentences of ``cluster`` in reading order, without citations."""
    summarizer = get_summarizer(method)
    candidates = [k for k, s in enumerate(cluster.flat) if is_candidate(s)]
    if not candidates:  # very short inputs: allow any sentence that fits
        candidates = list(range(len(cluster.flat)))
    chosen = summarizer.select(cluster, candidates, budget)
    return reading_order(cluster, [cluster.flat[k] for k in chosen])


def summarize(
    articles: Sequence[Article] | Cluster, budget: Budget, *, method: str = DEFAULT_METHOD
) -> tuple[SummarySentence, ...]:
    """Choose sentences within ``budget``, put them in reading order, and cite them."""
    cluster = articles if isinstance(articles, Cluster) else build_cluster(articles)
    chosen = select_sentences(cluster, budget, method=method)
    citations = cite(cluster, chosen)
    return tuple(SummarySentence(text=s.text, citations=c) for s, c in zip(chosen, citations, strict=True))
