"""Line rules that recognise site furniture in scraped article text.

Each rule looks at one raw line (and, for a few, its neighbours) and says
whether it is furniture and why. The rules are deliberately about the *shape*
of furniture that scrapers leave on any site, not about particular sites.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from functools import lru_cache

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# A date written on its own: 2019-04-25, 2019/04/25, April 25, 2019, 25 April 2019.
DATE_RE = re.compile(
    rf"(?P<iso>(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}))"
    rf"|(?P<mdy>(?P<mon1>{_MONTH})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MONTH})\s+(?P<y2>\d{{4}}))",
    re.IGNORECASE,
)
# A date line: an optional label, a date, optionally a time, and maybe the rest of the line.
DATELINE_RE = re.compile(
    rf"^\s*(?:(?:date|published|posted|updated|last updated|first published)\s*(?:on)?\s*:?\s*)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?P<date>{DATE_RE.pattern})"
    rf"(?:\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\s*[|,;·]?\s*",
    re.IGNORECASE,
)
# A time stamp left inline when a page is flattened to one paragraph ("Lindsay Lohan Leaves
# Betty Ford First Published: June 13, 2013 4:59 PM EDT Lindsay Lohan has ...", "... Fall in New
# Zealand September 16, 2013 9:36 am A 36-year-old ..."): a label and a date (written out,
# with an ordinal day, or numeric), or a date and a clock time.
_ORDINAL_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)\s+{_MONTH}\s+\d{{4}}"
STAMP_RE = re.compile(
    r"\b(?:first\s+published|last\s+updated|published|posted|updated)\s*(?:on|at)?\s*:?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{DATE_RE.pattern}|{_ORDINAL_DATE}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b)"
    rf"|\b(?:{DATE_RE.pattern.replace('?P<', '?P<c_')})\s*[,|/@–—-]?\s*\d{{1,2}}[:.]\d{{2}}\b",
    re.IGNORECASE,
)


# "... sank on June 13, 2013, 4:59 ..." is prose, not a stamp.
_PROSE_BEFORE_RE = re.compile(r"\b(?:on|at|since|until|till|by|from|before|after|of|and|or|to|in)\s*$", re.IGNORECASE)


def stamp_start(text: str) -> int | None:
    """Where the first inline time stamp (``STAMP_RE``) of ``text`` begins, if there is one."""
    for match in STAMP_RE.finditer(text):
        if not _PROSE_BEFORE_RE.search(text[max(0, match.start() - 8) : match.start()]):
            return match.start()
    return None


URL_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)[^\s<>\"“”]+", re.IGNORECASE)
BARE_URL_LINE_RE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
URL_LABEL_RE = re.compile(
    r"^\s*(?:original\s+(?:url|link|article|source)|source\s+url|source\s+link|url|link|"
    r"read\s+the\s+original|source)\s*:\s*(?P<url>\S*)\s*$",
    re.IGNORECASE,
)
PROMO_RE = re.compile(
    r"^\s*(?:also on\b|read more\b|read also\b|also read\b|related articles?\b|related stories\b|"
    r"related\s*:|see also\b|more on this\b|recommended\b|more from\b|most read\b|"
    r"trending now\b|watch\s*:|listen\s*:|advertisement\s*$)",
    re.IGNORECASE,
)
# "ALSO ON RT.COM" glued to the end of a paragraph: upper case only, so prose is safe.
TRAILING_PROMO_RE = re.compile(r"\s*\b(?:ALSO ON|READ MORE:?|RELATED:)\s+[A-Z0-9][A-Z0-9.\- ]*$")
SITE_IN_PROMO_RE = re.compile(
    r"(?:also on|more from|read more on)\s+(?P<site>[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)\s*$",
    re.IGNORECASE,
)
EMBED_ATTRIBUTION_RE = re.compile(
    r"^\s*[—–-]{1,2}\s*.{1,80}\(@\w{1,30}\)\s*(?:" + _MONTH + r"\s+\d{1,2},\s+\d{4})?\s*$",
    re.IGNORECASE,
)
EMBED_MARKER_RE = re.compile(
    r"pic\.twitter\.com/|\bt\.co/|view this post on instagram|a post shared by|"
    r"^\s*(?:embedded (?:tweet|video|content))\b",
    re.IGNORECASE,
)
PHOTO_RE = re.compile(
    r"^\s*(?:\(?\s*(?:photo|photograph|picture|image|pictured|illustration|video|file photo|"
    r"main image|top image|credit)s?\b(?:\s+(?:credit|by|courtesy(?:\s+of)?))?\s*[:/|]"
    r"|image copyright\b|image caption\b|getty images\s*$|copyright\s*©?\s*\d{4}|©)",
    re.IGNORECASE,
)
PHOTO_TAIL_RE = re.compile(
    r"\((?:photo|image|picture)s?\s*(?:credit|by)?\s*:?[^)]{0,60}\)\s*$|"
    r"\b(?:photo|image)\s*:\s*[\w .'-]{1,40}/\s*[\w .'-]{1,30}$",
    re.IGNORECASE,
)
SHARE_RE = re.compile(
    r"^\s*(?:share(?:\s+(?:this|the)\s+(?:article|story|page|post))?(?:\s+on\s+\w+)?|"
    r"share\s+via\s+\w+|tweet(?:\s+this)?|email|e-mail|print|whatsapp|facebook|twitter|"
    r"linkedin|copy\s+link|click\s+(?:here\s+)?to\s+share.*|follow\s+us\s+on\s+.{1,40}|"
    r"subscribe(?:\s+to\s+.{1,50})?|sign\s+up\s+for\s+.{1,60}|"
    r"join\s+(?:us|the\s+conversation)\s+on\s+.{1,40}|comments?\s*(?:\(\d+\))?|"
    r"\d+\s+comments?|like\s+us\s+on\s+.{1,30}|download\s+our\s+app.*)"
    r"(?:\s*[|/•·,]\s*(?:facebook|twitter|x|whatsapp|linkedin|email|telegram|reddit|print))*"
    r"\s*[:.!]?\s*$",
    re.IGNORECASE,
)
BREADCRUMB_SEPARATORS = "»›>|/→▸•"
_BREADCRUMB_SPLIT_RE = re.compile(r"\s*[" + re.escape(BREADCRUMB_SEPARATORS) + r"]\s*")
TERMINAL = tuple('.!?:;"”’\')…')


def parse_date_match(match: re.Match[str]) -> date | None:
    """Turn a ``DATE_RE`` match into a date, or None when it is not a real date."""
    groups = match.groupdict()
    try:
        if groups.get("iso"):
            return date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        if groups.get("mdy"):
            month = MONTHS[groups["mon1"].lower().rstrip(".")]
            return date(int(groups["y1"]), month, int(groups["d1"]))
        if groups.get("dmy"):
            month = MONTHS[groups["mon2"].lower().rstrip(".")]
            return date(int(groups["y2"]), month, int(groups["d2"]))
    except (ValueError, KeyError):
        return None
    return None


def find_date(text: str) -> date | None:
    """The first well-formed date written in ``text``."""
    for match in DATE_RE.finditer(text):
        found = parse_date_match(match)
        if found is not None:
            return found
    return None


def is_breadcrumb(line: str) -> bool:
    """ "Home » World", "News | Europe | Russia": short segments joined by separators."""
    stripped = line.strip()
    if not stripped or stripped[-1] in ".!?" or not any(s in stripped for s in BREADCRUMB_SEPARATORS):
        return False
    if URL_RE.search(stripped):
        return False
    segments = [s for s in _BREADCRUMB_SPLIT_RE.split(stripped) if s]
    if len(segments) < 2 or len(segments) > 8:
        return False
    return all(len(s.split()) <= 4 and (s[0].isupper() or s[0].isdigit()) for s in segments)


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """A coarse script name for a letter: LATIN, CYRILLIC, GREEK, ARABIC, CJK ..."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "UNKNOWN"
    first = name.split(" ")[0]
    return "CJK" if first in {"CJK", "HIRAGANA", "KATAKANA", "HANGUL"} else first


def letter_scripts(text: str) -> dict[str, int]:
    """How many letters of ``text`` are in each script."""
    if text.isascii():  # the common case, counted without looking up each character
        letters = sum(map(str.isalpha, text))
        return {"LATIN": letters} if letters else {}
    counts: dict[str, int] = {}
    for char, n in Counter(text).items():
        if char.isalpha():
            script = script_of(char)
            counts[script] = counts.get(script, 0) + n
    return counts


def dominant_script(text: str) -> str | None:
    counts = letter_scripts(text)
    return max(counts, key=lambda k: counts[k]) if counts else None


def is_foreign_script(line: str, main_script: str | None) -> bool:
    """Most letters of the line are in a script other than the article's."""
    counts = letter_scripts(line)
    total = sum(counts.values())
    if main_script is None or total < 3:
        return False
    return counts.get(main_script, 0) / total < 0.5


def ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(TERMINAL)
