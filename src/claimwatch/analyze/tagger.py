"""The cross attribution tagger, and the wordpiece encoding and span decoding that the
shipped one-pass tagger (:mod:`claimwatch.analyze.one_pass`) shares with it.

The cross tagger is one fine-tuned MiniLM-L6 encoder (int8 ONNX, trained and
exported by ``training/train_tagger.py``; no longer shipped in the package: the
one-pass tagger is twice as fast and more accurate, and starts from its weights)
with one BIO head of seven labels, used in two passes:

1. **cue pass**: the article's wordpieces in overlapping windows
   (``CUE_WINDOW`` wordpieces, stride ``CUE_STRIDE``) are tagged ``B/I-CUE``;
   each wordpiece keeps the label from the window where it is most central.
2. **role pass**: for every cue found, a window of ``ROLE_LEFT`` wordpieces before
   and ``ROLE_RIGHT`` after the cue, with the cue wrapped in the marker tokens
   ``[unused0]`` ... ``[unused1]``, is tagged ``B/I-SRC`` and ``B/I-CON``. The
   window ignores sentence boundaries, so content may run into the neighbouring
   sentences (and nested attributions get their own window each).

Every span is made of whole wordpieces and mapped back to character offsets of
the input text through the tokenizer's offsets: ``span.text ==
text[span.start:span.end]`` always holds. Content runs separated by nothing but
whitespace are merged; runs separated by other text (a cue or source inside a
quote) stay separate pieces. The type is ``direct`` when every content piece is
quoted, ``indirect`` when none is, ``mixed`` otherwise. ``speaker`` is left None:
speaker resolution belongs to the rule layer.

Runtime needs ``onnxruntime``, ``tokenizers`` and ``numpy`` only (no torch).
The same encoding functions are used by ``training/train_tagger.py``.

Usage::

    from claimwatch.analyze.tagger import AttributionTagger

    tagger = AttributionTagger.load(run_dir)   # cached; ~0.3 s
    attributions = tagger.predict(text)        # list[claimwatch.records.Attribution]
"""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimwatch.errors import ModelError
from claimwatch.records import Attribution, Span

LABELS = ("O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON")
OUTSIDE, B_CUE, I_CUE, B_SRC, I_SRC, B_CON, I_CON = range(7)
CLS_ID, SEP_ID, PAD_ID, MARK_L, MARK_R = 101, 102, 0, 1, 2  # [unused0], [unused1]
CUE_WINDOW, CUE_STRIDE = 126, 100
ROLE_LEFT, ROLE_RIGHT = 56, 88
CUE_THRESHOLD, CUE_EXTEND = 0.7, 0.3  # tuned on PolNeAR dev (training/train_tagger.py tune)
MIN_PIECE = 3  # wordpieces: a shorter content piece beside a longer one is dropped
QUOTES_OPEN = "\"“'‘"
QUOTES_CLOSE = "\"”'’"


# ---------------------------------------------------------------- encoding


@dataclass(slots=True)
class Encoded:
    """The article's wordpieces: ids and character offsets (start, end) of each."""

    ids: list[int]
    starts: list[int]
    ends: list[int]

    def piece_at(self, char: int) -> int:
        """Index of the first wordpiece that ends after ``char``."""
        return bisect.bisect_right(self.ends, char)


def encode(tokenizer: Any, text: str) -> Encoded:
    enc = tokenizer.encode(text, add_special_tokens=False)
    return Encoded(list(enc.ids), [o[0] for o in enc.offsets], [o[1] for o in enc.offsets])


def load_tokenizer(path: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def cue_windows(
    n: int, window: int = CUE_WINDOW, stride: int = CUE_STRIDE
) -> list[tuple[int, int]]:
    """Wordpiece windows [a, b) covering ``n`` wordpieces for the cue pass, of
    ``window`` wordpieces every ``stride``."""
    if n <= window:
        return [(0, n)]
    out, a = [], 0
    while True:
        b = min(a + window, n)
        out.append((a, b))
        if b == n:
            return out
        a += stride


def stitch_index(
    n: int, window: int = CUE_WINDOW, stride: int = CUE_STRIDE
) -> tuple[list[int], list[int]]:
    """For each of ``n`` wordpieces, the cue window where it is most central and
    its position in that window's input (after ``[CLS]``)."""
    best = [-1] * n
    w_of = [0] * n
    p_of = [0] * n
    for w, (a, b) in enumerate(cue_windows(n, window, stride)):
        for k in range(a, b):
            centrality = min(k - a, b - 1 - k)
            if centrality > best[k]:
                best[k], w_of[k], p_of[k] = centrality, w, k - a + 1
    return w_of, p_of


def cue_input(enc: Encoded, a: int, b: int) -> list[int]:
    return [CLS_ID, *enc.ids[a:b], SEP_ID]


def role_input(enc: Encoded, cs: int, ce: int) -> tuple[list[int], list[int]]:
    """Input ids for the role pass of the cue wordpieces [cs, ce), and for each input
    position the wordpiece index it stands for (-1 for specials, markers, cue)."""
    a = max(0, cs - ROLE_LEFT)
    b = min(len(enc.ids), ce + ROLE_RIGHT)
    ids = [CLS_ID, *enc.ids[a:cs], MARK_L, *enc.ids[cs:ce], MARK_R, *enc.ids[ce:b], SEP_ID]
    where = [-1, *range(a, cs), -1, *([-1] * (ce - cs)), -1, *range(ce, b), -1]
    return ids, where


def runs(labels: Sequence[int], b: int, i: int) -> list[tuple[int, int]]:
    """[start, end) index runs of a BIO label pair (an I after O starts a run)."""
    out: list[tuple[int, int]] = []
    start = None
    for k, lab in enumerate(labels):
        if lab == b or (lab == i and start is None):
            if start is not None:
                out.append((start, k))
            start = k
        elif lab != i and start is not None:
            out.append((start, k))
            start = None
    if start is not None:
        out.append((start, len(labels)))
    return out


def cue_runs(probs: np.ndarray, threshold: float, extend: float) -> list[tuple[int, int]]:
    """Runs [start, end) of wordpieces around each P(cue) > ``threshold``, widened to
    the neighbours with P(cue) > ``extend`` (hysteresis: multi-word cues such as
    "has pooh-poohed" are often sure of one word only)."""
    out: list[tuple[int, int]] = []
    k, n = 0, len(probs)
    while k < n:
        if probs[k] > threshold:
            s, e = k, k + 1
            while s > 0 and probs[s - 1] > extend and (not out or s > out[-1][1]):
                s -= 1
            while e < n and probs[e] > extend:
                e += 1
            out.append((s, e))
            k = e
        else:
            k += 1
    return out


def attribution_type(content: Sequence[Span]) -> str:
    quoted = 0
    for p in content:
        s = p.text.strip()
        if s[:1] in QUOTES_OPEN[:2] or s[-1:] in QUOTES_CLOSE[:2]:
            quoted += 1
    if quoted == 0:
        return "indirect"
    return "direct" if quoted == len(content) else "mixed"


# ---------------------------------------------------------------- the tagger


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words where it cuts between two word characters."""
    while 0 < start < len(text) and _word_char(text[start - 1]) and _word_char(text[start]):
        start -= 1
    while 0 < end < len(text) and _word_char(text[end - 1]) and _word_char(text[end]):
        end += 1
    return start, end


_TRAILING_ARTICLE = re.compile(r"\s+(?:a|an|the)$", re.IGNORECASE)


def trim_cue(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an article the cue run ends on ("accused a"): 1 PolNeAR train cue in
    19,832 ends on one, and the tagger's cue runs sometimes reach into the next noun
    phrase (+0.1 exact cue F1 on dev)."""
    m = _TRAILING_ARTICLE.search(text, start, end)
    return (start, m.start()) if m and m.start() > start else (start, end)


def nearest_line(text: str, start: int, end: int, anchor: int) -> tuple[int, int]:
    """The part of [start, end) on one line, the line nearest ``anchor`` (the cue).

    PolNeAR contents never cross a line break (1 piece in 23,289 in train); a
    content that runs on into the next paragraph keeps the cue's side (+0.4 exact
    content F1 on dev)."""
    if "\n" not in text[start:end].strip():
        return start, end
    lines, a = [], start
    for part in text[start:end].split("\n"):
        b = a + len(part)
        if part.strip():
            lines.append((a, b))
        a = b + 1
    a, b = min(
        lines,
        key=lambda r: 0 if r[0] <= anchor <= r[1] else min(abs(r[0] - anchor), abs(r[1] - anchor)),
    )
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _pad(batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    n = max(len(x) for x in batch)
    ids = np.full((len(batch), n), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(batch), n), dtype=np.int64)
    for k, x in enumerate(batch):
        ids[k, : len(x)] = x
        mask[k, : len(x)] = 1
    return ids, mask


def default_threads() -> int:
    """onnxruntime intra-op threads: ``CLAIMWATCH_THREADS``, else 1 (one per worker)."""
    return int(os.environ.get("CLAIMWATCH_THREADS", "1"))


def onnx_sessions(paths: Sequence[Path], threads: int) -> list[Any]:
    """CPU onnxruntime sessions for ``paths``, ``threads`` intra-op threads each."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return [ort.InferenceSession(str(p), opts, providers=["CPUExecutionProvider"]) for p in paths]


class AttributionTagger:
    """Source/cue/content tagger over plain text (see the module doc)."""

    _cached: dict[str, AttributionTagger] = {}
    _lock = threading.Lock()

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        batch_size: int = 32,
        cue_threshold: float = CUE_THRESHOLD,
        cue_extend: float = CUE_EXTEND,
    ) -> None:
        self.session = session
        self.cue_threshold = cue_threshold
        self.cue_extend = cue_extend
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self._input_names = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, model_dir: Path, threads: int | None = None) -> AttributionTagger:
        """Load (once per process, then cached) the shipped int8 ONNX model.

        ``threads``: intra-op threads for onnxruntime (default: the
        ``CLAIMWATCH_THREADS`` environment variable, else 1).
        """
        model_dir = Path(model_dir)
        threads = default_threads() if threads is None else threads
        key = f"{model_dir}:{threads}"
        with cls._lock:
            if key in cls._cached:
                return cls._cached[key]
            onnx = model_dir / "model.onnx"
            tok_path = model_dir / "tokenizer.json"
            if not onnx.is_file() or not tok_path.is_file():
                raise ModelError(f"attribution tagger model missing in {model_dir}")
            try:
                (session,) = onnx_sessions([onnx], threads)
                tokenizer = load_tokenizer(tok_path)
            except ImportError as exc:
                raise ModelError(
                    f"the attribution tagger needs onnxruntime and tokenizers: {exc}"
                ) from exc
            except Exception as exc:  # onnxruntime raises its own error types
                raise ModelError(f"cannot load the attribution tagger: {exc}") from exc
            tagger = cls(session, tokenizer)
            cls._cached[key] = tagger
            return tagger

    # -- model calls

    def _logits(self, batch: list[list[int]]) -> list[np.ndarray]:
        out: list[np.ndarray] = []
        order = sorted(range(len(batch)), key=lambda k: len(batch[k]))
        result: list[np.ndarray | None] = [None] * len(batch)
        for s in range(0, len(order), self.batch_size):
            idx = order[s : s + self.batch_size]
            ids, mask = _pad([batch[k] for k in idx])
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            logits = self.session.run(None, feeds)[0]
            for row, k in enumerate(idx):
                result[k] = logits[row, : len(batch[k])]
        out = [r for r in result if r is not None]
        return out

    # -- passes

    def cue_probs(self, enc: Encoded) -> np.ndarray:
        """P(cue) of every wordpiece, from the window where it is most central."""
        n = len(enc.ids)
        out = np.zeros(n, dtype=np.float32)
        if n == 0:
            return out
        logits = self._logits([cue_input(enc, a, b) for a, b in cue_windows(n)])
        w_of, p_of = stitch_index(n)
        p = softmax(np.stack([logits[w][k] for w, k in zip(w_of, p_of, strict=True)]))
        return (p[:, B_CUE] + p[:, I_CUE]).astype(np.float32)

    def roles(
        self, text: str, enc: Encoded, cue_runs: Sequence[tuple[int, int]]
    ) -> list[Attribution]:
        """The role pass: one attribution per cue run that has a content."""
        if not cue_runs:
            return []
        inputs = [role_input(enc, cs, ce) for cs, ce in cue_runs]
        logits = self._logits([ids for ids, _ in inputs])
        out: list[Attribution] = []
        for (cs, ce), (_, where), lg in zip(cue_runs, inputs, logits, strict=True):
            att = self._decode(text, enc, cs, ce, where, lg, f"t{len(out) + 1}")
            if att is not None:
                out.append(att)
        return out

    def predict(
        self, text: str, sentences: list[tuple[int, int]] | None = None
    ) -> list[Attribution]:
        """Attributions of ``text`` with offsets into it, in cue order.

        ``sentences`` is accepted for API symmetry with the rule layer and is not
        needed: windows are cut in wordpieces around each cue.
        """
        return self.tag(text)[0]

    def tag(self, text: str) -> tuple[list[Attribution], Encoded, np.ndarray]:
        """``predict``, with the encoding and every wordpiece's P(cue) beside it."""
        enc = encode(self.tokenizer, text)
        probs = self.cue_probs(enc)
        cues = cue_runs(probs, self.cue_threshold, self.cue_extend)
        return self.roles(text, enc, cues), enc, probs

    @staticmethod
    def _decode(
        text: str,
        enc: Encoded,
        cs: int,
        ce: int,
        where: list[int],
        logits: np.ndarray,
        aid: str,
    ) -> Attribution | None:
        """``decode_roles`` of one role window's seven-label logits."""
        p = softmax(logits)
        return decode_roles(
            text, enc, cs, ce, where, p[:, [OUTSIDE, B_SRC, I_SRC, B_CON, I_CON]], aid
        )


def best_segment(first: Sequence[float], inner: Sequence[float]) -> tuple[int, int, float] | None:
    """The run [s, e) with the highest score ``first[s] + sum(inner[s+1:e])``, if above 0
    (Kadane's maximum subarray with a separate score for a run's first position)."""
    best: tuple[int, int, float] | None = None
    cur, start = 0.0, -1
    for k, (f, i) in enumerate(zip(first, inner, strict=True)):
        if start < 0 or f > cur + i:
            cur, start = f, k
        else:
            cur += i
        if cur > 0 and (best is None or cur > best[2]):
            best = (start, k + 1, cur)
    return best


def decode_roles(
    text: str,
    enc: Encoded,
    cs: int,
    ce: int,
    where: list[int],
    roles: np.ndarray,
    aid: str,
) -> Attribution | None:
    """Spans of one role window around the cue wordpieces [cs, ce).

    ``where``: the article wordpiece of each window position (-1 for specials,
    markers, cue); ``roles``: per position P(O), P(B-SRC), P(I-SRC), P(B-CON),
    P(I-CON). The content is, on each side of the cue, the run with the highest
    log-odds of content against the rest, its first wordpiece scored as B-CON and
    the others as I-CON; a run is kept when that score is positive. On PolNeAR dev
    this gives +1.6 exact content F1 over taking each wordpiece's likeliest role,
    which ends contents at any single doubtful wordpiece. A piece shorter than
    ``MIN_PIECE`` beside a longer one on the cue's other side is dropped. The
    source is decoded the same way (B-SRC, I-SRC) over the stretches of the window
    outside the cue and the content, and the best-scoring run of all is kept
    (+0.6 exact source F1 of the tagger alone over the likeliest-role run with the
    highest mean P(source))."""
    pos = [k for k, w in enumerate(where) if w >= 0]
    if not pos:
        return None
    wps = [where[k] for k in pos]
    r = roles[pos]
    p_src, p_con = r[:, 1] + r[:, 2], r[:, 3] + r[:, 4]
    eps = 1e-6
    rest = np.log(1.0 - p_con + eps)
    first = (np.log(r[:, 3] + eps) - rest).tolist()
    inner = (np.log(r[:, 4] + eps) - rest).tolist()
    runs: list[tuple[int, int]] = []
    for side in (
        [k for k, w in enumerate(wps) if w < cs],
        [k for k, w in enumerate(wps) if w >= ce],
    ):
        if side:
            best = best_segment([first[k] for k in side], [inner[k] for k in side])
            if best is not None:
                runs.append((side[best[0]], side[best[1] - 1] + 1))
    if not runs:
        return None
    if len(runs) > 1 and any(e - s >= MIN_PIECE for s, e in runs):
        runs = [(s, e) for s, e in runs if e - s >= MIN_PIECE]
    cue_at = enc.starts[cs]
    merged = [
        nearest_line(text, *snap(text, enc.starts[wps[s]], enc.ends[wps[e - 1]]), cue_at)
        for s, e in runs
    ]
    in_content = {k for s, e in runs for k in range(s, e)}
    s_first = (np.log(r[:, 1] + eps) - np.log(1.0 - p_src + eps)).tolist()
    s_inner = (np.log(r[:, 2] + eps) - np.log(1.0 - p_src + eps)).tolist()
    stretches: list[list[int]] = []
    for k, w in enumerate(wps):
        if k in in_content or cs <= w < ce:
            continue
        if stretches and stretches[-1][-1] == k - 1 and wps[k - 1] == w - 1:
            stretches[-1].append(k)
        else:
            stretches.append([k])
    cands: list[tuple[float, int, int]] = []
    for st in stretches:
        best = best_segment([s_first[k] for k in st], [s_inner[k] for k in st])
        if best is not None:
            cands.append((best[2], st[best[0]], st[best[1] - 1] + 1))
    source = None
    if cands:
        _, s0, e0 = max(cands)
        source = Span.of(text, *snap(text, enc.starts[wps[s0]], enc.ends[wps[e0 - 1]]))
    content = [Span.of(text, a, b) for a, b in merged]
    return Attribution(
        id=aid,
        cue=Span.of(text, *trim_cue(text, *snap(text, enc.starts[cs], enc.ends[ce - 1]))),
        content=content,
        type=attribution_type(content),  # type: ignore[arg-type]
        source=source,
    )
