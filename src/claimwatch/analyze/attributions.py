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
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimwatch.analyze import cues
from claimwatch.analyze.quotes import Quotes
from claimwatch.records import Attribution, AttributionType, Span

# Verbs of speech, belief and intention whose clausal complement is the content.
CLAUSE_VERBS = (
    frozenset(
        """say tell allege claim insist believe argue add warn announce state declare assert explain
    note suggest report write tweet reply respond acknowledge admit confirm predict think know
    expect hope fear worry doubt maintain contend concede estimate indicate reveal recall
    emphasize emphasise stress remark comment observe conclude testify speculate recommend propose
    speak talk support oppose favor favour decline refuse seem appear describe label dub brand term
    characterize characterise portray
    assure inform counter retort complain boast joke deem consider feel learn suspect recognize
    realize agree disagree ask demand question wonder guess imply mention hint signal vow promise
    pledge threaten urge decide plan intend want seek expect swear repeat reiterate caution charge
    deny concede accuse blame criticize criticise praise reject dismiss endorse express
    announce predict acknowledge cite show find describe call insinuate speculate acknowledge
    brag lament insinuate posit theorize theorise forecast""".split()
    )
    | cues.ALL_VERBS
) - cues.NOT_CUES
# Verbs that need a clause (or quote) to be cues: too common otherwise.
NEEDS_CLAUSE = frozenset(
    """add show find know think feel learn consider realize recognize see note call want
    expect hope plan decide seek mention describe signal indicate ask question wonder charge
    state report write comment express""".split()
)
# Verbs that report speech and can follow their content ("..., officials said").
SAY_VERBS = frozenset(
    """say tell add claim allege insist argue warn note explain write state report recall acknowledge
    admit confirm predict believe think suggest announce declare assert contend maintain complain
    conclude estimate reply respond tweet caution charge stress emphasize tell""".split()
)
# Prepositions that PolNeAR keeps in the cue: "called for", "accused of", "said of".
CUE_PREPS = {
    "call": ("for",),
    "accuse": ("of",),
    "say": ("of",),
    "warn": ("of", "about", "against"),
    "complain": ("about",),
    "speak": ("of", "about"),
    "talk": ("about",),
    "point": ("to",),
    "argue": ("for", "against"),
}
for _verb, _preps in cues.PREP_VERBS.items():
    CUE_PREPS[_verb] = tuple(set(CUE_PREPS.get(_verb, ())) | set(_preps))
# "said in a statement": the medium that PolNeAR keeps in the cue (train: 53 of 80).
MEDIUM_NOUNS = frozenset("statement release facebook".split())
FIRST_PERSON = frozenset("i we you me us".split())
BELIEF = frozenset(
    "think know want believe feel hope expect realize guess understand wonder".split()
)
SEEM_VERBS = frozenset("seem appear".split())
# Verbs that name something ("called it a disgrace", "described X as Y").
NAMING_VERBS = cues.NAMING_VERBS
# Verbs whose direct object alone can be the content.
DOBJ_CONTENT = (
    frozenset(
        """deny reject dismiss announce confirm propose predict promise pledge endorse back criticize
    criticise praise accuse blame express demand urge acknowledge admit dispute defend welcome
    oppose recommend cite reiterate repeat threaten allege claim vow question condemn slam
    warn say support oppose favor favour decline refuse""".split()
    )
    | cues.DOBJ_VERBS
)
# Verbs whose open complement (to-infinitive) is the content.
XCOMP_CONTENT = (
    frozenset(
        """plan want promise vow pledge threaten hope intend decide seek aim refuse agree expect urge
    ask claim offer vow swear demand decline refuse""".split()
    )
    | cues.XCOMP_VERBS
)
# Verbs whose preposition phrase carries the content ("warned of", "called for").
PREP_CONTENT = {k: set(v) for k, v in cues.PREP_VERBS.items()}
# Verbs whose object is the addressee, not the content.
ADDRESSEE_TO = frozenset(
    "allege say claim explain write complain admit insist announce declare confirm deny reply respond".split()
)
ADDRESSEE_DOBJ = frozenset("tell inform assure warn notify urge ask remind advise".split())
# Nouns that name what someone said or believes.
CUE_NOUNS = (
    frozenset(
        """statement claim allegation belief assertion accusation announcement warning view promise
    pledge suggestion argument contention insistence admission denial assessment prediction
    threat charge conviction hope fear expectation assurance insinuation
    """.split()
    )
    - cues.NOT_CUES
)
LIGHT_VERBS = frozenset(
    "issue make release give deliver put publish post send express voice".split()
)
ASPECTUAL = frozenset("continue keep begin start go proceed repeat".split())
# A clause with one of these as subject sums up the content before it ("a supposition X agreed
# with") and is not part of it.
SUMMARY_NOUNS = frozenset(
    """supposition claim allegation assertion view argument notion idea position sentiment theory
    statement assessment belief""".split()
)
REL_PRONOUNS = frozenset("who which that whom".split())
_EDGE_PUNCT = set(".,;:!?—–-()[]")
_QUOTE_CHARS = set("\"'“”‘’")


# The small English pipeline's lemmatizer errors on cue verbs ("hoped" -> "hop").
_LEMMA_FIX = {"hoped": "hope", "hopes": "hope", "hoping": "hope", "retweeted": "retweet"}


def lemma_of(t: Token) -> str:
    """The token's lower-case lemma, with the pipeline's known cue-verb errors fixed."""
    return _LEMMA_FIX.get(t.lower_) or t.lemma_.lower()


def _pieces(doc: Doc, idxs: Iterable[int], keep_quotes: bool = True) -> list[tuple[int, int]]:
    """Contiguous runs of tokens as trimmed character ranges."""
    runs: list[list[int]] = []
    for i in sorted(set(idxs)):
        if runs and (
            i == runs[-1][-1] + 1 or all(doc[j].is_space for j in range(runs[-1][-1] + 1, i))
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        toks = [doc[i] for i in run]
        while toks and (toks[0].is_space or (toks[0].text in _EDGE_PUNCT)):
            toks.pop(0)
        while toks and (toks[-1].is_space or (toks[-1].text in _EDGE_PUNCT)):
            toks.pop()
        if not toks:
            continue
        out.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    return out


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _is_passive(v: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in v.children)


MEDIUM_VERBS = LIGHT_VERBS | {"put", "run", "air", "tweet"}
MESSAGE_NOUNS = frozenset(
    "statement release email e-mail letter message ad advertisement tweet report memo note video".split()
)


def statement_verb(v: Token) -> Token | None:
    """ "released a statement saying X": the verb that PolNeAR's cue starts from."""
    n = v.head
    if v.dep_ != "acl" or v.tag_ != "VBG" or n.dep_ != "dobj" or n.i > v.i:
        return None
    w = n.head
    if n.lemma_.lower() in MESSAGE_NOUNS and w.lemma_.lower() in MEDIUM_VERBS and v.i - w.i <= 8:
        return w
    return None


def subject_of(v: Token, quotes: Quotes) -> Token | None:
    """The subject of a cue verb, or of the verb it depends on when it has none."""
    w = statement_verb(v)
    if w is not None:
        v = w
    cur = v
    if (
        v.tag_ == "VBN"
        and v.dep_ == "advcl"
        and not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in v.children)
    ):
        # A reduced passive, "when asked about X, she said": the asker is not the speaker.
        agent = _child(v, "agent")
        return _child(agent, "pobj") if agent is not None else None
    for _ in range(8):
        if _is_passive(cur):
            agent = _child(cur, "agent")
            if agent is not None:
                return _child(agent, "pobj")
            if cur is v:
                return None
        subj = _child(cur, "nsubj")
        if subj is not None:
            if subj.lower_ in REL_PRONOUNS and cur.dep_ == "relcl":
                return cur.head
            if subj.lower_ in {"there"} and cur is v:
                return None
            return subj
        if cur.dep_ == "relcl" and cur.head.pos_ in {"NOUN", "PROPN"} and cur is v:
            return None
        if cur.dep_ not in {"xcomp", "conj", "pcomp", "prep", "advcl", "acl"} or cur.head is cur:
            return None
        head = cur.head
        # "... insisted that “X exists” and blaming Y": a conjunct outside a quotation
        # whose head is inside one belongs to the verb above the quotation.
        if cur.dep_ == "conj" and quotes.at(head.idx) and not quotes.at(cur.idx):
            head = head.head
        if cur.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            return None
        cur = head
    return None


def _source_tokens(subj: Token) -> list[int]:
    """The subject's subtree, without a trailing relative clause or apposition after a comma."""
    idxs = [t.i for t in subj.subtree]
    return idxs


def _subtree_minus(tok: Token, exclude: set[int]) -> set[int]:
    return {t.i for t in tok.subtree} - exclude


def _content_exclusions(head: Token, cue_heads: set[int]) -> set[int]:
    """Parts of a complement's subtree that are not content.

    A clause whose subject sums the content up ("a supposition X agreed with"), and a
    conjoined cue verb ("... exists” and blaming the West") are their own attributions.
    """
    out: set[int] = set()
    for t in head.subtree:
        if t is head:
            continue
        if t.dep_ in {"ccomp", "conj", "parataxis", "advcl", "relcl"} and t.pos_ in {"VERB", "AUX"}:
            subj = _child(t, "nsubj")
            if (
                (subj is not None and subj.lemma_.lower() in SUMMARY_NOUNS and subj.i < t.i)
                or (t.dep_ == "conj" and t.i in cue_heads and t.head is head)
                # A trailing non-restrictive relative clause: "X, who worked on ...".
                or (
                    t.dep_ == "relcl"
                    and t.right_edge.i >= head.right_edge.i - 1
                    and t.doc[t.left_edge.i - 1].text == ","
                    and t.left_edge.lower_ in {"who", "which"}
                )
                # A trailing participle clause after a comma: ", leaving Cleveland excited".
                or (
                    t.dep_ == "advcl"
                    and t.tag_ == "VBG"
                    and t.head is head
                    and t.i > head.i
                    and t.doc[t.left_edge.i - 1].text == ","
                )
            ):
                sub = {x.i for x in t.subtree}
                out |= sub
                # The coordinator or comma before it.
                left = min(sub) - 1
                while left > head.left_edge.i and (
                    head.doc[left].dep_ in {"cc", "punct"} or head.doc[left].is_space
                ):
                    if head.doc[left].text in _QUOTE_CHARS:
                        break
                    out.add(left)
                    left -= 1
    return out


class _Finder:
    def __init__(self, doc: Doc, quotes: Quotes) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.cue_heads: set[int] = set()
        self.cue_last = -1  # the last token of the latest verb cue (cue_span)
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
            lemma = lemma_of(t)
            if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                att = self.according(t)
            elif lemma == "discuss" and t.dep_ == "pcomp":
                att = self.limited_to(t)
            elif t.i in self.cue_heads:
                att = self.verb(t)
            elif t.lower_ in cues.HEARSAY_ADVERBS and t.dep_ == "advmod":
                att = self.hearsay(t)
            elif t.lower_ == "in" and t.dep_ == "prep":
                att = self.in_poll(t)
            elif t.dep_ == "acomp" and lemma in cues.ADJ_CUES and t.head.lemma_ == "be":
                att = self.adjective(t)
            elif t.pos_ == "NOUN" and lemma in CUE_NOUNS:
                att = self.noun(t)
            if att is not None and self.keep(t, att):
                found.append((att.cue.start, att))
        for sent in self.sents:
            att = self.colon(sent)
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
        cues = sorted(a.cue.start for a in atts)
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
                    k = bisect_right(cues, last)
                    if k < len(cues) and cues[k] < q[0]:
                        break
                # The next quotation has a cue of its own ("“B,” she added"): cues inside
                # a quotation are the speaker's own words and do not count.
                k = bisect_right(cues, q[1] - 1)
                line_end = text.find("\n", q[1])
                if line_end < 0:
                    line_end = len(text)
                if k < len(cues) and cues[k] < min(q[1] + 60, line_end):
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

    def source_span(self, subj: Token | None) -> Span | None:
        if subj is None:
            return None
        ranges = _pieces(self.doc, _source_tokens(subj))
        if not ranges:
            return None
        return self.span(ranges[0][0], ranges[-1][1])

    def content_spans(self, idxs: set[int], cue: Span) -> list[Span]:
        ranges = _pieces(self.doc, idxs)
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

    def kind(self, content: list[Span]) -> AttributionType:
        quoted = 0
        total = 0
        for c in content:
            for ch_i in range(c.start, c.end):
                ch = self.text[ch_i]
                if ch.isalnum():
                    total += 1
                    if self.quotes.at(ch_i):
                        quoted += 1
        if quoted == 0:
            return "indirect"
        return "direct" if quoted == total else "mixed"

    def make(
        self,
        cue: Span,
        content_idx: set[int],
        source: Span | None,
        addressee: Span | None = None,
    ) -> Attribution | None:
        content = self.content_spans(content_idx, cue)
        content = [c for c in content if any(ch.isalnum() for ch in c.text)]
        if not content:
            return None
        return Attribution(
            id="",
            cue=cue,
            content=content,
            type=self.kind(content),
            source=source,
            addressee_span=addressee,
        )

    # -- verbs -------------------------------------------------------------------------
    def cue_span(self, v: Token) -> Span:
        doc = self.doc
        first = last = v.i
        for c in v.children:
            if c.dep_ == "prt" and c.i == last + 1:
                last = c.i
            if (
                c.dep_ == "prep"
                and c.lower_ == "with"
                and not any(True for _ in c.children)
                and c.i > v.i
            ):
                last = c.i
            if c.dep_ == "prep" and c.i == last + 1 and c.lower_ in CUE_PREPS.get(lemma_of(v), ()):
                last = c.i
            # "said in a statement" is one cue in PolNeAR ("said in an interview" is not).
            if c.dep_ == "prep" and c.i == last + 1 and c.lower_ == "in":
                pobj = _child(c, "pobj")
                if (
                    pobj is not None
                    and pobj.lemma_.lower() in MEDIUM_NOUNS
                    and pobj.i - c.i <= 4
                    and not any(x.dep_ in {"prep", "acl", "relcl"} for x in pobj.children)
                ):
                    last = pobj.i
        # Auxiliaries, negation and adverbs right before the verb: "has also said".
        j = v.i - 1
        while (
            j >= self.sent(v).start
            and doc[j].head.i == v.i
            and (
                doc[j].dep_ in {"aux", "auxpass", "neg"}
                or (doc[j].dep_ == "advmod" and doc[j].tag_ == "RB")
            )
        ):
            first = j
            j -= 1
        h = v.head
        if v.dep_ == "xcomp" and lemma_of(h) in ASPECTUAL and h.i < v.i and v.i - h.i <= 3:
            first = h.i
        w = statement_verb(v)
        if w is not None:
            first = w.i
        self.cue_last = last
        return self.token_span(first, last)

    def verb(self, v: Token) -> Attribution | None:
        lemma = lemma_of(v)
        exclude: set[int] = {v.i}
        subj = subject_of(v, self.quotes)
        if subj is not None and self.quotes.at(subj.idx) and not self.quotes.at(v.idx):
            # "“We were wrong,” Ramos, 58, told AFP" parsed as a conjunct of the quotation's
            # verb: the words between the quotation and the cue are the source.
            subj = None
            source = self.after_quote_source(v)
            if source is None:
                return None
        else:
            source = self.source_span(subj)
        if subj is not None:
            exclude |= {t.i for t in subj.subtree} if subj.i < v.i or subj.head is v else set()
        elif source is None and v.dep_ == "ROOT" and not _is_passive(v):
            source = self.misattached_subject(v, exclude)
        if lemma in cues.FINITE_ONLY_VERBS and (
            v.tag_ not in {"VBD", "VBZ", "VBP"} or _child(v, "nsubj") is None
        ):
            return None
        if lemma in cues.QUOTE_ONLY_VERBS and any(
            c.dep_ in {"xcomp", "dobj", "prep", "prt", "advcl"} for c in v.children
        ):
            return None
        cue = self.cue_span(v)
        cue_last = self.cue_last
        if lemma in SEEM_VERBS:
            return self.seems(v, subj, cue)
        if cue.text.endswith(" with") and subj is not None:
            return self.agreed_with(v, subj, cue)
        # Addressee: "alleged to the four NATO member states", "told reporters".
        addressee = None
        addr_tok = None
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "to" and lemma in ADDRESSEE_TO:
                addr_tok = _child(c, "pobj")
                if addr_tok is not None:
                    exclude |= set(range(c.i, addr_tok.i + 1))
            elif (
                c.dep_ in {"dobj", "dative"}
                and lemma in ADDRESSEE_DOBJ
                and c.pos_ in {"PROPN", "NOUN", "PRON"}
            ):
                addr_tok = c
                exclude |= {x.i for x in c.subtree}
        if addr_tok is not None:
            addressee = self.token_span(addr_tok.left_edge.i, addr_tok.i)

        content: set[int] = set()
        if (
            lemma in cues.POLL_VERBS
            and subj is not None
            and subj.lemma_.lower() in cues.POLL_NOUNS
            and not any(c.dep_ == "ccomp" for c in v.children)
        ):
            # "The poll shows Trump leading Clinton 44 percent to 37": all after the verb.
            for c in v.rights:
                if c.dep_ not in {"punct", "cc", "conj"} and c.i > cue_last:
                    content |= {x.i for x in c.subtree}
        if content:
            pass
        elif lemma in NAMING_VERBS or lemma in DOBJ_CONTENT:
            content = self.naming(v, lemma, exclude)
        comps = [] if content else [c for c in v.children if c.dep_ == "ccomp"]
        if not comps and lemma in XCOMP_CONTENT:
            comps = [c for c in v.children if c.dep_ == "xcomp"]
        if not comps and lemma in {"ask", "wonder", "question"}:
            # "Asked if he was ever bullied": the parser hangs the question as an adverbial.
            comps = [
                c
                for c in v.children
                if c.dep_ == "advcl" and any(m.lower_ in {"if", "whether"} for m in c.children)
            ]
        if len(comps) > 1 and any(c.i > v.i for c in comps):
            # "53% call themselves liberal, while 28% say they are conservative": a clause
            # before the cue that the parser also made its complement is not its content.
            comps = [c for c in comps if c.i > v.i or self.quotes.at(c.idx)]
        for c in comps:
            content |= _subtree_minus(c, exclude) - _content_exclusions(c, self.cue_heads)
            if c.dep_ == "xcomp" and _is_passive(v):
                # "The decision is widely expected to be unfavorable": subject and
                # complement together are the content.
                sp = _child(v, "nsubjpass")
                if sp is not None and sp.lower_ not in {"it", "there"}:
                    content |= {x.i for x in sp.subtree} - exclude
        if not content and lemma in PREP_CONTENT:
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in PREP_CONTENT[lemma]:
                    # The preposition is part of the cue when it follows the verb.
                    content |= {x.i for x in c.subtree} - ({c.i} if c.i <= cue_last else set())
        if not content and lemma in {
            "accuse",
            "blame",
            "criticize",
            "criticise",
            "praise",
            "condemn",
            "slam",
        }:
            rights = [c for c in v.rights if c.dep_ in {"dobj", "prep"}]
            for c in rights:
                content |= {x.i for x in c.subtree}
        if not content and lemma in DOBJ_CONTENT:
            dobj = _child(v, "dobj")
            if dobj is not None and dobj.i not in exclude and dobj.pos_ != "PRON":
                content |= {x.i for x in dobj.subtree} - exclude
        if (
            not content
            and lemma in SAY_VERBS
            and subj is not None
            and self.doc[min(subj.left_edge.i, v.i) - 1].text in {",", "”", '"', "—"}
            and (
                v.dep_ in {"parataxis", "ccomp"}
                # "X happened, officials told reporters": a conjunct with no "and".
                or (
                    v.dep_ == "conj"
                    and not any(c.dep_ == "cc" and c.i < v.i for c in v.head.children)
                )
            )
        ):
            # "X is happening, officials said": the head's clause, minus the cue's.
            h = v.head
            content = {t.i for t in h.subtree} - {t.i for t in v.subtree}
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

    def after_quote_source(self, v: Token) -> Span | None:
        """The noun phrase between a closing quotation mark and the cue, if it is one."""
        doc = self.doc
        j = v.i - 1
        while j >= 0 and not (doc[j].is_quote and self.quotes.at(doc[j].idx)):
            t = doc[j]
            if t.pos_ in {"VERB", "AUX"} or t.is_space or v.i - j > 10:
                return None
            j -= 1
        ranges = _pieces(doc, range(j + 1, v.i))
        if len(ranges) != 1 or not any(t.pos_ in {"PROPN", "NOUN"} for t in doc[j + 1 : v.i]):
            return None
        return self.span(*ranges[0])

    def misattached_subject(self, v: Token, exclude: set[int]) -> Span | None:
        """A main verb whose subject the parse hung elsewhere: "Activists clamoring to block
        X say ...", "At Boca West, Jay DiPietro, the club's president, suggested ...".

        The nearest noun before the verb that is a subject or apposition of something else
        starts the source, which runs to the verb.
        """
        doc = self.doc
        sent_start = self.sent(v).start
        for j in range(v.i - 1, max(sent_start, v.i - 30) - 1, -1):
            t = doc[j]
            if t.text in {";", ":", "—", "–"} or t.is_quote or self.quotes.at(t.idx):
                return None
            if t.dep_ in {"nsubj", "appos"} and t.pos_ in {"NOUN", "PROPN"}:
                first = t.left_edge.i
                if first < sent_start:
                    return None
                ranges = _pieces(doc, range(first, v.i))
                if len(ranges) != 1:
                    return None
                exclude |= set(range(first, v.i))
                return self.span(*ranges[0])
        return None

    def naming(self, v: Token, lemma: str, exclude: set[int]) -> set[int]:
        """ "called X “Y”", "described X as Y", "X was seen as Y": X and Y are the content."""
        obj = _child(v, "dobj", "nsubjpass")
        if obj is None or obj.i in exclude and obj.dep_ == "dobj":
            return set()
        preps = cues.NAMING_PREPS.get(lemma, ("as",))
        what = None
        for c in v.children:
            if c.i < obj.i and c.dep_ == "dobj":
                continue
            if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in preps):
                what = c
                break
            if c.dep_ in {"ccomp", "xcomp"} and c.i > obj.i and lemma in {"call", "deem", "name"}:
                what = c
                break
        if what is None and lemma in {"call", "dub", "label", "brand", "term"} and obj.i > v.i:
            # The parser's misreadings of "called X “Y”": Y as X's apposition, or as a
            # second object.
            what = next((c for c in obj.children if c.dep_ == "appos" and c.i > obj.i), None)
            if what is None:
                what = next((c for c in v.children if c.dep_ == "dobj" and c.i > obj.i), None)
        if what is None:
            return set()
        out = {x.i for x in what.subtree}
        if obj.dep_ == "dobj" or obj.i > v.i:
            out |= {x.i for x in obj.subtree}
        else:
            out |= {x.i for x in obj.subtree} - exclude
        return out

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

    # -- special constructions ------------------------------------------------------
    def seems(self, v: Token, subj: Token | None, cue: Span) -> Attribution | None:
        """ "Manafort seemed to be part of it": no source; subject and complement are content."""
        comp = _child(v, "xcomp", "ccomp")
        if comp is None:
            prep = _child(v, "advcl", "prep")
            if prep is None or not any(
                m.lower_ in {"like", "as", "that"} for m in [prep, *prep.children]
            ):
                return None
            comp = prep
        content = {x.i for x in comp.subtree}
        nsubj = _child(v, "nsubj")
        if nsubj is not None and nsubj.lower_ not in {"it", "there"}:
            content |= {x.i for x in nsubj.subtree}
        return self.make(cue, content, None)

    def agreed_with(self, v: Token, subj: Token, cue: Span) -> Attribution | None:
        """The noun "a supposition [that] General X agreed with" is the content."""
        appos = _child(subj, "appos")
        if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
            noun, source = v.head, subj
        elif appos is not None:
            noun, source = subj, appos
        else:
            return None
        content = set(range(noun.left_edge.i, noun.i + 1))
        return self.make(cue, content, self.source_span(source))

    def limited_to(self, t: Token) -> Attribution | None:
        """ "Turkey limited its response to discussing X": cue from the verb to "discussing"."""
        prep = t.head
        noun = prep.head
        verb = noun.head
        if not (
            prep.lower_ == "to"
            and noun.lemma_.lower() in {"response", "reaction", "comment", "remark"}
        ):
            return None
        if verb.pos_ != "VERB" or verb.i > noun.i:
            return None
        content = set()
        for c in t.rights:
            content |= {x.i for x in c.subtree}
        subj = subject_of(verb, self.quotes)
        return self.make(self.token_span(verb.i, t.i), content, self.source_span(subj))

    def colon(self, sent: SpacySpan) -> Attribution | None:
        """Headline style "Roger Stone: Don't Trust the Voting Machines"."""
        colon = None
        for t in sent[:12]:
            if t.text == ":":
                colon = t
                break
            if t.pos_ in {"VERB", "AUX"} or t.is_quote:
                return None
        if colon is None or colon.i == sent.start:
            return None
        before = self.doc[sent.start : colon.i]
        named = any(t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG", "NORP"} for t in before)
        # "Trump: My plans aren't set in stone", "A: I felt helpless" (a headline or an
        # interview's speaker, which the small parser often tags as a common noun).
        if not named and not (
            len(before) <= 4
            and before[0].is_title | before[0].is_upper
            and all(t.is_alpha and (t.is_title or t.is_upper) for t in before)
        ):
            return None
        after = [t for t in self.doc[colon.i + 1 : sent.end] if t.is_alpha]
        if len(after) < 3:
            return None
        source = _pieces(self.doc, range(sent.start, colon.i))
        if not source:
            return None
        content = set(range(colon.i + 1, sent.end))
        return self.make(self.token_span(colon.i, colon.i), content, self.span(*source[0]))

    def adjective(self, a: Token) -> Attribution | None:
        """ "Republicans have been critical of the deal", "she is confident that X"."""
        be = a.head
        content: set[int] = set()
        last = a.i
        for c in a.children:
            if c.i <= a.i:
                continue
            if c.dep_ == "prep" and c.lower_ in {"of", "about", "in", "to", "with"}:
                if c.i == a.i + 1:
                    last = c.i
                    content |= {x.i for x in c.subtree} - {c.i}
                else:
                    content |= {x.i for x in c.subtree}
                break
            if c.dep_ in {"ccomp", "xcomp"}:
                content |= {x.i for x in c.subtree}
                break
        if not content:
            return None
        subj = subject_of(be, self.quotes)
        if subj is None or subj.lower_ in FIRST_PERSON:
            return None
        first = min(be.i, a.i)
        while (
            first > 0
            and self.doc[first - 1].head.i == be.i
            and self.doc[first - 1].dep_
            in {
                "aux",
                "neg",
            }
        ):
            first -= 1
        return self.make(self.token_span(first, last), content, self.source_span(subj))

    def hearsay(self, t: Token) -> Attribution | None:
        """ "The woman has reportedly been chatting with him": no source; the clause is
        the content (in two pieces around the adverb)."""
        head = t.head
        if head.pos_ not in {"VERB", "AUX"} or head.i in self.cue_heads:
            return None
        content = {x.i for x in head.subtree if not x.is_space} - {t.i}
        return self.make(self.token_span(t.i, t.i), content, None)

    def in_poll(self, t: Token) -> Attribution | None:
        """ "In a new Fox News poll, Trump leads with 45 percent": the poll is the source."""
        pobj = _child(t, "pobj")
        head = t.head
        if pobj is None or pobj.lemma_.lower() not in cues.IN_POLL_NOUNS:
            return None
        if head.pos_ not in {"VERB", "AUX"} or head.i in self.cue_heads:
            return None
        # A named or dated poll ("a new Fox News poll"), not "polls" in general.
        if not any(x.pos_ in {"PROPN", "NUM"} or x.ent_type_ for x in pobj.lefts):
            return None
        sub = {x.i for x in t.subtree}
        content = {x.i for x in head.subtree if not x.is_space} - sub
        source = _pieces(self.doc, [x.i for x in pobj.subtree])
        if not source:
            return None
        return self.make(self.token_span(t.i, t.i), content, self.span(source[0][0], source[-1][1]))

    def according(self, t: Token) -> Attribution | None:
        to = self.doc[t.i + 1]
        pobj = _child(to, "pobj") or _child(t, "pobj")
        if pobj is None:
            return None
        sent = self.sent(t)
        sub = {x.i for x in t.subtree} | {x.i for x in to.subtree} | {t.i, to.i}
        content = {x.i for x in sent if not x.is_space} - sub
        return self.make(self.token_span(t.i, to.i), content, self.source_span(pobj))

    def noun(self, n: Token) -> Attribution | None:
        content: set[int] = set()
        for c in n.children:
            if c.dep_ in {"acl", "ccomp", "relcl"} and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children
            ):
                content |= {x.i for x in c.subtree}
        if not content:
            return None
        cue_first = n.i
        subj = _child(n, "poss")
        verb = n.head
        if n.dep_ == "dobj" and lemma_of(verb) in LIGHT_VERBS and verb.i < n.i:
            cue_first = verb.i
            subj = subject_of(verb, self.quotes)
        elif n.lemma_.lower() in cues.LIGHT_ONLY_NOUNS:
            return None
        cue = self.token_span(cue_first, n.i)
        return self.make(cue, content, self.source_span(subj))


def find_attributions(doc: Doc, quotes: Quotes | None = None) -> list[Attribution]:
    """Candidate attributions in ``doc`` (speakers unresolved), in text order."""
    return _Finder(doc, quotes or Quotes(doc.text)).run()
