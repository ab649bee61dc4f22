"""Segment stage: sentences with character offsets into the cleaned text (syntok).

Repairs on top of syntok, joining pieces it split apart and splitting what it misses:

- a wire dateline ("WASHINGTON (AP) _ The Senate voted ...") comes out as "WASHINGTON
  (AP)" and "_ The Senate voted ...";
- a title written short before a name ("Alaska Gov. Sarah Palin apologized.", "Lt. Dan
  Choi", "the Rev. Larry Kroon") comes out as "Alaska Gov." and "Sarah Palin apologized."
  (syntok knows "Dr.", "Sen.", "Gen." and a few more, not these);
- a month written short in capitals before its day ("10:55 P.M. FEB. 2, 2025") comes out as
  "... FEB." and "2, 2025 ...", and an amount whose decimal point a scraped page spaced
  ("worth £1. 7 million") as "... worth £1." and "7 million";
- a page flattened into one line runs its headline into the first sentence ("Quake jolts
  southern Iran, five hurt A 5.6 magnitude earthquake hit ...", "Police Release Name Of
  Victim According to police, ...", "FERRY RUNS AGROUND Sun Ferries said ...", "Ferry runs
  aground Posted 2/3/2025 11:11 PM Sun Ferries said ..."): the headline (with its time stamp)
  becomes a sentence of its own, also when syntok cut the headline at a short word's stop
  ("Lodge Treasurer Ivo Marek Jr." "On The Run In Kessa Feb. 3, 2025 A lodge ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from syntok import segmenter

from storyweave.clean import rules
from storyweave.model import Article, Sentence

__all__ = ["SHORT_TITLES", "first_sentence", "split_sentences", "title_case"]

_CONTINUATION_MARKS = ("-", "–", "—", "_", ":")
# Titles that news writes short before a name and that never end a sentence ("Jr." and "Sr."
# do, after a name, so they are not here); syntok already keeps "Mr.", "Dr.", "Sen." and others.
SHORT_TITLES = frozenset({
    "Adm", "Amb", "Atty", "Brig", "Capt", "Cmdr", "Col", "Cpl", "Det", "Fr", "Gen", "Gov", "Hon",
    "Insp", "Lt", "Maj", "Msgr", "Pres", "Prof", "Pvt", "Rep", "Reps", "Rev", "Sen", "Sens", "Sgt",
    "Spc", "Supt", "Ft", "Mt", "St"
})
# Words that start a new sentence rather than a name ("... met the Gov. He said ...").
_STARTERS = frozenset({
    "A", "An", "And", "As", "At", "But", "He", "Her", "His", "I", "If", "In", "It", "Its", "On",
    "Or", "She", "So", "That", "The", "Their", "Then", "There", "These", "They", "This", "Those",
    "We", "When", "While", "You"
})
# Words that open the body of a page after a headline with no end mark. Inside a sentence they
# are written capitalised only in a name or a title, where the word after them is capitalised
# too ("The Hague", "In Cold Blood"); so one of them followed by a lowercase word, after a
# word with no end mark, starts a sentence. ("I", "Police" and the like are left out: "when I
# saw", "Kessa State Police said".)
_BODY_STARTERS = frozenset({
    "A", "According", "After", "An", "As", "At", "Before", "He", "In", "It", "It's", "It’s", "On",
    "She", "That", "The", "There", "These", "They", "This", "Those", "We", "When", "While",
})
# Short words a title-case headline leaves lowercase ("Man Charged in Fatal Hit and Run").
_TITLE_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to", "with",
})
_HEADLINE_MIN_WORDS = 3
_LABEL_OR_CLOCK_RE = re.compile(r"\b(?:published|posted|updated)\b|\d[:.]\d\d", re.IGNORECASE)
# What syntok cuts at a full stop that is not a sentence's end: (how the first piece ends, how the next goes on).
_BROKEN = (
    (re.compile(r"(?:^|\s)(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.$", re.IGNORECASE), re.compile(r"\d")),
    (re.compile(r"[$€£¥]\d{1,3}\.$"), re.compile(r"\d{1,2}[\s-]*(?:million|billion|trillion|bn|m)\b", re.IGNORECASE)),
)
_TOKEN_RE = re.compile(r"\S+")
_WORD_RE = re.compile(r"\w+")
_SHORT_WORD_END_RE = re.compile(r"(?:^|\s)(?:[A-Z][A-Za-z]{0,5}|(?:[A-Z]\.)+[A-Z])\.$")  # "Jr.", "Phila.", "U.S."
_TITLE_END_RE = re.compile(r"(?:^|[\s(\[\"“'‘])(?P<title>[A-Z][a-z]{1,4})\.$")
# ``first_sentence`` splits this much of the text, then twice as much while the first sentence runs on.
_LEAD_CHARS = 600


def split_sentences(article: Article) -> list[Sentence]:
    """The sentences of ``article``; ``article.text[s.start:s.end] == s.text`` for each."""
    return [
        Sentence(article_id=article.id, index=i, start=s, end=e, text=article.text[s:e], paragraph=p)
        for i, (s, e, p) in enumerate(_spans(article.text))
    ]


def first_sentence(text: str) -> str | None:
    """The first sentence of ``text``, as ``split_sentences`` would give it, splitting only the
    opening of a long text (the first sentence is the same when a second one starts in it),
    twice as much again while none does."""
    size = _LEAD_CHARS
    spans = _spans(text[:size])
    while len(text) > size and len(spans) < 2:
        size *= 2
        spans = _spans(text[:size])
    return text[spans[0][0] : spans[0][1]] if spans else None


def _spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence of ``text``."""
    spans = _joined_spans(text)
    split: list[tuple[int, int, int]] = []
    for index, (start, end, paragraph) in enumerate(spans):
        body = None
        if index == 0:
            body = _headline_end(text, start, end)
        elif start < rules.STATED_DATE_CHARS:
            body = _after_opening_stamp(text, start, end)
        if body is None:
            split.append((start, end, paragraph))
        else:
            split += [(start, len(text[:body].rstrip()), paragraph), (body, end, paragraph)]
    return split


def _joined_spans(text: str) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    for paragraph_index, paragraph in enumerate(segmenter.analyze(text)):
        for tokens in paragraph:
            if not tokens:
                continue
            start, end = tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)
            if not text[start:end].strip():
                continue
            if spans and (_continues_dateline(text, spans[-1], start, paragraph_index)
                          or _after_title(text, spans[-1], start, paragraph_index)
                          or _broken_inside(text, spans[-1], start, paragraph_index)
                          or (len(spans) == 1 and _headline_runs_on(text, spans[0], start, end))):
                spans[-1] = (spans[-1][0], end, paragraph_index)
            else:
                spans.append((start, end, paragraph_index))
    return spans


def _headline_end(text: str, start: int, end: int) -> int | None:
    """Where the body starts in a first sentence (``start``..``end``) that a flattened page's
    headline runs into, or None: after the headline's time stamp, after a headline in capitals,
    or at a word that opens a body."""
    for find in (_after_stamp, _after_capitals, _body_start):
        body = find(text, start, end)
        if body is not None:  # time stamps after the headline go with it ("... AGROUND Feb. 3 5:59 PM CET")
            body = rules.stamps_end(text[:end], body)
            return body if len(text[body:end].split()) >= _HEADLINE_MIN_WORDS else None
    return None


def _after_stamp(text: str, start: int, end: int) -> int | None:
    """After the time stamp that follows a headline ("Ferry aground Posted 2/3/2025 11:11 PM Sun
    Ferries said ..."; ``rules.page_stamps``), when something like a sentence's start follows it."""
    first = text[start:end]
    for begin, stop in rules.page_stamps(first):
        if begin > 0 and first[stop:stop + 1] and (first[stop].isupper() or first[stop].isdigit()
                                                   or first[stop] in "\"“‘'"):
            return start + stop
    return None


def _after_opening_stamp(text: str, start: int, end: int) -> int | None:
    """After the time stamps that open a sentence near the top of a flattened page ("...
    Sun Ferries said. PUBLISHED: MONDAY, FEB 3, 2025, 1:32 PM UPDATED: ... The ferry ..."):
    stamps with a label or a clock time, not a date that opens prose ("June 6, 1944 was ...")."""
    body = rules.stamps_end(text[:end], start)
    if body == start or not _LABEL_OR_CLOCK_RE.search(text, start, body):
        return None
    return body if len(text[body:end].split()) >= _HEADLINE_MIN_WORDS else None


def _after_capitals(text: str, start: int, end: int) -> int | None:
    """Before the first capitalised word after three or more words in capitals that open the
    sentence ("FERRY RUNS AGROUND Sun Ferries said ..."); not after a dateline ("NEW YORK (AP)
    _ The ...", "RIO DE JANEIRO, Brazil") or inside a date ("OUTAGE 16 August 2025")."""
    capitals, previous = 0, ""
    for token in _TOKEN_RE.finditer(text, start, end):
        word = token.group()
        letters = [c for c in word if c.isalpha()]
        if word.startswith("(") or not word.strip("_-–—"):
            return None  # an agency or a dateline's mark
        if letters and all(c.isupper() for c in letters):
            if word.endswith(","):
                return None
            capitals += 1
        elif letters:
            headline = capitals >= _HEADLINE_MIN_WORDS and word[0].isupper() and not previous[:1].isdigit()
            return token.start() if headline else None
        previous = word
    return None


def _body_start(text: str, start: int, end: int) -> int | None:
    """Where the body starts in a first sentence that a headline with no end mark runs into, or
    None: at a body starter (``_BODY_STARTERS``) after the headline's third word, itself after a
    word with no end mark and not after a dateline's mark ("ROME (AP) _ The ..."), and followed
    by a lowercase word (or a number, unless the headline is in title case: "Singer Dies At 91");
    "A" after a capitalised word not before a short word ("Plan A is ...")."""
    tokens = list(_TOKEN_RE.finditer(text, start, end))
    for index in range(_HEADLINE_MIN_WORDS, len(tokens) - 1):
        word = tokens[index].group().lstrip("\"“‘'(")
        if word not in _BODY_STARTERS:
            continue
        before, after = tokens[index - 1].group(), tokens[index + 1].group()
        if before[-1] in ".!?;:_-–—)" or not (after[0].islower() or after[0].isdigit()):
            continue
        titled = title_case(token.group() for token in tokens[:index])
        if titled and not after[0].islower():
            continue
        if word == "A" and before[0].isupper() and after.lower() in _TITLE_SMALL_WORDS:
            continue  # "Plan A is", "Vitamin A and"
        return tokens[index].start()
    return None


def title_case(words: Iterable[str], share: float = 0.8) -> bool:
    """Are ``share`` (by default four in five) of these words that are not short ones ("of",
    "the", ...) capitalised?"""
    content = [w for w in words if w[:1].isalpha() and w.lower() not in _TITLE_SMALL_WORDS]
    return bool(content) and sum(w[0].isupper() for w in content) >= share * len(content)


def _continues_dateline(text: str, previous: tuple[int, int, int], start: int, paragraph: int) -> bool:
    prev_start, prev_end, prev_paragraph = previous
    fragment = text[prev_start:prev_end]
    return (
        prev_paragraph == paragraph
        and text[start:start + 1] in _CONTINUATION_MARKS
        and len(fragment.split()) <= 5
        and not fragment.endswith((".", "!", "?"))
    )


def _after_title(text: str, previous: tuple[int, int, int], start: int, paragraph: int) -> bool:
    """The previous piece ends in a short title ("Gov.") and this one goes on with a name."""
    prev_start, prev_end, prev_paragraph = previous
    match = _TITLE_END_RE.search(text, prev_start, prev_end)
    return (
        prev_paragraph == paragraph
        and match is not None
        and match.group("title") in SHORT_TITLES
        and text[start:start + 1].isupper()
        and not text[prev_end:start].strip()
        and _first_word(text, start) not in _STARTERS
    )


def _broken_inside(text: str, previous: tuple[int, int, int], start: int, paragraph: int) -> bool:
    """The previous piece and this one are one thing syntok cut at a full stop (``_BROKEN``): a
    month written short and its day ("FEB." "2, 2025"), or an amount and the decimals a scraped
    page spaced off ("worth £1." "7 million")."""
    prev_start, prev_end, prev_paragraph = previous
    return prev_paragraph == paragraph and not text[prev_end:start].strip() and any(
        ends.search(text, prev_start, prev_end) and goes_on.match(text, start) for ends, goes_on in _BROKEN)


def _headline_runs_on(text: str, previous: tuple[int, int, int], start: int, end: int) -> bool:
    """The first piece is a flattened page's headline that syntok cut at a short word's full stop
    ("Convicted Lodge Treasurer Ivo Marek Jr." "On The Run In Kessa Feb. 3, 2025 A convicted
    ..."): it is in title case and ends with a short capitalised word and its stop, and this
    piece goes on in title case up to a time stamp (``rules.page_stamps``) and the body after it."""
    prev_start, prev_end, _ = previous
    if not _SHORT_WORD_END_RE.search(text, prev_start, prev_end) or text[prev_end:start].strip():
        return False
    stamp = next((begin for begin, _ in rules.page_stamps(text[start:end], headline_chars=1) if begin > 0), None)
    return stamp is not None and title_case(text[prev_start:prev_end].split()) and title_case(
        text[start:start + stamp].split())


def _first_word(text: str, start: int) -> str:
    match = _WORD_RE.match(text, start)
    return match.group() if match else ""
