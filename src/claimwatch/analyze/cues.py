"""Cue verbs learned from PolNeAR train, by the dependent that holds their content.

Derived from the 840 train articles: for every verb lemma, how often it heads a gold
cue (``cue/occurrences``) and which of its dependents covers the gold content. A verb
is listed when it heads a cue in at least ~40% of its occurrences as a verb (or fits a
construction that does: "sees X as Y", "backs X"), and adding it raised train
attribution F1. The counts are in the comments: ``cue/occurrences`` in train.
"""

from __future__ import annotations

# The direct object is the content: "Clinton decried the decision", "Trump backs X".
DOBJ_VERBS = frozenset(
    """decry bemoan chide blast lament lambast tout denounce reaffirm deride reference hail mock
    voice assail rebuke echo applaud invoke recite rebut discuss defend highlight relish
    articulate outline recount contemplate list credit retweet prefer back""".split()
)
# decry 14/14, bemoan 6/6, chide 7/7, blast 31/35, lament 13/15, tout 21/26, denounce 34/47,
# deride 5/7, reference 12/18, hail 6/9, mock 22/34, voice 11/17, assail 7/11, rebuke 5/9,
# echo 21/38, applaud 11/22, invoke 8/18, recite 4/9, rebut 4/9, discuss 42/99,
# defend 51/122, highlight 20/51, back 49/190 (finite only, below). Left out, as they
# lowered train F1 (the parse's object is too often not the gold content): attack 41/147,
# embrace, champion, quote.

# Naming: the object and what it is called are the content, "called the program “worse than
# amnesty”", "described the protests as peaceful", "sees him as an asset".
NAMING_VERBS = frozenset(
    """call describe label dub brand term characterize characterise portray see view regard
    deem consider name paint cast liken compare frame interpret depict hail""".split()
)
# The prepositions that carry the "as Y" part of a naming verb.
NAMING_PREPS = {"liken": ("to",), "compare": ("to", "with"), "credit": ("with", "for")}

# A preposition phrase is the content: "railed against X", "alluded to X".
PREP_VERBS = {
    "rail": ("against",),  # 14/16
    "allude": ("to",),  # 6/7
    "balk": ("at",),  # 5/6
    "vouch": ("for",),  # 6/6
    "refer": ("to",),  # 65/101
    "point": ("to",),
    "side": ("with",),  # 6/11
    "distance": ("from",),
    "apologize": ("for",),  # 10/28
    "spar": ("with", "over"),
    "muse": ("about", "on"),  # 4/4
    "dwell": ("on",),  # 4/5
    "lash": ("at",),
    "speak": ("of", "about"),
    "talk": ("about",),
    "warn": ("of", "about", "against"),
    "call": ("for",),
    "complain": ("about",),
    "argue": ("for", "against"),
    "plead": ("for",),
    "advocate": ("for",),
    "ask": ("about",),  # "was asked about X": 19 missed before
}

# Adverbs that attribute without a source: "he reportedly told aides X" (train: 14 missed;
# "allegedly" is not annotated so: 0 right of 10).
HEARSAY_ADVERBS = frozenset("reportedly seemingly".split())

# The open complement (to-infinitive) is the content: "hopes to carry the state".
XCOMP_VERBS = frozenset("hope aim opt prefer".split())

# Cues only for a quotation: "“A,” he continued.", "the sign read “B”" (train: continue 44,
# read 21, none found before).
QUOTE_ONLY_VERBS = frozenset(["continue", "read"])

# Verbs and nouns of the hand-written lexicon that lower train attribution F1 as cues
# (feel 4/26 found right, intend 8/38; these nouns' "that" clauses are mostly not
# attributions).
NOT_CUES = frozenset("feel intend accusation argument belief".split())
# Cues only as a finite verb with its own subject, "Many Republicans support the bill",
# not "groups supporting X" or "voters who support X" (support: 50 right of 286 found
# as any form, 23 of 77 when finite).
FINITE_ONLY_VERBS = frozenset(["support", "back", "oppose", "favor"])
# Nouns that are cues only with a light verb: "issued a statement that ...".
LIGHT_ONLY_NOUNS = frozenset(["statement"])

# "be" + adjective cues: "has been critical of X", "was eager to Y", "is confident that Z"
# (train: eager 10/10, critical of 9/14, skeptical of 4/5, proud of 4/10, aware 8/18).
ADJ_CUES = frozenset(
    """eager critical skeptical sceptical aware proud upset confident worried concerned adamant
    hopeful reluctant supportive opposed optimistic pessimistic convinced certain unhappy
    angry""".split()
)

# Polls and records: "a new poll shows Trump ahead", "in a Fox News poll, 45 percent ...".
POLL_NOUNS = frozenset(
    """poll survey record data study analysis tally figure number count document review
    report audit""".split()
)
POLL_VERBS = frozenset("show find suggest indicate reveal put give have".split())
# "in" + these is a cue: "In a September Post-ABC poll, 75 percent said ..." (train: 67).
IN_POLL_NOUNS = frozenset("poll survey".split())

ALL_VERBS = QUOTE_ONLY_VERBS | DOBJ_VERBS | NAMING_VERBS | frozenset(PREP_VERBS) | XCOMP_VERBS
