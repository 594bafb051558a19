"""Word lists of the rule-based English attribution, from ``presswatch/lang/en/quotes.toml``
(table ``[attribution]``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class RulesData:
    pronouns: frozenset[str]
    between: frozenset[str]
    subject_nouns: frozenset[str]
    np_inner: frozenset[str]
    cue_forms: frozenset[str]
    not_cues: frozenset[str]
    determiners: frozenset[str]
    say_verbs: frozenset[str]
    no_complement: frozenset[str]
    told_forms: frozenset[str]


@lru_cache(maxsize=1)
def load_rules_data() -> RulesData:
    text = resources.files("presswatch.lang").joinpath("en", "quotes.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)["attribution"]

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, []))

    return RulesData(words("pronouns"), words("between"), words("subject_nouns"), words("np_inner"),
                     words("cue_forms"), words("not_cues"), words("determiners"), words("say_verbs"),
                     words("no_complement"), words("told_forms"))
