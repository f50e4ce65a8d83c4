"""Article-extraction score of EVALUATION.md section 3 (the Zyte article-extraction benchmark).

Per page: the multiset of 4-word shingles of the predicted text is compared with
that of the gold ``articleBody`` (words are ``\\w+`` matches, case kept). The
true-positive, false-positive and false-negative counts of a page are normalised
to sum to 1, so that a long page weighs no more than a short one, which makes
them the page's precision ``tp / (tp + fp)`` and recall ``tp / (tp + fn)``.
Precision and recall are averaged over pages; F1 is the harmonic mean of those
two averages.

Edge cases, decided here once:

* A text of fewer than four words (but at least one) has one shingle: the tuple
  of all its words. That is the rule of the benchmark's own ``evaluate.py``, so
  a very short gold body can still be matched.
* A text with no word at all has no shingle.
* An empty prediction against a non-empty gold: P = 0 and R = 0 (nothing was
  found, and "no false positive" is not credited as perfect precision).
* A non-empty prediction against an empty gold: P = 0, R = 0.
* Both empty: P = 1, R = 1 (the page was correctly found to hold nothing).
* A page in the gold that is missing from the predictions counts as an empty
  prediction; predictions for pages not in the gold are ignored.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from claimwatch.errors import ClaimwatchError, EvaluationError
from claimwatch.records import InputRef, RawDocument

SHINGLE_N = 4
_WORD = re.compile(r"\w+")

__all__ = [
    "ExtractionScore",
    "load_gold",
    "load_inputs",
    "run_extraction_eval",
    "score_corpus",
    "score_page",
    "shingles",
]


def shingles(text: str, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-word shingles of ``text`` (one shingle if it has 1..n-1 words)."""
    words = _WORD.findall(text or "")
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def score_page(pred: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one page's predicted text against its gold body."""
    p_sh, g_sh = shingles(pred), shingles(gold)
    if not p_sh and not g_sh:
        return 1.0, 1.0
    if not p_sh or not g_sh:
        return 0.0, 0.0
    tp = sum((p_sh & g_sh).values())
    return tp / sum(p_sh.values()), tp / sum(g_sh.values())


@dataclass(frozen=True, slots=True)
class ExtractionScore:
    """Macro-averaged precision and recall over pages, and F1 of the two averages."""

    precision: float
    recall: float
    f1: float
    pages: int
    # Per page (id -> (p, r)), for finding the pages that lose most.
    per_page: dict[str, tuple[float, float]] = field(default_factory=dict, compare=False)
    # Pages whose extraction raised a ClaimwatchError (scored as empty), id -> error line.
    errors: dict[str, str] = field(default_factory=dict, compare=False)
    seconds: float = field(default=0.0, compare=False)

    def line(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} pages={self.pages}"


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_corpus(pred: Mapping[str, str], gold: Mapping[str, str]) -> ExtractionScore:
    """Score every gold page; a page absent from ``pred`` counts as an empty prediction."""
    if not gold:
        raise EvaluationError("the gold set is empty: nothing to score")
    per_page = {pid: score_page(pred.get(pid, ""), body) for pid, body in gold.items()}
    n = len(per_page)
    p = sum(v[0] for v in per_page.values()) / n
    r = sum(v[1] for v in per_page.values()) / n
    return ExtractionScore(p, r, _f1(p, r), n, per_page)


def load_gold(gold_json: Path) -> dict[str, str]:
    """``ground-truth.json`` (id -> {"articleBody": ...}) as id -> body."""
    try:
        data = json.loads(Path(gold_json).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"cannot read the gold file {gold_json}: {exc}") from exc
    if not isinstance(data, dict):
        raise EvaluationError(f"{gold_json}: expected an object mapping id to a record")
    out: dict[str, str] = {}
    for pid, rec in data.items():
        body = rec.get("articleBody") if isinstance(rec, dict) else rec
        if not isinstance(body, str):
            raise EvaluationError(f"{gold_json}: page {pid} has no articleBody string")
        out[pid] = body
    return out


def load_inputs(inputs: Path) -> dict[str, RawDocument]:
    """The pages to extract: an ``html/`` directory (``ID.html.gz`` or ``ID.html``)
    or a JSON file mapping id to plain text."""
    inputs = Path(inputs)
    docs: dict[str, RawDocument] = {}
    if inputs.is_dir():
        for path in sorted(inputs.iterdir()):
            name = path.name
            if name.endswith(".html.gz"):
                pid, data = name[: -len(".html.gz")], gzip.decompress(path.read_bytes())
            elif name.endswith(".html"):
                pid, data = name[: -len(".html")], path.read_bytes()
            else:
                continue
            docs[pid] = RawDocument(InputRef(path=str(path), kind="html"), data)
        if not docs:
            raise EvaluationError(f"{inputs}: no ID.html or ID.html.gz file in this directory")
        return docs
    try:
        data = json.loads(inputs.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"cannot read the inputs {inputs}: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise EvaluationError(f"{inputs}: expected a JSON object mapping id to plain text")
    for pid, text in data.items():
        ref = InputRef(path=f"{inputs}#{pid}", kind="text")
        docs[pid] = RawDocument(ref, text.encode("utf-8"))
    return docs


def extract_all(
    docs: Mapping[str, RawDocument],
    extractor: Callable[[RawDocument], str] | None = None,
) -> tuple[dict[str, str], dict[str, str], float]:
    """Run the extractor on every page: (id -> text, id -> error line, seconds)."""
    if extractor is None:
        from claimwatch.extract import extract

        def extractor(raw: RawDocument) -> str:
            return extract(raw).text

    pred: dict[str, str] = {}
    errors: dict[str, str] = {}
    t0 = time.perf_counter()
    for pid, raw in docs.items():
        try:
            pred[pid] = extractor(raw)
        except ClaimwatchError as exc:
            errors[pid] = exc.line()
            pred[pid] = ""
    return pred, errors, time.perf_counter() - t0


def run_extraction_eval(
    gold_json: Path,
    inputs: Path,
    *,
    ids: Iterable[str] | None = None,
    extractor: Callable[[RawDocument], str] | None = None,
) -> ExtractionScore:
    """Extract every page of ``inputs`` with ``claimwatch.extract.extract`` and score it.

    ``ids`` restricts the run to some pages (a fixed subset for a fast gate);
    ``extractor`` swaps the extractor (a baseline). Pages of the gold without an
    input are an error: the two files must describe the same pages.
    """
    gold = load_gold(gold_json)
    docs = load_inputs(inputs)
    if ids is not None:
        wanted = set(ids)
        gold = {k: v for k, v in gold.items() if k in wanted}
    missing = sorted(set(gold) - set(docs))
    if missing:
        raise EvaluationError(
            f"{len(missing)} gold page(s) have no input in {inputs}, e.g. {missing[0]}"
        )
    pred, errors, seconds = extract_all({k: docs[k] for k in gold}, extractor)
    s = score_corpus(pred, gold)
    return ExtractionScore(s.precision, s.recall, s.f1, s.pages, s.per_page, errors, seconds)
