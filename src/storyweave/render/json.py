"""The JSON form of a brief, versioned by ``SCHEMA_VERSION`` (schema: brief.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

from storyweave.model import SCHEMA_VERSION, Article, Brief, Citation, Claim, Conflict, Entity, Quote, TimelineEvent

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
        "language": article.language,
        "removed": [{"reason": r.reason, "text": r.text, "line": r.line} for r in article.removed],
    }


def claim_to_dict(claim: Claim) -> dict[str, object]:
    return {
        "id": claim.id,
        "text": claim.text,
        "support": claim.support,
        "verbatim": claim.verbatim,
        "outlets": list(claim.outlets),
        "citations": [citation_to_dict(c) for c in claim.citations],
    }


def conflict_to_dict(conflict: Conflict) -> dict[str, object]:
    return {
        "about": conflict.about,
        "kind": conflict.kind,
        "confidence": conflict.confidence,
        "level": conflict.level,
        "note": conflict.note,
        "values": [
            {"value": v.value, "normalized": v.normalized, "outlets": list(v.outlets),
             "citations": [citation_to_dict(c) for c in v.citations]}
            for v in conflict.values
        ],
    }


def quote_to_dict(quote: Quote) -> dict[str, object]:
    return {
        "speaker": quote.speaker,
        "cue": quote.cue,
        "outlets": list(quote.outlets),
        "variants": [
            {"text": v.text, "outlets": list(v.outlets), "citations": [citation_to_dict(c) for c in v.citations]}
            for v in quote.variants
        ],
    }


def entity_to_dict(entity: Entity) -> dict[str, object]:
    return {
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "role": entity.role,
        "mentions": entity.mentions,
        "outlets": list(entity.outlets),
        "evidence": list(entity.evidence),
    }


def event_to_dict(event: TimelineEvent) -> dict[str, object]:
    return {
        "date": event.date,
        "granularity": event.granularity,
        "text": event.text,
        "expressions": list(event.expressions),
        "background": event.background,
        "inferred": event.inferred,
        "outlets": list(event.outlets),
        "citations": [citation_to_dict(c) for c in event.citations],
    }


def brief_to_dict(brief: Brief) -> dict[str, object]:
    from storyweave import __version__

    result: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "storyweave", "version": __version__, "method": brief.method},
        "title": brief.title,
        "budget": {"amount": brief.budget.amount, "unit": brief.budget.unit},
        "summary": [
            {
                "text": s.text,
                "speaker": s.speaker,
                "outlets": list(s.outlets),
                "citations": [citation_to_dict(c) for c in s.citations],
            }
            for s in brief.summary
        ],
        "claims": [claim_to_dict(c) for c in brief.claims],
        "agreement": [c.id for c in brief.agreement],
        "exclusives": {outlet: [c.text for c in claims] for outlet, claims in brief.exclusives.items()},
        "conflicts": [conflict_to_dict(c) for c in brief.conflicts],
        "quotes": [quote_to_dict(q) for q in brief.quotes],
        "entities": [entity_to_dict(e) for e in brief.entities],
        "timeline": [event_to_dict(e) for e in brief.timeline],
        "analysis": dict(brief.meta),
        "articles": [article_to_dict(a) for a in brief.articles],
        "skipped": [{"source": s.source, "reason": s.reason} for s in brief.skipped],
    }
    if brief.story is not None:
        result["story"] = dict(brief.story)
    return result


def brief_to_json(brief: Brief, *, indent: int | None = 2) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=indent)
