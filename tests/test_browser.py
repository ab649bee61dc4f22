"""The HTML brief opened in a real headless browser with no network."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from storyweave import brief

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # No network at all: every host resolves nowhere, so the page must stand alone.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make sysdeps installs Debian's chromium)")
    result = brief(Path(__file__).resolve().parents[1] / "examples" / "kolvik-mine-rescue")
    target = tmp_path_factory.mktemp("html") / "brief.html"
    target.write_text(result.to_html(), encoding="utf-8")
    return target


def run_chromium(tmp: Path, *args: str) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_page_renders_summary_citations_and_sources(page: Path, tmp_path: Path) -> None:
    dom = run_chromium(tmp_path, "--dump-dom", page.as_uri())
    assert '<section id="summary">' in dom and '<section id="sources">' in dom
    assert dom.count('class="cite primary"') >= 3
    assert dom.count('<article class="source"') == 5
    assert 'class="sent cited" id="a' in dom


def test_page_screenshot_is_drawn(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "brief.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a blank page is far smaller
