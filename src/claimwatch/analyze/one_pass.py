"""The one-pass attribution tagger: one encoder pass per article for cues and roles.

``analyze/models/one-pass-tagger/`` holds two ONNX graphs, trained by
``training/train_one_pass.py``:

* ``encoder.onnx`` (int8): the MiniLM-L6 encoder with the cue classifier. It reads
  the article in the cue windows of :mod:`claimwatch.analyze.tagger` and returns
  per-wordpiece label logits and hidden states. Each wordpiece keeps the logits
  and hidden state of the window where it is most central: the *stitched*
  article encoding.
* the role head (fp32, small), in two graphs: ``role_project.onnx`` projects every
  stitched state once per article; ``role_head.onnx`` takes, for each cue, the
  projections of the wordpieces from ``ROLE_LEFT`` before the cue to
  ``ROLE_RIGHT`` after it, the cue's mean state and each wordpiece's position
  relative to the cue, and returns B/I source and content logits. Every cue of
  an article goes in one batch.

Against the cross-encoder of :mod:`claimwatch.analyze.tagger`, which encodes a
fresh cue-marked window per cue (about 3.4x the article's length), the encoder
runs over each article once (1.26x its length): the role pass costs a few per
cent of it. Cue runs and span decoding are shared with that module, so spans
are whole wordpieces mapped back through the tokenizer's offsets
(``span.text == text[span.start:span.end]``).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from claimwatch.analyze import tagger as T
from claimwatch.errors import ModelError
from claimwatch.records import Attribution

MODEL_DIR = Path(__file__).resolve().parent / "models" / "one-pass-tagger"

ROLE_LABELS = ("O", "B-SRC", "I-SRC", "B-CON", "I-CON")
R_OUT, R_B_SRC, R_I_SRC, R_B_CON, R_I_CON = range(5)
ROLE_LEFT, ROLE_RIGHT = T.ROLE_LEFT, T.ROLE_RIGHT
N_REL = ROLE_LEFT + 1 + ROLE_RIGHT  # before the cue, the cue, after it
HEAD_DIM = 128
HIDDEN = 384  # the MiniLM-L6 encoder's width
stitch_index = T.stitch_index  # each wordpiece's most central window, as the cross tagger


def role_bounds(n: int, cs: int, ce: int) -> tuple[int, int]:
    """The wordpieces [a, b) the role head reads for the cue [cs, ce)."""
    return max(0, cs - ROLE_LEFT), min(n, ce + ROLE_RIGHT)


def rel_ids(a: int, b: int, cs: int, ce: int) -> list[int]:
    """Relative-position ids of the wordpieces [a, b) around the cue [cs, ce):
    ``0..ROLE_LEFT-1`` before it (nearest last), ``ROLE_LEFT`` on it, then after."""
    out = []
    for k in range(a, b):
        if k < cs:
            out.append(ROLE_LEFT - (cs - k))
        elif k < ce:
            out.append(ROLE_LEFT)
        else:
            out.append(ROLE_LEFT + (k - ce + 1))
    return out


class OnePassTagger:
    """Source/cue/content tagger over plain text, one encoder pass per article."""

    _cached: dict[str, OnePassTagger] = {}
    _lock = threading.Lock()

    def __init__(
        self,
        encoder: Any,
        project: Any,
        head: Any,
        tokenizer: Any,
        batch_size: int = 32,
        cue_threshold: float = T.CUE_THRESHOLD,
        cue_extend: float = T.CUE_EXTEND,
        cue_window: int = T.CUE_WINDOW,
        cue_stride: int = T.CUE_STRIDE,
    ) -> None:
        self.encoder = encoder
        self.project = project
        self.head = head
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self.cue_threshold = cue_threshold
        self.cue_extend = cue_extend
        self.cue_window, self.cue_stride = cue_window, cue_stride

    @classmethod
    def load(cls, model_dir: Path | None = None, threads: int | None = None) -> OnePassTagger:
        """Load (once per process, then cached) the shipped model.

        ``threads``: intra-op threads for onnxruntime (default: the
        ``CLAIMWATCH_THREADS`` environment variable, else 1).
        """
        model_dir = Path(model_dir) if model_dir else MODEL_DIR
        threads = T.default_threads() if threads is None else threads
        key = f"{model_dir}:{threads}"
        with cls._lock:
            if key in cls._cached:
                return cls._cached[key]
            names = ("encoder.onnx", "role_project.onnx", "role_head.onnx", "tokenizer.json")
            files = [model_dir / f for f in names]
            missing = [f.name for f in files if not f.is_file()]
            if missing:
                raise ModelError(f"one-pass tagger files missing in {model_dir}: {missing}")
            try:
                enc, project, head = T.onnx_sessions(files[:3], threads)
                tokenizer = T.load_tokenizer(files[3])
            except ImportError as exc:
                raise ModelError(f"the tagger needs onnxruntime and tokenizers: {exc}") from exc
            except Exception as exc:  # onnxruntime raises its own error types
                raise ModelError(f"cannot load the one-pass tagger: {exc}") from exc
            meta_path = model_dir / "meta.json"
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
            thresholds = meta.get("cue_thresholds", [T.CUE_THRESHOLD, T.CUE_EXTEND])
            # The cue windows the model was trained with; others cost recall.
            window, stride = meta.get("windows", {}).get("cue", [T.CUE_WINDOW, T.CUE_STRIDE])
            tagger = cls(
                enc,
                project,
                head,
                tokenizer,
                cue_threshold=thresholds[0],
                cue_extend=thresholds[1],
                cue_window=int(window),
                cue_stride=int(stride),
            )
            cls._cached[key] = tagger
            return tagger

    # -- passes

    def encode_article(self, enc: T.Encoded) -> tuple[np.ndarray, np.ndarray]:
        """Stitched P(cue) (n,) and hidden states (n, hidden) of the article."""
        n = len(enc.ids)
        if n == 0:
            return np.zeros(0, dtype=np.float32), np.zeros((0, HIDDEN), dtype=np.float32)
        wins = T.cue_windows(n, self.cue_window, self.cue_stride)
        inputs = [T.cue_input(enc, a, b) for a, b in wins]
        # Batches of equal-length windows: no padding (only the last window is short).
        by_length: dict[int, list[int]] = {}
        for k, x in enumerate(inputs):
            by_length.setdefault(len(x), []).append(k)
        longest = max(by_length)
        win_logits = np.zeros((len(inputs), longest, len(T.LABELS)), dtype=np.float32)
        win_hidden = np.zeros((len(inputs), longest, HIDDEN), dtype=np.float32)
        for same in by_length.values():
            for s in range(0, len(same), self.batch_size):
                idx = same[s : s + self.batch_size]
                ids = np.asarray([inputs[k] for k in idx], dtype=np.int64)
                mask = np.ones_like(ids)
                lg, hs = self.encoder.run(None, {"input_ids": ids, "attention_mask": mask})
                win_logits[idx, : ids.shape[1]] = lg
                win_hidden[idx, : ids.shape[1]] = hs
        w_of, p_of = stitch_index(n, self.cue_window, self.cue_stride)
        probs = T.softmax(win_logits[w_of, p_of])
        return probs[:, T.B_CUE] + probs[:, T.I_CUE], win_hidden[w_of, p_of]

    def role_probs(self, n: int, hidden: np.ndarray, cue_runs: list[tuple[int, int]]) -> np.ndarray:
        """The role head's probabilities (cue, wordpiece of its role window, label)
        for every cue run of an article of ``n`` wordpieces, in one batch."""
        bounds = [role_bounds(n, cs, ce) for cs, ce in cue_runs]
        (projected,) = self.project.run(None, {"hidden": hidden})
        t = max(b - a for a, b in bounds)
        c = len(cue_runs)
        pw = np.zeros((c, t, projected.shape[-1]), dtype=np.float32)
        q = np.zeros((c, hidden.shape[-1]), dtype=np.float32)
        rel = np.zeros((c, t), dtype=np.int64)
        mask = np.zeros((c, t), dtype=np.float32)
        for k, ((cs, ce), (a, b)) in enumerate(zip(cue_runs, bounds, strict=True)):
            pw[k, : b - a] = projected[a:b]
            q[k] = hidden[cs:ce].mean(0)
            rel[k, : b - a] = rel_ids(a, b, cs, ce)
            mask[k, : b - a] = 1.0
        feeds = {"projected": pw, "cue": q, "rel": rel, "mask": mask}
        (logits,) = self.head.run(None, feeds)
        return T.softmax(logits)  # R_OUT, R_B_SRC, R_I_SRC, R_B_CON, R_I_CON: decode_roles' order

    @staticmethod
    def decode(
        text: str, enc: T.Encoded, cue_runs: list[tuple[int, int]], roles: np.ndarray
    ) -> list[Attribution]:
        """One attribution per cue run whose role probabilities give a content."""
        n = len(enc.ids)
        out: list[Attribution] = []
        for k, (cs, ce) in enumerate(cue_runs):
            a, b = role_bounds(n, cs, ce)
            where = [-1 if cs <= i < ce else i for i in range(a, b)]
            att = T.decode_roles(text, enc, cs, ce, where, roles[k, : b - a], f"t{len(out) + 1}")
            if att is not None:
                out.append(att)
        return out

    def roles(
        self, text: str, enc: T.Encoded, hidden: np.ndarray, cue_runs: list[tuple[int, int]]
    ) -> list[Attribution]:
        """The role head over every cue run: one attribution per run with a content."""
        if not cue_runs:
            return []
        return self.decode(text, enc, cue_runs, self.role_probs(len(enc.ids), hidden, cue_runs))

    def tag(self, text: str) -> tuple[list[Attribution], T.Encoded, np.ndarray]:
        """Attributions of ``text``, with the encoding and every wordpiece's P(cue)."""
        enc = T.encode(self.tokenizer, text)
        probs, hidden = self.encode_article(enc)
        cues = T.cue_runs(probs, self.cue_threshold, self.cue_extend)
        return self.roles(text, enc, hidden, cues), enc, probs

    def predict(self, text: str) -> list[Attribution]:
        """Attributions of ``text`` with offsets into it, in cue order."""
        return self.tag(text)[0]
