"""Rule attribution finder: cue lexicon + dependency parse + quotation marks.

``find_attributions(doc, quotes)`` returns candidate ``Attribution`` records with
source, cue, content (and addressee) spans but no resolved speaker: speakers are
resolved afterwards from the spans alone (``speakers.py``), so a learned tagger's
candidates can be merged with these and resolved the same way.

Spans follow PolNeAR-style conventions: the cue is the verb with its particle
("pointed out"), a stranded preposition ("agreed with"), an aspectual verb that
governs it ("continuing to insist") or a light verb with its noun ("issued a
statement"); the source is the subject's subtree; the content is the clausal
complement's subtree, widened to the closing quotation mark when it ends inside a
quotation that the cue is outside of.

This module finds the cues, tries the content rules in order, falls back on
quotations and builds the spans; the word lists are in ``rule_lexicon.py`` and the
construction-specific readings of cue, source, content and addressee in
``constructions.py``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimwatch.analyze import cues
from claimwatch.analyze.constructions import (
    Reading,
    according_to,
    addressee_of,
    after_quote_source,
    agreed_with,
    be_adjective,
    cue_extent,
    cue_noun,
    headline_colon,
    hearsay_adverb,
    in_poll,
    limited_to,
    misattached_subject,
    quote_dash,
    seem_content,
    source_tokens,
    subject_of,
    verb_content,
)
from claimwatch.analyze.parse_tree import char_ranges, child, is_passive
from claimwatch.analyze.quotes import Quotes
from claimwatch.analyze.rule_lexicon import (
    BELIEF,
    CLAUSE_VERBS,
    CUE_NOUNS,
    FIRST_PERSON,
    NEEDS_CLAUSE,
    SEEM_VERBS,
    lemma_of,
)
from claimwatch.records import Attribution, Span


class _Finder:
    def __init__(self, doc: Doc, quotes: Quotes) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.cue_heads: set[int] = set()
        # Sentences once: Token.sent walks the document on every call.
        self.sents = list(doc.sents)
        self._sent_starts = [s.start for s in self.sents]

    def sent(self, t: Token) -> SpacySpan:
        return self.sents[bisect_right(self._sent_starts, t.i) - 1]

    # -- cue detection ---------------------------------------------------------------
    def is_cue_verb(self, t: Token) -> bool:
        return (
            t.pos_ in {"VERB", "AUX"}
            and lemma_of(t) in CLAUSE_VERBS
            and t.dep_ not in {"amod", "compound"}
        )

    def run(self) -> list[Attribution]:
        doc = self.doc
        self.cue_heads = {t.i for t in doc if self.is_cue_verb(t)}
        found: list[tuple[int, Attribution]] = []
        for t in doc:
            att = None
            # Each token attribute read builds a Python string: read each once, and
            # the lemma only for the dependencies and tags that need it.
            lower, dep = t.lower_, t.dep_
            if lower == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                att = self.from_reading(according_to(t, self.sent(t)))
            elif dep == "pcomp" and lemma_of(t) == "discuss":
                att = self.from_reading(limited_to(t, self.quotes))
            elif t.i in self.cue_heads:
                att = self.verb(t)
            elif dep == "advmod" and lower in cues.HEARSAY_ADVERBS:
                att = self.from_reading(hearsay_adverb(t, self.cue_heads))
            elif dep == "prep" and lower == "in":
                att = self.from_reading(in_poll(t, self.cue_heads))
            elif dep == "acomp" and lemma_of(t) in cues.ADJ_CUES and t.head.lemma_ == "be":
                att = self.from_reading(be_adjective(t, self.quotes))
            elif t.pos_ == "NOUN" and lemma_of(t) in CUE_NOUNS:
                att = self.from_reading(cue_noun(t, self.quotes))
            if att is not None and self.keep(t, att):
                found.append((att.cue.start, att))
        for sent in self.sents:
            att = self.from_reading(headline_colon(sent, self.text))
            if att is not None:
                found.append((att.cue.start, att))
        taken = {a.cue.start for _, a in found}
        for cue, content, source in quote_dash(self.text):
            if cue[0] not in taken:
                att = self.attribution(self.span(*cue), [self.span(*content)], self.span(*source))
                if att is not None:
                    found.append((att.cue.start, att))
        found.sort(key=lambda x: x[0])
        self.continue_quotes([a for _, a in found])
        out = []
        for n, (_, att) in enumerate(found, 1):
            att.id = f"a{n}"
            out.append(att)
        return out

    def continue_quotes(self, atts: list[Attribution]) -> None:
        """A quotation's next sentences: "“A,” he said at a rally. “B.”"; in the next
        paragraph too when the quotation was left open there."""
        text = self.text
        cue_starts = sorted(a.cue.start for a in atts)
        for a in atts:
            if a.type == "indirect" or self.quotes.at(a.cue.start):
                continue
            last = max(c.end for c in a.content)
            last = max(last, a.cue.end, a.source.end if a.source is not None else 0)
            while True:
                nxt = self.quotes.within(last, last + 400)
                nxt = [q for q in nxt if q[0] >= last]
                if not nxt:
                    break
                q = nxt[0]
                gap = text[last : q[0]]
                if "\n" in gap:
                    if gap.strip() or not self.open_paragraph(last, q):
                        break
                else:
                    # Only the rest of the attributing sentence: "at a rally Tuesday."
                    rest = gap.strip()
                    if not rest.endswith((".", "?", "!")) or len(rest.split()) > 12:
                        break
                    k = bisect_right(cue_starts, last)
                    if k < len(cue_starts) and cue_starts[k] < q[0]:
                        break
                # The next quotation has a cue of its own ("“B,” she added"): cues inside
                # a quotation are the speaker's own words and do not count.
                k = bisect_right(cue_starts, q[1] - 1)
                line_end = text.find("\n", q[1])
                if line_end < 0:
                    line_end = len(text)
                if k < len(cue_starts) and cue_starts[k] < min(q[1] + 60, line_end):
                    break
                a.content.append(self.span(q[0], q[1]))
                last = q[1]

    def open_paragraph(self, last: int, q: tuple[int, int]) -> bool:
        """A quotation in the next paragraph goes on from the one before when that one
        was left open at its paragraph's end (the newspaper convention)."""
        text = self.text
        if text[last : q[0]].count("\n") > 2:
            return False
        prev = self.quotes.at(last - 1)
        return prev is not None and prev[1] == last and text[last - 1] not in "”\"'"

    def keep(self, t: Token, att: Attribution) -> bool:
        """Drop what PolNeAR does not count: first and second person, hedges in quotes."""
        src = att.source.text.lower() if att.source else ""
        if src in FIRST_PERSON:
            return False
        if self.quotes.at(att.cue.start):
            if att.source is None or lemma_of(t) in BELIEF:
                return False
        return True

    # -- pieces ------------------------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def token_span(self, first: int, last: int) -> Span:
        d = self.doc
        return self.span(d[first].idx, d[last].idx + len(d[last].text))

    def source_span(self, idxs: Iterable[int] | None) -> Span | None:
        """The source's tokens as one span, from the first trimmed run to the last."""
        if idxs is None:
            return None
        ranges = char_ranges(self.doc, idxs)
        if not ranges:
            return None
        return self.span(ranges[0][0], ranges[-1][1])

    def content_spans(self, idxs: set[int], cue: Span) -> list[Span]:
        ranges = char_ranges(self.doc, idxs)
        out: list[Span] = []
        cue_q = self.quotes.at(cue.start)
        for s, e in ranges:
            for q in self.quotes.within(s, e):
                if q == cue_q:
                    continue
                # A content that starts inside a quotation and runs to its end holds the
                # whole quotation (a quote of several sentences is parsed as several).
                if q[0] < s < q[1] and (s - q[0] <= 2 or e >= q[1] - 2):
                    s = q[0]
                if q[0] < e < q[1]:
                    e = q[1]
            # A closing mark right after the content belongs to it.
            if (
                e < len(self.text)
                and self.text[e] in "”\"'"
                and self.quotes.at(e)
                and self.quotes.at(e) != cue_q
            ):
                e += 1
            if out and s <= out[-1].end:
                prev = out.pop()
                s, e = prev.start, max(e, prev.end)
            out.append(self.span(s, e))
        return out

    def make(
        self,
        cue: Span,
        content_idx: set[int],
        source: Span | None,
        addressee: Span | None = None,
    ) -> Attribution | None:
        return self.attribution(cue, self.content_spans(content_idx, cue), source, addressee)

    def attribution(
        self,
        cue: Span,
        content: list[Span],
        source: Span | None,
        addressee: Span | None = None,
    ) -> Attribution | None:
        """The record of a reading's spans; None when no content piece holds a word."""
        content = [c for c in content if any(ch.isalnum() for ch in c.text)]
        if not content:
            return None
        return Attribution(
            id="",
            cue=cue,
            content=content,
            type=self.quotes.kind(self.text, content),
            source=source,
            addressee_span=addressee,
        )

    def from_reading(self, r: Reading | None) -> Attribution | None:
        if r is None:
            return None
        return self.make(self.token_span(*r.cue), r.content, self.source_span(r.source))

    # -- verbs -------------------------------------------------------------------------
    def verb(self, v: Token) -> Attribution | None:
        lemma = lemma_of(v)
        exclude: set[int] = {v.i}
        subj = subject_of(v, self.quotes)
        if subj is not None and self.quotes.at(subj.idx) and not self.quotes.at(v.idx):
            # "“We were wrong,” Ramos, 58, told AFP" parsed as a conjunct of the quotation's
            # verb: the words between the quotation and the cue are the source.
            subj = None
            source_idx = after_quote_source(v, self.quotes)
            if source_idx is None:
                return None
            source = self.source_span(source_idx)
        else:
            source = self.source_span(source_tokens(subj))
        if subj is not None:
            exclude |= {t.i for t in subj.subtree} if subj.i < v.i or subj.head is v else set()
        elif source is None and v.dep_ == "ROOT" and not is_passive(v):
            source = self.source_span(
                misattached_subject(v, self.sent(v).start, self.quotes, exclude)
            )
        if lemma in cues.FINITE_ONLY_VERBS and (
            v.tag_ not in {"VBD", "VBZ", "VBP"} or child(v, "nsubj") is None
        ):
            return None
        if lemma in cues.QUOTE_ONLY_VERBS and any(
            c.dep_ in {"xcomp", "dobj", "prep", "prt", "advcl"} for c in v.children
        ):
            return None
        cue_first, cue_last = cue_extent(v, self.sent(v).start)
        cue = self.token_span(cue_first, cue_last)
        if lemma in SEEM_VERBS:
            seemed = seem_content(v)
            return None if seemed is None else self.make(cue, seemed, None)
        if cue.text.endswith(" with") and subj is not None:
            agreed = agreed_with(v, subj)
            if agreed is None:
                return None
            return self.make(cue, agreed[0], self.source_span(source_tokens(agreed[1])))
        addr_tok = addressee_of(v, lemma, exclude)
        addressee = None
        if addr_tok is not None:
            addressee = self.token_span(addr_tok.left_edge.i, addr_tok.i)
        content = verb_content(v, lemma, subj, exclude, cue_last, self.cue_heads, self.quotes)
        if not content:
            content = self.quote_near(v, subj)
        if not content and lemma not in NEEDS_CLAUSE:
            content = self.that_after(v, exclude)
        if not content:
            return None
        content -= exclude
        att = self.make(cue, content, source, addressee)
        if att is not None and lemma in cues.QUOTE_ONLY_VERBS and att.type == "indirect":
            return None
        return att

    # -- content fallbacks when the cue's construction gives none ---------------------
    def quote_near(self, v: Token, subj: Token | None) -> set[int]:
        """A quotation that the cue's clause introduces or follows: in the same sentence, or
        right before it when the parser split "“A.” X said." into two sentences."""
        sent = self.sent(v)
        doc = self.doc
        text = self.text
        if self.quotes.at(v.idx):
            return set()
        left = v.i
        if subj is not None and subj.i < v.i and subj.left_edge.i >= sent.start:
            left = subj.left_edge.i
        best = None
        p = doc[left].idx
        while p > 0 and text[p - 1] in " ,\t":
            p -= 1
        q = self.quotes.at(p - 1) if p > 0 else None
        if q is not None and q[1] == p:
            best = q
        else:
            for q in self.quotes.within(v.idx + len(v.text), sent.end_char):
                if q[0] >= v.idx + len(v.text):
                    if self._short_gap(v, q[0]):
                        best = q
                    break
        if best is None:
            return set()
        span = doc.char_span(best[0], best[1], alignment_mode="expand")
        return {t.i for t in span} if span is not None else set()

    def _short_gap(self, v: Token, end: int) -> bool:
        """Only punctuation, or a few non-verb words of the cue's own phrases ("told
        reporters,", "asks at Western High School,"), between the cue and ``end``."""
        gap = self.text[v.idx + len(v.text) : end]
        if not gap.strip(" ,:\n"):
            return True
        if "\n" in gap or not gap.rstrip().endswith((",", ":")):
            return False
        words = 0
        for t in v.doc[v.i + 1 :]:
            if t.idx >= end:
                break
            if t.is_punct or t.is_space:
                continue
            words += 1
            if words > 6 or t.pos_ in {"VERB", "AUX"} or t.lower_ in {"that", "and", "but"}:
                return False
            h = t
            while h.head.i != h.i and h.head.i != v.i and v.i < h.head.i and h.head.idx < end:
                h = h.head
            if h.head.i != v.i:
                return False
        return True

    def that_after(self, v: Token, exclude: set[int]) -> set[int]:
        """Parse fallback: the first complementiser "that" after the cue, to sentence end."""
        sent = self.sent(v)
        for t in self.doc[v.i + 1 : sent.end]:
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.pos_ in {"VERB", "AUX"}:
                if self.quotes.at(t.idx) and not self.quotes.at(v.idx):
                    return set()
                gov = t.head.head
                if t.head.dep_ == "ccomp" and gov.i != v.i and gov.i in self.cue_heads:
                    return set()
                return {x.i for x in self.doc[t.i : sent.end]} - exclude
            if t.i - v.i > 60:
                break
        return set()


def find_attributions(doc: Doc, quotes: Quotes | None = None) -> list[Attribution]:
    """Candidate attributions in ``doc`` (speakers unresolved), in text order."""
    return _Finder(doc, quotes or Quotes(doc.text)).run()
