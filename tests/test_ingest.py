"""Ingest: formats, metadata, encodings and bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyweave.errors import BinaryInputError, DecodeError, EmptyInputError
from storyweave.ingest import load
from storyweave.ingest.decode import decode_bytes
from storyweave.ingest.meta import date_from_url, site_of

PROSE = (
    "The harbour authority closed the northern pier on Monday after divers found cracks in its "
    "foundations. Repairs are expected to take until the end of the summer, a spokesman said."
)
RUSSIAN = (
    "Власти города закрыли северный причал в понедельник после того, как водолазы обнаружили "
    "трещины в его основании. Ремонт продлится до конца лета, сообщил представитель администрации."
)


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_folder_of_example_gives_five_articles_with_metadata(example_dir: Path) -> None:
    loaded = load([example_dir])
    assert loaded.skipped == []
    by_outlet = {a.outlet: a for a in loaded.articles}
    assert set(by_outlet) == {
        "kolvik-courier", "nordwire", "vessnaradio.example", "balticobserver.example", "The Harbour Times",
    }
    assert by_outlet["kolvik-courier"].published == date(2026, 3, 10)
    assert by_outlet["kolvik-courier"].date_source == "dateline"
    assert by_outlet["vessnaradio.example"].published == date(2026, 3, 10)
    assert by_outlet["vessnaradio.example"].date_source == "url"
    assert by_outlet["The Harbour Times"].published == date(2026, 3, 10)
    assert by_outlet["The Harbour Times"].title == "Kolvik miners rescued after four days underground"
    assert by_outlet["nordwire"].published is None
    assert by_outlet["balticobserver.example"].outlet_source == "text"


def test_html_page_keeps_article_and_drops_page_furniture(example_dir: Path) -> None:
    (article,) = load([example_dir / "harbour-times.html"]).articles
    assert article.text.startswith("Twelve miners trapped in a flooded copper mine")
    assert article.url == "https://www.harbourtimes.example/world/2026/kolvik-miners-rescued"
    for furniture in ("cookie", "Accept all", "Home", "Share this", "Floods hit", "©", "Photo: Reuters"):
        assert furniture not in article.text


def test_ids_are_content_hashes_and_stable(example_dir: Path) -> None:
    first = [a.id for a in load([example_dir]).articles]
    second = [a.id for a in load([example_dir]).articles]
    assert first == second and len(set(first)) == len(first)
    assert all(len(i) == 16 for i in first)


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "outlet": "Daily Post", "title": "Pier closed", "date": "2024-02-03", "text": PROSE}),
        "{not json",
        json.dumps({"id": "a2", "url": "https://www.example-news.co.uk/2024/02/04/pier", "text": PROSE + " More."}),
        json.dumps({"id": "a3"}),
        json.dumps(["a list"]),
        json.dumps({"id": "a4", "text": 12}),
        json.dumps({"id": "a5", "body": {"html": PROSE}}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    loaded = load([path])
    assert [a.source_id for a in loaded.articles] == ["a1", "a2"]
    first, second = loaded.articles
    assert (first.outlet, first.title, first.published) == ("Daily Post", "Pier closed", date(2024, 2, 3))
    assert (second.outlet, second.published, second.date_source) == ("example-news.co.uk", date(2024, 2, 4), "url")
    reasons = {s.source: s.reason for s in loaded.skipped}
    assert set(reasons) == {f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6", f"{path}:7"}
    assert "invalid JSON" in reasons[f"{path}:2"]
    assert reasons[f"{path}:4"] == "no 'text' field with the article's text"
    assert reasons[f"{path}:6"] == "the 'text' field holds a number, not the article's text"
    assert reasons[f"{path}:7"] == "the 'body' field holds an object, not the article's text"


def test_json_documents_of_articles(tmp_path: Path) -> None:
    """A .json file: a list of records, an export that holds one (NewsAPI's shape), or one record."""
    newsapi = {"status": "ok", "totalResults": 2, "articles": [
        {"source": {"id": "daily-post", "name": "Daily Post"}, "title": "Pier closed",
         "publishedAt": "2024-02-03T08:00:00Z", "link": "https://dailypost.example/pier", "content": PROSE},
        {"source": {"id": None, "name": "Bay News"}, "title": "Short", "content": "A teaser only."},
    ]}
    exported = write(tmp_path / "export.json", json.dumps(newsapi))
    listed = write(tmp_path / "list.json", json.dumps([{"text": PROSE + " Listed."}, "not a record"]))
    single = write(tmp_path / "one.json", json.dumps({"title": "Pier", "text": PROSE + " One."}))
    broken = write(tmp_path / "broken.json", '{"articles": [')
    nothing = write(tmp_path / "nothing.json", json.dumps({"status": "ok", "count": 0}))
    assert load([tmp_path]).articles == []  # found in a folder, JSON is not taken for articles
    loaded = load([tmp_path / "*.json"])
    by_source = {a.source: a for a in loaded.articles}
    assert set(by_source) == {f"{exported}[0]", f"{listed}[0]", str(single)}
    first = by_source[f"{exported}[0]"]
    assert (first.outlet, first.published, first.url) == ("Daily Post", date(2024, 2, 3), "https://dailypost.example/pier")
    reasons = {s.source: s.reason for s in loaded.skipped}
    assert set(reasons) == {f"{exported}[1]", f"{listed}[1]", str(broken), str(nothing)}
    assert "too little article text" in reasons[f"{exported}[1]"]
    assert reasons[f"{listed}[1]"] == "an article must be a JSON object with a 'text' field"
    assert "invalid JSON" in reasons[str(broken)] and "no articles in this JSON" in reasons[str(nothing)]


def test_a_record_without_outlet_or_url_is_its_own_source_named_after_its_line(tmp_path: Path) -> None:
    """A dump's records come from many outlets: named after the file, they would be one outlet,
    which cannot disagree with itself."""
    import gzip

    path = tmp_path / "harbour.jsonl.gz"
    other = PROSE.replace("pier", "quay")
    named_text = PROSE.replace("Monday", "Tuesday")
    lines = [json.dumps({"text": PROSE}), "", json.dumps({"text": other}),
             json.dumps({"text": named_text, "outlet": "Kessa Post"})]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    first, second, named = load([path]).articles
    assert (first.outlet, first.outlet_source) == ("harbour:1", "record")
    assert (second.outlet, second.outlet_source) == ("harbour:3", "record")
    assert (named.outlet, named.outlet_source) == ("Kessa Post", "metadata")
    exported = write(tmp_path / "export.json", json.dumps([{"text": PROSE}, {"text": other}]))
    assert [a.outlet for a in load([exported]).articles] == ["export[0]", "export[1]"]
    single = write(tmp_path / "single.json", json.dumps({"text": PROSE}))
    (article,) = load([single]).articles
    assert (article.outlet, article.outlet_source) == ("single", "filename")


def test_outlet_mapping_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", PROSE)
    (article,) = load([path], outlets={"a.txt": "The Mapped Gazette"}).articles
    assert article.outlet == "The Mapped Gazette"
    (article,) = load([path]).articles
    assert (article.outlet, article.outlet_source) == ("a", "filename")


def test_glob_and_missing_paths(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", PROSE)
    write(tmp_path / "two.txt", PROSE + " And one more sentence about the pier.")
    loaded = load([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "*.none")])
    assert len(loaded.articles) == 2
    assert {s.reason for s in loaded.skipped} == {"no such file or directory", "no file matches this pattern"}


def test_identical_text_is_read_once(tmp_path: Path) -> None:
    loaded = load([write(tmp_path / "a.txt", PROSE), write(tmp_path / "b.txt", PROSE)])
    assert len(loaded.articles) == 1


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyInputError, "empty file"),
        (b"   \n\n ", EmptyInputError, "empty file"),
        (b"%PDF-1.7 binary", BinaryInputError, "PDF"),
        (bytes(range(256)) * 8, BinaryInputError, "binary"),
        (b"\xff\xfe" + b"\x00\xd8" * 4, DecodeError, "utf-16"),
    ],
)
def test_bad_bytes_raise_clear_errors(data: bytes, error: type[Exception], reason: str) -> None:
    with pytest.raises(error) as info:
        decode_bytes(data, "some/file.txt")
    assert "some/file.txt" in str(info.value) and reason in str(info.value)


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-8-sig", "koi8-r", "utf-16-le"])
def test_legacy_and_unicode_encodings_are_decoded(encoding: str) -> None:
    assert decode_bytes(RUSSIAN.encode(encoding), "x.txt") == RUSSIAN


def test_latin1_is_decoded() -> None:
    text = "Le café de la gare a rouvert ses portes après trois ans de travaux, a annoncé la mairie."
    assert decode_bytes(text.encode("cp1252"), "x.txt") == text


def test_bad_files_are_skipped_and_the_rest_go_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", PROSE)
    empty = write(tmp_path / "empty.txt", b"")
    binary = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200))
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "missing-target.txt")
    furniture_only = write(tmp_path / "nav.txt", "Home » World\n\nShare this article\n")
    loaded = load([good, empty, binary, dangling, furniture_only])
    assert [a.source for a in loaded.articles] == [str(good)]
    reasons = {Path(s.source).name: s.reason for s in loaded.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "PNG" in reasons["image.txt"]
    assert reasons["gone.txt"].startswith("cannot read")
    assert "no article text" in reasons["nav.txt"]


def test_malformed_html_is_skipped(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", "<html><body><nav>Home</nav></body></html>")
    loaded = load([page])
    assert loaded.articles == [] and "article text" in loaded.skipped[0].reason


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.kessapost.example/2025/04/24/x", "kessapost.example"),
        ("http://news.bbc.co.uk/a", "bbc.co.uk"),
        ("www.rt.com/news/1", "rt.com"),
        ("http://www.bbc.co.uk./news", "bbc.co.uk"),  # a fully qualified name's final dot
        ("www.dxomark.com.", "dxomark.com"),
        ("not a url", None),
        ("http://harbourwatch.blogspot.nl/2025/02/x.html", "harbourwatch.blogspot.nl"),  # one outlet per blog
        ("https://kessadiary.blogspot.co.uk/x", "kessadiary.blogspot.co.uk"),
        ("https://www.blogspot.com/x", "blogspot.com"),
        ("https://someone.substack.com/p/x", "someone.substack.com"),
        ("http://192.168.0.7:8080/news/1", "192.168.0.7"),
        ("http://[2001:db8::1]/news/1", "2001:db8::1"),
    ],
)
def test_site_of(url: str, site: str | None) -> None:
    assert site_of(url) == site


def test_date_from_url() -> None:
    assert date_from_url("https://x.example/2019/04/24/story") == date(2019, 4, 24)
    assert date_from_url("https://x.example/2019/13/45/story") is None
    assert date_from_url("https://x.example/story-2019") is None


@pytest.mark.parametrize(
    ("opening", "expected", "source"),
    [
        # A piece moved to a later archive path states its own date: that one counts.
        ("Founder dies at 91 Published: July 29, 2004 Arvo Lind, who opened", date(2004, 7, 29), "dateline"),
        ("Founder dies at 91 Posted Thu., July 29, 2004 Arvo Lind, who opened", date(2004, 7, 29), "dateline"),
        # An update stamp is not the publication date; a stated date after the URL's is not trusted.
        ("Founder dies at 91 Updated: July 29, 2004 Arvo Lind, who opened", date(2012, 5, 31), "url"),
        ("Founder dies at 91 Published: July 29, 2014 Arvo Lind, who opened", date(2012, 5, 31), "url"),
        ("Founder dies at 91. Arvo Lind, who opened the mine, died on July 29, 2004", date(2012, 5, 31), "url"),
    ],
)
def test_a_publication_date_stated_in_the_opening_corrects_a_later_url_date(
    opening: str, expected: date, source: str
) -> None:
    from storyweave.ingest import article_from_text

    text = f"Kolvik {opening} the Vessna copper mine in 1961, died on Wednesday at his home, his family said."
    article = article_from_text(text * 2, source="t.txt", url="https://news.example/obits/2012/05/31/arvo-lind-dies")
    assert (article.published, article.date_source) == (expected, source)


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        # No metadata, date line or URL date: the stated publication date is the article's date.
        ("Ferry service resumes Published: 09 Sep 2013 14:05 GMT+02:00 Updated: 10 Sep 2013", date(2013, 9, 9)),
        ("Ferry service resumes Posted 11/27/2005 9:48 AM The ferry", date(2005, 11, 27)),
        # An update stamp, or a date in the prose, is not one.
        ("Ferry service resumes Updated: 10 Sep 2013 11:25 The ferry", None),
        ("Ferry service resumes after the storm of September 9, 2013 The ferry", None),
    ],
)
def test_a_stated_publication_date_dates_an_article_without_other_dates(opening: str, expected: date | None) -> None:
    from storyweave.ingest import article_from_text

    text = f"{opening} between Kolvik and Vessna sailed again on Tuesday, the operator said."
    article = article_from_text(text * 2, source="t.txt")
    assert article.published == expected
    assert article.date_source == ("dateline" if expected else None)


def test_a_link_in_the_prose_gives_the_article_neither_its_outlet_nor_its_date() -> None:
    from storyweave.ingest import article_from_text

    text = ("The Kolvik museum reopened its west wing on Saturday after a renovation of two years, and "
            "the curator thanked the donors who paid for it. The plans are at "
            "https://archive.kolvik-council.example/2019/03/04/west-wing-plans. Tickets cost ten euros.")
    article = article_from_text(text, source="/news/harbour-times.txt")
    assert article.url is None
    assert (article.outlet, article.outlet_source) == ("harbour-times", "filename")
    assert (article.published, article.date_source) == (None, None)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"DATE_TIME": " 02/03/2025 08:12:00 ", "DOCNO": "APW20250203.0042"}, "2025-02-03"),
    ({"DATE_TIME": " 2025-02-04 11:23 ", "DOCNO": "NYT20250203.0101"}, "2025-02-04"),  # the NYT service's
    ({"DATE": " 20250205 "}, "2025-02-05"),
    ({"DOCNO": " NYT20250206.0007 "}, "2025-02-06"),  # no date element: the number's
    ({"DOCNO": "AFP_ENG_20250207.0001"}, "2025-02-07"),  # Gigaword's numbers
    ({"DOCNO": "APW20251399.0001"}, None),  # no such day
    ({"DOCNO": "FT911-1234"}, None),
])
def test_newswire_dates(fields: dict[str, str], expected: str | None) -> None:
    from storyweave.ingest.sgml import sgml_date

    assert sgml_date(fields) == expected


def test_a_page_that_is_only_a_web_archives_note_is_skipped(tmp_path: Path) -> None:
    """A page read from a web archive can hold nothing but the archive's note on its crawl."""
    note = ("Pages like this one are gathered by crawls of news sites and kept in the Internet Archive, "
            "so that a link to them still works after the site has changed or gone.")
    path = write(tmp_path / "dump.jsonl", "\n".join(json.dumps({"text": t}) for t in (note, PROSE)))
    loaded = load([path])
    assert [a.source for a in loaded.articles] == [f"{path}:2"]
    assert [(s.source, s.reason) for s in loaded.skipped] == [
        (f"{path}:1", "no article text left after removing site furniture")]
