"""Words, stop words and stems, with no downloads (Snowball's English stemmer)."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+)*", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("english")

# A general English stop-word list (function words only: no content words).
STOPWORDS = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing",
        "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't",
        "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers",
        "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in",
        "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me", "more", "most", "mustn't", "my",
        "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought", "our",
        "ours", "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd", "she'll", "she's",
        "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs",
        "them", "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're",
        "they've", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasn't",
        "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "when's",
        "where", "where's", "which", "while", "who", "who's", "whom", "why", "why's", "will", "with", "won't",
        "would", "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
        "yourselves", "s", "t", "said", "says", "say", "told", "mr", "mrs", "ms", "would", "also", "just",
        "one"
    ]
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens; curly apostrophes become straight ones (lowering and replacing
    the whole text once is four times faster than word by word, and gives the same tokens)."""
    return _WORD_RE.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that are not stop words."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def content_words(text: str) -> int:
    """How many words of ``text`` are not stop words (``len(content_stems(text))``, without stemming)."""
    return sum(w not in STOPWORDS for w in words(text))
