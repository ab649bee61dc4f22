"""Line rules that recognise site furniture in scraped article text.

Each rule looks at one raw line (and, for a few, its neighbours) and says
whether it is furniture and why. The rules are deliberately about the *shape*
of furniture that scrapers leave on any site, not about particular sites.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
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
# Zealand September 16, 2013 9:36 am A 36-year-old ...", "... Playoff Berth 12/23/12 06:03 PM ET
# The expectations ...", "... Protection Measure March 04, 2009 In a move ..."): a label and a
# date, or a date (maybe after its weekday) with a clock time or with a new sentence after it.
_ORDINAL_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)\s+{_MONTH}\s+\d{{4}}"
_BARE_DATE = re.sub(r"\?P<\w+>", "?:", DATE_RE.pattern)  # DATE_RE without its group names
_ANY_DATE = (
    rf"(?:{_BARE_DATE}|{_ORDINAL_DATE}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th),?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},\s+\d{{4}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b)"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)"
_LABEL = (r"(?:(?:first|originally)\s+(?:published|posted)|last\s+updated|(?:published|edited|updated)\s+time"
          r"|published|posted|updated)\s*(?:on|at)?\s*:?\s*")
_CLOCK = r"(?:\s*[,|/@–—-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\b\.?)?)"  # "p.m." whole
# Hours from UTC of the time zones news writes after a clock time ("4:30 p.m. ET"), and the US
# zones written without their season ("ET": standard, daylight).
ZONE_HOURS = {"GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9,
              "KST": 9, "AEST": 10, "AEDT": 11, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
              "PST": -8, "PDT": -7}
US_ZONES = {"ET": ("EST", "EDT"), "CT": ("CST", "CDT"), "MT": ("MST", "MDT"), "PT": ("PST", "PDT")}
ZONE_NAMES = "|".join(sorted([*ZONE_HOURS, *US_ZONES], key=len, reverse=True))
# In a page's stamp also "IST" and "UK", whose hours are not one ("7:00pm UK", India or Ireland).
_ZONES = rf"(?:\s+(?:{ZONE_NAMES}|IST|UK)\b(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?)"  # with an offset: "GMT+02:00"
_AM_PM = r"\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?"
# A clock time and then the date, as page stamps write it: "12:52 p.m. EDT May 2, 2013", "7:00pm UK,
# Wednesday 05 May 2010", "15:48 15/09/2013", "22:07 GMT, 7 July 2012", "14:25 Sun Sep 15 2013".
_CLOCK_BEFORE_DATE = rf"(?:{_AM_PM}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?){_ZONES}*\s*,?\s+"
_CLOCK_FIRST = rf"{_CLOCK_BEFORE_DATE}{_WEEKDAY}?{_ANY_DATE}"
STAMP_RE = re.compile(
    rf"\b{_LABEL}(?:{_WEEKDAY}?{_ANY_DATE}|{_CLOCK_FIRST})"
    rf"|\b{_WEEKDAY}?{_ANY_DATE}(?:{_CLOCK}|(?=\s*[|·]?\s+[A-Z]|\s*$))"  # then a capital, or the end of a headline
    rf"|\b{_CLOCK_FIRST}"
    rf"|\b{_MONTH}\s+\d{{1,2}},?\s+{_AM_PM}"  # a month's day and a clock time: "Feb. 3 5:59 PM CET"
    rf"|\b(?-i:Updated|UPDATED|Last [Uu]pdated|LAST UPDATED)\s*:?\s*(?:at\s+)?{_AM_PM}",  # "Updated 4:08 p.m."
    re.IGNORECASE,
)
# One stamp at the very start of a text, with its clock, zone and a separator after it
# ("Posted 11/27/2005 7:21 AM Updated 11/27/2005 3:41 PM Strong earthquake ...", "Sunday,
# March 17, 2013 | 5:00 PM Riots erupt ...", "Feb. 3 5:59 PM CET The ferry ...").
_LEADING_STAMP_RE = re.compile(
    rf"\s*(?:{_LABEL})?{_WEEKDAY}?(?:{_ANY_DATE}{_CLOCK}?|(?<=\s)(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\b\.?)?"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+{_AM_PM}"  # or a month's day and a clock time: "Feb. 3 5:59 PM CET"
    rf"|{_CLOCK_FIRST})"  # or the clock first: "12:48PM CET 03 Feb 2025"
    rf"{_ZONES}*\s*[|/·,–—-]?\s*",
    re.IGNORECASE,
)


# "... sank on June 13, 2013, 4:59 ..." and "... dated March 4, 2009 Smith ..." are prose, not stamps.
_PROSE_BEFORE_RE = re.compile(
    r"\b(?:on|at|since|until|till|by|from|before|after|of|and|or|to|in|dated|through|between|than|"
    r"as|that|is|was|were|are|be|been|the|this|last|next|every|each)\s*$",
    re.IGNORECASE,
)


# A publication date an article states in its opening, labelled ("Published: July 29, 2004",
# "Posted 11/27/2005 7:21 AM", the clock first: "PUBLISHED: 18:10 GMT, 3 May 2025"), as a page
# flattened into one paragraph leaves it; an update stamp ("Updated", "Last updated") is not one.
_STATED_RE = re.compile(
    rf"\b(?:(?:first|originally)\s+(?:published|posted)|published(?:\s+time)?|posted)\s*(?:on|at)?\s*:?\s*"
    rf"(?:{_CLOCK_BEFORE_DATE})?{_WEEKDAY}?(?P<date>{_ANY_DATE})", re.IGNORECASE)
STATED_DATE_CHARS = 300  # where in the text a flattened page's stamps sit


_SLASHED_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")


def stated_date(text: str) -> date | None:
    """The publication date ``text`` states in its opening (``_STATED_RE``), if any."""
    match = _STATED_RE.search(text[:STATED_DATE_CHARS])
    if not match:
        return None
    written = match.group("date")
    slashed = _SLASHED_RE.fullmatch(written)
    return _slashed_date(*(int(part) for part in slashed.groups())) if slashed else find_date(written)


def _slashed_date(first: int, second: int, year: int) -> date | None:
    """A date written with slashes, when it can only be read one way: "11/27/2005" (month first,
    as US sites write it) or "27/11/2005" (day first); "05/02/07" could be either, and gives None.
    A two-digit year is 19xx from 70 on, else 20xx."""
    if first != second and first <= 12 and second <= 12:
        return None
    month, day = (first, second) if first <= 12 else (second, first)
    year = year if year >= 100 else (1900 + year if year >= 70 else 2000 + year)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def stamp_start(text: str) -> int | None:
    """Where the first inline time stamp (``STAMP_RE``) of ``text`` begins, if there is one."""
    match = _stamp(text)
    return match.start() if match else None


def _stamp(text: str, start: int = 0) -> re.Match[str] | None:
    """The first inline time stamp (``STAMP_RE``) of ``text`` from ``start`` that prose does not lead to."""
    for match in STAMP_RE.finditer(text, start):
        if not _PROSE_BEFORE_RE.search(text[max(0, match.start() - 8) : match.start()]):
            return match
    return None


def page_stamps(text: str, headline_chars: int = 15) -> list[tuple[int, int]]:
    """The time stamps of a page flattened into its opening (start, end): those it opens with
    ("Posted 2/3/2025 7:21 AM ..."), and those right after a headline of ``headline_chars``
    or more ("Ferry Selka runs aground off Kessa May 3, 2025 at 8:14 AM ET Updated 4:52 p.m. ET
    The ferry ..."). Not a time written in prose ("began on Monday at 6 a.m.")."""
    spans = []
    lead = stamps_end(text)
    if lead:
        spans.append((0, lead))
    match = _stamp(text, lead)
    if match and match.start() - lead >= headline_chars:  # the stamp, its zone, the stamps after it
        after = re.match(rf"(?i:{_CLOCK})?{_ZONES}*\s*", text[match.end():])
        end = match.end() + len(after.group())  # type: ignore[union-attr]
        spans.append((match.start(), stamps_end(text, end)))
    return spans


def stamped_headline(text: str) -> bool:
    """Is ``text`` a headline and its time stamp, and nothing more ("Ferry aground off Kessa;
    inquiry pending May 2, 2025 1:35 pm.": a flattened page's opening that the sentence
    splitter cut at a semicolon)?"""
    if not any(c.isdigit() for c in text):  # every stamp has a date or a clock: most sentences end here
        return False
    return any(begin > 0 and not text[end:].strip(" .") for begin, end in page_stamps(text))


def dated_caption(text: str) -> bool:
    """Is ``text`` a news photo's caption, which ends with the place and the picture's weekday and
    full date ("President Ivo Marek speaks during a news conference in Kessa, Thursday, Feb. 16,
    2017."), or with the date and then the place (", Thursday, Feb. 16, 2017, in the town hall.")?
    A sentence of a story dates its event "on Thursday, Feb. 16, 2017" (left alone) or by the
    weekday alone."""
    return _DATED_CAPTION_RE.search(text) is not None


_DATED_CAPTION_RE = re.compile(
    r"(?<!\bon )(?<!\bof )(?<!\bby )(?<!\buntil )(?<!\bsince )"
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{1,2},\s+(?:19|20)\d\d"
    # the place may come after the date: "..., Thursday, Feb. 16, 2017, in the East Room of the White House."
    r"(?:,\s+(?:in|at|near|outside|inside)\s+[^.!?]{1,100}?)?\.\s*$")


def stamps_end(text: str, start: int = 0) -> int:
    """Where the time stamps that open ``text`` (from ``start``) end (``start`` when there are none)."""
    end = start
    while match := _LEADING_STAMP_RE.match(text, end):
        if match.end() == end or not match.group().strip():
            break
        end = match.end()
    return end


@dataclass(frozen=True)
class Rule:
    """A furniture pattern searched for anywhere in a line, with the literal strings of which
    every match holds at least one (``needs``; lower case when the pattern ignores case). A
    line with none of them is not searched: most prose lines hold none, and a regular
    expression that ignores case tries every position of a long line (a third of the cleaning
    time). ``needs`` only makes the rule faster, not different: when a pattern changes, its
    ``needs`` must still be in each of its matches (``tests/test_clean.py`` checks examples).
    (A case-blind pattern is checked against the line lower-cased, so a match spelled with one of
    the few letters whose case-blind match is not its lower case, such as the long s "ſ", is
    not looked for.)"""

    regex: re.Pattern[str]
    needs: tuple[str, ...]
    folded: bool = field(init=False)  # the pattern ignores case (its flags, read once)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", bool(self.regex.flags & re.IGNORECASE))

    def _may_match(self, line: str) -> bool:
        return any(map((line.lower() if self.folded else line).__contains__, self.needs))

    def search(self, line: str) -> re.Match[str] | None:
        return self.regex.search(line) if self._may_match(line) else None

    def finditer(self, line: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(line) if self._may_match(line) else iter(())


URL = Rule(re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)[^\s<>\"“”]+", re.IGNORECASE),
           needs=("http", "www.", "pic.twitter.com/"))
BARE_URL_LINE_RE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
URL_LABEL_RE = re.compile(
    r"^\s*(?:original\s+(?:url|link|article|source)|source\s+url|source\s+link|url|link|"
    r"read\s+the\s+original|source)\s*:\s*(?P<url>\S*)\s*$",
    re.IGNORECASE,
)
PROMO_RE = re.compile(
    r"^\s*(?:also on\b|read more\b|read also\b|also read\b|related articles?\b|related stories\b|"
    r"related\s*:|see also\b|more on this\b|recommended\b|more from\b|most read\b|"
    r"trending now\b|watch\s*:|listen\s*:|advertisement\s*$|(?:story|article)\s+continue[sd]?\s+below\s*$|"
    r"(?:photo\s+)?(?:advertisement\s+)?continue\s+reading\s+the\s+main\s+story\s*$)",
    re.IGNORECASE,
)
# "ALSO ON RT.COM" glued to the end of a paragraph: upper case only, so prose is safe.
TRAILING_PROMO = Rule(re.compile(r"\s*\b(?:ALSO ON|READ MORE:?|RELATED:)\s+[A-Z0-9][A-Z0-9.\- ]*$"),
                      needs=("ALSO ON", "READ MORE", "RELATED:"))
SITE_IN_PROMO_RE = re.compile(
    r"(?:also on|more from|read more on)\s+(?P<site>[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)\s*$",
    re.IGNORECASE,
)
# A web archive's note on how its copy was made, left at the head of a page read from the archive
# ("... donating their crawl data to the Internet Archive", "These crawls are part of an effort to
# archive pages ..."): crawling and an archive in one line. Only at the head, before any prose, so
# that a news story about the Internet Archive keeps its paragraphs.
ARCHIVE_NOTICE = Rule(re.compile(
    r"^(?=.*\bcrawl(?:s|ed|ing|er)?\b)(?=.*\b(?:internet archive|wayback machine|archive(?:d)?\s+(?:the\s+)?pages)\b)",
    re.IGNORECASE,
), needs=("crawl",))
EMBED_ATTRIBUTION_RE = re.compile(
    r"^\s*[—–-]{1,2}\s*.{1,80}\(@\w{1,30}\)\s*(?:" + _MONTH + r"\s+\d{1,2},\s+\d{4})?\s*$",
    re.IGNORECASE,
)
EMBED_MARKER = Rule(re.compile(
    r"pic\.twitter\.com/|\bt\.co/|view this post on instagram|a post shared by|"
    r"^\s*(?:embedded (?:tweet|video|content))\b"
    # A tweet's location notice, left where the tweet was: "Tweet with a location", "You can add
    # location information to your Tweets ...".
    r"|^\s*(?:tweet with a location|add a location to your tweets)\s*$"
    r"|you can add location information to your tweets|when you tweet with a location, twitter stores",
    re.IGNORECASE,
), needs=("pic.twitter.com/", "t.co/", "view this post on instagram", "a post shared by", "embedded ",
          "tweet with a location", "add a location to your tweets", "you can add location information"))
PHOTO_RE = re.compile(
    r"^\s*(?:\(?\s*(?:photo|photograph|picture|image|pictured|illustration|video|file photo|"
    r"main image|top image|credit)s?\b(?:\s+(?:credit|by|courtesy(?:\s+of)?))?\s*[:/|]"
    r"|image copyright\b|image caption\b|getty images\s*$|copyright\s*©?\s*\d{4}|©"
    r"|(?:photo|image|video)s?\s*$"  # the label of a picture left without it
    r"|view images\b"  # a gallery's button, then the picture's caption
    # a credit of its own: "Illustration by Ann Lee, Kessa Museum"
    r"|(?:photo(?:graph)?|illustration|image|picture)s?\s+by\s+(?-i:[A-Z])[^.!?]{0,80}$)",
    re.IGNORECASE,
)
PHOTO_TAIL = Rule(re.compile(
    r"\((?:photo|image|picture)s?\s*(?:credit|by)?\s*:?[^)]{0,60}\)\s*$|"
    r"\b(?:photo|image)\s*:\s*[\w .'-]{1,40}/\s*[\w .'-]{1,30}$",
    re.IGNORECASE,
), needs=("photo", "image", "picture"))
# A photo caption: a line that ends in the picture's credit ("... in Washington, Feb. 16, 2017.
# (AP Photo/Evan Vucci)", "... March 25, 2015. REUTERS/Stephen Lam", "... (Photo by Patrick T.
# Fallon for The Washington Post)", "Nicholas Kamm/AFP/Getty Images"). A bare "(Reuters)" or
# "(AP)" is not enough: short wire items end with one.
CAPTION_CREDIT = Rule(re.compile(
    r"(?:\((?:AP|AFP|EPA|UPI|PA)\s+(?:Photo|Images?)\b[^)]{0,80}\)"
    r"|\((?:Reuters|AFP|EPA|Xinhua|Getty Images)\s*/\s*[^)]{1,60}\)"
    r"|\((?:Photo|Image|Picture)s?\s+(?:by|courtesy of|credit)\b[^)]{0,80}\)"
    r"|\b(?:REUTERS|AFP PHOTO|AFP|EPA|AP)\s*/\s*[\w .'’-]{1,40}"
    r"|/\s*(?:AFP|Getty Images|AP|Reuters|EPA)(?:\s*/\s*Getty Images)?)\)?\s*$"
), needs=("Photo", "Image", "Picture", "Reuters", "REUTERS", "AFP", "EPA", "Xinhua", "Getty Images", "AP"))
# An agency's file-photo caption: "FILE - In this May 4, 2001, file photo, a man believed ...".
FILE_PHOTO_RE = re.compile(r"^\s*FILE\s*[-–—]\s+(?:\S+\s+){0,12}?file\s+(?:photo|image|picture)", re.IGNORECASE)
# A captioned picture runs to a few sentences; a longer line ending in a credit is prose with
# the credit glued on (``PHOTO_TAIL`` takes the credit alone).
CAPTION_WORDS = 70
# A video player's furniture: "Embed <video title> 1:05 autoplay autoplay Copy this code to your
# website or blog", "Play Facebook"; what a player says when it cannot play ("Media playback is
# unsupported on your device Media caption <the video's caption>", "Please enable Javascript to
# watch this video", an embedded video's "The interactive transcript could not be loaded.").
VIDEO_PLAYER = Rule(re.compile(
    r"copy this code to your (?:website|site|blog)|\bautoplay\s+autoplay\b"
    r"|^\s*play(?:\s+(?:facebook|twitter|embed|video))?\s*$"
    r"|^\s*media playback is unsupported on your device\b|^\s*please enable javascript\b[^.!?]{0,60}[.!]?\s*$"
    r"|^\s*(?:the interactive transcript could not be loaded|rating is available when the video has been rented"
    r"|this feature is not available right now\. please try again later)\.?\s*$"
    # A news video's caption over the article, after the player's close button: "CLOSE <caption>".
    r"|(?-i:^\s*CLOSE\s+[A-Z][a-z])|^\s*embed\s+more\s+news\s+videos\b"
    # A list of videos: "JUST WATCHED <title> Replay More Videos ... MUST WATCH <title> 02:18".
    r"|^\s*just\s+watched\b.{0,200}?\breplay\s+more\s+videos\b",
    re.IGNORECASE,
), needs=("copy this code to your ", "play", "please enable javascript", "interactive transcript",
          "rating is available when", "this feature is not available right now", "close", "embed more news videos"))
# A gallery's captions run together on one line: "... Hide Caption 3 of 23 Photos: <gallery> <caption> ...".
GALLERY_CAPTIONS = Rule(re.compile(r"\bhide\s+caption\s+\d{1,3}\s+of\s+\d{1,3}\b", re.IGNORECASE),
                        needs=("hide caption",))
# An outlet's call for readers' tips: "... we'd like to hear from you. Send us a secure tip ...".
READER_CALLOUT = Rule(re.compile(
    r"\bwe(?:['’]d|\s+would)\s+(?:like|love)\s+to\s+hear\s+from\s+you\b|^\s*send\s+us\s+(?:a\s+)?(?:secure\s+)?tips?\b",
    re.IGNORECASE,
), needs=("hear from you", "send us"))
# A link to a gallery: "The search for Malaysia Airlines Flight 370 48 photos", "Gallery | 45 Photos".
GALLERY_RE = re.compile(r"^\s*\S.{0,100}?\s\d{1,4}\s+(?:photos|pictures|images|videos|slides)\s*$", re.IGNORECASE)
# A byline on a line of its own: "By Fred Kiva", "BY ANNA LIND | Staff writer", "Reporting by
# Dan Collyns; editing by ...". Names only (a weekday or month after "By" is prose: "By Monday").
_NOT_A_NAME = r"(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|" + "|".join(MONTHS) + r"|the|a|an|this|that|then|now)\b"
_BYLINE_NAME = rf"(?!{_NOT_A_NAME})[A-Z][\w'’.-]*"
BYLINE_RE = re.compile(
    rf"^\s*(?:[/|]\s*)?(?i:by|written by|words by|story by|reporting by|(?:updated|posted|edited) by)\s+{_BYLINE_NAME}"
    rf"(?:\s+(?:{_BYLINE_NAME}|and|&|de|van|von|der|al|bin)){{0,5}}"
    r"\s*(?:[,|;–—-]\s*[^.!?]{0,60})?$"
)
# A bare label over a story: "UPDATE:", "BREAKING", "CORRECTION:".
STORY_LABEL_RE = re.compile(
    r"^\s*(?:update[ds]?|correction|clarification|editor'?s note|breaking(?: news)?|developing|story highlights)"
    r"\s*[:\-–—]?\s*$",
    re.IGNORECASE,
)
SHARE_RE = re.compile(
    r"^\s*(?:share(?:\s+(?:this|the)\s+(?:article|story|page|post))?(?:\s+on\s+\w+)?|"
    r"share\s+via\s+\w+|tweet(?:\s+this)?|email|e-mail|print|whatsapp|facebook|twitter|"
    r"linkedin|copy\s+link|click\s+(?:here\s+)?to\s+share.*|follow\s+us\s+on\s+.{1,40}|"
    r"subscribe(?:\s+to\s+.{1,50})?|sign\s+up\s+for\s+.{1,60}|"
    r"join\s+(?:us|the\s+conversation)\s+on\s+.{1,40}|comments?\s*(?:\(\d+\))?|"
    r"\d+\s+comments?|like\s+us\s+on\s+.{1,30}|download\s+our\s+app.*|"
    r"read\s+or\s+share\s+this\s+story\s*:\s*\S*|"  # and its short link
    r"(?:interested\s+in\s+[^?]{1,60}\?\s+)?add\s+.{1,60}\s+as\s+an\s+interest\s+to\s+stay\s+up\s+to\s+date\b.*|"
    r"click\s+to\s+(?:email|share|print)\b.{0,60}\(opens\s+in\s+new\s+window\)|"
    # a newsletter box, all on one line ("Breaking News Emails Get breaking news alerts and special reports. ...")
    r"(?:(?:[\w’'-]+\s+){0,3}e-?mails?\s+)?get\s+(?:\w+\s+){0,2}(?:updates\s+directly\s+to\s+your\s+inbox|"
    r"news\s+alerts\s+and\s+special\s+reports)\b.*)"
    r"(?:\s*[|/•·,]\s*(?:facebook|twitter|x|whatsapp|linkedin|email|telegram|reddit|print))*"
    r"\s*[:.!]?\s*$",
    re.IGNORECASE,
)
# A news agency's desk notes, left in wire copy as it went out: where an update picks up the
# earlier version ("The plane, 5th graf pvs.", "Turkey amassed troops, pick up 4th graf pvs",
# "The tribunal, graf 5 pvs", "``No member, 5th graf, 1st Ld-Writethru"), a transmission stamp
# ("NYT-10-18-98 1742EDT"), "MORE" at the foot of a part, a note to editors ("Eds: UPDATES with
# ..."), "AP Photo", the byline's title ("Associated Press Writer") and the desk's initials
# ("(pfg-cb)", "(pvs/sv/ )").
WIRE_DESK_RE = re.compile(
    r"^\s*(?:[^.!?]{0,80},\s*(?:pick\s+up\s+)?(?:\d{1,2}(?:st|nd|rd|th)\s+graf(?:\s+\d{1,2})?|graf\s+\d{1,2})"
    r"(?:,?\s*(?:pvs|\d(?:st|nd|rd|th)\s+ld-writethru))?\.?"
    r"|[A-Z]{2,4}-\d{2}-\d{2}-\d{2}\s+\d{4}[A-Z]{3}"
    r"|(?-i:MORE)|eds?:\s.*|(?:AP|Reuters|AFP)\s+photos?(?:\s+planned)?"
    r"|(?:Associated\s+Press|AP)(?:\s+[A-Z][a-z]+)?\s+writer"
    r"|\((?-i:[a-z]{2,4})(?:\s*[-/]\s*(?-i:[a-z]{0,4}))*\s*\))\s*$",
    re.IGNORECASE,
)
# A label glued to the start of a line, the rest of which is text: "Story highlights The crew is safe".
LEADING_LABEL_RE = re.compile(r"^\s*story\s+highlights\s*:?\s+(?=\S)", re.IGNORECASE)
# A line drawn across the page: "___", "* * *", "=====".
SEPARATOR_RE = re.compile(r"^[\s_=*~#•·—–-]{3,}$")
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
    if URL.search(stripped):
        return False
    segments = [s for s in _BREADCRUMB_SPLIT_RE.split(stripped) if s]
    # One segment is a trail only when a separator ends it ("CAIRO |", "News »").
    if len(segments) < (1 if stripped[-1] in BREADCRUMB_SEPARATORS else 2) or len(segments) > 8:
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


_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def is_foreign_script(line: str, main_script: str | None) -> bool:
    """Most letters of the line are in a script other than the article's."""
    if main_script == "LATIN":  # the common case, mostly decided without looking at each letter
        ascii_part = line.encode("ascii", "ignore")
        # Latin letters at least as many as the characters outside ASCII: not foreign.
        if len(ascii_part.translate(None, _NOT_ASCII_LETTERS)) >= len(line) - len(ascii_part):
            return False
    counts = letter_scripts(line)
    total = sum(counts.values())
    if main_script is None or total < 3:
        return False
    return counts.get(main_script, 0) / total < 0.5


def ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(TERMINAL)
