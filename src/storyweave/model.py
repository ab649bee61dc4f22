"""The data model passed through every stage.

Plain frozen dataclasses with no heavy imports. Every offset is a character
offset into ``Article.text`` (the *cleaned* text), so a citation
``(article_id, start, end)`` always points at an exact span.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

SCHEMA_VERSION = "1.0"

DateSource = Literal["metadata", "dateline", "url", "text"]
BudgetUnit = Literal["words", "bytes", "sentences"]


def content_id(text: str, *, length: int = 16) -> str:
    """A stable id for a piece of text: the hash of its whitespace-normalised form."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class Removed:
    """A piece of raw input that cleaning took out, and why."""

    reason: str
    text: str
    line: int  # 1-based line number in the raw input


@dataclass(frozen=True)
class Article:
    """One news article after ingestion and cleaning."""

    id: str
    outlet: str
    title: str | None
    published: date | None
    text: str  # the cleaned text that every offset refers to
    url: str | None = None
    source: str | None = None  # file path (and line for JSONL) it came from
    source_id: str | None = None  # the id the input gave, if any
    date_source: DateSource | None = None
    outlet_source: str | None = None  # "metadata", "url", "mapping", "text" or "filename"
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, as a span of its cleaned text."""

    article_id: str
    index: int  # position within the article, from 0
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class Citation:
    """A span of an article that supports a statement."""

    article_id: str
    outlet: str
    start: int
    end: int
    text: str
    similarity: float = 1.0  # 1.0 for the sentence a statement was taken from


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of the summary: taken verbatim from ``citations[0]``."""

    text: str
    citations: tuple[Citation, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for citation in self.citations:
            seen.setdefault(citation.outlet, None)
        return tuple(seen)


@dataclass(frozen=True)
class Budget:
    """A length budget for a summary."""

    amount: int
    unit: BudgetUnit = "words"

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError(f"budget must be positive, got {self.amount} {self.unit}")

    def cost(self, text: str) -> int:
        if self.unit == "words":
            return len(text.split())
        if self.unit == "bytes":
            return len(text.encode("utf-8"))
        return 1


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, with the reason."""

    source: str
    reason: str


@dataclass(frozen=True)
class Brief:
    """The brief of one story."""

    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    budget: Budget
    method: str
    skipped: tuple[Skipped, ...] = ()
    title: str | None = None
    meta: dict[str, object] = field(default_factory=dict, compare=False)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    def to_dict(self) -> dict[str, object]:
        from storyweave.render.json import brief_to_dict

        return brief_to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        from storyweave.render.json import brief_to_json

        return brief_to_json(self, indent=indent)

    def to_markdown(self) -> str:
        from storyweave.render.markdown import brief_to_markdown

        return brief_to_markdown(self)

    def to_html(self) -> str:
        from storyweave.render.html import brief_to_html

        return brief_to_html(self)
