"""Conflicts: one slot, filled by different outlets with incompatible values.

Two values of different independent outlets fill the same slot when they
have the same kind and unit (miners, hours, a time of day...) and either
stand in sentences aligned as one claim, or in similar sentences whose words
around the value overlap. Two sentences line their figures up one to one (each
value pairs with the other sentence's value whose words meet its own most), and a
sentence that gives both figures ("licensed for 150 people; about 400 were
inside") tells two facts, not two values of one. Slots are the connected groups
of such pairs, joined likelier first and never so that two values of one sentence
share a slot (a pair that may be different facts, see below, stands alone, and
only between values no other pair placed); a slot with incompatible values
(intervals that do not overlap) is a conflict. A slot of ``MANY_VALUES`` values or more is
kept at low confidence, with a note: a figure that changed as the story went on, or several facts.

Confidence is high when the values sit in one claim and the words around them
agree, lower when the sentences are only similar. When the words around the two values name different
places or people ("seven hours to Ussuriysk", "nine hours ... to
Vladivostok") they may be different facts, such as two legs of one trip:
the conflict is kept only at low confidence, with a note and both spans. Sentences
aligned as one claim need each to name someone or somewhere the other does not
("sentenced Lena Varga to eight years", "sentenced Ivo Marek to 11 years"). Figures
of sentences that name different days are two facts ("with five days until the money
runs out ... on Monday", "four days ... on Tuesday"), but for ages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyweave.analyze.context import Context
from storyweave.analyze.entities import ROLE_WORDS, EntityIndex, Mention
from storyweave.analyze.temporal import find_temporal
from storyweave.analyze.timeline import BACKGROUND_DAYS
from storyweave.analyze.values import Value, find_values
from storyweave.model import Citation, Conflict, ConflictValue, Entity, Sentence
from storyweave.represent import STOPWORDS, content_stems, words

# Sentences not aligned as one claim share a slot when at least SLOT_CONTEXT
# content stems recur within CONTEXT_WORDS words of both values, or one does and
# the sentences share SLOT_SENTENCE content stems. (Sentence similarity alone is
# too low for long sentences that share one clause.) Tuned on the project's
# example (its two annotated conflicts) and checked on kim-russia-2019 (no
# conflict between its seven- and nine-hour spans) and DUC 2003 (read, not annotated).
SLOT_CONTEXT = 2
SLOT_SENTENCE = 3
CONTEXT_WORDS = 8
SEMANTIC_DISCOUNT = 0.25
ALIGNED_BASE = 0.55  # values in one claim: 0.65 to 0.85 as the words around them agree
DIFFERENT_SPANS_FACTOR = 0.35
MIN_CONFIDENCE = 0.15
# One fact told differently takes two or three values; a slot of more holds a figure that changed
# over weeks of coverage (a death toll of 120, 127, 129, 130, 132) or several facts alike (the
# distances of a search's successive areas): it stays, at low confidence, with a note.
MANY_VALUES = 4
# Counts, durations, amounts and percentages more than this many times apart are not compared: outlets that
# disagree on a figure give it within a few times ("229" against "230", "six" against "18"
# drownings); "two seconds" against "eight years" are two facts.
APART = 10
_MAGNITUDES = frozenset({"count", "duration", "amount", "percent"})
# A number written in digits, also with a magnitude glued on ("€24.2m", "$2.5bn", "25k").
_FIGURE_RE = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?=(?:m|bn|k)?(?!\w))")
# An age belongs to the person named within this many characters of it; ages with no such
# person, or with different ones, are not compared.
SUBJECT_CHARS = 30
_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
_NAME_AFTER = re.compile(rf"\s+{_NAME}")  # "the 36-year-old Ivo Marek"
_NAME_BEFORE = re.compile(rf"{_NAME},\s*(?:an?\s+)?$")  # "Ivo Marek, 36," and "Ivo Marek, a 36-year-old"
_KIND_LABEL = {"count": "number of", "duration": "duration", "age": "age", "amount": "amount", "percent": "percentage",
               "time": "time of day", "date": "date", "ordinal": "which"}


@dataclass(frozen=True)
class _Found:
    row: int  # the sentence's row in ctx.sentences
    value: Value
    context: frozenset[str]  # content stems near the value
    sentence: frozenset[str]  # content stems of the whole sentence, but the value's unit
    words: frozenset[str]  # the same words as written (lower case), to describe the slot
    names: frozenset[str]  # entity names near the value
    sentence_names: frozenset[str]  # entity names anywhere in the sentence
    alone: bool  # the only value of its kind in the sentence
    subject: str | None = None  # for an age: the person named next to it ("the 36-year-old Lena Varga")
    when: frozenset[str] = frozenset()  # the earlier times the sentence is about ("In May, ..."), if any
    figure: float | None = None  # the number written in digits in the value ("400" of "some 400 people")
    elsewhere: frozenset[float] = frozenset()  # numbers in digits elsewhere in the sentence
    days: frozenset[str] = frozenset()  # the days the sentence names ("On Wednesday", "early Sunday"), ISO


_Edge = tuple[int, int, float, str | None]  # two values (indices of ``found``), confidence, note


def find_conflicts(ctx: Context, claims_rows: Sequence[Sequence[int]], entities: Sequence[Entity]) -> list[Conflict]:
    """Conflicts of the story; ``claims_rows`` are the aligned groups (rows of ``ctx.sentences``)."""
    claim_of = {row: n for n, rows in enumerate(claims_rows) for row in rows}
    named = [(e, _name_pattern(e)) for e in entities]
    story_start = min((d for d in ctx.anchors.values() if d is not None), default=None)
    found = [f for row, sentence in enumerate(ctx.sentences) for f in _values(ctx, row, sentence, named, story_start)]
    edges: list[_Edge] = []
    for a in range(len(found)):
        for b in range(a + 1, len(found)):
            edge = _edge(ctx, found[a], found[b], claim_of)
            if edge is not None:
                edges.append((a, b, *edge))
    return _slots(ctx, found, _one_to_one(found, edges))


def _one_to_one(found: list[_Found], edges: list[_Edge]) -> list[_Edge]:
    """Two sentences line their figures up one to one: of the pairs between two sentences'
    values, each value keeps the one whose words around the values meet most, then an agreeing
    one ("51 percent of the vote, compared with 34 percent for his rival" against
    "his rival took 34 percent": the rival's 34 meets the 34, not the 51)."""
    by_rows: dict[tuple[int, int], list[_Edge]] = {}
    for edge in edges:
        by_rows.setdefault((found[edge[0]].row, found[edge[1]].row), []).append(edge)

    def order(edge: _Edge) -> tuple[int, bool, float, int, int]:
        a, b = found[edge[0]], found[edge[1]]
        return -len(a.context & b.context), not a.value.compatible(b.value), -edge[2], edge[0], edge[1]

    kept = []
    for group in by_rows.values():
        taken: set[int] = set()
        for edge in sorted(group, key=order):
            if edge[0] not in taken and edge[1] not in taken:
                taken.update(edge[:2])
                kept.append(edge)
    return sorted(kept)


def _values(ctx: Context, row: int, sentence: Sentence, entities: Sequence[tuple[Entity, re.Pattern[str]]],
            story_start: date | None) -> list[_Found]:
    anchor = ctx.anchors.get(sentence.article_id)
    result = []
    text = ctx.readable(sentence)
    values = find_values(text, anchor)
    if not values:
        return []
    refs = find_temporal(text, anchor)
    when = frozenset(ref.value for ref in refs if story_start is not None and ref.day is not None
                     and ref.day < story_start - timedelta(days=BACKGROUND_DAYS))
    days = frozenset(ref.value for ref in refs if ref.granularity == "day")
    kinds = [v.kind for v in values]
    figures = [(m.start(), m.end(), float(m.group().replace(",", ""))) for m in _FIGURE_RE.finditer(text)]
    for value in values:
        own = [n for start, _, n in figures if value.start <= start < value.end]
        elsewhere = frozenset(n for start, end, n in figures if end <= value.start or start >= value.end)
        before = text[:value.start].split()[-CONTEXT_WORDS:]
        after = text[value.end:].split()[:CONTEXT_WORDS]
        window = " ".join(before + after)
        stems = frozenset(content_stems(window)) - {value.unit}
        plain = frozenset(w for w in words(window) if w not in STOPWORDS and w.isalpha() and len(w) > 2)
        names = frozenset(e.name for e, named in entities if e.type != "organization" and named.search(window))
        everywhere = frozenset(e.name for e, named in entities if named.search(sentence.text))
        whole = frozenset(content_stems(sentence.text)) - {value.unit}
        subject = _subject(text, value, entities) if value.kind == "age" else None
        result.append(_Found(row, value, stems, whole, plain, names, everywhere, kinds.count(value.kind) == 1,
                             subject, when, own[0] if len(own) == 1 else None, elsewhere, days))
    return result


def _subject(text: str, value: Value, entities: Sequence[tuple[Entity, re.Pattern[str]]]) -> str | None:
    """The person named closest to an age, within ``SUBJECT_CHARS`` of it ("the 36-year-old Ivo
    Marek", "Lena Varga, 44,"), or None. Any name but a place's: a small NER model calls some
    people organisations."""
    best: tuple[int, str] | None = None
    for entity, named in entities:
        if entity.type == "place":
            continue
        for m in named.finditer(text, max(0, value.start - SUBJECT_CHARS), value.end + SUBJECT_CHARS):
            gap = max(value.start - m.end(), m.start() - value.end, 0)
            best = min(best, (gap, entity.name)) if best else (gap, entity.name)
    if best:
        return best[1]
    written = _NAME_AFTER.match(text, value.end) or _NAME_BEFORE.search(text, 0, value.start)
    return written.group("name") if written else None  # a name the entity pass did not keep


def _name_pattern(entity: Entity) -> re.Pattern[str]:
    """Any of the entity's names as a whole word (made once per entity: a story of 178 articles
    asked a million times)."""
    names = sorted({entity.name, *entity.aliases}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in names)})(?!\w)")


def _edge(ctx: Context, a: _Found, b: _Found, claim_of: dict[int, int]) -> tuple[float, str | None] | None:
    """(confidence, note) when the two values fill one slot, else None."""
    sa, sb = ctx.sentences[a.row], ctx.sentences[b.row]
    if a.value.kind != b.value.kind or a.value.unit != b.value.unit:
        return None
    if ctx.copy_group[sa.article_id] == ctx.copy_group[sb.article_id]:
        return None
    aligned = claim_of.get(a.row) is not None and claim_of.get(a.row) == claim_of.get(b.row)
    similarity = float(ctx.lexical[a.row, b.row])
    if ctx.semantic is not None:  # embeddings run high for any two sentences of one story: discount them
        similarity = max(similarity, float(ctx.semantic[a.row, b.row]) - SEMANTIC_DISCOUNT)
    overlap = len(a.context & b.context)
    if (a.when or b.when) and not a.when & b.when:
        return None  # one is about an earlier time than the other ("In May, thieves stole ...")
    if a.value.kind not in ("date", "age") and a.days and b.days and not a.days & b.days:
        return None  # about two days: "On Wednesday, the low was minus 12", "minus 26 early Sunday"
    if a.value.kind in _MAGNITUDES and _apart(a.value, b.value):
        return None  # "two seconds" left in a round and an "eight years" unbeaten run
    if a.value.kind in _MAGNITUDES and (a.figure in b.elsewhere or b.figure in a.elsewhere):
        return None  # one sentence gives both figures: "hold 150 people; about 400 were inside"
    if a.value.kind == "age" and (a.subject is None or a.subject != b.subject):
        return None  # two people's ages ("the 36-year-old champion", "the 40-year-old challenger")
    if a.value.kind == "date" and not (aligned and a.alone and b.alone and overlap >= SLOT_CONTEXT):
        return None  # a sentence often names several days; compare only lone dates of one claim
    if a.value.kind == "date" and a.value.text.lower() == b.value.text.lower():
        return None  # "Friday" and "Friday": the outlets say the same; only their own dates differ
    shared = len(a.sentence & b.sentence)
    near = overlap >= SLOT_CONTEXT or (overlap >= 1 and shared >= SLOT_SENTENCE)
    if (aligned and overlap < 1) or (not aligned and not near):
        return None  # even in one claim, the words around the two values must meet
    if aligned:
        confidence = ALIGNED_BASE + 0.1 * min(overlap, 3)
    else:
        confidence = min(0.7, 0.25 + 0.1 * min(overlap, 4) + 0.5 * similarity)
    note = None
    later = _later_step(ctx, a, b) if a.value.kind == "date" else None
    if later is not None:
        confidence *= DIFFERENT_SPANS_FACTOR
        days = f"{later} day{'' if later == 1 else 's'}"
        note = f"may be a later step (reported {days} after the other, dated after that report)"
    elif a.value.kind == "date" and _next_days_from_two_dates(ctx, a, b):
        confidence *= DIFFERENT_SPANS_FACTOR
        note = "may be one day (each read against its own article's date, a day apart)"
    only_a = {n for n in a.names if n not in b.sentence_names}
    only_b = {n for n in b.names if n not in a.sentence_names}
    if (only_a and only_b if aligned else only_a or only_b) and note is None:
        confidence *= DIFFERENT_SPANS_FACTOR
        named = "; ".join(f"one names {', '.join(sorted(x))}" for x in (only_a, only_b) if x)
        note = f"may be different facts ({named}, the other does not)"
    return confidence, note


def _apart(a: Value, b: Value) -> bool:
    """Are two quantities so far apart (more than ``APART`` times) that they cannot be one fact told two ways?"""
    small, large = sorted((a, b), key=lambda v: v.high)
    return small.high > 0 and large.low > APART * small.high


def _next_days_from_two_dates(ctx: Context, a: _Found, b: _Found) -> bool:
    """Are two dates read against the dates of two articles published on different days, and a
    day apart ("Monday morning" in one, "this morning" in a report dated the next day, from a
    time zone ahead)? An article's date is the day it went out where it went out: a day either
    way of the other's."""
    day_a, day_b = _report_days(ctx, a, b)
    return (a.value.relative and b.value.relative and day_a is not None and day_b is not None
            and day_a != day_b and abs(a.value.low - b.value.low) <= 1)


def _report_days(ctx: Context, a: _Found, b: _Found) -> tuple[date | None, date | None]:
    """The dates of the two articles the values were read in (what their relative dates are read against)."""
    return ctx.anchors.get(ctx.sentences[a.row].article_id), ctx.anchors.get(ctx.sentences[b.row].article_id)


def _later_step(ctx: Context, a: _Found, b: _Found) -> int | None:
    """Days between two reports when the later one gives a date after the earlier one went out
    (a hearing "tomorrow" in one, the next one "on 19 August" in a report of days later: news the
    earlier report could not have had), else None."""
    day_a, day_b = _report_days(ctx, a, b)
    if day_a is None or day_b is None or day_a == day_b:
        return None
    (first, _), (last, last_value) = sorted([(day_a, a.value), (day_b, b.value)], key=lambda pair: pair[0])
    return (last - first).days if last_value.low > first.toordinal() else None


def _slots(ctx: Context, found: list[_Found], edges: list[_Edge]) -> list[Conflict]:
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Pairs join, the likelier first, but never two values of one sentence, nor two different
    # values of one article: a sentence does not disagree with itself ("with 22 percent of the
    # vote counted, Cardoso won 51 percent"), and an outlet that gives "$23 million" a season and
    # "$184 million" in all tells two facts; a chain that would bring both into one slot is two.
    # Values paired without a doubt form the slots; a pair that "may be different facts" (or a
    # later step) joins two values only when neither is in such a slot: "the call came at 3:30",
    # "at 3:33" is one slot, and "by 6:40 the fire was under control" does not join it through a
    # weak pair with the 3:30 sentence (both name the chief).
    held = {k: [k] for k in range(len(found))}
    article = [ctx.sentences[f.row].article_id for f in found]

    def apart(x: int, y: int) -> bool:
        return found[x].row == found[y].row or (
            article[x] == article[y] and not found[x].value.compatible(found[y].value))

    def join(a: int, b: int) -> None:
        first, second = root(a), root(b)
        if first != second and not any(apart(x, y) for x in held[first] for y in held[second]):
            parent[second] = first
            held[first] += held.pop(second)

    likelier = sorted(edges, key=lambda edge: (-edge[2], edge[0], edge[1]))
    plain = {k for a, b, _, note in edges if note is None for k in (a, b)}
    for a, b, _, note in likelier:
        if note is None:
            join(a, b)
    # Such a weak pair stands alone: weak pairs chained "4 percent" growth, a "4.47 percent" fall
    # of stocks and a "7.3 percent" deficit into one slot.
    paired: set[int] = set()
    for a, b, _, note in likelier:
        if note is not None and not {a, b} & (plain | paired):
            join(a, b)
            paired.update((a, b))
    members: dict[int, list[int]] = {}
    for a, b, _, _ in edges:
        for k in (a, b):
            members.setdefault(root(k), [])
            if k not in members[root(k)]:
                members[root(k)].append(k)
    conflicts = []
    for slot, items in members.items():
        clashing = [(conf, note) for a, b, conf, note in edges if root(a) == slot == root(b)
                    and not found[a].value.compatible(found[b].value)]
        if not clashing:
            continue
        confidence, note = max(clashing, key=lambda pair: pair[0])
        distinct = len({found[k].value.normalized for k in items})
        if distinct >= MANY_VALUES:
            confidence *= DIFFERENT_SPANS_FACTOR
            note = (f"{distinct} different values: may be a figure that changed as the story went on, "
                    "or different facts")
        if confidence >= MIN_CONFIDENCE:
            conflicts.append(_conflict(ctx, [found[k] for k in sorted(items)], confidence, note))
    conflicts.sort(key=lambda c: -c.confidence)
    return conflicts


def _conflict(ctx: Context, items: list[_Found], confidence: float, note: str | None) -> Conflict:
    by_value: dict[str, list[_Found]] = {}
    for item in items:
        by_value.setdefault(item.value.normalized, []).append(item)
    values = []
    for normalized, group in sorted(by_value.items(), key=lambda kv: (kv[1][0].value.low, kv[0])):
        citations = []
        for item in group:
            sentence = ctx.sentences[item.row]
            citations.append(ctx.citation(sentence))
        values.append(ConflictValue(group[0].value.text, normalized, tuple(dict.fromkeys(citations))))
    kind = items[0].value.kind
    unit = items[0].value.unit
    shared = set.intersection(*(set(i.words) for i in items)) if len(items) > 1 else set()
    label = _KIND_LABEL[kind] + (f" {_unit_word(items)}" if kind in ("count", "ordinal", "amount") and unit else "")
    about = label + (f" ({', '.join(sorted(shared)[:4])})" if shared else "")
    return Conflict(about=about, kind=kind, values=tuple(values), confidence=round(confidence, 2), note=note)


def _unit_word(items: list[_Found]) -> str:
    """The counted noun as written ("miners"), or the currency."""
    value = items[0].value
    if value.kind == "amount":
        return value.unit
    return value.normalized.split(" ", 1)[-1]


# A role names one post only when it has a qualifier ("Vessna Governor", "Kremlin
# spokesman"); bare titles ("prime minister", "head coach") are held by many people
# at once and are not compared. Even qualified posts can have several holders (a
# country's envoys), so these conflicts stay at low confidence; on DUC 2003 the rule
# left 2 role conflicts in 30 clusters, against 9 without the qualifier.
ROLE_CONFIDENCE = 0.35


def role_conflicts(ctx: Context, index: EntityIndex) -> list[Conflict]:
    """The same post given to different people by different outlets: "Governor X" against "Governor Y".

    Abstains when one article itself gives the post to two people (then it is not one post)."""
    holders: dict[str, dict[int, list[Mention]]] = {}
    for mention, entity in index.roles:
        words = (mention.role or "").split()
        qualified = any(w[:1].isupper() and w.lower().rstrip(".") not in ROLE_WORDS for w in words)
        role = " ".join(w.lower() for w in words)
        if qualified and len(words) >= 2 and words[0].lower() not in ("former", "ex", "late", "then"):
            holders.setdefault(role, {}).setdefault(entity, []).append(mention)
    conflicts = []
    for role, by_entity in holders.items():
        if len(by_entity) < 2 or _shared_within_one_article(by_entity):
            continue
        groups = [{ctx.copy_group[m.article_id] for m in ms} for ms in by_entity.values()]
        if len(set.union(*groups)) < 2:
            continue
        values = [
            ConflictValue(index.entities[entity].name, index.entities[entity].name,
                          tuple(dict.fromkeys(_sentence_citation(ctx, m) for m in ms)))
            for entity, ms in sorted(by_entity.items())
        ]
        conflicts.append(Conflict(about=f"who is {role}", kind="role", values=tuple(values),
                                  confidence=ROLE_CONFIDENCE,
                                  note="outlets name different people for this post; a post can have several holders"))
    return conflicts


def _shared_within_one_article(by_entity: dict[int, list[Mention]]) -> bool:
    articles: dict[str, set[int]] = {}
    for entity, mentions in by_entity.items():
        for mention in mentions:
            articles.setdefault(mention.article_id, set()).add(entity)
    return any(len(entities) > 1 for entities in articles.values())


def _sentence_citation(ctx: Context, mention: Mention) -> Citation:
    for sentence in ctx.cluster.sentences[ctx.cluster.article_index[mention.article_id]]:
        if sentence.start <= mention.start < sentence.end:
            return ctx.citation(sentence)
    article = ctx.articles[ctx.cluster.article_index[mention.article_id]]
    return Citation(article.id, article.outlet, mention.start, mention.end, mention.text)
