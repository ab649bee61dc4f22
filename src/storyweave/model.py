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

SCHEMA_VERSION = "1.3"

# "crawl": a WARC record's date; "text" and "story": inferred, see analyze
DateSource = Literal["metadata", "dateline", "url", "crawl", "text", "story"]
Granularity = Literal["year", "month", "week", "day", "time"]
EntityType = Literal["person", "place", "organization"]
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
    # "metadata", "url", "mapping", "text", "filename", or "record": not given, named after its place in a dump
    outlet_source: str | None = None
    removed: tuple[Removed, ...] = ()
    language: str | None = None  # ISO 639-1 code, detected from the text


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
    """One sentence of the summary: taken verbatim from ``citations[0]``. ``speaker`` is set when
    the sentence is someone's words, inside a quotation or an interview's turn that it does not
    open itself ("... that's prison," Marek said. "That's criminal behaviour."): whose words they are."""

    text: str
    citations: tuple[Citation, ...]
    speaker: str | None = None

    @property
    def outlets(self) -> tuple[str, ...]:
        return _outlets(self.citations)


def _outlets(citations: tuple[Citation, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for citation in citations:
        seen.setdefault(citation.outlet, None)
    return tuple(seen)


@dataclass(frozen=True)
class Claim:
    """Sentences of different articles that state the same thing.

    ``text`` is the span of ``citations[0]``. ``support`` counts independent
    outlets: wire copies of one article count once. ``verbatim`` is set when the
    sentences share their wording (a statement quoted word for word, or a copy).
    """

    id: str
    text: str
    citations: tuple[Citation, ...]
    support: int
    verbatim: bool = False

    @property
    def outlets(self) -> tuple[str, ...]:
        return _outlets(self.citations)


@dataclass(frozen=True)
class ConflictValue:
    """One value given for a slot: as written, normalised, and where."""

    value: str
    normalized: str
    citations: tuple[Citation, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return _outlets(self.citations)


@dataclass(frozen=True)
class Conflict:
    """A slot (a count, a duration, a time...) that outlets fill with incompatible values."""

    about: str
    kind: str  # count, amount, duration, date, time, ordinal, role
    values: tuple[ConflictValue, ...]
    confidence: float  # 0..1
    note: str | None = None

    @property
    def level(self) -> str:
        return "high" if self.confidence >= 0.7 else "medium" if self.confidence >= 0.4 else "low"


@dataclass(frozen=True)
class QuoteVariant:
    """One wording of a quote, with the spans (one per fragment, per article) that carry it."""

    text: str
    citations: tuple[Citation, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return _outlets(self.citations)


@dataclass(frozen=True)
class Quote:
    """A direct quote, with its speaker, cue verb and every wording outlets give."""

    speaker: str | None
    cue: str | None
    variants: tuple[QuoteVariant, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return _outlets(tuple(c for v in self.variants for c in v.citations))


@dataclass(frozen=True)
class Entity:
    """A person, place or organisation, with merged aliases and the evidence for each merge."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    role: str | None = None
    mentions: int = 0
    outlets: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEvent:
    """A dated statement: ``date`` is ISO (2019-04-24, 2019-04, 2019, 2019-W17, 2019-04-24T10:30)."""

    date: str
    granularity: Granularity
    text: str
    citations: tuple[Citation, ...]
    expressions: tuple[str, ...] = ()  # the phrases resolved, as written ("yesterday")
    background: bool = False  # long before the story's own days
    inferred: bool = False  # resolved against a publication date inferred from text

    @property
    def outlets(self) -> tuple[str, ...]:
        return _outlets(self.citations)


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
    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    meta: dict[str, object] = field(default_factory=dict, compare=False)
    story: dict[str, object] | None = field(default=None, compare=False)  # the stored story it was made from

    @property
    def agreement(self) -> tuple[Claim, ...]:
        """Claims backed by two or more independent outlets, best supported first."""
        return tuple(sorted((c for c in self.claims if c.support >= 2), key=lambda c: -c.support))

    @property
    def exclusives(self) -> dict[str, tuple[Claim, ...]]:
        """Outlet -> the claims only that outlet makes."""
        result: dict[str, list[Claim]] = {}
        for claim in self.claims:
            if len(claim.outlets) == 1:
                result.setdefault(claim.outlets[0], []).append(claim)
        return {outlet: tuple(claims) for outlet, claims in result.items()}

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
