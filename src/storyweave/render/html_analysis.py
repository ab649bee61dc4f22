"""The analysis sections of the HTML page: agreement, conflicts, quotes, timeline (with a drawn
timeline), entities, exclusives and a picture of which outlets report the same claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from storyweave.model import Brief, Citation, Claim, Conflict, Entity, Quote, TimelineEvent
from storyweave.render.words import NO_CONFLICTS, compared, compared_without_conflict, counted, reworded

Mark = Callable[[Citation], str]
_WIDTH, _ROW, _LEFT_SHARE = 760, 22, 0.22


def analysis_html(brief: Brief, mark: Mark) -> list[str]:
    parts: list[str] = []
    if brief.agreement:
        parts.append('<section id="agreement"><h2>What outlets agree on</h2><ul class="claims">')
        parts.extend(_claim(c, mark) for c in brief.agreement)
        parts.append("</ul></section>")
    if brief.conflicts or compared_without_conflict(brief):
        parts.append('<section id="conflicts"><h2>Where outlets disagree</h2>')
        parts.extend(_conflict(c, mark) for c in brief.conflicts)
        if not brief.conflicts:
            parts.append(f"<p>{escape(NO_CONFLICTS)}</p>")
        if wording := reworded(brief):
            parts.append(f'<p class="reworded">{escape(wording)}</p>')
        parts.append("</section>")
    if brief.quotes:
        parts.append('<section id="quotes"><h2>Who said what</h2><ul class="quotes">')
        parts.extend(_quote(q, mark) for q in brief.quotes)
        parts.append("</ul></section>")
    if brief.timeline:
        parts.append('<section id="timeline"><h2>Timeline</h2>')
        parts.append(timeline_svg(brief.timeline))
        parts.append('<ol class="timeline">')
        parts.extend(_event(e, mark) for e in brief.timeline)
        parts.append("</ol></section>")
    if brief.entities:
        parts.append('<section id="entities"><h2>People, places and organisations</h2>')
        parts.append(_entities(brief.entities))
        parts.append("</section>")
    if brief.exclusives and compared(brief):
        parts.append('<section id="exclusives"><h2>Only one outlet reports</h2>')
        parts.append(overlap_table(brief))
        for outlet, claims in sorted(brief.exclusives.items()):
            parts.append(f"<details><summary><strong>{escape(outlet)}</strong> ({len(claims)})</summary><ul>")
            parts.extend(f"<li>{escape(c.text)} {''.join(mark(x) for x in c.citations)}</li>" for c in claims)
            parts.append("</ul></details>")
        parts.append("</section>")
    return parts


def _claim(claim: Claim, mark: Mark) -> str:
    wording = " · same wording" if claim.verbatim else ""
    marks = "".join(mark(c) for c in claim.citations)
    support = counted(claim.support, "independent outlet")
    return f'<li>{escape(claim.text)} {marks} <span class="badge">{support}{wording}</span></li>'


def _conflict(conflict: Conflict, mark: Mark) -> str:
    note = f'<p class="note">{escape(conflict.note)}</p>' if conflict.note else ""
    rows = "".join(
        f'<tr><td class="value">{escape(v.value)}<br><small>{escape(v.normalized)}</small></td>'
        f"<td>{escape(', '.join(v.outlets))}</td><td>{escape(v.citations[0].text)} "
        f"{''.join(mark(c) for c in v.citations)}</td></tr>"
        for v in conflict.values
    )
    return (f'<div class="conflict {conflict.level}"><h3>{escape(conflict.about)} '
            f'<span class="badge">{conflict.level} confidence {conflict.confidence:.2f}</span></h3>{note}'
            f"<table><tr><th>value</th><th>outlets</th><th>where</th></tr>{rows}</table></div>")


def _quote(quote: Quote, mark: Mark) -> str:
    speaker = escape(quote.speaker or "unknown speaker")
    cue = f" <small>({escape(quote.cue)})</small>" if quote.cue else ""
    variants = "".join(
        f"<li><q>{escape(v.text)}</q> {''.join(mark(c) for c in v.citations)} "
        f"<small>{escape(', '.join(v.outlets))}</small></li>"
        for v in quote.variants
    )
    return f'<li><span class="speaker">{speaker}</span>{cue}<ul>{variants}</ul></li>'


def _event(event: TimelineEvent, mark: Mark) -> str:
    flags = " ".join(f'<span class="badge">{f}</span>' for f, on in
                     (("background", event.background), ("date inferred", event.inferred)) if on)
    said = ", ".join(f"“{escape(x)}”" for x in event.expressions)
    return (f'<li><time datetime="{escape(event.date)}">{escape(event.date)}</time> <small>{said}</small> '
            f"{flags}<br>{escape(event.text)} {''.join(mark(c) for c in event.citations)}</li>")


def _entities(entities: Sequence[Entity]) -> str:
    rows = []
    for e in entities:
        evidence = "".join(f"<li>{escape(x)}</li>" for x in e.evidence)
        evidence_html = f"<details><summary>why merged</summary><ul>{evidence}</ul></details>" if evidence else ""
        rows.append(
            f"<tr><td>{escape(e.name)}</td><td>{e.type}</td><td>{escape(e.role or '')}</td>"
            f"<td>{escape(', '.join(e.aliases))}{evidence_html}</td><td>{e.mentions}</td></tr>"
        )
    return ('<table class="entities"><tr><th>name</th><th>type</th><th>role</th><th>also written</th>'
            f"<th>mentions</th></tr>{''.join(rows)}</table>")


def _day(event: TimelineEvent) -> date:
    text = event.date
    if event.granularity == "week":
        return date.fromisocalendar(int(text[:4]), int(text[6:8]), 1)
    parts = [int(p) for p in text[:10].split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def timeline_svg(events: Sequence[TimelineEvent]) -> str:
    """A drawn timeline: background events spaced evenly on the left, the story's own days to scale."""
    background = [e for e in events if e.background]
    story = [e for e in events if not e.background]
    left = _WIDTH * _LEFT_SHARE if background else 0.0
    positions: list[tuple[float, TimelineEvent]] = []
    for n, event in enumerate(background):
        positions.append((20 + (left - 40) * (n + 0.5) / len(background), event))
    if story:
        days = [_day(e).toordinal() + (_minutes(e) / 1440) for e in story]
        low, high = min(days), max(days)
        span = max(high - low, 1.0)
        for value, event in zip(days, story, strict=True):
            positions.append((left + 30 + (_WIDTH - left - 60) * (value - low) / span, event))
    stacks: dict[int, int] = {}
    marks = []
    for x, event in positions:
        level = stacks.get(round(x / 8), 0)
        stacks[round(x / 8)] = level + 1
        y = 60 - level * 12
        radius = 4 + 2 * min(len(event.outlets), 5)
        tip = escape(f"{event.date}: {event.text} ({', '.join(event.outlets)})")
        kind = "bg" if event.background else "story"
        marks.append(f'<circle class="{kind}" cx="{x:.1f}" cy="{y}" r="{radius}"><title>{tip}</title></circle>')
    labels = _labels(positions)
    divider = (f'<line class="divider" x1="{left:.1f}" y1="10" x2="{left:.1f}" y2="90"/>'
               f'<text x="{left / 2:.1f}" y="102" class="axis">background</text>') if background else ""
    return (f'<svg class="timeline" viewBox="0 0 {_WIDTH} {_ROW * 5 + 10}" role="img" '
            f'aria-label="timeline of {len(events)} events">'
            f'<line class="axis" x1="10" y1="75" x2="{_WIDTH - 10}" y2="75"/>{divider}{"".join(marks)}{labels}</svg>')


def _minutes(event: TimelineEvent) -> int:
    if event.granularity != "time" or "T" not in event.date:
        return 0
    hh, mm = event.date.split("T", 1)[1][:5].split(":")
    return int(hh) * 60 + int(mm)


def _labels(positions: list[tuple[float, TimelineEvent]]) -> str:
    shown: list[float] = []
    labels = []
    for x, event in sorted(positions, key=lambda p: p[0]):
        text = event.date[:10] if event.granularity != "time" else event.date[11:16]
        if any(abs(x - s) < 62 for s in shown):
            continue
        shown.append(x)
        labels.append(f'<text x="{x:.1f}" y="90" class="axis">{escape(text)}</text>')
    return "".join(labels)


def overlap_table(brief: Brief) -> str:
    """Outlet x outlet: how many claims both report (the diagonal: claims the outlet makes)."""
    outlets = sorted({a.outlet for a in brief.articles})
    counts = {(a, b): 0 for a in outlets for b in outlets}
    for claim in brief.claims:
        for a in claim.outlets:
            for b in claim.outlets:
                counts[(a, b)] += 1
    top = max(counts.values(), default=1) or 1
    head = "".join(f"<th>{escape(o)}</th>" for o in outlets)
    rows = []
    for a in outlets:
        cells = []
        for b in outlets:
            n = counts[(a, b)]
            shade = 0.08 + 0.8 * n / top if n else 0.0
            cells.append(f'<td style="background: rgba(11, 92, 173, {shade:.2f})">{n}</td>')
        rows.append(f"<tr><th>{escape(a)}</th>{''.join(cells)}</tr>")
    return ('<figure><table class="overlap"><caption>Claims two outlets share (diagonal: all claims of the '
            f"outlet)</caption><tr><th></th>{head}</tr>{''.join(rows)}</table></figure>")
