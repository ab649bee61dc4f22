"""HTML pages: main text and metadata through trafilatura, then our own cleaning."""

from __future__ import annotations

import json
import re
from datetime import date

from storyweave.errors import MalformedInputError
from storyweave.ingest.meta import parse_date
from storyweave.model import Article, DateSource

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")
_BLANK_RUN_RE = re.compile(r"\n\s*\n\s*")


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one paragraph per block element."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", html)
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip()


def article_from_html(
    html: str,
    *,
    source: str,
    outlet: str | None = None,
    stem: str | None = None,
    url: str | None = None,
    fallback_date: date | None = None,
    fallback_date_source: DateSource = "metadata",
    outlet_origin: str | None = None,
) -> Article:
    """Extract the article of an HTML page; raise ``MalformedInputError`` if it has none.

    ``url`` (where the page was fetched, e.g. a WARC record's) wins over the page's own
    canonical link; ``fallback_date`` is used when the page's metadata gives no date.
    """
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
    published = parse_date(meta.get("date"))
    article = article_from_text(
        text,
        source=source,
        outlet=outlet or site_name or hostname,
        title=meta.get("title") or None,
        published=published,
        url=url or meta.get("source") or meta.get("url") or None,
        stem=stem,
        outlet_origin=outlet_origin or ("mapping" if outlet else "metadata"),
    )
    if article.published is None and fallback_date is not None:
        from dataclasses import replace

        article = replace(article, published=fallback_date, date_source=fallback_date_source)
    return article
