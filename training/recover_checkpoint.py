"""Rebuild a trainable checkpoint of the shipped one-pass tagger from its ONNX files.

    python training/recover_checkpoint.py --out training/runs/recovered

Training runs are not kept in the repository (``training/runs/`` is ignored), so a
session that wants to continue training the shipped model starts from the model
itself: the int8 weights of ``encoder.onnx`` (per channel) and ``role_head.onnx``
are dequantised, the fp32 ones copied, into the MiniLM-L6 token classifier and
the role head of ``train_one_pass.make_model``. Writes ``OUT/checkpoint`` (a
transformers checkpoint for ``--init``) and ``OUT/one_pass.pt`` (for
``--resume``), then checks the rebuilt encoder against the ONNX one on PolNeAR
text: the label logits must agree to within the int8 activation rounding.

Continue with::

    python training/train_one_pass.py train --init OUT/checkpoint --resume OUT ...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from onnx_weights import dequantize, initializers, unnamed_matmuls  # noqa: E402
from train_one_pass import make_model  # noqa: E402
from train_role_head import load_shipped_head  # noqa: E402
from train_tagger import POLNEAR, base_model_dir  # noqa: E402

from claimwatch.analyze import one_pass as P  # noqa: E402
from claimwatch.analyze import tagger as T  # noqa: E402
from claimwatch.evaluate.polnear import load_split  # noqa: E402

# Each encoder layer's six matrices, in the order the exported graph computes them.
LAYER_MATRICES = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


def encoder_state(path: Path) -> dict[str, np.ndarray]:
    """The transformers state dict (``bert.*``, ``classifier.*``) of ``encoder.onnx``."""
    w = initializers(path)
    state = {}
    for k, v in w.items():
        if k.startswith("m.tagger.") and "_" not in k.split(".")[-1]:
            state[k[len("m.tagger.") :]] = v
        elif k.startswith("m.tagger.") and k.endswith(".weight_quantized"):
            name = k[len("m.tagger.") : -len("_quantized")]
            state[name] = dequantize(w, k[: -len("_quantized")])
    matmuls = unnamed_matmuls(w)
    layers = len(matmuls) // len(LAYER_MATRICES)
    assert len(matmuls) == layers * len(LAYER_MATRICES) + 1, len(matmuls)
    for n in range(layers):
        for j, name in enumerate(LAYER_MATRICES):
            key = matmuls[n * len(LAYER_MATRICES) + j]
            state[f"bert.encoder.layer.{n}.{name}.weight"] = dequantize(
                w, key
            ).T  # stored [in, out]
    state["classifier.weight"] = dequantize(w, matmuls[-1]).T
    return state


def main() -> None:
    import torch

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "training" / "runs" / "recovered"))
    args = ap.parse_args()
    out = Path(args.out)
    model = make_model(str(base_model_dir()))
    state = {
        k: torch.from_numpy(np.array(v))
        for k, v in encoder_state(P.MODEL_DIR / "encoder.onnx").items()
    }
    missing, unexpected = model.tagger.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    load_shipped_head(model.head)
    model.eval()
    # The rebuilt encoder against the shipped one, on the first dev articles.
    tagger = P.OnePassTagger.load(threads=2)
    diffs = []
    for doc in load_split(POLNEAR / "dev")[:5]:
        enc = T.encode(tagger.tokenizer, doc.text)
        a, b = T.cue_windows(len(enc.ids))[0]
        ids = np.asarray([T.cue_input(enc, a, b)], dtype=np.int64)
        onnx_logits, _ = tagger.encoder.run(
            None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        )
        with torch.no_grad():
            logits, _ = model.encode(torch.from_numpy(ids), torch.ones_like(torch.from_numpy(ids)))
        diffs.append(float(np.abs(onnx_logits - logits.numpy()).mean()))
    # int8 activations leave about 0.05-0.1; a wrong weight order gives 0.75 and more.
    print(f"mean |logit rebuilt - shipped| per article: {[round(d, 3) for d in diffs]}")
    if max(diffs) > 0.2:
        raise SystemExit("the rebuilt encoder does not reproduce the shipped one")
    (out / "checkpoint").mkdir(parents=True, exist_ok=True)
    model.tagger.save_pretrained(out / "checkpoint")
    torch.save(model.state_dict(), out / "one_pass.pt")
    print(f"wrote {out / 'checkpoint'} and {out / 'one_pass.pt'}")


if __name__ == "__main__":
    main()
