"""Names not on the watchlist: a model-free rule finder (any Latin-script language, Persian titles) and
an optional spaCy NER finder for English, loaded once per object and run with ``nlp.pipe``."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from presswatch.entities.candidate import Candidate
from presswatch.entities.discover_en import THING
from presswatch.entities.discover_fa import persian_names
from presswatch.entities.lexicon import Lexicon, lexicon
from presswatch.entities.name_gate import gated_ner
from presswatch.entities.normalize import CONNECTORS, Token, is_cased, lang_data
from presswatch.lang.data import months as lang_months
from presswatch.lang.data import read as lang_read
from presswatch.lang.data import words as lang_read_words
from presswatch.text.spacy_load import load_spacy

log = logging.getLogger(__name__)

# Words that, capitalised at the start of a name-like run, are not part of a name (the languages'
# entities.toml, with the full month names of dates.toml where the file says so).
STOP_START = frozenset(
    [w for code in ("en", "sq") for w in lang_read_words(code, "entities", "stop_start")]
    + [row[0] for code in ("en", "sq") if lang_read(code, "entities").get("month_names")
       for row in lang_months(code)])
OF_WORDS = frozenset({"of", "i", "e", "te", "se", "de", "du", "della"})
SQ_LINKS = frozenset({"i", "e", "te", "se"})
PLACE_PREPS = frozenset({"in", "from", "to", "ne", "nga", "near", "across", "outside", "inside", "at"})
# titles that are valid in any Latin-script language
LATIN_TITLES = lang_data("en").titles | lang_data("sq").titles
LATIN_ORG_WORDS = lang_data("en").org_words | lang_data("sq").org_words
NER_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
             # not entities here, kept as evidence that a name is a thing (discover_en.WordCase.thing)
             "PRODUCT": THING, "WORK_OF_ART": THING, "EVENT": THING, "LAW": THING, "LANGUAGE": THING,
             "NORP": THING}
ENTITY_KINDS = frozenset({"person", "org", "place"})


NAME_CONNECTORS = CONNECTORS - {"and", "dhe", "y", "se"}


def _adjacent(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.start]
    if len(a.key) == 1 and a.text.isupper() and gap == ". ":
        return True  # an initial: "Elira M. Basha"
    return len(gap) <= 2 and all(c in " -\u00a0" for c in gap)


def _sentence_start(text: str, tok: Token) -> bool:
    before = text[:tok.start].rstrip(" \"'“‘«„")
    return not before or before[-1] in ".!?:\n"


def _title_of(tok: Token, lang: str) -> bool:
    key = tok.key.rstrip(".")
    return key in LATIN_TITLES or key in lang_data(lang).titles


def rule_candidates(text: str, tokens: list[Token], covered: set[int], lang: str,
                    lex: Lexicon | None = None, soft: set[int] | None = None) -> list[Candidate]:
    """Capitalised sequences (with connectors), led by titles or carrying organisation words;
    Persian (uncased) text goes to :func:`persian_names` (``lex``: its lexicon, the shipped one by default)."""
    if lang == "fa" or (tokens and not any(is_cased(c) for t in tokens[:20] for c in t.text[:1])):
        found = persian_names(text, tokens, covered, lex, soft)
        taken = covered | {k for c in found for k in range(c.first, c.last)}
        return found + persian_candidates(text, tokens, taken, lang)
    out: list[Candidate] = []
    org_words = LATIN_ORG_WORDS | lang_data(lang).org_words
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if i in covered or not tok.text[:1].isupper() or not tok.text[:1].isalpha():
            i += 1
            continue
        j = i + 1
        while j < n and j not in covered:
            nxt = tokens[j]
            if nxt.text[:1].isupper() and _adjacent(text, tokens[j - 1], nxt):
                j += 1
            elif (nxt.key in NAME_CONNECTORS and j + 1 < n and j + 1 not in covered and tokens[j + 1].text[:1].isupper()
                  and _adjacent(text, tokens[j - 1], nxt) and _adjacent(text, nxt, tokens[j + 1])
                  and nxt.text.islower()):
                j += 2
            elif (nxt.key in OF_WORDS and j + 1 < n and j + 1 in covered and _adjacent(text, tokens[j - 1], nxt)
                  and _adjacent(text, nxt, tokens[j + 1]) and any(t.key in org_words for t in tokens[i:j])):
                # "University of [Tehran]", "Universiteti i [Tiranës]": an organisation named after a known
                # place takes the place in (the linker drops the place match)
                j += 2
                while j < n and j in covered and _adjacent(text, tokens[j - 1], tokens[j]):
                    j += 1
            else:
                break
        out.extend(_shape(text, tokens, i, j, lang, covered))
        i = j
    return out


def _shape(text: str, tokens: list[Token], i: int, j: int, lang: str, covered: set[int]) -> list[Candidate]:
    start = i
    while start < j and tokens[start].key in STOP_START:
        start += 1
    keys = [t.key for t in tokens[start:j]]
    org_words = LATIN_ORG_WORDS | lang_data(lang).org_words
    if not keys:
        return []
    if any(k in org_words for k in keys):
        while j > start and tokens[j - 1].key in CONNECTORS:
            j -= 1
        return [Candidate(start, j, "org")]
    links = [t.key for t in tokens[start:j] if t.key in NAME_CONNECTORS]
    content = j - start - len(links)
    if (lang == "sq" and links and set(links) <= SQ_LINKS and not _title_of(tokens[start], lang)
            and (content >= 3 or not _sentence_start(text, tokens[start]))):
        return [Candidate(start, j, "org")]  # Kontrolli i Lartë i Shtetit
    if links:
        # connectors belong in organisation names; elsewhere split at them
        out: list[Candidate] = []
        k = start
        for m in range(start, j + 1):
            if m == j or tokens[m].key in NAME_CONNECTORS:
                if m > k:
                    out.extend(_shape(text, tokens, k, m, lang, covered))
                k = m + 1
        return out
    titled = False
    while start < j and _title_of(tokens[start], lang):
        start, titled = start + 1, True
    if start >= j:
        return []
    span = tokens[start:j]
    if titled:
        return [Candidate(start, j, "person", True)]
    if len(span) == 1:
        tok = span[0]
        if tok.all_caps and 2 <= len(tok.key) <= 6:
            return [Candidate(start, j, "org")]
        prev = tokens[start - 1] if start > 0 else None
        nxt = tokens[j] if j < len(tokens) else None
        if nxt is not None and j in covered and _adjacent(text, tok, nxt):
            return []  # "Gazetën [Meridian]": part of a known name
        if prev is not None and prev.key in PLACE_PREPS and prev.text.islower() and len(tok.key) >= 3:
            return [Candidate(start, j, "place")]
        return []
    if start == i and _sentence_start(text, tokens[start]) and len(span) == 2 and span[0].key in STOP_START:
        return []
    if all(t.all_caps for t in span) and len(span) > 3:
        return []  # a shouted headline, not a name
    return [Candidate(start, j, "person" if 2 <= len(span) <= 3 else "unknown")]


def persian_candidates(text: str, tokens: list[Token], covered: set[int], lang: str) -> list[Candidate]:
    """Persian appositions: "NAME NAME، رئیس ...،" and "... کارگردان فیلم، NAME NAME، گفت"."""
    data = lang_data("fa")
    boundary = lexicon("fa").boundary
    out = []
    # apposition: "NAME NAME، رئیس ...،" at a clause start, or "... کارگردان فیلم، NAME NAME، گفت"
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if (i in covered or i + 1 in covered or not _adjacent(text, a, b) or a.key in data.roles
                or a.key in boundary or b.key in boundary):
            continue
        before = text[:a.start].rstrip()
        after = text[b.end:].lstrip()
        if not after.startswith("،"):
            continue
        clause_start = not before or before[-1] in ".!?؟\n:«"
        next_tok = tokens[i + 2] if i + 2 < len(tokens) else None
        prev_tok = tokens[i - 1] if i > 0 else None
        role_after = clause_start and next_tok is not None and next_tok.key in data.roles
        role_before = (before.endswith("،") and prev_tok is not None and
                       any(t.key in data.roles for t in tokens[max(0, i - 3):i]))
        if role_after or role_before:
            out.append(Candidate(i, i + 2, "person", True))
    return out


class SpacyNer:
    """spaCy NER for English, loaded once per object; ``available`` is False (one warning) when spaCy
    or the configured model is missing, and callers fall back to the rules."""

    def __init__(self, model: str | None):
        self.model = model
        # only the entity recogniser (and the tok2vec it listens to) is needed
        self.nlp, self.error = load_spacy(model, ["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
        if self.error:
            log.warning("entities: %s; using the rule-based name finder instead", self.error)

    @property
    def available(self) -> bool:
        return self.nlp is not None

    def spans(self, texts: Sequence[str], batch_size: int = 64) -> list[list[tuple[int, int, str]]]:
        """(start, end, kind) character spans per text; kind is person, org, place or ``THING``. Only the
        sentences that can hold a name are read (:func:`~presswatch.entities.name_gate.gated_ner`)."""
        if self.nlp is None:
            return [[] for _ in texts]
        return gated_ner(self.nlp, texts, NER_KINDS, batch_size)


# a comma inside a model's person or organisation span joins two names ("MEK, Rajavi cult"), unless a
# suffix follows it ("Tyvak Systems, Inc", "Martin Luther King, Jr."); a place may have one ("Austin, Texas")
COMPANY_SUFFIX = frozenset({"inc", "ltd", "llc", "plc", "co", "corp", "gmbh", "ag", "sa", "lp", "llp", "jr", "sr",
                            "ii", "iii"})


def spacy_candidates(tokens: list[Token], spans: list[tuple[int, int, str]], covered: set[int],
                     lang: str, text: str = "") -> list[Candidate]:
    out = []
    for start, end, kind in spans:
        if kind not in ENTITY_KINDS:
            continue
        if kind != "place" and "," in text[start:end] and not all(
                part.strip().rstrip(".").lower() in COMPANY_SUFFIX for part in text[start:end].split(",")[1:]):
            continue
        idx = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= end]
        if not idx:
            continue
        first, last = idx[0], idx[-1] + 1
        titled = False
        while first < last and (tokens[first].key in STOP_START or _title_of(tokens[first], lang)):
            titled = titled or _title_of(tokens[first], lang)
            first += 1
        inside = [k for k in range(first, last) if k in covered]
        # an organisation may take a known place in ("University of Tehran"); nothing else may overlap
        if inside and not (kind == "org" and first not in covered and tokens[inside[0] - 1].key in OF_WORDS):
            continue
        if first < last:
            out.append(Candidate(first, last, kind, titled))
    return out
