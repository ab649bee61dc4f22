"""Clean stage: remove site furniture from raw article text, keep what was removed.

``clean(raw)`` returns the cleaned text (paragraphs separated by a blank
line, hard-wrapped lines unwrapped), every removed piece with its reason, and
the metadata the furniture gave away (a date line, the original URL, the site
named by an "ALSO ON ..." promo, the title line).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from storyweave.clean import rules
from storyweave.clean.unwrap import unwrap
from storyweave.model import Removed

__all__ = ["CleanResult", "clean", "normalise"]

_SPACES_RE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_URL_CONTINUATION_RE = re.compile(r"^[\w\-./?=&%#~+:]+$")
_SENTENCE_END = ".,;:!?)]'\"’”"  # punctuation after a URL in a sentence, not part of it
# An inline URL with the little word that introduced it ("at", "on", "via", "see").
_INLINE_URL_RE = re.compile(
    r"(?:\b(?:at|on|via|see|here)\s*:?\s+)?\(?" + rules.URL.regex.pattern + r"\)?", re.IGNORECASE
)
_TITLE_STOPWORDS = {"a", "an", "the", "of", "to", "in", "on", "by", "and", "or", "for", "with", "at"}


@dataclass(frozen=True)
class CleanResult:
    text: str
    removed: tuple[Removed, ...]
    title: str | None = None
    dateline: date | None = None
    urls: tuple[str, ...] = ()
    site: str | None = None
    # The URL the page gives as its own: one under an "Original url:" label, else one on a line of
    # its own (a scraper's note of where the page came from). A URL inside a sentence ("tickets at
    # https://...", "its official site, www.example.com.") is a link the article mentions, not its
    # address: it is in ``urls`` (removed from the text) but never this.
    page_url: str | None = None


@dataclass
class _State:
    lines: list[str]
    main_script: str | None
    kept: list[tuple[int, str] | None] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    dateline: date | None = None
    site: str | None = None
    prose_seen: bool = False
    labelled: int = 0  # how many of ``urls`` came under an "Original url:" label
    on_lines: int = 0  # how many of ``urls`` stood on lines of their own (labelled or not); they come first

    def drop(self, reason: str, text: str, lineno: int) -> None:
        if text.strip():
            self.removed.append(Removed(reason=reason, text=text.strip(), line=lineno))


def normalise(raw: str) -> str:
    """Unicode NFC, one kind of newline, one kind of space, no invisible characters."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    return _SPACES_RE.sub(" ", text)


def clean(raw: str, *, title: str | None = None) -> CleanResult:
    """Remove furniture from ``raw`` and unwrap it into paragraphs.

    ``title``, when the caller knows it (from HTML or JSON metadata), is taken
    out of the body if the text repeats it as its first line.
    """
    text = normalise(raw)
    state = _State(lines=text.split("\n"), main_script=rules.dominant_script(text))
    index = 0
    while index < len(state.lines):
        index = _visit(state, index)
    found_title = _take_title(state, title)
    body = unwrap(state.kept)
    return CleanResult(
        text=body,
        removed=tuple(sorted(state.removed, key=lambda r: r.line)),
        title=found_title,
        dateline=state.dateline,
        urls=tuple(state.urls),
        page_url=state.urls[0] if state.on_lines else None,
        site=state.site,
    )


def _visit(state: _State, index: int) -> int:
    """Classify line ``index``; return the index of the next line to look at."""
    lineno, line = index + 1, state.lines[index].strip()
    if not line:
        state.kept.append(None)
        return index + 1
    if not state.prose_seen:
        line = _take_dateline(state, line, lineno)
        if not line:
            return index + 1
    label = rules.URL_LABEL_RE.match(line)
    if label or rules.BARE_URL_LINE_RE.match(line):
        return _take_url_block(state, index, first=label.group("url") if label else line, labelled=bool(label))
    if rules.EMBED_ATTRIBUTION_RE.match(line):
        _drop_embed_before(state)
        state.drop("embedded social-media post", line, lineno)
        return index + 1
    reason = _line_reason(state, line, index)
    if reason:
        state.drop(reason, line, lineno)
        _note_site(state, line)
        return index + 1
    line = _strip_inline(state, line, lineno)
    if line:
        state.kept.append((lineno, line))
        state.prose_seen = state.prose_seen or len(line.split()) >= 8
    return index + 1


def _line_reason(state: _State, line: str, index: int) -> str | None:
    if rules.EMBED_MARKER.search(line):
        return "embedded social-media post"
    if rules.is_foreign_script(line, state.main_script):
        return "embedded text in another script"
    if rules.PROMO_RE.match(line):
        return "promotion of other articles"
    if rules.PHOTO_RE.match(line) and len(line.split()) <= 25:
        return "photo credit or caption"
    if (rules.CAPTION_CREDIT.search(line) or rules.FILE_PHOTO_RE.match(line)) and (
            len(line.split()) <= rules.CAPTION_WORDS):
        return "photo credit or caption"
    if rules.VIDEO_PLAYER.search(line):
        return "video player"
    if rules.GALLERY_CAPTIONS.search(line):
        return "photo credit or caption"
    if rules.READER_CALLOUT.search(line):
        return "call for readers' tips"
    if rules.GALLERY_RE.match(line):
        return "promotion of other articles"
    if rules.BYLINE_RE.match(line):
        return "byline"
    if rules.WIRE_DESK_RE.match(line):
        return "news agency's desk note"
    if rules.STORY_LABEL_RE.match(line):
        return "label"
    if rules.SHARE_RE.match(line):
        return "share or follow prompt"
    if rules.is_breadcrumb(line):
        return "breadcrumb"
    if rules.SEPARATOR_RE.match(line):
        return "separator line"
    previous = _last_kept(state)
    # A headline or label printed twice; repeated prose is left alone (it may be real).
    if previous is not None and previous.casefold() == line.casefold() and not rules.ends_sentence(line):
        return "repeated line"
    if not state.prose_seen and rules.ARCHIVE_NOTICE.search(line):
        return "web archive's note"
    if not state.prose_seen and _is_section_label(state, line, index):
        return "section label"
    return None


def _is_section_label(state: _State, line: str, index: int) -> bool:
    """A one-to-three word line at the head, followed by a headline-like line."""
    if len(line.split()) > 3 or rules.ends_sentence(line):
        return False
    following = _next_nonblank(state.lines, index)
    return following is not None and not rules.ends_sentence(following) and following != line


def _take_dateline(state: _State, line: str, lineno: int) -> str:
    match = rules.DATELINE_RE.match(line)
    if not match:
        return line
    found = rules.find_date(match.group("date"))
    rest = line[match.end():].strip()
    # A date followed by prose ("April 24, 2019 Kim arrived ...") is not a date line.
    if found is None or (rest and not rules.is_breadcrumb(rest) and len(rest.split()) > 4):
        return line
    state.dateline = state.dateline or found
    state.drop("date line", line[: match.end()], lineno)
    return rest


def _take_url_block(state: _State, index: int, *, first: str, labelled: bool) -> int:
    """Drop a URL line (or "Original url:" label) and the lines a wrapped URL spills onto."""
    lineno = index + 1
    parts = [first] if first else []
    dropped = [state.lines[index].strip()]
    index += 1
    while index < len(state.lines):
        nxt = state.lines[index].strip()
        if not parts and rules.BARE_URL_LINE_RE.match(nxt):
            parts.append(nxt)
        elif parts and parts[-1].endswith(("-", "/", "_", "=")) and _URL_CONTINUATION_RE.match(nxt):
            parts[-1] += nxt
        else:
            break
        dropped.append(nxt)
        index += 1
    if parts:
        # A URL under an "Original url:" label is the article's own: it goes first.
        state.urls.insert(state.labelled, parts[0])
        state.labelled += int(labelled)
        state.on_lines += 1
    state.drop("url", "\n".join(dropped), lineno)
    return index


def _drop_embed_before(state: _State) -> None:
    """Remove the body of an embedded post that ends just before its attribution line."""
    while state.kept:
        entry = state.kept[-1]
        if entry is None:
            state.kept.pop()
            continue
        lineno, text = entry
        if rules.EMBED_MARKER.search(text) or rules.is_foreign_script(text, state.main_script):
            state.kept.pop()
            state.drop("embedded social-media post", text, lineno)
            continue
        break


def _strip_inline(state: _State, line: str, lineno: int) -> str:
    """Take furniture glued into a prose line: a leading label, trailing promos, photo credits, URLs."""
    label = rules.LEADING_LABEL_RE.match(line)
    if label:
        state.drop("label", label.group(0).strip(), lineno)
        line = line[label.end():]
    for pattern, reason in (
        (rules.TRAILING_PROMO, "promotion of other articles"),
        (rules.PHOTO_TAIL, "photo credit or caption"),
    ):
        match = pattern.search(line)
        if match and match.start() > 0:
            state.drop(reason, match.group(0), lineno)
            _note_site(state, match.group(0))
            line = line[: match.start()].rstrip()
    inline_urls = list(rules.URL.finditer(line))
    for match in inline_urls:
        state.drop("url", match.group(0), lineno)
        state.urls.append(match.group(0).rstrip(_SENTENCE_END))  # "... at www.example.com." ends a sentence
    if inline_urls:
        line = _INLINE_URL_RE.sub("", line)
        line = re.sub(r"\s{2,}", " ", re.sub(r"\s+([,.;:!?])", r"\1", line)).strip()
    return line


def _note_site(state: _State, text: str) -> None:
    match = rules.SITE_IN_PROMO_RE.search(text.strip())
    if match and state.site is None:
        state.site = match.group("site").lower()


def _last_kept(state: _State) -> str | None:
    for entry in reversed(state.kept):
        if entry is not None:
            return entry[1]
    return None


def _next_nonblank(lines: list[str], index: int) -> str | None:
    for line in lines[index + 1:]:
        if line.strip():
            return line.strip()
    return None


def _take_title(state: _State, known: str | None) -> str | None:
    """Lift the headline out of the body: the known title, or a headline-like first line."""
    first = next((i for i, entry in enumerate(state.kept) if entry is not None), None)
    if first is None:
        return known
    lineno, line = state.kept[first]  # type: ignore[misc]
    if known is not None:
        if " ".join(line.split()).casefold() == " ".join(known.split()).casefold():
            state.kept[first] = None
            state.drop("title (kept as the article's title)", line, lineno)
        return known
    following = next((e[1] for e in state.kept[first + 1:] if e is not None), None)
    if following is None or not _looks_like_headline(line, following):
        return None
    state.kept[first] = None
    state.drop("title (kept as the article's title)", line, lineno)
    return line


def _looks_like_headline(line: str, following: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 25 or line.endswith((".", ",", ";", ":")):
        return False
    # A place before a separator ("CAIRO |") is what is left of a date line; a line wholly in
    # brackets is a note ("(Updated at 11)").
    if line.endswith(tuple(rules.BREADCRUMB_SEPARATORS + "–—-")) or (line.startswith("(") and line.endswith(")")):
        return False
    if words[-1].lower() in _TITLE_STOPWORDS:
        return False
    return following[:1].isupper() or following[:1].isdigit() or following[:1] in "\"“‘'"
