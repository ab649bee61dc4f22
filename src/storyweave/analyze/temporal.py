"""Temporal expressions, resolved against an article's publication date.

``find_temporal(text, anchor)`` returns every date or time expression of
``text`` with its ISO value and granularity. Relative expressions ("yesterday",
"on Thursday", "earlier this week", "last year") need ``anchor``, the
publication date; without one they are skipped. Weekdays are resolved by
tense: the same day when the anchor falls on it, otherwise the next one when
the sentence speaks of the future ("will", "is due to", "scheduled for") and
the last one before the anchor when it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from storyweave.clean.rules import US_ZONES, ZONE_HOURS, ZONE_NAMES
from storyweave.model import Granularity

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# The clause around an expression decides its tense: up to this many characters before it
# (and 20 after), cut at the nearest clause boundary on either side (``_CLAUSE_BREAK_RE``), so
# "The leader will meet Putin in the port of Vladivostok on Thursday" is future while "The
# campus was closed on Tuesday, and next month he will travel" is past for Tuesday.
TENSE_WINDOW = 100
_CLAUSE_BREAK_RE = re.compile(
    r"[;:!?]|\.\s|\s[—–-]\s|[\"“”]|,\s+(?:and|but|while|whereas|who|which|after|before|when|since)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|is|are|was|were) (?:due|set|scheduled|expected|slated|going)\b|\bscheduled\b"
    r"|\b(?:will|shall|won't)\b|\w'll\b|\bplans? to\b|\bis to\b|\bahead of\b|\bupcoming\b|\buntil\b",
    re.IGNORECASE,
)

# A year before a car's make is its model year, no date ("a black 2008 Porsche 911", "a 2005 Chevrolet").
_MAKES = ("Acura", "Audi", "BMW", "Buick", "Cadillac", "Chevrolet", "Chevy", "Chrysler", "Dodge", "Ferrari", "Fiat",
          "Ford", "GMC", "Honda", "Hummer", "Hyundai", "Infiniti", "Jaguar", "Jeep", "Kia", "Lamborghini", "Lexus",
          "Maserati", "Mazda", "Mercedes", "Mercedes-Benz", "Mitsubishi", "Nissan", "Oldsmobile", "Peugeot",
          "Pontiac", "Porsche", "Renault", "Saab", "Subaru", "Suzuki", "Toyota", "Volkswagen", "VW", "Volvo",
          "Harley-Davidson", "Yamaha", "Kawasaki")

_MODEL_YEAR = re.compile(rf"\s+(?:[a-z]+\s+)?(?:{'|'.join(_MAKES)})\b")
_YEAR_PREPOSITION = re.compile(r"\b(?:in|since|by|until|from|during|of)\s+$", re.IGNORECASE)

# Patterns, longest first; each match claims its span so shorter ones cannot re-match inside it.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        ("mdy", rf"\b{_MONTH}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"),
        ("dmy", rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"),
        ("month_year", rf"\b{_MONTH}\s+(?P<y>(?:19|20)\d\d)\b"),
        ("ago", r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                r"(?P<unit>day|week|month|year)s?\s+ago\b"),
        ("rel_week", r"\b(?P<which>earlier this|later this|this|last|next|previous) week\b"),
        ("rel_month", r"\b(?P<which>earlier this|later this|this|last|next|previous) month\b"),
        ("rel_year", r"\b(?P<which>earlier this|later this|this|last|next|previous) year\b"),
        ("rel_day", r"\b(?P<word>yesterday|today|tonight|tomorrow|last night|this (?:morning|afternoon|evening)"
                    r"|earlier (?:in the day|today)|later today)\b"),
        ("weekday", rf"(?:\b(?P<which>last|next|this|since)\s+)?\b{_WEEKDAY}{_DAYPART}\b"),
        ("month", rf"\b(?:in|since|by|until|from|of|last|next|this|early|late|mid-?)\s+{_MONTH}(?!\s+\d)\b"),
        ("month_poss", rf"\b{_MONTH}'s\b"),
        ("year", r"(?<![\d$€£.,-])\b(?P<y>(?:19|20)\d\d)\b(?![\d%,.]\d|\s*(?:%|percent|people|workers|miners))"),
    )
)
_TIME = re.compile(
    r"(?P<mod>\b(?:at\s+)?(?:around|about|approximately|roughly|shortly before|shortly after|just before|"
    r"just after|before|after|by|nearly)\s+)?"
    r"(?<![\d.:])\b(?P<h1>[01]?\d)(?:[:.](?P<m1>[0-5]\d))?(?:\s*(?:-|–|to)\s*(?P<h2>[01]?\d)(?:[:.](?P<m2>[0-5]\d))?)?"
    rf"\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z])(?:\s+(?-i:(?P<zone>{ZONE_NAMES}))\b)?"
    r"|\b(?P<h24>[012]?\d):(?P<m24>[0-5]\d)\s+(?:local time|(?P<zone24>GMT|UTC)|hours)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeRef:
    """A resolved expression: ``start``/``end`` are offsets into the text given."""

    start: int
    end: int
    text: str
    value: str  # ISO date, month, year or week; times as "<date>T10:30" or "T10:30" when no day
    granularity: Granularity
    day: date | None  # the first day the value covers, for ordering
    relative: bool  # needed the anchor date


@dataclass(frozen=True)
class ClockTime:
    """A time of day as an interval of minutes after midnight, for comparison."""

    start: int
    end: int
    text: str
    low: int
    high: int
    nominal: str  # the time as stated: "T05:00" for "around 5am", "T13:00/T14:00" for "1-2pm"
    zone: str | None = None  # the time zone written after it ("ET", "GMT"), if any

    @property
    def iso(self) -> str:
        return _hhmm(self.low) if self.low == self.high else f"{_hhmm(self.low)}/{_hhmm(self.high)}"


def is_future(text: str) -> bool:
    return bool(_FUTURE.search(text))


def _clause(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]`` (see ``TENSE_WINDOW``)."""
    before_from = max(0, start - TENSE_WINDOW)
    breaks = list(_CLAUSE_BREAK_RE.finditer(text, before_from, start))
    if breaks:
        before_from = breaks[-1].end()
    after_to = min(len(text), end + 20)
    following = _CLAUSE_BREAK_RE.search(text, end, after_to)
    if following:
        after_to = following.start()
    return text[before_from:after_to]


def find_temporal(text: str, anchor: date | None) -> list[TimeRef]:
    """Every date expression of ``text`` (one sentence), resolved against ``anchor``."""
    taken: list[tuple[int, int]] = []
    refs: list[TimeRef] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            # Tense is read from the clause around the expression, not the whole sentence.
            future = is_future(_clause(text, match.start(), match.end()))
            ref = _resolve(name, match, anchor, future)
            if ref is not None:
                taken.append((match.start(), match.end()))
                refs.append(ref)
    return sorted(refs, key=lambda r: r.start)


def find_times(text: str) -> list[ClockTime]:
    """Times of day ("10:30am", "1-2pm", "shortly before 4am", "18:00 local time") as minute intervals."""
    return [t for t in (_clock(m) for m in _TIME.finditer(text)) if t is not None]


def _clock(match: re.Match[str]) -> ClockTime | None:
    if match.group("h24"):
        hour, minute = int(match.group("h24")), int(match.group("m24"))
        if hour > 23:
            return None
        low = high = hour * 60 + minute
        nominal = f"T{hour:02d}:{minute:02d}"
    else:
        pm = match.group("ampm").lower().startswith("p")
        h1, h2 = int(match.group("h1")), match.group("h2")
        if not 1 <= h1 <= 12:
            return None
        low = _minutes(h1, match.group("m1"), pm)
        high = _minutes(int(h2), match.group("m2"), pm) if h2 else low
        if h2 and high < low:  # "11-1pm": the first hour is before noon
            low -= 12 * 60
        nominal = _hhmm(low) if low == high else f"{_hhmm(low)}/{_hhmm(high)}"
    low, high = _widen(match.group("mod"), low, high)
    start = match.start("mod") if match.group("mod") else match.start()
    zone = match.group("zone") or match.group("zone24")
    return ClockTime(start, match.end(), match.group(0).strip(), low, high, nominal, zone)


def in_utc(clock: ClockTime, day: date | None) -> ClockTime | None:
    """The time in UTC when it names its zone ("1:30 p.m. PST" and "4:30 p.m. ET" are both 21:30),
    else None. A US zone written without its season ("ET") takes that of ``day``, the article's."""
    if clock.zone is None:
        return None
    zone = clock.zone
    if zone in US_ZONES:
        zone = US_ZONES[zone][1 if day is not None and _us_summer(day) else 0]
    low = (clock.low - 60 * ZONE_HOURS[zone]) % (24 * 60)
    return replace(clock, low=low, high=low + clock.high - clock.low, zone="UTC")


def _us_summer(day: date) -> bool:
    """Is ``day`` in US daylight saving time (the second Sunday of March to the first of November)?"""
    march = date(day.year, 3, 8)
    november = date(day.year, 11, 1)
    start = march + timedelta(days=(6 - march.weekday()) % 7)
    end = november + timedelta(days=(6 - november.weekday()) % 7)
    return start <= day < end


def _hhmm(minutes: int) -> str:
    return f"T{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _minutes(hour: int, minute: str | None, pm: bool) -> int:
    hour = hour % 12 + (12 if pm else 0)
    return hour * 60 + int(minute or 0)


def _widen(modifier: str | None, low: int, high: int) -> tuple[int, int]:
    """The interval a hedged time stands for ("around 5am" is 4:30-5:30)."""
    mod = " ".join((modifier or "").lower().replace("at ", "").split())
    if mod in ("around", "about", "approximately", "roughly", "nearly"):
        return low - 30, high + 30
    if mod in ("shortly before", "just before"):
        return low - 30, high
    if mod in ("shortly after", "just after"):
        return low, high + 30
    if mod in ("before", "by"):
        return low - 120, high
    if mod == "after":
        return low, high + 120
    return low, high


def _resolve(name: str, match: re.Match[str], anchor: date | None, future: bool) -> TimeRef | None:
    resolver = _RESOLVERS[name]
    result = resolver(match, anchor, future)
    if result is None:
        return None
    value, granularity, day, relative = result
    return TimeRef(match.start(), match.end(), match.group(0), value, granularity, day, relative)


Resolved = tuple[str, Granularity, date | None, bool] | None


def _month_number(text: str) -> int:
    key = text.lower().rstrip(".")
    return MONTH_ABBR.get(key[:4] if key.startswith("sept") else key[:3], 0)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso_date(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    day = _day(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return (day.isoformat(), "day", day, False) if day else None


def _month_day(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    month = _month_number(match.group("month"))
    if match.group("month").lower() == "may" and not match.group("y"):
        return None  # "may 5" is too often the verb
    year = int(match.group("y")) if match.group("y") else anchor.year if anchor else None
    if year is None or not month:
        return None
    day = _day(year, month, int(match.group("d")))
    return (day.isoformat(), "day", day, not match.group("y")) if day else None


def _month_year(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    month, year = _month_number(match.group("month")), int(match.group("y"))
    return (f"{year:04d}-{month:02d}", "month", date(year, month, 1), False) if month else None


def _month_alone(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    month = _month_number(match.group("month"))
    if anchor is None or not month:
        return None
    text = match.group(0).lower()
    year = anchor.year
    if (text.startswith("last") or not (future or text.startswith("next"))) and month > anchor.month:
        year -= 1
    elif (future or text.startswith("next")) and month < anchor.month:
        year += 1
    return f"{year:04d}-{month:02d}", "month", date(year, month, 1), True


def _ago(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    if anchor is None:
        return None
    raw = match.group("n").lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = match.group("unit").lower()
    if unit == "day":
        day = anchor - timedelta(days=n)
        return day.isoformat(), "day", day, True
    if unit == "week":
        return _week(anchor - timedelta(weeks=n))
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 - n
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month", date(index // 12, index % 12 + 1, 1), True
    return f"{anchor.year - n:04d}", "year", date(anchor.year - n, 1, 1), True


def _shift(which: str) -> int:
    return {"last": -1, "previous": -1, "next": 1}.get(which.lower().split()[0], 0)


def _week(day: date) -> Resolved:
    year, week, _ = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    return f"{year:04d}-W{week:02d}", "week", monday, True


def _rel_week(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    return _week(anchor + timedelta(weeks=_shift(match.group("which")))) if anchor else None


def _rel_month(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    if anchor is None:
        return None
    index = anchor.year * 12 + anchor.month - 1 + _shift(match.group("which"))
    year, month = index // 12, index % 12 + 1
    return f"{year:04d}-{month:02d}", "month", date(year, month, 1), True


def _rel_year(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    if anchor is None:
        return None
    year = anchor.year + _shift(match.group("which"))
    return f"{year:04d}", "year", date(year, 1, 1), True


_DAY_OFFSETS = {"yesterday": -1, "last night": -1, "tomorrow": 1}


def _rel_day(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    if anchor is None:
        return None
    word = " ".join(match.group("word").lower().split())
    day = anchor + timedelta(days=_DAY_OFFSETS.get(word, 0))
    return day.isoformat(), "day", day, True


def _weekday(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    if anchor is None:
        return None
    target = WEEKDAYS.index(match.group("weekday").lower())
    which = (match.group("which") or "").lower()
    ahead = (target - anchor.weekday()) % 7
    if which in ("next", "last"):
        # "last Thursday" is the Thursday of the previous calendar week, "next Thursday" of the next one.
        monday = anchor - timedelta(days=anchor.weekday())
        day = monday + timedelta(days=target + (7 if which == "next" else -7))
        return day.isoformat(), "day", day, True
    if ahead == 0:
        offset = 0
    elif which == "since":
        offset = ahead - 7
    else:
        offset = ahead if future else ahead - 7
    day = anchor + timedelta(days=offset)
    return day.isoformat(), "day", day, True


def _year(match: re.Match[str], anchor: date | None, future: bool) -> Resolved:
    year = int(match.group("y"))
    if anchor is not None and year > anchor.year + 10:
        return None  # a number, not a year
    text = match.string
    if _MODEL_YEAR.match(text, match.end()) and not _YEAR_PREPOSITION.search(text, max(0, match.start() - 8),
                                                                              match.start()):
        return None  # "a black 2008 Porsche", not "in 2008 Ford cut jobs"
    return f"{year:04d}", "year", date(year, 1, 1), False


_RESOLVERS = {
    "iso": _iso_date, "mdy": _month_day, "dmy": _month_day, "month_year": _month_year, "ago": _ago,
    "rel_week": _rel_week, "rel_month": _rel_month, "rel_year": _rel_year, "rel_day": _rel_day,
    "weekday": _weekday, "month": _month_alone, "month_poss": _month_alone, "year": _year,
}
