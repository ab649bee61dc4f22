"""RSS and Atom feed files (feedparser): each entry's content, else its summary, with link and date.

The outlet is the site of the entry's link, else the feed's title. An entry whose
text is too short to be an article (a headline and a teaser line) is skipped with
that reason; the other entries go on.
"""

from __future__ import annotations

import calendar
import logging
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from storyweave.errors import InputError, MalformedInputError
from storyweave.ingest.html import fragment_text
from storyweave.ingest.meta import parse_date, site_of
from storyweave.model import Skipped

if TYPE_CHECKING:
    from storyweave.ingest import Loaded

__all__ = ["looks_like_feed", "read_feed"]

log = logging.getLogger(__name__)


def looks_like_feed(text: str) -> bool:
    """True when ``text`` opens like an RSS, RDF or Atom document."""
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def read_feed(text: str, source: str, *, outlet: str | None = None) -> Loaded:
    """The articles of one feed document; ``MalformedInputError`` when it is not a readable feed."""
    import feedparser

    from storyweave.ingest import Loaded

    parsed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable RSS or Atom feed ({problem})" if problem else "a feed with no entries"
        raise MalformedInputError(source, reason)
    if parsed.get("bozo"):
        log.info("%s: feed is not well-formed (%s); reading what feedparser recovered", source,
                 parsed.get("bozo_exception"))
    feed_title = (parsed.feed.get("title") or "").strip() or None
    loaded = Loaded()
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#entry{number}"
        try:
            loaded.articles.append(_entry_article(entry, where, outlet=outlet, feed_title=feed_title))
        except InputError as exc:
            log.warning("%s", exc)
            loaded.skipped.append(Skipped(exc.source, exc.reason))
    if parsed.get("bozo") and not loaded.articles:
        raise MalformedInputError(source, f"not a well-formed feed ({parsed.get('bozo_exception')})")
    return loaded


def _entry_article(entry: Any, where: str, *, outlet: str | None, feed_title: str | None) -> Any:
    from storyweave.ingest import article_from_text

    body = _entry_html(entry)
    text = fragment_text(body) if "<" in body else body
    if not text.strip():
        raise MalformedInputError(where, "feed entry has no content or summary")
    link = (entry.get("link") or "").strip() or None
    name, origin = outlet, "mapping"
    if not name:
        name, origin = (site_of(link), "url") if link and site_of(link) else (feed_title, "metadata")
    given_id = entry.get("id") or link
    return article_from_text(
        text,
        source=where,
        outlet=name,
        title=(entry.get("title") or "").strip() or None,
        published=_entry_date(entry),
        url=link,
        source_id=given_id,
        outlet_origin=origin,
    )


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date()
    for key in ("published", "updated", "dc_date"):
        found = parse_date(entry.get(key))
        if found:
            return found
    return None
