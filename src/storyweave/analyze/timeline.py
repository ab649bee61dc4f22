"""The timeline: dated statements of the story, resolved, merged across outlets, in order.

Each sentence with a temporal expression gives one event per distinct date it
names, resolved against its article's publication date ("anchor"). "Earlier
in the day" and "that day" refer to the day the narrative is on, the last day
the article named. A time of day joins the day written next to it ("at
10:30am ... earlier in the day"), otherwise the day of the sentence before.
Events of different articles with the same date whose sentences state the
same thing (one claim, or similar) are one event with several citations.
Events long before the story's own days are marked as background.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyweave.analyze.context import Context
from storyweave.analyze.temporal import ClockTime, TimeRef, find_temporal, find_times
from storyweave.model import Citation, Granularity, Sentence, TimelineEvent

# Events of different articles with one date merge when their sentences are one
# claim or at least this similar (the claim-citation threshold of the summary).
SAME_EVENT = 0.3
BACKGROUND_DAYS = 14  # events that start this long before the story's first day are background
_NARRATIVE = re.compile(r"^(?:earlier in the day|later (?:in the day|that day)|that day|the same day)$", re.I)
_ADJACENT = 40  # characters between a time of day and the day it belongs to
_ORDER: dict[Granularity, int] = {"year": 0, "month": 1, "week": 2, "day": 3, "time": 4}


@dataclass(frozen=True)
class _Event:
    row: int
    value: str
    granularity: Granularity
    first_day: date
    expressions: tuple[str, ...]
    relative: bool  # resolved against the anchor date


def build_timeline(ctx: Context, claims_rows: Sequence[Sequence[int]]) -> list[TimelineEvent]:
    events: list[_Event] = []
    for article_rows in _rows_by_article(ctx):
        events.extend(_article_events(ctx, article_rows))
    claim_of = {row: n for n, rows in enumerate(claims_rows) for row in rows}
    merged = _merge(ctx, events, claim_of)
    story_start = min((d for d in ctx.anchors.values() if d is not None), default=None)
    timeline = [_timeline_event(ctx, group, story_start) for group in merged]
    timeline.sort(key=lambda e: (e.date[:10], _ORDER[e.granularity], e.date, e.citations[0].article_id))
    return timeline


def _rows_by_article(ctx: Context) -> list[list[int]]:
    rows: dict[str, list[int]] = {}
    for row, sentence in enumerate(ctx.sentences):
        rows.setdefault(sentence.article_id, []).append(row)
    return list(rows.values())


def _article_events(ctx: Context, rows: list[int]) -> list[_Event]:
    events: list[_Event] = []
    last_day: date | None = None
    previous_days: list[date] = []
    for row in rows:
        sentence = ctx.sentences[row]
        anchor = ctx.anchors.get(sentence.article_id)
        text = ctx.readable(sentence)
        refs = [_narrative(ref, last_day) for ref in find_temporal(text, anchor)]
        days = [r for r in refs if r.granularity == "day" and r.day is not None]
        by_value: dict[tuple[str, Granularity], tuple[date, list[str]]] = {}
        relative: set[tuple[str, Granularity]] = set()
        for ref in refs:
            if ref.day is not None:
                by_value.setdefault((ref.value, ref.granularity), (ref.day, []))[1].append(ref.text)
                if ref.relative:
                    relative.add((ref.value, ref.granularity))
        for clock in find_times(text):
            day = _day_for(clock, days, previous_days, anchor)
            if day is not None:
                key: tuple[str, Granularity] = (f"{day.isoformat()}{clock.nominal}", "time")
                by_value.setdefault(key, (day, []))[1].append(clock.text)
                relative.add(key)
        for (value, granularity), (first_day, expressions) in by_value.items():
            events.append(_Event(row, value, granularity, first_day, tuple(expressions),
                                 (value, granularity) in relative))
        if days:
            last_day = days[0].day
            previous_days = [d.day for d in days if d.day is not None]
    return events


def _narrative(ref: TimeRef, last_day: date | None) -> TimeRef:
    """"Earlier in the day" is the day the article was last on, not its publication day."""
    if last_day is None or not _NARRATIVE.match(ref.text.strip()):
        return ref
    return TimeRef(ref.start, ref.end, ref.text, last_day.isoformat(), "day", last_day, True)


def _day_for(clock: ClockTime, days: list[TimeRef], previous: list[date], anchor: date | None) -> date | None:
    near = [d for d in days if min(abs(d.start - clock.end), abs(clock.start - d.end)) <= _ADJACENT]
    if near:
        return near[0].day
    if previous:
        return previous[0]
    if days:
        return days[0].day
    return anchor


def _merge(ctx: Context, events: list[_Event], claim_of: dict[int, int]) -> list[list[_Event]]:
    groups: list[list[_Event]] = []
    for event in events:
        for group in groups:
            if _same(ctx, group, event, claim_of):
                group.append(event)
                break
        else:
            groups.append([event])
    return groups


def _same(ctx: Context, group: list[_Event], event: _Event, claim_of: dict[int, int]) -> bool:
    head = group[0]
    if head.value != event.value or head.granularity != event.granularity:
        return False
    articles = {ctx.sentences[e.row].article_id for e in group}
    if ctx.sentences[event.row].article_id in articles:
        return False
    for other in group:
        same_claim = claim_of.get(other.row) is not None and claim_of.get(other.row) == claim_of.get(event.row)
        if same_claim or ctx.similarity[other.row, event.row] >= SAME_EVENT:
            return True
    return False


def _timeline_event(ctx: Context, group: list[_Event], story_start: date | None) -> TimelineEvent:
    head = group[0]
    citations: list[Citation] = [ctx.citation(ctx.sentences[e.row]) for e in group]
    sentence: Sentence = ctx.sentences[head.row]
    background = story_start is not None and head.first_day < story_start - timedelta(days=BACKGROUND_DAYS)
    inferred = all(ctx.sentences[e.row].article_id in ctx.inferred and e.relative for e in group)
    expressions = tuple(dict.fromkeys(x for e in group for x in e.expressions))
    return TimelineEvent(date=head.value, granularity=head.granularity, text=sentence.text,
                         citations=tuple(citations), expressions=expressions, background=background,
                         inferred=inferred)
