"""Shared test fixtures: paths to the bundled seed and to ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED_TXT = EXAMPLES / "kyivpost-2022-10-24-dirty-bomb.txt"
SEED_GOLD = EXAMPLES / "kyivpost-2022-10-24-dirty-bomb.gold.json"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (a user's own clone): evaluation data not available")
    return SHARED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TXT.read_text(encoding="utf-8")
