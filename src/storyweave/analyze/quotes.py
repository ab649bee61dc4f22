"""Direct quotes: the quoted words, who said them, the cue, and the outlets carrying each wording.

Quotes are found in each article's text between straight or curly double
quotes, or curly single quotes (a closing ’ followed by a letter is an
apostrophe). Fragments of one quote split around "he said" are joined.
The speaker comes from the attribution after the quote ("..., said Kim",
"..., he added") or before it ("Arvent Mining said in a statement: ...");
"he"/"she" resolve to the person the text last made the subject of a
sentence, and descriptions ("the official", "the North Korean leader") to
the last person or body described that way. A quote with no attribution
that directly follows one (within 120 characters, or opening the next
sentence of its paragraph) inherits its speaker. Across articles, quotes of
one speaker whose words are close are variants of one quote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from storyweave.analyze.context import Context
from storyweave.analyze.entities import ROLE_NOUNS
from storyweave.model import Article, Citation, Entity, Quote, QuoteVariant
from storyweave.represent import STOPWORDS, content_stems, words
from storyweave.segment import title_case

MIN_QUOTE_WORDS = 3
# Words in quote marks that no attribution gives to anyone are speech when they are not in
# title case (that is a title: "The Last Harbour", a film's; "Year of the Ferry") and there are
# this many or more, or they open as a sentence does, or speak as "I", "we" or "you", or exclaim
# or ask; fewer, in lowercase, are a term or scare quotes ("a night owl", "a fair deal").
UNATTRIBUTED_MIN_WORDS = 5
_SPEAKING = frozenset({"i", "i'm", "i’m", "me", "my", "we", "we're", "we’re", "us", "our", "you", "your"})
# Two quotes of one speaker are variants when their word overlap (cosine over all
# words, with stems) reaches this; a quote inside a longer one (containment) also
# counts. Tuned on the project's example (docs/benchmarks.md).
VARIANT_SIMILARITY = 0.5
VARIANT_CONTAINMENT = 0.6
# Quotes with different or unknown speakers merge only when nearly identical.
SAME_WORDS = 0.85
ADJACENT_CHARS = 120  # a quote this close after another, with no attribution of its own, is its speaker's
SHARED_PASSAGE = 0.8  # ... or when one holds nearly all of the other's (6+ content words) words

_CONTRACTIONS = ((r"(\w)['’]m\b", r"\1 am"), (r"n['’]t\b", " not"), (r"(\w)['’]re\b", r"\1 are"),
                 (r"(\w)['’]ve\b", r"\1 have"), (r"(\w)['’]ll\b", r"\1 will"), (r"(\w)['’]d\b", r"\1 would"))

_QUOTE = re.compile(
    r"“(?P<a>[^“”\n]+)”"
    r"|(?<![\w])\"(?P<b>[^\"\n]+)\""
    r"|(?:(?<=^)|(?<=[\s(\[—–-]))‘(?P<c>(?:[^‘’\n]|’(?=\w))+)’(?!\w)",
    re.MULTILINE,
)
CUES = ("said", "says", "told", "added", "asked", "explained", "announced", "stated", "wrote", "reported",
        "declared", "insisted", "warned", "called", "described", "noted", "continued", "recalled", "replied",
        "argued", "admitted", "acknowledged", "claimed", "confirmed", "testified", "responded", "conceded",
        "complained", "joked", "vowed", "cautioned", "remarked", "commented", "countered", "tweeted",
        # the present tense of features and web pages ("..., he explains"), but not where the
        # verb is also a common noun ("reports", "claims", "notes", "remarks"), a name ("States")
        # or goes on otherwise ("continues to be widely viewed as ...")
        "tells", "adds", "asks", "explains", "writes", "warns", "insists", "recalls", "replies", "argues",
        "admits", "acknowledges", "confirms", "testifies", "responds", "concedes", "complains", "jokes",
        "vows", "cautions", "tweets", "announces", "declares", "describes")
_CUE = "|".join(CUES)
_SPEAKER = (r"(?P<who>(?:[A-Z][\w’'.-]*|the|a|an|his|her|its|their|[a-z][\w-]*)"
            r"(?:\s+(?:[A-Z][\w’'.-]*|[a-z][\w-]*)){0,7}?)")
_FULL_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3}"  # two to four capitalised words
# "...," Lena Varga, the store's insurer, told Kessa Radio: the speaker, an apposition, the cue.
_AFTER_WHO_CUE = re.compile(rf"^[,.!?]?\s*{_SPEAKER}(?:,\s*(?P<apposition>[^,“”\"]{{1,60}}),)?\s+(?P<cue>{_CUE})\b")
# ... or the description first and the name in the apposition: "the former governor, Ivo Marek, said".
_NAME_ONLY = re.compile(_FULL_NAME)
_AFTER_CUE_WHO = re.compile(rf"^[,.!?]?\s*(?P<cue>{_CUE})\s+(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")
# "..., said the 36-year-old Marek, who ...", "..., said the team's general manager A.J. Smith.":
# a description after the cue, resolved like one before it (a name in it, else its role).
_AFTER_CUE_DESCRIBED = re.compile(
    rf"^[,.!?]?\s*(?P<cue>{_CUE})\s+(?P<who>(?:the|a|an)(?:\s(?:[\w’'-]+(?:\.[\w’'-]+)+\.?|[A-Z]\.|[\w’'-]+)){{1,6}}?)"
    r"(?=\s*[,;:!?.]|\s+(?:on|in|at|who|after|before|during|when|while|as|to|from)\b|$)"
)
# "..., said Kallby businessman and blogger Lena Varga, a critic ...": a description without an
# article, then the speaker's full name (the first capitalised word is a place, not the speaker);
# not "said Lena Varga of Kessa Hospital", where the name after "of" is her employer.
_AFTER_CUE_NAMED = re.compile(
    rf"^[,.!?]?\s*(?P<cue>{_CUE})\s+(?:[A-Z][\w’'.-]*\s+){{0,3}}"
    r"(?:(?!(?:of|from|at|for|with|in|on|by|to|after|before|who|which|that)\b)[a-z][\w’'-]*\s+){1,4}"
    rf"(?P<who>{_FULL_NAME})(?=\s*[,;:!?.]|$)"
)
# What the words in quote marks are when a naming verb comes just before them: a term ("what is
# called the old "Kallby dairy block"", "dubbed "Operation Selka""), not speech.
_NAMING_BEFORE = re.compile(
    r"\b(?:called|dubbed|known\s+as|named|nicknamed|termed|labell?ed|branded|so-called)\s+(?:[\w’'-]+\s+){0,2}[“\"‘']?$",
    re.IGNORECASE)
_BEFORE = re.compile(rf"^\W*{_SPEAKER}(?:,(?P<apposition>[^,]{{1,80}}),)?\s+(?P<cue>{_CUE})\b[^“\"‘]*$")
_SPEAKER_LABEL = re.compile(r"^\W*(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s*$")
_CLAUSE_BREAK = re.compile(r"\s[—–]\s|\s--\s|;\s")
_ASIDE = re.compile(r"\s(?:[—–]|--)\s.*?\s(?:[—–]|--)(?=\s|$)")
_PRONOUN = re.compile(r"^(?:he|she)$", re.IGNORECASE)
# "..., he was quoted as saying", "X was quoted by Kessa Radio as saying": read as "said".
_QUOTED_AS = re.compile(r"\s+(?:was|were|is|are|has\s+been)\s+quoted\s+(?:by\s+[^,“”\"]{1,40}?\s+)?as\s+saying\b")
_SENTENCE_END = re.compile(r"[.!?][”\"’]?\s+(?=[A-Z“\"‘])|\n\s*\n")


@dataclass(frozen=True)
class QuoteMention:
    article_id: str
    spans: tuple[tuple[int, int], ...]  # the quoted words (inside the marks), one per fragment
    text: str
    speaker: str | None
    cue: str | None


def find_quotes(ctx: Context, entities: Sequence[Entity], entity_of: dict[tuple[str, int], int]) -> list[QuoteMention]:
    """Every quote of every article, with its speaker resolved to an entity name where possible."""
    named = {article.id: _named(article, entities, entity_of) for article in ctx.articles}
    people = _People(gender=_genders([(article.text, named[article.id]) for article in ctx.articles]),
                     forms={e.name: tuple(f for f in (e.name, *e.aliases) if len(f) > 3) for e in entities})
    mentions: list[QuoteMention] = []
    for article in ctx.articles:
        mentions.extend(_article_quotes(article, entities, named[article.id], people))
    return mentions


@dataclass(frozen=True)
class _People:
    """What a pronoun's speaker is checked against: each person's gender (``_genders``) and the
    names each entity is written with (four letters or more)."""

    gender: dict[str, str]
    forms: dict[str, tuple[str, ...]]


def _article_quotes(article: Article, entities: Sequence[Entity], names: list[tuple[int, int, Entity]],
                    people: _People) -> list[QuoteMention]:
    text = article.text
    raw = [(m.start(m.lastgroup or "a"), m.end(m.lastgroup or "a")) for m in _QUOTE.finditer(text)]
    found: list[QuoteMention] = []
    previous: QuoteMention | None = None
    for n, (start, end) in enumerate(raw):
        body = text[start:end].strip(" ,;:").rstrip(".")
        if len(body.split()) < MIN_QUOTE_WORDS or (title_case(body.split()) and not body.endswith(("?", "!"))):
            continue  # too short to be someone's words, or a title ("he told Kessa TV's "Morning With Lena Varga"")
        who, cue = _attribution(text, start, end)
        speaker: str | None
        joined = _continuation(text, end, raw[n + 1] if n + 1 < len(raw) else None)
        near = previous is not None and _adjacent(text, previous, start)
        if (who and _PRONOUN.match(who) and near and previous is not None and previous.speaker
                and _fits(previous.speaker, who, body, people)
                and not _another_speaker_named(text, names, raw, previous, start)):
            speaker = previous.speaker  # “...,” Geng said. “...,” he said.
        else:
            fits = partial(_fits, pronoun=who or "", quoted=body, people=people)
            speaker = _resolve(who, start, text, names, entities, fits) if who else None
        if (speaker is None and who is None and near and previous is not None and previous.speaker
                and not _said_anew(text[previous.spans[-1][1]:start],
                                   people.forms.get(previous.speaker, (previous.speaker,)))):
            speaker, cue = previous.speaker, previous.cue
        if speaker is None and cue is None and joined is None and (
                not _speech(body) or _NAMING_BEFORE.search(text, max(0, start - 40), start)):
            continue
        if previous is not None and previous.spans[-1] == (start, end):
            continue  # already joined to the previous fragment
        spans: tuple[tuple[int, int], ...] = ((start, end),)
        if joined is not None:
            spans = ((start, end), joined)
            body = f"{body} … {text[joined[0]:joined[1]].strip(' ,;:').rstrip('.')}"
        mention = QuoteMention(article.id, spans, body, speaker, cue)
        found.append(mention)
        previous = mention
    return found


def _speech(words_in_marks: str) -> bool:
    """Could these quoted words, attributed to no one, be what someone said (not a title or a term)?"""
    tokens = words_in_marks.split()
    if title_case(tokens):
        return False
    return (len(tokens) >= UNATTRIBUTED_MIN_WORDS or words_in_marks[:1].isupper()
            or words_in_marks.endswith(("!", "?")) or any(t.strip(",;:!?").lower() in _SPEAKING for t in tokens))


def _attribution(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    after = _QUOTED_AS.sub(" said", text[end + 1:end + 120].split("\n", 1)[0])
    open_ended = text[start:end].rstrip()[-1:] in ",?!—–-" or after.startswith(",") or re.match(r"\s+[a-z]", after)
    match = (_AFTER_CUE_NAMED.match(after) or _AFTER_CUE_WHO.match(after) or _AFTER_WHO_CUE.match(after)
             or _AFTER_CUE_DESCRIBED.match(after)) if open_ended else None
    if match and _SUBORDINATE.match(match.group("who")):
        match = None  # "“...,” though police said they could not confirm it": not the quote's speaker
    if match:
        who = _apposed(match)
        named = _APPOSED_NAME.match(after, match.end("who")) if who[:1].islower() else None
        return _clean_who(named.group("name") if named else who), match.group("cue")
    sentence_start = _sentence_start(text, start)
    before = _QUOTED_AS.sub(" said", text[sentence_start:max(sentence_start, start - 1)])
    # "X told reporters — where Y said she was “...”": Y's words; "X told reporters — where Y said
    # she was “...” of the clinic — “...”": the second are X's, the aside between dashes left out.
    clause = _CLAUSE_BREAK.split(before)[-1]
    match = (_BEFORE.match(clause) if clause != before else None) or _BEFORE.match(_ASIDE.sub(" ", before))
    if match:
        return _clean_who(_apposed(match)), match.group("cue")
    # a transcript's or an interview's 'Haldeman: "Yes, sir."', not a headline's 'Esther Williams:
    # "Million Dollar Mermaid" Swimmer Dies' (title case is a title, not speech)
    labelled = _SPEAKER_LABEL.match(before)
    if labelled and _speech(text[start:end]):
        return labelled.group("who"), None
    return None, None


def _apposed(match: re.Match[str]) -> str:
    """The speaker of an attribution: the name in apposition to a description ("the former governor,
    Ivo Marek, said", "Its head, Tony Leon, says"), else the words before the cue."""
    who, apposition = match.group("who"), match.groupdict().get("apposition")
    described = who[:1].islower() or who.split()[0].lower() in _POSSESSIVES
    return apposition.strip() if apposition and described and _NAME_ONLY.fullmatch(apposition.strip()) else who


_POSSESSIVES = frozenset({"his", "her", "its", "their"})


def _said_anew(between: str, speaker_forms: Sequence[str]) -> bool:
    """Does a new paragraph give the quote after ``between`` a speaker of its own, one that went
    unread ("... with the hospital saying she “...”"), and not the last quote's speaker (written in
    one of ``speaker_forms``)? Then the quote is not that speaker's."""
    paragraphs = re.split(r"\n\s*\n", between)
    lead_in = paragraphs[-1]
    return (len(paragraphs) > 1 and _SAYING.search(lead_in) is not None and not _PRONOUN_SAYS.search(lead_in)
            and not any(form in lead_in for form in speaker_forms))


# "He added that ... and said", "And in 1995, he told The News:": the last speaker, spoken of again.
_PRONOUN_SAYS = re.compile(
    r"^\s*(?:he|she)\b|\b(?:he|she)\s+(?:\w+\s+)?(?:say|says|said|told|tells|wrote|writes|added)\b", re.IGNORECASE)
_SAYING = re.compile(r"\b(?:say|says|said|saying|told|tells|telling|according|wrote|writes|writing)\b", re.IGNORECASE)
_SUBORDINATE = re.compile(r"(?:though|although|while|whereas|because|since|if|unless|when)\b", re.IGNORECASE)
# "..., wrote the chairman, Simon Glenarthur.": the description's name, set beside it.
_APPOSED_NAME = re.compile(rf",\s*(?P<name>{_FULL_NAME})\s*(?:[,.;]|$)")


def _sentence_start(text: str, position: int) -> int:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def _clean_who(who: str) -> str:
    """The speaker's words without a leading article or connective ("But he said": he), a trailing
    adverb or auxiliary ("He also said", "Prosecutors have said") or a trailing day ("a government
    statement Saturday confirmed ...": the statement, not Saturday)."""
    who = _CONNECTIVE_BEFORE_WHO.sub("", who.strip()) or who.strip()
    bare = _without_article(who)
    # "a prosecutor" keeps its article, as the text says it (in lower case: "The company said" too)
    who = who[:1].lower() + who[1:] if bare != who and bare.islower() else bare
    who = _ADVERB_AFTER_WHO.sub("", who) or who
    return _WHEN_AFTER_WHO.sub("", who) or who


def _without_article(words: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", words, flags=re.IGNORECASE)


_CONNECTIVE_BEFORE_WHO = re.compile(
    r"^(?:(?:but|and|yet|so|then|later|still|now|also|however|meanwhile|earlier|finally|instead|again)\b,?\s+)+",
    re.IGNORECASE)
_ADVERB_AFTER_WHO = re.compile(
    r"(?:\s+(?:also|later|then|again|too|once|earlier|previously|recently|repeatedly|reportedly|apparently|"
    r"first|finally|only|just|never|not|has|have|had|was|were|is|are|been|did|does|do|would|will|could|may|might))+$")


_WHEN_AFTER_WHO = re.compile(
    r"\s+(?:(?:on\s+|last\s+|this\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight"
    r"|(?:last|this)\s+(?:week|night|morning|afternoon|evening))$", re.IGNORECASE)


def _continuation(text: str, end: int, nxt: tuple[int, int] | None) -> tuple[int, int] | None:
    """The next fragment when a quote is split around its attribution: “A,” he said, “B.”"""
    if nxt is None or text[:end].rstrip()[-1:] in (".", "!", "?"):
        return None  # a quote that ends its sentence goes on in a quote of its own
    between = text[end + 1:nxt[0] - 1]
    if re.fullmatch(rf"[ \t]*,?[ \t]*[\w’'. -]{{1,60}}\b(?:{_CUE})\b[^.!?\n“\"‘]{{0,40}},\s*", between):
        return nxt
    return None


def _adjacent(text: str, previous: QuoteMention, start: int) -> bool:
    """The quote follows the previous one closely (within ``ADJACENT_CHARS``), or opens the next
    sentence of its paragraph, however long the attribution between (“...,” said Lena Varga, who
    led the rescue until 5 a.m. Friday. “...”)."""
    between = text[previous.spans[-1][1]:start]
    if len(between) < ADJACENT_CHARS:
        return True
    if re.search(r"\n\s*\n", between):
        return False
    ends = list(_SENTENCE_END.finditer(between))
    return len(ends) == 1 and not between[ends[0].end():].strip(" “\"‘")


def _another_speaker_named(text: str, names: list[tuple[int, int, Entity]], quoted: Sequence[tuple[int, int]],
                           previous: QuoteMention, start: int) -> bool:
    """Between the sentence of the previous quote and this one (at ``start``), is a person with a
    full name named as the text's own words (outside the ``quoted`` spans, not in the possessive),
    and the previous speaker not? ("...," one official said. The expert Ivo Marek agreed. "...,"
    he said: "he" is Marek; but "Asked if Ortiz ..., Waldie said ... "...," he said" is Waldie.)"""
    after = _SENTENCE_END.search(text, previous.spans[-1][1] - 1, start)  # (from its last word's stop, in the marks)
    if after is None:
        return False
    named = {entity.name for s, _, entity in names
             if after.end() <= s < start and entity.type == "person" and " " in entity.name
             and not any(a <= s < b for a, b in quoted) and not _possessive(text, s)}
    return bool(named) and previous.speaker not in named


def _named(article: Article, entities: Sequence[Entity],
           entity_of: dict[tuple[str, int], int]) -> list[tuple[int, int, Entity]]:
    """(start, end, entity) of every entity mention in the article, in text order."""
    found = [(start, entities[n]) for (article_id, start), n in entity_of.items() if article_id == article.id]
    return sorted((start, start + 1, entity) for start, entity in found)


def _resolve(who: str, position: int, text: str, names: list[tuple[int, int, Entity]],
             entities: Sequence[Entity], fits: Callable[[str], bool]) -> str | None:
    """The speaker's name: an entity named in ``who``, the subject a pronoun points to, or a description."""
    for entity in entities:
        if who == entity.name or who in entity.aliases or who.endswith(" " + entity.name):
            return entity.name
    for entity in entities:  # a name in it, but not a possessive one ("Varga's publicist" is someone else)
        aliases = (alias for alias in (entity.name, *entity.aliases) if len(alias) > 3)
        if any(re.search(rf"(?<!\w){re.escape(alias)}(?!\w)(?!['’]s\b)", who) for alias in aliases):
            if entity.type != "person" and who.split()[-1].lower() in ROLE_NOUNS:  # "one U.S. official":
                return _description(who, position, text, names, entities)   # the official, not the U.S.
            return entity.name
    if _PRONOUN.match(who):
        return _last_subject(text, position, names, fits)
    return _description(who, position, text, names, entities)


def _fits(name: str, pronoun: str, quoted: str, people: _People) -> bool:
    """Can ``pronoun`` ("he", "she") be the person called ``name``, who said ``quoted``? Not when the
    story calls that person by the other pronoun, nor when the words name that person ("If I were to
    publish a story about Ivo Marek ...", she said: not Marek)."""
    wanted = "female" if pronoun.lower() == "she" else "male"
    if people.gender.get(name, wanted) != wanted:
        return False
    return not any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", quoted) for form in people.forms.get(name, ()))


_MALE_WORDS = ("mr", "sir", "lord", "spokesman", "chairman", "congressman", "councilman", "businessman",
               "father", "husband", "son", "brother", "widower", "boyfriend", "king", "prince", "grandfather",
               "uncle", "nephew")
_FEMALE_WORDS = ("mrs", "ms", "miss", "dame", "lady", "spokeswoman", "chairwoman", "congresswoman",
                 "councilwoman", "businesswoman", "actress", "mother", "wife", "daughter", "sister", "widow",
                 "girlfriend", "queen", "princess", "grandmother", "aunt", "niece")
_GENDER_WORD = rf"(?:(?P<male>{'|'.join(_MALE_WORDS)})|(?P<female>{'|'.join(_FEMALE_WORDS)}))"
# "Ms. Varga", "spokeswoman Lena Varga", "his widow, Lena Varga": the word just before the name; "Lena
# Varga, a spokeswoman for ...", "Ivo Marek, 34, the union's chairman": the apposition's head.
_GENDER_BEFORE = re.compile(rf"\b{_GENDER_WORD}\.?,?\s+$", re.IGNORECASE)
_GENDER_AFTER = re.compile(
    rf",\s+(?:\d{{1,3}},\s+)?(?:a|an|the|his|her|their)\s+(?:[\w’'-]+\s+){{0,2}}?{_GENDER_WORD}\b", re.IGNORECASE)
# A sentence that opens with "He" or "She" goes on about the person who opened the one before.
_NEXT_PRONOUN = re.compile(r"\s*(?:(?P<male>He)|(?P<female>She))\b")
STATED_GENDER = 3  # a title or the apposition counts as many pronouns


def _genders(articles: Sequence[tuple[str, list[tuple[int, int, Entity]]]]) -> dict[str, str]:
    """Each person's gender, as the story shows it: a title or a gendered word beside a mention
    ("Ms. Varga", "Ivo Marek, the union chairman") counts ``STATED_GENDER``; a sentence that the
    person opens, followed by one that opens with "He" or "She", counts one (a pronoun elsewhere is
    too often someone else's: "Varga said he had worked there", "Marek, whom she once dated").
    A person is "male" or "female" when two thirds of the votes agree. Mentions in quotes do not vote."""
    votes: dict[str, Counter[str]] = {}
    for text, names in articles:
        quoted = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
        for start, _, entity in names:
            if entity.type != "person" or any(a <= start < b for a, b in quoted):
                continue
            run = _CAPITALISED_RUN.match(text, start)
            begin = run.end() if run else start + 1
            stated = _GENDER_BEFORE.search(text, max(0, start - 30), start) or _GENDER_AFTER.match(text, begin)
            counted = votes.setdefault(entity.name, Counter())
            if stated and stated.lastgroup:
                counted[stated.lastgroup] += STATED_GENDER
            elif _sentence_start(text, start) == start:
                after = _SENTENCE_END.search(text, begin)
                following = _NEXT_PRONOUN.match(text, after.end()) if after else None
                if following and following.lastgroup:
                    counted[following.lastgroup] += 1
    found = {}
    for name, counted in votes.items():
        if counted:
            (top, count), = counted.most_common(1)
            if 3 * count >= 2 * sum(counted.values()):
                found[name] = top
    return found


def _last_subject(text: str, position: int, names: list[tuple[int, int, Entity]],
                  fits: Callable[[str], bool]) -> str | None:
    """The person the text last made a sentence's subject, outside quotes, and whom the pronoun
    ``fits``; pronoun subjects carry it on."""
    subject: str | None = None
    quoted = [(m.start(), m.end()) for m in _QUOTE.finditer(text, 0, position)]
    sentence_bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, position))]
    for begin, finish in zip(sentence_bounds, [*sentence_bounds[1:], position], strict=True):
        people = [e for s, _, e in names if begin <= s < finish and e.type == "person"
                  and not any(a <= s < b for a, b in quoted) and not _possessive(text, s) and fits(e.name)]
        opening = text[begin:finish]
        if _RELATIVE_SUBJECT.match(opening):  # "His brother, 34, told AFP he had not seen Mostefai":
            subject = None                     # someone unnamed, not Mostefai
        elif people and not re.match(r"\W*(?:he|she)\b", _CONNECTIVE_BEFORE_WHO.sub("", opening.lstrip()),
                                     re.IGNORECASE):  # "But he also said that bin Laden ...": still he
            subject = people[0].name
    return subject


# A sentence whose subject is someone's relative or associate, not named beside it ("His brother, 34,
# told ..."; not "His brother, Ivo Marek, said" or "His daughter Joan Felt said", where the name follows).
_KIN = ("brother", "sister", "wife", "husband", "son", "daughter", "father", "mother", "parents", "family", "friend",
        "friends", "cousin", "uncle", "aunt", "nephew", "niece", "widow", "widower", "partner", "girlfriend",
        "boyfriend", "fiancee", "fiance", "grandmother", "grandfather", "neighbour", "neighbor", "relative",
        "relatives", "colleague", "colleagues")
_RELATIVE_SUBJECT = re.compile(
    rf"\W*(?:his|her|their)\s+(?:[a-z][\w-]*\s+)?(?:{'|'.join((*_KIN, *sorted(ROLE_NOUNS)))})"
    r"(?!\w|,?\s*(?-i:[A-Z]))", re.IGNORECASE)


def _possessive(text: str, start: int) -> bool:
    """Is the name at ``start`` in the possessive ("Varga's lawyer" is not Varga)?"""
    run = _CAPITALISED_RUN.match(text, start)
    return run is not None and text.startswith(("'s", "’s"), run.end())


_CAPITALISED_RUN = re.compile(r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*")


def _description(said_by: str, position: int, text: str, names: list[tuple[int, int, Entity]],
                 entities: Sequence[Entity]) -> str | None:
    """"the official", "the North Korean leader": the entity with that role, or the last noun phrase so
    named; else the description as the text gives it ("a prosecutor", "the company", "police")."""
    who = _without_article(said_by)
    head = who.split()[-1].lower()
    if head in _GROUPS and _DESCRIPTION.fullmatch(said_by):
        return said_by  # "police", "Prosecutors", "a witness": no one person holds it as a post
    if head not in ROLE_NOUNS and head not in _BODIES:
        if who[:1].isupper():  # a name, not a clause ("When he came out and said")
            return None if _CLAUSE_WORDS.intersection(who.split()) else who
        name = _TRAILING_NAME.search(who)  # "36-year-old Marek": the name after a description
        return name.group() if name else None
    holder = _holder(who, entities)
    if holder:
        return holder
    # "IMF chief", "a senior Turkish official": told apart by what qualifies them (as the text named
    # them before, if more fully: "a U.S. State Department official", then "the State Department official")
    qualified = _qualified_role(who)
    heads = _OFFICIALS if head in _OFFICIALS else (head,)
    pattern = rf"\b(?:[A-Z][\w.’']*\s+)+(?:[a-z]+\s+)?(?:{'|'.join(heads)})\b"
    for match in reversed(list(re.finditer(pattern, text[:position]))):
        # without the small words that open a sentence ("The", "During the official investigation")
        words = match.group(0).split()
        ends = [i + 1 for i, word in enumerate(words[:-1]) if word.endswith(".") and "." not in word[:-1]]
        words = words[ends[-1]:] if ends else words  # not across a sentence's end ("Al Qaeda. The government")
        phrase = " ".join(_without_opening_words(words))
        if not phrase[:1].isupper() or phrase.lower() == who.lower():
            continue
        if qualified is None or phrase.endswith(" " + qualified):
            return _holder(phrase, entities) or phrase
    if qualified is None:
        return said_by if _DESCRIPTION.fullmatch(said_by) else None
    return _holder(qualified, entities) or qualified


# Speakers a text describes and does not name, beside the roles (``ROLE_NOUNS``): the bodies and
# documents that speak, which may be named before ("the ministry": "the Kessa Ministry of Mines"),
# and groups and people that hold no post ("police said", "a witness said").
_BODIES = frozenset({"government", "ministry", "company", "statement", "agency"})
_GROUPS = frozenset({"police", "prosecutors", "officials", "authorities", "investigators", "witness", "witnesses",
                     "employee", "ex-employee", "neighbor", "neighbour", "resident", "residents", "source", "sources"})
# A description in lower case of a few words, the speaker's noun last: "a prosecutor", "one former
# employee", "police", "Prosecutors" (not a clause, nor a name the recogniser did not know, which a
# role capitalised may be: "King", "Driver"; nor "his spokesman" or "Its head", which say whose
# only in the sentence before).
_GROUP_WORDS = "|".join(sorted(_GROUPS, key=len, reverse=True))
_ROLE_WORDS = "|".join(sorted(ROLE_NOUNS | _BODIES, key=len, reverse=True))
_DESCRIPTION = re.compile(
    rf"(?!(?i:{'|'.join(_POSSESSIVES)})\b)(?i:(?:the|a|an|one|another)\s+)?(?:[a-z][\w-]*\s+){{0,3}}"
    rf"(?:(?i:{_GROUP_WORDS})|{_ROLE_WORDS})")


def _holder(role: str, entities: Sequence[Entity]) -> str | None:
    """The entity that holds this role ("Kremlin spokesman": Dmitry Peskov), if one is known to."""
    return next((entity.name for entity in entities if entity.role and role.lower() in entity.role.lower()), None)


_CLAUSE_WORDS = frozenset({"he", "she", "they", "it", "we", "I", "you", "When", "when", "If", "if", "as", "As",
                           "While", "while", "Because", "because"})
_TRAILING_NAME = re.compile(r"(?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*$")
# A role qualified by a name, from the name on: "U.S. official", "Kessa police spokesman"; not
# after a word that opens a sentence ("After the ... officer", "But a police spokesman").
_QUALIFIED_ROLE = re.compile(r"(?<![^\s])[A-Z][\w.’'-]*(?:\s+[\w.’'-]+)+$")


def _qualified_role(who: str) -> str | None:
    """The role as its qualifying name tells it ("one U.S. official": "U.S. official"), or None."""
    found = _QUALIFIED_ROLE.search(" ".join(_without_opening_words(who.split())))
    return found.group() if found else None


def _without_opening_words(words: list[str]) -> list[str]:
    """The words without the small ones that open a phrase or a sentence ("But a", "During the", "one")."""
    start = 0
    while start < len(words) and words[start].lower() in _OPENING_WORDS:
        start += 1
    return words[start:]


_OPENING_WORDS = STOPWORDS | {"one", "another"}
_OFFICIALS = ("official", "spokesperson", "spokesman", "spokeswoman", "representative")


def build_quotes(ctx: Context, entities: Sequence[Entity], entity_of: dict[tuple[str, int], int]) -> list[Quote]:
    """Quotes across the story: variants of one quote merged, each variant with its outlets."""
    mentions = find_quotes(ctx, entities, entity_of)
    groups: list[list[QuoteMention]] = []
    for mention in mentions:
        target = next((g for g in groups if _same_quote(g, mention)), None)
        if target is None:
            groups.append([mention])
        else:
            target.append(mention)
    return [_quote(ctx, group) for group in groups]


def _same_quote(group: list[QuoteMention], mention: QuoteMention) -> bool:
    for other in group:
        if other.article_id == mention.article_id:
            continue
        similarity, containment = _closeness(other.text, mention.text)
        same_speaker = other.speaker is not None and other.speaker == mention.speaker
        if same_speaker and (similarity >= VARIANT_SIMILARITY or containment >= VARIANT_CONTAINMENT):
            return True
        if similarity >= SAME_WORDS or (containment >= SHARED_PASSAGE and _content_size(mention.text, other.text) >= 6):
            return True
    return False


def _closeness(a: str, b: str) -> tuple[float, float]:
    """Cosine of word-and-stem bags, and how much of the shorter quote's content the longer holds."""
    (bag_a, norm_a), (bag_b, norm_b) = _bag(a), _bag(b)
    common = sum(min(bag_a[w], bag_b[w]) for w in bag_a if w in bag_b)
    norm = norm_a * norm_b
    stems_a, stems_b = _stems(a), _stems(b)
    shorter = min(len(stems_a), len(stems_b))
    containment = len(stems_a & stems_b) / shorter if shorter >= 3 else 0.0
    return (common / norm if norm else 0.0), containment


def _content_size(a: str, b: str) -> int:
    return min(len(_stems(a)), len(_stems(b)))


# Every quote is compared with many others (each group's members, as quotes are grouped): its
# bag and stems are made once (a story of 178 articles: 565,000 bags made, 2,000 distinct).
@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    return frozenset(content_stems(text))


@lru_cache(maxsize=8192)
def _bag(text: str) -> tuple[dict[str, int], float]:
    """The quote's word-and-stem counts (contractions spelt out), and their norm."""
    for pattern, replacement in _CONTRACTIONS:
        text = re.sub(pattern, replacement, text)
    bag: dict[str, int] = {}
    for token in [*words(text), *content_stems(text)]:
        bag[token] = bag.get(token, 0) + 1
    return bag, sum(v * v for v in bag.values()) ** 0.5


def _quote(ctx: Context, group: list[QuoteMention]) -> Quote:
    variants: dict[str, list[Citation]] = {}
    for mention in group:
        key = " ".join(words(mention.text))
        variants.setdefault(key, [])
        article = ctx.articles[ctx.cluster.article_index[mention.article_id]]
        for start, end in mention.spans:
            variants[key].append(Citation(article.id, article.outlet, start, end, article.text[start:end]))
    texts = {" ".join(words(m.text)): m.text for m in group}
    speakers = [m.speaker for m in group if m.speaker]
    # a name before a description ("Manohar Nambiar" before "the officer" another outlet wrote)
    speakers = [s for s in speakers if not _DESCRIPTION.fullmatch(s)] or speakers
    cues = [m.cue for m in group if m.cue]
    ordered = sorted(variants.items(), key=lambda kv: -len({c.outlet for c in kv[1]}))
    return Quote(
        speaker=Counter(speakers).most_common(1)[0][0] if speakers else None,
        cue=Counter(cues).most_common(1)[0][0] if cues else None,
        variants=tuple(QuoteVariant(texts[key], tuple(citations)) for key, citations in ordered),
    )
