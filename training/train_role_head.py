"""Retrain the one-pass tagger's role head on the shipped encoder's frozen features.

    python training/train_role_head.py features --split train   # ~1.5 min, 2 threads
    python training/train_role_head.py features --split dev
    python training/train_role_head.py train --out training/runs/head --epochs 8
    python training/train_role_head.py export --run training/runs/head

The one-pass tagger's encoder (``encoder.onnx``, int8) stays as shipped: its
stitched hidden states and cue probabilities are computed once per article and
cached (``features``). The role head (``train_one_pass.head_class``) starts from
the shipped head, dequantised from ``role_project.onnx`` / ``role_head.onnx``,
and trains alone, so an epoch costs about a minute on a CPU instead of the
encoder's hour.

Two differences from the joint training of ``train_one_pass.py``, both aimed at
what the head meets at inference:

* it reads the int8 encoder's states, not the fp32 ones it was trained on;
* besides the gold cues (teacher forcing), it reads the cue runs the shipped cue
  decoding finds (``T.cue_runs`` at the model's thresholds): a run that overlaps
  a gold cue gets that attribution's labels, with the run's own boundaries; a
  run that overlaps none gets no source and no content, which teaches the head
  to leave a spurious cue without content (the decoder then drops it).

Each epoch is scored on PolNeAR dev in the full mode (rules merged and cue
endings cut as ``claimwatch analyze`` does); the best epoch is kept in ``RUN/head.pt``.
Needs torch and onnx (training only).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import pickle
import random
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from onnx_weights import dequantize, initializers, unnamed_matmuls  # noqa: E402
from train_one_pass import export_head, head_class, role_labels  # noqa: E402
from train_tagger import IGNORE, POLNEAR, cue_range, start_run  # noqa: E402

from claimwatch.analyze import one_pass as P  # noqa: E402
from claimwatch.analyze import tagger as T  # noqa: E402
from claimwatch.evaluate.polnear import load_split  # noqa: E402

RUNS = ROOT / "training" / "runs"


def features_path(split: str) -> Path:
    return RUNS / f"features-{split}.pkl"


def cmd_features(args: argparse.Namespace) -> None:
    """Stitched P(cue) and hidden states (fp16) of every article, from the shipped encoder."""
    tagger = P.OnePassTagger.load(threads=args.threads)
    out = {}
    t0 = time.time()
    for doc in load_split(POLNEAR / args.split):
        enc = T.encode(tagger.tokenizer, doc.text)
        probs, hidden = tagger.encode_article(enc)
        out[doc.name] = (probs.astype(np.float32), hidden.astype(np.float16))
    RUNS.mkdir(parents=True, exist_ok=True)
    features_path(args.split).write_bytes(pickle.dumps(out))
    print(f"{len(out)} articles in {time.time() - t0:.0f}s -> {features_path(args.split)}")


# ---------------------------------------------------------------- examples


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def windows(split: str, thresholds: tuple[float, float], negatives: bool) -> tuple[list, dict]:
    """Role windows (article name, cs, ce, labels over the role bounds) and features."""
    feats = pickle.loads(features_path(split).read_bytes())
    tok = T.load_tokenizer(P.MODEL_DIR / "tokenizer.json")
    out = []
    for doc in load_split(POLNEAR / split):
        if doc.name not in feats:
            continue
        enc = T.encode(tok, doc.text)
        n = len(enc.ids)
        probs = feats[doc.name][0]
        gold = []
        for att in doc.attributions:
            cs, ce = cue_range(enc, att)
            if cs < n:
                gold.append(((cs, ce), role_labels(enc, att)))
        seen = set()
        for (cs, ce), lab in gold:
            seen.add((cs, ce))
            out.append((doc.name, cs, ce, _window_labels(lab, n, cs, ce)))
        for cs, ce in T.cue_runs(probs, *thresholds):
            if (cs, ce) in seen:
                continue
            best = max(gold, key=lambda g: _overlap(g[0], (cs, ce)), default=None)
            if best is not None and _overlap(best[0], (cs, ce)) > 0:
                out.append((doc.name, cs, ce, _window_labels(best[1], n, cs, ce)))
            elif negatives:
                out.append((doc.name, cs, ce, _window_labels([P.R_OUT] * n, n, cs, ce)))
    return out, feats


def _window_labels(lab: list[int], n: int, cs: int, ce: int) -> list[int]:
    a, b = P.role_bounds(n, cs, ce)
    return [IGNORE if cs <= k < ce else lab[k] for k in range(a, b)]


def batch_tensors(rows: list, feats: dict):
    import torch

    hs, qs, rels, ys = [], [], [], []
    for name, cs, ce, y in rows:
        H = feats[name][1]
        a, b = P.role_bounds(len(H), cs, ce)
        hs.append(H[a:b].astype(np.float32))
        qs.append(H[cs:ce].astype(np.float32).mean(0))
        rels.append(P.rel_ids(a, b, cs, ce))
        ys.append(y)
    t = max(len(r) for r in rels)
    hw = np.zeros((len(rows), t, P.HIDDEN), dtype=np.float32)
    mask = np.zeros((len(rows), t), dtype=np.float32)
    rel = np.zeros((len(rows), t), dtype=np.int64)
    yy = np.full((len(rows), t), IGNORE, dtype=np.int64)
    for k, (h, r, y) in enumerate(zip(hs, rels, ys, strict=True)):
        hw[k, : len(h)] = h
        mask[k, : len(h)] = 1
        rel[k, : len(r)] = r
        yy[k, : len(y)] = y
    return (
        torch.from_numpy(hw),
        torch.from_numpy(np.stack(qs)),
        torch.from_numpy(rel),
        torch.from_numpy(mask),
        torch.from_numpy(yy),
    )


# ---------------------------------------------------------------- the head


def load_shipped_head(head, model_dir: Path = P.MODEL_DIR) -> None:
    """Copy the shipped ONNX head's weights (int8 ones dequantised) into ``head``."""
    import torch

    w = initializers(model_dir / "role_project.onnx", model_dir / "role_head.onnx")
    # The block's MatMuls come in the module's order: qkv, o, f1, f2, out.
    matmuls = unnamed_matmuls(w)
    state = {k[2:]: v for k, v in w.items() if k.startswith("m.") and "_" not in k}
    state["cue.weight"] = dequantize(w, "m.cue.weight_Transposed").T
    state["cue2.weight"] = dequantize(w, "m.cue2.weight_Transposed").T
    state["rel.weight"] = dequantize(w, "m.rel.weight")
    names = ("block.qkv", "block.o", "block.f1", "block.f2", "out")
    for name, key in zip(names, matmuls, strict=True):
        state[f"{name}.weight"] = dequantize(w, key).T
    head.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()})


class DevScorer:
    """Scores a head on PolNeAR dev as ``claimwatch analyze`` would: the shipped cue
    decoding, the head, ``decode_roles``, then the merge with the rules."""

    def __init__(self, thresholds: tuple[float, float]) -> None:
        from claimwatch.analyze.attributions import find_attributions
        from claimwatch.analyze.nlp import load_nlp
        from claimwatch.analyze.quotes import Quotes

        self.gold = load_split(POLNEAR / "dev")
        self.feats = pickle.loads(features_path("dev").read_bytes())
        tok = T.load_tokenizer(P.MODEL_DIR / "tokenizer.json")
        nlp = load_nlp()
        self.items = []
        docs = nlp.pipe([d.text for d in self.gold], batch_size=16)
        for d, sdoc in zip(self.gold, docs, strict=True):
            enc = T.encode(tok, d.text)
            probs, hidden = self.feats[d.name]
            rules = find_attributions(sdoc, Quotes(d.text))
            self.items.append((d, enc, probs, hidden, rules))
        self.thresholds = thresholds

    def __call__(self, head, thresholds: tuple[float, float] | None = None) -> dict:
        import torch

        from claimwatch.analyze.cue_trailing import trim_cue
        from claimwatch.analyze.merge import merge_attributions
        from claimwatch.analyze.pipeline import TaggerOutput
        from claimwatch.evaluate.polnear import score

        head.eval()
        tagger_only, full = {}, {}
        with torch.no_grad():
            for d, enc, probs, hidden, rules in self.items:
                cues = T.cue_runs(probs, *(thresholds or self.thresholds))
                atts = []
                if cues:
                    rows = [(d.name, cs, ce, [0]) for cs, ce in cues]
                    hw, q, rel, mask, _ = batch_tensors(rows, {d.name: (probs, hidden)})
                    roles = torch.softmax(head(hw, q, rel, mask), -1).numpy()
                    n = len(enc.ids)
                    for k, (cs, ce) in enumerate(cues):
                        a, b = P.role_bounds(n, cs, ce)
                        where = [-1 if cs <= i < ce else i for i in range(a, b)]
                        att = T.decode_roles(
                            d.text, enc, cs, ce, where, roles[k, : b - a], f"t{len(atts) + 1}"
                        )
                        if att is not None:
                            atts.append(att)
                tagger_only[d.name] = copy.deepcopy(atts)
                lo = TaggerOutput(atts, enc.starts, enc.ends, probs.tolist())
                full[d.name] = merge_attributions(
                    copy.deepcopy(rules), lo.attributions, cue_prob=lo.cue_prob
                )
                for att in full[d.name]:
                    trim_cue(d.text, att)
        head.train()
        out = {}
        for label, pred in (("tagger", tagger_only), ("full", full)):
            j = score(pred, self.gold).to_json()
            e = j["exact"]
            out[label] = {
                "source": e["source"]["f1"],
                "cue": e["cue"]["f1"],
                "content": e["content"]["f1"],
                "attribution": j["attribution"]["f1"],
            }
        return out


def cmd_train(args: argparse.Namespace) -> None:
    import torch
    import torch.nn.functional as F

    out, say = start_run(args)
    meta = json.loads((P.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    thresholds = tuple(meta["cue_thresholds"])
    if args.train_thresholds:
        train_thr = tuple(float(x) for x in args.train_thresholds.split("/"))
    else:
        train_thr = thresholds
    rows, feats = windows("train", train_thr, not args.no_negatives)
    say(f"{len(rows)} role windows from {len(feats)} articles; args {vars(args)}")
    head = head_class()(dropout=args.dropout)
    if not args.fresh:
        load_shipped_head(head)
    scorer = DevScorer(thresholds)
    best = scorer(head)
    say(f"shipped head: {best}")
    best_key = best["full"]["attribution"]
    torch.save(head.state_dict(), out / "head.pt")
    opt = torch.optim.AdamW(head.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(rows) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1.0 - s / steps)
    )
    t0 = time.time()
    history = []
    for epoch in range(args.epochs):
        random.shuffle(rows)
        run = 0.0
        for k in range(0, len(rows), args.batch):
            hw, q, rel, mask, y = batch_tensors(rows[k : k + args.batch], feats)
            logits = head(hw, q, rel, mask)
            loss = F.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=IGNORE
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            run += loss.item()
        figures = scorer(head)
        history.append({"epoch": epoch, "loss": run / (len(rows) / args.batch), **figures})
        say(
            f"epoch {epoch} loss {history[-1]['loss']:.4f} {figures} {(time.time() - t0) / 60:.1f}min"
        )
        if figures["full"]["attribution"] > best_key:
            best_key = figures["full"]["attribution"]
            torch.save(head.state_dict(), out / "head.pt")
            say(f"  kept epoch {epoch}")
    record = {
        "head": "retrained on the shipped int8 encoder's frozen features",
        "init": "fresh" if args.fresh else "the shipped head (dequantised)",
        "train_split": "PolNeAR train (840 articles, first-listed annotator)",
        "windows": len(rows),
        "negatives": not args.no_negatives,
        "epochs": args.epochs,
        "lr": args.lr,
        "batch": args.batch,
        "dropout": args.dropout,
        "seed": args.seed,
        "threads": args.threads,
        "train_minutes": round((time.time() - t0) / 60, 1),
        "selected_on": "PolNeAR dev, full-mode attribution F1 after each epoch",
        "best_dev_full_attribution": best_key,
        "history": history,
        "date": date.today().isoformat(),
    }
    (out / "head_meta.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    say(f"done: best dev full attribution {best_key}")


def cmd_export(args: argparse.Namespace) -> None:
    import torch

    run = Path(args.run)
    head = head_class()()
    head.load_state_dict(torch.load(run / "head.pt"))
    head.eval()
    target = Path(args.target) if args.target else P.MODEL_DIR
    target.mkdir(parents=True, exist_ok=True)
    export_head(head, run, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    meta["role_head"] = json.loads((run / "head_meta.json").read_text(encoding="utf-8"))
    meta["role_head"].pop("history", None)
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    print(f"exported the role head to {target}")


def cmd_eval(args: argparse.Namespace) -> None:
    """Score a trained head (or the shipped one) on dev at several cue thresholds."""
    import torch

    head = head_class()()
    if args.run:
        head.load_state_dict(torch.load(Path(args.run) / "head.pt"))
    else:
        load_shipped_head(head)
    meta = json.loads((P.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    scorer = DevScorer(tuple(meta["cue_thresholds"]))
    for pair in args.thresholds.split(","):
        start, extend = (float(x) for x in pair.split("/"))
        print(f"cue thresholds {pair}: {scorer(head, (start, extend))}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    fe = sub.add_parser("features")
    fe.add_argument("--split", default="train")
    fe.add_argument("--threads", type=int, default=2)
    tr = sub.add_parser("train")
    tr.add_argument("--out", default=str(RUNS / "head"))
    tr.add_argument("--epochs", type=int, default=8)
    tr.add_argument("--lr", type=float, default=3e-4)
    tr.add_argument("--batch", type=int, default=64)
    tr.add_argument("--dropout", type=float, default=0.1)
    tr.add_argument("--seed", type=int, default=31)
    tr.add_argument("--threads", type=int, default=2)
    tr.add_argument("--fresh", action="store_true", help="start from random weights")
    tr.add_argument(
        "--train-thresholds", default="", help="cue start/extend for the training candidates"
    )
    tr.add_argument("--no-negatives", action="store_true", help="no windows for spurious cues")
    ex = sub.add_parser("export")
    ex.add_argument("--run", default=str(RUNS / "head"))
    ex.add_argument("--target", default="")
    ev = sub.add_parser("eval")
    ev.add_argument("--run", default="", help="a run folder (default: the shipped head)")
    ev.add_argument("--thresholds", default="0.7/0.4,0.6/0.4,0.5/0.4,0.5/0.3")
    args = ap.parse_args()
    commands = {
        "features": cmd_features,
        "train": cmd_train,
        "export": cmd_export,
        "eval": cmd_eval,
    }
    commands[args.cmd](args)


if __name__ == "__main__":
    main()
