"""Summarize stage: a cited, budgeted, extractive multi-document summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyweave.model import Article, Budget, Quote, Sentence, SummarySentence
from storyweave.segment import split_sentences
from storyweave.summarize import centroid, concepts, lexrank, mmr, submodular  # noqa: F401  (register)
from storyweave.summarize.base import Cluster, get_summarizer, methods
from storyweave.summarize.candidates import dateline_length, in_quotation, is_candidate, turn_speaker
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


def select_sentences(cluster: Cluster, budget: Budget, *, method: str = DEFAULT_METHOD,
                     speakers: Mapping[tuple[str, int], str] | None = None) -> list[Sentence]:
    """The summary sentences of ``cluster`` in reading order, without citations. A sentence inside
    a quotation (one that an earlier sentence opened) is a candidate only when ``speakers`` (by article
    id and sentence index, see ``quoted_speakers``) or the interview's turn says whose words it is."""
    summarizer = get_summarizer(method)
    texts = [a.text for a in cluster.articles]
    candidates = [k for k, s in enumerate(cluster.flat)
                  if is_candidate(s, texts[cluster.doc_of(s)], speaker=said_by(cluster, s, speakers))]
    if not candidates:  # very short inputs: allow any sentence that fits
        candidates = list(range(len(cluster.flat)))
    chosen = summarizer.select(cluster, candidates, budget)
    return reading_order(cluster, [cluster.flat[k] for k in chosen])


def summarize(
    articles: Sequence[Article] | Cluster, budget: Budget, *, method: str = DEFAULT_METHOD,
    speakers: Mapping[tuple[str, int], str] | None = None,
) -> tuple[SummarySentence, ...]:
    """Choose sentences within ``budget``, put them in reading order, and cite them; a sentence of
    someone's words names them (``speakers``, as for ``select_sentences``)."""
    cluster = articles if isinstance(articles, Cluster) else build_cluster(articles)
    chosen = select_sentences(cluster, budget, method=method, speakers=speakers)
    citations = cite(cluster, chosen)
    return tuple(SummarySentence(text=s.text, citations=c, speaker=said_by(cluster, s, speakers))
                 for s, c in zip(chosen, citations, strict=True))


def said_by(cluster: Cluster, sentence: Sentence, speakers: Mapping[tuple[str, int], str] | None) -> str | None:
    """Whose words ``sentence`` is, when it is inside a quotation or an interview's turn: ``speakers``'
    entry for it, else the turn's speaker; None when it is not inside one or no one is known."""
    text = cluster.articles[cluster.doc_of(sentence)].text
    if not in_quotation(text, sentence.start):
        return None
    return (speakers or {}).get((sentence.article_id, sentence.index)) or turn_speaker(text, sentence.start)


def quoted_speakers(cluster: Cluster, quotes: Sequence[Quote]) -> dict[tuple[str, int], str]:
    """The speaker of every sentence that starts inside a quote with a known speaker, by article id
    and sentence index."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for quote in quotes:
        if quote.speaker:
            for variant in quote.variants:
                for c in variant.citations:
                    spans.setdefault(c.article_id, []).append((c.start, c.end, quote.speaker))
    found = {}
    for sentence in cluster.flat:
        for start, end, speaker in spans.get(sentence.article_id, ()):
            if start <= sentence.start < end:
                found[(sentence.article_id, sentence.index)] = speaker
                break
    return found
