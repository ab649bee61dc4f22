"""Baselines for the benchmark, run on the same sentences and budget as storyweave's methods.

- ``lead``: the first sentences of the most recent article;
- ``lead-rr``: first sentences of every article in turn (round robin);
- ``sumy-lexrank``, ``sumy-textrank``, ``sumy-lsa``, ``sumy-kl``, ``sumy-sumbasic``: sumy's
  summarizers over the whole cluster as one document, fed our syntok sentences and a
  plain word tokenizer (sumy's own needs NLTK data that cannot be downloaded).

Each returns sentences in the order the method gives them; the harness cuts the
text at the word budget as ROUGE's ``-l`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from storyweave.errors import ConfigError
from storyweave.model import Budget
from storyweave.represent import words
from storyweave.summarize.base import Cluster

SUMY_METHODS = {
    "sumy-lexrank": "sumy.summarizers.lex_rank:LexRankSummarizer",
    "sumy-textrank": "sumy.summarizers.text_rank:TextRankSummarizer",
    "sumy-lsa": "sumy.summarizers.lsa:LsaSummarizer",
    "sumy-kl": "sumy.summarizers.kl:KLSummarizer",
    "sumy-sumbasic": "sumy.summarizers.sum_basic:SumBasicSummarizer",
}


def lead(cluster: Cluster, budget: Budget) -> list[str]:
    """The most recent article's first sentences, going on into the next article if it is short.

    Articles are taken newest first; undated ones keep the order they were given
    in (so on undated data this is the lead of the concatenated cluster).
    """
    def recency(i: int) -> tuple[bool, date, int]:
        published = cluster.articles[i].published
        # Same-day articles: the later one given is the later one (DUC's DOCNOs sort by time).
        return (published is not None, published or date.min, i if published else -i)

    order = sorted(range(len(cluster.articles)), key=recency, reverse=True)
    return _fill([s.text for i in order for s in cluster.sentences[i]], budget)


def lead_round_robin(cluster: Cluster, budget: Budget) -> list[str]:
    """First sentences of every article in date order, then second sentences, and so on."""
    order = sorted(range(len(cluster.articles)), key=lambda i: cluster.articles[i].published or date.min)
    queue = [s.text for depth in range(max(len(g) for g in cluster.sentences))
             for i in order if depth < len(cluster.sentences[i]) for s in [cluster.sentences[i][depth]]]
    return _fill(queue, budget)


def _fill(sentences: Sequence[str], budget: Budget) -> list[str]:
    """Sentences in order until the budget is reached (the last one may run over: ROUGE cuts it)."""
    chosen: list[str] = []
    spent = 0
    for sentence in sentences:
        if spent >= budget.amount:
            break
        chosen.append(sentence)
        spent += budget.cost(sentence)
    return chosen


class _WordTokenizer:
    """The tokenizer interface sumy expects, without NLTK."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def sumy_method(name: str) -> Callable[[Cluster, Budget], list[str]]:
    if name not in SUMY_METHODS:
        raise ConfigError(f"unknown baseline {name!r}")

    def run(cluster: Cluster, budget: Budget) -> list[str]:
        return _run_sumy(SUMY_METHODS[name], cluster, budget)

    return run


def _run_sumy(target: str, cluster: Cluster, budget: Budget) -> list[str]:
    import importlib

    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    module_name, class_name = target.split(":")
    summarizer: Any = getattr(importlib.import_module(module_name), class_name)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _WordTokenizer()
    paragraphs = [Paragraph([Sentence(s.text, tokenizer) for s in group]) for group in cluster.sentences if group]
    document = ObjectDocumentModel(paragraphs)

    def until_budget(infos: Sequence[Any]) -> list[Any]:  # infos come best-rated first
        chosen, spent = [], 0
        for info in infos:
            if spent >= budget.amount:
                break
            chosen.append(info)
            spent += budget.cost(str(info.sentence))
        return chosen

    return [str(s) for s in summarizer(document, until_budget)]


BASELINES: dict[str, Callable[[Cluster, Budget], list[str]]] = {
    "lead": lead,
    "lead-rr": lead_round_robin,
    **{name: sumy_method(name) for name in SUMY_METHODS},
}
