"""Word-form folding for search: Albanian case and definiteness endings are cut, so kryeministri,
kryeministrit and kryeministër all become ``kryeministr``.

The endings are the ones entity matching uses (``presswatch/lang/sq/inflection.toml``), so a name and
a word are matched the same way. On folded text (ë → e). A schwa before a final r/l/n
(kryeministër, libër, vend-ër) drops, as it does before an ending (kryeministr-i, libr-i). Stems keep
at least ``MIN_STEM`` letters, so short words (in, ai, të) stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from presswatch.lang import data

MIN_STEM = 4
TOKEN = re.compile(r"[^\W_]+")
SCHWA = re.compile(r"(?<=[bcdfghjklmnpqrstvxz])e([rl])$")
STEMMED_LANGUAGES = ("sq",)


@dataclass(frozen=True)
class Endings:
    endings: tuple[str, ...]   # longest first


@cache   # package data, read once; the result is frozen
def endings(lang: str) -> Endings:
    from presswatch.text.fold import fold

    # Endings that start with a consonant (-ti, -ni, -se, -rit, -sin: names ending in a vowel take
    # them) are left out but for bare s/n/t and the j-/v- endings: cut first, they would eat a root's
    # own consonant (kryeminist-rit, buxh-eti), and the forms would no longer meet.
    found = {e for e in (fold(x) for x in data.words(lang, "inflection", "endings")) if e and (
        e[0] in "aeiouy" or e in ("s", "n", "t") or e[0] in "jv")}
    return Endings(tuple(sorted(found, key=len, reverse=True)))


def _strip(word: str, lang: str) -> str | None:
    for ending in endings(lang).endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return None


def stem_forms(token: str, lang: str = "sq") -> tuple[str, ...]:
    """The token's stems: one ending cut, then one more (``buxhet-i`` → buxhet, buxhe). Two forms
    meet when their stems share one: a final t, s or n may be the root's or an ending (buxhet /
    shqiptarë-t), and the second cut lets both readings meet. Short or non-alphabetic tokens: none."""
    word = token.lower()
    if not word.isalpha() or len(word) <= MIN_STEM:
        return ()
    word = SCHWA.sub(r"\1", word)   # kryeministër → kryeministr (as kryeministr-i)
    forms: list[str] = [] if word == token.lower() else [word]
    one = _strip(word, lang)
    if one is not None:
        forms.append(one)
        two = _strip(one, lang)
        if two is not None:
            forms.append(two)
    return tuple(forms)


def stem(token: str, lang: str = "sq") -> str:
    """The shortest stem of one folded token (the token itself when nothing is cut)."""
    forms = stem_forms(token, lang)
    return forms[-1] if forms else token.lower()


def stems_of(folded: str, lang: str = "sq") -> str:
    """The stems of a folded text's tokens, space-separated (what the ``stems`` index column holds)."""
    out: list[str] = []
    for t in TOKEN.findall(folded):
        out.extend(stem_forms(t, lang))
    return " ".join(out)
