"""The store: idempotent ingest, versions, an interrupted ingest, search, cached briefs, migrations."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsdata import FERRY_A, FERRY_B

import storyweave
from storyweave.cluster.dedup import BANDS
from storyweave.errors import StoreBusyError, StoreError, UnknownStoryError
from storyweave.store import Store
from storyweave.store.briefs import story_brief_text
from storyweave.store.ingest import IngestReport, ingest
from storyweave.store.schema import pack_vectors, read_vectors


def _stories(db: Path) -> dict[str, tuple[str, ...]]:
    """Story id -> its articles' source ids, for comparing whole stores."""
    with Store(db) as store:
        return {
            row.id: tuple(sorted(a.source_id or "" for a in store.story_articles(row.id))) for row in store.stories()
        }


def test_ingest_finds_the_stories_and_reingesting_adds_nothing(tmp_path: Path, news_jsonl: Path) -> None:
    db = tmp_path / "s.db"
    first = ingest([news_jsonl], db=db)
    assert (first.read, first.added, first.already_stored) == (6, 6, 0)
    stories = _stories(db)
    assert sorted(stories.values()) == [("g0-0", "g0-1", "g0-2"), ("g1-0", "g1-1"), ("g2-0",)]
    again = ingest([news_jsonl], db=db)
    assert (again.added, again.already_stored, again.new_stories, again.updated_stories) == (0, 6, 0, 0)
    assert _stories(db) == stories
    with Store(db) as store:
        assert store.counts()["versions"] == 6 and store.check() == []
    assert "read 6 articles from 1 file; 0 skipped; 6 already stored" in again.summary()


def test_a_store_made_again_at_the_same_path_is_read_afresh(tmp_path: Path, news_jsonl: Path) -> None:
    db = tmp_path / "s.db"
    assert ingest([news_jsonl], db=db).added == 6
    for leftover in tmp_path.glob("s.db*"):
        leftover.unlink()  # the store is gone; a reader kept open would still see the old file
    again = ingest([news_jsonl], db=db)
    assert (again.added, again.already_stored) == (6, 0)


def test_a_reingest_skips_lines_it_has_read_without_parsing_them(
    tmp_path: Path, news_records: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyweave.ingest as ingest_module

    db, path = tmp_path / "s.db", tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in news_records), encoding="utf-8")
    ingest([path], db=db, workers=1)
    parsed: list[str] = []
    original = ingest_module.article_from_record

    def counting(record: dict[str, object], where: str, **kwargs: object) -> object:
        parsed.append(where)
        return original(record, where, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "article_from_record", counting)
    again = ingest([path], db=db, workers=1)  # in this process, so the counter sees the reading
    assert parsed == [] and (again.read, again.already_stored, again.added) == (6, 6, 0)
    news_records[1]["text"] += " Update: the coast guard said the fog had lifted by noon."
    news_records.append(dict(news_records[0], id="copy"))  # a new line, a text already stored
    path.write_text("".join(json.dumps(r) + "\n" for r in news_records), encoding="utf-8")
    changed = ingest([path], db=db, workers=1)
    assert parsed == [f"{path}:2", f"{path}:7"]  # only the changed line and the new one are read
    assert (changed.new_versions, changed.added, changed.already_stored) == (1, 1, 6)
    parsed.clear()
    ingest([path], db=db, workers=1)
    assert parsed == []  # the new line's text was stored already: it is remembered all the same


def test_results_do_not_depend_on_input_order(tmp_path: Path, news_records: list[dict[str, str]]) -> None:
    stores = []
    for name, records in (("a", news_records), ("b", list(reversed(news_records)))):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        ingest([path], db=tmp_path / f"{name}.db", workers=1)
        stores.append(_stories(tmp_path / f"{name}.db"))
    assert stores[0] == stores[1]


def test_an_updated_article_is_a_new_version_not_a_duplicate(
    tmp_path: Path, news_records: list[dict[str, str]]
) -> None:
    db = tmp_path / "s.db"
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in news_records), encoding="utf-8")
    ingest([path], db=db)
    before = _stories(db)
    news_records[1]["text"] += " Update: the coast guard said the fog had lifted by noon."
    path.write_text("".join(json.dumps(r) + "\n" for r in news_records), encoding="utf-8")
    report = ingest([path], db=db)
    assert (report.added, report.new_versions, report.already_stored) == (1, 1, 5)
    assert _stories(db) == before  # same stories, same members: the update replaced the old text
    with Store(db) as store:
        rows = store.db.execute("SELECT version, current FROM articles WHERE key = ? ORDER BY version",
                                ("url:https://baltictimes.example/news/0-1",)).fetchall()
        assert [tuple(r) for r in rows] == [(1, 0), (2, 1)]
        (story,) = [s for s in store.stories() if s.size == 3]
        assert any("fog had lifted" in a.text for a in store.story_articles(story.id))
        assert story.version == 2 and store.check() == []


def _ingest_and_die(news_jsonl: str, db: str, after: int) -> None:
    """Run an ingest that is killed (no cleanup at all) after ``after`` articles were written."""
    import storyweave.store as store_module

    original = store_module.Store.insert_article
    calls = {"n": 0}

    def insert_then_maybe_die(self: Store, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        calls["n"] += 1
        if calls["n"] == after:
            os._exit(9)  # like a kill -9 in the middle of the transaction

    store_module.Store.insert_article = insert_then_maybe_die  # type: ignore[method-assign]
    ingest([news_jsonl], db=db, workers=1)


def test_an_ingest_killed_inside_a_transaction_leaves_the_store_consistent(tmp_path: Path, news_jsonl: Path) -> None:
    from storyweave.store import prepare as prepare_module

    db = tmp_path / "s.db"
    prepare_module.ARTICLES_PER_PART, saved = 4, prepare_module.ARTICLES_PER_PART
    try:
        context = multiprocessing.get_context("fork")
        process = context.Process(target=_ingest_and_die, args=(str(news_jsonl), str(db), 6))
        process.start()
        process.join(60)
    finally:
        prepare_module.ARTICLES_PER_PART = saved
    assert process.exitcode == 9
    with Store(db) as store:
        assert store.check() == []
        counts = store.counts()
        # The first transaction (4 articles) was committed; the second died before its commit.
        assert counts["articles"] == 4  # (and check() found the search index to match them)
    report = ingest([news_jsonl], db=db)
    assert (report.already_stored, report.added) == (4, 2)
    clean = tmp_path / "clean.db"
    ingest([news_jsonl], db=clean)
    assert sorted(_stories(db).values()) == sorted(_stories(clean).values())


def test_a_second_ingest_waits_for_the_one_writing(tmp_path: Path, news_jsonl: Path) -> None:
    """Two ingests at once would both read the store before either wrote, and add the same
    articles twice (a UNIQUE error) or overwrite each other's stories: the second one waits."""
    db = tmp_path / "s.db"
    heard: list[str] = []
    done: list[IngestReport] = []
    with Store(db) as holder, holder.writer():  # as an ingest in another process would
        with pytest.raises(StoreBusyError):
            ingest([news_jsonl], db=db, wait=0)
        with pytest.raises(StoreBusyError, match=r"waited 0\.2 s"):
            ingest([news_jsonl], db=db, wait=0.2, waiting=heard.append)
        assert len(heard) == 1 and "another ingest is writing" in heard[0]
        waiting = threading.Thread(target=lambda: done.append(ingest([news_jsonl], db=db)))
        waiting.start()
        time.sleep(0.5)
        assert waiting.is_alive() and not done
        assert holder.counts()["articles"] == 0
    waiting.join(60)
    assert done and done[0].added == 6 and done[0].seconds < 30
    with Store(db) as store:
        assert store.check() == [] and store.counts()["articles"] == 6


def test_a_brief_is_made_while_an_ingest_holds_the_store(
    tmp_path: Path, news_jsonl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sentences and rendered briefs are kept only to save work later: while another writer holds
    the store past the busy timeout, the brief is made all the same and kept another time."""
    db = tmp_path / "s.db"
    ingest([news_jsonl], db=db)
    with Store(db) as store:
        story = store.stories()[0].id
    original = Store.transaction

    def impatient(self: Store):  # type: ignore[no-untyped-def]
        self.db.execute("PRAGMA busy_timeout=50")
        return original(self)

    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # an ingest in the middle of a transaction
    monkeypatch.setattr(Store, "transaction", impatient)
    try:
        made = story_brief_text(story, db=db, format="json", analysis=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not made.cached and json.loads(made.text)["story"]["id"] == story
    assert not story_brief_text(story, db=db, format="json", analysis=False).cached  # kept now
    assert story_brief_text(story, db=db, format="json", analysis=False).cached


def test_search_since_and_briefs_are_cached_until_the_story_changes(
    tmp_path: Path, news_records: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    db = tmp_path / "s.db"
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in news_records[:5]), encoding="utf-8")  # no choir yet
    ingest([path], db=db)
    with Store(db) as store:
        (selka,) = store.stories(search="Selka")
        assert selka.size == 3 and selka.title is not None and "Selka" in selka.title
        assert selka.first_date == date(2025, 2, 3) and selka.last_date == date(2025, 2, 4)
        assert [s.id for s in store.stories(since=date(2025, 6, 1))] != [selka.id]
        assert store.stories(search='"Kallby lighthouse"')[0].size == 2
    made = story_brief_text(selka.id, db=db, format="json", analysis=False)
    cached = story_brief_text(selka.id, db=db, format="json", analysis=False)
    assert not made.cached and cached.cached and cached.text == made.text
    document = json.loads(made.text)
    assert document["story"]["id"] == selka.id and len(document["articles"]) == 3
    assert not story_brief_text(selka.id, db=db, format="markdown", analysis=False).cached  # other format
    monkeypatch.setattr(storyweave, "__version__", "99.0")  # a newer storyweave remakes what an older one cached
    assert not story_brief_text(selka.id, db=db, format="json", analysis=False).cached
    extra = dict(news_records[0], id="late", url="https://islandnews.example/selka-followup",
                 text=FERRY_A[2][3].replace("Tuesday", "Wednesday") + " Divers found a long gash in the Selka's hull.")
    path.write_text(json.dumps(extra) + "\n", encoding="utf-8")
    ingest([path], db=db)
    remade = story_brief_text(selka.id, db=db, format="json", analysis=False)
    assert not remade.cached and len(json.loads(remade.text)["articles"]) == 4


def test_the_search_index_takes_each_transactions_articles_and_check_sees_a_gap(
    tmp_path: Path, news_jsonl: Path
) -> None:
    from storyweave.store.schema import MIGRATIONS

    db = tmp_path / "s.db"
    connection = sqlite3.connect(db)  # a schema-1 store, whose articles were indexed by a trigger
    connection.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")
    connection.execute("INSERT INTO articles (id, key, outlet, title, text, ingested_at)"
                       " VALUES ('old', 'k', 'Old Times', 'Harbour gala', 'A gala at the Vintra harbour.', '')")
    connection.commit()
    connection.close()
    ingest([news_jsonl], db=db)
    with Store(db) as store:
        ids = {r[0] for r in store.db.execute("SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                                              " WHERE articles_fts MATCH 'Vintra'")}
        assert ids == {"old"}
        assert len(store.stories(search="Selka")) == 1  # the ingest's articles are indexed
        assert not [p for p in store.check() if "full-text" in p]
        store.db.execute("INSERT INTO articles_fts (articles_fts, rowid, title, text)"
                         " SELECT 'delete', rowid, title, text FROM articles WHERE id != 'old' LIMIT 1")
        assert [p for p in store.check() if "full-text index does not match" in p]


def test_unknown_story_and_unusable_databases(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store, pytest.raises(UnknownStoryError, match="no story"):
        store.story("nope")
    not_db = tmp_path / "notes.db"
    not_db.write_bytes(b"this is a text file, not SQLite" * 40)
    with pytest.raises(StoreError, match="not a usable storyweave database"):
        Store(not_db)
    newer = tmp_path / "newer.db"
    connection = sqlite3.connect(newer)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(StoreError, match="newer storyweave"):
        Store(newer)
    with pytest.raises(StoreError, match=r"cannot make a store there, no folder .*missing"):
        Store(tmp_path / "missing" / "s.db")


def test_the_store_is_in_wal_mode_with_its_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        from storyweave.store.schema import MIGRATIONS

        assert store.schema_version == len(MIGRATIONS)
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "sentences", "stories", "briefs", "articles_fts"} <= tables


def test_near_duplicates_are_linked_and_join_the_story(tmp_path: Path) -> None:
    reprint = "Kallby (Island Wire) - " + FERRY_B[0][3] + " Reporting by Island Wire."
    rows = [
        {"id": "orig", "outlet": "harbourpost.example", "date": "2025-06-18", "text": FERRY_B[0][3]},
        {"id": "copy", "outlet": "reprints.example", "date": "2025-06-19", "text": reprint},
        {"id": "own", "outlet": "islandnews.example", "date": "2025-06-18", "text": FERRY_B[1][3]},
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "s.db"
    report = ingest([path], db=db)
    assert report.duplicates == 1
    with Store(db) as store:
        (story,) = store.stories()
        assert story.size == 3
        brief = store.brief(story.id, analysis=False)
        assert brief.story is not None
        duplicates = brief.story["near_duplicates"]
        ids = {a.source_id: a.id for a in brief.articles}
        assert duplicates == {ids["copy"]: ids["orig"]}
        analysed = store.brief(story.id, embeddings=False)
        copied = [c for c in analysed.claims if {ids["orig"], ids["copy"]} <= {x.article_id for x in c.citations}]
        assert copied and all(c.support == len(c.outlets) - 1 for c in copied)  # the reprint counts once


def test_a_reprint_of_a_reprint_in_a_later_ingest_is_linked_to_the_original(tmp_path: Path) -> None:
    reprint = "Kallby (Island Wire) - " + FERRY_B[0][3] + " Reporting by Island Wire."
    rows = [
        {"id": "orig", "outlet": "harbourpost.example", "date": "2025-06-18", "text": FERRY_B[0][3]},
        {"id": "copy", "outlet": "reprints.example", "date": "2025-06-19", "text": reprint},
    ]
    first, later = tmp_path / "wire.jsonl", tmp_path / "later.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    row = {"id": "copy2", "outlet": "more.example", "date": "2025-06-20", "text": reprint + " Copyright More."}
    later.write_text(json.dumps(row) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    ingest([first], db=db)
    assert ingest([later], db=db).duplicates == 1  # the store's index restored, with the links it had
    with Store(db) as store:
        links = dict(store.db.execute("SELECT source_id, duplicate_of FROM articles"))
        ids = dict(store.db.execute("SELECT source_id, id FROM articles"))
    assert links == {"orig": None, "copy": ids["orig"], "copy2": ids["orig"]}


def test_a_store_from_before_band_keys_gets_them_and_still_links_a_later_reprint(tmp_path: Path) -> None:
    rows = [
        {"id": "orig", "outlet": "harbourpost.example", "date": "2025-06-18", "text": FERRY_B[0][3]},
        {"id": "own", "outlet": "islandnews.example", "date": "2025-06-18", "text": FERRY_B[1][3]},
    ]
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    reprint = {"id": "copy", "outlet": "reprints.example", "date": "2025-11-02",
               "text": "Kallby (Island Wire) - " + FERRY_B[0][3] + " Reporting by Island Wire."}
    later.write_text(json.dumps(reprint) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    ingest([first], db=db)
    connection = sqlite3.connect(db)  # as a store made before the keys were kept (schema 4)
    connection.executescript("BEGIN; DROP TABLE minhash_bands; DROP TABLE story_sums; PRAGMA user_version = 4; COMMIT;")
    connection.close()
    with Store(db) as store:  # migration 5 computes the keys from the stored signatures
        assert store.db.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] == 2 * BANDS
        assert store.check() == []
    assert ingest([later], db=db).duplicates == 1  # found through the keys, months later
    with Store(db) as store:
        links = dict(store.db.execute("SELECT source_id, duplicate_of FROM articles"))
        ids = dict(store.db.execute("SELECT source_id, id FROM articles"))
        assert links == {"orig": None, "own": None, "copy": ids["orig"]}
        with store.transaction():
            store.db.execute("DELETE FROM minhash_bands WHERE article_row = 1")
        assert store.check() == [f"{BANDS} near-duplicate keys missing"]


def test_an_old_store_is_migrated_and_merged_story_ids_still_lead_somewhere(
    tmp_path: Path, news_jsonl: Path
) -> None:
    from storyweave.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    connection = sqlite3.connect(db)
    connection.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")  # a schema-1 store
    connection.close()
    ingest([news_jsonl], db=db)
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS) >= 2
        small, large = sorted(store.stories(), key=lambda s: s.size)[:2]
        moved = {a.id: large.id for a in store.story_articles(small.id)}
        with store.transaction():
            assert store.move_articles(moved) == {small.id}
            store.save_story(large.id, large.title)
        assert store.story(small.id).id == large.id  # the absorbed id leads to the story it joined
        assert store.check() == []


def test_a_store_whose_vectors_predate_the_opening_bag_takes_new_articles(
    tmp_path: Path, news_records: list[dict[str, str]]
) -> None:
    from storyweave.cluster.features import BAGS

    db = tmp_path / "s.db"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in news_records[:-1]), encoding="utf-8")
    second.write_text(json.dumps(news_records[-1]) + "\n", encoding="utf-8")
    ingest([first], db=db)
    with Store(db) as store, store.transaction():  # as stored before the opening bag existed
        for article_id, vectors in store.db.execute("SELECT id, vectors FROM articles").fetchall():
            store.db.execute("UPDATE articles SET vectors = ? WHERE id = ?",
                             (json.dumps(read_vectors(vectors)[: len(BAGS) - 1]), article_id))
    report = ingest([second], db=db)
    assert report.added == 1 and report.new_stories == 1
    with Store(db) as store:
        assert store.check() == [] and len(store.stories()) == 3


def test_the_real_example_is_one_story_beside_the_projects_own(
    tmp_path: Path, kim_dir: Path, example_dir: Path
) -> None:
    db = tmp_path / "s.db"
    report = ingest([kim_dir, example_dir], db=db)
    assert report.added == 10 and not report.skipped
    with Store(db) as store:
        sizes = sorted(s.size for s in store.stories())
        assert sizes == [5, 5]
        (kim,) = store.stories(search="Khasan OR Hasan")
        assert kim.first_date is not None and kim.first_date.isoformat() == "2019-04-24"


def test_a_story_without_titles_is_listed_under_its_opening(
    tmp_path: Path, news_records: list[dict[str, str]]
) -> None:
    path = tmp_path / "untitled.jsonl"
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "title"}) + "\n" for r in news_records),
                    encoding="utf-8")
    ingest([path], db=tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        titles = {s.size: s.title for s in store.stories()}
    assert titles[3] is not None and titles[3].startswith("The passenger ferry Selka ran aground")
    assert titles[3].endswith(" …") and len(titles[3]) <= 102


def test_a_short_opening_sentence_gives_way_to_the_next_articles(tmp_path: Path) -> None:
    from datetime import date

    from storyweave.model import Article
    from storyweave.store.ingest import headline

    texts = ["She was 85. The singer Mara Voss died at home in Kessa on Sunday.",
             "The singer Mara Voss, whose ballads filled Kessa's halls, died on Sunday at 85.",
             "Mara Voss has died."]
    with Store(tmp_path / "s.db") as store, store.transaction():
        for day, text in enumerate(texts, start=1):
            article = Article(id=f"a{day}", outlet="o", title=None, published=date(2025, 3, day), text=text)
            store.insert_article(article, key=f"k{day}", version=1, story_id="s1", duplicate_of=None,
                                 vectors=[], minhash=None)
        second = texts[1]
        assert store.lead_sentence("s1") == second
        assert store.lead_sentence("s1", tries=1) == "She was 85."
        assert headline(store, "s1") == second


def _listed_titles(tmp_path: Path, records: list[dict[str, str]]) -> dict[int, str | None]:
    """Ingest ``records`` (id and text only: no title, no date) and list their stories' titles by size."""
    path = tmp_path / "flat.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest([path], db=tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        return {s.size: s.title for s in store.stories()}


@pytest.mark.parametrize("stamp", ["First Published: February 3, 2025 9:41 AM CET ", ""])
def test_a_flattened_page_is_listed_under_its_headline(
    tmp_path: Path, news_records: list[dict[str, str]], stamp: str
) -> None:
    """The headline a page flattened into one paragraph runs into its time stamp, or with no
    stamp straight into its first sentence."""
    flattened = [{"id": r["id"], "text": f"{r['title']} {stamp}{r['text']}" if r["id"].startswith("g0") else r["text"]}
                 for r in news_records]
    titles = _listed_titles(tmp_path, flattened)
    assert titles[3] in {r["title"] for r in news_records if r["id"].startswith("g0")}


def test_a_wire_story_is_listed_without_its_dateline(tmp_path: Path, news_records: list[dict[str, str]]) -> None:
    wired = [{"id": r["id"], "text": f"KALLBY, Norway (AP) _ {r['text']}"} for r in news_records]
    titles = _listed_titles(tmp_path, wired)
    assert titles[3] is not None and titles[3].startswith("The passenger ferry Selka ran aground")


def test_a_date_in_the_opening_prose_does_not_cut_the_headline() -> None:
    from storyweave.clean.rules import stamp_start

    assert stamp_start("Ferry Selka runs aground Updated 03/02/2025 10:15 The ferry ...") == 25
    assert stamp_start("The ferry ran aground on February 3, 2025, 9:41 am local time.") is None
    assert stamp_start("The ferry ran aground. It was February 3, 2025.") is None
    assert stamp_start("In a statement dated March 4, 2025 Captain Lind said ...") is None
    assert stamp_start("By April 2025 the ferry was back in service.") is None


def test_flattened_headlines_end_where_their_stamp_begins() -> None:
    from storyweave.clean.rules import stamp_start

    for headline, stamp in [
        ("Ferry Selka Runs Aground Off Kessa", "12/23/25 06:03 PM ET The ferry ..."),
        ("Ferry Selka Runs Aground Off Kessa", "February 3, 2025 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "Monday, Feb 3, 2025 Passengers ..."),
        ("Ferry Selka runs aground off Kessa", "Feb 3rd, 2025 9:41am CET The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "2025-02-03 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "February 3, 2025"),  # a headline split off its page
        # the clock before the date, a 24-hour clock, a zone written "UK", labels with a clock
        ("Ferry Selka Runs Aground Off Kessa", "6:10pm UK, Monday 03 February 2025 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "Last updated 18:10 03/02/2025 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "Published at 18:10, Monday, 3 February 2025 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "PUBLISHED: 18:10 GMT, 3 February 2025 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "Published 6:10 pm, Monday, February 3, 2025 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "First Posted 18:10:00 03/02/2025 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "Published time: February 3, 2025 18:10 The ferry ..."),
        ("Ferry Selka runs aground off Kessa", "18:10 Mon Feb 3 2025 The ferry ..."),
    ]:
        assert stamp_start(f"{headline} {stamp}") == len(headline) + 1, stamp


def test_time_stamps_that_open_a_text_are_passed_over() -> None:
    from storyweave.clean.rules import stamps_end

    for text in [
        "Posted 2/3/2025 7:21 AM Updated 2/3/2025 3:41 PM Ferry runs aground",
        "Monday, February 3, 2025 | 5:00 PM Ferry runs aground",
        "PUBLISHED MONDAY, FEBRUARY 3, 2025 AT 12:46 PM/UPDATED AT 12:48 PM Ferry runs aground",
        "3 FEBRUARY, 2025 Ferry runs aground",
        "Feb. 3 5:59 PM CET Ferry runs aground",
    ]:
        assert text[stamps_end(text):] == "Ferry runs aground", text
    assert stamps_end("Ferry runs aground on February 3, 2025") == 0
    assert stamps_end("Sun Ferries said on Monday the Selka ran aground.") == 0


def test_a_flattened_pages_stamps_are_found_around_its_headline() -> None:
    from storyweave.clean.rules import page_stamps

    def stamps(text: str) -> list[str]:
        return [text[start:end] for start, end in page_stamps(text)]

    assert stamps("Ferry aground off Kessa 12:52 p.m. EDT May 3, 2025 The ferry ran aground.") == [
        "12:52 p.m. EDT May 3, 2025 "]
    assert stamps("May 3, 2025, 1:12 PM Ferry aground off Kessa harbour Updated 4:08 p.m. ET The ferry ran.") == [
        "May 3, 2025, 1:12 PM ", "Updated 4:08 p.m. ET "]
    assert stamps("The ferry ran aground at 6:15 a.m. on Monday and was refloated at 9:40 p.m.") == []
    assert stamps("Ferry aground off Kessa 12/23/25 06:03 PM ET EST The ferry ran.") == ["12/23/25 06:03 PM ET EST "]
    assert stamps("Ferry aground off Kessa Updated: May 3, 2025, 10:04 PM ET The ferry ran.") == [
        "Updated: May 3, 2025, 10:04 PM ET "]
    assert stamps("FERRY SELKA AGROUND OFF KESSA Feb. 3 5:59 PM CET") == ["Feb. 3 5:59 PM CET"]
    assert stamps("Ferry aground off Kessa harbour May 3, 2025 Estonian crews helped.") == ["May 3, 2025 "]
    assert stamps("The harbour master's office updated 4:08 p.m. figures later.") == []
    assert stamps("Crews left at 12:52 p.m. EDT May 3, 2025 after the tide turned.") == []
    assert stamps("Ferry aground off Kessa Published time: May 3, 2025 02:03 Edited time: May 4, 2025 02:15 The"
                  " ferry ran.") == ["Published time: May 3, 2025 02:03 Edited time: May 4, 2025 02:15 "]
    assert stamps("Crews left at 18:10 3 May 2025 after the tide turned.") == []
    assert stamps("The ferry, built 1998, sailed 14:30 daily.") == []


def test_stored_articles_and_sentences_read_back_as_they_were(tmp_path: Path, news_jsonl: Path) -> None:
    from storyweave.ingest import load
    from storyweave.segment import split_sentences

    ingest([news_jsonl], db=tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        originals = load([news_jsonl]).articles
        assert store.db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == 0  # split on first use
        for original in originals:
            stored = store.article(original.id)
            assert stored == original
        split = store.sentences_of([store.article(a.id) for a in originals])
        for original in originals:
            assert split[original.id] == split_sentences(original)
            assert store.sentences(store.article(original.id)) == split_sentences(original)
        assert store.check() == []


def test_a_brief_splits_its_articles_sentences_once_and_keeps_them(tmp_path: Path, news_jsonl: Path) -> None:
    from storyweave.store.briefs import story_brief_text

    ingest([news_jsonl], db=tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        story = max(store.stories(), key=lambda s: s.size)
        story_brief_text(story.id, db=store)
        members = store.story_articles(story.id)
        kept = {a.id: store.sentences(a) for a in members}
        assert all(kept.values()) and len(kept) == story.size
        assert store.sentences_of(members) == kept


def test_sentences_kept_by_another_storyweave_are_split_again(tmp_path: Path, news_jsonl: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Sentences are kept only to save work: when the code that split them changed (a newer
    storyweave may split differently), they are dropped and split again, and so is a brief."""
    from storyweave.store.briefs import story_brief_text

    ingest([news_jsonl], db=tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        story = max(store.stories(), key=lambda s: s.size)
        story_brief_text(story.id, db=store)
        member = store.story_articles(story.id)[0]
        good = store.sentences(member)
        store.db.execute('UPDATE sentences SET "end" = start + 1 WHERE article_id = ?', (member.id,))  # split "badly"
        store.set_setting("sentences_made_by", "an older storyweave")
        store.db.commit()
        assert story_brief_text(story.id, db=store).cached
        monkeypatch.setattr(storyweave, "code_fingerprint", lambda: "a newer storyweave")
        assert store.sentences_of([member])[member.id] == good
        assert store.sentences(member) == good and store.setting("sentences_made_by") == "a newer storyweave"
        assert not story_brief_text(story.id, db=store).cached


def test_first_sentence_is_the_first_of_split_sentences() -> None:
    from storyweave.model import Article
    from storyweave.segment import first_sentence, split_sentences

    long = "Mr. A. B. Smith arrived on Monday. " + "He stayed. " * 400
    run_on = "The ferry " + "and the pier " * 200 + "sank. Then rain."
    middling = "The ferry " + "and the pier " * 70 + "sank. " + "Then rain fell. " * 300  # ends near 930
    for text in (long, run_on, middling, "No stop " * 700, "One short line", ""):
        article = Article(id="x", outlet="o", title=None, published=None, text=text)
        sentences = split_sentences(article)
        assert first_sentence(text) == (sentences[0].text if sentences else None)


def _square(n: int) -> int:
    time.sleep(0.01)  # slow enough that an unbounded hand-over would have queued everything
    return n * n


class _Counted(list[int]):
    """A list that counts the items taken from it by iteration (each one is a task handed over)."""

    taken = 0

    def __iter__(self) -> Iterator[int]:
        for item in super().__iter__():
            self.taken += 1
            yield item


def test_workers_return_results_in_order_with_few_tasks_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyweave.store import prepare

    monkeypatch.setattr(prepare, "AHEAD", 2)
    items = _Counted(range(60))  # far more than AHEAD tasks per worker
    with prepare.Workers(2) as pool:
        results = pool.map(_square, items)
        first = next(results)
        # Handed over before the first result came back: the bound, and the one that filled it.
        assert first == 0 and items.taken <= 2 * 2 + 1
        rest = list(results)
        assert items.taken == len(items)
        assert [first, *rest] == [n * n for n in range(60)]


def _interrupts(_: int) -> bool:
    import signal

    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_workers_leave_ctrl_c_to_the_ingest() -> None:
    """A terminal's Ctrl-C reaches every process of the command; the workers ignore it (each
    would print a traceback) and the ingest stops them."""
    import signal

    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    from storyweave.store import prepare

    with prepare.Workers(2) as pool:
        assert all(pool.map(_interrupts, list(range(8))))


_LOADED: list[int] = []


def _loaded(_: int) -> int:
    return len(_LOADED)


def test_workers_load_the_second_rounds_needs_while_the_first_round_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyweave.store import prepare

    monkeypatch.setattr(prepare, "warm_up", lambda: _LOADED.append(1))
    _LOADED.clear()
    try:
        with prepare.Workers(2) as pool:
            assert set(pool.map(_loaded, range(8))) == {0}  # forked before anything was loaded
            pool.restart()
            assert set(pool.map(_loaded, range(8), warm=True)) == {1}  # forked once the thread loaded it
        assert _LOADED == [1]  # loaded once, in this process
        _LOADED.clear()
        with prepare.Workers(2) as pool:  # a first round that needs it loads it before forking
            assert set(pool.map(_loaded, range(8), warm=True)) == {1}
        assert _LOADED == [1]
    finally:
        _LOADED.clear()

    def broken() -> None:
        raise ModuleNotFoundError("No module named 'py3langid'")

    monkeypatch.setattr(prepare, "warm_up", broken)
    with prepare.Workers(2) as pool:
        assert list(pool.map(_loaded, range(8))) == [0] * 8  # reading goes on
        pool.restart()
        with pytest.raises(ModuleNotFoundError, match="py3langid"):  # said where it is needed
            pool.map(_loaded, range(8), warm=True)


def test_small_files_are_handed_to_workers_a_few_at_a_time_in_order() -> None:
    from storyweave.store.prepare import FILES_PER_TASK, Part, tasks

    files = [Part(f"page{i}.html", None) for i in range(40)]
    lines = Part("dump.jsonl", None, ("{}",), 1)
    parts = [*files[:25], lines, *files[25:]]
    grouped = tasks(parts)
    assert [p for group in grouped for p in group] == parts  # nothing lost or reordered
    assert (lines,) in grouped  # a run of lines is a task of its own
    assert {len(g) for g in grouped if lines not in g} == {1, 2}  # 40 files: by 2 (the last of a run alone)
    many = [Part(f"page{i}.html", None) for i in range(64 * FILES_PER_TASK)]
    assert {len(g) for g in tasks(many)} == {FILES_PER_TASK} and len(tasks(many[:10])) == 10


def _story_groups(db: Path) -> set[frozenset[str]]:
    with Store(db) as store:
        rows = store.db.execute("SELECT id, story_id FROM articles WHERE current = 1").fetchall()
        topics = store.db.execute("SELECT COUNT(*) FROM stories WHERE size > 0 AND topic_id IS NULL").fetchone()[0]
    assert topics == 0  # every story has its topic
    groups: dict[str, set[str]] = {}
    for article_id, story_id in rows:
        groups.setdefault(story_id, set()).add(article_id)
    return {frozenset(g) for g in groups.values()}


def test_a_big_input_goes_in_batches_with_the_same_stories(
    tmp_path: Path, news_jsonl: Path, news_records: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyweave.store.prepare as prepare

    monkeypatch.setattr(prepare, "LINES_PER_PART", 2)
    bars: list[str] = []

    class Bar:
        def update(self, n: int = 1) -> None: ...
        def close(self) -> None: ...

    def progress(description: str, total: int, unit: str) -> Bar:
        bars.append(description)
        return Bar()

    whole = ingest([news_jsonl], db=tmp_path / "whole.db")
    batched = ingest([news_jsonl], db=tmp_path / "batched.db", batch=2, progress=progress, workers=1)
    assert bars.count("reading") == (len(news_records) + 1) // 2  # one batch per two records
    assert (batched.read, batched.added, batched.stories, batched.topics) == (
        whole.read, whole.added, whole.stories, whole.topics)
    assert batched.new_stories == whole.stories and batched.updated_stories == 0
    assert _story_groups(tmp_path / "batched.db") == _story_groups(tmp_path / "whole.db")
    again = ingest([news_jsonl], db=tmp_path / "batched.db", batch=2)
    assert again.added == 0 and again.already_stored == len(news_records)


def test_a_big_jsonl_file_is_read_line_by_line(
    tmp_path: Path, news_records: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    import storyweave.store.prepare as prepare

    monkeypatch.setattr(prepare, "STREAM_BYTES", 0)  # every file counts as big
    lines = [json.dumps(r).encode("utf-8") for r in news_records]
    plain = tmp_path / "plain.jsonl"
    plain.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines[:3]) + b"\r\n" + b'{"text": "caf\xe9 au lait"}\n'
                      + b"\n".join(lines[3:]) + b"\n")
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(b"\n".join(lines) + b"\n")[:-30])  # cut short: the end is lost
    report = ingest([plain], db=tmp_path / "s.db")
    assert report.added == len(news_records)
    assert [(s.source, s.reason) for s in report.skipped] == [
        (f"{plain}:4", "not UTF-8 (a JSONL file read line by line is read as UTF-8)")]
    cut = ingest([packed], db=tmp_path / "t.db")
    assert [s.source for s in cut.skipped] == [str(packed)] and "cannot read past line" in cut.skipped[0].reason
    assert 0 < cut.added < len(news_records)


def test_a_small_gzip_file_cut_short_gives_the_lines_before_the_damage(
    tmp_path: Path, news_records: list[dict[str, str]]
) -> None:
    import gzip

    whole = (b"\n".join(json.dumps(r).encode("utf-8") for r in news_records) + b"\n")
    packed = tmp_path / "news.jsonl.gz"
    packed.write_bytes(gzip.compress(whole)[:-30])  # a download cut short
    readable = whole.count(b"\n") - 1  # the last line is lost with the end of the stream
    db = tmp_path / "s.db"
    first = ingest([packed], db=db)
    assert first.added == readable
    assert [(s.source, s.reason.split(" (")[0]) for s in first.skipped] == [
        (str(packed), f"cannot read past line {readable}")]
    again = ingest([packed], db=db)  # the same damaged file: nothing new, the damage said again
    assert again.added == 0 and len(again.skipped) == 1
    packed.write_bytes(gzip.compress(whole))  # the whole file, downloaded again
    assert ingest([packed], db=db).added == len(news_records) - readable


def test_topics_left_ungrouped_by_a_stopped_ingest_are_grouped_by_the_next(tmp_path: Path, news_jsonl: Path) -> None:
    db = tmp_path / "s.db"
    ingest([news_jsonl], db=db)
    with Store(db) as store:
        topics = dict(store.db.execute("SELECT id, topic_id FROM stories WHERE size > 0").fetchall())
        with store.transaction():
            store.db.execute("UPDATE stories SET topic_id = NULL")  # as if stopped before regrouping
        assert store.untopical() == len(topics)
    again = ingest([news_jsonl], db=db)
    assert again.added == 0
    with Store(db) as store:
        assert store.untopical() == 0
        assert dict(store.db.execute("SELECT id, topic_id FROM stories WHERE size > 0").fetchall()) == topics


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
                                st.floats(allow_nan=False), max_size=8), max_size=5))
def test_stored_vectors_read_back_as_they_were(vectors: list[dict[str, float]]) -> None:
    packed = pack_vectors(vectors)
    assert read_vectors(packed) == tuple(vectors)
    assert [list(v) for v in read_vectors(packed)] == [list(v) for v in vectors]  # the terms' order too
    assert read_vectors(json.dumps(vectors)) == tuple(vectors)  # as earlier versions stored them


def test_a_term_holding_the_separator_is_refused_not_stored_wrongly() -> None:
    with pytest.raises(ValueError, match="separator"):
        pack_vectors([{"a\x1fb": 1.0}])
