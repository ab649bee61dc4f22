"""Segment stage: sentences with character offsets into the cleaned text (syntok).

One repair on top of syntok: a wire dateline ("WASHINGTON (AP) _ The Senate
voted ...") comes out of syntok as two pieces, "WASHINGTON (AP)" and
"_ The Senate voted ..."; we join them back into one sentence.
"""

from __future__ import annotations

from syntok import segmenter

from storyweave.model import Article, Sentence

__all__ = ["first_sentence", "split_sentences"]

_CONTINUATION_MARKS = ("-", "–", "—", "_", ":")
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
            if spans and _continues_dateline(text, spans[-1], start, paragraph_index):
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
