"""Full-mode PolNeAR scores of a one-pass tagger model at several cue thresholds.

    python training/sweep_thresholds.py [--model DIR[,DIR...]] [--split dev] [--thresholds 0.75/0.5,0.7/0.4]

The same analysis as ``claimwatch analyze`` (rules and tagger merged), with the
split parsed once; ``--model`` defaults to the shipped tagger and ``--thresholds``
to the (first) model's own (``meta.json``). Prints exact F1 (source / cue /
content) and attribution P / R / F1 per threshold pair (start / extend).
``train_one_pass.py tune`` sweeps the tagger alone; the shipped thresholds are
chosen here.

Several comma-separated model folders are scored as an ensemble (not shipped:
it costs one encoder pass per model): each wordpiece's P(cue) and each cue's
role probabilities are the mean of the models', each model reading the article
in its own cue windows (``meta.json``). All must share the tokenizer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimwatch.analyze import tagger as T  # noqa: E402
from claimwatch.analyze.nlp import load_nlp  # noqa: E402
from claimwatch.analyze.one_pass import OnePassTagger  # noqa: E402
from claimwatch.analyze.pipeline import TaggerOutput, analyze_doc  # noqa: E402
from claimwatch.evaluate.polnear import load_split, score  # noqa: E402
from claimwatch.records import Article, InputRef  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear"


class Ensemble:
    """``OnePassTagger.tag`` over the mean probabilities of several models."""

    def __init__(self, models: list[OnePassTagger]) -> None:
        self.models = models
        self.cue_threshold, self.cue_extend = models[0].cue_threshold, models[0].cue_extend

    def tag(self, text: str) -> tuple[list, T.Encoded, np.ndarray]:
        enc = T.encode(self.models[0].tokenizer, text)
        encoded = [m.encode_article(enc) for m in self.models]
        probs = np.mean([p for p, _ in encoded], axis=0)
        cues = T.cue_runs(probs, self.cue_threshold, self.cue_extend)
        if not cues:
            return [], enc, probs
        n = len(enc.ids)
        each = [m.role_probs(n, h, cues) for m, (_, h) in zip(self.models, encoded, strict=True)]
        roles = np.mean(each, axis=0)
        return OnePassTagger.decode(text, enc, cues, roles), enc, probs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--model", default="", help="model folder(s), comma-separated (default: shipped)"
    )
    ap.add_argument("--split", default="dev")
    ap.add_argument("--thresholds", default="", help="comma-separated start/extend pairs")
    args = ap.parse_args()
    gold = load_split(POLNEAR / args.split)
    docs = list(load_nlp().pipe([d.text for d in gold], batch_size=16))
    dirs = [Path(p) for p in args.model.split(",")] if args.model else [None]
    models = [OnePassTagger.load(d) for d in dirs]
    tagger = models[0] if len(models) == 1 else Ensemble(models)
    pairs = args.thresholds.split(",") if args.thresholds else [""]
    for pair in pairs:
        if pair:
            tagger.cue_threshold, tagger.cue_extend = (float(x) for x in pair.split("/"))
        pred = {
            d.name: analyze_doc(
                Article(id=d.name, input=InputRef(), text=d.text),
                doc,
                TaggerOutput.of(tagger, d.text),  # type: ignore[arg-type]
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
