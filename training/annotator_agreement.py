"""How far PolNeAR's own annotators agree, under claimwatch eval's metrics.

    python training/annotator_agreement.py [--splits train dev] [--system]

Some PolNeAR articles were annotated by several annotators (one ``NAME_ANN.ann``
file each). ``claimwatch eval polnear`` scores against the annotator listed first
in ``metadata.tsv``; here every other annotator of those articles is scored
against that one, exactly as a system would be (EVALUATION.md section 2). The
other annotator's attributions go through ``GoldDoc.as_attributions``, so a
discontinuous source or cue is covered by one span, as claimwatch's records
(and any system's output) must be. The result is a ceiling the metric leaves
for a system that annotates like a second human. ``--system`` also scores
claimwatch's full mode on the same articles (train articles are ones its
tagger was trained on).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from train_tagger import POLNEAR  # noqa: E402

from claimwatch.evaluate.polnear import GoldDoc, PolnearScores, load_split, parse_ann, score_doc  # noqa: E402


def other_annotations(split_dir: Path, doc: GoldDoc) -> list[GoldDoc]:
    """The article's annotations by annotators other than the scored one."""
    out = []
    for ann in sorted((split_dir / "attributions").glob(f"{doc.name}_*.ann")):
        annotator = ann.stem[len(doc.name) + 1 :]
        if annotator != doc.annotator:
            atts = parse_ann(ann.read_text(encoding="utf-8"), doc.text)
            out.append(GoldDoc(doc.name, doc.text, atts, annotator))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--splits", nargs="+", default=["train", "dev"])
    ap.add_argument("--system", action="store_true", help="also score claimwatch (full mode)")
    args = ap.parse_args()
    analyze = None
    if args.system:
        from claimwatch.analyze import Analyzer
        from claimwatch.records import Article, InputRef

        analyzer = Analyzer()

        def analyze(text: str):
            return analyzer.analyze(Article(id="x", input=InputRef(), text=text)).attributions

    all_human = PolnearScores()
    for split in args.splits:
        human, system = PolnearScores(), PolnearScores()
        articles = pairs = 0
        for doc in load_split(POLNEAR / split):
            others = other_annotations(POLNEAR / split, doc)
            if not others:
                continue
            articles += 1
            for other in others:
                pairs += 1
                score_doc(doc.text, other.as_attributions(), doc, human)
                score_doc(doc.text, other.as_attributions(), doc, all_human)
            if analyze is not None:
                score_doc(doc.text, analyze(doc.text), doc, system)
        print(f"## {split}: {articles} articles with several annotators, {pairs} pairs")
        print("\nanother annotator, scored against the one claimwatch eval uses")
        print("(the table's article count is the number of pairs)\n")
        print(human.table())
        if analyze is not None:
            print("\nclaimwatch full mode on the same articles\n")
            print(system.table())
        print()
    if len(args.splits) > 1:
        print(f"## all splits: {all_human.articles} pairs\n")
        print(all_human.table())


if __name__ == "__main__":
    main()
