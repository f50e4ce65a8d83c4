"""Loading the spaCy pipeline once, with claimwatch's paragraph-boundary component.

Plain-text news keeps one block per line: a headline or a paragraph never runs on
into the next line, so the token after a line break always starts a sentence. The
``claimwatch_paragraphs`` component sets that before the parser runs, and the
parser keeps preset boundaries.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimwatch.errors import ModelError
from claimwatch.settings import SPACY_MODEL_CANDIDATES, Settings

PARAGRAPHS = "claimwatch_paragraphs"


@Language.component(PARAGRAPHS)
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first token after any line break."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if prev.is_space and "\n" in prev.text and not doc[i].is_space:
            doc[i].is_sent_start = True
    return doc


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model_name(name: str | None = None) -> str:
    """The pipeline to load: ``name``, else settings, else the first installed candidate."""
    if name:
        return name
    configured = Settings().spacy_model
    if configured:
        return configured
    for candidate in SPACY_MODEL_CANDIDATES:
        if _installed(candidate):
            return candidate
    raise ModelError(
        "no English spaCy pipeline is installed: "
        f"pip install {SPACY_MODEL_CANDIDATES[-1]} (or {SPACY_MODEL_CANDIDATES[0]}), "
        "or set CLAIMWATCH_SPACY_MODEL"
    )


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} cannot be loaded: pip install {name} "
            "or set CLAIMWATCH_SPACY_MODEL to an installed pipeline"
        ) from exc
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise ModelError(
            f"spaCy pipeline {name!r} lacks {', '.join(missing)}: use an English pipeline with both"
        )
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per name (cached)."""
    return _load(resolve_model_name(name))
