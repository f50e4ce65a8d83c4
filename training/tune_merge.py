"""Score merge-policy variants of the full mode on a PolNeAR split.

    python training/tune_merge.py --split dev [--cache /tmp/merge.pkl]

Parses the split once and runs the rules and the shipped tagger once (cached in
``--cache``), then prints EVALUATION.md section 2 exact F1 (source / cue /
content) and attribution F1 for: the rules alone, the tagger alone, the shipped
merge (``claimwatch.analyze.merge``), and the variants it was chosen against.
"""

from __future__ import annotations

import argparse
import copy
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimwatch.analyze import merge as M  # noqa: E402
from claimwatch.analyze.attributions import find_attributions  # noqa: E402
from claimwatch.analyze.nlp import load_nlp  # noqa: E402
from claimwatch.analyze.one_pass import OnePassTagger  # noqa: E402
from claimwatch.analyze.pipeline import TaggerOutput  # noqa: E402
from claimwatch.analyze.quotes import Quotes  # noqa: E402
from claimwatch.evaluate.polnear import load_split, score  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear"


def build(split: str) -> dict:
    gold = load_split(POLNEAR / split)
    nlp = load_nlp()
    tg = OnePassTagger.load()
    out = {}
    for d, doc in zip(gold, nlp.pipe([d.text for d in gold], batch_size=16), strict=True):
        out[d.name] = (find_attributions(doc, Quotes(doc.text)), TaggerOutput.of(tg, d.text))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--cache", default="")
    args = ap.parse_args()
    cache_path = Path(args.cache) if args.cache else None
    if cache_path and cache_path.is_file():
        cache = pickle.loads(cache_path.read_bytes())
    else:
        cache = build(args.split)
        if cache_path:
            cache_path.write_bytes(pickle.dumps(cache))
    gold = [g for g in load_split(POLNEAR / args.split) if g.name in cache]

    def run(label: str, fn: Callable) -> None:
        pred = {n: fn(copy.deepcopy(r), copy.deepcopy(lo)) for n, (r, lo) in cache.items()}
        j = score(pred, gold).to_json()
        e = j["exact"]
        print(
            f"{label:44} {e['source']['f1']:6} {e['cue']['f1']:6} {e['content']['f1']:6}"
            f"  attribution {j['attribution']['f1']}",
            flush=True,
        )

    def merged(policy: M.MergePolicy) -> Callable:
        return lambda rules, learned: M.merge_attributions(
            rules, learned.attributions, cue_prob=learned.cue_prob, policy=policy
        )

    print(f"{'':44} {'source':>6} {'cue':>6} {'content':>6}  (exact F1)")
    run("rules alone (--fast)", lambda r, lo: r)
    run("tagger alone", lambda r, lo: lo.attributions)
    run("shipped merge", merged(M.MergePolicy()))
    run("variant: take_rule_content_always", merged(M.MergePolicy(take_rule_content_always=True)))
    run("variant: keep_learned_crossing", merged(M.MergePolicy(replace_crossing_content=False)))
    run(
        "variant: keep_learned_addressed",
        merged(M.MergePolicy(replace_addressed_content=False)),
    )
    for how in ("missing", "overlapping", "always"):
        run(f"variant: rule source replaces {how}", merged(M.MergePolicy(rule_source=how)))
    run(
        "variant: keep_learned_contained_content",
        merged(M.MergePolicy(take_containing_rule_content=False)),
    )
    for share in (0.0, 0.3, 0.7):
        policy = M.MergePolicy(contained_min_share=share)
        run(f"variant: rule content over >= {share} learned share", merged(policy))
    run(
        "variant: learned roles kept, no rule-only",
        merged(
            M.MergePolicy(
                rule_source="missing",
                take_containing_rule_content=False,
                rule_only_min_cue_prob=1.01,
            )
        ),
    )
    for th in (0.0, 0.3, 0.5, 0.6, 1.01):
        policy = M.MergePolicy(rule_only_min_cue_prob=th)
        run(f"variant: rule-only attributions at cue P >= {th}", merged(policy))


if __name__ == "__main__":
    main()
