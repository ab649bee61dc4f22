from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kolvik-mine-rescue"
SHARED = ROOT.parent / "shared"
KIM = SHARED / "examples" / "kim-russia-2019"


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def kim_dir() -> Path:
    if not KIM.is_dir():
        pytest.skip(f"the real example is not here: {KIM} is absent (it lives in ../shared beside the repo)")
    return KIM
