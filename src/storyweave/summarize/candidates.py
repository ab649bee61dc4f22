"""Which sentences may appear in a summary at all.

General rules for news, not tuned to any data set: a summary sentence must
stand on its own, so we drop fragments, questions, headings (also with a stop,
every word capitalised, and a transcript shouted in capitals), datelines and
quotes that do not say who is speaking; and it must end as a sentence does (a
headline, a caption, a lead-in to a list or a teaser cut off with "..." does not).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from storyweave.clean import rules
from storyweave.model import Sentence
from storyweave.represent.titles import typical_order
from storyweave.segment import title_case

# Word-count bounds for a summary sentence (shorter ones are headings or
# fragments, longer ones eat a budget alone). MAX_WORDS tuned for the default
# method on DUC 2003 dev and the Multi-News dev slice (35, 45, 55, 70, 100
# tried; 55 best on both, 70+ equal or worse): see docs/benchmarks.md.
MIN_WORDS = 8
MAX_WORDS = 55
_ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|told|added|stated|declared|explained|according to|announced|wrote|noted|"
    r"insisted|warned|quoted|recalled|replied|asked)\b",
    re.IGNORECASE,
)
_OPENING_QUOTES = "\"“‘'«"
# A full stop, an exclamation or a question mark, then any closing quotes or brackets.
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’'»)\]]*$")
# "MOSCOW (AP) _ ", "Moscow: ", "PARIS, France - ": capitalised words, an optional agency, a mark.
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][\w.'-]*\s?){1,3}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([A-Za-z .]+\))?"
    r"\s*[-–—:_]{1,2}\s"
)


# Sentences opening with a personal pronoun, or quotes attributed only to one,
# depend on a sentence before them that the summary may not carry.
_DANGLING_START_RE = re.compile(r"^(?:he|she|they|his|her|their|him|them|we)\b", re.IGNORECASE)
# "It was described as a black Porsche", "It was filled with water": "it" is a thing named before;
# not "It was reported that ...", "It is believed the ...", where "it" stands for what follows.
_IT_PASSIVE_RE = re.compile(
    r"^It\s+(?:was|is|had\s+been|has\s+been|will\s+be|would\s+be)\s+"
    r"(?!(?:believed|thought|reported|expected|said|claimed|alleged|estimated|understood|known|feared|hoped|"
    r"rumou?red|announced|confirmed|decided|agreed|noted|suggested|argued|assumed|presumed|revealed|learned|"
    r"found|predicted|considered|planned)\b)"
    r"(?:\w+ed|taken|given|seen|shown|written|driven|broken|stolen|hidden|chosen|beaten|frozen|spoken)\b")
_PRONOUN_SPEAKER_RE = re.compile(
    r"[,.!?]['\"”’]?\s+(?:he|she|they|it|the (?:official|spokesman|spokeswoman|spokesperson))\s+"
    r"(?:said|says|added|told|stated|noted)\b",
    re.IGNORECASE,
)


def reads_as_sentence(text: str) -> bool:
    """Does ``text`` end with a full stop, an exclamation or a question mark (then maybe closing
    quotes or brackets), as a sentence does and a headline, a caption or a lead-in does not, and
    is it more than a headline and its time stamp?"""
    return _SENTENCE_END_RE.search(text) is not None and not rules.stamped_headline(text)


def asks(text: str) -> bool:
    """Is ``text`` a question (a "?", then maybe closing quotes or brackets)? It states no fact:
    no summary sentence, and no claim that outlets agree on ("But who was the ringleader?")."""
    return _QUESTION_END_RE.search(text) is not None


_QUESTION_END_RE = re.compile(r"\?[\"”’'»)\]]*$")
# A sentence cut off with an ellipsis: a link's teaser ("... was arrested about the 1972...").
_ELLIPSIS_END_RE = re.compile(r"(?:\.\.\.|…)[.\"”’'»)\]]*$")


def is_candidate(sentence: Sentence, article_text: str | None = None, *, speaker: str | None = None) -> bool:
    """Can this sentence stand alone in a summary? Given its article's text, not when it goes on a
    quotation that an earlier sentence opened ("... that's prison," he said. "That's criminal
    behavior. The other stuff is just shameful.": the second and third are his words, not facts),
    unless the ``speaker`` of the quotation is known (the brief then names them)."""
    inside = article_text is not None and in_quotation(article_text, sentence.start)
    if inside and speaker is None:
        return False
    text = sentence.text.strip()
    count = len(text.split())
    if not MIN_WORDS <= count <= MAX_WORDS:
        return False
    if asks(text) or not reads_as_sentence(text) or _ELLIPSIS_END_RE.search(text):
        return False
    if title_case(text.split(), share=1.0):
        return False  # every word capitalised: a heading with a stop, or a transcript in capitals
    if not (text[0].isupper() or text[0] in _OPENING_QUOTES or text[0].isdigit()):
        return False
    if text[0] in _OPENING_QUOTES and (
        not _ATTRIBUTION_RE.search(text) or _PRONOUN_SPEAKER_RE.search(text)
    ):
        return False  # a quote with no named speaker loses its meaning out of context
    if _DANGLING_START_RE.match(text) or _IT_PASSIVE_RE.match(text):
        return False
    if inside and article_text is not None and leaves_quote_open(_paragraph_before(article_text, sentence.start)):
        text = ("“" if "”" in text else '"') + text  # its opening mark is in an earlier sentence
    return _balanced_quotes(text)


def leaves_quote_open(text: str) -> bool:
    """Does ``text`` leave a quotation open: more opening than closing curly quotes, or an odd
    number of straight ones?"""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _paragraph_before(text: str, position: int) -> str:
    return text[text.rfind("\n", 0, position) + 1:position]


def in_quotation(text: str, position: int) -> bool:
    """Is ``position`` inside a quotation that opened earlier in its paragraph (more opening than
    closing curly marks before it, or an odd number of straight ones), or in a transcript, after its
    first turn ("Lena Varga: I think we are ready. We waited." and the paragraphs that follow), but
    for a turn's first sentence, which names its speaker?"""
    if leaves_quote_open(_paragraph_before(text, position)):
        return True
    turns = _transcript_turns(text)
    return bool(turns) and position > min(turns) and position not in turns


def turn_speaker(text: str, position: int) -> str | None:
    """In a transcript, the name that opens the turn ``position`` is in ("Lena Varga" of "Lena Varga: ...")."""
    turns = [t for t in _transcript_turns(text) if t <= position]
    return text[max(turns):text.index(":", max(turns))] if turns else None


# A paragraph that opens with a name and a colon, in a text where two names or more do so and
# most such paragraphs open with a name that opens another too: an interview's transcript, whose
# speakers take turns again and again. A label alone may be a heading, a place or furniture
# ("Kallby: the mine reopens", "More: ..."), and labels that each open one paragraph are a list
# or a letter's head ("To: ...", "Dear Mr. Chairman: ...", a table's "Mild: ...", "Severe: ...").
_SPEAKER_TURN = re.compile(r"(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*:\s+\S", re.MULTILINE)


@lru_cache(maxsize=64)
def _transcript_turns(text: str) -> frozenset[int]:
    turns = frozenset(m.start() for m in _SPEAKER_TURN.finditer(text) if m.start() == 0 or text[m.start() - 1] == "\n")
    speakers = Counter(text[t:text.index(":", t)] for t in turns)
    again = sum(n for n in speakers.values() if n > 1)
    return turns if len(speakers) >= 2 and 2 * again > len(turns) else frozenset()


def _balanced_quotes(text: str) -> bool:
    straight = text.count('"') % 2 == 0
    curly = text.count("“") == text.count("”")
    return straight and curly


# A story whose articles have (mostly) no titles is headed by the first sentence of one of its
# LEAD_TRIES earliest articles: the one whose opening (LEAD_OPENING characters) is most like the
# others' (a straight report of the event, not a feature's scene-setting: "They were teen-agers
# whose parents had brought them here ..." against "A fire turned a dance hall ... into a
# deathtrap"), then the next, until one has at least LEAD_MIN_WORDS words ("She was 85." is no
# headline); cut to about HEADLINE_CHARS characters.
LEAD_MIN_WORDS = 6
LEAD_TRIES = 3
LEAD_OPENING = 300
HEADLINE_CHARS = 100


def lead_order(openings: Sequence[str]) -> list[int]:
    """Indices of the articles whose texts (or their first ``LEAD_OPENING`` characters) are
    given, the one whose opening is most like the others' first (``typical_order``), ties in the
    order given; with two or fewer, as given."""
    if len(openings) < 3:
        return list(range(len(openings)))
    return typical_order([text[:LEAD_OPENING] for text in openings])


def lead_choice(leads: Iterable[str | None], min_words: int = LEAD_MIN_WORDS) -> str | None:
    """The first of ``leads`` (first sentences, earliest article first) with ``min_words`` words or
    more and no photo's dated caption, else the first there is; read only as far as needed."""
    seen = []
    for lead in leads:
        if lead and len(lead.split()) >= min_words and not rules.dated_caption(lead):
            return lead
        seen.append(lead)
    return next((lead for lead in seen if lead), None)


# A dateline's place in capitals between a flattened headline and its stamp ("... Act Restored
# WASHINGTON, DC, April 28, 2009 The ..."): capitals and a comma, maybe a short state after it.
_TRAILING_DATELINE_RE = re.compile(r"\s+[A-Z][A-Z.'-]{4,}(?:\s+[A-Z][A-Z.'-]+)*,(?:\s*[A-Z][A-Za-z.]{1,4})?$")


def lead_headline(lead: str) -> str:
    """A headline made of a lead sentence: without the time stamps of a page flattened into it
    (``rules.page_stamps``: "Posted 11/27/2005 7:21 AM ..." before, or a headline and then its
    stamps) and without a wire story's dateline ("MOSCOW (AP) _ "), cut to about ``HEADLINE_CHARS``."""
    stamps = rules.page_stamps(lead)
    start = stamps[0][1] if stamps and stamps[0][0] == 0 else 0
    inline = next((begin for begin, _ in stamps if begin > 0), None)
    if inline is not None:  # a flattened headline, then its time stamp (and maybe a dateline's place before it)
        lead = lead[start:inline].rstrip(" -–—|,;:")
        lead = _TRAILING_DATELINE_RE.sub("", lead) if re.search(r"[a-z]", lead) else lead
    else:
        lead = lead[start:] or lead
        lead = lead[dateline_length(lead):]
    if len(lead) <= HEADLINE_CHARS:
        return lead
    return lead[: lead.rfind(" ", 0, HEADLINE_CHARS)].rstrip(",;:") + " …"


def dateline_length(text: str) -> int:
    """How many leading characters of ``text`` are a dateline ("MOSCOW (AP) _ "), else 0."""
    match = _DATELINE_RE.match(text)
    if not match or len(text) - match.end() < 20:
        return 0
    return match.end()
