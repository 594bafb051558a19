"""The evidence the linker holds at its last decision on a mention of a discovered English name, as numbers
(issue 11 point 4): the features a learned judge over the rules' output would weigh. ``Linker.trace`` collects
them for every such mention where the model's spans were used; ``bench/en_discovery_train.py`` joins them
with the hand-annotated tuning samples and cross-validates a judge against the rules alone.

What the batch's word case and labels say about the name (how the model labels it and how consistently, how
common its words are in lower case, whether it is written as a company, used as a product, written after a
maker, with a person's or an organisation's role), its shape (words, an acronym, camel case, organisation
words, product heads, a known place's name), what the linker knows (other people with its first or last
word, a name stated as an alias) and the mention's own context (the model's label on exactly this span,
sentence start, a heading, a possessive, a verb of speaking after it, the word before it).

Measured (docs/decisions.md, "English discovery, fifth round"): a logistic judge over these features, and
gradient boosting with dependency-parse counts beside them, did not beat the rules alone under
cross-validation grouped by page, so no judge is shipped and nothing here changes what is linked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from presswatch.entities.discover_en import THING, WordCase, cue_words, sentence_initial
from presswatch.entities.evidence_en import known_places, product_head
from presswatch.entities.normalize import Token

KINDS = ("person", "org", "place")
METHODS = ("discovered", "coref", "surname")

# the features, in the order of the columns of tests/data/entities/en_discovery_features.tsv
BASE_FEATURES = (
    "kind_person", "kind_org", "kind_place", "method_discovered", "method_coref", "method_surname",
    "one_word", "three_words", "acronym", "votes_log", "label_top_share", "label_kind_share", "label_thing_share",
    "lower_share", "seen_log", "capital_share", "company_log", "used_share", "product_share", "maker_share",
    "person_roles_log", "org_roles_log", "org_word", "product_head", "known_place", "last_common",
    "given_name_log", "surname_log", "learned", "sentence_initial", "heading", "possessive_after",
    "speech_after", "company_after", "company_before", "use_before", "role_before", "the_before",
    "prep_before", "capital_next", "here_same", "here_other", "here_thing", "camel",
)


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


@dataclass(frozen=True)
class Evidence:
    """What the linker knows about the name beside the batch's word case."""

    kind: str
    method: str
    learned: bool
    given: int       # other known people whose first word this name's first word is
    surname: int     # other known people whose last word this name's last word is
    here: str = ""   # the model's kind for exactly this span here ("": none)


def features(text: str, tokens: Sequence[Token], first: int, last: int, ev: Evidence, case: WordCase,
             heading: bool, org_words: frozenset[str]) -> dict[str, float]:
    """The feature values of the mention ``tokens[first:last]`` (see :data:`BASE_FEATURES`)."""
    span = tokens[first:last]
    keys = [t.key for t in span]
    head = keys[0]
    f: dict[str, float] = dict.fromkeys(BASE_FEATURES, 0.0)
    if ev.kind in KINDS:
        f["kind_" + ev.kind] = 1.0
    if ev.method in METHODS:
        f["method_" + ev.method] = 1.0
    if ev.here:
        f["here_same" if ev.here == ev.kind else "here_thing" if ev.here == THING else "here_other"] = 1.0
    f["camel"] = float(any(t.text[i].islower() and t.text[i + 1].isupper() for t in span for i in range(len(t.text) - 1)))
    f["one_word"] = float(len(keys) == 1)
    f["three_words"] = float(len(keys) >= 3)
    f["acronym"] = float(len(keys) == 1 and span[0].all_caps)
    votes = case.labels.get(" ".join(keys))
    if votes:
        total = sum(votes.values())
        f["votes_log"] = math.log1p(total - votes[THING])
        f["label_top_share"] = votes.most_common(1)[0][1] / total
        f["label_kind_share"] = votes[ev.kind] / total
        f["label_thing_share"] = votes[THING] / total
    content = [k for k in keys if len(k) > 2] or keys
    f["lower_share"] = max(_share(case.lower.get(k, 0), case.lower.get(k, 0) + case.capital.get(k, 0))
                           for k in content)
    seen = case.seen.get(head, 0)
    f["seen_log"] = math.log1p(seen)
    f["capital_share"] = _share(case.capital.get(head, 0), seen)
    f["company_log"] = math.log1p(case.company.get(head, 0))
    f["used_share"] = _share(case.used.get(head, 0), seen)
    f["product_share"] = max(_share(case.product.get(k, 0), case.seen.get(k, 0)) for k in keys)
    makers = case.makers.get(head)
    f["maker_share"] = _share(max(makers.values()), seen) if makers else 0.0
    name = " ".join(keys)
    f["person_roles_log"] = math.log1p(case.person_roles.get(name, 0))
    f["org_roles_log"] = math.log1p(case.org_roles.get(name, 0))
    heads = cue_words("en", "org_heads")
    f["org_word"] = float(any(k in org_words or k in heads for k in keys))
    f["product_head"] = float(product_head(keys))
    f["known_place"] = float(tuple(keys) in known_places())
    f["last_common"] = float(len(keys) >= 2 and case.common(keys[-1]))
    f["given_name_log"] = math.log1p(ev.given)
    f["surname_log"] = math.log1p(ev.surname)
    f["learned"] = float(ev.learned)
    f["sentence_initial"] = float(sentence_initial(text, span[0]))
    f["heading"] = float(heading)
    end = span[-1].end
    f["possessive_after"] = float(text[end:end + 2] in ("'s", "’s"))
    nxt = tokens[last] if last < len(tokens) else None
    prev = tokens[first - 1] if first > 0 else None
    if nxt is not None and nxt.text.islower():
        f["speech_after"] = float(nxt.key in cue_words("en", "speech_verbs"))
        f["company_after"] = float(nxt.key in cue_words("en", "company_after"))
    if nxt is not None:
        f["capital_next"] = float(nxt.text[:1].isupper() and text[end:nxt.start] == " ")
    if prev is not None and prev.text.islower():
        f["company_before"] = float(prev.key in cue_words("en", "company_before"))
        f["use_before"] = float(prev.key in cue_words("en", "use_before"))
        f["role_before"] = float(prev.key in cue_words("en", "person_roles"))
        f["the_before"] = float(prev.key == "the")
        f["prep_before"] = float(prev.key in cue_words("en", "org_prepositions"))
    return f
