"""HTML pages: main text and metadata through trafilatura, then our own cleaning."""

from __future__ import annotations

import json

from storyweave.errors import MalformedInputError
from storyweave.ingest.meta import parse_date
from storyweave.model import Article


def article_from_html(html: str, *, source: str, outlet: str | None = None, stem: str | None = None) -> Article:
    """Extract the article of an HTML page; raise ``MalformedInputError`` if it has none."""
    from storyweave.ingest import article_from_text

    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - trafilatura is a core dependency
        raise MalformedInputError(source, "HTML input needs trafilatura: pip install trafilatura") from exc
    if "<" not in html:
        raise MalformedInputError(source, "not an HTML document (no markup found)")
    extracted = trafilatura.extract(
        html, output_format="json", with_metadata=True, include_comments=False, include_tables=False
    )
    if not extracted:
        raise MalformedInputError(source, "no article text found in the HTML page")
    meta = json.loads(extracted)
    text = meta.get("text") or ""
    site_name = meta.get("source-hostname")
    hostname = meta.get("hostname")
    return article_from_text(
        text,
        source=source,
        outlet=outlet or site_name or hostname,
        title=meta.get("title") or None,
        published=parse_date(meta.get("date")),
        url=meta.get("source") or meta.get("url") or None,
        stem=stem,
        outlet_origin="mapping" if outlet else "metadata",
    )
