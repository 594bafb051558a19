"""Link the names in one article (unit) to entities.

Per passage, in order: known aliases (watchlist, learned, earlier discoveries) -> aliases learned from
this passage, then matched again -> new names (spaCy for English when available, else rules) ->
in-article coreference (a later surname or short form, with or without a title, resolves to the full
name used earlier in the same article). New people close to a known person (another first name, an
added middle name) become merge suggestions, never automatic merges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from presswatch.entities.discover import (
    LATIN_ORG_WORDS,
    STOP_START,
    Candidate,
    SpacyNer,
    rule_candidates,
    spacy_candidates,
)
from presswatch.entities.discover_en import WordCase, headline_case, not_names, plausible
from presswatch.entities.learn import learn_aliases
from presswatch.entities.lexicon import Lexicon
from presswatch.entities.matcher import AliasIndex
from presswatch.entities.normalize import (
    Token,
    edit_distance_le1,
    folded_name,
    inflected_match,
    lang_data,
    name_keys,
    tokenize,
)

ORG_WORDS = LATIN_ORG_WORDS | lang_data("fa").org_words
# languages whose discovery has its own rules and gold sets; every other language's candidates pass
# the English filters (discover_en.plausible: script, headline case, sentence start, common nouns)
UNFILTERED = frozenset({"sq", "fa"})
# a discovered organisation whose name ends with one of these is also known without it
SHORT_FORM_TAILS = frozenset({"organisation", "organization", "movement", "party", "front", "inc", "ltd",
                              "corporation", "corp", "foundation", "association", "organizata", "partia", "levizja"})


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


class _People:
    """Distinct person names seen in one unit: where each was first and last named."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = {}
        self.last: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = {}

    def add(self, key: str, keys: tuple[str, ...], pos: tuple[int, int]) -> None:
        ident = (key, keys)
        self.first[ident] = min(self.first.get(ident, pos), pos)
        self.last[ident] = max(self.last.get(ident, pos), pos)

    def before(self, pos: tuple[int, int]) -> list[tuple[str, tuple[str, ...]]]:
        """Names introduced before ``pos``, the most recently named last."""
        found = [i for i, f in self.first.items() if f < pos]
        found.sort(key=lambda i: self.last[i] if self.last[i] < pos else self.first[i])
        return found


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
    fa_lexicon: Lexicon | None = None   # Persian name lists; None: the shipped ones
    case: WordCase = field(default_factory=WordCase)   # English word case seen so far (common nouns)
    kind_votes: dict[str, Counter[str]] = field(default_factory=dict)   # discovered key -> spaCy labels

    def observe(self, texts: Sequence[str]) -> None:
        """Count word case in English texts (the stage shows it a whole batch before linking it)."""
        self.case.observe(texts)

    def add_entity(self, key: str, name: str, kind: str, aliases: Sequence[str] = ()) -> None:
        self.kinds[key] = kind
        self.names.setdefault(key, name)
        for alias in [name, *aliases]:
            self.add_alias(key, alias)
        if kind == "org" and key.startswith("auto:"):
            # "Mojahedin Khalq Organisation" is also written "Mojahedin Khalq"
            words = name.split()
            if len(words) >= 3 and folded_name(words[-1]) in SHORT_FORM_TAILS:
                self.add_alias(key, " ".join(words[:-1]))

    def add_alias(self, key: str, alias: str) -> bool:
        if (key, folded_name(alias)) in self.rejected:
            return False
        added = self.index.add(key, alias, fuzzy=not key.startswith("auto:")) is not None
        keys = name_keys(alias)
        if self.kinds.get(key) == "person" and len(keys) >= 2:
            self.surnames.setdefault(keys[-1], set()).add(key)
        return added

    # ------------------------------------------------------------------------------------------

    def link_unit(self, passages: list[tuple[str, str]], ner_spans: list[list[tuple[int, int, str]]] | None = None
                  ) -> UnitLinks:
        """``passages``: (text, lang) in order. ``ner_spans``: spaCy spans per passage, when used."""
        result = UnitLinks()
        people = _People()   # persons named in this unit, with where they were named
        self.case.observe([t for t, lang in passages if lang not in UNFILTERED])
        for p, (text, lang) in enumerate(passages):
            tokens = tokenize(text)
            matches = self.index.match(tokens, lang)
            if lang not in UNFILTERED:
                matches = [m for m in matches if not self._partial(text, tokens, m.first, m.last, m.entity)
                           and not (m.entity.startswith("auto:") and m.last - m.first == 1
                                    and tokens[m.first].key in not_names(lang))]
                if ner_spans is not None and p < len(ner_spans):
                    self._vote(tokens, matches, ner_spans[p], result)
            if self.learn:
                learned = self._learn(text, tokens, matches, lang, p, result)
                if learned:
                    matches = self.index.match(tokens, lang)
            covered = {k for m in matches for k in range(m.first, m.last)}
            found: list[tuple[int, int, str, str]] = [(m.first, m.last, m.entity, m.method) for m in matches]
            for first, last, key, _ in sorted(found):
                if self.kinds.get(key) == "person":
                    people.add(key, tuple(t.key for t in tokens[first:last]), (p, first))
            if self.discover:
                spans = ner_spans[p] if ner_spans is not None and p < len(ner_spans) else None
                if spans is not None and lang == "en":
                    cands = spacy_candidates(tokens, spans, covered, lang)
                else:
                    soft = {k for m in matches if m.entity.startswith("auto:") for k in range(m.first, m.last)}
                    cands = rule_candidates(text, tokens, covered, lang, self.fa_lexicon, soft)
                heading = lang not in UNFILTERED and headline_case(text, tokens)
                from_ner = spans is not None and lang == "en"
                for cand in cands:
                    new_ok = lang in UNFILTERED or plausible(text, tokens, cand.first, cand.last, self.case, heading)
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
            found = [self._as_person(f, tokens, people, p, lang) for f in found]
            found.extend(self._coref(tokens, covered, people, p, lang))
            for first, last, key, method in sorted(found):
                s, e = tokens[first].start, tokens[last - 1].end
                result.mentions.append(Mention(p, s, e, text[s:e], key, method))
        return result

    def _learn(self, text: str, tokens: list[Token], matches: list, lang: str, p: int, result: UnitLinks) -> int:
        spans = [(tokens[m.first].start, tokens[m.last - 1].end) for m in matches]
        owner = {sp: m.entity for sp, m in zip(spans, matches, strict=True)}
        orgs = {sp for sp, m in zip(spans, matches, strict=True) if self.kinds.get(m.entity) == "org"}
        learned = learn_aliases(text, tokens, spans, orgs, ORG_WORDS)
        count = 0
        for item in learned:
            span = (item.name_start, item.name_end)
            key = owner.get(span)
            if key is None:
                name = text[item.name_start:item.name_end]
                key = "auto:" + folded_name(name)
                if key not in self.kinds:
                    kind = "org" if item.relation in ("acronym", "list") else "unknown"
                    if item.relation in ("former", "aka") and 2 <= len(name.split()) <= 3 and not any(
                            w in ORG_WORDS for w in name_keys(name)):
                        kind = "person"
                    elif item.relation == "aka" and any(w in ORG_WORDS for w in name_keys(name)):
                        kind = "org"
                    self.add_entity(key, name, kind)
                    result.discovered[key] = (name, kind)
                owner[span] = key
            if (key, folded_name(item.alias)) in self.rejected:
                continue
            if self.add_alias(key, item.alias):
                count += 1
            result.learned.append(LearnedAlias(key, item.alias, p, item.relation, item.evidence))
        return count

    def _resolve(self, cand: Candidate, text: str, tokens: list[Token], persons: list[tuple[str, tuple[str, ...]]],
                 lang: str, result: UnitLinks, new_ok: bool = True, from_ner: bool = False) -> tuple[str, str] | None:
        keys = tuple(t.key for t in tokens[cand.first:cand.last])
        # in-article: a short form of a person named earlier ("Merkel", "Chancellor Merkel")
        ref = self._refers_back(keys, persons, lang)
        if ref is not None:
            return ref, "coref"
        if (len(keys) == 1 and (cand.kind == "person" or (new_ok and cand.kind == "org"))
                and not tokens[cand.first].all_caps and f"auto:{keys[0]}" not in self.kinds):
            # a surname alone, of exactly one person known in the archive ("Rama" after "Edi Rama")
            only = self._only_person(keys[0])
            if only is not None:
                return only, "surname"
        if not new_ok:
            return None
        if len(keys) == 1 and cand.kind == "person" and not cand.listed:
            return None  # a lone titled surname nobody was named with: too little to go on
        name = " ".join(text[tokens[cand.first].start:tokens[cand.last - 1].end].split())
        key = "auto:" + " ".join(keys)
        if from_ner and cand.kind in ("person", "org", "place"):
            # the model's labels decide the kind: the most frequent label the name has had
            self._count_kind(key, cand.kind, result)
        if key not in self.kinds:
            self.add_entity(key, name, cand.kind)
            result.discovered[key] = (name, cand.kind)
            if cand.kind == "person":
                result.suggestions.extend((key, other, reason) for other, reason in self._similar_persons(key, keys))
        return key, "discovered"

    def _as_person(self, f: tuple[int, int, str, str], tokens: list[Token], people: _People, p: int, lang: str
                   ) -> tuple[int, int, str, str]:
        """A one-word discovered name that is the surname of a person named earlier in the article, or of
        the only person with that surname in the archive, is that person ("Rama" after "Edi Rama")."""
        first, last, key, method = f
        if (last - first != 1 or not key.startswith("auto:") or self.kinds.get(key) == "person"
                or tokens[first].all_caps):
            return f
        ref = self._refers_back((tokens[first].key,), people.before((p, first)), lang)
        if ref is None:
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
        by_span = {(s, e): kind for s, e, kind in spans}
        for m in matches:
            kind = by_span.get((tokens[m.first].start, tokens[m.last - 1].end))
            if kind and m.entity.startswith("auto:"):
                self._count_kind(m.entity, kind, result)

    def _count_kind(self, key: str, kind: str, result: UnitLinks) -> None:
        votes = self.kind_votes.setdefault(key, Counter())
        votes[kind] += 1
        best = votes.most_common(1)[0][0]
        if key in self.kinds and self.kinds[key] != best and self.kinds[key] in ("person", "org", "place", "unknown"):
            self.kinds[key] = best
            result.kinds[key] = best

    def _partial(self, text: str, tokens: list[Token], first: int, last: int, key: str) -> bool:
        """A discovered name matched inside a longer capitalised sequence ("[Menke]" in "Carrie Menke")."""
        if not key.startswith("auto:"):
            return False
        if first > 0:
            prev = tokens[first - 1]
            gap = text[prev.end:tokens[first].start]
            if gap in (" ", "-") and prev.text[:1].isupper() and prev.key not in STOP_START:
                return True
        if last < len(tokens):
            nxt = tokens[last]
            gap = text[tokens[last - 1].end:nxt.start]
            if gap in (" ", "-") and nxt.text[:1].isupper():
                return True
        return False

    def _refers_back(self, keys: tuple[str, ...], persons: list[tuple[str, tuple[str, ...]]], lang: str) -> str | None:
        for key, full in reversed(persons):
            if len(keys) >= len(full):
                continue
            if len(keys) == 1 and (keys[0] == full[-1] or inflected_match(full[-1], keys[0], lang)):
                return key
            if len(keys) > 1 and keys[-1] == full[-1] and set(keys) <= set(full):
                return key
        return None

    def _coref(self, tokens: list[Token], covered: set[int], people: _People, p: int, lang: str
               ) -> list[tuple[int, int, str, str]]:
        out = []
        for k, tok in enumerate(tokens):
            if k in covered or not tok.capitalised or len(tok.key) < 3:
                continue
            ref = self._refers_back((tok.key,), people.before((p, k)), lang)
            if ref is not None:
                out.append((k, k + 1, ref, "coref"))
        return out

    def _similar_persons(self, key: str, keys: tuple[str, ...]) -> list[tuple[str, str]]:
        """Known people that may be this new one: same surname and the same first name with a middle name
        added or dropped, an initial for it, or a one-letter spelling difference. Another first name is
        another person (Donald ~ Ivanka Trump, Massoud ~ Maryam Rajavi) and is never suggested."""
        out: list[tuple[str, str]] = []
        if len(keys) < 2:
            return out
        for other in sorted(self.surnames.get(keys[-1], set())):
            if other == key or self.kinds.get(other) != "person":
                continue
            other_keys = name_keys(self.names.get(other, ""))
            if len(other_keys) < 2:
                continue
            a, b = keys[0], other_keys[0]
            if a == b:
                if len(keys) != len(other_keys):
                    out.append((other, "added or missing middle name"))
            elif (len(a) == 1 or len(b) == 1) and a[0] == b[0] and len(keys) == len(other_keys):
                out.append((other, "initial for the first name"))
            elif min(len(a), len(b)) >= 5 and edit_distance_le1(a, b) and len(keys) == len(other_keys):
                out.append((other, "first name spelt differently"))
        return out
