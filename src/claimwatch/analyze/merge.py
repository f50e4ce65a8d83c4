"""Merge the learned tagger's attributions with the rule finder's.

Both finders propose attributions anchored on a cue. Where their cues overlap they
found the same attribution: the learned cue and content are kept, since their
boundaries follow the PolNeAR conventions the tagger was trained on, with the
addressee the rules read (the tagger has no such role). The rule source fills in
where the tagger found none, and completes a learned source cut short inside its
noun phrase ("The Russian Telegram" -> "... channels"); replacing any learned
source it overlaps scores lower, since the rule source often adds an apposition
or a relative clause the PolNeAR source leaves out. The rule content replaces the learned one when it contains it and
the learned content is at least half its length: the tagger
sometimes stops a content a clause early, where the parse subtree runs on, but a
rule content far longer than the learned one has usually run past the gold one.
It also replaces a learned content that runs into the source (a well-formed
attribution never overlaps the two), and one that holds the rule content but
also another attribution's cue without its source: it ran across that
attribution (the seed's "a supposition ... Dannatt, for example, agreed with"),
and one that opens with the addressee of a "to" ("alleged to the four NATO member
states, all of which ..., that Ukraine ..."): the audience is the addressee, not
part of the claim.
An attribution only the tagger proposes is kept. One only the rules propose is
kept when the tagger gives its cue at least ``RULE_ONLY_MIN_CUE_PROB``, or when
its cue is the dash that signs a quotation ("“...” ― Ana Ruiz"), which the tagger
never learned (no such line in PolNeAR train): +0.7 attribution F1 on dev,
neutral on train. Colons (speaker labels) are left to the cue probability:
keeping them all costs 0.1 on train.

Each choice was scored against its alternatives on PolNeAR dev with
``training/tune_merge.py`` (figures in the model card).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from claimwatch.records import Attribution, Span

# training/tune_merge.py on PolNeAR dev, attribution F1: 0.3 72.84, 0.5 73.28, 0.6 73.25,
# never 73.25 (0.4 was chosen on a train sample with the earlier cross tagger).
RULE_ONLY_MIN_CUE_PROB = 0.5


@dataclass(frozen=True, slots=True)
class MergePolicy:
    """The merge's choices; the defaults are the shipped policy, the rest are the
    variants ``training/tune_merge.py`` scores against it."""

    rule_only_min_cue_prob: float = RULE_ONLY_MIN_CUE_PROB
    # when the rule source replaces the learned one: "missing" (only where the tagger
    # found none), "completing" (also where it completes the learned noun phrase),
    # "overlapping" (also where the two overlap) or "always"
    rule_source: Literal["missing", "completing", "overlapping", "always"] = "completing"
    take_containing_rule_content: bool = True
    contained_min_share: float = 0.5
    take_rule_content_always: bool = False
    replace_crossing_content: bool = True
    # the rule content replaces a learned one that holds the addressee of a "to"
    replace_addressed_content: bool = True
    # Cues that keep a rule-only attribution whatever the tagger says of them: the
    # dash that signs a quotation, which the tagger never saw (empty: none kept so).
    always_kept_cues: frozenset[str] = frozenset({"―", "—", "–", "--"})


def _overlaps(a: Attribution, b: Attribution) -> bool:
    return a.cue.start < b.cue.end and b.cue.start < a.cue.end


def _length(spans: Sequence[Span]) -> int:
    return sum(s.end - s.start for s in spans)


def _spans_overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _completes(rule: Span, learned: Span) -> bool:
    """Whether the rule source is the learned one with the rest of its noun phrase
    ("The Russian Telegram" -> "... channels"): it contains it, and what it adds
    holds no punctuation that would open an apposition or a relative clause."""
    if not (rule.start <= learned.start and learned.end <= rule.end) or rule == learned:
        return False
    text = rule.text
    added = text[: learned.start - rule.start] + " " + text[learned.end - rule.start :]
    return not any(ch in added for ch in ",;:()[]—–") and " who" not in added


def _contains(outer: Sequence[Span], inner: Sequence[Span]) -> bool:
    return (
        bool(outer)
        and bool(inner)
        and min(s.start for s in outer) <= min(s.start for s in inner)
        and max(s.end for s in inner) <= max(s.end for s in outer)
    )


def _overlap(source: Span | None, content: Sequence[Span]) -> bool:
    return source is not None and any(
        c.start < source.end and source.start < c.end for c in content
    )


def _crosses(att: Attribution, others: Sequence[Attribution]) -> bool:
    """Whether ``att``'s content holds another attribution's cue but not its source:
    it ran across that attribution ("... a supposition Dannatt agreed with")
    instead of nesting it whole."""
    if not att.content:
        return False
    lo = min(c.start for c in att.content)
    hi = max(c.end for c in att.content)
    for other in others:
        if other is att or not (lo <= other.cue.start and other.cue.end <= hi):
            continue
        src = other.source
        if src is None or not (lo <= src.start and src.end <= hi):
            return True
    return False


def _holds_to_addressee(att: Attribution, addressee: Span | None) -> bool:
    """Whether a content piece opens with the addressee of a "to" ("alleged to the four
    NATO member states, all of which ..., that Ukraine ..."): claimwatch reports the
    audience as the addressee and the claim without it, as the seed's gold does.
    PolNeAR is split on it (train: "insisting to Priebus that ..." keeps it), and a
    "to" later in the content is usually not an addressee ("his engagement to ...",
    "responded to reports that ...", which PolNeAR keeps), so only this case is cut."""
    if addressee is None:
        return False
    return any(
        p.start + 3 == addressee.start and p.text.startswith("to ") and addressee.end <= p.end
        for p in att.content
    )


def merge_attributions(
    rules: Sequence[Attribution],
    learned: Sequence[Attribution],
    *,
    cue_prob: Callable[[Span], float] | None = None,
    policy: MergePolicy = MergePolicy(),
) -> list[Attribution]:
    """One list, in cue order; ids renumbered ``a1``, ``a2``, ... .

    ``cue_prob``: the tagger's probability that a span is a cue; without it every
    rule-only attribution is kept.
    """
    chosen: list[Attribution] = []
    claimed: set[int] = set()
    for att in learned:
        twins = [k for k, r in enumerate(rules) if k not in claimed and _overlaps(att, r)]
        chosen.append(att)
        if not twins:
            continue
        claimed.update(twins)
        rule = rules[twins[0]]
        if rule.source is not None and (
            att.source is None
            or policy.rule_source == "always"
            or (policy.rule_source == "overlapping" and _spans_overlap(rule.source, att.source))
            or (policy.rule_source == "completing" and _completes(rule.source, att.source))
        ):
            att.source = rule.source
        # A content that the rule one contains, that runs into the source, or that
        # holds the rule one but crosses another attribution, was misread.
        if (
            policy.take_rule_content_always
            or (
                policy.take_containing_rule_content
                and _contains(rule.content, att.content)
                and _length(att.content) >= policy.contained_min_share * _length(rule.content)
            )
            or _overlap(att.source, att.content)
            or (
                policy.replace_crossing_content
                and _contains(att.content, rule.content)
                and _crosses(att, learned)
            )
            or (
                policy.replace_addressed_content
                and _holds_to_addressee(att, rule.addressee_span)
                and _contains(att.content, rule.content)
            )
        ):
            att.content, att.type = rule.content, rule.type
        # The rules read the addressee ("told X that ..."); the tagger has no such role.
        att.addressee_span = att.addressee_span or rule.addressee_span
    min_prob = policy.rule_only_min_cue_prob
    chosen.extend(
        r
        for k, r in enumerate(rules)
        if k not in claimed
        and (
            cue_prob is None
            or cue_prob(r.cue) >= min_prob
            or r.cue.text.strip() in policy.always_kept_cues
        )
    )
    chosen.sort(key=lambda a: (a.cue.start, a.cue.end))
    for n, att in enumerate(chosen, 1):
        att.id = f"a{n}"
    return chosen
