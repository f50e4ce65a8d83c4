"""The README tells a new user the truth: its set-up commands exist, every CLI command is named."""

from __future__ import annotations

import re
from pathlib import Path

import claimwatch
from claimwatch.serve.cli import app, eval_app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _names(typer_app) -> set[str]:
    return {c.name or c.callback.__name__ for c in typer_app.registered_commands}


def test_readme_names_every_command() -> None:
    for name in _names(app):
        assert f"claimwatch {name}" in README, name
    for name in _names(eval_app):
        assert f"claimwatch eval {name}" in README, name


def test_readme_set_up_commands_are_make_targets() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", README, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target


def test_public_names_are_exported() -> None:
    for name in claimwatch.__all__:
        assert hasattr(claimwatch, name), name
