"""Briefs of stored stories, cached in the store and remade when the story changes.

A cached brief is keyed by the story, the output format, the options and the storyweave
version that made it (a newer storyweave may analyse or render differently); it is used
only while the story's version (which goes up whenever its articles change) is the
one it was made from.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace

from storyweave.errors import NoArticlesError
from storyweave.model import Brief
from storyweave.pipeline import brief
from storyweave.store import DEFAULT_DB, Store

__all__ = ["StoryBrief", "story_brief", "story_brief_text"]


@dataclass(frozen=True)
class StoryBrief:
    """A rendered brief of a stored story, and whether it came from the cache."""

    story_id: str
    text: str
    cached: bool


def story_brief(store: Store, story_id: str, **options: object) -> Brief:
    """The brief of one stored story (its current articles); ``options`` as for ``storyweave.brief``."""
    row = store.story(story_id)  # follows the alias of a merged story
    story_id = row.id
    articles = store.story_articles(story_id)
    if not articles:
        raise NoArticlesError(f"story {story_id!r} has no articles")
    made = brief(articles, split=store.sentences_of(articles), **options)  # type: ignore[arg-type]
    duplicates = {
        r["id"]: r["duplicate_of"]
        for r in store.db.execute(
            "SELECT id, duplicate_of FROM articles WHERE story_id = ? AND current = 1 AND duplicate_of IS NOT NULL",
            (story_id,),
        )
    }
    story: dict[str, object] = {"id": row.id, "topic": row.topic_id, "version": row.version,
                                "near_duplicates": duplicates}
    # The story's listed headline, so that a brief and the listing agree.
    return replace(made, story=story, title=row.title or made.title)


def story_brief_text(
    story_id: str,
    *,
    db: str | os.PathLike[str] | Store = DEFAULT_DB,
    format: str = "markdown",
    refresh: bool = False,
    **options: object,
) -> StoryBrief:
    """The brief of a stored story rendered as ``format``, from the cache when the story has not changed."""
    from storyweave import __version__, code_fingerprint
    from storyweave.render import render

    store = db if isinstance(db, Store) else Store(db)
    try:
        story_id = store.story(story_id).id  # a clear error for an unknown id; aliases followed
        key = json.dumps({"format": format, "storyweave": __version__, "code": code_fingerprint(), **options},
                         sort_keys=True, default=str)
        if not refresh:
            cached = store.cached_brief(story_id, key)
            if cached is not None:
                return StoryBrief(story_id, cached, cached=True)
        text = render(story_brief(store, story_id, **options), format)
        store.save_brief(story_id, key, text)
        return StoryBrief(story_id, text, cached=False)
    finally:
        if not isinstance(db, Store):
            store.close()
