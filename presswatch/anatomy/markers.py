"""Per-language marker phrases for page anatomy, loaded from ``presswatch/lang/<code>/anatomy.toml``
(month names from ``dates.toml``, in the calendar the anatomy file names: ``month_calendar``).

Every language's phrases are merged: a page in English may carry an Albanian "Lexo më shumë" block or
a Persian "ترجمه" heading, so markers are never restricted to the page's declared language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from presswatch.lang import data as lang_data

FIELDS = ("read_more", "translation", "original", "share", "nav", "byline", "caption", "digest_heading",
          "source", "published", "writes", "outlet_words", "roles", "link", "end", "language_heads")

ZW = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\ufeff"), " ")
PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """Lower-case, NFC, zero-width characters as spaces, no punctuation at the edges, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(ZW).lower()
    text = text.replace("ي", "ی").replace("ك", "ک")
    return SPACES.sub(" ", PUNCT_EDGES.sub("", text)).strip()


@dataclass(frozen=True)
class Markers:
    """Marker phrases of all languages (normalized), by role."""

    languages: tuple[str, ...]
    phrases: dict[str, frozenset[str]]
    months: dict[str, int]
    prefixes: dict[str, re.Pattern[str]] = field(default_factory=dict)   # role -> longest-first prefix

    def has(self, role: str, text: str) -> bool:
        return norm(text) in self.phrases[role]

    def starts_norm(self, role: str, low: str) -> str | None:
        """:meth:`starts` for text already passed through :func:`norm`."""
        rx = self.prefixes.get(role)
        m = rx.match(low) if rx is not None else None
        return m.group(1) if m else None

    def starts(self, role: str, text: str) -> str | None:
        """The longest phrase of ``role`` that ``text`` starts with (followed by a non-letter), if any."""
        rx = self.prefixes.get(role)
        if rx is None:
            return None
        m = rx.match(norm(text[:120]))
        return m.group(1) if m else None


def available_languages() -> list[str]:
    return list(lang_data.codes("anatomy"))


@lru_cache(maxsize=8)
def load_markers(languages: tuple[str, ...] | None = None) -> Markers:
    """Load and merge the marker files of ``languages`` (default: every language that has one)."""
    langs = tuple(languages) if languages else tuple(available_languages())
    merged: dict[str, set[str]] = {f: set() for f in FIELDS}
    months: dict[str, int] = {}
    for code in langs:
        data = lang_data.read(code, "anatomy")
        if not data:
            continue
        for f in FIELDS:
            merged[f].update(norm(str(p)) for p in data.get(f, []) if norm(str(p)))
        calendar: lang_data.Calendar = "solar_hijri" if data.get("month_calendar") == "solar_hijri" else "gregorian"
        for number, names in enumerate(lang_data.months(code, calendar), start=1):
            for name in names:
                months.setdefault(norm(name), number)
    prefixes = {}
    for f, v in merged.items():
        if v:
            alts = "|".join(re.escape(p) for p in sorted(v, key=len, reverse=True))
            prefixes[f] = re.compile(rf"({alts})(?![^\W_])")
    return Markers(langs, {f: frozenset(v) for f, v in merged.items()}, months, prefixes)
