"""A self-contained HTML page for a brief: no scripts, no network, no build step.

Every citation mark links to the cited span inside the source article, which
is highlighted when targeted (CSS ``:target``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from storyweave.model import Article, Brief, Citation
from storyweave.render.html_analysis import analysis_html
from storyweave.render.markdown import date_origin, said, source_numbers
from storyweave.render.words import counted, sources

_CSS = Path(__file__).with_name("brief.css")


def _all_citations(brief: Brief) -> list[Citation]:
    found = [c for s in brief.summary for c in s.citations]
    found += [c for claim in brief.claims for c in claim.citations]
    found += [c for conflict in brief.conflicts for v in conflict.values for c in v.citations]
    found += [c for quote in brief.quotes for v in quote.variants for c in v.citations]
    found += [c for event in brief.timeline for c in event.citations]
    return found


class _Anchors:
    """Marked spans of each article (non-overlapping) and, for every citation, the span its link targets."""

    def __init__(self, brief: Brief, numbers: dict[str, int]) -> None:
        self.numbers = numbers
        spans: dict[str, set[tuple[int, int]]] = {}
        for citation in _all_citations(brief):
            spans.setdefault(citation.article_id, set()).add((citation.start, citation.end))
        self.marked: dict[str, list[tuple[int, int]]] = {}
        for article_id, found in spans.items():
            chosen: list[tuple[int, int]] = []
            for start, end in sorted(found, key=lambda se: (se[0], -se[1])):
                if not chosen or start >= chosen[-1][1]:
                    chosen.append((start, end))
            self.marked[article_id] = chosen

    def target(self, citation: Citation) -> str:
        for start, end in self.marked.get(citation.article_id, []):
            if start <= citation.start < end or (start, end) == (citation.start, citation.end):
                return f"a{self.numbers[citation.article_id]}-{start}-{end}"
        return f"a{self.numbers[citation.article_id]}"

    def spans(self, article_id: str) -> list[tuple[int, int, str]]:
        number = self.numbers[article_id]
        return [(s, e, f"a{number}-{s}-{e}") for s, e in self.marked.get(article_id, [])]


def brief_to_html(brief: Brief) -> str:
    numbers = source_numbers(brief)
    title = escape(brief.title or "Untitled story")
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} · storyweave</title>",
        f"<style>{_CSS.read_text(encoding='utf-8')}</style>",
        "</head><body><main>",
        f"<header><h1>{title}</h1><p class=\"meta\">{_meta(brief)}</p></header>",
        '<section id="summary"><h2>Summary</h2><ol class="summary">',
    ]
    anchors = _Anchors(brief, numbers)
    for sentence in brief.summary:
        marks = "".join(_mark(c, numbers, anchors, primary=(k == 0)) for k, c in enumerate(sentence.citations))
        before, words, after = said(sentence)
        parts.append(f"<li>{escape(before)}<span class=\"stext\">{escape(words)}</span>{escape(after)} {marks}</li>")
    parts.append("</ol></section>")
    parts.extend(analysis_html(brief, lambda c: _mark(c, numbers, anchors, primary=False)))
    parts.append('<section id="sources"><h2>Sources</h2>')
    parts.extend(_article_html(a, numbers[a.id], anchors.spans(a.id)) for a in brief.articles)
    parts.append("</section>")
    if brief.skipped:
        parts.append('<section id="skipped"><h2>Skipped input</h2><ul>')
        parts.extend(f"<li><code>{escape(s.source)}</code>: {escape(s.reason)}</li>" for s in brief.skipped)
        parts.append("</ul></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _meta(brief: Brief) -> str:
    return escape(
        f"{sources(brief.articles)} · summary of at most "
        f"{brief.budget.amount} {brief.budget.unit} ({brief.method})"
    )


def _mark(citation: Citation, numbers: dict[str, int], anchors: _Anchors, *, primary: bool) -> str:
    kind = "cite primary" if primary else "cite"
    label = f"{citation.outlet}: {citation.text}" if primary else (
        f"{citation.outlet} (similarity {citation.similarity:.2f}): {citation.text}"
    )
    return (
        f'<a class="{kind}" href="#{anchors.target(citation)}" title="{escape(label)}">'
        f"[{numbers[citation.article_id]}]</a>"
    )


def _article_html(article: Article, number: int, spans: list[tuple[int, int, str]]) -> str:
    head = [f"<h3>[{number}] {escape(article.outlet)}</h3>", '<p class="meta">']
    if article.title:
        head.append(f"<strong>{escape(article.title)}</strong> · ")
    published = article.published.isoformat() if article.published else "date unknown"
    head.append(escape(published + (f" ({date_origin(article)})" if article.date_source else "")))
    if article.url:
        head.append(f' · <span class="url">{escape(article.url)}</span>')
    head.append("</p>")
    body, cursor = [], 0
    for start, end, ident in spans:
        if start < cursor:
            continue  # overlapping spans cannot both be marked; the first wins
        body.append(escape(article.text[cursor:start]))
        body.append(f'<span class="sent cited" id="{ident}">{escape(article.text[start:end])}</span>')
        cursor = end
    body.append(escape(article.text[cursor:]))
    removed = ""
    if article.removed:
        items = "".join(
            f"<li><em>{escape(r.reason)}</em> (line {r.line}): <code>{escape(r.text)}</code></li>"
            for r in article.removed
        )
        count = len(article.removed)
        removed = f"<details><summary>Cleaning removed {counted(count, 'piece')}</summary><ul>{items}</ul></details>"
    return (
        f'<article class="source" id="a{number}">{"".join(head)}'
        f'<div class="text">{"".join(body)}</div>{removed}</article>'
    )
