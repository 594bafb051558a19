"""What a discovered English name must pass before it becomes an entity (spaCy or rules alike).

* Only Latin-script tokens: a passage in another script that was taken for English finds no names.
* Not in a headline-case passage (a heading or table row where most words are capitalised,
  "Hijacks America", "Reaction To Families"): there known names are still matched, nothing is discovered.
* A single word at the start of a sentence ("Create", "During") is not a name unless the same word is
  capitalised in the middle of a sentence somewhere in the article.
* Not a common noun: every word of the name ("Sales", "Data Science", "Operations") is also written
  in lower case, at least as often as it is capitalised mid-sentence, across the texts seen
  (:class:`WordCase`: the article, and what the linker was shown of the archive).
* Not a pronoun ("You") or a listed generic word (``lang/en/entities.toml``).
* Not a thing, by evidence across the texts seen: spaCy labels the name PRODUCT, WORK_OF_ART, EVENT, LAW,
  LANGUAGE or NORP more often than a person/organisation/place; a word of the name is followed by a
  product noun ("Windows operating system", "Python code", "GRE scores") in a good part of its uses; an
  acronym spelt out on a page as common nouns only ("Rapid Application Development (RAD)"); an acronym after
  "a"/"an" as the head of its phrase ("an RMC does"); a one-word name the model calls an organisation that is
  used ("using Canvas", "with Elementor") in a third of its uses and never written as a company ("X says",
  "at X", "X's CEO").
* :class:`WordCase` also counts what ``evidence_en`` and the linker read: the capitalised word before each
  word (a known organisation's products, "Google BigQuery") and the roles a name is written with ("chairman X",
  "X, a senior fellow at" for a person; "X is a … firm" for an organisation), and a name written with its
  family ("X's husband": a person's).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from presswatch.entities.normalize import Token, tokenize
from presswatch.lang.data import read

SENTENCE_END = ".!?:;\n\"“”|•–—-*#>"
# the kind spaCy spans carry for labels that are not person/organisation/place (products, works, events)
THING = "thing"
# "Rapid Application Development (RAD)": capitalised words (with small connectors) and the acronym
_DEFINED = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|the|&|in|on|to)\s+)?){2,8})\(([A-Z]{2,8})s?\)")
_SMALL = frozenset({"of", "and", "for", "the", "&", "in", "on", "to"})
# the other order: "SAS (Statistical Analysis System)", "SLR (Single Lens Reflex)"; taken only when the initials
# of the words in brackets spell the acronym
# (words separated by spaces, the last one before the bracket: no empty separator, so a run of capitals
# cannot be split in many ways when no bracket closes it)
_DEFINED_AFTER = re.compile(r"\b([A-Z]{2,8})s?\s+\(((?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|the|&|in|on|to)\s+)?){1,7}"
                            r"[A-Z][\w’'-]*)\s*\)")
# "frameworks like Electron, .NET, or Java", "tools such as JUnit and XCTest": the names of a list
# introduced by a plural noun of things (lang/en/entities.toml product_kinds)
_LIST_INTRO = r"\b({})\s+(?:like|such as|including)\s+([^.;:()!?\n]{{1,160}})"
# "Google Stadia", "Amazon's Echo Buds": what may stand between a maker's name and its product's
MAKER_GAPS = frozenset({" ", "'s ", "’s "})
# words after which an acronym is the head of its phrase ("an RMC does", "an OTA that"), not a modifier
HEAD_FOLLOWERS = frozenset({"that", "which", "who", "is", "does", "can", "will", "should", "would", "may", "and",
                            "or", "for", "to", "in", "with", "besides", "like", "than", "has", "offers"})
# "hypersensitivity pneumonitis (HP)", "online travel agencies (OTA)", "CDN (content delivery network)": an acronym
# spelt out in lower-case words, a common noun's (the initials of the words before or in the brackets spell it)
_BRACKETED = re.compile(r"\(([A-Z]{2,8})s?\)")
_SPELT_LOWER_AFTER = re.compile(r"\b([A-Z]{2,8})s?\s+\(([a-z][\w’' &-]{0,80})\)")
# what may follow a product kind noun that ends the phrase ("Stadia, Google's streaming platform, launches";
# not "Apple's product manager")
_PHRASE_END = r"(?=\s*[,.;:)!?]|\s+(?:that|which|and|is|was|has|will|launched|launches|arrives)\b|\s*$)"
# "DSLRs", "OTAs", "SUVs": an acronym's plural (a common noun's: organisations' names are not counted)
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
# "I'll", "We're", "Don't": a pronoun or verb with its contraction
_CONTRACTION = re.compile(r"\w+['’](?:ll|re|ve|d|m|t)", re.IGNORECASE)


def _glued_plus(text: str, start: int, end: int) -> bool:
    """A span written with a plus sign glued to its end ("Disney+", not "C++", "X+1")."""
    if text[end - 1:end] == "+":
        end -= 1
    return text[end:end + 1] == "+" and not (text[end + 1:end + 2].isalnum() or text[end + 1:end + 2] == "+")


@lru_cache(maxsize=4)
def not_names(lang: str) -> frozenset[str]:
    data = read(lang, "entities")
    return frozenset(w.lower() for key in ("pronouns", "not_names", "not_names_acronyms") for w in data.get(key, []))


@lru_cache(maxsize=32)   # keyed by (language, list name): ten lists per language, each read once
def cue_words(lang: str, key: str) -> frozenset[str]:
    """A word list of ``lang/<lang>/entities.toml``, lower-cased (company_after, company_before,
    use_before, person_roles, org_nouns, org_heads, product_nouns, product_heads, speech_verbs,
    org_prepositions)."""
    return frozenset(w.lower() for w in read(lang, "entities").get(key, []))


_NAME = r"(?P<name>(?:[A-Z][\w'’.&-]*\s){0,2}[A-Z][\w'’-]*[\w])"


@lru_cache(maxsize=4)
def role_patterns(lang: str) -> tuple[tuple[re.Pattern[str], Callable[[WordCase], Counter[str]]], ...]:
    """What makes the name beside it a person's or an organisation's, as patterns over a text:
    "<role> NAME" ("chairman Marcelo Claure", "daughter (Chase Infiniti)"), "NAME, who", "NAME, a/the … <role>";
    "NAME is a/an … <organisation noun>", "NAME, a/the … <organisation noun>"."""
    roles = "|".join(re.escape(w) for w in sorted(cue_words(lang, "person_roles"), key=len, reverse=True))
    nouns = "|".join(re.escape(w) for w in sorted(cue_words(lang, "org_nouns"), key=len, reverse=True))
    if not roles or not nouns:
        return ()
    before = re.compile(rf"\b(?:{roles})\s+\(?{_NAME}\b(?![\w'’-]*\s[A-Z])")
    apposition = re.compile(rf"{_NAME},\s+(?:who\b|(?:a|an|the|his|her)\s+(?:[\w-]+\s+){{0,3}}(?:{roles})\b)")
    org = re.compile(rf"{_NAME}(?:,|\s+is)\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:{nouns})\b")

    def persons(case: WordCase) -> Counter[str]:
        return case.person_roles

    def orgs(case: WordCase) -> Counter[str]:
        return case.org_roles
    return ((before, persons), (apposition, persons), (org, orgs))


@lru_cache(maxsize=4)
def kin_pattern(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A name written with its family ("Brandi's husband", "Tiffany Waldorf's children", "Ford's sister,"): a
    person's. Not "X's sister company", "X's parent brand" (``lang/<lang>/entities.toml`` kin_words,
    kin_not_before). Two patterns: the family word after a possessive (a quick test), and the name with it."""
    def alternation(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    words, modifiers = cue_words(lang, "kin_words"), cue_words(lang, "kin_modifiers")
    kin, nouns = alternation(words), alternation(cue_words(lang, "kin_not_before"))
    if not kin or not nouns:
        return None
    plain = alternation(words - modifiers) or "(?!)"
    mods = alternation(words & modifiers) or "(?!)"
    # after a word often written as a modifier ("sister party", "kids menu"): punctuation, the end, a capitalised
    # name, a family or person's word, a listed function word or verb, or a verb in -ed ("Brandi's mother died")
    follow = alternation(words | cue_words(lang, "person_roles") | cue_words(lang, "kin_followers"))
    after_mod = rf"(?=\s*[^\w\s]|\s*$|\s+[A-Z]|\s+(?:{follow})\b|\s+[a-z]+ed\b)"
    return (re.compile(rf"['’]s\s+(?:{kin})\b"),
            re.compile(rf"{_NAME}['’]s\s+(?:(?:{plain})\b(?![\w'’-])(?!\s+(?:{nouns})\b)"
                       rf"|(?:{mods})\b(?![\w'’-])(?!\s+(?:{nouns})\b){after_mod})"))


@lru_cache(maxsize=4)
def made_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """What makes the name beside it a product of someone: "X, Google's streaming gaming platform",
    "Google's experimental game streaming service, X,", "the company behind X", "X is a free tool developed by
    Google"
    (``lang/<lang>/entities.toml`` product_kind_nouns, maker_roles)."""
    kinds = "|".join(re.escape(w) for w in sorted(cue_words(lang, "product_kind_nouns"), key=len, reverse=True))
    makers = "|".join(re.escape(w) for w in sorted(cue_words(lang, "maker_roles"), key=len, reverse=True))
    if not kinds or not makers:
        return ()
    maker = (r"(?:[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2}|the\s+(?:[\w-]+\s+){0,2}(?:company|giant|firm|startup|maker))"
             r"['’]s")
    words = r"(?:[a-z][\w-]*\s+){0,4}"   # lower-case modifiers only ("experimental game streaming")
    return (re.compile(rf"{_NAME},\s+{maker}\s+{words}(?:{kinds})s?{_PHRASE_END}"),
            re.compile(rf"\b{maker}\s+{words}(?:{kinds}),\s+{_NAME}(?=\s*[,.;:)]|\s*$)"),
            re.compile(rf"\bthe\s+(?:{makers})\s+(?:behind|of)\s+{_NAME}\b(?![\w'’-]*\s[A-Z])"),
            re.compile(rf"{_NAME}(?:,|\s+is)\s+(?:a|an|the)\s+{words}(?:{kinds})\s+(?:by|made by|owned by|"
                       rf"developed by|built by|offered by)\s+[A-Z]"))


def spelt_lower(text: str) -> list[str]:
    """The acronyms ``text`` spells out in lower-case words ("online travel agencies (OTA)", "CDN (content
    delivery network)"): the initials of the words right before the bracket, or in it, spell the acronym."""
    out = []
    for m in _BRACKETED.finditer(text):
        acronym = m.group(1)
        before = text[max(0, m.start() - 24 * len(acronym)):m.start()]
        words = [t.text for t in tokenize(before) if t.key not in _SMALL]
        tail = words[-len(acronym):]
        if (len(tail) == len(acronym) and all(w[:1].islower() for w in tail)
                and "".join(w[:1] for w in tail).upper() == acronym):
            out.append(acronym.lower())
    for m in _SPELT_LOWER_AFTER.finditer(text):
        words = [t.text for t in tokenize(m.group(2)) if t.key not in _SMALL]
        if all(w[:1].islower() for w in words) and "".join(w[:1] for w in words).upper() == m.group(1):
            out.append(m.group(1).lower())
    return out


@lru_cache(maxsize=4)
def list_intro(lang: str) -> re.Pattern[str] | None:
    kinds = [re.escape(w.lower()) for w in read(lang, "entities").get("product_kinds", [])]
    return re.compile(_LIST_INTRO.format("|".join(kinds)), re.IGNORECASE) if kinds else None


def name_key(text: str) -> str:
    """The key a name's label evidence is kept under: its word keys, without a leading article."""
    keys = [t.key for t in tokenize(text)]
    while keys and keys[0] in ("the", "a", "an"):
        keys = keys[1:]
    return " ".join(keys)


# what may stand between a sentence's end and its first word
_OPENERS = frozenset(" \t\"'“‘«„([")


def sentence_initial(text: str, tok: Token) -> bool:
    """Whether ``tok`` starts a sentence: only openers (space, quotation marks, brackets) between it and
    the text's start, a sentence end or a digit (read backwards from the token, not a copy of the text
    before it: this runs for every capitalised word)."""
    i = tok.start
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in SENTENCE_END or text[i - 1].isdigit()


def headline_case(text: str, tokens: list[Token]) -> bool:
    """A heading or table row: no sentence punctuation inside and most words capitalised."""
    words = [t for t in tokens if t.text[:1].isalpha()]
    if len(words) < 2 or len(words) > 25:
        return False
    caps = sum(1 for t in words if t.text[:1].isupper())
    return caps >= 0.6 * len(words) and not any(text.rstrip().endswith(c) for c in ".?!\"”")


def latin(tok: Token) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or not c.isalpha() for c in tok.text)


@dataclass
class WordCase:
    """How often each word is written in lower case and capitalised mid-sentence."""

    lower: Counter[str] = field(default_factory=Counter)
    capital: Counter[str] = field(default_factory=Counter)
    seen: Counter[str] = field(default_factory=Counter)      # capitalised anywhere
    product: Counter[str] = field(default_factory=Counter)   # capitalised and followed by a product noun
    company: Counter[str] = field(default_factory=Counter)   # written as a company ("X says", "at X", "X's CEO")
    used: Counter[str] = field(default_factory=Counter)      # written as a thing used ("using X", "with X")
    makers: dict[str, Counter[str]] = field(default_factory=dict)   # word -> capitalised words right before it
    indefinite: Counter[str] = field(default_factory=Counter)   # an acronym after "a"/"an" ("an OTA", "an RMC")
    person_roles: Counter[str] = field(default_factory=Counter)   # name key -> written with a person's role
    org_roles: Counter[str] = field(default_factory=Counter)      # name key -> written as an organisation
    labels: dict[str, Counter[str]] = field(default_factory=dict)   # name key -> spaCy kinds seen
    expansions: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # acronym -> spelt-out keys
    spelt_common: Counter[str] = field(default_factory=Counter)   # acronym spelt out in lower-case words
    made: Counter[str] = field(default_factory=Counter)   # name key -> written as someone's product
    plural: Counter[str] = field(default_factory=Counter)   # acronym -> written as a plural ("DSLRs", "OTAs")
    kin: Counter[str] = field(default_factory=Counter)   # name key -> written with its family ("X's husband")
    plus: Counter[str] = field(default_factory=Counter)   # name key -> labelled with a plus sign glued ("Disney+")
    lang: str = "en"

    def observe(self, texts: Iterable[str]) -> None:
        nouns = cue_words(self.lang, "product_nouns")
        after, before = cue_words(self.lang, "company_after"), cue_words(self.lang, "company_before")
        used = cue_words(self.lang, "use_before")
        lower, seen, capital = self.lower, self.seen, self.capital
        for text in texts:
            tokens = tokenize(text)
            for k, tok in enumerate(tokens):
                first = tok.text[:1]
                if first.islower():
                    lower[tok.key] += 1
                    continue
                if not first.isupper():
                    continue
                seen[tok.key] += 1
                if not tok.all_caps and not sentence_initial(text, tok):
                    capital[tok.key] += 1
                if (k + 1 < len(tokens) and tokens[k + 1].key in nouns and tokens[k + 1].text.islower()
                        and text[tok.end:tokens[k + 1].start] == " "):
                    self.product[tok.key] += 1
                nxt = tokens[k + 1] if k + 1 < len(tokens) else None
                prev = tokens[k - 1] if k > 0 else None
                if (nxt is not None and nxt.key in after and (nxt.text.islower() or nxt.all_caps)
                        and text[tok.end:nxt.start].strip(" ,'’s") == "") or (
                        prev is not None and prev.key in before and prev.text.islower()):
                    self.company[tok.key] += 1
                if prev is not None and prev.key in used and prev.text.islower() and text[prev.end:tok.start] == " ":
                    self.used[tok.key] += 1
                if len(tok.text) >= 3 and tok.text[-1] == "s" and _PLURAL_ACRONYM.fullmatch(tok.text):
                    self.plural[tok.key[:-1]] += 1   # "DSLRs": the acronym of a countable thing
                if (tok.all_caps and prev is not None and prev.key in ("a", "an")
                        and (nxt is None or not nxt.text[:1].isalpha() or nxt.key in HEAD_FOLLOWERS)):
                    self.indefinite[tok.key] += 1   # "an RMC does", "the only OTA besides"; not "an NBA player"
                if (prev is not None and prev.text[:1].isupper() and not prev.all_caps
                        and text[prev.end:tok.start] in MAKER_GAPS):
                    self.makers.setdefault(tok.key, Counter())[prev.key] += 1
            for pattern, counter in role_patterns(self.lang):
                for m in pattern.finditer(text):
                    key = name_key(m.group("name"))
                    if key:
                        counter(self)[key] += 1
            possessive, by = "'s" in text or "’s" in text, " by " in text
            kin = kin_pattern(self.lang) if possessive else None
            if kin is not None and kin[0].search(text):
                for m in kin[1].finditer(text):
                    key = name_key(m.group("name"))
                    if key:
                        self.kin[key] += 1
            for pattern, needed in zip(made_patterns(self.lang), (possessive, possessive, True, by), strict=False):
                if not needed:   # (a pattern that cannot match: not run)
                    continue
                for m in pattern.finditer(text):
                    key = name_key(m.group("name"))
                    if key:
                        self.made[key] += 1
            intro = list_intro(self.lang)
            if intro is not None:
                for m in intro.finditer(text):
                    for tok in tokenize(m.group(2)):
                        if tok.text[:1].isupper():
                            self.product[tok.key] += 1
            if "(" in text:
                self.spelt_common.update(spelt_lower(text))
                for m in _DEFINED.finditer(text):
                    words = tuple(t.key for t in tokenize(m.group(1)) if t.key not in _SMALL)
                    self.expansions.setdefault(m.group(2).lower(), []).append(words)
                for m in _DEFINED_AFTER.finditer(text):
                    words = tuple(t.key for t in tokenize(m.group(2)) if t.key not in _SMALL)
                    if "".join(w[:1] for w in words) == m.group(1).lower():
                        self.expansions.setdefault(m.group(1).lower(), []).append(words)

    def observe_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int, str]]]) -> None:
        """spaCy's kinds for each name across the texts (a name's kind and whether it is a thing)."""
        for text, found in zip(texts, spans, strict=True):
            for start, end, kind in found:
                key = name_key(text[start:end])
                if key:
                    self.labels.setdefault(key, Counter())[kind] += 1
                    if kind != THING and _glued_plus(text, start, end):
                        self.plus[key] += 1

    def label(self, key: str) -> str | None:
        """The kind spaCy gave this name most often across the texts seen (``THING`` included)."""
        votes = self.labels.get(key)
        return votes.most_common(1)[0][0] if votes else None

    def thing(self, keys: Sequence[str], org_words: frozenset[str] = frozenset()) -> bool:
        """By evidence across the texts seen, a product, work, event or generic acronym, not a name."""
        votes = self.labels.get(" ".join(keys))
        if votes:
            total = sum(votes.values())
            if votes[THING] * 2 > total:
                return True
            # the model disagrees with itself about what the name is (Python: person 6, org 5, place 2):
            # products and common words get every label, names mostly one
            if total >= 4 and votes.most_common(1)[0][1] < 0.6 * total:
                return True
            if len(keys) == 1 and self.used_not_company(keys[0]) and votes.most_common(1)[0][0] == "org":
                return True
        if self.made_not_company(keys):
            return True
        for k in keys:
            hits = self.product.get(k, 0)
            if hits and hits * 5 >= self.seen.get(k, 0):
                return True
        if len(keys) == 1 and self.plural_acronym(keys[0], org_words):
            return True  # "DSLR" where "DSLRs" is written too: a kind of thing, not an organisation
        if len(keys) == 1 and self.indefinite.get(keys[0], 0) * 4 >= max(1, self.seen.get(keys[0], 0)):
            return True  # "an OTA", "an RMC": an acronym of a kind of thing, not an organisation's name
        if len(keys) == 1 and self.spelt_common.get(keys[0], 0):
            # spelt out in lower-case words ("online travel agencies (OTA)") at least as often as with an
            # organisation word: a common noun's acronym
            heads = org_words | cue_words(self.lang, "org_heads")
            orgs = sum(1 for w in self.expansions.get(keys[0], ()) if any(k in heads for k in w))
            if self.spelt_common[keys[0]] >= orgs:
                return True
        if len(keys) == 1 and keys[0] in self.expansions:
            # spelt out without an organisation word: a thing ("Rapid Application Development (RAD)",
            # "Single Lens Reflex (SLR)"), where "Environmental Protection Agency (EPA)" is not
            letters = len(keys[0].rstrip("s"))
            spelt = [w[-letters:] for w in self.expansions[keys[0]] if len(w) >= 2]
            heads = org_words | cue_words(self.lang, "org_heads")
            generic = [w for w in spelt if not any(k in heads for k in w)
                       and all(self.common(k) for k in w if len(k) > 2)]
            return bool(spelt) and len(generic) * 2 >= len(spelt)
        return False

    def plural_acronym(self, key: str, org_words: frozenset[str] = frozenset()) -> bool:
        """An acronym written as a plural in a third of its uses across the texts seen ("DSLR" and "DSLRs",
        "OTA" and "OTAs"; not "CNN" beside a few "CNNs"), never written as a company and never spelt out with an
        organisation word: a countable thing's."""
        plural = self.plural.get(key, 0)
        if not plural or plural * 2 < self.seen.get(key, 0) or self.company.get(key, 0):
            return False
        return not any(any(k in org_words for k in w) for w in self.expansions.get(key, ()))

    def made_not_company(self, keys: Sequence[str]) -> bool:
        """Written as someone's product ("X, Google's streaming platform", "the company behind X") more often
        than as a company, and never with an organisation's role ("X is a … firm")."""
        key = " ".join(keys)
        made = self.made.get(key, 0)
        if not made or self.org_roles.get(key, 0):
            return False
        votes = self.labels.get(key)
        if votes and votes.most_common(1)[0][0] == "person":
            return False
        return made > max(self.company.get(k, 0) for k in keys)

    def used_not_company(self, key: str) -> bool:
        """Written as a thing used in a third of its uses (at least twice: "using Canvas", "with Elementor")
        and never as a company ("Canvas says", "at Canvas", "Canvas's CEO")."""
        hits = self.used.get(key, 0)
        return hits >= 2 and hits * 3 >= self.seen.get(key, 0) and not self.company.get(key, 0)

    def attested_acronym(self, key: str, org_words: frozenset[str] = frozenset()) -> bool:
        """An acronym is taken for a name only with evidence: spelt out with an organisation word on a page
        ("Environmental Protection Agency (EPA)"), or named (by the model) several times across the texts."""
        if any(any(k in org_words for k in w) for w in self.expansions.get(key, ())):
            return True
        if not self.labels:  # no model: written several times across the texts
            return self.seen.get(key, 0) >= 3
        votes = self.labels.get(key)
        return votes is not None and sum(votes.values()) - votes[THING] >= 3

    def common(self, key: str) -> bool:
        low = self.lower.get(key, 0)
        return low > 0 and low >= self.capital.get(key, 0)

    def capitalised_inside(self, key: str) -> bool:
        return self.capital.get(key, 0) > 0


def plausible(text: str, tokens: list[Token], first: int, last: int, case: WordCase, heading: bool,
              lang: str = "en", org_words: frozenset[str] = frozenset()) -> bool:
    span = tokens[first:last]
    if not span or heading or not all(latin(t) for t in span):
        return False
    keys = [t.key for t in span]
    if case.thing(keys, org_words):
        return False
    if len(span) == 1 and _CONTRACTION.fullmatch(span[0].text):
        return False
    if any(k in not_names(lang) for k in keys) and len(span) == 1:
        return False
    acronym = len(span) == 1 and span[0].all_caps and len(keys[0]) >= 2
    if acronym and not case.attested_acronym(keys[0], org_words):
        return False
    if len(span) == 1 and sentence_initial(text, span[0]) and not acronym and not case.capitalised_inside(keys[0]):
        return False
    content = [k for k in keys if len(k) > 2]
    if content and all(case.common(k) for k in content):
        return False
    return True
