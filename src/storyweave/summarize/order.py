"""Reading order for extracted sentences.

News articles put what matters first, so a sentence's relative position in its
article says where it belongs in a story. Ties go to the earlier article, and
within one article the original order is always kept.
"""

from __future__ import annotations

from datetime import date

from storyweave.model import Sentence
from storyweave.summarize.base import Cluster


def reading_order(cluster: Cluster, chosen: list[Sentence]) -> list[Sentence]:
    def key(sentence: Sentence) -> tuple[float, date, int, int]:
        article = cluster.articles[cluster.doc_of(sentence)]
        return (
            round(cluster.position(sentence), 1),
            article.published or date.min,
            cluster.doc_of(sentence),
            sentence.index,
        )

    ordered = sorted(chosen, key=key)
    # Keep each article's own order: a later sentence never precedes an earlier one.
    by_article: dict[str, list[Sentence]] = {}
    for sentence in ordered:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    queues = {k: sorted(v, key=lambda s: s.index) for k, v in by_article.items()}
    return [queues[s.article_id].pop(0) for s in ordered]
