"""Name lists for model-free discovery: place and country names from CLDR (through Babel) for any
language, and per-language pattern data (``lang/<code>/entities.toml``, hand-written) and derived lists
(``lang/<code>/ner_derived.tsv``: ``KIND<TAB>text`` rows made by ``bench/ner_fa.py --derive`` from a
tagged training split; which split is said in the file's first line).

Everything is keyed by folded token keys (:func:`presswatch.entities.normalize.name_keys`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from presswatch.entities.normalize import name_keys, token_key
from presswatch.lang import data as lang_data
from presswatch.lang.data import file_text, read

log = logging.getLogger(__name__)

KINDS = {"PER": "person", "ORG": "org", "LOC": "place"}
CLDR_LANGS = ("fa", "en", "sq")
# CLDR territory codes that name no place an article would mention as one ("Unknown Region", "EU" is an org)
CLDR_SKIP = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "001"})


@dataclass(frozen=True)
class Lexicon:
    names: dict[tuple[str, ...], str]      # folded name keys -> person | org | place
    given: frozenset[str]                  # given names that start a person name
    boundary: frozenset[str]               # tokens a name never contains (verbs, prepositions, ...)
    org_heads: frozenset[str]
    weak_org_heads: frozenset[str]
    place_heads: frozenset[str]
    weak_place_heads: frozenset[str]
    light_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    name_prefixes: frozenset[str]
    titles: frozenset[tuple[str, ...]]
    max_len: int = 6
    weak_given: frozenset[str] = frozenset()   # given names that are also everyday words
    person_stops: frozenset[str] = frozenset()   # roles and times after a name: a person's name stops there
    surname_tails: frozenset[str] = frozenset()  # last parts of compound surnames ("زاده", "مقدم")
    lang: str = ""                         # for the language's dictionary (common_word)

    def longest(self, keys: list[str], start: int) -> tuple[int, str] | None:
        """(end, kind) of the longest listed name starting at ``keys[start]``."""
        for n in range(min(self.max_len, len(keys) - start), 0, -1):
            kind = self.names.get(tuple(keys[start:start + n]))
            if kind:
                return start + n, kind
        return None

    def common_word(self, key: str) -> bool:
        """A word of the language's dictionary (simplemma's word forms, shipped with the package): for a
        script without capitals, the sign that a word is no name on its own."""
        if not self.lang:
            return False
        import simplemma  # (loads the language's data on first use)

        return bool(simplemma.is_known(key, lang=self.lang))

    def surname_tail(self, key: str) -> bool:
        """A compound surname's last part ("زاده", "مقدم"), or a listed place's adjective ("کرمانی")."""
        if key in self.surname_tails:
            return True
        return len(key) > 3 and key.endswith("ی") and self.names.get((key[:-1],)) == "place"


def _read(lang: str, name: str) -> str | None:
    return lang_data.file_text(lang, name)


@lru_cache(maxsize=4)
def cldr_places(langs: tuple[str, ...] = CLDR_LANGS) -> dict[tuple[str, ...], str]:
    """Country, region and city names (CLDR territories and time-zone cities) in ``langs``."""
    try:
        from babel import Locale
    except ImportError:  # Babel is a dependency; a broken install only loses the place list
        log.warning("entities: Babel is not installed; no CLDR place names")
        return {}
    out: dict[tuple[str, ...], str] = {}
    for lang in langs:
        loc = Locale.parse(lang)
        names = [n for code, n in loc.territories.items() if code not in CLDR_SKIP]
        names += [c for zone in loc.time_zones.values() if (c := dict(zone).get("city"))]
        for n in names:
            keys = name_keys(n)
            if keys and (len(keys) > 1 or len(keys[0]) >= 3):
                out[keys] = "place"
    return out


@lru_cache(maxsize=8)
def lexicon(lang: str) -> Lexicon:
    """The shipped lexicon of ``lang`` (immutable, loaded once)."""
    rows = []
    for line in (file_text(lang, "ner_derived.tsv") or "").splitlines():
        if line and not line.startswith("#"):
            kind, _, text = line.partition("\t")
            rows.append((kind, text))
    return build_lexicon(lang, rows)


def build_lexicon(lang: str, derived: list[tuple[str, str]]) -> Lexicon:
    """A lexicon from the language's pattern file, CLDR places and ``derived`` (KIND, text) rows."""
    data = read(lang, "entities")
    names = dict(cldr_places())
    given: set[str] = set()
    boundary = {token_key(w) for key in ("verbs", "function_words") for w in data.get(key, [])}
    for kind, text in derived:
        keys = name_keys(text)
        if not keys:
            continue
        if kind in KINDS:
            names[keys] = KINDS[kind]
        elif kind == "GIVEN" and len(keys) == 1:
            given.add(keys[0])
        elif kind == "BOUNDARY" and len(keys) == 1:
            boundary.add(keys[0])
    listed_given = {token_key(w) for w in data.get("given_names", [])}
    weak_given = {token_key(w) for w in data.get("given_also_words", [])} - given
    given |= listed_given
    heads = {k: frozenset(token_key(w) for w in data.get(k, []))
             for k in ("org_heads", "weak_org_heads", "place_heads", "weak_place_heads", "light_verbs",
                       "speech_verbs", "name_prefixes")}
    titles = frozenset(name_keys(t) for t in data.get("titles", []))
    boundary -= heads["org_heads"] | heads["place_heads"] | given
    for word in data.get("not_places", []):
        if names.get(name_keys(word)) == "place":
            del names[name_keys(word)]
    return Lexicon(names, frozenset(given), frozenset(boundary), heads["org_heads"], heads["weak_org_heads"],
                   heads["place_heads"], heads["weak_place_heads"], heads["light_verbs"],
                   heads["speech_verbs"], heads["name_prefixes"], titles - {()}, weak_given=frozenset(weak_given),
                   person_stops=frozenset(token_key(w) for w in data.get("person_stops", [])),
                   surname_tails=frozenset(token_key(w) for w in data.get("surname_tails", [])), lang=lang)
