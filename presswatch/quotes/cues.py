"""Attribution cues per language, from ``presswatch/lang/<code>/quotes.toml``, compiled to patterns
over folded text (so "thënë" and "thene", "می‌گوید" and "میگوید" are one cue)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from presswatch.lang.data import LangDataError, read
from presswatch.text.fold import fold

LANGS = ("en", "sq", "fa")


@dataclass(frozen=True)
class Cues:
    lang: str
    verbs: tuple[str, ...]
    pronouns: frozenset[str]
    verb_re: str            # alternation of verbs, longest first
    adv_re: str
    comp_re: str
    according_re: str
    interview_re: str
    writes_in_re: str
    words: dict[str, frozenset[str]]   # the [patterns] lists, lower-case (say_verbs, role_nouns, ...)
    write_re: str
    participle_re: str
    negation_re: str

    def has(self, key: str, word: str) -> bool:
        return word in self.words.get(key, frozenset())


def _alt(words: list[str]) -> str:
    folded = sorted({fold(w) for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded) + ")" if folded else "(?!)"


@lru_cache(maxsize=8)
def load_cues(lang: str) -> Cues:
    """Cues for ``lang`` (English for languages without their own file)."""
    if lang not in LANGS:
        lang = "en"
    data = read(lang, "quotes")
    if not data.get("verbs"):
        raise LangDataError(f"presswatch/lang/{lang}/quotes.toml has no verbs")
    pat = data.get("patterns", {})

    def lst(key: str) -> list[str]:
        return [str(v) for v in data.get(key, ())]

    words = {k: frozenset(str(w).lower() for w in v) for k, v in pat.items() if isinstance(v, tuple)}
    negation = [re.escape(w) if not w[:1].isalpha() else r"\b" + re.escape(w) for w in pat.get("negation", ())]
    return Cues(lang, tuple(fold(v) for v in lst("verbs")), frozenset(fold(p) for p in lst("pronouns")),
                _alt(lst("verbs")), _alt(lst("adverbs")), _alt(lst("complementiser")), _alt(lst("according")),
                _alt(lst("interview")), _alt(lst("writes_in")), words,
                _alt([str(w) for w in pat.get("write_verbs", ())]), _alt([str(w) for w in pat.get("participles", ())]),
                "(?:" + "|".join(negation) + r")\s*$" if negation else "(?!)")
