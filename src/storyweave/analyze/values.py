"""Typed values in a sentence, normalised for comparison.

``find_values(text, anchor)`` returns counts ("twelve miners"), durations
("about nine hours"), amounts ("$5 million"), percentages, times of day,
dates (resolved against ``anchor``) and ordinals ("first meeting"). Each value
is an interval ``low``-``high`` in its unit, so hedged values ("about",
"shortly before") compare as ranges; two values conflict when their
intervals do not overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from storyweave.analyze.temporal import find_temporal, find_times, in_utc
from storyweave.represent import STOPWORDS, stem

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
          "dozen": 12, "a dozen": 12}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6,
          "bn": 1e9}
_SCALES = "|".join(sorted(_SCALE, key=len, reverse=True))  # for a regular expression, longest first
_NUMBER = (r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty"
           r"|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|a dozen|one|two|three|four|five|six"
           r"|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
           r"|hundred|dozen)(?:\s+(?P<scale>hundred|thousand|million|billion|trillion))?")
_HEDGE = (r"(?P<hedge>\b(?:about|around|approximately|roughly|nearly|almost|some|more than|over|at least|up to"
          r"|fewer than|less than|under)\s+)?")
_DURATION = re.compile(
    rf"{_HEDGE}(?<!\d[:.])\b{_NUMBER}[\s-](?P<unit>second|minute|hour|day|week|month|year)s?\b(?![\s-]+(?:ago|old))",
    re.IGNORECASE,
)
_AGE = re.compile(rf"{_HEDGE}\b{_NUMBER}[\s-](?P<unit>year|month)s?[\s-]old\b|(?<=\w, )(?P<n2>\d{{1,3}})(?=,\s)",
                  re.IGNORECASE)
_NUMBER2 = _NUMBER.replace("num", "num2").replace("scale", "scale2")
# "$2.6 million", "$2.6-million", and "£1. 7 million" (a scraped page's stray space after the point)
_AMOUNT = re.compile(rf"{_HEDGE}(?P<cur>[$€£¥])\s?(?P<num>\d[\d,]*(?:\.\d+|\.\s\d+(?=[\s-]*(?:{_SCALES})\b))?)"
                     rf"(?:[\s-]*(?P<scale>{_SCALES}))?\b|{_HEDGE.replace('hedge', 'hedge2')}\b{_NUMBER2}"
                     r"\s+(?P<cur2>dollars|euros|pounds|roubles|rubles|yuan|yen|won)\b", re.IGNORECASE)
_PERCENT = re.compile(rf"{_HEDGE}\b(?P<num>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_COUNT = re.compile(rf"{_HEDGE}\b(?:all\s+)?(?!(?:19|20)\d\d\b){_NUMBER}\s+(?P<words>[a-z-]+(?:\s+[a-z-]+){{0,2}})",
                    re.IGNORECASE)
_ORDINAL = re.compile(r"\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|"
                      r"[4-9]th)(?:[\s-]+(?:ever|known|official|face-to-face|formal|direct|major|big|such))*"
                      r"\s+(?P<head>[a-z]+)", re.IGNORECASE)
_ORDINALS = {w: n for n, w in enumerate(("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                          "eighth", "ninth", "tenth"), start=1)}
_IRREGULAR_PLURALS = frozenset(["people", "men", "women", "children", "police", "staff", "crew", "personnel", "troops"])
_DIFFERENCE = re.compile(r"\s+(?:sooner|later|earlier|longer|shorter|more|fewer|less|ahead|behind|higher|lower"
                         r"|older|younger|faster|slower|apart)\b", re.IGNORECASE)
_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 730, "year": 8766}
_CURRENCY = {"$": "USD", "dollars": "USD", "€": "EUR", "euros": "EUR", "£": "GBP", "pounds": "GBP", "¥": "JPY",
             "yen": "JPY", "yuan": "CNY", "roubles": "RUB", "rubles": "RUB", "won": "KRW"}


@dataclass(frozen=True)
class Value:
    """A typed value: ``start``/``end`` are offsets in the sentence text."""

    kind: str  # count, duration, age, amount, percent, time, date, ordinal
    unit: str  # what is counted (a stem), the currency, the ordinal's noun; "" when the kind says it all
    low: float
    high: float
    start: int
    end: int
    text: str
    normalized: str
    relative: bool = False  # a date read against the article's own date ("yesterday", "on Friday")

    def compatible(self, other: Value) -> bool:
        return self.low <= other.high and other.low <= self.high


def number_value(text: str) -> float | None:
    """The value of a numeral in digits or words ("12", "1,200", "twelve", "forty-two", "a dozen")."""
    raw = text.lower().replace(",", "").replace(". ", ".")
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return float(raw)
    if "-" in raw:
        tens, _, unit = raw.partition("-")
        return float(_UNITS.get(tens, 0) + _UNITS.get(unit, 0)) or None
    return float(_UNITS[raw]) if raw in _UNITS else None


def _hedged(hedge: str | None, value: float, relative: float, rounding: float = 0.0) -> tuple[float, float]:
    """The interval a hedged value stands for, widened by the ``rounding`` its writing allows."""
    word = " ".join((hedge or "").lower().split())
    if word in ("about", "around", "approximately", "roughly", "some"):
        low, high = value * (1 - relative), value * (1 + relative)
    elif word in ("nearly", "almost", "up to", "fewer than", "less than", "under"):
        low, high = value * (1 - relative), value
    elif word in ("more than", "over", "at least"):
        low, high = value, value * (1 + 2 * relative)
    else:
        low, high = value, value
    return low - rounding, high + rounding


def _rounding(written: str, scale: float = 1.0) -> float:
    """Half a unit of the last decimal a number is written with ("5.6" million: 0.05 million;
    "4.5" percent: 0.05), so "5.6 million" meets "5.58 million"; 0 for a whole number, which
    states no precision (outlets that disagree on "five" and "six" disagree)."""
    decimals = len(written.replace(",", "").replace(" ", "").partition(".")[2])
    return 0.5 * 10 ** -decimals * scale if decimals else 0.0


def find_values(text: str, anchor: date | None = None) -> list[Value]:
    """Every typed value of ``text`` (a sentence); overlapping matches keep the first kind found.
    A quantity followed by a comparative ("five rounds sooner than", "two hours later", "$5
    million more") is a difference, not a value of the fact, and is left out."""
    found: list[Value] = []
    for finder in (_amounts, _percents, _ages, _durations, _times, _dates, _counts, _ordinals):
        for value in finder(text, anchor):
            if not any(v.start < value.end and value.start < v.end for v in found):
                found.append(value)
    return sorted((v for v in found if v.kind in ("time", "date", "ordinal") or not _DIFFERENCE.match(text, v.end)),
                  key=lambda v: v.start)


def _amounts(text: str, anchor: date | None) -> list[Value]:
    values = []
    for m in _AMOUNT.finditer(text):
        written = m.group("num") or m.group("num2") or ""
        num = number_value(written)
        if num is None:
            continue
        scale = _SCALE.get((m.group("scale") or m.group("scale2") or "").lower(), 1)
        amount = num * scale
        currency = _CURRENCY[(m.group("cur") or m.group("cur2") or "").lower()]
        low, high = _hedged(m.group("hedge") or m.group("hedge2"), amount, 0.1, _rounding(written, scale))
        values.append(Value("amount", currency, low, high, m.start(), m.end(), m.group(0).strip(),
                            f"{amount:g} {currency}"))
    return values


def _percents(text: str, anchor: date | None) -> list[Value]:
    values = []
    for m in _PERCENT.finditer(text):
        num = float(m.group("num"))
        low, high = _hedged(m.group("hedge"), num, 0.05, _rounding(m.group("num")))
        values.append(Value("percent", "%", low, high, m.start(), m.end(), m.group(0).strip(), f"{num:g}%"))
    return values


def _durations(text: str, anchor: date | None) -> list[Value]:
    values = []
    for m in _DURATION.finditer(text):
        num = number_value(m.group("num"))
        if num is None:
            continue
        unit = m.group("unit").lower()
        hours = num * _HOURS[unit]
        # Whole days, weeks and years are said loosely: "four days" covers 3.5 to 4.5 days.
        slack = 0.5 * _HOURS[unit] if unit in ("day", "week", "month", "year") else 0.0
        low, high = _hedged(m.group("hedge"), hours, 0.1)
        values.append(Value("duration", "", low - slack, high + slack, m.start(), m.end(), m.group(0).strip(),
                            f"{num:g} {unit}{'s' if num != 1 else ''} ({hours:g} h)"))
    return values


def _ages(text: str, anchor: date | None) -> list[Value]:
    """"the 82-year-old senator", "a 23-year-old secretary", "Pavel Oren, 44," (in years)."""
    values = []
    for m in _AGE.finditer(text):
        raw = m.group("num") or m.group("n2")
        num = number_value(raw)
        if num is None:
            continue
        years = num / 12 if (m.group("unit") or "year").lower() == "month" else num
        values.append(Value("age", "", years, years, m.start(), m.end(), m.group(0).strip(), f"{years:g} years old"))
    return values


def _times(text: str, anchor: date | None) -> list[Value]:
    """Times of day; one that names its zone ("1:30 p.m. PST", "4:30 p.m. ET") is kept in UTC
    (unit "UTC"), so that it meets only times that name theirs, and the same moment written in two
    zones is one value."""
    values = []
    for t in find_times(text):
        utc = in_utc(t, anchor)
        if utc is None:
            values.append(Value("time", "", t.low, t.high, t.start, t.end, t.text, t.iso))
        else:
            values.append(Value("time", "UTC", utc.low, utc.high, t.start, t.end, t.text, f"{utc.iso} UTC"))
    return values


def _dates(text: str, anchor: date | None) -> list[Value]:
    values = []
    for ref in find_temporal(text, anchor):
        if ref.granularity == "day" and ref.day is not None:
            ordinal = float(ref.day.toordinal())
            values.append(Value("date", "", ordinal, ordinal, ref.start, ref.end, ref.text, ref.value, ref.relative))
    return values


def _counts(text: str, anchor: date | None) -> list[Value]:
    values = []
    for m in _COUNT.finditer(text):
        num = number_value(m.group("num"))
        head, end = _plural_head(m)
        if num is None or head is None:
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue  # a year
        num *= _SCALE.get((m.group("scale") or "").lower(), 1)
        low, high = _hedged(m.group("hedge"), num, 0.1)
        values.append(Value("count", " ".join(stem(w) for w in head.split()), low, high, m.start(), end,
                            text[m.start():end].strip(),
                            f"{num:g} {head}"))
    return values


def _plural_head(match: re.Match[str]) -> tuple[str | None, int]:
    """The counted noun with its modifiers ("gold medals", "trapped miners" -> "miners"): the first
    plural among the (up to three) words after the number; participles are dropped."""
    offset = match.start("words")
    modifiers: list[str] = []
    for word in re.finditer(r"[a-z-]+", match.group("words")):
        token = word.group(0).lower()
        if token in STOPWORDS or token in _HOURS or token.rstrip("s") in _HOURS:
            return None, match.end()
        if _plural(token):
            head, end = " ".join([*modifiers, token]), offset + word.end()
            # "239 passengers and crew": the count covers both, a figure other than the passengers'
            both = _AND_PLURAL_RE.match(match.string, end)
            if both and _plural(both.group("noun").lower()):
                return f"{head} and {both.group('noun').lower()}", both.end()
            return head, end
        if not token.endswith(("ed", "ing")):
            modifiers.append(token)
    return None, match.end()


_AND_PLURAL_RE = re.compile(r"\s+(?:and|or)\s+(?P<noun>[a-z-]+)\b", re.IGNORECASE)


def _plural(token: str) -> bool:
    return token in _IRREGULAR_PLURALS or (token.endswith("s") and not token.endswith("ss"))


def _ordinals(text: str, anchor: date | None) -> list[Value]:
    values = []
    for m in _ORDINAL.finditer(text):
        raw = m.group("ord").lower()
        number = _ORDINALS.get(raw) or int(re.sub(r"\D", "", raw) or 0)
        head = m.group("head").lower()
        if not number or head in STOPWORDS:
            continue
        values.append(Value("ordinal", stem(head), number, number, m.start(), m.end(), m.group(0),
                            f"{raw} {head}"))
    return values
