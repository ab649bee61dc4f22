"""The JSON form of a brief, versioned by ``SCHEMA_VERSION`` (schema: brief.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

from storyweave.model import SCHEMA_VERSION, Article, Brief, Citation

SCHEMA_PATH = Path(__file__).with_name("brief.schema.json")


def citation_to_dict(citation: Citation) -> dict[str, object]:
    return {
        "article_id": citation.article_id,
        "outlet": citation.outlet,
        "start": citation.start,
        "end": citation.end,
        "text": citation.text,
        "similarity": citation.similarity,
    }


def article_to_dict(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "text": article.text,
        "source": article.source,
        "source_id": article.source_id,
        "date_source": article.date_source,
        "outlet_source": article.outlet_source,
        "removed": [{"reason": r.reason, "text": r.text, "line": r.line} for r in article.removed],
    }


def brief_to_dict(brief: Brief) -> dict[str, object]:
    from storyweave import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "storyweave", "version": __version__, "method": brief.method},
        "title": brief.title,
        "budget": {"amount": brief.budget.amount, "unit": brief.budget.unit},
        "summary": [
            {
                "text": s.text,
                "outlets": list(s.outlets),
                "citations": [citation_to_dict(c) for c in s.citations],
            }
            for s in brief.summary
        ],
        "articles": [article_to_dict(a) for a in brief.articles],
        "skipped": [{"source": s.source, "reason": s.reason} for s in brief.skipped],
    }


def brief_to_json(brief: Brief, *, indent: int | None = 2) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=indent)
