"""Each input format storyweave ingests, with fixtures written here; malformed files give clear errors."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from newsdata import FERRY_A, FERRY_B, make_warc, page

from storyweave.errors import MalformedInputError
from storyweave.ingest import load, read_file

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Island News</title>
  <link>https://islandnews.example/</link>
  <description>News from the islands</description>
  <item>
    <title>{t0}</title>
    <link>https://islandnews.example/2025/02/03/selka</link>
    <guid>selka-1</guid>
    <pubDate>Mon, 03 Feb 2025 09:15:00 +0000</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>{p0}</p><p>{p1}</p>]]></content:encoded>
  </item>
  <item>
    <title>{t1}</title>
    <link>https://islandnews.example/2025/06/18/moira</link>
    <pubDate>Wed, 18 Jun 2025 20:00:00 +0000</pubDate>
    <description><![CDATA[{d1}]]></description>
  </item>
  <item>
    <title>Weather</title>
    <link>https://islandnews.example/weather</link>
    <description>Sunny.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Nordwire</title>
  <id>urn:nordwire</id>
  <updated>2025-02-04T10:00:00Z</updated>
  <entry>
    <title>{title}</title>
    <id>urn:nordwire:selka</id>
    <updated>2025-02-04T10:00:00Z</updated>
    <content type="html">{body}</content>
  </entry>
</feed>
"""


def _halves(text: str) -> tuple[str, str]:
    cut = text.index(". ", len(text) // 2) + 1
    return text[:cut], text[cut + 1 :]


def test_rss_entries_become_articles_with_link_date_and_site(tmp_path: Path) -> None:
    p0, p1 = _halves(FERRY_A[0][3])
    path = tmp_path / "island.rss"
    path.write_text(RSS.format(t0=FERRY_A[0][2], p0=p0, p1=p1, t1=FERRY_B[1][2], d1=FERRY_B[1][3]), encoding="utf-8")
    loaded = read_file(path)
    assert [a.title for a in loaded.articles] == [FERRY_A[0][2], FERRY_B[1][2]]
    first, second = loaded.articles
    assert first.url == "https://islandnews.example/2025/02/03/selka"
    assert first.outlet == "islandnews.example" and first.outlet_source == "url"
    assert first.published == date(2025, 2, 3) and first.date_source == "metadata"
    assert first.source_id == "selka-1" and first.language == "en"
    assert "Short teaser" not in first.text and p1.split()[0] in first.text  # content, not the teaser
    assert "\n\n" in first.text  # paragraphs kept
    assert second.published == date(2025, 6, 18) and "Kallby" in second.text  # the summary when no content
    assert len(loaded.skipped) == 1 and "too little article text" in loaded.skipped[0].reason
    assert loaded.skipped[0].source.endswith("island.rss#entry3")


def test_atom_entry_without_link_takes_the_feed_title_as_outlet(tmp_path: Path) -> None:
    from html import escape

    path = tmp_path / "wire.atom"
    body = escape("<p>" + FERRY_A[2][3] + "</p>")
    path.write_text(ATOM.format(title=FERRY_A[2][2], body=body), encoding="utf-8")
    (article,) = read_file(path).articles
    assert article.outlet == "Nordwire" and article.outlet_source == "metadata"
    assert article.published == date(2025, 2, 4) and article.text.startswith("Accident investigators")


def test_a_feed_saved_as_txt_is_still_read_as_a_feed(tmp_path: Path) -> None:
    p0, p1 = _halves(FERRY_A[0][3])
    path = tmp_path / "saved.txt"
    path.write_text(RSS.format(t0="A", p0=p0, p1=p1, t1="B", d1=FERRY_B[1][3]), encoding="utf-8")
    assert len(read_file(path).articles) == 2


def test_warc_html_responses_keep_url_and_date_and_skip_the_rest(tmp_path: Path) -> None:
    with_date = page(FERRY_A[1][2], FERRY_A[1][3], day="2025-02-03").encode()
    without_date = page(FERRY_B[0][2], FERRY_B[0][3]).encode()
    for gz in (False, True):
        path = make_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), [
            ("https://baltictimes.example/selka", "text/html; charset=utf-8", with_date, "200 OK"),
            ("https://harbourpost.example/moira", "text/html", without_date, "200 OK"),
            ("https://harbourpost.example/logo.png", "image/png", b"\x89PNG....", "200 OK"),
            ("https://harbourpost.example/gone", "text/html", b"<html>Not found</html>", "404 Not Found"),
        ], gzip=gz)
        loaded = read_file(path)
        first, second = loaded.articles
        assert first.url == "https://baltictimes.example/selka"
        assert first.outlet == "baltictimes.example" and first.outlet_source == "url"  # the URL's site first
        assert first.published == date(2025, 2, 3) and first.date_source == "metadata"
        assert second.url == "https://harbourpost.example/moira"
        assert second.published == date(2025, 2, 5) and second.date_source == "crawl"  # the WARC-Date
        assert "Subscribe" not in second.text and "Home" not in second.text
        reasons = sorted(s.reason for s in loaded.skipped)
        assert reasons == ["HTTP status 404, not a page", "not an HTML page (image/png)"]


def test_html_page_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(FERRY_B[1][2], FERRY_B[1][3], day="2025-06-18", site="Island News"), encoding="utf-8")
    (article,) = read_file(path).articles
    assert article.title == FERRY_B[1][2] and article.outlet == "Island News"
    assert article.published == date(2025, 6, 18) and article.language == "en"


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    rows = [{"id": n, "text": t[3], "title": t[2], "date": t[1], "outlet": t[0]} for n, t in enumerate(FERRY_A)]
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    loaded = load([tmp_path])
    assert [a.source_id for a in loaded.articles] == ["0", "1", "2"]
    assert loaded.articles[0].source == f"{path}:1"


def test_language_is_detected() -> None:
    from storyweave.ingest import detect_language

    assert detect_language("Паром сел на мель у острова, все пассажиры спасены, сообщила береговая охрана.") == "ru"
    assert detect_language("1234 5678") is None


def test_the_store_detects_each_articles_language_after_reading(tmp_path: Path) -> None:
    from storyweave.ingest import languages_later
    from storyweave.store import Store
    from storyweave.store.ingest import ingest

    russian = ("Паром сел на мель у острова Сельке во вторник, все сорок пассажиров спасены, сообщила "
               "береговая охрана. Судно сняли с мели через шесть часов, когда начался прилив.")
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps({"id": str(n), "text": text}) for n, text in
                              enumerate([FERRY_A[0][3], russian])) + "\n", encoding="utf-8")
    with languages_later():  # reading leaves the language to the caller
        assert [a.language for a in load([path]).articles] == [None, None]
    assert [a.language for a in load([path]).articles] == ["en", "ru"]
    ingest([path], db=tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        languages = {row[0] for row in store.db.execute("SELECT language FROM articles")}
    assert languages == {"en", "ru"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.rss", b"<rss><channel><title>x</title><item><title>unclosed", "feed"),
        ("noise.xml", b"<?xml version='1.0'?><catalog><book>1</book></catalog>", "feed"),
        ("junk.warc", b"this is not a warc archive at all\r\n\r\n" * 3, "not a readable WARC archive"),
        ("junk.warc.gz", b"\x1f\x8b\x08\x00garbage", "not a readable WARC archive"),
        ("empty.html", b"<html><body><nav>Home</nav></body></html>", "article text"),
        ("bad.jsonl.gz", b"\x1f\x8bnot really gzip", "not a readable gzip file"),
    ],
)
def test_malformed_files_give_a_clear_error_and_the_rest_goes_on(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(MalformedInputError) as caught:
        read_file(bad)
    assert str(bad) in str(caught.value) and reason in str(caught.value)
    good = tmp_path / "good.txt"
    good.write_text(FERRY_A[0][3], encoding="utf-8")
    loaded = load([tmp_path])
    assert len(loaded.articles) == 1 and loaded.skipped[0].source == str(bad)


def test_a_warc_damaged_midway_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    body = page(FERRY_A[1][2], FERRY_A[1][3], day="2025-02-03").encode()
    path = make_warc(tmp_path / "cut.warc", [("https://baltictimes.example/selka", "text/html", body, "200 OK")])
    path.write_bytes(path.read_bytes() + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\nshort")
    loaded = read_file(path)
    assert len(loaded.articles) == 1
    assert any("kept the 1 record(s)" in s.reason for s in loaded.skipped)


def test_files_read_before_are_skipped_unread_and_a_changed_one_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyweave.store.prepare as prepare_module
    from storyweave.store import Store
    from storyweave.store.ingest import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    p0, p1 = _halves(FERRY_A[0][3])
    (folder / "island.rss").write_text(
        RSS.format(t0=FERRY_A[0][2], p0=p0, p1=p1, t1=FERRY_B[1][2], d1=FERRY_B[1][3]), encoding="utf-8")
    (folder / "page.html").write_text(page(FERRY_A[1][2], FERRY_A[1][3], day="2025-02-03"), encoding="utf-8")
    (folder / "note.txt").write_text(FERRY_B[0][2] + "\n\n" + FERRY_B[0][3], encoding="utf-8")
    db = tmp_path / "s.db"
    first = ingest([folder], db=db, workers=1)
    assert (first.added, first.already_stored) == (4, 0)
    opened: list[str] = []
    original = prepare_module.read_file

    def counting(path: Path, **kwargs: object) -> object:
        opened.append(path.name)
        return original(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(prepare_module, "read_file", counting)
    again = ingest([folder], db=db, workers=1)
    assert opened == [] and (again.read, again.already_stored, again.added) == (4, 4, 0)
    (folder / "note.txt").write_text(FERRY_B[0][2] + "\n\n" + FERRY_B[0][3] + " The harbour reopened.",
                                     encoding="utf-8")
    changed = ingest([folder], db=db, workers=1)
    assert opened == ["note.txt"] and (changed.new_versions, changed.already_stored) == (1, 3)
    with Store(db) as store:
        assert store.check() == []


def test_many_files_with_broken_ones_among_them_are_read_in_groups_by_workers(tmp_path: Path) -> None:
    from storyweave.store.ingest import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    texts = [record[3] for record in (*FERRY_A, *FERRY_B)]
    for n in range(40):  # enough files that the workers get them several at a time
        (folder / f"story-{n:02d}.txt").write_text(f"{texts[n % len(texts)]} Update number {n}.", encoding="utf-8")
    (folder / "story-17-broken.rss").write_bytes(b"<rss><channel><title>x</title><item><title>unclosed")
    (folder / "story-33-junk.warc").write_bytes(b"this is not a warc archive at all\r\n\r\n" * 3)
    db = tmp_path / "s.db"
    report = ingest([folder], db=db, workers=2)
    assert report.added == 40 and report.files == 42
    assert sorted(Path(s.source).name for s in report.skipped) == ["story-17-broken.rss", "story-33-junk.warc"]
    again = ingest([folder], db=db, workers=2)
    assert (again.added, again.already_stored, len(again.skipped)) == (0, 40, 2)


def test_a_big_warc_is_read_in_runs_of_records_by_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyweave.store.prepare as prepare
    from storyweave.store import Store
    from storyweave.store.ingest import ingest

    responses = [(f"https://harbourpost.example/{n}", "text/html", page(title, text, day=day).encode(), "200 OK")
                 for n, (_, day, title, text) in enumerate(FERRY_A + FERRY_B)]
    responses.insert(2, ("https://harbourpost.example/logo.png", "image/png", b"\x89PNG....", "200 OK"))
    for gz in (False, True):
        path = make_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), responses, gzip=gz)
        whole = ingest([path], db=tmp_path / f"whole{gz}.db")
        monkeypatch.setattr(prepare, "WARC_SPLIT_BYTES", 0)
        monkeypatch.setattr(prepare, "RECORDS_PER_PART", 2)
        seen: list[tuple[int, int, int] | None] = []

        def read_part(part: prepare.Part, seen: list[tuple[int, int, int] | None] = seen,
                      read: Callable[[prepare.Part], prepare.PartRead] = prepare.read_part) -> prepare.PartRead:
            seen.append(part.records)
            return read(part)

        monkeypatch.setattr(prepare, "read_part", read_part)
        runs = ingest([path], db=tmp_path / f"runs{gz}.db", workers=1)
        monkeypatch.undo()
        n = len(responses)
        assert [r[1:] for r in seen if r] == [(k + 1, min(2, n - k)) for k in range(0, n, 2)]  # first record, count
        assert (runs.added, runs.stories) == (whole.added, whole.stories) == (len(FERRY_A + FERRY_B), 2)
        assert [s.reason for s in runs.skipped] == [s.reason for s in whole.skipped] == ["not an HTML page (image/png)"]
        assert "#record3 " in runs.skipped[0].source
        with Store(tmp_path / f"runs{gz}.db") as store:
            urls = {r[0] for r in store.db.execute("SELECT url FROM articles")}
        assert urls == {url for url, kind, _, _ in responses if kind == "text/html"}
        again = ingest([path], db=tmp_path / f"runs{gz}.db")
        assert again.added == 0 and again.already_stored == len(FERRY_A + FERRY_B)
        # Read in runs, it is remembered whole: read in runs again, it is skipped unread.
        monkeypatch.setattr(prepare, "WARC_SPLIT_BYTES", 0)
        monkeypatch.setattr(prepare, "read_warc", lambda *a, **k: pytest.fail("a remembered WARC was read again"))
        again = ingest([path], db=tmp_path / f"runs{gz}.db", workers=1)
        monkeypatch.undo()
        assert again.added == 0 and again.already_stored == len(FERRY_A + FERRY_B)


def test_a_big_warc_damaged_midway_keeps_the_records_before_the_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyweave.store.prepare as prepare
    from storyweave.store.ingest import ingest

    monkeypatch.setattr(prepare, "WARC_SPLIT_BYTES", 0)
    monkeypatch.setattr(prepare, "RECORDS_PER_PART", 2)
    responses = [(f"https://harbourpost.example/{n}", "text/html", page(title, text, day=day).encode(), "200 OK")
                 for n, (_, day, title, text) in enumerate(FERRY_A)]
    path = make_warc(tmp_path / "cut.warc", responses)
    path.write_bytes(path.read_bytes() + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\nshort")
    report = ingest([path], db=tmp_path / "s.db", workers=1)
    assert report.added == len(FERRY_A)
    assert [s.source for s in report.skipped] == [str(path)]
    assert f"kept the {len(FERRY_A)} record(s) before the damage" in report.skipped[0].reason
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is no archive at all\n" * 10)
    bad = ingest([junk], db=tmp_path / "t.db", workers=1)
    assert bad.added == 0 and [s.source for s in bad.skipped] == [str(junk)]
    assert "not a readable WARC archive" in bad.skipped[0].reason


_SGML_DOC = """<DOC>
<DOCNO> {docno} </DOCNO>
<DATE_TIME>02/03/2025 08:12:47</DATE_TIME>
<HEADLINE> {headline} </HEADLINE>
<TEXT>
<P>
KALLBY, Norway (AP) _ {lead}
</P>
<P>
{second}
</P>
</TEXT>
</DOC>
"""


_FERRY_SECOND = """The coast guard said the ferry's crew of nine had been taken off by a lifeboat
and that ``no one was hurt,'' a spokesman told reporters &amp; photographers."""


def test_newswire_sgml_files_are_read_whatever_their_names(tmp_path: Path) -> None:
    """TREC/DUC newswire: one file may hold several <DOC>s, and its name may have no suffix or a
    number for one (APW20250203.0042); its documents carry their number, date and headline."""
    from storyweave.store import Store
    from storyweave.store.ingest import ingest

    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "APW20250203.0042").write_text(
        _SGML_DOC.format(docno="APW20250203.0042", headline="Ferry runs aground off Kallby",
                         lead="The passenger ferry Selka ran aground on rocks off Kallby on Monday.",
                         second=_FERRY_SECOND)
        + _SGML_DOC.format(docno="APW20250203.0043", headline="Kallby lighthouse to reopen",
                           lead="The lighthouse at Kallby will reopen to visitors in June, the council said.",
                           second="Its lamp, dark since a storm in 2019, has been rebuilt by volunteers from the town.")
        + "<DOC>\n<DOCNO> APW20250203.0044 </DOCNO>\n</DOC>\n", encoding="latin-1")
    (folder / "more.sgml").write_text(_SGML_DOC.format(
        docno="NYT20250203.0101", headline="Ferry aground", lead="A ferry carrying 112 passengers struck rocks "
        "off the island of Kallby on Monday morning.", second=_FERRY_SECOND), encoding="latin-1")
    (folder / "notes.0042").write_text("not newswire at all", encoding="utf-8")
    report = ingest([folder], db=tmp_path / "s.db")
    assert (report.read, report.added, report.ignored) == (3, 3, {"no suffix": 1})
    assert [(s.source, s.reason) for s in report.skipped] == [
        (f"{folder / 'APW20250203.0042'}#APW20250203.0044", "no <TEXT> element")]
    with Store(tmp_path / "s.db") as store:
        articles = {a.source_id: a for s in store.stories() for a in store.story_articles(s.id)}
        ferry = articles["APW20250203.0042"]
        assert (ferry.outlet, ferry.published, ferry.title) == (
            "APW", date(2025, 2, 3), "Ferry runs aground off Kallby")
        assert '"no one was hurt," a spokesman told reporters & photographers.' in ferry.text
        assert articles["NYT20250203.0101"].outlet == "NYT" and "APW20250203.0043" in articles


def test_newswire_typesetting_codes_and_desk_lines_are_not_text(tmp_path: Path) -> None:
    """LDC newswire keeps its typesetting codes (&UR;, &LR;, &QL;, &QC;): a line opening with &UR;
    is the desk's ("&UR; MORE", "&UR; (lv-im)", an update's "&UR; The ferry, 3rd graf pvs"), and
    a code inside a line is no text; an HTML entity (&AMP;) is read."""
    from storyweave.store import Store
    from storyweave.store.ingest import ingest

    body = (
        "\t &UR; Eds: ADDS rescue of last two crew members\n &UR; AP Photo\n"
        " &UR; By MARTA SOLBERG &QC; \n &UR; Kessa Press Staff Writer &QC; \n"
        "\t   KALLBY &UR;  &LR; _ Rescuers lifted the last two crew members off the grounded\n"
        "ferry Selka early Tuesday, ending a 30-hour operation for Selka Lines &AMP; Co.\n"
        "\t &UR; The ferry, 3rd graf pvs\n"
        "\t   The coast guard said all nine crew were in good health. &QL;\n"
        " &UR; MORE\n &UR; (lv-im)\n"
    )
    (tmp_path / "APW20250204.0007").write_text(
        f"<DOC>\n<DOCNO> APW20250204.0007 </DOCNO>\n<DATE_TIME> 02/04/2025 09:30:00 </DATE_TIME>\n"
        f"<TEXT>\n{body}</TEXT>\n</DOC>\n", encoding="latin-1")
    ingest([tmp_path / "APW20250204.0007"], db=tmp_path / "s.db", workers=1)
    with Store(tmp_path / "s.db") as store:
        [article] = [a for s in store.stories() for a in store.story_articles(s.id)]
    assert article.text == (
        "KALLBY _ Rescuers lifted the last two crew members off the grounded ferry Selka early Tuesday, "
        "ending a 30-hour operation for Selka Lines & Co.\n\nThe coast guard said all nine crew were in good health.")
