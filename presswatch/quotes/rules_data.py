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
    relative_things: frozenset[str]   # a weak cue's non-speakers: a relative "that"/"which" after a thing,
    reader: frozenset[str]            # and the reader a how-to text addresses ("you")
    not_speakers: frozenset[str]      # both, one set
    interview_turns: frozenset[str]   # "Q", "A", "Interviewer": turn labels of an interview's lines
    question_turns: frozenset[str]    # those of them that ask
    line_labels: frozenset[str]       # "Cost", "Pros", "Note": a "Label: value" line's label, no name
    line_verbs: frozenset[str]        # finite verbs that make a "Name: text" line's text a clause (rules)
    writer_modals: frozenset[str]     # "must", "should": a passive cue with one is the writer's note (parse)
    head_ends: frozenset[str]         # "of", "who": the words after a source's head noun ("adoption of")
    generic_you_after: frozenset[str]  # "when", "if": the reader's "you" after them is anyone
    generic_you_modals: frozenset[str]  # "can't", "should": and so with one of them before its cue
    be_forms: frozenset[str]          # "was", "been": right before a participle cue, a passive (rules)
    participles: frozenset[str]       # "told", "known": irregular participles (those in "-ed" need none)
    speaker_passive_after: frozenset[str]  # "as saying", "to have": a passive whose subject speaks
    naming_forms: frozenset[str]      # "known", "dubbed": a source-less cue of one names, no claim stored
    topic_preps: frozenset[str]       # "about", "to": a cue ending in one before a noun phrase, a topic
    clause_openers: frozenset[str]    # "that", "how": a content that opens with one is a clause


@lru_cache(maxsize=1)
def load_rules_data() -> RulesData:
    data = read("en", "quotes").get("attribution", {})

    def lst(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, ()))

    return RulesData(lst("pronouns"), lst("between"), lst("subject_nouns"), lst("np_inner"),
                     lst("cue_forms"), lst("not_cues"), lst("determiners"), lst("say_verbs"),
                     lst("no_complement"), lst("told_forms"), lst("relative_things"), lst("reader"),
                     lst("relative_things") | lst("reader"), lst("interview_turns"), lst("question_turns"),
                     lst("line_labels"), lst("line_verbs"), lst("writer_modals"),
                     lst("head_ends"), lst("generic_you_after"), lst("generic_you_modals"),
                     lst("be_forms"), lst("participles"), lst("speaker_passive_after"), lst("naming_forms"),
                     lst("topic_preps"), lst("clause_openers"))


@lru_cache(maxsize=1)
def abbreviation_re() -> re.Pattern[str]:
    """An initial ("J.") or a title/abbreviation of ``lang/en/sentences.toml`` (capitalised: "Dr.",
    "Sen.", "Inc.") right before a period."""
    abbrevs = sorted({w.capitalize() for w in words("en", "sentences", "abbreviations") if "." not in w},
                     key=len, reverse=True)
    return re.compile(r"(?:\b[A-Z]|\b(?:" + "|".join(re.escape(w) for w in abbrevs) + r"))\.$")
