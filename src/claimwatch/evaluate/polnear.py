"""PolNeAR attribution scoring, exactly as ../shared/EVALUATION.md section 2 defines it.

Loading
    ``load_split(dir)`` reads ``dir/text/NAME.txt`` and, for each article, the
    ``dir/attributions/NAME_ANNOTATOR.ann`` file of the annotator listed first in
    ``metadata.tsv`` (default ``dir/../metadata.tsv``). Brat standoff: ``T`` lines
    (``Source``, ``Cue``, ``Content``, ``Attribution``/``Attribution-no-source``
    triggers; offsets may be discontinuous, ``0 5;7 12``) and ``E`` lines linking
    them (``Attribution:T4 Content:T3 Cue:T2 Source:T1``; a second content piece is
    a role ``Content2``). ``Discuss``/``Discard`` spans, ``#`` notes and the
    continuation lines of a span text that holds a newline are ignored. Offsets
    are always read from the offsets, the text is taken from the article.
    An event with no ``Cue`` uses its trigger span as the cue (the trigger is
    the cue span in PolNeAR); an event with no content is dropped.

Normalisation
    A span is compared after stripping whitespace and ``.,;:!?"'“”‘’—–-()`` from
    both ends. The normalised span is a pair of *offsets into the article text*:
    ``start`` moves right and ``end`` moves left past those characters, so two
    spans are equal when they cover the same characters after stripping. A span
    of punctuation alone (``:``, ``―``) keeps its offsets, whitespace-stripped
    only; a span of whitespace alone is dropped. Every piece of a discontinuous
    span is normalised on its own; a role's value is the *set* of its normalised
    pieces (a single span is a one-piece set).

Exact F1 per role (source, cue, content)
    Each attribution contributes its role value (if it has one) to a multiset of
    that role: a prediction counts as a true positive when an equal gold value
    is left unmatched (so two attributions sharing one source are two gold
    sources, and two predicted ones match them). Content is exact when its set of
    pieces is equal.

Overlap F1 per role
    Tokens are ``\\w+`` matches of the *article* text, identified by position
    (not by their string: "Trump" twice in a quote are two tokens). A span's
    tokens are the article tokens it overlaps (a span that cuts a word holds
    that word). A span with no word uses its non-space characters, identified
    by position. A content's tokens are the union over its pieces. Dice =
    2|A∩B| / (|A|+|B|); a pair matches when Dice >= 0.5. Matching is one-to-one,
    greedy by highest Dice (ties: gold order, then prediction order).

Attribution F1
    A predicted attribution matches a gold one when cue and content match by
    overlap (Dice >= 0.5), and the sources match by overlap or both are none.
    One-to-one, greedy by the sum of the three Dice values (a both-none source
    counts 1).

All counts are micro-averaged over the articles of the split.

Intervals (claimwatch's own addition, not part of EVALUATION.md)
    ``bootstrap_intervals`` resamples the split's articles with replacement and
    recomputes every micro-averaged F1: the central 95 % of the resampled F1s is
    the interval a figure's split leaves it (how far another split of the same
    kind, such as the held-out test split, can be expected to land).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimwatch.errors import EvaluationError
from claimwatch.records import Attribution, Span

STRIP_CHARS = ".,;:!?\"'“”‘’—–-()"
_WORD = re.compile(r"\w+")
ROLES = ("source", "cue", "content")

Piece = tuple[int, int]
Value = frozenset[Piece]


# ---------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: every role as a tuple of pieces (source may be empty)."""

    id: str
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    source: tuple[Span, ...] = ()


@dataclass(slots=True)
class GoldDoc:
    """One PolNeAR article: its text and the attributions of the scored annotator."""

    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)
    annotator: str | None = None

    def as_attributions(self) -> list[Attribution]:
        """The gold as ``claimwatch.records.Attribution`` (multi-piece source/cue are
        covered by one span from first start to last end; content keeps its pieces)."""
        out: list[Attribution] = []
        for g in self.attributions:
            cue = _cover(self.text, g.cue)
            source = _cover(self.text, g.source) if g.source else None
            out.append(
                Attribution(
                    id=g.id,
                    cue=cue,
                    content=list(g.content),
                    type=_quote_type(self.text, g.content),
                    source=source,
                )
            )
        return out


def _cover(text: str, pieces: Sequence[Span]) -> Span:
    return Span.of(text, min(p.start for p in pieces), max(p.end for p in pieces))


def _quote_type(text: str, content: Sequence[Span]) -> str:
    quoted = 0
    for p in content:
        s = p.text.strip()
        if s[:1] in '"“' or s[-1:] in '"”':
            quoted += 1
    if quoted == 0:
        return "indirect"
    return "direct" if quoted == len(content) else "mixed"


_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")


def parse_ann(ann: str, text: str) -> list[GoldAttribution]:
    """Parse one brat standoff file into gold attributions (see the module doc)."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            tid, label, offs = m.groups()
            pieces = []
            for part in offs.split(";"):
                a, b = part.split()
                start, end = int(a), int(b)
                if not 0 <= start <= end <= len(text):
                    raise EvaluationError(f"span {tid} {start}-{end} is outside the text")
                pieces.append(Span.of(text, start, end))
            spans[tid] = (label, tuple(pieces))
        elif line.startswith("E") and "\t" in line:
            eid, body = line.split("\t", 1)
            args = [tuple(a.split(":", 1)) for a in body.split() if ":" in a]
            events.append((eid, args))  # type: ignore[arg-type]
    out: list[GoldAttribution] = []
    for eid, args in events:
        if not args or not args[0][0].startswith("Attribution"):
            continue
        roles: dict[str, list[Span]] = {"source": [], "cue": [], "content": []}
        trigger: tuple[Span, ...] = ()
        for role, ref in args:
            if ref not in spans:
                raise EvaluationError(f"event {eid} refers to a missing span {ref}")
            pieces = spans[ref][1]
            base = role.rstrip("0123456789").lower()
            if base.startswith("attribution"):
                trigger = pieces
            elif base in roles:
                roles[base].extend(pieces)
        cue = roles["cue"] or list(trigger)
        if not cue or not roles["content"]:
            continue
        out.append(
            GoldAttribution(
                id=eid,
                cue=tuple(sorted(cue, key=lambda s: s.start)),
                content=tuple(sorted(roles["content"], key=lambda s: s.start)),
                source=tuple(sorted(roles["source"], key=lambda s: s.start)),
            )
        )
    return out


def read_metadata(metadata: Path) -> dict[str, list[str]]:
    """``filename -> annotators`` (in the listed order) from metadata.tsv."""
    try:
        with metadata.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
    except OSError as exc:
        raise EvaluationError(f"cannot read {metadata}: {exc}") from exc
    out: dict[str, list[str]] = {}
    for row in rows:
        name, annotators = row.get("filename"), row.get("annotators")
        if not name or annotators is None:
            raise EvaluationError(f"{metadata}: needs 'filename' and 'annotators' columns")
        out[name] = [a for a in re.split(r"[|,\s]+", annotators) if a]
    return out


def load_split(dir: Path, metadata: Path | None = None) -> list[GoldDoc]:
    """Load a PolNeAR split directory (``text/`` and ``attributions/``), sorted by name."""
    dir = Path(dir)
    metadata = Path(metadata) if metadata else dir.parent / "metadata.tsv"
    text_dir, ann_dir = dir / "text", dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvaluationError(f"{dir} has no text/ and attributions/ folders")
    annotators = read_metadata(metadata) if metadata.is_file() else {}
    docs: list[GoldDoc] = []
    for txt in sorted(text_dir.glob("*.txt")):
        name = txt.stem
        text = txt.read_text(encoding="utf-8")
        listed = annotators.get(name, [])
        chosen: Path | None = None
        for ann in listed:
            cand = ann_dir / f"{name}_{ann}.ann"
            if cand.is_file():
                chosen = cand
                break
        if chosen is None:
            found = sorted(ann_dir.glob(f"{name}_*.ann"))
            if not found:
                raise EvaluationError(f"{dir}: no annotation file for {name}")
            chosen = found[0]
        annotator = chosen.stem[len(name) + 1 :]
        try:
            gold = parse_ann(chosen.read_text(encoding="utf-8"), text)
        except EvaluationError as exc:
            raise EvaluationError(exc.message, input_label=str(chosen)) from exc
        docs.append(GoldDoc(name=name, text=text, attributions=gold, annotator=annotator))
    if not docs:
        raise EvaluationError(f"{dir}/text holds no .txt article")
    return docs


# ---------------------------------------------------------------- normalisation


def normalise(text: str, start: int, end: int) -> Piece | None:
    """Offsets of the span after stripping (see module doc); None for whitespace only."""
    s, e = start, end
    while s < e and (text[s].isspace() or text[s] in STRIP_CHARS):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in STRIP_CHARS):
        e -= 1
    if s < e:
        return (s, e)
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else None


def _value(text: str, pieces: Iterable[Span | Piece]) -> Value:
    out = set()
    for p in pieces:
        a, b = (p.start, p.end) if isinstance(p, Span) else p
        n = normalise(text, a, b)
        if n is not None:
            out.add(n)
    return frozenset(out)


class _Tokens:
    """Position-identified ``\\w+`` tokens of one article."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _WORD.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def of(self, value: Value) -> frozenset[Any]:
        import bisect

        toks: set[Any] = set()
        for s, e in value:
            i = bisect.bisect_right(self.ends, s)  # first token ending after s
            found = False
            while i < len(self.starts) and self.starts[i] < e:
                toks.add(i)
                found = True
                i += 1
            if not found:
                toks.update(("c", j) for j in range(s, e) if not self.text[j].isspace())
        return frozenset(toks)


def dice(a: frozenset[Any], b: frozenset[Any]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _greedy(pairs: list[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one greedy matching by highest score: gold index -> prediction index."""
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi in out or pi in used_p:
            continue
        out[gi] = pi
        used_p.add(pi)
    return out


# ---------------------------------------------------------------- scores


@dataclass(slots=True)
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def to_json(self) -> dict[str, Any]:
        return {
            "p": round(100 * self.precision, 2),
            "r": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


@dataclass(slots=True)
class PolnearScores:
    """Micro-averaged counts: ``exact[role]``, ``overlap[role]`` and ``attribution``."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    attribution: Counts = field(default_factory=Counts)
    articles: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "exact": {r: c.to_json() for r, c in self.exact.items()},
            "overlap": {r: c.to_json() for r, c in self.overlap.items()},
            "attribution": self.attribution.to_json(),
        }

    def rows(self) -> list[tuple[str, Counts]]:
        """The table's rows in order: ``("exact source", counts)`` ... ``("attribution", counts)``."""
        out = [
            (f"{kind} {r}", counts[r])
            for kind, counts in (("exact", self.exact), ("overlap", self.overlap))
            for r in ROLES
        ]
        return [*out, ("attribution", self.attribution)]

    def add(self, other: PolnearScores) -> None:
        """Add another set of articles' counts to these."""
        for (_, mine), (_, theirs) in zip(self.rows(), other.rows(), strict=True):
            mine.add(theirs.tp, theirs.pred, theirs.gold)
        self.articles += other.articles

    @classmethod
    def total(cls, articles: Iterable[PolnearScores]) -> PolnearScores:
        """The micro-averaged scores of several articles' (``score_articles``)."""
        out = cls()
        for one in articles:
            out.add(one)
        return out

    def table(self, intervals: dict[str, tuple[float, float]] | None = None) -> str:
        """The scores as a text table; with ``intervals`` (``bootstrap_intervals``), a
        column of each F1's 95 % interval."""
        head = f"{'PolNeAR (' + str(self.articles) + ' articles)':<24}{'P':>7}{'R':>7}{'F1':>7}"
        rows = [head + ("   95% interval" if intervals else "")]
        for name, c in self.rows():
            row = f"{name:<24}{100 * c.precision:7.1f}{100 * c.recall:7.1f}{100 * c.f1:7.1f}"
            if intervals:
                lo, hi = intervals[name]
                row += f"   {lo:5.1f} - {hi:5.1f}"
            rows.append(row)
        return "\n".join(rows)

    def __str__(self) -> str:
        return self.table()

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2)


@dataclass(slots=True)
class _Item:
    values: dict[str, Value | None]
    tokens: dict[str, frozenset[Any] | None]


def _items_gold(doc: GoldDoc, toks: _Tokens) -> list[_Item]:
    out = []
    for g in doc.attributions:
        vals: dict[str, Value | None] = {
            "source": _value(doc.text, g.source) or None,
            "cue": _value(doc.text, g.cue) or None,
            "content": _value(doc.text, g.content) or None,
        }
        out.append(_Item(vals, {r: toks.of(v) if v else None for r, v in vals.items()}))
    return out


def _items_pred(text: str, preds: Sequence[Attribution], toks: _Tokens) -> list[_Item]:
    out = []
    for a in preds:
        for sp in [a.cue, *a.content, *([a.source] if a.source else [])]:
            if not 0 <= sp.start <= sp.end <= len(text):
                raise EvaluationError(f"attribution {a.id}: span {sp.start}-{sp.end} outside text")
        vals: dict[str, Value | None] = {
            "source": (_value(text, [a.source]) or None) if a.source else None,
            "cue": _value(text, [a.cue]) or None,
            "content": _value(text, a.content) or None,
        }
        out.append(_Item(vals, {r: toks.of(v) if v else None for r, v in vals.items()}))
    return out


@dataclass(slots=True)
class DocMatch:
    """How one article's gold attributions fared (for error analysis).

    ``exact[role]``: gold indices whose role value is matched exactly;
    ``overlap[role]`` and ``attribution``: gold index -> prediction index.
    """

    exact: dict[str, set[int]] = field(default_factory=dict)
    overlap: dict[str, dict[int, int]] = field(default_factory=dict)
    attribution: dict[int, int] = field(default_factory=dict)


def score_doc(
    text: str, predicted: Sequence[Attribution], gold: GoldDoc, into: PolnearScores
) -> DocMatch:
    """Add one article's counts to ``into``; return which gold attributions matched."""
    match = DocMatch()
    toks = _Tokens(text)
    g_items = _items_gold(gold, toks)
    p_items = _items_pred(text, predicted, toks)
    for role in ROLES:
        gv = [(i, it) for i, it in enumerate(g_items) if it.values[role]]
        pv = [(i, it) for i, it in enumerate(p_items) if it.values[role]]
        gc = Counter(it.values[role] for _, it in gv)
        pc = Counter(it.values[role] for _, it in pv)
        into.exact[role].add(sum((gc & pc).values()), len(pv), len(gv))
        left = Counter(pc)
        match.exact[role] = set()
        for gi, it in gv:
            if left[it.values[role]] > 0:
                left[it.values[role]] -= 1
                match.exact[role].add(gi)
        pairs = []
        for gi, g in gv:
            for pi, p in pv:
                d = dice(g.tokens[role], p.tokens[role])  # type: ignore[arg-type]
                if d >= 0.5:
                    pairs.append((d, gi, pi))
        match.overlap[role] = _greedy(pairs)
        into.overlap[role].add(len(match.overlap[role]), len(pv), len(gv))
    pairs = []
    for gi, g in enumerate(g_items):
        for pi, p in enumerate(p_items):
            if not (
                g.tokens["cue"] and p.tokens["cue"] and g.tokens["content"] and p.tokens["content"]
            ):
                continue
            dc = dice(g.tokens["cue"], p.tokens["cue"])
            dt = dice(g.tokens["content"], p.tokens["content"])
            if dc < 0.5 or dt < 0.5:
                continue
            gs, ps = g.tokens["source"], p.tokens["source"]
            if gs is None and ps is None:
                ds = 1.0
            elif gs is None or ps is None:
                continue
            else:
                ds = dice(gs, ps)
                if ds < 0.5:
                    continue
            pairs.append((dc + dt + ds, gi, pi))
    match.attribution = _greedy(pairs)
    into.attribution.add(len(match.attribution), len(p_items), len(g_items))
    into.articles += 1
    return match


def score(predicted: dict[str, list[Attribution]], gold: list[GoldDoc]) -> PolnearScores:
    """Score predictions (article name -> attributions with offsets into its text).

    An article missing from ``predicted`` counts as predicting nothing; a name in
    ``predicted`` that is not in ``gold`` is an error.
    """
    return PolnearScores.total(score_articles(predicted, gold))


def score_articles(
    predicted: dict[str, list[Attribution]], gold: list[GoldDoc]
) -> list[PolnearScores]:
    """``score``, one ``PolnearScores`` per gold article (in gold order)."""
    names = {d.name for d in gold}
    unknown = sorted(set(predicted) - names)
    if unknown:
        raise EvaluationError(f"predictions for unknown articles: {', '.join(unknown[:5])}")
    out = []
    for doc in gold:
        one = PolnearScores()
        score_doc(doc.text, predicted.get(doc.name, []), doc, one)
        out.append(one)
    return out


def bootstrap_intervals(
    articles: Sequence[PolnearScores], samples: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, tuple[float, float]]:
    """Per table row, the central ``level`` share of the F1s (in %) of ``samples``
    resamplings of ``articles`` with replacement (seeded, so reproducible)."""
    import numpy as np

    if not articles:
        raise EvaluationError("no articles to resample")
    names = [name for name, _ in articles[0].rows()]
    # counts[article, row] = (tp, pred, gold)
    counts = np.array([[(c.tp, c.pred, c.gold) for _, c in a.rows()] for a in articles], float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(articles), size=(samples, len(articles)))
    sums = counts[picks].sum(axis=1)  # (samples, rows, 3)
    tp, pred, gold = sums[..., 0], sums[..., 1], sums[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(pred + gold > 0, 200 * tp / (pred + gold), 0.0)  # 2PR/(P+R) = 2tp/(pred+gold)
    tail = 100 * (1 - level) / 2
    lo, hi = np.percentile(f1, [tail, 100 - tail], axis=0)
    return {name: (float(lo[k]), float(hi[k])) for k, name in enumerate(names)}


def evaluate_dir(
    dir: Path,
    predict: Callable[[str], list[Attribution]],
    metadata: Path | None = None,
) -> PolnearScores:
    """Load the split in ``dir``, run ``predict(text)`` on every article text as-is, score."""
    return PolnearScores.total(evaluate_dir_by_article(dir, predict, metadata))


def evaluate_dir_by_article(
    dir: Path,
    predict: Callable[[str], list[Attribution]],
    metadata: Path | None = None,
) -> list[PolnearScores]:
    """``evaluate_dir``, one ``PolnearScores`` per article (for ``bootstrap_intervals``)."""
    gold = load_split(dir, metadata)
    return score_articles({d.name: predict(d.text) for d in gold}, gold)
