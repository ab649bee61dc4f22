"""Ingest stage: files, folders and globs of .txt, .html and .jsonl become Articles.

Bad input never stops a batch: each file (or JSONL line) that cannot be used
becomes a ``Skipped`` record naming the source and the reason.
"""

from __future__ import annotations

import contextvars
import glob
import gzip
import json
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from storyweave.clean import clean, rules
from storyweave.errors import InputError, MalformedInputError, UnreadableInputError
from storyweave.ingest.decode import decode_bytes
from storyweave.ingest.meta import date_from_url, parse_date, site_of
from storyweave.ingest.sgml import looks_like_sgml, read_sgml  # (after meta, which it imports)
from storyweave.model import Article, DateSource, Skipped, content_id

__all__ = [
    "Loaded",
    "article_from_record",
    "article_from_text",
    "content_suffix",
    "detect_language",
    "expand_paths",
    "gunzip",
    "languages_later",
    "load",
    "mapped_outlet",
    "parse_record",
    "read_file",
    "read_json",
    "read_jsonl",
    "read_text",
]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc"}
NO_SUFFIX = "no suffix"  # (the kind of a file whose name says nothing of it: ``kind_of``)
SGML_SUFFIXES = {".sgml", ".sgm"}
SUPPORTED = (TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES | WARC_SUFFIXES
             | SGML_SUFFIXES)
# Characters of cleaned text that language identification looks at (enough for a stable guess):
# 600 gives the same language as 1,000 on 12,913 texts of the dev sets and their rewrites (session
# 10) and on the 1,593 texts of the dev sets and examples (session 11), in a third less time.
LANGUAGE_SAMPLE = 600
# Fewer words than this is a page with no article (a menu, an error page), not news.
MIN_ARTICLE_WORDS = 8


@dataclass
class Loaded:
    """What ``load`` read: the articles, and what it had to skip."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def extend(self, other: Loaded) -> None:
        self.articles.extend(other.articles)
        self.skipped.extend(other.skipped)

    def add(self, make: Callable[[], Article]) -> None:
        """Add the article ``make`` makes, or, when it raises ``InputError``, the reason it is skipped
        (one record of a JSONL, JSON or SGML file: the rest of the file goes on)."""
        try:
            self.articles.append(make())
        except InputError as exc:
            log.warning("%s", exc)
            self.skipped.append(Skipped(exc.source, exc.reason))


def load(paths: Iterable[str | os.PathLike[str]], *, outlets: Mapping[str, str] | None = None) -> Loaded:
    """Read every article under ``paths`` (files, folders, globs); skip bad input with a reason."""
    loaded = Loaded()
    seen: dict[str, str] = {}
    for path in expand_paths(paths, loaded.skipped):
        try:
            result = read_file(path, outlet=mapped_outlet(path, outlets))
        except InputError as exc:
            log.warning("%s", exc)
            loaded.skipped.append(Skipped(source=exc.source, reason=exc.reason))
            continue
        for article in result.articles:
            if article.id in seen:
                log.info("%s: same text as %s, read once", article.source, seen[article.id])
                continue
            seen[article.id] = article.source or ""
            loaded.articles.append(article)
        loaded.skipped.extend(result.skipped)
    return loaded


def expand_paths(
    paths: Iterable[str | os.PathLike[str]], skipped: list[Skipped], ignored: list[Path] | None = None
) -> list[Path]:
    """Files named by ``paths``: files as given, folders searched recursively, globs expanded.
    Files in folders of a kind storyweave does not read are left alone (and added to
    ``ignored``, hidden files and folders aside)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()  # (hidden files and folders aside)
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                if _supported(found):
                    files.append(found)
                elif ignored is not None:
                    ignored.append(found)
        elif path.exists() or path.is_symlink():
            files.append(path)
        elif glob.has_magic(str(raw)):
            matches = sorted(Path(p) for p in glob.glob(str(raw), recursive=True) if Path(p).is_file())
            if not matches:
                skipped.append(Skipped(str(raw), "no file matches this pattern"))
            files.extend(matches)
        else:
            skipped.append(Skipped(str(raw), "no such file or directory"))
    return files


def _supported(path: Path) -> bool:
    """Whether a file found in a folder is read. A ``.json`` file is read when named (or matched
    by a glob), not when found: folders hold JSON of every kind (settings, annotations). A file
    whose name says nothing of its kind (none, or a number: ``APW19981017.0151``) is read when it
    opens as newswire SGML."""
    kind = kind_of(path)
    if kind == NO_SUFFIX:
        return _opens_as_sgml(path)
    return kind in SUPPORTED and kind not in JSON_SUFFIXES


def kind_of(path: Path) -> str:
    """What a file's name says it holds: its suffix (``content_suffix``) when that is a word
    (``.png``, ``.md``), else "no suffix"."""
    suffix = content_suffix(path)
    return suffix if re.fullmatch(r"\.[a-z][a-z0-9]{0,7}", suffix) else NO_SUFFIX


def _opens_as_sgml(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return looks_like_sgml(handle.read(64).decode("latin-1"))
    except OSError:
        return False


def content_suffix(path: Path) -> str:
    """The suffix that says what a file holds: ``a.jsonl.gz`` -> ``.jsonl``, ``a.warc.gz`` -> ``.warc``."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def read_file(path: Path, *, outlet: str | None = None) -> Loaded:
    """Read one file. Raises ``InputError`` when the whole file is unusable."""
    source = str(path)
    suffix = content_suffix(path)
    if suffix in WARC_SUFFIXES:
        from storyweave.ingest.warc import read_warc

        return read_warc(path, outlet=outlet)
    text = read_text(path)
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(text, source, outlet=outlet)
    if suffix in JSON_SUFFIXES:
        return read_json(text, source, outlet=outlet)
    if suffix in SGML_SUFFIXES or (suffix not in HTML_SUFFIXES and looks_like_sgml(text[:64])):
        return read_sgml(text, source, outlet=outlet)
    if suffix in FEED_SUFFIXES or (suffix not in HTML_SUFFIXES and _looks_like_feed(text)):
        from storyweave.ingest.feeds import read_feed

        return read_feed(text, source, outlet=outlet)
    if suffix in HTML_SUFFIXES:
        from storyweave.ingest.html import article_from_html

        return Loaded(articles=[article_from_html(text, source=source, outlet=outlet, stem=path.stem)])
    return Loaded(articles=[article_from_text(text, source=source, outlet=outlet, stem=path.stem)])


def read_text(path: Path) -> str:
    """The text of a file, decompressed if it ends in ``.gz``; ``InputError`` naming it if it cannot be read."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(source, f"cannot read: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".gz":
        data = gunzip(data, source)
    return decode_bytes(data, source)


def gunzip(data: bytes, source: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise MalformedInputError(source, f"not a readable gzip file ({exc})") from exc


def _looks_like_feed(text: str) -> bool:
    from storyweave.ingest.feeds import looks_like_feed

    return text.lstrip().startswith("<?xml") and looks_like_feed(text)


def read_jsonl(
    text: str, source: str, *, outlet: str | None, first_line: int = 1, allow_empty: bool = False
) -> Loaded:
    """The articles of JSONL ``text``, whose first line is line ``first_line`` of ``source``
    (a part of a bigger file may hold only blank lines: ``allow_empty``)."""
    loaded = Loaded()
    for number, line in enumerate(text.splitlines(), start=first_line):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        loaded.add(partial(_article_from_record, line, where, outlet))
    if not loaded.articles and not loaded.skipped and not allow_empty:
        raise MalformedInputError(source, "no JSON records in the file")
    return loaded


# The fields of an article record (JSONL, JSON): its text, and what exports call its date, link
# and outlet (NewsAPI: "publishedAt", and "source": {"id": ..., "name": "BBC News"};
# schema.org: "datePublished").
_TEXT_FIELDS = ("text", "content", "body")
_DATE_FIELDS = ("published", "date", "publishedAt", "published_at", "datePublished", "pubDate")
_URL_FIELDS = ("url", "link")
_OUTLET_FIELDS = ("outlet", "source", "publisher")


# Where a JSON export keeps its list of articles, when the list is not the whole document
# (NewsAPI and most search APIs: "articles"; others one of the rest).
_LIST_FIELDS = ("articles", "items", "results", "data", "documents", "docs", "entries", "posts", "stories", "news")


def read_json(text: str, source: str, *, outlet: str | None) -> Loaded:
    """The articles of a JSON document: a list of article records (as in JSONL), an object that
    holds such a list (``{"articles": [...]}``), or one article record. Each record is read as
    a JSONL line is, named ``FILE[n]``; a bad one is skipped with its reason."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(source, f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    records = _json_records(document)
    if records is None:
        raise MalformedInputError(source, "no articles in this JSON (a list of article objects, an object holding "
                                          "one such as {\"articles\": [...]}, or one article object)")
    loaded = Loaded()
    single = len(records) == 1 and records[0] is document
    for index, record in enumerate(records):
        loaded.add(partial(_json_article, record, source if single else f"{source}[{index}]", outlet))
    if not loaded.articles and not loaded.skipped:
        raise MalformedInputError(source, "an empty list of articles")
    return loaded


def _json_article(record: object, where: str, outlet: str | None) -> Article:
    if not isinstance(record, dict):
        raise MalformedInputError(where, "an article must be a JSON object with a 'text' field")
    return article_from_record(record, where, outlet=outlet)


def _json_records(document: object) -> list[object] | None:
    """The article records of a JSON document (``read_json``), or None if it holds none."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    if any(isinstance(document.get(name), str) for name in _TEXT_FIELDS):
        return [document]
    for name in _LIST_FIELDS:
        if isinstance(document.get(name), list):
            return list(document[name])
    lists = [v for v in document.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    return list(lists[0]) if len(lists) == 1 else None


def _article_from_record(line: str, where: str, outlet: str | None) -> Article:
    return article_from_record(parse_record(line, where), where, outlet=outlet)


def parse_record(line: str, where: str) -> dict[str, object]:
    """One JSONL line as an object; ``MalformedInputError`` when it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise MalformedInputError(where, "a JSON line must be an object with a 'text' field")
    return record


def article_from_record(record: Mapping[str, object], where: str, *, outlet: str | None = None) -> Article:
    """The article of one JSON record: ``text`` (or ``content``, ``body``), and ``title``, ``date``
    (or ``published`` and the like), ``url`` (or ``link``), ``outlet`` (or ``source``: a name, or
    an object with a ``name``), ``id``."""
    body = next((record[name] for name in _TEXT_FIELDS if record.get(name)), None)
    if body is not None and not isinstance(body, str):
        field = next(name for name in _TEXT_FIELDS if record.get(name))
        kind = ("true or false" if isinstance(body, bool) else "a number" if isinstance(body, int | float)
                else "a list" if isinstance(body, list) else "an object")
        raise MalformedInputError(where, f"the {field!r} field holds {kind}, not the article's text")
    if not body or not body.strip():
        raise MalformedInputError(where, "no 'text' field with the article's text")
    given_id = record.get("id")
    return article_from_text(
        body,
        source=where,
        outlet=outlet or next(filter(None, (_name(record.get(name)) for name in _OUTLET_FIELDS)), None),
        title=_str(record.get("title")),
        published=parse_date(next((record[name] for name in _DATE_FIELDS if record.get(name)), None)),
        url=next(filter(None, (_str(record.get(name)) for name in _URL_FIELDS)), None),
        source_id=None if given_id is None else str(given_id),
        outlet_origin="metadata",
        stem=record_name(where),
        stem_origin="record" if _RECORD_PLACE_RE.search(where) else "filename",
    )


# Where a record sits in a file of many: ":12" (a JSONL line), "[3]" (an item of a JSON list).
_RECORD_PLACE_RE = re.compile(r"(?::\d+|\[\d+\])$")


def record_name(where: str) -> str:
    """What names a record of unknown outlet: its file's name and its place in the file ("news:12" for
    line 12 of news.jsonl.gz, "export[3]"), or the file's name when the file is the one record. The
    records of a dump come from many outlets: named after the file, they would all be one, the one
    outlet that cannot disagree with itself and whose every claim is its own."""
    place = _RECORD_PLACE_RE.search(where)
    file = where[: place.start()] if place else where
    return _file_stem(Path(file)) + (place.group() if place else "")


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _name(value: object) -> str | None:
    """An outlet given as a name, or as an object with one (``{"id": "bbc-news", "name": "BBC News"}``)."""
    return _str(value.get("name")) if isinstance(value, dict) else _str(value)


def article_from_text(
    raw: str,
    *,
    source: str,
    outlet: str | None = None,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
    source_id: str | None = None,
    stem: str | None = None,
    outlet_origin: str = "mapping",
    stem_origin: str = "filename",
) -> Article:
    """Clean ``raw`` and build its ``Article``, filling metadata from what cleaning found.

    Precedence: explicit values (metadata or the ``--outlet`` mapping), then the
    URL, then what the text gives away (date line, "ALSO ON site"), then ``stem`` (by default
    the file name; ``stem_origin`` says which it is).
    """
    cleaned = clean(raw, title=title)
    if not cleaned.text.strip():
        raise MalformedInputError(source, "no article text left after removing site furniture")
    if len(cleaned.text.split()) < MIN_ARTICLE_WORDS:
        count = len(cleaned.text.split())
        raise MalformedInputError(source, f"too little article text ({count} words) after removing site furniture")
    url = url or cleaned.page_url
    outlet_name, outlet_source = _choose_outlet(outlet, outlet_origin, url, cleaned.site, stem, stem_origin, source)
    published, date_source = _choose_date(published, cleaned.dateline, url, cleaned.text)
    return Article(
        language=detect_language(cleaned.text) if _DETECT_LANGUAGE.get() else None,
        id=content_id(cleaned.text),
        outlet=outlet_name,
        title=cleaned.title,
        published=published,
        text=cleaned.text,
        url=url,
        source=source,
        source_id=source_id,
        date_source=date_source,
        outlet_source=outlet_source,
        removed=cleaned.removed,
    )


# False while ``languages_later`` holds: articles are made without their language, which the
# caller detects later (the store's ingest does it in its second round, where the workers have
# time to spare, instead of in the reading round, where they have none).
_DETECT_LANGUAGE: contextvars.ContextVar[bool] = contextvars.ContextVar("storyweave_detect_language", default=True)


@contextmanager
def languages_later() -> Iterator[None]:
    """Within this block, articles are read with ``language`` None (see ``_DETECT_LANGUAGE``)."""
    token = _DETECT_LANGUAGE.set(False)
    try:
        yield
    finally:
        _DETECT_LANGUAGE.reset(token)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in (py3langid), or None if it has no letters."""
    sample = text[:LANGUAGE_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return None
    import py3langid

    return str(py3langid.classify(sample)[0])


def _choose_outlet(
    given: str | None, origin: str, url: str | None, site: str | None, stem: str | None, stem_origin: str,
    source: str,
) -> tuple[str, str]:
    if given:
        return given, origin
    from_url = site_of(url) if url else None
    if from_url:
        return from_url, "url"
    if site:
        return site, "text"
    return (stem, stem_origin) if stem else (_file_stem(Path(source.split(":")[0])), "filename")


def _file_stem(path: Path) -> str:
    """The name of a file without its kind, or kinds ("news" for news.jsonl.gz)."""
    return (path.with_suffix("") if path.suffix.lower() == ".gz" else path).stem


def _choose_date(
    given: date | None, dateline: date | None, url: str | None, text: str
) -> tuple[date | None, DateSource | None]:
    """Metadata, else the date line, else the URL's date, else a publication date the text states
    in its opening (``rules.stated_date``: "Published: July 29, 2004", as a page flattened into one
    paragraph leaves it). A URL may carry a later date than the article's own (a piece republished
    or moved to an archive path years later: ".../2012/05/31/..." for that obituary), so an earlier
    stated date comes before the URL's."""
    if given:
        return given, "metadata"
    if dateline:
        return dateline, "dateline"
    stated = rules.stated_date(text)
    from_url = date_from_url(url) if url else None
    if from_url and (stated is None or stated >= from_url):
        return from_url, "url"
    return (stated, "dateline") if stated is not None else (None, None)


def mapped_outlet(path: Path, outlets: Mapping[str, str] | None) -> str | None:
    """The outlet the user named for this file (by path, file name or stem)."""
    if not outlets:
        return None
    for key in (str(path), path.name, path.stem, str(path.resolve())):
        if key in outlets:
            return outlets[key]
    return None
