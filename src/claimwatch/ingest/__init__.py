"""ingest: turn what the user names (files, directories, URLs, stdin, JSONL) into RawDocuments.

``iter_inputs(specs, settings)`` yields, for each spec in order, one
``RawDocument`` per document, or an ``InputFailure`` saying why an input was
refused. It never raises for a bad input, so a batch finishes its good ones.

A spec is

* ``-``: stdin, read as bytes and sniffed (HTML or text);
* an ``http://`` or ``https://`` URL, fetched with httpx (see ``fetch``);
* a directory: every ``*.txt``, ``*.html``, ``*.htm``, ``*.jsonl`` below it (also
  gzipped, ``*.html.gz``), hidden names skipped, in sorted order;
* a ``.jsonl`` file (or ``.jsonl.gz``): one document per record (see ``jsonl``);
* any other file: ``.html``/``.htm`` is HTML, else the content decides
  (``<!doctype html``/``<html`` at the start is HTML, the rest is text).
  ``.gz`` files are decompressed.

Every file is checked before it is read: a missing path is ``MissingInput``, a
file over ``settings.max_input_bytes`` is ``InputTooLarge`` (by ``stat``, unread),
whitespace only is ``EmptyInput``, NUL bytes or non-UTF-8 is ``BinaryInput``.
"""

from __future__ import annotations

import gzip
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimwatch.errors import (
    BinaryInput,
    ClaimwatchError,
    EmptyInput,
    InputError,
    InputTooLarge,
    MissingInput,
)
from claimwatch.ingest.fetch import fetch, is_url, make_client
from claimwatch.ingest.jsonl import iter_jsonl, parse_record
from claimwatch.ingest.sniff import classify, human_size
from claimwatch.records import InputKind, InputRef, RawDocument
from claimwatch.settings import Settings

__all__ = ["InputFailure", "iter_inputs", "parse_record"]

DIR_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN_LABEL = "<stdin>"


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that was refused: its label and the error that says why."""

    label: str
    error: ClaimwatchError

    def line(self) -> str:
        """One line for a human: ``label: [CODE] message``."""
        return self.error.line()


def iter_inputs(
    specs: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | InputFailure]:
    """Each document named by ``specs``, in order, or an ``InputFailure`` for a bad input."""
    with ExitStack() as stack:
        client = None
        for spec in specs:
            if spec == "-":
                yield _guard(STDIN_LABEL, _from_stdin, stdin, settings)
            elif is_url(spec):
                if client is None:
                    client = stack.enter_context(make_client(settings))
                yield _guard(spec, fetch, spec, settings, client)
            else:
                yield from _from_spec_path(spec, settings)


def _guard(
    label: str, read: Callable[..., RawDocument], *args: object
) -> RawDocument | InputFailure:
    try:
        return read(*args)
    except ClaimwatchError as exc:
        return _failure(label, exc)


def _failure(label: str, exc: ClaimwatchError) -> InputFailure:
    if exc.input_label is None:
        exc.input_label = label
    return InputFailure(label, exc)


def _from_stdin(stdin: BinaryIO | None, settings: Settings) -> RawDocument:
    stream = stdin if stdin is not None else sys.stdin.buffer
    limit = settings.max_input_bytes
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise InputTooLarge(f"is over the {human_size(limit)} limit")
    return RawDocument(ref=InputRef(path=None, kind=classify(data)), data=data)


def _from_spec_path(spec: str, settings: Settings) -> Iterator[RawDocument | InputFailure]:
    path = Path(spec)
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False
    if not is_dir:
        yield from _from_file(path, spec, settings)
        return
    found = False
    for child in _walk(path):
        found = True
        yield from _from_file(child, str(child), settings)
    if not found:
        kinds = ", ".join(f"*{s}" for s in DIR_SUFFIXES)
        yield _failure(spec, EmptyInput(f"is a directory with no input files ({kinds})"))


def _walk(root: Path) -> list[Path]:
    """Input files under ``root``, recursively, sorted by path; hidden names skipped.

    Symlinked directories are not followed (no cycles).
    """
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            base = name.lower().removesuffix(".gz")
            if not name.startswith(".") and base.endswith(DIR_SUFFIXES):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _from_file(path: Path, label: str, settings: Settings) -> Iterator[RawDocument | InputFailure]:
    name = path.name.lower()
    gz = name.endswith(".gz")
    base = name.removesuffix(".gz")
    try:
        if base.endswith(".jsonl"):
            yield from _from_jsonl(path, label, gz, settings)
        else:
            yield _read_document(path, label, base, gz, settings)
    except ClaimwatchError as exc:
        yield _failure(label, exc)


def _hint(base: str) -> InputKind | None:
    if base.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return None


def _check_file(path: Path) -> os.stat_result:
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise MissingInput("does not exist") from exc
    except NotADirectoryError as exc:
        raise MissingInput("does not exist (a parent is not a directory)") from exc
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory that cannot be listed")
    return st


def _read_document(path: Path, label: str, base: str, gz: bool, settings: Settings) -> RawDocument:
    limit = settings.max_input_bytes
    st = _check_file(path)
    regular = stat.S_ISREG(st.st_mode)
    if regular and st.st_size > limit:
        raise InputTooLarge(f"is {human_size(st.st_size)}, over the {human_size(limit)} limit")
    if regular and st.st_size == 0:
        raise EmptyInput("is empty (0 bytes)")
    try:
        if gz:
            with gzip.open(path, "rb") as f:
                data = f.read(limit + 1)
        else:
            with open(path, "rb") as f:
                data = f.read(limit + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise BinaryInput("is not a valid gzip file") from exc
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        what = "decompresses to" if gz else "is"
        raise InputTooLarge(f"{what} over the {human_size(limit)} limit")
    kind = classify(data, _hint(base))
    return RawDocument(ref=InputRef(path=label, kind=kind), data=data)


def _from_jsonl(
    path: Path, label: str, gz: bool, settings: Settings
) -> Iterator[RawDocument | InputFailure]:
    st = _check_file(path)
    if stat.S_ISREG(st.st_mode) and st.st_size == 0:
        raise EmptyInput("is empty (0 bytes)")
    records = 0
    try:
        with gzip.open(path, "rb") if gz else open(path, "rb") as f:  # noqa: SIM115
            for item in iter_jsonl(f, label, settings.max_input_bytes):
                records += 1
                if isinstance(item, RawDocument):
                    yield item
                else:
                    yield _failure(*item)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise BinaryInput("is not a valid gzip file") from exc
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from exc
    if records == 0:
        raise EmptyInput("holds no records (only blank lines)")
