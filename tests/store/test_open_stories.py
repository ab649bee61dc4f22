"""A store restores only the stories new articles can meet (the open ones), and still finds the
older topics they belong to."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from newsdata import CHOIR, FERRY_A, FERRY_B, jsonl_records

import storyweave.store.ingest as ingest_module
from storyweave.cluster.online import Story
from storyweave.cluster.topics import _named
from storyweave.store import Store, StoredStory
from storyweave.store.ingest import ingest
from storyweave.store.schema import read_vectors


def _write(path: Path, records: Iterable[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _placed(db: Path) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """The store's stories and topics, each as the set of its articles' source ids."""
    with Store(db) as store:
        assert store.check() == []
        rows = store.db.execute("SELECT a.source_id, a.story_id, s.topic_id FROM articles a"
                                " JOIN stories s ON s.id = a.story_id WHERE a.current = 1").fetchall()
    stories: dict[str, set[str]] = {}
    topics: dict[str, set[str]] = {}
    for source_id, story_id, topic_id in rows:
        stories.setdefault(story_id, set()).add(source_id)
        topics.setdefault(topic_id, set()).add(source_id)
    return {frozenset(g) for g in stories.values()}, {frozenset(g) for g in topics.values()}


@pytest.fixture
def restored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The story ids each ingest restores, as they are restored."""
    seen: list[str] = []
    attach = ingest_module._attach

    def spy(builder: object, placed: Iterable[StoredStory]) -> list[StoredStory]:
        def noted() -> Iterator[StoredStory]:
            for story in placed:
                seen.append(story.id)
                yield story
        return attach(builder, noted())  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "_attach", spy)
    return seen


def test_an_ingest_months_later_restores_only_open_stories_and_still_finds_their_topic(
    tmp_path: Path, restored: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = jsonl_records([FERRY_A, FERRY_B, CHOIR])
    february = _write(tmp_path / "feb.jsonl", [r for r in records if r["date"] < "2025-03"])
    june = _write(tmp_path / "jun.jsonl", [r for r in records if r["date"] > "2025-03"])
    ingest([february], db=tmp_path / "open.db")
    ingest([february], db=tmp_path / "all.db")
    restored.clear()
    ingest([june], db=tmp_path / "open.db")
    assert restored == []  # February's story closed in May: nothing to restore
    monkeypatch.setattr(Store, "topic_sums", lambda self: None)  # as a store without topic sums: restore all
    ingest([june], db=tmp_path / "all.db")
    assert restored  # February's story, restored
    stories, topics = _placed(tmp_path / "open.db")
    assert (stories, topics) == _placed(tmp_path / "all.db")
    assert {"g0-0", "g0-1", "g0-2"} in stories  # the two groundings are two stories
    ferries = {"g0-0", "g0-1", "g0-2", "g1-0", "g1-1"}
    assert ferries in topics  # of one topic, found through February's stored topic sums


def test_a_reprint_of_a_closed_story_is_linked_and_joins_it(tmp_path: Path, restored: list[str]) -> None:
    records = jsonl_records([FERRY_A])
    db = tmp_path / "s.db"
    ingest([_write(tmp_path / "feb.jsonl", records)], db=db)
    reprint = {"id": "late", "outlet": "archive.example", "date": "2025-09-01",
               "text": "Tarnholm (Archive) - " + FERRY_A[0][3] + " From our archive."}
    restored.clear()
    assert ingest([_write(tmp_path / "sep.jsonl", [reprint])], db=db).duplicates == 1
    with Store(db) as store:
        assert store.check() == []
        rows = dict(store.db.execute("SELECT source_id, story_id FROM articles WHERE current = 1"))
        (story,) = store.stories()
    assert set(restored) == {story.id}  # brought in for the reprint
    assert rows["late"] == rows["g0-0"] and story.size == 4


def test_a_new_version_of_an_article_in_a_closed_story_replaces_it_there(tmp_path: Path) -> None:
    records = jsonl_records([FERRY_A])
    db = tmp_path / "s.db"
    ingest([_write(tmp_path / "feb.jsonl", records)], db=db)
    updated = {**records[1], "date": "2025-09-01",
               "text": records[1]["text"] + " Update: the Selka returned to service in August after repairs."}
    assert ingest([_write(tmp_path / "sep.jsonl", [updated])], db=db).new_versions == 1
    with Store(db) as store:
        assert store.check() == []
        sizes = sorted(s.size for s in store.stories())
        versions = store.db.execute("SELECT COUNT(*) FROM articles WHERE source_id = 'g0-1'").fetchone()[0]
    assert versions == 2 and sum(sizes) == 3  # the old version left its story; the new one is placed once


def test_stored_topic_sums_are_the_sums_of_their_articles(tmp_path: Path) -> None:
    records = jsonl_records([FERRY_A, FERRY_B, CHOIR])
    db = tmp_path / "s.db"
    ingest([_write(tmp_path / "feb.jsonl", [r for r in records if r["date"] < "2025-03"])], db=db)
    ingest([_write(tmp_path / "jun.jsonl", [r for r in records if r["date"] > "2025-03"])], db=db)
    with Store(db) as store:
        sums = store.topic_sums()
        assert sums is not None
        for topic, (size, vectors) in sums.items():
            rows = store.db.execute("SELECT a.vectors FROM articles a JOIN stories s ON s.id = a.story_id"
                                    " WHERE s.topic_id = ? AND a.current = 1", (topic,)).fetchall()
            assert size == len(rows)
            for bag, vector in enumerate(vectors):
                if not vector:
                    continue
                expected: dict[str, float] = {}
                for (stored,) in rows:
                    for term, value in read_vectors(stored)[bag].items():
                        expected[term] = expected.get(term, 0.0) + value
                assert vector == pytest.approx(expected)


def test_a_topic_named_anew_takes_no_name_in_use() -> None:
    stories = [Story(id=i) for i in ("s0", "sX", "s9")]
    # s0 and sX were in topic tX (named after sX); they part, and s0, the earlier, keeps tX.
    names = _named(stories, [0, 1, 1], {"s0": "tX", "sX": "tX", "s9": "t9"}, ["tX", "t9", "t7"])
    assert names["s0"] == "tX"
    assert names["sX"] == names["s9"] == "t9"  # the group's next previous topic
    names = _named(stories, [0, 1, 2], {"s0": "tX", "sX": "tX"}, ["tX", "t9"])
    assert names["s0"] == "tX" and len(set(names.values())) == 3 and "t9" not in {names["sX"], names["s9"]}


def test_topic_sums_out_of_date_make_the_next_ingest_restore_everything(tmp_path: Path, restored: list[str]) -> None:
    records = jsonl_records([FERRY_A, FERRY_B, CHOIR])
    db = tmp_path / "s.db"
    ingest([_write(tmp_path / "feb.jsonl", [r for r in records if r["date"] < "2025-03"])], db=db)
    with Store(db) as store, store.transaction():  # as if an ingest had stopped before regrouping its topics
        store.db.execute("UPDATE topics SET size = size + 1")
    restored.clear()
    ingest([_write(tmp_path / "jun.jsonl", [r for r in records if r["date"] > "2025-03"])], db=db)
    assert restored  # February's story too
    with Store(db) as store:
        assert store.topic_sums() is not None  # written afresh


def test_a_story_brought_in_early_is_not_restored_twice_when_the_reach_widens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyweave.store.prepare as prepare

    monkeypatch.setattr(prepare, "LINES_PER_PART", 1)
    db = tmp_path / "s.db"
    records = jsonl_records([FERRY_A])
    ingest([_write(tmp_path / "feb.jsonl", records)], db=db)
    updated = {**records[1], "date": "2025-09-01",
               "text": records[1]["text"] + " Update: the Selka returned to service in August after repairs."}
    march = {"id": "march", "outlet": "harbourpost.example", "date": "2025-03-01",
             "title": CHOIR[0][2], "text": CHOIR[0][3]}
    # One article a batch: September's new version brings February's story in (and leaves it
    # dated February); March's article widens the reach over it.
    report = ingest([_write(tmp_path / "more.jsonl", [updated, march])], db=db, batch=1, workers=1)
    assert report.new_versions == 1
    with Store(db) as store:
        assert store.check() == []
        assert store.topic_sums() is not None  # every topic's size as its stories': none counted twice
        assert sum(s.size for s in store.stories()) == 4


def _summed_from_articles(store: Store, story_id: str) -> list[dict[str, float]]:
    sums: list[dict[str, float]] = []
    for (stored,) in store.db.execute("SELECT vectors FROM articles WHERE story_id = ? AND current = 1", (story_id,)):
        for bag, vector in enumerate(read_vectors(stored)):
            if bag == len(sums):
                sums.append({})
            for term, value in vector.items():
                sums[bag][term] = sums[bag].get(term, 0.0) + value
    return sums


def test_kept_story_sums_are_the_sums_of_their_articles_and_a_restore_reads_them(
    tmp_path: Path, restored: list[str]
) -> None:
    records = jsonl_records([FERRY_A, FERRY_B, CHOIR])
    db = tmp_path / "s.db"
    ingest([_write(tmp_path / "all.jsonl", records)], db=db)
    with Store(db) as store:
        assert store.check() == []
        stories = list(store.placed())
        assert stories and not any(s.summed for s in stories)  # every story's sums kept and up to date
        for story in stories:
            assert len(story.sums) == len(_summed_from_articles(store, story.id))
            for kept, expected in zip(story.sums, _summed_from_articles(store, story.id), strict=True):
                assert kept == pytest.approx(expected)


def test_out_of_date_story_sums_are_summed_again_from_the_articles_and_kept_anew(tmp_path: Path) -> None:
    records = jsonl_records([FERRY_A, FERRY_B, CHOIR])
    db = tmp_path / "s.db"
    ingest([_write(tmp_path / "feb.jsonl", [r for r in records if r["date"] < "2025-03"])], db=db)
    with Store(db) as store, store.transaction():  # as if an ingest had stopped after saving its stories
        story_id = store.db.execute("SELECT id FROM stories ORDER BY id").fetchone()[0]
        store.db.execute("UPDATE story_sums SET sums = '[{\"wrong\": 1.0}]'")
        store.db.execute("UPDATE stories SET version = version + 1 WHERE id = ?", (story_id,))
    with Store(db) as store:
        (story,) = [s for s in store.placed() if s.id == story_id]
        assert story.summed and story.sums[0] == pytest.approx(_summed_from_articles(store, story_id)[0])
    choir = {**next(r for r in records if r["id"] == "g2-0"), "date": "2025-02-20"}
    ingest([_write(tmp_path / "later.jsonl", [choir])], db=db)  # restores the ferry story, leaves it as it is
    with Store(db) as store:
        assert store.check() == []
        (story,) = [s for s in store.placed() if s.id == story_id]
        assert not story.summed  # kept anew
    with Store(db) as store, store.transaction():
        store.db.execute("UPDATE stories SET version = version + 1 WHERE id = ?", (story_id,))
    ferry_b = [r for r in records if r["id"].startswith("g1-")]
    ingest([_write(tmp_path / "jun.jsonl", ferry_b)], db=db)  # the ferry story, closed, is counted in its topic
    with Store(db) as store:
        (story,) = [s for s in store.placed() if s.id == story_id]
        assert not story.summed  # kept anew


def test_stories_restored_from_kept_sums_are_those_restored_from_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = jsonl_records([FERRY_A, FERRY_B, CHOIR])
    parts = [_write(tmp_path / f"part{n}.jsonl", records[n::3]) for n in range(3)]
    for part in parts:
        ingest([part], db=tmp_path / "kept.db")
    monkeypatch.setattr(Store, "_kept_sums", lambda self, stories: {})  # every restore adds up the vectors
    for part in parts:
        ingest([part], db=tmp_path / "summed.db")
    assert _placed(tmp_path / "kept.db") == _placed(tmp_path / "summed.db")
