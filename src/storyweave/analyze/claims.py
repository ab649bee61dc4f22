"""Claims: sentences of different articles that state the same thing.

Pairs of sentences from different articles whose similarity reaches
``ALIGN`` are joined, strongest pair first, into groups holding at most one
sentence per article; a sentence joins a group only when it is close to most
of its members (average-link), so chains of loosely related sentences do not
snowball. Groups whose sentences follow one another in every article (a
statement quoted over two sentences) become one claim spanning both.
Sentences no other article matches become single-outlet claims: the
outlet's exclusives.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

import numpy as np

from storyweave.analyze.context import ALIGN, Context
from storyweave.clean import rules
from storyweave.model import Citation, Claim, Sentence, content_id
from storyweave.summarize.candidates import asks, is_candidate, leaves_quote_open, reads_as_sentence

# A candidate must reach this share of ALIGN on average against a group's members.
GROUP_LINK = 0.85
# Sentences share their wording when their word sequences match this closely
# (difflib ratio), or when they share a run of SHARED_RUN words or more (a
# statement quoted word for word inside differently worded sentences).
VERBATIM = 0.85
SHARED_RUN = 10
MIN_WORDS = 5
# A sentence inside a quotation is cited from where the quotation opens, up to this many
# sentences back in its paragraph (quotes run to a few sentences; an unmatched quote mark in
# noisy text must not pull in a whole paragraph).
QUOTE_REACH = 3
QUOTE_REACH_LOOK = 12  # sentences looked at to tell whether the paragraph has an open quote
_OPENING = re.compile(r'["“]')


def align(ctx: Context) -> list[list[Sentence]]:
    """Groups of sentences (two or more articles each) that state the same thing, in story order."""
    threshold = ALIGN  # the similarity is tf-idf, raised by embeddings (context.py)
    sentences = ctx.sentences
    usable = np.asarray([k for k, s in enumerate(sentences) if len(s.text.split()) >= MIN_WORDS
                         and reads_as_sentence(text := s.text.strip()) and not asks(text)
                         and not rules.dated_caption(text)], dtype=np.int64)
    article = np.asarray([ctx.cluster.article_index[sentences[k].article_id] for k in usable.tolist()], dtype=np.int64)
    similar = ctx.similarity[np.ix_(usable, usable)]
    rows, cols = np.nonzero(np.triu(similar >= threshold, 1) & (article[:, None] != article[None, :]))
    pairs = sorted(zip(similar[rows, cols].tolist(), usable[rows].tolist(), usable[cols].tolist(), strict=True),
                   reverse=True)
    group_of: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for _, i, j in pairs:
        _join(ctx, groups, group_of, i, j, threshold)
    result = [sorted(members) for members in groups.values() if len(members) > 1]
    result.sort(key=lambda members: members[0])
    return _merge_runs(ctx, [[sentences[k] for k in members] for members in result])


def _join(ctx: Context, groups: dict[int, list[int]], group_of: dict[int, int], i: int, j: int,
          threshold: float) -> None:
    gi, gj = group_of.get(i), group_of.get(j)
    if gi is not None and gi == gj:
        return
    left = groups[gi] if gi is not None else [i]
    right = groups[gj] if gj is not None else [j]
    articles = [ctx.sentences[k].article_id for k in left + right]
    if len(set(articles)) < len(articles):
        return  # one sentence per article in a claim
    link = float(ctx.similarity[left][:, right].mean())
    if link < GROUP_LINK * threshold:
        return
    merged = left + right
    key = gi if gi is not None else gj if gj is not None else i
    for k in merged:
        group_of[k] = key
    for old in (gi, gj):
        if old is not None and old != key:
            groups.pop(old, None)
    groups[key] = merged


def _merge_runs(ctx: Context, groups: list[list[Sentence]]) -> list[list[Sentence]]:
    """Join group B into group A when, in every article, B's sentence directly follows A's."""
    by_key = {frozenset((s.article_id, s.index) for s in g): g for g in groups}
    merged: list[list[Sentence]] = []
    absorbed: set[int] = set()
    for n, group in enumerate(groups):
        if n in absorbed:
            continue
        run = list(group)
        while True:
            nxt = frozenset((s.article_id, s.index + 1) for s in run[-len(group):])
            follower = by_key.get(nxt)
            if follower is None or follower is group:
                break
            absorbed.add(groups.index(follower))
            run.extend(follower)
        merged.append(run)
    return merged


def build_claims(ctx: Context, groups: list[list[Sentence]] | None = None) -> list[Claim]:
    """Every aligned group (``align(ctx)`` unless given) as a claim, then each remaining informative
    sentence as a one-outlet claim."""
    groups = align(ctx) if groups is None else groups
    claims = [_claim(ctx, group) for group in groups]
    aligned = {(s.article_id, s.index) for group in groups for s in group}
    for sentence in ctx.sentences:
        if (sentence.article_id, sentence.index) not in aligned and is_candidate(sentence) and not (
                rules.dated_caption(sentence.text.strip())):  # a photo's caption: no claim, even of one outlet
            claims.append(_claim(ctx, [sentence]))
    return _same_text_once(ctx, _without_contained(claims))


def _same_text_once(ctx: Context, claims: list[Claim]) -> list[Claim]:
    """Claims that read the same (an article repeating a quotation puts it in two groups) become one,
    with the citations of both (one per article), at the place of the first."""
    first: dict[str, int] = {}
    merged: list[list[Claim]] = []
    for claim in claims:
        key = " ".join(claim.text.lower().split())
        if key in first:
            merged[first[key]].append(claim)
        else:
            first[key] = len(merged)
            merged.append([claim])
    return [group[0] if len(group) == 1 else _joined(ctx, group) for group in merged]


def _joined(ctx: Context, group: list[Claim]) -> Claim:
    citations: dict[str, Citation] = {}
    for claim in group:
        for citation in claim.citations:
            citations.setdefault(citation.article_id, citation)
    cited = tuple(citations.values())
    return Claim(
        id=content_id(" ".join(f"{c.article_id}:{c.start}" for c in cited)),
        text=group[0].text,
        citations=cited,
        support=ctx.support([c.article_id for c in cited]),
        verbatim=len(cited) > 1 and all(_same_wording(cited[0].text, c.text) for c in cited[1:]),
    )


def _without_contained(claims: list[Claim]) -> list[Claim]:
    """Drop a claim whose every citation lies within a citation of a claim with more outlets (or as
    many, listed earlier): two sentences of one quotation, each cited with the whole quotation,
    are one claim."""
    by_article: dict[str, list[tuple[int, int, int]]] = {}
    for n, claim in enumerate(claims):
        for c in claim.citations:
            by_article.setdefault(c.article_id, []).append((c.start, c.end, n))

    def within(c: Citation, m: int) -> bool:
        return any(k == m and start <= c.start and c.end <= end for start, end, k in by_article[c.article_id])

    kept: list[Claim] = []
    for n, claim in enumerate(claims):
        head = claim.citations[0]
        rank = (len(claim.citations), -n)
        covering = {k for start, end, k in by_article[head.article_id]
                    if k != n and start <= head.start and head.end <= end
                    and (len(claims[k].citations), -k) > rank}
        if not any(all(within(c, m) for c in claim.citations[1:]) for m in sorted(covering)):
            kept.append(claim)
    return kept


def _claim(ctx: Context, group: Sequence[Sentence]) -> Claim:
    per_article: dict[str, list[Sentence]] = {}
    for sentence in group:
        per_article.setdefault(sentence.article_id, []).append(sentence)
    order = sorted(per_article.values(), key=lambda ss: ctx.row[(ss[0].article_id, ss[0].index)])
    first = order[0]
    citations = [_span(ctx, ss, 1.0) for ss in order[:1]]
    head_rows = [ctx.row[(s.article_id, s.index)] for s in first]
    for ss in order[1:]:
        rows = [ctx.row[(s.article_id, s.index)] for s in ss]
        citations.append(_span(ctx, ss, float(ctx.similarity[head_rows][:, rows].max())))
    verbatim = len(order) > 1 and all(_same_wording(citations[0].text, c.text) for c in citations[1:])
    return Claim(
        id=content_id(" ".join(f"{c.article_id}:{c.start}" for c in citations)),
        text=citations[0].text,
        citations=tuple(citations),
        support=ctx.support([c.article_id for c in citations]),
        verbatim=verbatim,
    )


def _span(ctx: Context, sentences: Sequence[Sentence], similarity: float) -> Citation:
    """The citation of an article's sentences; one that starts inside a quotation (the second
    sentence of 'X said: "A. B."') reaches back to where the quotation opens, so the statement is
    cited with its speaker."""
    ordered = sorted(sentences, key=lambda s: s.index)
    opening = quotation_start(ctx, ordered[0])
    closing = quotation_end(ctx, opening, ordered[-1])
    return ctx.citation(ordered[0], similarity, start=opening.start, end=closing.end)


def quotation_start(ctx: Context, sentence: Sentence) -> Sentence:
    """The sentence of the same paragraph where the quotation ``sentence`` starts inside opens,
    at most ``QUOTE_REACH`` sentences back; ``sentence`` itself when it starts outside quotes (or
    the opening is not found)."""
    row = ctx.row[(sentence.article_id, sentence.index)]
    before = [
        s for s in ctx.sentences[max(0, row - QUOTE_REACH_LOOK):row]
        if s.article_id == sentence.article_id and s.paragraph == sentence.paragraph
    ]
    if not leaves_quote_open("".join(s.text for s in before)):
        return sentence
    for back in range(1, min(QUOTE_REACH, len(before)) + 1):
        candidate = before[-back]
        earlier = "".join(s.text for s in before[: len(before) - back])
        if not leaves_quote_open(earlier) and _OPENING.search(candidate.text):
            return candidate
    return sentence


def quotation_end(ctx: Context, first: Sentence, last: Sentence) -> Sentence:
    """The sentence of ``last``'s paragraph where a quotation left open from ``first`` through
    ``last`` closes, at most ``QUOTE_REACH`` sentences on; ``last`` when none is left open (or
    the closing is not found)."""
    row = ctx.row[(last.article_id, last.index)]
    text = "".join(s.text for s in ctx.sentences[ctx.row[(first.article_id, first.index)]:row + 1])
    if not leaves_quote_open(text):
        return last
    for candidate in ctx.sentences[row + 1:row + 1 + QUOTE_REACH]:
        if candidate.article_id != last.article_id or candidate.paragraph != last.paragraph:
            break
        text += candidate.text
        if not leaves_quote_open(text):
            return candidate
    return last


_TOKEN = re.compile(r"\w+")


def _same_wording(a: str, b: str) -> bool:
    left, right = _TOKEN.findall(a.lower()), _TOKEN.findall(b.lower())
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    longest = matcher.find_longest_match(0, len(left), 0, len(right)).size
    return matcher.ratio() >= VERBATIM or longest >= SHARED_RUN
