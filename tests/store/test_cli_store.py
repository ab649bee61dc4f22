"""The store commands: ingest, stories, brief --story, eval cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyweave.cli import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, main


def test_ingest_stories_and_brief_of_a_story(
    tmp_path: Path, news_jsonl: Path, example_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news.db"
    assert main(["ingest", str(news_jsonl), str(example_dir), "--db", str(db)]) == EXIT_OK
    err = capsys.readouterr().err
    assert "read 11 articles from 6 files (2 other files left alone: .json, .md); 0 skipped; 0 already stored" in err
    assert "4 stories (4 new, 0 updated) in" in err
    assert main(["stories", "--db", str(db)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "Kolvik" in lines[0] and lines[0].split()[1] == "5"  # largest first
    assert main(["stories", "--db", str(db), "--search", "Kallby", "--json"]) == EXIT_OK
    (found,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert found["size"] == 2 and found["first_date"] == "2025-06-18"
    assert main(["stories", "--db", str(db), "--since", "2026-01-01", "--json"]) == EXIT_OK
    assert [json.loads(x)["size"] for x in capsys.readouterr().out.splitlines()] == [5]
    assert main(["brief", "--db", str(db), "--story", found["id"], "-f", "json", "--no-analysis"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["story"]["id"] == found["id"] and {a["outlet"] for a in document["articles"]} == {
        "harbourpost.example", "islandnews.example"}
    target = tmp_path / "b.md"
    assert main(["brief", "--db", str(db), "--story", found["id"], "--no-analysis", "-o", str(target)]) == EXIT_OK
    assert "from the cache" not in capsys.readouterr().err
    assert main(["brief", "--db", str(db), "--story", found["id"], "--no-analysis", "-o", str(target)]) == EXIT_OK
    assert "from the cache" in capsys.readouterr().err


def test_ingest_reports_skipped_inputs_and_goes_on(tmp_path: Path, news_jsonl: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.rss").write_text("<rss><channel><item><title>x", encoding="utf-8")
    (tmp_path / "junk.warc").write_bytes(b"not a warc\r\n\r\n")
    for name in ("photo.png", "logo.png", "notes.pdf", "README", ".DS_Store", ".git/objects/ab/cdef01"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)  # not article files; hidden ones unsaid
        (tmp_path / name).write_bytes(b"\x89PNG")
    (tmp_path / ".git" / "notes.txt").write_text("A text in a hidden folder is not read either.", encoding="utf-8")
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "s.db"), "--json"]) == EXIT_SKIPPED
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["added"] == 6 and len(report["skipped"]) == 2
    assert report["ignored"] == {".pdf": 1, ".png": 2, "no suffix": 1}  # (nor the store's own files)
    assert "skipped " + str(tmp_path / "broken.rss") in captured.err
    assert "from 3 files (4 other files left alone: .png, .pdf, no suffix); 2 skipped (" in captured.err


def test_store_command_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    assert main(["stories", "--db", str(missing)]) == EXIT_ERROR
    assert "no such store" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "x.txt"), "--db", str(missing)]) == EXIT_ERROR
    assert "no such file or directory" in capsys.readouterr().err
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    assert main(["ingest", str(tmp_path), "--db", str(missing)]) == EXIT_ERROR
    assert "no file of a kind storyweave reads was found" in capsys.readouterr().err
    assert main(["brief", "--db", str(missing), "--story", "s123"]) == EXIT_ERROR
    assert main(["brief", "--story", "s123", "--db", str(tmp_path / "none.db")]) == EXIT_ERROR
    assert "no story 's123'" in capsys.readouterr().err
    assert main(["brief"]) == EXIT_ERROR
    assert "--story ID" in capsys.readouterr().err


def test_eval_cluster_command(tmp_path: Path, news_records: list[dict[str, str]],
                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "labelled.jsonl"
    data.write_text("".join(json.dumps(dict(r, event=r["id"][:2])) + "\n" for r in news_records), encoding="utf-8")
    output = tmp_path / "assign.jsonl"
    assert main(["eval", "cluster", "--data", str(data), "--label-field", "event", "--output", str(output)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "| bcubed | 1.000 | 1.000 | 1.000 |" in out
    assert len(output.read_text().splitlines()) == 6
    assert main(["eval", "cluster", "--data", str(data), "--label-field", "event", "--level", "topic",
                 "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["level"] == "topic"
    assert main(["eval", "cluster", "--data", str(data), "--label-field", "nope"]) == EXIT_ERROR
    assert "no field 'nope'" in capsys.readouterr().err


def test_a_store_locked_by_another_writer_gives_a_one_line_error(
    tmp_path: Path, news_jsonl: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from storyweave.store import Store

    db = tmp_path / "s.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of writing
    monkeypatch.setattr(Store, "transaction", _fast_fail_transaction(Store.transaction))
    try:
        assert main(["ingest", str(news_jsonl), "--db", str(db)]) == EXIT_ERROR
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "error: the store could not be used: database is locked" in err and "Traceback" not in err


def _fast_fail_transaction(original):  # type: ignore[no-untyped-def]
    def transaction(self):  # type: ignore[no-untyped-def]
        self.db.execute("PRAGMA busy_timeout=50")
        return original(self)

    return transaction


def test_ingest_waits_for_another_ingest_no_longer_than_asked(
    tmp_path: Path, news_jsonl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from storyweave.store import Store

    db = tmp_path / "s.db"
    with Store(db) as holder, holder.writer():
        assert main(["ingest", str(news_jsonl), "--db", str(db), "--wait", "0.1"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "another ingest is writing to" in err and "waiting for it to finish" in err
    assert "another ingest is writing to it (waited 0.1 s) [SW402]" in err and "Traceback" not in err
    assert main(["ingest", str(news_jsonl), "--db", str(db), "--wait", "0"]) == EXIT_OK  # free again


def test_an_interrupted_ingest_says_what_is_kept(
    tmp_path: Path, news_jsonl: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyweave.cli import EXIT_INTERRUPTED
    from storyweave.store import ingest as ingest_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "_place", interrupted)
    assert main(["ingest", str(news_jsonl), "--db", str(tmp_path / "s.db")]) == EXIT_INTERRUPTED == 130
    err = capsys.readouterr().err
    assert "interrupted; what was committed before is kept" in err and "Traceback" not in err
