"""The Markdown form of a brief: readable in a terminal and in any Markdown viewer."""

from __future__ import annotations

from collections.abc import Sequence

from storyweave.model import Article, Brief, Citation, Claim, Conflict, Entity, Quote, SummarySentence, TimelineEvent
from storyweave.render.words import NO_CONFLICTS, compared, compared_without_conflict, counted, reworded, sources

EXCLUSIVES_SHOWN = 5  # per outlet; the JSON form has them all
MINOR_ENTITY_MENTIONS = 1


def inline(text: str) -> str:
    """A cited span on one line: a span may run over a paragraph break (a claim of two sentences,
    a quotation of two paragraphs), which would end a Markdown list item. The JSON form keeps the
    span as it is, with its offsets."""
    return " ".join(text.split())


def source_numbers(brief: Brief) -> dict[str, int]:
    """Article id -> its number in the source list, from 1."""
    return {a.id: n for n, a in enumerate(brief.articles, start=1)}


def brief_to_markdown(brief: Brief) -> str:
    numbers = source_numbers(brief)
    lines = [
        f"# {brief.title or 'Untitled story'}",
        "",
        f"*{sources(brief.articles)}; summary of at most "
        f"{brief.budget.amount} {brief.budget.unit} by `{brief.method}`. "
        "Numbers in brackets are sources; the first is where the sentence was taken from.*",
        "",
        "## Summary",
        "",
    ]
    lines += [f"{n}. {_summary_line(s, numbers)}" for n, s in enumerate(brief.summary, start=1)]
    lines += analysis_markdown(brief, numbers)
    lines += ["", "## Sources", ""]
    lines += [_source_line(a, numbers[a.id]) for a in brief.articles]
    if brief.skipped:
        lines += ["", "## Skipped input", ""]
        lines += [f"- `{s.source}`: {s.reason}" for s in brief.skipped]
    return "\n".join(lines) + "\n"


def _summary_line(sentence: SummarySentence, numbers: dict[str, int]) -> str:
    marks = [str(numbers[c.article_id]) for c in sentence.citations]
    support = f"; also {', '.join(marks[1:])}" if len(marks) > 1 else ""
    return f"{inline(''.join(said(sentence)))} [{marks[0]}{support}]"


def said(sentence: SummarySentence) -> tuple[str, str, str]:
    """The sentence as a brief shows it, as what comes before its text, the text, and what comes
    after: someone's words go in quote marks after their name (Marek: “We are ready.”), and a
    sentence that closes the quotation and names its speaker itself gets its opening mark back
    (“It is over,” the official said.)."""
    text = sentence.text.strip()
    if sentence.speaker is None:
        return "", text, ""
    words = text.rstrip('"”').rstrip()
    if any(mark in words for mark in '"”'):
        return ("“" if "”" in words else '"'), text, ""
    speaker = sentence.speaker[:1].upper() + sentence.speaker[1:]  # "a prosecutor" opens the line
    return f"{speaker}: “", words, "”"


def date_origin(article: Article) -> str:
    """Where an article's date came from, in words."""
    if article.date_source == "text":
        return "date inferred from a date in its text"
    if article.date_source == "story":
        return "date not given; inferred from the other articles of the story"
    return f"date from {article.date_source}"


def _source_line(article: Article, number: int) -> str:
    parts = [f"[{number}] **{article.outlet}**"]
    if article.title:
        parts.append(f'"{article.title}"')
    if article.published:
        parts.append(f"{article.published.isoformat()} ({date_origin(article)})")
    else:
        parts.append("date unknown")
    if article.url:
        parts.append(f"<{article.url}>")
    line = ", ".join(parts)
    if article.removed:
        reasons = sorted({r.reason for r in article.removed})
        line += f"  \n    cleaning removed {counted(len(article.removed), 'piece')}: {'; '.join(reasons)}"
    return line


def _marks(citations: Sequence[Citation], numbers: dict[str, int]) -> str:
    seen = dict.fromkeys(str(numbers[c.article_id]) for c in citations)
    return f"[{', '.join(seen)}]"


def analysis_markdown(brief: Brief, numbers: dict[str, int]) -> list[str]:
    """The analysis sections; empty sections are left out."""
    lines: list[str] = []
    if brief.agreement:
        lines += ["", "## What outlets agree on", ""]
        lines += [_claim_line(c, numbers) for c in brief.agreement]
    if brief.conflicts:
        lines += ["", "## Where outlets disagree", ""]
        lines += [line for c in brief.conflicts for line in _conflict_lines(c, numbers)]
    elif compared_without_conflict(brief):
        lines += ["", "## Where outlets disagree", "", NO_CONFLICTS]
    if (brief.conflicts or compared_without_conflict(brief)) and (wording := reworded(brief)):
        lines += ["", wording]
    if brief.quotes:
        lines += ["", "## Who said what", ""]
        lines += [line for q in brief.quotes for line in _quote_lines(q, numbers)]
    if brief.timeline:
        lines += ["", "## Timeline", ""]
        lines += [_event_line(e, numbers) for e in brief.timeline]
    if brief.entities:
        lines += ["", "## People, places and organisations", ""]
        lines += _entity_lines(brief.entities)
    if brief.exclusives and compared(brief):
        lines += ["", "## Only one outlet reports", ""]
        for outlet, claims in sorted(brief.exclusives.items()):
            lines.append(f"**{outlet}**")
            lines += [f"- {inline(c.text)} {_marks(c.citations, numbers)}" for c in claims[:EXCLUSIVES_SHOWN]]
            if len(claims) > EXCLUSIVES_SHOWN:
                lines.append(f"- *and {len(claims) - EXCLUSIVES_SHOWN} more (all are in the JSON form)*")
            lines.append("")
        lines.pop()
    return lines


def _claim_line(claim: Claim, numbers: dict[str, int]) -> str:
    wording = "; same wording" if claim.verbatim else ""
    support = counted(claim.support, "independent outlet")
    return f"- {inline(claim.text)} {_marks(claim.citations, numbers)} *({support}{wording})*"


def _conflict_lines(conflict: Conflict, numbers: dict[str, int]) -> list[str]:
    head = f"- **{conflict.about}** ({conflict.level} confidence, {conflict.confidence:.2f})"
    if conflict.note:
        head += f": {conflict.note}"
    lines = [head]
    for value in conflict.values:
        lines.append(f"  - **{value.value}** ({value.normalized}) {_marks(value.citations, numbers)}: "
                     f"\"{inline(value.citations[0].text)}\"")
    return lines


def _quote_lines(quote: Quote, numbers: dict[str, int]) -> list[str]:
    speaker = quote.speaker or "unknown speaker"
    cue = f" ({quote.cue})" if quote.cue else ""
    if len(quote.variants) == 1:
        variant = quote.variants[0]
        return [f"- **{speaker}**{cue}: \u201c{inline(variant.text)}\u201d {_marks(variant.citations, numbers)}"]
    lines = [f"- **{speaker}**{cue}, {len(quote.variants)} wordings:"]
    lines += [f"  - \u201c{inline(v.text)}\u201d {_marks(v.citations, numbers)}" for v in quote.variants]
    return lines


def _event_line(event: TimelineEvent, numbers: dict[str, int]) -> str:
    flags = [f for f, on in (("background", event.background), ("date inferred", event.inferred)) if on]
    said = ", ".join(f"\"{x}\"" for x in event.expressions)
    extra = f" *({'; '.join(flags)})*" if flags else ""
    return f"- **{event.date}** ({said}): {inline(event.text)} {_marks(event.citations, numbers)}{extra}"


def _entity_lines(entities: Sequence[Entity]) -> list[str]:
    lines = []
    minor = [e for e in entities if e.mentions <= MINOR_ENTITY_MENTIONS and not e.aliases and not e.role]
    for entity in entities:
        if entity in minor:
            continue
        parts = [f"- **{entity.name}** ({entity.type}"]
        if entity.role:
            parts.append(f", {entity.role}")
        parts.append(f"; {counted(entity.mentions, 'mention')})")
        if entity.aliases:
            parts.append(f"; also written {', '.join(entity.aliases)}")
        lines.append("".join(parts))
        lines += [f"  - merged: {why}" for why in entity.evidence]
    if minor:
        lines.append(f"- mentioned once: {', '.join(e.name for e in minor)}")
    return lines
