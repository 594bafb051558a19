"""Who an excerpt or digest item is attributed to: "X writes in Y that", "In an interview with Y, X
reveals", "Y reports", "X from Y says", "Translated by X" and their Albanian and Persian equivalents.

The words and sentence shapes live in ``presswatch/lang/<code>/attribution.toml``; this module only
fills the name shapes in and matches them at the start of a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from presswatch.lang import data as lang_data

CAP = r"[A-ZÇË][\w'’.&-]*"
NAME = rf"{CAP}(?:\s+(?:{CAP}|bin|al|el|van|von|de)){{0,3}}"
# an outlet may hold "of"/"for"/"and": "National Council of Resistance", "Women’s Association"
ORG = rf"{CAP}(?:\s+(?:(?:of|for|on|the)\s+)?{CAP}){{0,5}}"
ORGS = rf"{ORG}(?:(?:,\s+|\s+and\s+|\s+&\s+){ORG}){{0,3}}"
FA_WORDS = r"[\u0600-\u06FF\u200c]+(?:\s+[\u0600-\u06FF\u200c]+){0,3}?"


@dataclass(frozen=True)
class Attribution:
    author: str | None
    outlet: str | None
    end: int        # characters of the text the head takes


@dataclass(frozen=True)
class AttributionRules:
    patterns: tuple[re.Pattern[str], ...]
    outlet_later: tuple[re.Pattern[str], ...]
    org_subject: tuple[re.Pattern[str], ...]
    org_words: frozenset[str]
    not_names: frozenset[str]
    translator: tuple[str, ...]
    honorifics: frozenset[str]


def _fill(template: str, verbs: str) -> str:
    return (template.replace("{verb}", f"(?:{verbs})")
            .replace("{fa_author}", f"(?P<author>{FA_WORDS})").replace("{fa_outlet}", f"(?P<outlet>{FA_WORDS})")
            .replace("{author}", f"(?P<author>{NAME})").replace("{outlets}", f"(?P<outlet>{ORGS})")
            .replace("{outlet}", f"(?P<outlet>{ORG})"))


def _languages() -> list[str]:
    return list(lang_data.codes("attribution"))


@lru_cache(maxsize=4)
def attribution_rules(languages: tuple[str, ...] | None = None) -> AttributionRules:
    langs = languages or tuple(_languages())
    patterns: list[re.Pattern[str]] = []
    later: list[re.Pattern[str]] = []
    org: list[re.Pattern[str]] = []
    org_words: set[str] = set()
    not_names: set[str] = set()
    translator: set[str] = set()
    honorifics: set[str] = set()
    for code in langs:
        data = lang_data.read(code, "attribution")
        if not data:
            continue
        verbs = "|".join(re.escape(v) for v in sorted(data.get("verbs", []), key=len, reverse=True)) or "(?!)"
        org_words.update(str(w).lower() for w in data.get("org_words", []))
        for key, into in (("patterns", patterns), ("outlet_later", later), ("org_subject", org)):
            for template in data.get(key, []):
                into.append(re.compile(_fill(template, verbs)))
        not_names.update(str(w).lower() for w in data.get("not_names", []))
        translator.update(str(w).lower() for w in data.get("translator", []))
        honorifics.update(str(w).lower() for w in data.get("honorifics", []))
    return AttributionRules(tuple(patterns), tuple(later), tuple(org), frozenset(org_words), frozenset(not_names),
                            tuple(sorted(translator, key=len, reverse=True)), frozenset(honorifics))


def _name_ok(name: str | None, rules: AttributionRules) -> bool:
    if not name:
        return True
    first = name.split()[0].lower()
    return first not in rules.not_names and len(name) <= 60


def item_attribution(text: str, rules: AttributionRules | None = None) -> Attribution | None:
    """The author/outlet an item's first sentence names, or None."""
    r = rules or attribution_rules()
    head = text[:300]
    for rx in r.patterns:
        m = rx.match(head)
        if not m:
            continue
        groups = m.groupdict()
        author, outlet = groups.get("author"), groups.get("outlet")
        if not (_name_ok(author, r) and _name_ok(outlet, r)):
            continue
        if author and len(author.split()) < 2 and not re.search(r"[\u0600-\u06FF]", author):
            continue    # a lone capitalised word ("Rajavi writes") is too weak for a byline
        if author and not outlet:
            later = next((x for rx2 in r.outlet_later if (x := rx2.search(text[:400]))), None)
            outlet = later["outlet"] if later else None
        outlet = re.sub(r"^(?:the|The)\s+", "", outlet).strip() if outlet else None
        return Attribution(author.strip() if author else None, outlet or None, m.end())
    for rx in r.org_subject:   # an organisation as the subject: only with an organisation word
        m = rx.match(head)
        if m and m["outlet"].split()[-1].lower() in r.org_words and _name_ok(m["outlet"], r):
            return Attribution(None, re.sub(r"^(?:the|The)\s+", "", m["outlet"]).strip(), m.end())
    return None


def translator_of(line: str, rules: AttributionRules | None = None) -> str | None:
    """``X`` of a "Translated by X" line (the whole short line), else None."""
    r = rules or attribution_rules()
    t = line.strip()
    low = t.lower()
    if len(t) > 100:
        return None
    for word in r.translator:
        if low.startswith(word) and len(t) > len(word) + 1 and not t[len(word)].isalnum():
            rest = t[len(word):].strip(" :,-–—")
            if rest and len(rest.split()) <= 6:
                return rest.rstrip(" .,")
    return None


def strip_honorific(name: str, rules: AttributionRules | None = None) -> tuple[str, str | None]:
    """("Olsi Jazexhi", "Dr") from "Dr Olsi Jazexhi"."""
    r = rules or attribution_rules()
    parts = name.split()
    if len(parts) >= 2 and parts[0].lower() in r.honorifics:
        return " ".join(parts[1:]), parts[0]
    return name, None
