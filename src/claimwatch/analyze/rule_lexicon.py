"""The rule finder's hand-written word lists, merged with the ones learned in ``cues.py``.

``attributions.py`` reads the cue lists (which words are cues), ``constructions.py``
the lists that say how a cue's source, content and addressee attach to it. Lists are
matched against ``lemma_of``.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimwatch.analyze import cues

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
# "released a statement saying X": the verb and noun that start PolNeAR's cue.
MEDIUM_VERBS = LIGHT_VERBS | {"put", "run", "air", "tweet"}
MESSAGE_NOUNS = frozenset(
    "statement release email e-mail letter message ad advertisement tweet report memo note video".split()
)


# The small English pipeline's lemmatizer errors on cue verbs ("hoped" -> "hop").
_LEMMA_FIX = {"hoped": "hope", "hopes": "hope", "hoping": "hope", "retweeted": "retweet"}


def lemma_of(t: Token) -> str:
    """The token's lower-case lemma, with the pipeline's known cue-verb errors fixed."""
    return _LEMMA_FIX.get(t.lower_) or t.lemma_.lower()
