"""The Markdown form of a brief: readable in a terminal and in any Markdown viewer."""

from __future__ import annotations

from storyweave.model import Article, Brief, SummarySentence


def source_numbers(brief: Brief) -> dict[str, int]:
    """Article id -> its number in the source list, from 1."""
    return {a.id: n for n, a in enumerate(brief.articles, start=1)}


def brief_to_markdown(brief: Brief) -> str:
    numbers = source_numbers(brief)
    outlets = {a.outlet for a in brief.articles}
    lines = [
        f"# {brief.title or 'Untitled story'}",
        "",
        f"*{len(brief.articles)} articles from {len(outlets)} outlets; summary of at most "
        f"{brief.budget.amount} {brief.budget.unit} by `{brief.method}`. "
        "Numbers in brackets are sources; the first is where the sentence was taken from.*",
        "",
        "## Summary",
        "",
    ]
    lines += [f"{n}. {_summary_line(s, numbers)}" for n, s in enumerate(brief.summary, start=1)]
    lines += ["", "## Sources", ""]
    lines += [_source_line(a, numbers[a.id]) for a in brief.articles]
    if brief.skipped:
        lines += ["", "## Skipped input", ""]
        lines += [f"- `{s.source}`: {s.reason}" for s in brief.skipped]
    return "\n".join(lines) + "\n"


def _summary_line(sentence: SummarySentence, numbers: dict[str, int]) -> str:
    marks = [str(numbers[c.article_id]) for c in sentence.citations]
    support = f"; also {', '.join(marks[1:])}" if len(marks) > 1 else ""
    return f"{sentence.text} [{marks[0]}{support}]"


def _source_line(article: Article, number: int) -> str:
    parts = [f"[{number}] **{article.outlet}**"]
    if article.title:
        parts.append(f'"{article.title}"')
    if article.published:
        parts.append(f"{article.published.isoformat()} (date from {article.date_source})")
    else:
        parts.append("date unknown")
    if article.url:
        parts.append(f"<{article.url}>")
    line = ", ".join(parts)
    if article.removed:
        reasons = sorted({r.reason for r in article.removed})
        line += f"  \n    cleaning removed {len(article.removed)} pieces: {'; '.join(reasons)}"
    return line
