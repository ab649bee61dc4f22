"""What every analysis step shares: the story's sentences, their similarities and the outlets' independence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from storyweave.clean import rules
from storyweave.model import Article, Citation, Sentence
from storyweave.represent import cosine_matrix, embed
from storyweave.summarize.base import Cluster

# Two articles are copies of one another (wire copies, syndicated reprints) when
# this share of their word 5-shingles is common to both (Jaccard). Copies with
# light edits score 0.5-0.9; different write-ups of one event stay below 0.1
# on both examples and on DUC 2003.
COPY_JACCARD = 0.5
SHINGLE = 5
# Claim alignment (see analyze/claims.py): two sentences state the same thing when
# their tf-idf cosine reaches ALIGN, or when it reaches SEMANTIC_FLOOR and their
# MiniLM cosine reaches SEMANTIC_ALIGN (paraphrases that share few words). Chosen
# on the two annotated sets (examples/kolvik-mine-rescue/gold.json and
# benchmarks/gold/kim-russia-2019.claims.json): pair F1 0.91 / 0.69, against
# 0.91 / 0.52 for tf-idf alone and 0.93 / 0.45 for the mean of both cosines.
ALIGN = 0.30
SEMANTIC_FLOOR = 0.15
SEMANTIC_ALIGN = 0.70


@dataclass
class Context:
    """A story under analysis. ``anchors`` maps article id to the date its relative expressions use."""

    cluster: Cluster
    anchors: dict[str, date | None] = field(default_factory=dict)
    inferred: frozenset[str] = frozenset()  # articles whose anchor was inferred, not given
    use_embeddings: bool = True

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.cluster.articles

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.cluster.flat

    @cached_property
    def row(self) -> dict[tuple[str, int], int]:
        return {(s.article_id, s.index): k for k, s in enumerate(self.sentences)}

    @cached_property
    def lexical(self) -> np.ndarray:
        """tf-idf cosine between every pair of sentences."""
        return cosine_matrix(self.cluster.vectors)

    @cached_property
    def semantic(self) -> np.ndarray | None:
        """Embedding cosine between every pair of sentences, or None without the embed extra."""
        if not self.use_embeddings or not embed.available() or not self.sentences:
            return None
        vectors = embed.embed([s.text for s in self.sentences])
        return np.asarray(vectors @ vectors.T)

    @cached_property
    def similarity(self) -> np.ndarray:
        """The similarity claims are aligned on: tf-idf cosine, raised to ``ALIGN`` for pairs whose
        embeddings are close and that share at least a few words."""
        if self.semantic is None:
            return self.lexical
        gate = self.lexical >= SEMANTIC_FLOOR
        gate &= self.semantic >= SEMANTIC_ALIGN
        raised = self.lexical.copy()  # (in place: a story of 4,599 sentences has 169 MB per matrix)
        np.maximum(raised, ALIGN, out=raised, where=gate)
        return raised

    @cached_property
    def copy_group(self) -> dict[str, int]:
        """Article id -> its independence group: one outlet, or articles that are copies, share a group."""
        parent = list(range(len(self.articles)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        shingles = [_shingles(a.text) for a in self.articles]
        for i, a in enumerate(self.articles):
            for j in range(i):
                b = self.articles[j]
                if a.outlet == b.outlet or _jaccard(shingles[i], shingles[j]) >= COPY_JACCARD:
                    parent[find(i)] = find(j)
        return {a.id: find(i) for i, a in enumerate(self.articles)}

    def readable(self, sentence: Sentence) -> str:
        """The sentence as the value and time readers see it: a sentence of an article's opening
        (its first ``STATED_DATE_CHARS``) with the time stamps of a page flattened into it blanked
        (``rules.page_stamps``; offsets stay). "Ferry Selka runs aground off Kessa May 3, 2025 at
        8:14 AM ET Updated 4:52 p.m. ET The ferry ran aground at 6:15 a.m. ...": 8:14 AM is when
        the page was published, not a time of the event to set against another outlet's."""
        text = sentence.text
        if sentence.start >= rules.STATED_DATE_CHARS:  # a page's stamps sit in its opening
            return text
        for start, end in rules.page_stamps(text):
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    def article_of(self, sentence: Sentence) -> Article:
        return self.cluster.articles[self.cluster.doc_of(sentence)]

    def citation(self, sentence: Sentence, similarity: float = 1.0, *, start: int | None = None,
                 end: int | None = None) -> Citation:
        """A citation of ``sentence`` (or of the span ``start``-``end`` of its article)."""
        article = self.article_of(sentence)
        begin = sentence.start if start is None else start
        finish = sentence.end if end is None else end
        return Citation(article.id, article.outlet, begin, finish, article.text[begin:finish], round(similarity, 3))

    def support(self, article_ids: set[str] | list[str]) -> int:
        """How many independent outlets the articles stand for."""
        return len({self.copy_group[a] for a in article_ids})


_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def _jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
