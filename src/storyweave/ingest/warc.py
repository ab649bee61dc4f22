"""WARC and WARC.gz archives (warcio): HTML responses become articles through trafilatura.

Each article keeps the record's target URL; when the page's metadata gives no
publication date, the record's WARC-Date (when it was crawled) stands in, marked
``date_source = "crawl"``. Requests, metadata and non-HTML responses are passed
over (non-HTML responses and error statuses are listed as skipped). A damaged
archive keeps the records read before the damage.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyweave.errors import InputError, MalformedInputError, UnreadableInputError
from storyweave.ingest.decode import decode_bytes
from storyweave.ingest.meta import parse_date
from storyweave.model import Skipped

if TYPE_CHECKING:
    from storyweave.ingest import Loaded

__all__ = ["read_warc", "record_offsets"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, *, outlet: str | None = None, start: int = 0, first: int = 1,
              count: int | None = None) -> Loaded:
    """The articles of the HTML responses in one WARC file (plain or gzipped); or of ``count``
    records from byte ``start`` (where record number ``first`` begins: ``record_offsets``)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from storyweave.ingest import Loaded

    source = str(path)
    loaded = Loaded()
    records = 0
    try:
        with path.open("rb") as stream:
            stream.seek(start)
            for number, record in enumerate(ArchiveIterator(stream), start=first):
                if not str(record.format).startswith("warc"):  # warcio falls back to ARC on anything else
                    raise ArchiveLoadFailed(f"record {number} is not a WARC record")
                records += 1
                _read_record(record, f"{source}#record{number}", outlet, loaded)
                if count is not None and records == count:
                    break
    except OSError as exc:
        if records == 0 and isinstance(exc, FileNotFoundError | PermissionError):
            raise UnreadableInputError(source, f"cannot read: {exc.strerror or exc}") from exc
        _damaged(source, records, f"cannot read: {exc}", loaded)
    except (ArchiveLoadFailed, ValueError, EOFError) as exc:
        _damaged(source, records, f"not a readable WARC archive ({_first_line(exc)})", loaded)
    except Exception as exc:  # warcio fails in assorted ways on damaged records (e.g. AttributeError)
        _damaged(source, records, f"not a readable WARC archive (damaged record: {type(exc).__name__})", loaded)
    if records == 0:
        raise MalformedInputError(source, "not a readable WARC archive: no WARC records in it")
    return loaded


def record_offsets(path: Path, skipped: list[Skipped]) -> Iterator[int]:
    """The byte offset of each WARC record of ``path``, found by going over the records without
    reading their pages (so that workers can read runs of them: ``read_warc(start=...)``). A
    file that is no WARC archive raises ``InputError``; damage midway ends the offsets there and
    is added to ``skipped``."""
    from warcio.archiveiterator import ArchiveIterator

    source = str(path)
    records = 0
    try:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                if not str(record.format).startswith("warc"):
                    raise ValueError(f"record {records + 1} is not a WARC record")
                offset = iterator.get_record_offset()  # goes over the record's content
                records += 1
                yield offset
    except FileNotFoundError as exc:
        raise UnreadableInputError(source, f"cannot read: {exc.strerror or exc}") from exc
    except Exception as exc:  # warcio fails in assorted ways on damaged archives
        reason = f"not a readable WARC archive ({_first_line(exc)})"
        if records == 0:
            raise MalformedInputError(source, reason) from exc
        skipped.append(Skipped(source, f"{reason}; kept the {records} record(s) before the damage"))
        return
    if records == 0:
        raise MalformedInputError(source, "not a readable WARC archive: no WARC records in it")


def _damaged(source: str, records: int, reason: str, loaded: Loaded) -> None:
    if records == 0:
        raise MalformedInputError(source, reason)
    loaded.skipped.append(Skipped(source, f"{reason}; kept the {records} record(s) before the damage"))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _read_record(record: Any, where: str, outlet: str | None, loaded: Loaded) -> None:
    if record.rec_type not in ("response", "resource"):
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    crawled = parse_date(record.rec_headers.get_header("WARC-Date"))
    label = f"{where} ({url})" if url else where
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            loaded.skipped.append(Skipped(label, f"HTTP status {status}, not a page"))
            return
        kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    else:
        kind = (record.rec_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind and kind not in _HTML_TYPES:
        loaded.skipped.append(Skipped(label, f"not an HTML page ({kind})"))
        return
    try:
        loaded.articles.append(_article(record.content_stream().read(), label, url, crawled, outlet))
    except InputError as exc:
        log.warning("%s", exc)
        loaded.skipped.append(Skipped(exc.source, exc.reason))


def _article(data: bytes, label: str, url: str | None, crawled: date | None, outlet: str | None) -> Any:
    from storyweave.ingest.html import article_from_html
    from storyweave.ingest.meta import site_of

    html = decode_bytes(data, label)
    site = site_of(url) if url else None
    return article_from_html(
        html, source=label, outlet=outlet or site, url=url, fallback_date=crawled, fallback_date_source="crawl",
        outlet_origin="mapping" if outlet else "url" if site else None,
    )
