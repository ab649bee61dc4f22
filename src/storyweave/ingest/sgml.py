"""Newswire in TREC/DUC SGML: ``<DOC>`` elements, each with its ``DOCNO``, a date
(``DATE_TIME`` or ``DATE``), maybe a ``HEADLINE``, and its ``TEXT`` (paragraphs in ``<P>``
tags, or indented with tabs). One file may hold one document (DUC's layout) or many (TREC,
TDT, Gigaword). Such files often have no suffix, or a number for one (``APW19981017.0151``):
``looks_like_sgml`` tells them by their opening.
"""

from __future__ import annotations

import html
import re
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from storyweave.errors import MalformedInputError
from storyweave.ingest.meta import parse_date
from storyweave.model import Article

if TYPE_CHECKING:
    from storyweave.ingest import Loaded


_DOC_RE = re.compile(r"<DOC(?:\s[^>]*)?>(?P<body>.*?)</DOC>", re.S | re.I)
_TAG_RE = re.compile(r"<(?P<tag>DOCNO|DATE_TIME|DATE|HEADLINE|TEXT)>(?P<body>.*?)</(?P=tag)>", re.S | re.I)
_P_RE = re.compile(r"<P>(.*?)</P>", re.S | re.I)
_MARKUP_RE = re.compile(r"<[^>]+>")
# Typesetting codes of LDC's newswire (``&UR;``, ``&LR;``, ``&QL;``, ``&QC;``, ``&HT;``,
# ``&Cx1f;``): not HTML entities, so left after those are read. A line that opens with ``&UR;``
# is a desk line ("&UR; MORE", "&UR; (pfg-cb)", "&UR; Stepinac was, 5th graf, pvs.").
_CODE_RE = re.compile(r"&[A-Z][A-Za-z0-9]{1,4};")
_DESK_LINE_RE = re.compile(r"^[ \t]*&UR;.*$\n?", re.M)
# A wire service's code opens its document numbers: APW19981017.0151, NYT19990101.0001, XIE...
_AGENCY_RE = re.compile(r"[A-Z]{2,4}(?=[_\d])")
_DOCNO_DATE_RE = re.compile(r"^\s*[A-Z]{2,4}(?:_[A-Z]{2,4})?_?((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")


def looks_like_sgml(opening: str) -> bool:
    """Whether text that opens with ``opening`` is TREC/DUC SGML (its first element a ``<DOC>``)."""
    return re.match(r"\s*<DOC[\s>]", opening, re.I) is not None


def sgml_fields(document: str) -> dict[str, str]:
    """The first ``DOCNO``, ``DATE_TIME``, ``DATE``, ``HEADLINE`` and ``TEXT`` of one ``<DOC>``."""
    fields: dict[str, str] = {}
    for match in _TAG_RE.finditer(document):
        fields.setdefault(match["tag"].upper(), match["body"])
    return fields


def sgml_text(body: str) -> str:
    """Paragraphs of a TEXT element: ``<P>`` blocks, else tab-indented paragraphs; `` '' become quotes."""
    body = _DESK_LINE_RE.sub("", body)
    paragraphs = _P_RE.findall(body) or re.split(r"\n(?=[ \t]*\t)|\n\s*\n", body)
    cleaned = []
    for paragraph in paragraphs:
        text = plain(paragraph)
        if text:
            cleaned.append(text)
    return "\n\n".join(cleaned)


def plain(markup: str) -> str:
    """Text of an SGML fragment on one line: tags dropped, entities read, `` and '' as quotes."""
    text = _CODE_RE.sub(" ", html.unescape(_MARKUP_RE.sub(" ", markup))).replace("``", '"').replace("''", '"')
    return " ".join(text.split())


def sgml_date(fields: dict[str, str]) -> str | None:
    """The document's date as ISO: ``DATE_TIME`` or ``DATE`` as 10/17/1998, 1998-10-17 (the New
    York Times service's) or 19981017, else the date in its number (``NYT19981017.0151``,
    ``AFP_ENG_20050101.0001``), which LDC gives as the day of the wire."""
    value = (fields.get("DATE_TIME") or fields.get("DATE") or "").strip()
    if match := re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", value):
        year, month, day = match[3], match[1], match[2]
    elif match := re.match(r"(\d{4})-?(\d{2})-?(\d{2})(?!\d)", value) or _DOCNO_DATE_RE.search(
            fields.get("DOCNO", "")):
        year, month, day = match[1], match[2], match[3]
    else:
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def read_sgml(text: str, source: str, *, outlet: str | None) -> Loaded:
    """The articles of the ``<DOC>`` elements of ``text``, each named ``FILE#DOCNO``, with its date,
    headline and, unless given, the wire service its number opens with as its outlet. A document
    without usable text is skipped with its reason; a file without any ``<DOC>`` is an error."""
    from storyweave.ingest import Loaded  # (which imports this module)

    documents = [match["body"] for match in _DOC_RE.finditer(text)]
    if not documents:
        raise MalformedInputError(source, "no <DOC> element with its </DOC>")
    loaded = Loaded()
    for number, document in enumerate(documents, start=1):
        loaded.add(partial(_article, sgml_fields(document), source, number, outlet))
    return loaded


def _article(fields: dict[str, str], source: str, number: int, outlet: str | None) -> Article:
    """The article of the ``number``-th ``<DOC>`` of ``source``."""
    from storyweave.ingest import article_from_text

    docno = fields.get("DOCNO", "").strip()
    where = f"{source}#{docno or number}"
    if "TEXT" not in fields:
        raise MalformedInputError(where, "no <TEXT> element")
    agency = _AGENCY_RE.match(docno)
    day = sgml_date(fields)
    return article_from_text(
        sgml_text(fields["TEXT"]), source=where, outlet=outlet or (agency.group(0) if agency else None),
        title=plain(fields["HEADLINE"]) or None if "HEADLINE" in fields else None,
        published=parse_date(day) if day else None, source_id=docno or None, stem=Path(source).stem,
        outlet_origin="metadata",
    )
