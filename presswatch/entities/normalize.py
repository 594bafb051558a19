"""Tokens and comparison keys for names in any script.

A name and a text token are compared through keys built on :func:`presswatch.text.fold.fold`
(diacritics, Arabic-script letter variants and ZWNJ folded away), plus:

* possessives stripped ("Merkel's", "Merkel’s" -> merkel), apostrophes inside names dropped (O'Brien);
* a transliteration skeleton for Latin names of five letters or more (Qaddafi / Gaddafi / Kadhafi,
  Mohammad / Muhammad / Mohamed share one), used only against known aliases;
* language endings from ``presswatch/lang/<code>/inflection.toml`` (Albanian case endings, Persian
  suffixes), so "Kurtit", "Berishës" and "Partisë" match "Kurti", "Berisha" and "Partia".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from presswatch.lang.data import read as lang_read
from presswatch.text.fold import fold

TOKEN_RE = re.compile(r"\w+(?:[\u200c\u200d'’]\w+)*", re.UNICODE)
POSSESSIVE_RE = re.compile(r"['’]s$|s['’]$", re.IGNORECASE)
ARTICLES = frozenset({"al", "el", "ul", "ad", "ash", "as", "an", "az", "ed", "er", "es"})
CONNECTORS = frozenset({
    "of", "for", "the", "and", "de", "du", "la", "le", "van", "von", "der", "den", "bin", "ibn", "al", "el",
    "e", "i", "te", "per", "dhe", "se", "y", "da", "do", "dos", "del", "di",
})
VOWELS = frozenset("aeiouy")
SKELETON_PAIRS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("sh", "s"),
                  ("ch", "s"), ("ou", "u"), ("q", "k"), ("g", "k"), ("c", "k"), ("j", "y"), ("z", "s"),
                  ("w", "v"), ("x", "ks"))


@dataclass(frozen=True)
class Token:
    text: str      # surface text, possessive removed
    start: int     # offsets in the source text (end excludes a possessive)
    end: int
    key: str       # folded, apostrophes removed

    @cached_property
    def capitalised(self) -> bool:
        # computed once per token: the matcher asks it for every alias candidate starting here
        first = self.text[:1]
        return first.isupper() or not first.isalpha() or not is_cased(first)

    @property
    def all_caps(self) -> bool:
        text = self.text
        if text.isascii():  # every ASCII letter is cased: the same as the letters test below, in C
            return text.isupper()
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    @property
    def lowercase(self) -> bool:
        return bool(self.text) and is_cased(self.text[0]) and self.text.islower()


@dataclass(frozen=True)
class LangData:
    endings: tuple[str, ...]
    stem_vowels: tuple[str, ...]
    titles: frozenset[str]
    org_words: frozenset[str]
    roles: frozenset[str] = frozenset()
    # endings that make a place's name an adjective, no mention of the place (fa "ایرانی", "عراقی")
    place_adjective_endings: tuple[str, ...] = ()


def is_cased(ch: str) -> bool:
    return ch.upper() != ch.lower()


@lru_cache(maxsize=16)
def lang_data(lang: str) -> LangData:
    """Inflection data for a language (empty for languages without a file)."""
    data = lang_read(lang, "inflection")
    if not data:
        return LangData(("",), (), frozenset(), frozenset(), frozenset(), ())
    endings = tuple(sorted({fold(e) for e in data.get("endings", [""])} | {""}, key=len, reverse=True))
    return LangData(endings, tuple(fold(v) for v in data.get("stem_vowels", [])),
                    frozenset(fold(t) for t in data.get("titles", [])),
                    frozenset(fold(t) for t in data.get("org_words", [])),
                    frozenset(fold(t) for t in data.get("roles", [])),
                    tuple(fold(e) for e in data.get("place_adjective_endings", []) if e))


def token_key(surface: str) -> str:
    return fold(surface).replace("'", "").replace("’", "")


# a text's words recur: their keys memoised (bounded, a large archive's vocabulary is not kept whole)
_cached_key = lru_cache(maxsize=1 << 17)(token_key)
# the last letter of a possessive (POSSESSIVE_RE ignores case: "S", and the long s that matches "s" then)
_POSSESSIVE_S = frozenset("sSſ")
_APOSTROPHES = frozenset("'’")
_new = object.__new__


def tokenize(text: str) -> list[Token]:
    """The word tokens of ``text``, a possessive ('s, ’s) removed from words of more than three characters.

    The hot loop of the entity stages (word case, linking, discovery): the possessive is told by its two
    last characters (a token never ends with an apostrophe, so ``POSSESSIVE_RE``'s ``s'`` cannot match a
    token), keys are memoised and each frozen :class:`Token` is filled without its generated
    ``__init__`` (four ``object.__setattr__`` calls); the tokens are the same, field for field."""
    tokens: list[Token] = []
    append = tokens.append
    key_of = _cached_key
    for m in TOKEN_RE.finditer(text):
        surface = m.group()
        start, end = m.span()
        if len(surface) > 3 and surface[-1] in _POSSESSIVE_S and surface[-2] in _APOSTROPHES:
            surface, end = surface[:-2], end - 2
        tok = _new(Token)
        tok.__dict__.update(text=surface, start=start, end=end, key=key_of(surface))
        append(tok)
    return tokens


def name_keys(name: str) -> tuple[str, ...]:
    """The token keys of a name, leading articles (al-, el-) dropped when more follows."""
    keys = [t.key for t in tokenize(name)]
    while len(keys) > 1 and keys[0] in ARTICLES:
        keys = keys[1:]
    return tuple(keys)


def folded_name(name: str) -> str:
    return " ".join(name_keys(name))


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """Transliteration skeleton of a folded Latin token: consonant classes, doubles collapsed.

    A pure function of its argument, memoised: the matcher asks for the same few thousand tokens'
    skeletons millions of times on a large archive."""
    if not key.isascii() or len(key) < 5 or not key.isalpha():
        return ""
    s = key
    for a, b in SKELETON_PAIRS:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)  # doubled letters: Qaddafi / Gadafi, Mohammad / Mohamad
    first = "a" if s[0] in VOWELS else s[0]
    out = [first] + [ch for ch in s[1:] if ch not in VOWELS and ch != "h"]
    return "".join(out) if len(out) >= 3 else ""


def stems(key: str, lang: str) -> set[str]:
    """Candidate base forms of a text token: the token with a known ending removed."""
    data = lang_data(lang)
    out = {key}
    for ending in data.endings:
        if ending and key.endswith(ending) and len(key) - len(ending) >= 3:
            out.add(key[: -len(ending)])
    return out


def alias_stem(key: str, lang: str) -> str:
    """An alias token without its final vowel (Berisha -> berish) when the language inflects."""
    data = lang_data(lang)
    if len(key) >= 4 and key[-1:] in data.stem_vowels:
        return key[:-1]
    return key


def inflected_match(alias_key: str, text_key: str, lang: str) -> bool:
    """``text_key`` is ``alias_key`` (or its stem) plus one known ending of ``lang``."""
    data = lang_data(lang)
    if len(data.endings) <= 1:
        return False
    for base in {alias_key, alias_stem(alias_key, lang)}:
        if text_key.startswith(base) and text_key[len(base):] in data.endings:
            return True
    return False


def edit_kind(a: str, b: str) -> str | None:
    """"same", "swap" (two neighbours exchanged), "indel" (one letter missing or added), "sub" (one letter
    replaced), or None when ``a`` and ``b`` differ by more than one such edit."""
    if a == b:
        return "same"
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return "sub"
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return "swap"
        return None
    return "indel" if edit_distance_le1(a, b) else None


def edit_distance_le1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w)


def acronym_fits(acronym: str, name_words: list[str]) -> bool:
    """An acronym fits a name when its letters are the initials of the name's words in order
    (connectors may be skipped), as in "National Democratic Party (NDP)" or "Partia Demokratike (PD)"."""
    letters = [c for c in fold(acronym) if c.isalpha()]
    words = [fold(w) for w in name_words]
    if len(letters) < 2 or not words:
        return False

    def fits(li: int, wi: int) -> bool:
        if li == len(letters):
            return all(w in CONNECTORS for w in words[wi:])
        if wi == len(words):
            return False
        w = words[wi]
        if w and w[0] == letters[li]:
            # the word may give one or more letters (e.g. "BiH", "UNMiK")
            k = 1
            while li + k <= len(letters) and k <= len(w) and w[:k] == "".join(letters[li:li + k]):
                if fits(li + k, wi + 1):
                    return True
                k += 1
        return w in CONNECTORS and fits(li, wi + 1)

    return fits(0, 0)
