"""Word lists of the rule-based English attribution, from ``presswatch/lang/en/quotes.toml``
(table ``[attribution]``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from presswatch.lang.data import read, words


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
    data = read("en", "quotes").get("attribution", {})

    def lst(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, ()))

    return RulesData(lst("pronouns"), lst("between"), lst("subject_nouns"), lst("np_inner"),
                     lst("cue_forms"), lst("not_cues"), lst("determiners"), lst("say_verbs"),
                     lst("no_complement"), lst("told_forms"))


@lru_cache(maxsize=1)
def abbreviation_re() -> re.Pattern[str]:
    """An initial ("J.") or a title/abbreviation of ``lang/en/sentences.toml`` (capitalised: "Dr.",
    "Sen.", "Inc.") right before a period."""
    abbrevs = sorted({w.capitalize() for w in words("en", "sentences", "abbreviations") if "." not in w},
                     key=len, reverse=True)
    return re.compile(r"(?:\b[A-Z]|\b(?:" + "|".join(re.escape(w) for w in abbrevs) + r"))\.$")
