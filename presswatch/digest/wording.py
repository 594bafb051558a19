"""The one place for the digest's attribution wording ("<author> writes in <outlet> that …").

Each language has its own templates so that an item reads naturally in its section; languages without
templates use English. The lead joins with "that" when its first word is a common function word put in lower case ("writes in
X that the dam …"), else with a colon so that names and imperatives stay as written ("writes in X:
Albanian MPs …"); Persian has no letter case and always uses "که".
"""

from __future__ import annotations

from presswatch.digest.model import DigestItem

# Who says it, per language: keys "author_outlet", "outlet", "author"; placeholders {author}, {outlet}.
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {"author_outlet": "{author} writes in {outlet}", "outlet": "{outlet} reports",
           "author": "{author} writes"},
    "sq": {"author_outlet": "{author} shkruan në {outlet}", "outlet": "{outlet} raporton",
           "author": "{author} shkruan"},
    "fa": {"author_outlet": "{author} در {outlet} می‌نویسد", "outlet": "{outlet} گزارش می‌دهد",
           "author": "{author} می‌نویسد"},
}
# How the lead joins on: (" that " + the lead with its first word in lower case, when that word is a
# common function word; else ": " + the lead as written, so names and imperatives stay intact).
CONNECTORS: dict[str, tuple[str, str]] = {
    "en": (" that ", ": "),
    "sq": (" se ", ": "),
    "fa": (" که ", " که "),   # no letter case in Persian: "که" always fits
}

LOWERABLE: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "a", "an", "this", "these", "those", "it", "its", "there", "some", "many",
                     "most", "several", "more", "fewer", "both", "all", "each", "one", "two", "three",
                     "after", "before", "when", "while", "in", "on", "at", "for", "according", "despite",
                     "although", "if", "as", "residents", "officials", "protesters", "villagers"}),
    "sq": frozenset({"një", "kjo", "ky", "këto", "këta", "ata", "ajo", "ai", "në", "sipas", "pas", "para",
                     "për", "banorët", "qeveria", "zyrtarët", "protestuesit", "disa", "shumë"}),
}


def _join(prefix: str, lead: str, lang: str) -> str:
    that, colon = CONNECTORS[lang]
    words = LOWERABLE.get(lang)
    if words is None:
        return prefix + that + lead
    first = lead.split(maxsplit=1)[0].strip(",;:") if lead.strip() else ""
    if first.lower() in words and first[:1].isupper():
        return prefix + that + lead[0].lower() + lead[1:]
    return prefix + colon + lead


def attribution(item: DigestItem) -> str:
    """The item's lead as an attributed sentence, or the bare lead when neither author nor outlet is known."""
    lang = item.lang if item.lang in TEMPLATES else "en"
    templates = TEMPLATES[lang]
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
    return _join(templates[key].format(author=author, outlet=outlet), item.lead, lang)


def byline(item: DigestItem) -> str:
    """"Author · Outlet · 2026-03-10" (parts that are known)."""
    parts: list[str] = []
    day = (item.published or "")[:10]
    if day and item.dated_by == "fetched":
        day = f"fetched {day}"  # the page states no date
    for part in (item.author, item.outlet, day):
        if part and part.strip() and part.strip().casefold() not in {p.casefold() for p in parts}:
            parts.append(part.strip())
    return " · ".join(parts)
