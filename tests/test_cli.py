"""The CLI: formats, output files, outlet mapping, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyweave.cli import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, main

PROSE = (
    "The harbour authority closed the northern pier on Monday after divers found cracks in its "
    "foundations. Repairs are expected to take until the end of the summer, a spokesman said."
)


def test_markdown_is_the_default(example_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(example_dir)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("# ") and "## Summary" in out and "## Sources" in out
    assert "1. " in out and "[" in out


def test_json_to_file(example_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "brief.json"
    assert main(["brief", str(example_dir), "--format", "json", "--words", "60", "-o", str(target)]) == EXIT_OK
    assert capsys.readouterr().out == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["budget"] == {"amount": 60, "unit": "words"}
    assert sum(len(s["text"].split()) for s in document["summary"]) <= 60


def test_outlet_mapping_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.txt"
    path.write_text(PROSE, encoding="utf-8")
    assert main(["brief", str(path), "-f", "json", "--outlet", "x.txt=Harbour Gazette"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["articles"][0]["outlet"] == "Harbour Gazette"
    assert main(["brief", str(path), "--outlet", "no-equals-sign"]) == EXIT_ERROR
    assert "FILE=NAME" in capsys.readouterr().err


def test_skipped_input_is_reported_and_the_rest_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PROSE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.html"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    assert main(["brief", str(good), str(empty), str(binary)]) == EXIT_SKIPPED
    captured = capsys.readouterr()
    assert "## Summary" in captured.out
    err_lines = captured.err.strip().splitlines()
    assert f"storyweave: skipped {empty}: empty file" in err_lines
    assert any(line.startswith(f"storyweave: skipped {binary}: binary") for line in err_lines)


def test_nothing_usable_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["brief", str(empty)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "no usable article" in err and str(empty) in err and "empty file" in err
    assert len(err.strip().splitlines()) == 1


def test_the_installed_command_runs(example_dir: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "storyweave", "brief", str(example_dir), "--sentences", "2"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n1. ") == 1 and "\n2. " in done.stdout and "\n3. " not in done.stdout
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    failed = subprocess.run([sys.executable, "-m", "storyweave", "brief", str(empty)],
                            capture_output=True, text=True, check=False)
    assert failed.returncode == EXIT_ERROR and "no usable article" in failed.stderr  # the exit code carries


def test_the_command_line_starts_without_scipy() -> None:
    """Building the commands (every command does) imports no scipy: a quarter second that listing
    stories never needs; the summarizers and the tf-idf space import it when they compute."""
    code = ("import sys; from storyweave.cli import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
