"""Full-mode PolNeAR scores of a one-pass tagger model at several cue thresholds.

    python training/sweep_thresholds.py [--model DIR] [--split dev] [--thresholds 0.75/0.5,0.7/0.4]

The same analysis as ``claimwatch analyze`` (rules and tagger merged), with the
split parsed once; ``--model`` defaults to the shipped tagger and ``--thresholds``
to the model's own (``meta.json``). Prints exact F1 (source / cue / content) and
attribution P / R / F1 per threshold pair (start / extend). ``train_one_pass.py
tune`` sweeps the tagger alone; the shipped thresholds are chosen here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimwatch.analyze.nlp import load_nlp  # noqa: E402
from claimwatch.analyze.one_pass import OnePassTagger  # noqa: E402
from claimwatch.analyze.pipeline import TaggerOutput, analyze_doc  # noqa: E402
from claimwatch.evaluate.polnear import load_split, score  # noqa: E402
from claimwatch.records import Article, InputRef  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", default="", help="a model folder (default: the shipped tagger)")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--thresholds", default="", help="comma-separated start/extend pairs")
    args = ap.parse_args()
    gold = load_split(POLNEAR / args.split)
    docs = list(load_nlp().pipe([d.text for d in gold], batch_size=16))
    tagger = OnePassTagger.load(Path(args.model) if args.model else None)
    pairs = args.thresholds.split(",") if args.thresholds else [""]
    for pair in pairs:
        if pair:
            tagger.cue_threshold, tagger.cue_extend = (float(x) for x in pair.split("/"))
        pred = {
            d.name: analyze_doc(
                Article(id=d.name, input=InputRef(), text=d.text),
                doc,
                TaggerOutput.of(tagger, d.text),
            ).attributions
            for d, doc in zip(gold, docs, strict=True)
        }
        j = score(pred, gold).to_json()
        ex, att = j["exact"], j["attribution"]
        print(
            f"{tagger.cue_threshold}/{tagger.cue_extend}: exact {ex['source']['f1']:.2f} "
            f"{ex['cue']['f1']:.2f} {ex['content']['f1']:.2f}  attribution {att['f1']:.2f} "
            f"(P {att['p']:.2f} R {att['r']:.2f})",
            flush=True,
        )


if __name__ == "__main__":
    main()
