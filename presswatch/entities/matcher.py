"""Find known names (watchlist and learned aliases) in tokenised text.

Every alias is indexed under the keys of each of its tokens (folded form, stem without final vowel,
transliteration skeleton). A text token looks up its own keys (with language endings removed), a
candidate alignment is then checked token by token. Safeguards:

* the match must start with a capitalised token (or an uncased script such as Persian);
* an acronym alias (all capitals, up to 6 letters) never matches an all-lowercase token ("us");
* skeleton (transliteration) matches need tokens of five letters or more;
* one typo (edit distance 1) is allowed in one token of six letters or more, only when the alias has
  another token that matched exactly; a single-token alias allows a typo only from eight letters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from presswatch.entities.normalize import (
    ARTICLES,
    Token,
    alias_stem,
    edit_distance_le1,
    edit_kind,
    inflected_match,
    name_keys,
    skeleton,
    stems,
    tokenize,
)

AR_ARTICLE = "\u0627\u0644"  # the Arabic article al- written attached
SQ_LINK_ARTICLES = frozenset({"i", "e", "te", "se"})
METHOD_RANK = {"exact": 0, "inflected": 1, "variant": 2, "fuzzy": 3}


@dataclass(frozen=True)
class Alias:
    entity: str          # entity key
    surface: str
    keys: tuple[str, ...]
    acronym: bool


@dataclass(frozen=True)
class Match:
    first: int           # token indexes, end exclusive
    last: int
    alias: Alias
    method: str

    @property
    def entity(self) -> str:
        return self.alias.entity


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return 2 <= len(letters) <= 6 and " " not in surface.strip() and sum(c.isupper() for c in letters) >= 2


@dataclass
class AliasIndex:
    """Aliases of many entities, indexed for matching; add aliases at any time."""

    by_key: dict[str, list[tuple[Alias, int]]] = field(default_factory=lambda: defaultdict(list))
    long_single: dict[int, list[Alias]] = field(default_factory=dict)   # by length
    seen: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)

    def add(self, entity: str, surface: str, fuzzy: bool = True) -> Alias | None:
        """Index ``surface`` as a name of ``entity``; ``fuzzy`` allows a typo in a long single-word name
        (off for names discovered in the text, which would make every long word a candidate)."""
        keys = name_keys(surface)
        if not keys or (entity, keys) in self.seen:
            return None
        if len(keys) == 1 and len(keys[0]) < 2:
            return None
        self.seen.add((entity, keys))
        alias = Alias(entity, surface, keys, _is_acronym(surface))
        for pos, key in enumerate(keys):
            # a transliteration variant is only looked for with watchlist names: a discovered "Crete"
            # would otherwise make every "Create" a mention
            for k in {key, alias_stem(key, "sq"), "~" + skeleton(key) if fuzzy else "~"} - {"~"}:
                self.by_key[k].append((alias, pos))
        if fuzzy and len(keys) == 1 and len(keys[0]) >= 8:
            self.long_single.setdefault(len(keys[0]), []).append(alias)
        return alias

    def owners(self, surface: str) -> set[str]:
        """The entities that have exactly this name as an alias."""
        keys = name_keys(surface)
        if not keys:
            return set()
        return {a.entity for a, pos in self.by_key.get(keys[0], ()) if pos == 0 and a.keys == keys}

    def aliases_of(self, entity: str) -> list[Alias]:
        return [a for a, pos in (x for v in self.by_key.values() for x in v) if a.entity == entity and pos == 0]

    # -- matching ---------------------------------------------------------------------------------

    def _token_method(self, alias_key: str, tok: Token, lang: str, acronym: bool) -> str | None:
        key = tok.key
        if acronym and tok.lowercase:
            return None
        if key == alias_key:
            return "exact"
        if lang == "sq" and key in SQ_LINK_ARTICLES and alias_key in SQ_LINK_ARTICLES:
            return "inflected"  # Ministria e Energjisë -> Ministrisë së Energjisë
        if key.startswith(AR_ARTICLE) and key[2:] == alias_key and len(alias_key) >= 3:
            return "variant"  # القذافی -> قذافی
        if inflected_match(alias_key, key, lang):
            return "inflected"
        sk = skeleton(alias_key)
        if sk and sk == skeleton(key) and abs(len(key) - len(alias_key)) <= 2:
            return "variant"
        kind = edit_kind(alias_key, key) if min(len(alias_key), len(key)) >= 4 else None
        if (kind in ("swap", "indel") and len(alias_key) >= 5) or (kind == "sub" and len(alias_key) >= 6):
            return "fuzzy"  # Bahsa / Basha, Horizn / Horizon; not Arbin / Arben
        return None

    def _align(self, tokens: list[Token], start: int, alias: Alias, lang: str) -> Match | None:
        if not tokens[start].capitalised:
            return None  # a name starts with a capital (checked first: it rejects most candidates cheaply)
        i, methods = start, []
        for j, akey in enumerate(alias.keys):
            while i < len(tokens) and tokens[i].key in ARTICLES and akey != tokens[i].key and j > 0:
                i += 1  # "Muammar al-Gaddafi" against "Muammar Gaddafi"
            if i >= len(tokens):
                return None
            if j > 0 and tokens[i].start - tokens[i - 1].end > 3:
                return None  # the alias tokens must be adjacent in the text
            method = self._token_method(akey, tokens[i], lang, alias.acronym)
            if method is None:
                return None
            methods.append(method)
            i += 1
        fuzzy = methods.count("fuzzy")
        if fuzzy > 1 or (fuzzy and len(alias.keys) == 1 and len(alias.keys[0]) < 8):
            return None
        if fuzzy and len(alias.keys) > 1 and "exact" not in methods and "inflected" not in methods:
            return None
        if len(alias.keys) == 1 and methods[0] == "variant" and len(alias.keys[0]) < 5:
            return None
        method = max(methods, key=lambda m: METHOD_RANK[m])
        return Match(start, i, alias, method)

    def match(self, tokens: list[Token], lang: str = "und") -> list[Match]:
        """All non-overlapping alias matches, longest first."""
        found: list[Match] = []
        by_key = self.by_key
        # a name starts with a capital (what _align checks first): asked once per token, not per candidate
        caps = [t.capitalised for t in tokens]
        for i, tok in enumerate(tokens):
            tried: set[tuple[int, str, tuple[str, ...]]] = set()
            for k in lookup_keys(tok.key, lang):
                for alias, pos in by_key.get(k, ()):
                    start = i - pos
                    if start < 0 or not caps[start] or (start, alias.entity, alias.keys) in tried:
                        continue
                    tried.add((start, alias.entity, alias.keys))
                    m = self._align(tokens, start, alias, lang)
                    if m is not None:
                        found.append(m)
            if tok.capitalised and len(tok.key) >= 8:
                near = [a for n in (len(tok.key) - 1, len(tok.key), len(tok.key) + 1)
                        for a in self.long_single.get(n, ())]
                for alias in near:
                    if alias.keys[0] != tok.key and edit_distance_le1(alias.keys[0], tok.key):
                        found.append(Match(i, i + 1, alias, "fuzzy"))
        return select_non_overlapping(found)


@lru_cache(maxsize=65536)
def lookup_keys(key: str, lang: str) -> tuple[str, ...]:
    """The index keys a text token of ``lang`` looks up: its stems, itself, without an attached Arabic
    article, its transliteration skeleton. A pure function of its arguments, memoised (a text's words
    recur); the order is the one the set of them is iterated in."""
    lookup = stems(key, lang) | {key}
    if key.startswith(AR_ARTICLE) and len(key) >= 5:
        lookup.add(key[2:])
    sk = skeleton(key)
    if sk:
        lookup.add("~" + sk)
    return tuple(lookup)


def select_non_overlapping(found: list[Match]) -> list[Match]:
    found.sort(key=lambda m: (-(m.last - m.first), METHOD_RANK[m.method], m.first))
    taken: set[int] = set()
    out = []
    for m in found:
        span = set(range(m.first, m.last))
        if span & taken:
            continue
        taken |= span
        out.append(m)
    out.sort(key=lambda m: m.first)
    return out


def match_text(index: AliasIndex, text: str, lang: str = "und") -> list[tuple[int, int, str, str]]:
    """Convenience: (start, end, entity key, method) character spans of the matches in ``text``."""
    tokens = tokenize(text)
    return [(tokens[m.first].start, tokens[m.last - 1].end, m.entity, m.method)
            for m in index.match(tokens, lang)]
