"""The summarizer interface and its registry (one small class per method)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from storyweave.errors import ConfigError
from storyweave.model import Article, Budget, Sentence
from storyweave.represent import TfidfSpace, content_stems


@dataclass(frozen=True)
class Cluster:
    """The sentences of a story's articles, with cached representations."""

    articles: tuple[Article, ...]
    sentences: tuple[tuple[Sentence, ...], ...]  # per article, in article order

    @cached_property
    def flat(self) -> tuple[Sentence, ...]:
        return tuple(s for group in self.sentences for s in group)

    @cached_property
    def stems(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(content_stems(s.text)) for s in self.flat)

    @cached_property
    def vectors(self) -> Any:
        """L2-normalised tf-idf rows of every sentence in ``flat`` (idf over the story's sentences)."""
        return TfidfSpace(self.stems).transform(self.stems)

    @cached_property
    def article_index(self) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(self.articles)}

    def doc_of(self, sentence: Sentence) -> int:
        return self.article_index[sentence.article_id]

    def position(self, sentence: Sentence) -> float:
        """Relative position of a sentence in its article: 0.0 first, towards 1.0 last."""
        group = self.sentences[self.doc_of(sentence)]
        return sentence.index / max(1, len(group))


class Summarizer(Protocol):
    """Choose sentences of ``cluster`` (indices into ``cluster.flat``) within ``budget``."""

    name: str

    def select(self, cluster: Cluster, candidates: Sequence[int], budget: Budget) -> list[int]: ...


_REGISTRY: dict[str, Callable[[], Summarizer]] = {}


def register(name: str) -> Callable[[Callable[[], Summarizer]], Callable[[], Summarizer]]:
    def decorator(factory: Callable[[], Summarizer]) -> Callable[[], Summarizer]:
        _REGISTRY[name] = factory
        return factory

    return decorator


def get_summarizer(name: str) -> Summarizer:
    try:
        return _REGISTRY[name]()
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise ConfigError(f"unknown summarization method {name!r}; known methods: {known}") from None


def methods() -> list[str]:
    return sorted(_REGISTRY)
