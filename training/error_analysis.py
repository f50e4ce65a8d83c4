"""Error analysis of the attribution tagger on PolNeAR dev, by category (markdown to stdout).

    python training/error_analysis.py [--split dev] [--threads 2] [--mode full|fast|tagger]

``--mode``: ``full`` (default) analyzes as ``claimwatch analyze`` does (rules merged
with the one-pass tagger); ``fast`` the rules alone; ``tagger`` the one-pass tagger
alone.

Categories of a gold attribution (one attribution can be in several):
direct / mixed / indirect (quotes around the content pieces), belief or intention
(the cue is a verb of thinking, wanting, planning, backing; list below),
source-less, pronoun source, cross-sentence content (the content leaves the
cue's sentence; sentences from spaCy's rule sentencizer). For each: the number
of gold attributions, the share matched as a whole (attribution F1's matching)
and the share whose cue, source and content are found exactly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from claimwatch.analyze.tagger import attribution_type  # noqa: E402
from claimwatch.evaluate.polnear import (  # noqa: E402
    PolnearScores,
    load_split,
    normalise,
    score_doc,
)

BELIEF = set(
    """believe believes believed believing think thinks thought want wants wanted
    plan plans planned planning hope hopes hoped expect expects expected intend intends
    intended fear fears feared feel feels felt know knows knew wish wishes worry worries
    worried support supports supported back backs backed endorse endorses endorsed
    oppose opposes opposed seek seeks sought aim aims consider considers considered
    suspect suspects suspected doubt doubts doubted agree agrees agreed prefer prefers
    convinced concerned sees see saw view views viewed trust trusts trusted like likes
    liked love loves loved hate hates hated refuse refuses refused try tries tried""".split()
)
PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "his", "her", "their", "him", "them"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mode", default="full", choices=["full", "fast", "tagger"])
    args = ap.parse_args()
    os.environ["CLAIMWATCH_THREADS"] = str(args.threads)
    import spacy

    snlp = spacy.blank("en")
    snlp.add_pipe("sentencizer")
    predict = predictor(args.mode)
    gold = load_split(ROOT.parent / "shared" / "polnear" / args.split)
    stats: dict[str, Counter] = defaultdict(Counter)
    failure: Counter = Counter()
    fp: Counter = Counter()
    total = PolnearScores()
    for doc in gold:
        text = doc.text
        pred = predict(text)
        m = score_doc(text, pred, doc, total)
        sent_of = {}
        for k, s in enumerate(snlp(text).sents):
            for c in range(s.start_char, s.end_char):
                sent_of[c] = k
        for gi, g in enumerate(doc.attributions):
            cats = ["all", attribution_type(g.content)]
            if any(w.lower() in BELIEF for w in " ".join(p.text for p in g.cue).split()):
                cats.append("belief/intention")
            if not g.source:
                cats.append("source-less")
            else:
                n = normalise(text, g.source[0].start, g.source[-1].end)
                if n and text[n[0] : n[1]].lower() in PRONOUNS:
                    cats.append("pronoun source")
            cue_sent = sent_of.get(g.cue[0].start)
            content_sents = {
                sent_of.get(c) for p in g.content for c in range(p.start, p.end) if c in sent_of
            }
            if content_sents - {cue_sent}:
                cats.append("cross-sentence content")
            hit = gi in m.attribution
            for c in cats:
                st = stats[c]
                st["n"] += 1
                st["attribution"] += hit
                st["cue"] += gi in m.exact["cue"]
                st["content"] += gi in m.exact["content"]
                if g.source:
                    st["with_source"] += 1
                    st["source"] += gi in m.exact["source"]
            if not hit:
                if gi not in m.overlap["cue"]:
                    failure["cue missed"] += 1
                elif gi not in m.overlap["content"]:
                    failure["cue found, content wrong"] += 1
                else:
                    failure["cue and content found, source wrong or missing"] += 1
        matched_p = set(m.attribution.values())
        cue_p = set(m.overlap["cue"].values())
        for pi in range(len(pred)):
            if pi in matched_p:
                continue
            fp["spurious cue" if pi not in cue_p else "cue right, content/source wrong"] += 1
    print("| category | gold | attribution recall | exact cue | exact source | exact content |")
    print("|---|---:|---:|---:|---:|---:|")
    order = ["all", "direct", "mixed", "indirect", "belief/intention", "source-less"]
    order += ["pronoun source", "cross-sentence content"]
    for c in order:
        st = stats[c]
        if not st["n"]:
            continue
        src = f"{100 * st['source'] / st['with_source']:.1f}" if st["with_source"] else "-"
        print(
            f"| {c} | {st['n']} | {100 * st['attribution'] / st['n']:.1f} | "
            f"{100 * st['cue'] / st['n']:.1f} | {src} | {100 * st['content'] / st['n']:.1f} |"
        )
    print("\nUnmatched gold attributions:", dict(failure))
    print("Unmatched predictions:", dict(fp))
    print()
    print(total.table())


def predictor(mode: str):
    """text -> attributions, for one of the ``--mode`` choices."""
    from claimwatch.analyze import Analyzer
    from claimwatch.analyze.one_pass import OnePassTagger
    from claimwatch.records import Article, InputRef
    from claimwatch.settings import Settings

    if mode == "tagger":
        return OnePassTagger.load().predict
    analyzer = Analyzer(Settings(fast=mode == "fast"))
    return lambda text: analyzer.analyze(Article(id="x", input=InputRef(), text=text)).attributions


if __name__ == "__main__":
    main()
