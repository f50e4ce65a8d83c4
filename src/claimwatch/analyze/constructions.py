"""How particular constructions shape an attribution, read off the dependency parse.

Each reader returns token indices (or tokens) for one construction: the cue's extent
("called for", "said in a statement"), the source (the subject, or a repair of a
misparse), the addressee ("told reporters"), the content that a cue verb's own
construction gives (complements, objects, naming, prepositions) and the readings of
cues that are not verbs ("according to", "In a Fox News poll", "is critical of").
``attributions.py`` decides which tokens are cues, falls back on quotations, and
turns these readings into character spans.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimwatch.analyze import cues
from claimwatch.analyze.parse_tree import char_ranges, child, is_passive
from claimwatch.analyze.quotes import Quotes
from claimwatch.analyze.rule_lexicon import (
    ADDRESSEE_DOBJ,
    ADDRESSEE_TO,
    ASPECTUAL,
    CUE_PREPS,
    DOBJ_CONTENT,
    FIRST_PERSON,
    LIGHT_VERBS,
    MEDIUM_NOUNS,
    MEDIUM_VERBS,
    MESSAGE_NOUNS,
    NAMING_VERBS,
    PREP_CONTENT,
    REL_PRONOUNS,
    SAY_VERBS,
    SUMMARY_NOUNS,
    XCOMP_CONTENT,
    lemma_of,
)

_QUOTE_CHARS = set("\"'“”‘’")


class Reading(NamedTuple):
    """An attribution read off one construction, as token indices."""

    cue: tuple[int, int]  # first and last token
    content: set[int]
    source: list[int] | None


# -- the cue's extent -------------------------------------------------------------------
def statement_verb(v: Token) -> Token | None:
    """ "released a statement saying X": the verb that PolNeAR's cue starts from."""
    n = v.head
    if v.dep_ != "acl" or v.tag_ != "VBG" or n.dep_ != "dobj" or n.i > v.i:
        return None
    w = n.head
    if n.lemma_.lower() in MESSAGE_NOUNS and w.lemma_.lower() in MEDIUM_VERBS and v.i - w.i <= 8:
        return w
    return None


def cue_extent(v: Token, sent_start: int) -> tuple[int, int]:
    """The first and last token of a cue verb's cue: the verb with its particle, a stranded
    "with", a kept preposition or medium, auxiliaries and adverbs before it, an aspectual
    verb that governs it ("continuing to insist") and a statement's verb."""
    doc = v.doc
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
            pobj = child(c, "pobj")
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
        j >= sent_start
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
    return first, last


# -- the source -------------------------------------------------------------------------
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
        agent = child(v, "agent")
        return child(agent, "pobj") if agent is not None else None
    for _ in range(8):
        if is_passive(cur):
            agent = child(cur, "agent")
            if agent is not None:
                return child(agent, "pobj")
            if cur is v:
                return None
        subj = child(cur, "nsubj")
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


def source_tokens(subj: Token | None) -> list[int] | None:
    """The source's tokens: the subject's whole subtree."""
    if subj is None:
        return None
    return [t.i for t in subj.subtree]


def after_quote_source(v: Token, quotes: Quotes) -> list[int] | None:
    """ "“We were wrong,” Ramos, 58, told AFP": the noun phrase between a closing quotation
    mark and the cue, if it is one."""
    doc = v.doc
    j = v.i - 1
    while j >= 0 and not (doc[j].is_quote and quotes.at(doc[j].idx)):
        t = doc[j]
        if t.pos_ in {"VERB", "AUX"} or t.is_space or v.i - j > 10:
            return None
        j -= 1
    ranges = char_ranges(doc, range(j + 1, v.i))
    if len(ranges) != 1 or not any(t.pos_ in {"PROPN", "NOUN"} for t in doc[j + 1 : v.i]):
        return None
    return list(range(j + 1, v.i))


def misattached_subject(
    v: Token, sent_start: int, quotes: Quotes, exclude: set[int]
) -> list[int] | None:
    """A main verb whose subject the parse hung elsewhere: "Activists clamoring to block
    X say ...", "At Boca West, Jay DiPietro, the club's president, suggested ...".

    The nearest noun before the verb that is a subject or apposition of something else
    starts the source, which runs to the verb (and is added to ``exclude``).
    """
    doc = v.doc
    for j in range(v.i - 1, max(sent_start, v.i - 30) - 1, -1):
        t = doc[j]
        if t.text in {";", ":", "—", "–"} or t.is_quote or quotes.at(t.idx):
            return None
        if t.dep_ in {"nsubj", "appos"} and t.pos_ in {"NOUN", "PROPN"}:
            first = t.left_edge.i
            if first < sent_start:
                return None
            if len(char_ranges(doc, range(first, v.i))) != 1:
                return None
            exclude |= set(range(first, v.i))
            return list(range(first, v.i))
    return None


# -- the addressee ----------------------------------------------------------------------
def addressee_of(v: Token, lemma: str, exclude: set[int]) -> Token | None:
    """ "alleged to the four NATO member states", "told reporters": the addressee's head,
    whose tokens (and the "to") are added to ``exclude``."""
    addr_tok = None
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ == "to" and lemma in ADDRESSEE_TO:
            addr_tok = child(c, "pobj")
            if addr_tok is not None:
                exclude |= set(range(c.i, addr_tok.i + 1))
        elif (
            c.dep_ in {"dobj", "dative"}
            and lemma in ADDRESSEE_DOBJ
            and c.pos_ in {"PROPN", "NOUN", "PRON"}
        ):
            addr_tok = c
            exclude |= {x.i for x in c.subtree}
    return addr_tok


# -- a cue verb's content ---------------------------------------------------------------
def verb_content(
    v: Token,
    lemma: str,
    subj: Token | None,
    exclude: set[int],
    cue_last: int,
    cue_heads: set[int],
    quotes: Quotes,
) -> set[int]:
    """The content that the cue verb's construction gives, the rules tried in order;
    empty when none applies."""
    content = poll_content(v, lemma, subj, cue_last)
    if not content and (lemma in NAMING_VERBS or lemma in DOBJ_CONTENT):
        content = naming_content(v, lemma, exclude)
    # An open complement or question adds to a poll's or naming's content.
    for c in complements(v, lemma, quotes, with_ccomp=not content):
        content |= {t.i for t in c.subtree} - exclude - content_exclusions(c, cue_heads)
        if c.dep_ == "xcomp" and is_passive(v):
            # "The decision is widely expected to be unfavorable": subject and
            # complement together are the content.
            sp = child(v, "nsubjpass")
            if sp is not None and sp.lower_ not in {"it", "there"}:
                content |= {x.i for x in sp.subtree} - exclude
    if not content:
        content = prep_content(v, lemma, cue_last)
    if not content:
        content = judged_content(v, lemma)
    if not content:
        content = object_content(v, lemma, exclude)
    if not content:
        content = preceding_clause(v, lemma, subj)
    return content


def poll_content(v: Token, lemma: str, subj: Token | None, cue_last: int) -> set[int]:
    """ "The poll shows Trump leading Clinton 44 percent to 37": all after the verb."""
    content: set[int] = set()
    if (
        lemma in cues.POLL_VERBS
        and subj is not None
        and subj.lemma_.lower() in cues.POLL_NOUNS
        and not any(c.dep_ == "ccomp" for c in v.children)
    ):
        for c in v.rights:
            if c.dep_ not in {"punct", "cc", "conj"} and c.i > cue_last:
                content |= {x.i for x in c.subtree}
    return content


def naming_content(v: Token, lemma: str, exclude: set[int]) -> set[int]:
    """ "called X “Y”", "described X as Y", "X was seen as Y": X and Y are the content."""
    obj = child(v, "dobj", "nsubjpass")
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


def complements(v: Token, lemma: str, quotes: Quotes, with_ccomp: bool) -> list[Token]:
    """The clauses whose subtrees are the content: the clausal complement (when
    ``with_ccomp``), else an open complement or an embedded question."""
    comps = [c for c in v.children if c.dep_ == "ccomp"] if with_ccomp else []
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
        comps = [c for c in comps if c.i > v.i or quotes.at(c.idx)]
    return comps


def content_exclusions(head: Token, cue_heads: set[int]) -> set[int]:
    """Parts of a complement's subtree that are not content.

    A clause whose subject sums the content up ("a supposition X agreed with"), and a
    conjoined cue verb ("... exists” and blaming the West") are their own attributions.
    """
    out: set[int] = set()
    for t in head.subtree:
        if t is head:
            continue
        if t.dep_ in {"ccomp", "conj", "parataxis", "advcl", "relcl"} and t.pos_ in {"VERB", "AUX"}:
            subj = child(t, "nsubj")
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


def prep_content(v: Token, lemma: str, cue_last: int) -> set[int]:
    """ "warned of X", "railed against X": the preposition phrase."""
    content: set[int] = set()
    if lemma in PREP_CONTENT:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in PREP_CONTENT[lemma]:
                # The preposition is part of the cue when it follows the verb.
                content |= {x.i for x in c.subtree} - ({c.i} if c.i <= cue_last else set())
    return content


def judged_content(v: Token, lemma: str) -> set[int]:
    """ "accused X of Y", "praised X for Y": the object and preposition phrases after."""
    content: set[int] = set()
    if lemma in {"accuse", "blame", "criticize", "criticise", "praise", "condemn", "slam"}:
        for c in [c for c in v.rights if c.dep_ in {"dobj", "prep"}]:
            content |= {x.i for x in c.subtree}
    return content


def object_content(v: Token, lemma: str, exclude: set[int]) -> set[int]:
    """ "denied the allegations": the direct object, unless a pronoun."""
    if lemma in DOBJ_CONTENT:
        dobj = child(v, "dobj")
        if dobj is not None and dobj.i not in exclude and dobj.pos_ != "PRON":
            return {x.i for x in dobj.subtree} - exclude
    return set()


def preceding_clause(v: Token, lemma: str, subj: Token | None) -> set[int]:
    """ "X is happening, officials said": the head's clause, minus the cue's."""
    if (
        lemma in SAY_VERBS
        and subj is not None
        and v.doc[min(subj.left_edge.i, v.i) - 1].text in {",", "”", '"', "—"}
        and (
            v.dep_ in {"parataxis", "ccomp"}
            # "X happened, officials told reporters": a conjunct with no "and".
            or (v.dep_ == "conj" and not any(c.dep_ == "cc" and c.i < v.i for c in v.head.children))
        )
    ):
        h = v.head
        return {t.i for t in h.subtree} - {t.i for t in v.subtree}
    return set()


def seem_content(v: Token) -> set[int] | None:
    """ "Manafort seemed to be part of it": subject and complement are the content (there
    is no source)."""
    comp = child(v, "xcomp", "ccomp")
    if comp is None:
        prep = child(v, "advcl", "prep")
        if prep is None or not any(
            m.lower_ in {"like", "as", "that"} for m in [prep, *prep.children]
        ):
            return None
        comp = prep
    content = {x.i for x in comp.subtree}
    nsubj = child(v, "nsubj")
    if nsubj is not None and nsubj.lower_ not in {"it", "there"}:
        content |= {x.i for x in nsubj.subtree}
    return content


def agreed_with(v: Token, subj: Token) -> tuple[set[int], Token] | None:
    """ "a supposition [that] General X agreed with": the noun is the content; returns the
    content and the source's head."""
    appos = child(subj, "appos")
    if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
        noun, source = v.head, subj
    elif appos is not None:
        noun, source = subj, appos
    else:
        return None
    return set(range(noun.left_edge.i, noun.i + 1)), source


# -- cues that are not verbs ------------------------------------------------------------
def according_to(t: Token, sent: SpacySpan) -> Reading | None:
    """ "according to X": the rest of the sentence is the content."""
    to = t.doc[t.i + 1]
    pobj = child(to, "pobj") or child(t, "pobj")
    if pobj is None:
        return None
    sub = {x.i for x in t.subtree} | {x.i for x in to.subtree} | {t.i, to.i}
    content = {x.i for x in sent if not x.is_space} - sub
    return Reading((t.i, to.i), content, source_tokens(pobj))


def limited_to(t: Token, quotes: Quotes) -> Reading | None:
    """ "Turkey limited its response to discussing X": cue from the verb to "discussing"."""
    prep = t.head
    noun = prep.head
    verb = noun.head
    if not (
        prep.lower_ == "to" and noun.lemma_.lower() in {"response", "reaction", "comment", "remark"}
    ):
        return None
    if verb.pos_ != "VERB" or verb.i > noun.i:
        return None
    content = set()
    for c in t.rights:
        content |= {x.i for x in c.subtree}
    return Reading((verb.i, t.i), content, source_tokens(subject_of(verb, quotes)))


# A quotation on a line of its own, signed after a dash: "“...” ― Sonya Herridge" (lists
# of readers' or voters' quotes, epigraphs). The source is name-like: capitalised words
# (initials, hyphens, apostrophes), at most six, then nothing but a full stop.
_QUOTE_DASH = re.compile(
    r"^[ \t\xa0]*(?P<content>[\"“”].*[\"”])[ \t\xa0]*(?P<cue>[―—–]|--)[ \t\xa0]*"
    r"(?P<source>[A-Z][\w.'’-]*(?:[ \xa0]+[A-Z][\w.'’-]*){0,5})[ \t\xa0.]*$",
    re.MULTILINE,
)


def quote_dash(text: str) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """Signed quotations, "“We deserve better.” ― Ana Ruiz": (cue, content, source)
    character ranges, one per line that is a quotation followed by a dash and a name."""
    out: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = []
    if not any(dash in text for dash in ("―", "—", "–", "--")):
        return out  # most articles: no line scan
    for m in _QUOTE_DASH.finditer(text):
        if len(re.findall(r"\w+", m.group("content"))) < 3:
            continue
        s, e = m.span("source")
        # "― Carla Sanchez." : the full stop ends the line, not the name ("Jr." keeps it).
        if text[e - 1] == "." and not re.search(r"\b(?:[A-Z]|Jr|Sr|St)\.$", text[s:e]):
            e -= 1
        out.append((m.span("cue"), m.span("content"), (s, e)))
    return out


# Labels before a colon that name a kind of note, not a speaker.
NOT_SPEAKER_LABELS = {
    "editor's note",
    "editor’s note",
    "editors' note",
    "editors’ note",
    "correction",
    "clarification",
    "update",
    "updated",
    "note",
    "the latest",
    "related",
    "read more",
    "watch",
    "video",
    "photos",
    "source",
    "sources",
}
# Small words that make a label a topic ("Obama on Climate Change: ...") not a name.
_TOPIC_WORDS = {"on", "for", "of", "in", "at", "to", "and", "with", "from", "over", "about"}


def headline_colon(sent: SpacySpan, text: str) -> Reading | None:
    """Headline style "Roger Stone: Don't Trust the Voting Machines", and a transcript's
    speaker label, "\"WALLACE: Let's start with ..." (an opening quotation mark first).

    A label at the start of its line speaks the whole line (a transcript's turn runs
    over several sentences; PolNeAR's content ends at the line's end). ``text`` is
    ``doc.text``, passed in since spaCy rebuilds that string on every access."""
    doc = sent.doc
    colon = None
    lead = sent.start
    while lead < sent.end - 1 and doc[lead].is_quote:
        lead += 1
    sent = doc[lead : sent.end]
    for t in sent[:12]:
        if t.text == ":":
            colon = t
            break
        if t.pos_ in {"VERB", "AUX"} or t.is_quote:
            return None
    if colon is None or colon.i == sent.start:
        return None
    before = doc[sent.start : colon.i]
    if before.text.lower() in NOT_SPEAKER_LABELS or any(t.lower_ in _TOPIC_WORDS for t in before):
        return None
    named = any(t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG", "NORP"} for t in before)
    # "Trump: My plans aren't set in stone", "A: I felt helpless" (a headline or an
    # interview's speaker, which the small parser often tags as a common noun).
    if not named and not (
        len(before) <= 4
        and before[0].is_title | before[0].is_upper
        and all(t.is_alpha and (t.is_title or t.is_upper) for t in before)
    ):
        return None
    end = sent.end
    line_start = text.rfind("\n", 0, before[0].idx) + 1
    if not text[line_start : before[0].idx].strip(' \t\xa0"“'):
        line_end = text.find("\n", colon.idx)
        line_end = len(text) if line_end < 0 else line_end
        while end < len(doc) and doc[end].idx < line_end:
            end += 1
    after = [t for t in doc[colon.i + 1 : end] if t.is_alpha]
    if len(after) < 3:
        return None
    source = list(range(sent.start, colon.i))
    if not char_ranges(doc, source):
        return None
    content = {t.i for t in doc[colon.i + 1 : end] if not t.is_space}
    return Reading((colon.i, colon.i), content, source)


def be_adjective(a: Token, quotes: Quotes) -> Reading | None:
    """ "Republicans have been critical of the deal", "she is confident that X"."""
    doc = a.doc
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
    subj = subject_of(be, quotes)
    if subj is None or subj.lower_ in FIRST_PERSON:
        return None
    first = min(be.i, a.i)
    while first > 0 and doc[first - 1].head.i == be.i and doc[first - 1].dep_ in {"aux", "neg"}:
        first -= 1
    return Reading((first, last), content, source_tokens(subj))


def hearsay_adverb(t: Token, cue_heads: set[int]) -> Reading | None:
    """ "The woman has reportedly been chatting with him": no source; the clause is
    the content (in two pieces around the adverb)."""
    head = t.head
    if head.pos_ not in {"VERB", "AUX"} or head.i in cue_heads:
        return None
    content = {x.i for x in head.subtree if not x.is_space} - {t.i}
    return Reading((t.i, t.i), content, None)


def in_poll(t: Token, cue_heads: set[int]) -> Reading | None:
    """ "In a new Fox News poll, Trump leads with 45 percent": the poll is the source."""
    pobj = child(t, "pobj")
    head = t.head
    if pobj is None or pobj.lemma_.lower() not in cues.IN_POLL_NOUNS:
        return None
    if head.pos_ not in {"VERB", "AUX"} or head.i in cue_heads:
        return None
    # A named or dated poll ("a new Fox News poll"), not "polls" in general.
    if not any(x.pos_ in {"PROPN", "NUM"} or x.ent_type_ for x in pobj.lefts):
        return None
    sub = {x.i for x in t.subtree}
    content = {x.i for x in head.subtree if not x.is_space} - sub
    source = [x.i for x in pobj.subtree]
    if not char_ranges(t.doc, source):
        return None
    return Reading((t.i, t.i), content, source)


def cue_noun(n: Token, quotes: Quotes) -> Reading | None:
    """ "his claim that X", "issued a statement that X": the "that" clause is the content;
    a light verb before the noun starts the cue and gives the source."""
    content: set[int] = set()
    for c in n.children:
        if c.dep_ in {"acl", "ccomp", "relcl"} and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children
        ):
            content |= {x.i for x in c.subtree}
    if not content:
        return None
    cue_first = n.i
    subj = child(n, "poss")
    verb = n.head
    if n.dep_ == "dobj" and lemma_of(verb) in LIGHT_VERBS and verb.i < n.i:
        cue_first = verb.i
        subj = subject_of(verb, quotes)
    elif n.lemma_.lower() in cues.LIGHT_ONLY_NOUNS:
        return None
    return Reading((cue_first, n.i), content, source_tokens(subj))
