"""The whole job for one story: articles in, cited brief out."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

from storyweave.analyze import analyze, infer_dates
from storyweave.errors import ConfigError, NoArticlesError
from storyweave.ingest import load
from storyweave.model import Article, Brief, Budget, Sentence, Skipped
from storyweave.represent.titles import story_title
from storyweave.summarize import DEFAULT_METHOD, build_cluster, quoted_speakers, summarize
from storyweave.summarize.base import Cluster
from storyweave.summarize.candidates import LEAD_TRIES, lead_choice, lead_headline, lead_order

PathOrArticle = str | os.PathLike[str] | Article


def brief(
    inputs: PathOrArticle | Iterable[PathOrArticle],
    *,
    words: int | None = None,
    bytes: int | None = None,
    sentences: int | None = None,
    method: str = DEFAULT_METHOD,
    outlets: Mapping[str, str] | None = None,
    analysis: bool = True,
    embeddings: bool = True,
    split: Mapping[str, Sequence[Sentence]] | None = None,
) -> Brief:
    """The brief of one story told by ``inputs`` (paths, folders, globs or ``Article`` objects).

    The budget is 100 words unless one of ``words``, ``bytes`` or ``sentences``
    is given. ``analysis=False`` leaves out claims, conflicts, quotes, entities
    and timeline (the summary alone); ``embeddings=False`` aligns claims on
    words alone even when the embedding extra is installed. ``split`` gives the sentences of
    articles already split (by article id; the store keeps them). Inputs that cannot
    be read are listed in ``Brief.skipped``; if nothing at all can be read, ``NoArticlesError`` is raised.
    """
    budget = make_budget(words=words, bytes=bytes, sentences=sentences)
    items = [inputs] if isinstance(inputs, str | os.PathLike | Article) else list(inputs)
    articles = [item for item in items if isinstance(item, Article)]
    paths = [item for item in items if not isinstance(item, Article)]
    skipped: list[Skipped] = []
    if paths:
        loaded = load(paths, outlets=outlets)
        articles.extend(loaded.articles)
        skipped.extend(loaded.skipped)
    if not articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or "no inputs given"
        raise NoArticlesError(f"no usable article in the input ({reasons})")
    articles = infer_dates(articles)
    cluster = build_cluster(articles, split)
    found = analyze(cluster, embeddings=embeddings) if analysis else None
    summary = summarize(cluster, budget, method=method,
                        speakers=quoted_speakers(cluster, found.quotes) if found else None)
    return Brief(
        articles=cluster.articles,
        summary=summary,
        budget=budget,
        method=method,
        skipped=tuple(skipped),
        title=story_title(cluster.articles) or _lead_title(cluster),
        claims=found.claims if found else (),
        conflicts=found.conflicts if found else (),
        quotes=found.quotes if found else (),
        entities=found.entities if found else (),
        timeline=found.timeline if found else (),
        meta={"ner": found.ner, "embeddings": found.embeddings} if found else {},
    )


def _lead_title(cluster: Cluster) -> str | None:
    """The headline of a story whose articles have (mostly) no titles: its lead, as a store lists
    such a story (``lead_choice`` over the earliest articles, then ``lead_headline``)."""
    firsts = {a.id: next(iter(s), None) for a, s in zip(cluster.articles, cluster.sentences, strict=True)}
    earliest = sorted(cluster.articles, key=lambda a: (a.published is None, a.published))[:LEAD_TRIES]
    typical = [earliest[k] for k in lead_order([a.text for a in earliest])]
    lead = lead_choice(" ".join(first.text.split()) if (first := firsts[a.id]) else None for a in typical)
    return lead_headline(lead) if lead else None


def make_budget(*, words: int | None = None, bytes: int | None = None, sentences: int | None = None) -> Budget:
    given = [(n, unit) for n, unit in ((words, "words"), (bytes, "bytes"), (sentences, "sentences")) if n is not None]
    if len(given) > 1:
        raise ConfigError("give one budget: words, bytes or sentences")
    amount, unit = given[0] if given else (100, "words")
    if amount <= 0:
        raise ConfigError(f"the budget must be a positive number of {unit}, got {amount}")
    return Budget(amount=amount, unit=unit)  # type: ignore[arg-type]
