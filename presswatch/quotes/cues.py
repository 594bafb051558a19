"""Attribution cues per language, from ``presswatch/lang/<code>/quotes.toml``, compiled to patterns
over folded text (so "thënë" and "thene", "می‌گوید" and "میگوید" are one cue)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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


def _alt(words: list[str]) -> str:
    folded = sorted({fold(w) for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded) + ")" if folded else "(?!)"


@lru_cache(maxsize=8)
def load_cues(lang: str) -> Cues:
    """Cues for ``lang`` (English for languages without their own file)."""
    if lang not in LANGS:
        lang = "en"
    text = resources.files("presswatch.lang").joinpath(lang, "quotes.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return Cues(lang, tuple(fold(v) for v in data["verbs"]), frozenset(fold(p) for p in data.get("pronouns", [])),
                _alt(data["verbs"]), _alt(data.get("adverbs", [])), _alt(data.get("complementiser", [])),
                _alt(data.get("according", [])), _alt(data.get("interview", [])), _alt(data.get("writes_in", [])))
