"""Shared test fixtures: paths to the bundled seed, ../shared (skipped when absent), and a
real PostgreSQL server for the session (skipped when its binaries are absent, except in CI)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgserver import PostgresServer, ci, find_bindir

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


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server started for real (Debian's initdb and pg_ctl), stopped at the end."""
    bindir = find_bindir()
    if bindir is None:
        why = (
            "no PostgreSQL server binaries (initdb, pg_ctl, postgres under "
            "/usr/lib/postgresql/*/bin or on PATH): install Debian's postgresql"
        )
        if ci():
            pytest.fail(f"{why}; CI=true, so the PostgreSQL tests must run, not skip")
        pytest.skip(why)
    server = PostgresServer(bindir)
    try:
        server.start()
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        server.stop()
        pytest.fail(f"could not start PostgreSQL from {bindir}: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """A new, empty database on the session's server: its ``postgresql://`` URL."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)
