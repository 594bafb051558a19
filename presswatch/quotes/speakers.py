"""From an attribution's source span to a speaker (name and entity), and the outlet it was said in.

The source span is the text's own mention. A name inside it resolves through the unit's entity
mentions (read-only use of presswatch.entities); a personal pronoun ("he", "she", "I", "who") resolves
to the nearest earlier person mention, never to an organisation or a place; "they"/"it" may take an
organisation. Outlets: "X told Y", "X said in an interview with Y", "X writes in Y", "Y reported" and
"according to Y" when Y is a news outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from presswatch.entities.normalize import name_keys
from presswatch.lang.data import read
from presswatch.quotes.attribute import Attribution, Span
from presswatch.text.fold import fold

PERSON_KINDS = ("person",)
RELATIVE_WORDS = frozenset({"who", "which", "whom", "whose"})   # a relative clause after a source's noun phrase
FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "for", "at", "in", "on", "to", "with", "by", "from"})


class MentionLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def entity(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def surface(self) -> str: ...


@dataclass(frozen=True)
class SpeakerData:
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    media_words: frozenset[str]
    interview: tuple[str, ...]
    told_verbs: frozenset[str]
    report_verbs: frozenset[str]
    write_verbs: frozenset[str]
    role_nouns: frozenset[str]
    first_person: frozenset[str]
    relative_pronouns: frozenset[str]


@lru_cache(maxsize=1)
def speaker_data() -> SpeakerData:
    data = read("en", "quotes")
    sp = data.get("speakers", {})

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in sp.get(key, ()))

    return SpeakerData(words("person_pronouns"), words("group_pronouns"), words("media_words"),
                       tuple(sorted(data.get("interview", []), key=len, reverse=True)), words("told_verbs"),
                       words("report_verbs"), words("write_verbs"), words("role_nouns"),
                       words("first_person"), words("relative_pronouns"))


def _inside(mentions: list[MentionLike], span: Span) -> list[MentionLike]:
    return [m for m in mentions if m.start >= span[0] and m.end <= span[1]]


def resolve_speaker(text: str, source: Span | None, mentions: list[MentionLike]) -> tuple[str | None, str | None]:
    """(speaker name, entity key) of a source span; the name is the mention's surface, or the source
    text when no entity is found."""
    if source is None:
        return None, None
    phrase = text[source[0]:source[1]].strip().rstrip(",—–- ")
    if not phrase:
        return None, None
    data = speaker_data()
    low = phrase.lower()
    if low in data.first_person:
        return phrase, None  # "I", "we": the writer or the one quoted, not the last name mentioned
    if low in data.relative_pronouns:
        # "Gjergji Thanasi, who said": the name right before it, or nothing
        near = [m for m in mentions if m.end <= source[0] and source[0] - m.end <= 3]
        if near and near[-1].kind in ("person", "org"):
            return near[-1].surface, near[-1].entity
        return phrase, None
    if low in data.person_pronouns or low in data.group_pronouns:
        kinds = PERSON_KINDS if low in data.person_pronouns else ("org",)
        before = [m for m in mentions if m.end <= source[0] and m.kind in kinds]
        if before:
            return before[-1].surface, before[-1].entity
        return phrase, None
    inside = [m for m in _inside(mentions, source) if m.kind in ("person", "org", "unknown")]
    if inside:
        # "Elira Basha, the leader of the NDP" -> Basha (before the apposition); "Trump campaign manager
        # Kellyanne Conway" -> Conway (the last person); "Gaddafi's former adviser" is not Gaddafi
        comma = phrase.find(",")
        head = [m for m in inside if comma < 0 or m.end <= source[0] + comma] or inside
        # the mention must be the phrase's head: at its start ("Edi Rama, the prime minister") or its end
        # ("GOP contender Ben Carson"), not somewhere inside a longer phrase
        edge = source[0] + (comma if comma >= 0 else len(phrase))
        head = [m for m in head if m.end >= edge - 1 or
                not text[source[0]:m.start].strip(" ,").lower().replace("the", "").strip()
                or len(text[source[0]:m.start].split()) <= 3]
        if not head:
            return phrase if len(phrase.split()) <= 10 else None, None
        persons = [m for m in head if m.kind == "person"]
        m = persons[-1] if persons else head[-1]
        lead = {fold(w.strip(",’'")) for w in text[source[0]:m.start].lower().split()}
        if not persons and lead & data.role_nouns:
            return phrase, None  # "a spokesperson for the Ministry of Energy" is not the ministry
        modifier = MODIFIED_HEAD.match(text[source[0]:m.start])
        # a person is the speaker unless the name is the object of the modifier itself ("A lawyer for [Kola]",
        # "the wife of [Kola]"); "the mayor of Vlora, [Kola]", "the head of the IMF [Lagarde]" are appositions
        if modifier is not None and (not persons or modifier.end() == m.start - source[0]):
            # "The authors of the study published in JAMA Psychiatry": the head noun, not the name in its modifier
            return modifier.group(1).strip(), None
        tail = text[m.end:source[1] if comma < 0 else source[0] + comma]
        if re.match(r"\s*['’]s?\s+\w", tail):
            return phrase if len(phrase.split()) <= 8 else None, None
        return m.surface, m.entity
    nominal = _nominal(phrase, source, mentions)
    if nominal is not None:
        return nominal
    words = phrase.split()
    # "One Albanian deputy who used to sit in the Security Council": the noun phrase before the
    # relative clause names the speaker (its source span stays whole)
    # ("who"/"which" as written: not the WHO, and not "that", a determiner as often as a pronoun; never
    # right after a preposition or an article: "a spokesman for the who" is no cut)
    cut = next((i for i, w in enumerate(words) if i > 0 and w in RELATIVE_WORDS
                and words[i - 1].lower() not in FUNCTION_WORDS), None)
    if cut is not None and cut <= 6:
        return " ".join(words[:cut]).rstrip(","), None
    if len(words) > 10:
        return None, None
    return phrase, None


# a common noun phrase and the preposition that opens its modifier ("The authors of", "the wife of",
# "researchers at"), before the name the modifier holds
MODIFIED_HEAD = re.compile(r"((?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur|[Oo]ne|[Tt]wo|[Ss]ome|[Mm]any)\s+)?"
                           r"(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+(?:of|in|at|for|from|with|by|on)\s")


def _nominal(phrase: str, source: Span, mentions: list[MentionLike]) -> tuple[str, str] | None:
    """"the ministry" -> the last organisation named with "ministry" in its name; "the former mayor"
    -> the last person named (a role noun after "the")."""
    low = [w.lower().strip(",") for w in phrase.split()]
    if not (2 <= len(low) <= 4) or low[0] not in ("the", "its", "their", "his", "her"):
        return None
    head = fold(low[-1])
    before = [m for m in mentions if m.end <= source[0]]
    for m in reversed(before):
        if m.kind == "org" and head in name_keys(m.surface):
            return m.surface, m.entity
    if head in speaker_data().role_nouns:
        persons = [m for m in before if m.kind == "person"]
        if persons:
            return persons[-1].surface, persons[-1].entity
    return None


def _media_like(phrase: str) -> bool:
    # the words decide: a discovered name such as "Daily Meridian" may have been taken for a person
    words = {w.lower().strip(".,’'") for w in phrase.split()}
    return bool(words & speaker_data().media_words) and len(words) <= 6


def _proper(text: str, pos: int) -> Span | None:
    """The capitalised name starting at ``pos`` ("the Daily Meridian", "Fox News", "The New York Times")."""
    m = re.match(r"(?:the\s+|The\s+)?(?:[A-Z][\w.&’'-]*|of|and)(?:\s+(?:[A-Z][\w.&’'-]*|of))*", text[pos:pos + 80])
    if not m:
        return None
    s, e = pos, pos + len(m.group().rstrip(" .,"))
    while e > s and text[e - 1] in ".,;:’'":
        e -= 1
    words = text[s:e].split()
    while words and words[-1] in ("of", "and"):
        e -= len(words[-1]) + 1
        words = words[:-1]
    if not words or all(w in ("the", "The", "of", "and") for w in words):
        return None
    return s, e


def find_outlet(text: str, a: Attribution, mentions: list[MentionLike]) -> str | None:
    """The outlet of an attribution, or None."""
    data = speaker_data()
    if a.cue is None:
        return None
    cue = text[a.cue[0]:a.cue[1]].lower()
    # the cue may hold more than its verb ("also told Reuters", "writes in the Daily Meridian")
    verbs = [m for m in re.finditer(r"[\w’']+", cue) if m.group() in data.told_verbs | data.write_verbs
             | data.report_verbs]
    cue_word = verbs[0].group() if verbs else (cue.split()[-1] if cue.split() else cue)
    after = a.cue[0] + verbs[0].end() if verbs else a.cue[1]
    # "told Reuters", "tells the Daily Meridian": a capitalised object that is not a person
    if cue_word in data.told_verbs:
        m = re.match(r"\s+", text[after:after + 3])
        if m:
            span = _proper(text, after + m.end())
            overlapping = [x for x in mentions if x.start < span[1] and span[0] < x.end] if span else []
            if span and not any(x.kind in ("person", "place") for x in overlapping):
                name = text[span[0]:span[1]]
                # "told Reuters", "told the Daily Meridian": an outlet, not "told Prime Minister Rama"
                if _media_like(name) or any(x.kind == "org" for x in overlapping):
                    return name
    # "in an interview with Y", "writing in Y" near the cue (either side, same sentence)
    spans = [x for x in (a.source, a.cue, a.content) if x is not None]
    env_lo, env_hi = min(x[0] for x in spans), max(x[1] for x in spans)
    lo = max(0, env_lo - 80)
    cut = max(text.rfind(". ", lo, env_lo), text.rfind("\n", lo, env_lo))
    lo = cut + 1 if cut >= 0 else lo
    hi = min(len(text), env_hi + 80)
    stops = [p for p in (text.find(". ", env_hi, hi), text.find("\n", env_hi, hi)) if p >= 0]
    hi = min(stops) if stops else hi
    window = text[lo:hi]
    for phrase in data.interview:
        for m in re.finditer(r"\b" + re.escape(phrase).replace(r"\ ", r"\s+") + r"\s+", window, re.IGNORECASE):
            pos = lo + m.end()
            if a.content and a.content[0] < pos < a.content[1] and not (a.direct is False and pos < a.cue[0]):
                continue
            span = _proper(text, pos)
            if span:
                return text[span[0]:span[1]]
    # "writes in the Daily Meridian", "wrote in an op-ed in Y"
    if cue_word in data.write_verbs:
        m = re.match(r"\s+in\s+(?:an?\s+\w+(?:\s+\w+)?\s+(?:in|for)\s+)?", text[after:after + 40])
        if m:
            span = _proper(text, after + m.end())
            if span:
                return text[span[0]:span[1]]
    # "Y reported", "according to Y", "Y wrote": the source itself is an outlet
    if a.source is not None and (cue_word in data.report_verbs or cue_word in data.write_verbs
                                 or cue.startswith("according")):
        phrase = text[a.source[0]:a.source[1]]
        if _media_like(phrase):
            return phrase
    return None
