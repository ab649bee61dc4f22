"""Segment stage: sentences with character offsets into the cleaned text (syntok)."""

from __future__ import annotations

from syntok import segmenter

from storyweave.model import Article, Sentence

__all__ = ["split_sentences"]


def split_sentences(article: Article) -> list[Sentence]:
    """The sentences of ``article``; ``article.text[s.start:s.end] == s.text`` for each."""
    sentences: list[Sentence] = []
    for paragraph_index, paragraph in enumerate(segmenter.analyze(article.text)):
        for tokens in paragraph:
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            text = article.text[start:end]
            if not text.strip():
                continue
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=text,
                    paragraph=paragraph_index,
                )
            )
    return sentences
