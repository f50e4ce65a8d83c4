"""Throughput of the analyze pipeline against a plain spaCy parse (EVALUATION.md section 6).

    python benchmarks/polnear_speed.py [--dir ../shared/polnear/dev] [--threads 2] [--repeat 1]

Over the PolNeAR dev texts (84 articles), in one run on one machine, it times:

* ``spacy``: ``en_core_web_sm`` ``nlp.pipe(texts, n_process=2)``, the floor;
* ``rules``: ``Analyzer().analyze_many(articles, n_process=2)`` (rule attributions,
  actors, speakers, evidence, responses): the fast mode;
* ``tagger``: ``AttributionTagger.predict`` alone, onnxruntime with ``--threads``;
* ``rules+tagger``: the analyzer followed by the tagger on each article: the
  full mode once the tagger is wired in.

and prints articles/s, words/s and each ratio to the spaCy parse (higher is
faster; 0.5 means half the spaCy throughput). Model loading is not timed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dir", default=str(ROOT.parent / "shared" / "polnear" / "dev"))
    ap.add_argument("--threads", type=int, default=2, help="onnxruntime threads for the tagger")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--skip-rules", action="store_true")
    args = ap.parse_args()

    import spacy

    from claimwatch.analyze.tagger import AttributionTagger
    from claimwatch.records import Article, InputRef

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.dir, "text").glob("*.txt"))]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    n = len(texts)
    rows: list[tuple[str, float]] = []

    nlp = spacy.load("en_core_web_sm")
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, n_process=args.n_process, batch_size=16))
    rows.append(("spacy en_core_web_sm parse", time.perf_counter() - t))
    assert len(docs) == n

    tagger = AttributionTagger.load(threads=args.threads)
    tagger.predict(texts[0][:500])
    t = time.perf_counter()
    found = sum(len(tagger.predict(x)) for x in texts)
    rows.append(
        (f"tagger alone ({args.threads} threads, {found} attributions)", time.perf_counter() - t)
    )

    if not args.skip_rules:
        from claimwatch.analyze import Analyzer

        articles = [Article(id=str(i), input=InputRef(), text=x) for i, x in enumerate(texts)]
        analyzer = Analyzer()
        _ = analyzer.nlp
        t = time.perf_counter()
        out = list(analyzer.analyze_many(articles, n_process=args.n_process))
        rows.append(("analyze, rules (fast mode)", time.perf_counter() - t))
        assert len(out) == n
        t = time.perf_counter()
        for doc in analyzer.analyze_many(articles, n_process=args.n_process):
            tagger.predict(doc.article.text)
        rows.append(("analyze, rules + tagger (full mode)", time.perf_counter() - t))

    base = rows[0][1]
    print(f"{n} articles, {words} words (\\w+)")
    print(f"{'':44}{'s':>8}{'art/s':>8}{'words/s':>9}{'ratio':>7}")
    for name, sec in rows:
        print(f"{name:44}{sec:8.2f}{n / sec:8.2f}{words / sec:9.0f}{base / sec:7.2f}")


if __name__ == "__main__":
    main()
