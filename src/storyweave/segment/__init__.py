"""Segment stage: sentences with character offsets into the cleaned text (syntok).

Two repairs on top of syntok, each joining pieces it split apart:

- a wire dateline ("WASHINGTON (AP) _ The Senate voted ...") comes out as "WASHINGTON
  (AP)" and "_ The Senate voted ...";
- a title written short before a name ("Alaska Gov. Sarah Palin apologized.", "Lt. Dan
  Choi", "the Rev. Larry Kroon") comes out as "Alaska Gov." and "Sarah Palin apologized."
  (syntok knows "Dr.", "Sen.", "Gen." and a few more, not these).
"""

from __future__ import annotations

import re

from syntok import segmenter

from storyweave.model import Article, Sentence

__all__ = ["SHORT_TITLES", "first_sentence", "split_sentences"]

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
_WORD_RE = re.compile(r"\w+")
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
    spans: list[tuple[int, int, int]] = []
    for paragraph_index, paragraph in enumerate(segmenter.analyze(text)):
        for tokens in paragraph:
            if not tokens:
                continue
            start, end = tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)
            if not text[start:end].strip():
                continue
            if spans and (_continues_dateline(text, spans[-1], start, paragraph_index)
                          or _after_title(text, spans[-1], start, paragraph_index)):
                spans[-1] = (spans[-1][0], end, paragraph_index)
            else:
                spans.append((start, end, paragraph_index))
    return spans


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


def _first_word(text: str, start: int) -> str:
    match = _WORD_RE.match(text, start)
    return match.group() if match else ""
