"""Article extraction on ../shared/extraction-bench: P, R, F1 per input variant, and speed.

    python benchmarks/extraction.py [BENCH_DIR]

Variants: HTML pages through ``claimwatch.extract.extract`` (trafilatura cascade),
plain-text pages through the same entry point (the furniture cleaner), and the
keep-everything baseline on plain text (the whole page as the prediction), for
reference. The score is EVALUATION.md section 3 (``claimwatch.evaluate.extraction``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from claimwatch.evaluate.extraction import ExtractionScore, run_extraction_eval
from claimwatch.records import RawDocument

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "extraction-bench"


def _keep_everything(raw: RawDocument) -> str:
    return raw.data.decode("utf-8")


def _row(name: str, s: ExtractionScore) -> str:
    rate = s.pages / s.seconds if s.seconds else float("inf")
    errors = f"  errors={len(s.errors)}" if s.errors else ""
    return (
        f"{name:<28} P={s.precision:.3f}  R={s.recall:.3f}  F1={s.f1:.3f}  "
        f"pages={s.pages}  {rate:7.1f} pages/s{errors}"
    )


def main(argv: list[str]) -> int:
    bench = Path(argv[1]) if len(argv) > 1 else DEFAULT_BENCH
    gold = bench / "ground-truth.json"
    if not gold.is_file():
        print(f"no benchmark at {bench} (expected ground-truth.json there)", file=sys.stderr)
        return 2
    runs = [
        ("html (trafilatura cascade)", bench / "html", None),
        ("plain text (cleaner)", bench / "plain-text.json", None),
        ("plain text (keep everything)", bench / "plain-text.json", _keep_everything),
    ]
    for name, inputs, extractor in runs:
        print(_row(name, run_extraction_eval(gold, inputs, extractor=extractor)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
