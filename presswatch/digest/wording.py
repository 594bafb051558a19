"""The one place for the digest's attribution wording ("<author> writes in <outlet> that …").

Each language has its own templates (``presswatch/lang/<code>/digest.toml``) so that an item reads
naturally in its section; languages without them use English. The lead joins with "that" when its
first word is a common function word put in lower case ("writes in X that the dam …"), else with a colon so that names and imperatives stay as written ("writes in X:
Albanian MPs …"); Persian has no letter case and always uses "که".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from presswatch.digest.model import DigestItem
from presswatch.lang import data

FALLBACK = "en"


@dataclass(frozen=True)
class Wording:
    """One language's attribution wording, from ``presswatch/lang/<code>/digest.toml``."""

    templates: dict[str, str]     # author_outlet, outlet, author; placeholders {author}, {outlet}
    that: str                     # " that " + the lead, its first word lowered ...
    colon: str                    # ... else ": " + the lead as written
    lowerable: frozenset[str] | None   # None: always join with ``that`` (a script without case)


@cache   # package data, read once per language; the results are frozen
def wording(lang: str) -> Wording | None:
    """The wording for ``lang``, None when the language has no ``digest.toml`` (English is used)."""
    found = data.read(lang, "digest")
    if not found:
        return None
    join = found.get("join", {})
    words = join.get("lowerable")
    return Wording(templates=dict(found["attribution"]), that=str(join["that"]), colon=str(join["colon"]),
                   lowerable=frozenset(words) if words is not None else None)


def _join(prefix: str, lead: str, words_of: Wording) -> str:
    that, colon, words = words_of.that, words_of.colon, words_of.lowerable
    if words is None:
        return prefix + that + lead
    first = lead.split(maxsplit=1)[0].strip(",;:") if lead.strip() else ""
    if first.lower() in words and first[:1].isupper():
        return prefix + that + lead[0].lower() + lead[1:]
    return prefix + colon + lead


def attribution(item: DigestItem) -> str:
    """The item's lead as an attributed sentence, or the bare lead when neither author nor outlet is known."""
    words_of = wording(item.lang or FALLBACK) or wording(FALLBACK)
    assert words_of is not None, "presswatch/lang/en/digest.toml is missing"
    templates = words_of.templates
    author, outlet = (item.author or "").strip(), (item.outlet or "").strip()
    if author.casefold() == outlet.casefold():
        author = ""  # a newsletter "by" its own name
    if author and outlet:
        key = "author_outlet"
    elif outlet:
        key = "outlet"
    elif author:
        key = "author"
    else:
        return item.lead
    return _join(templates[key].format(author=author, outlet=outlet), item.lead, words_of)


def byline(item: DigestItem) -> str:
    """"Author · Outlet · 2026-03-10" (parts that are known)."""
    parts: list[str] = []
    day = (item.published or "")[:10]
    if day and item.dated_by == "fetched":
        day = f"fetched {day}"  # the page states no date (drafts made before undated items had no date)
    elif not day and item.dated_by == "undated":
        day = "undated"
    for part in (item.author, item.outlet, day):
        if part and part.strip() and part.strip().casefold() not in {p.casefold() for p in parts}:
            parts.append(part.strip())
    return " · ".join(parts)
