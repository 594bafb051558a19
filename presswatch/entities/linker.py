"""Link the names in one article (unit) to entities.

Per passage, in order: known aliases (watchlist, learned, earlier discoveries) -> aliases learned from
this passage, then matched again -> new names (spaCy for English when available, else rules) ->
in-article coreference (a later surname or short form, with or without a title, resolves to the full
name used earlier in the same article). New people close to a known person (another first name, an
added middle name) become merge suggestions, never automatic merges.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from presswatch.entities.discover import (
    STOP_START,
    Candidate,
    SpacyNer,
    rule_candidates,
    spacy_candidates,
)
from presswatch.entities.discover_en import WordCase, headline_case, not_names, plausible
from presswatch.entities.evidence_en import (
    common_word_person,
    evidenced,
    generic_name,
    kin_person,
    lone_person,
    person_first_words,
    person_name_words,
    team_context,
    venue_place,
    votes_for,
)
from presswatch.entities.features_en import Evidence, features
from presswatch.entities.keep_en import ORG_WORDS, keep_match
from presswatch.entities.learn import Learned, learn_aliases
from presswatch.entities.lexicon import Lexicon, lexicon
from presswatch.entities.matcher import AliasIndex
from presswatch.entities.normalize import (
    Token,
    folded_name,
    inflected_match,
    lang_data,
    name_keys,
    tokenize,
)
from presswatch.entities.persons import People, similar_persons

# languages whose discovery has its own rules and gold sets; every other language's candidates pass
# the English filters (discover_en.plausible: script, headline case, sentence start, common nouns)
UNFILTERED = frozenset({"sq", "fa"})
# languages new names are discovered in (those with entity rules, and passages too short to tell); in any
# other language only known names are matched: German capitalises every noun, and names found by English
# rules in Indonesian or Italian text were mostly common words ("Digital Darwinismus", "Syiah Ali")
DISCOVER_LANGS = frozenset({"en", "sq", "fa", "und"})
# a discovered organisation whose name ends with one of these is also known without it
SHORT_FORM_TAILS = frozenset({"organisation", "organization", "movement", "party", "front", "inc", "ltd",
                              "corporation", "corp", "foundation", "association", "organizata", "partia", "levizja"})


def short_forms(name: str) -> list[str]:
    """An organisation's name without its trailing "Organisation", "Party", … (at least two words left)."""
    words = name.split()
    if len(words) >= 3 and folded_name(words[-1]) in SHORT_FORM_TAILS:
        return [" ".join(words[:-1])]
    return []


def written_alone(short: str, name: str, text: str) -> bool:
    """Whether ``short`` (a short form of ``name``) occurs in ``text`` other than inside ``name``."""
    rest = name[len(short):].strip()
    pattern = r"(?<!\w)" + re.escape(short).replace(r"\ ", r"\s+") + r"(?!\w)(?!\s+" + re.escape(rest) + ")"
    return re.search(pattern, text, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Mention:
    passage: int        # index of the passage in the unit
    start: int          # character offsets in the passage text
    end: int
    surface: str
    entity: str         # entity key
    method: str


@dataclass(frozen=True)
class LearnedAlias:
    entity: str
    alias: str
    passage: int
    relation: str
    evidence: str


@dataclass
class UnitLinks:
    mentions: list[Mention] = field(default_factory=list)
    learned: list[LearnedAlias] = field(default_factory=list)
    discovered: dict[str, tuple[str, str]] = field(default_factory=dict)   # key -> (name, kind)
    suggestions: list[tuple[str, str, str]] = field(default_factory=list)  # (new key, known key, reason)
    kinds: dict[str, str] = field(default_factory=dict)   # discovered entities whose kind changed


@dataclass
class Linker:
    """Holds the alias index and what is known about each entity; link units one after another."""

    index: AliasIndex = field(default_factory=AliasIndex)
    kinds: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    rejected: set[tuple[str, str]] = field(default_factory=set)   # (entity key, folded alias)
    ner: SpacyNer | None = None
    discover: bool = True
    learn: bool = True
    surnames: dict[str, set[str]] = field(default_factory=dict)   # last-name key -> person keys
    given: dict[str, set[str]] = field(default_factory=dict)      # first-name key -> person keys
    org_keys: set[str] = field(default_factory=set)              # words of organisations' names
    fa_lexicon: Lexicon | None = None   # Persian name lists; None: the shipped ones
    case: WordCase = field(default_factory=WordCase)   # English word case seen so far (common nouns)
    kind_votes: dict[str, Counter[str]] = field(default_factory=dict)   # discovered key -> spaCy labels
    learned_keys: set[str] = field(default_factory=set)   # discovered from an alias stated on a page
    # when a list: the features (features_en) of every mention of a discovered English name linked where the
    # model's spans were used, as (passage, start, end, entity key, features); for bench/en_discovery_train.py
    trace: list[tuple[int, int, int, str, dict[str, float]]] | None = None
    _firsts: tuple[tuple[int, int], dict[str, int]] = field(default_factory=lambda: ((0, -1), {}), repr=False)
    _words: tuple[tuple[int, int], frozenset[str]] = field(default_factory=lambda: ((0, -1), frozenset()),
                                                           repr=False)

    def observe(self, texts: Sequence[str], ner_spans: Sequence[Sequence[tuple[int, int, str]]] | None = None,
                counted: Sequence[Callable[[WordCase], None]] | None = None) -> None:
        """Count word case in English texts and, with ``ner_spans`` (per text), spaCy's kind for each name
        (the stage shows it a whole batch before linking it, so evidence holds from the first unit on).
        ``counted``: the texts' word case already counted where the page was processed (one merge per
        unit, :mod:`presswatch.entities.prepare`), instead of counting it here."""
        if counted is None:
            self.case.observe(texts)
        else:
            for merge in counted:
                merge(self.case)
        if ner_spans is not None:
            self.case.observe_spans(texts, ner_spans)

    def add_entity(self, key: str, name: str, kind: str, aliases: Sequence[str] = ()) -> None:
        self.kinds[key] = kind
        self.names.setdefault(key, name)
        for alias in [name, *aliases]:
            self.add_alias(key, alias)
        if kind == "org" and key.startswith("auto:"):
            for short in short_forms(name):  # "Mojahedin Khalq Organisation" is also written "Mojahedin Khalq"
                self.add_alias(key, short)

    def add_alias(self, key: str, alias: str) -> bool:
        if (key, folded_name(alias)) in self.rejected:
            return False
        added = self.index.add(key, alias, fuzzy=not key.startswith("auto:")) is not None
        keys = name_keys(alias)
        if self.kinds.get(key) == "person" and len(keys) >= 2:
            self.surnames.setdefault(keys[-1], set()).add(key)
            self.given.setdefault(keys[0], set()).add(key)
        elif self.kinds.get(key) == "org" and len(keys) >= 2:
            self.org_keys.update(keys)
        return added

    # ------------------------------------------------------------------------------------------

    def link_unit(self, passages: list[tuple[str, str]], ner_spans: list[list[tuple[int, int, str]]] | None = None,
                  counted: Callable[[WordCase], None] | None = None) -> UnitLinks:
        """``passages``: (text, lang) in order. ``ner_spans``: spaCy spans per passage, when used.
        ``counted``: adds the unit's word case counted elsewhere (see :meth:`observe`)."""
        result = UnitLinks()
        people = People()   # persons named in this unit, with where they were named
        unit_text = "\n".join(t for t, _ in passages)
        if counted is None:
            self.case.observe([t for t, lang in passages if lang not in UNFILTERED])
        else:
            counted(self.case)
        for p, (text, lang) in enumerate(passages):
            tokens = tokenize(text)
            matches = self._kept_matches(text, tokens, lang)
            if lang not in UNFILTERED and ner_spans is not None and p < len(ner_spans):
                self._vote(tokens, matches, ner_spans[p], result)
            if self.learn and self._learn(text, tokens, matches, lang, p, result, unit_text):
                matches = self._kept_matches(text, tokens, lang)
            covered = {k for m in matches for k in range(m.first, m.last)}
            found: list[tuple[int, int, str, str]] = [(m.first, m.last, m.entity, m.method) for m in matches]
            for first, last, key, _ in sorted(found):
                if self.kinds.get(key) == "person":
                    people.add(key, tuple(t.key for t in tokens[first:last]), (p, first))
            if self.discover and lang in DISCOVER_LANGS:
                spans = ner_spans[p] if ner_spans is not None and p < len(ner_spans) else None
                if spans is not None and lang == "en":
                    cands = spacy_candidates(tokens, spans, covered, lang, text)
                else:
                    soft = {k for m in matches if m.entity.startswith("auto:") for k in range(m.first, m.last)}
                    cands = rule_candidates(text, tokens, covered, lang, self.fa_lexicon, soft)
                heading = lang not in UNFILTERED and headline_case(text, tokens)
                from_ner = spans is not None and lang == "en"
                for cand in cands:
                    new_ok = lang in UNFILTERED or plausible(text, tokens, cand.first, cand.last, self.case, heading,
                                                             org_words=ORG_WORDS)
                    if new_ok and from_ner:
                        kind = self._ner_kind(tokens, cand)
                        new_ok = evidenced(text, tokens, cand.first, cand.last, kind, self.case, ORG_WORDS,
                                           self._known_org)
                        if new_ok and kind == "person":
                            name = " ".join(text[tokens[cand.first].start:tokens[cand.last - 1].end].split())
                            new_ok = not common_word_person(name, [t.key for t in tokens[cand.first:cand.last]],
                                                            self.case, self._person_firsts(), unit_text)
                    resolved = self._resolve(cand, text, tokens, people.before((p, cand.first)), lang, result,
                                             new_ok, from_ner)
                    if resolved is None:
                        continue
                    key, method = resolved
                    # a discovered organisation that took a known place in ("University of Tehran")
                    found = [f for f in found if f[1] <= cand.first or f[0] >= cand.last]
                    found.append((cand.first, cand.last, key, method))
                    covered.update(range(cand.first, cand.last))
                    if self.kinds.get(key) == "person" and method == "discovered":
                        people.add(key, tuple(t.key for t in tokens[cand.first:cand.last]), (p, cand.first))
            heading = lang not in UNFILTERED and headline_case(text, tokens)
            found = [self._as_person(f, tokens, people, p, lang, heading) for f in found]
            found.extend(self._coref(tokens, covered, people, p, lang, heading))
            traced = self.trace is not None and lang not in UNFILTERED and ner_spans is not None and p < len(ner_spans)
            if lang == "en" and ner_spans is not None:
                found = [f for f in found if not self._lone_person(f) and not self._team(text, tokens, f)]
            for first, last, key, method in sorted(found):
                if traced and key.startswith("auto:") and ner_spans is not None:
                    self._trace(text, tokens, first, last, key, method, heading, p, ner_spans[p])
                s, e = tokens[first].start, tokens[last - 1].end
                result.mentions.append(Mention(p, s, e, text[s:e], key, method))
        return result

    def _trace(self, text: str, tokens: list[Token], first: int, last: int, key: str, method: str,
               heading: bool, p: int, spans: Sequence[tuple[int, int, str]]) -> None:
        """Record the features of this mention of a discovered entity (:mod:`~presswatch.entities.features_en`)."""
        keys = [t.key for t in tokens[first:last]]
        s, e = tokens[first].start, tokens[last - 1].end
        here = next((kind for a, b, kind in spans if a == s and b == e), "")
        given = sum(o != key and self.kinds.get(o) == "person" for o in self.given.get(keys[0], ()))
        surname = sum(o != key and self.kinds.get(o) == "person" for o in self.surnames.get(keys[-1], ()))
        ev = Evidence(self.kinds.get(key, "unknown"), method, key in self.learned_keys, given, surname, here)
        if self.trace is not None:
            self.trace.append((p, s, e, key, features(text, tokens, first, last, ev, self.case, heading, ORG_WORDS)))

    def _kept_matches(self, text: str, tokens: list[Token], lang: str) -> list[Any]:
        """The index's matches in ``tokens``, those that do not stand left out (languages not in
        ``UNFILTERED``)."""
        matches = self.index.match(tokens, lang)
        adjective = lang_data(lang).place_adjective_endings
        if adjective:
            matches = [m for m in matches if not self._place_adjective(tokens, m, adjective)]
        if lang in UNFILTERED:
            return matches
        return [m for m in matches if self._keep_match(text, tokens, m, lang)]

    def _place_adjective(self, tokens: list[Token], m: Any, endings: tuple[str, ...]) -> bool:
        """A place's name with an adjective's ending (``place_adjective_endings`` of
        ``lang/<code>/inflection.toml``: fa "ایرانی" Iranian, "عراقی"): no mention of the place."""
        if self.kinds.get(m.entity) != "place" or not m.alias.keys:
            return False
        tail, last = m.alias.keys[-1], tokens[m.last - 1].key
        return last != tail and any(last == tail + e for e in endings)

    def _keep_match(self, text: str, tokens: list[Token], m: Any, lang: str) -> bool:
        """Whether a match of a known name stands (English filters, :func:`~presswatch.entities.keep_en.keep_match`)."""
        return keep_match(text, tokens, m.first, m.last, m.entity, lang, self.kinds.get(m.entity, ""),
                          m.entity in self.learned_keys, self.case, self._known_org)

    def _learn(self, text: str, tokens: list[Token], matches: list, lang: str, p: int, result: UnitLinks,
               unit_text: str = "") -> int:
        spans = [(tokens[m.first].start, tokens[m.last - 1].end) for m in matches]
        owner = {sp: m.entity for sp, m in zip(spans, matches, strict=True)}
        orgs = {sp for sp, m in zip(spans, matches, strict=True) if self.kinds.get(m.entity) == "org"}
        groups: dict[tuple[int, int], list[Learned]] = {}
        for item in learn_aliases(text, tokens, spans, orgs, ORG_WORDS):
            groups.setdefault((item.name_start, item.name_end), []).append(item)
        count = 0
        for span, items in groups.items():
            key = owner.get(span)
            name = text[span[0]:span[1]]
            # the names of one statement already belong to one other entity: the statement is about it.
            # "Mojahedin Khalq (aka MKO, MEK)": the new name is another of its names; "members petition the
            # UNHCR in Albania (aka Mojahedin Khalq, NCRI …)": the place before the bracket is not
            known = self._group_owner(items, key)
            if known is not None and (key is None or self.kinds.get(key) in ("place", "person")):
                if key is None:
                    self._record(known, name, p, items[0].relation, items[0].evidence, result)
                key = owner[span] = known
            if key is None and lang not in UNFILTERED and generic_name(name, self.case):
                continue  # "Cost Per Click (CPC)", "Virtual reality (VR)": a thing spelt out, not a name
            if key is None:
                key = "auto:" + folded_name(name)
                if key not in self.kinds:
                    relation = items[0].relation
                    kind = "org" if relation in ("acronym", "list") else "unknown"
                    if relation in ("former", "aka") and 2 <= len(name.split()) <= 3 and not any(
                            w in ORG_WORDS for w in name_keys(name)):
                        kind = "person"
                    elif relation == "aka" and any(w in ORG_WORDS for w in name_keys(name)):
                        kind = "org"
                    self.add_entity(key, name, kind)
                    self.learned_keys.add(key)
                    result.discovered[key] = (name, kind)
                owner[span] = key
            for item in items:
                count += self._record(key, item.alias, p, item.relation, item.evidence, result)
            if self.kinds.get(key) == "org" and key.startswith("auto:"):
                # "Mojahedin Khalq Organisation (aka …)" is also written "Mojahedin Khalq": kept as a learned
                # alias so that the archive (and `entity show`) knows it too
                for short in short_forms(name):
                    if written_alone(short, name, unit_text):
                        self._record(key, short, p, "short form", items[0].evidence, result)
        return count

    def _record(self, key: str, alias: str, p: int, relation: str, evidence: str, result: UnitLinks) -> int:
        if (key, folded_name(alias)) in self.rejected:
            return 0
        added = self.add_alias(key, alias)
        result.learned.append(LearnedAlias(key, alias, p, relation, evidence))
        return int(added)

    def _group_owner(self, items: list[Learned], key: str | None) -> str | None:
        """The one other entity that already has the aliases of a statement (at least two of them, or
        the only one)."""
        owners: Counter[str] = Counter()
        for item in items:
            for other in self.index.owners(item.alias):
                if other != key:
                    owners[other] += 1
        if not owners:
            return None
        (best, n), *rest = owners.most_common(2)
        if rest and rest[0][1] == n:
            return None
        return best if n >= min(2, len(items)) else None

    def _resolve(self, cand: Candidate, text: str, tokens: list[Token], persons: list[tuple[str, tuple[str, ...]]],
                 lang: str, result: UnitLinks, new_ok: bool = True, from_ner: bool = False) -> tuple[str, str] | None:
        keys = tuple(t.key for t in tokens[cand.first:cand.last])
        # in-article: a short form of a person named earlier ("Merkel", "Chancellor Merkel")
        # not a name the model calls an organisation or place ("MacBook Pro"), not an acronym ("SEO")
        filtered = lang not in UNFILTERED
        ref = None if filtered and ((len(keys) > 1 and self._not_person_by_label(keys)) or (
            len(keys) == 1 and self._acronym(tokens[cand.first], lang))) else self._refers_back(keys, persons, lang)
        if ref is not None:
            return ref, "coref"
        if (len(keys) == 1 and (cand.kind == "person" or (new_ok and cand.kind == "org"))
                and not tokens[cand.first].all_caps and f"auto:{keys[0]}" not in self.kinds
                and self._lone_surname(tokens[cand.first], lang)
                and not (filtered and self._not_person_by_label(keys))):
            # a surname alone, of exactly one person known in the archive ("Rama" after "Edi Rama")
            only = self._only_person(keys[0])
            if only is not None:
                return only, "surname"
        if not new_ok:
            return None
        if len(keys) == 1 and cand.kind == "person" and not cand.listed:
            return None  # a lone titled surname nobody was named with: too little to go on
        if cand.kind == "person" and any(not c.isalpha() and c not in "-'’." for c in "".join(keys)):
            return None  # "P.O. Box 69440", "¼ cup feta": not a person's name
        name = " ".join(text[tokens[cand.first].start:tokens[cand.last - 1].end].split())
        key = "auto:" + " ".join(keys)
        if from_ner and cand.kind in ("person", "org", "place"):
            # the model's labels decide the kind: the most frequent label the name has across the batch,
            # else the most frequent label it has had so far
            label = self.case.label(" ".join(keys))
            if label in ("person", "org", "place") and key not in self.kinds:
                cand = Candidate(cand.first, cand.last, label, cand.listed)
            self._count_kind(key, cand.kind, result)
        if cand.kind in ("org", "unknown") and key not in self.kinds and self._person_evidence(key, keys):
            cand = Candidate(cand.first, cand.last, "person", cand.listed)
        elif cand.kind == "person" and key not in self.kinds and self._role(keys) == "org":
            cand = Candidate(cand.first, cand.last, "org", cand.listed)  # "Aon Hewitt is a … consulting firm"
        if key not in self.kinds:
            self.add_entity(key, name, cand.kind)
            result.discovered[key] = (name, cand.kind)
            if cand.kind == "person":
                result.suggestions.extend((key, other, reason) for other, reason in similar_persons(key, keys, self.surnames, self.kinds, self.names))
        return key, "discovered"

    def _ner_kind(self, tokens: list[Token], cand: Candidate) -> str:
        """The kind a model's candidate will get: its most frequent label across the batch, else its own."""
        label = self.case.label(" ".join(t.key for t in tokens[cand.first:cand.last]))
        return label if label in ("person", "org", "place") else cand.kind

    def _person_firsts(self) -> dict[str, int]:
        """:func:`~presswatch.entities.evidence_en.person_first_words` of the labels seen, recounted when
        more labels were seen."""
        stamp = (id(self.case.labels), len(self.case.labels))
        if self._firsts[0] != stamp:
            self._firsts = (stamp, person_first_words(self.case))
        return self._firsts[1]

    def _lone_person(self, f: tuple[int, int, str, str]) -> bool:
        """A one-word discovered name of kind person (after this unit's votes) that is no first or last word of
        a person's name across the labels seen (:func:`~presswatch.entities.evidence_en.lone_person`): not
        shown. Not a surname or coreference link, not a name stated on a page as an alias."""
        first, last, key, method = f
        return (last - first == 1 and method in ("discovered", "exact") and key.startswith("auto:")
                and " " not in key and self.kinds.get(key) == "person" and key not in self.learned_keys
                and lone_person([key[len("auto:"):]], self._person_words()))

    def _team(self, text: str, tokens: list[Token], f: tuple[int, int, str, str]) -> bool:
        """A discovered place written as a sports team (:func:`~presswatch.entities.evidence_en.team_context`), or
        named as a venue (:func:`~presswatch.entities.evidence_en.venue_place`)."""
        first, last, key, _ = f
        return (key.startswith("auto:") and self.kinds.get(key) == "place"
                and (team_context(text, tokens[first].start, tokens[last - 1].end)
                     or venue_place([t.key for t in tokens[first:last]])))

    def _person_words(self) -> frozenset[str]:
        """:func:`~presswatch.entities.evidence_en.person_name_words` of the labels seen, recounted when more
        labels were seen."""
        stamp = (id(self.case.labels), len(self.case.labels))
        if self._words[0] != stamp:
            self._words = (stamp, person_name_words(self.case))
        return self._words[1]

    def _known_org(self, key: str) -> bool:
        """A one-word name that is a known organisation (discovered so, or labelled so >= 3 times)."""
        return self.kinds.get(f"auto:{key}") == "org" or (self.case.label(key) == "org"
                                                          and votes_for(self.case, [key]) >= 3)

    def _acronym(self, tok: Token, lang: str) -> bool:
        """An all-capitals listed acronym or one the model calls an organisation ("SEO"), not "MERKEL"."""
        return tok.all_caps and (tok.key in not_names(lang) or self._not_person_by_label([tok.key]))

    def _not_person_by_label(self, keys: Sequence[str]) -> bool:
        """The model mostly calls this name an organisation or place (at least twice): no person's surname
        across the archive, and as a multi-word name no short form of a person named in the article."""
        return self.case.label(" ".join(keys)) in ("org", "place") and votes_for(self.case, keys) >= 2

    def _lone_surname(self, tok: Token, lang: str, heading: bool = False) -> bool:
        """Whether one word may stand for a person by surname: not in a heading, not a common noun
        ("Calendar", "Moving"), not an organisation word ("Inc"), not a name the model calls a place."""
        if lang in UNFILTERED:
            return True
        return not (heading or self.case.common(tok.key) or tok.key in ORG_WORDS or tok.key in SHORT_FORM_TAILS
                    or self.case.label(tok.key) == "place")

    def _as_person(self, f: tuple[int, int, str, str], tokens: list[Token], people: People, p: int, lang: str,
                   heading: bool = False) -> tuple[int, int, str, str]:
        """A one-word discovered name that is the surname of a person named earlier in the article, or of
        the only person with that surname in the archive, is that person ("Rama" after "Edi Rama")."""
        first, last, key, method = f
        if (last - first != 1 or not key.startswith("auto:") or self.kinds.get(key) == "person"
                or tokens[first].all_caps or not self._lone_surname(tokens[first], lang, heading)):
            return f
        ref = self._refers_back((tokens[first].key,), people.before((p, first)), lang)
        if ref is None and (lang in UNFILTERED or not self._not_person_by_label([tokens[first].key])):
            # archive-wide, only for a word the model does not call an organisation or place ("Samsung")
            ref = self._only_person(tokens[first].key)
        return (first, last, ref, "surname") if ref is not None else f

    def _only_person(self, surname: str) -> str | None:
        """The one person of the archive with this surname, None when there are none or several (stops
        at the second: a common surname is shared by more people the larger the archive)."""
        found = None
        for key in self.surnames.get(surname, ()):
            if self.kinds.get(key) == "person":
                if found is not None:
                    return None
                found = key
        return found

    def _vote(self, tokens: list[Token], matches: list, spans: list[tuple[int, int, str]], result: UnitLinks) -> None:
        """The model's label for a discovered name matched again counts towards its kind."""
        by_span = {(s, e): kind for s, e, kind in spans if kind in ("person", "org", "place")}
        for m in matches:
            kind = by_span.get((tokens[m.first].start, tokens[m.last - 1].end))
            if kind and m.entity.startswith("auto:"):
                self._count_kind(m.entity, kind, result)

    def _count_kind(self, key: str, kind: str, result: UnitLinks) -> None:
        votes = self.kind_votes.setdefault(key, Counter())
        votes[kind] += 1
        best = votes.most_common(1)[0][0]
        # organisation or place: the model's most frequent label for the name across the batch (seen before
        # any unit is linked) decides, not the spans of the articles linked so far ("LinkedIn": org 21, place
        # 12 across the batch, place in the first articles). Person against the others stays with the votes
        # and the person evidence below ("Maryam Rajavi", whom the model calls an organisation)
        label = self.case.label(key[len("auto:"):]) if key.startswith("auto:") else None
        if best in ("org", "place") and label in ("org", "place"):
            best = label
        if best == "org" and self._person_evidence(key, name_keys(
                self.names.get(key, ""))):
            best = "person"  # "Maryam Rajavi", which the model calls an organisation, after "Massoud Rajavi"
        elif best == "person" and self._role(name_keys(self.names.get(key, ""))) == "org":
            best = "org"
        if key in self.kinds and self.kinds[key] != best and self.kinds[key] in ("person", "org", "place", "unknown"):
            self.kinds[key] = best
            result.kinds[key] = best

    def _role(self, keys: Sequence[str]) -> str | None:
        """What the roles the name was written with across the texts seen say it is: "person" ("chairman X",
        "X, a senior fellow at"), "org" ("X is a consulting firm") or None (neither, or as often)."""
        name = " ".join(keys)
        person, org = self.case.person_roles.get(name, 0), self.case.org_roles.get(name, 0)
        return "person" if person > org else "org" if org > person else None

    def _person_evidence(self, key: str, keys: Sequence[str]) -> bool:
        """A two- or three-word name without organisation words written with a person's role more often than
        as an organisation, or whose last word is the surname of another known person (and no word of an
        organisation's name), or whose first word is the first name of two other known people; or a name of one to
        three words written with its family ("Brandi's husband", :func:`~presswatch.entities.evidence_en.kin_person`)."""
        if len(keys) == 1:
            return kin_person(self.case, keys, ORG_WORDS)
        if not 2 <= len(keys) <= 3 or any(k in ORG_WORDS or k in STOP_START for k in keys) or keys[-1] in self.org_keys:
            return False
        if kin_person(self.case, keys, ORG_WORDS):
            return True
        # a first word that is already another kind of name ("MEK Rajavi") is no first name
        if any(self.kinds.get(o) not in (None, "person") for k in keys[:-1] for o in self.index.owners(k)):
            return False
        if self._role(keys) == "person":
            return True  # "chairman Marcelo Claure", "Howard Gleckman, a senior fellow at …"
        if any(other != key and self.kinds.get(other) == "person" for other in self.surnames.get(keys[-1], ())):
            return True
        return sum(other != key and self.kinds.get(other) == "person" for other in self.given.get(keys[0], ())) >= 2

    def _refers_back(self, keys: tuple[str, ...], persons: list[tuple[str, tuple[str, ...]]], lang: str) -> str | None:
        for key, full in reversed(persons):
            if len(keys) >= len(full):
                continue
            if len(keys) == 1 and (keys[0] == full[-1] or inflected_match(full[-1], keys[0], lang)):
                return key
            if len(keys) > 1 and keys[-1] == full[-1] and set(keys) <= set(full):
                return key
        return None

    def _coref(self, tokens: list[Token], covered: set[int], people: People, p: int, lang: str,
               heading: bool = False) -> list[tuple[int, int, str, str]]:
        out = []
        for k, tok in enumerate(tokens):
            if k in covered or not tok.capitalised or len(tok.key) < 3 or not self._lone_surname(tok, lang, heading):
                continue
            if lang not in UNFILTERED and self._acronym(tok, lang):
                continue  # an acronym ("SEO") is no surname
            if lang not in UNFILTERED and any(0 <= j < len(tokens) and tokens[j].text[:1].isupper()
                                              and j not in covered for j in (k - 1, k + 1)) and \
                    not (k > 0 and tokens[k - 1].key in STOP_START):
                continue  # a word of a longer capitalised name ("Android [Studio]")
            ref = self._refers_back((tok.key,), people.before((p, k)), lang)
            if ref is not None:
                out.append((k, k + 1, ref, "coref"))
            elif lang == "fa" and (only := self._only_person(tok.key)) is not None:
                # a surname alone, of exactly one person known in the archive ("ظریف" after "محمدجواد ظریف"):
                # Persian has no capitals to tell a name, so only here, where the archive knows it as one
                if self._fa_given_named(only) and self._fa_surname_word(tok.key):
                    out.append((k, k + 1, only, "surname"))
        return out

    @property
    def _fa_lex(self) -> Lexicon:
        """The Persian lists this linker uses (the shipped ones unless it was given others)."""
        return self.fa_lexicon or lexicon("fa")

    def _fa_surname_word(self, key: str) -> bool:
        """A Persian word that may stand alone for a person: not a boundary or function word, not a given
        name ("محمد" alone is no one's surname), not a listed name of its own (a place: "چین"), not a word
        of the language's dictionary ("فرد" person, "دوست" friend: also the last words of surnames), at
        least three letters."""
        lex = self._fa_lex
        return (len(key) >= 3 and key not in lex.boundary and key not in lex.given and not key.isdigit()
                and lex.longest([key], 0) is None and not lex.common_word(key))

    def _fa_given_named(self, key: str) -> bool:
        """A person the archive knows by a given name and a surname ("علیرضا رزمی", not "بازار فیلم")."""
        lex = self._fa_lex
        keys = name_keys(self.names.get(key, ""))
        return len(keys) >= 2 and keys[0] in lex.given
