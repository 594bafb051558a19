"""The one place for the digest's attribution wording ("<author> writes in <outlet> that …").

Each language has its own templates so that an item reads naturally in its section; languages without
templates use English. The lead's first word is put in lower case after "that" only when it is a common
function word (never a name: "that the dam …", but "that Minister Zeka …").
"""

from __future__ import annotations

from presswatch.digest.model import DigestItem

# keys: "author_outlet", "outlet", "author"; placeholders {author}, {outlet}, {lead}
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "author_outlet": "{author} writes in {outlet} that {lead}",
        "outlet": "{outlet} reports that {lead}",
        "author": "{author} writes that {lead}",
    },
    "sq": {
        "author_outlet": "{author} shkruan në {outlet} se {lead}",
        "outlet": "{outlet} raporton se {lead}",
        "author": "{author} shkruan se {lead}",
    },
    "fa": {
        "author_outlet": "{author} در {outlet} می‌نویسد که {lead}",
        "outlet": "{outlet} گزارش می‌دهد که {lead}",
        "author": "{author} می‌نویسد که {lead}",
    },
}

LOWERABLE: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "a", "an", "this", "these", "those", "it", "its", "there", "some", "many",
                     "most", "several", "more", "fewer", "both", "all", "each", "one", "two", "three",
                     "after", "before", "when", "while", "in", "on", "at", "for", "according", "despite",
                     "although", "if", "as", "residents", "officials", "protesters", "villagers"}),
    "sq": frozenset({"një", "kjo", "ky", "këto", "këta", "ata", "ajo", "ai", "në", "sipas", "pas", "para",
                     "për", "banorët", "qeveria", "zyrtarët", "protestuesit", "disa", "shumë"}),
}


def _lower_first(lead: str, lang: str) -> str:
    words = LOWERABLE.get(lang)
    if not words or not lead:
        return lead
    first = lead.split(maxsplit=1)[0].strip(",;:")
    if first.lower() in words and first[:1].isupper():
        return lead[0].lower() + lead[1:]
    return lead


def attribution(item: DigestItem) -> str:
    """The item's lead as an attributed sentence, or the bare lead when neither author nor outlet is known."""
    lang = item.lang if item.lang in TEMPLATES else "en"
    templates = TEMPLATES[lang]
    author, outlet = (item.author or "").strip(), (item.outlet or "").strip()
    if author and outlet:
        key = "author_outlet"
    elif outlet:
        key = "outlet"
    elif author:
        key = "author"
    else:
        return item.lead
    return templates[key].format(author=author, outlet=outlet, lead=_lower_first(item.lead, lang))


def byline(item: DigestItem) -> str:
    """"Author · Outlet · 2026-03-10" (parts that are known)."""
    parts = [p for p in (item.author, item.outlet, (item.published or "")[:10]) if p]
    return " · ".join(parts)
