"""Metadata of a text dump: the visible text of a saved web page, blocks separated by blank lines.

A dump often holds several articles, teaser lists and repeated headings; this module only reads the
metadata of the page's first article when the text states it, and never changes the text:

- author: a line starting with a byline marker (``By``, ``Nga``, ``نویسنده:``, ``به قلم`` ... from
  ``presswatch/lang/<code>/bylines.toml``) followed by something shaped like a name;
- date: a date on a line starting with a publication marker (``Published``, ``Publikuar``,
  ``تاریخ انتشار`` ...), else the first date on a short line near the top (see ``dates.py``);
- outlet: ``Source: X`` / ``Burimi:`` / ``منبع:``, else a line near the top that is just a domain or a
  short site name, else the suffix of a ``Headline | Site`` title, else a copyright line;
- title: the headline-shaped line near the top with the best evidence (a byline or date right after
  it, a long paragraph after it, repeated in the page), never a byline, date, menu or domain line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from presswatch.extract.dates import DATE_LANGS, DateFinder, date_finder
from presswatch.lang import data as lang_data
from presswatch.models import Metadata

HEAD_LINES = 30           # metadata of the first article is looked for in this many non-empty lines
MAX_TITLE_CHARS = 250
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
LETTER_RE = re.compile(r"[^\W\d_]")
DOMAIN_RE = re.compile(r"^(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})/?$", re.IGNORECASE)
COPYRIGHT_RE = re.compile(r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(.+)$",
                          re.IGNORECASE)
RIGHTS_RE = re.compile(r"[.,]?\s*(all rights reserved|të gjitha të drejtat.*|tous droits.*|alle rechte.*|"
                       r"todos los derechos.*|tutti i diritti.*|کلیه حقوق.*|تمامی حقوق.*)$", re.IGNORECASE)
NAME_CUT_RE = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|,|;|\(|،|\bon\b|\bmë\b|\bme\b\s+\d|\d).*$")
TITLE_SUFFIX_RE = re.compile(r"^(.{15,}?)\s+(?:\||–|—|-|::)\s+([^|–—]{2,40})$")
CONNECTORS = frozenset({"and", "dhe", "e", "&", "van", "von", "de", "der", "da", "di", "del", "la", "le",
                        "bin", "al", "el", "y", "et", "und", "و"})
NAV_WORDS = frozenset({
    "home", "menu", "search", "login", "log in", "sign in", "subscribe", "skip to content", "skip to main content",
    "kryefaqja", "ballina", "kërko", "kerko", "lajme", "news", "latest", "video", "sport", "share", "comments",
    "خانه", "صفحه اصلی", "جستجو", "اخبار", "ورود",
    # section labels printed above a headline
    "world", "opinion", "analysis", "politics", "business", "culture", "op-ed", "editorial",
    "bota", "opinione", "analizë", "politikë", "ekonomi", "kulturë", "aktualitet",
    "سیاسی", "اقتصادی", "جهان", "یادداشت", "دیدگاه",
})


@dataclass(frozen=True)
class BylineVocabulary:
    byline: tuple[str, ...]
    source: tuple[str, ...]


@lru_cache(maxsize=8)
def byline_vocabulary(langs: tuple[str, ...] = DATE_LANGS) -> BylineVocabulary:
    """Byline and source markers of the given languages, longest first (loaded once; immutable)."""
    byline: set[str] = set()
    source: set[str] = set()
    for code in langs:
        byline.update(lang_data.words(code, "bylines", "byline"))
        source.update(lang_data.words(code, "bylines", "source"))
    return BylineVocabulary(tuple(sorted(byline, key=len, reverse=True)),
                            tuple(sorted(source, key=len, reverse=True)))


def after_marker(line: str, markers: tuple[str, ...]) -> str | None:
    """The rest of ``line`` after a leading marker (case-insensitive, whole word), or None."""
    low = line.lower()
    for marker in markers:
        m = marker.lower()
        if not low.startswith(m):
            continue
        rest = line[len(m):]
        if m[-1].isalnum() and rest and not (rest[0].isspace() or rest[0] in ":："):
            continue  # "Bye" is not "By"
        rest = rest.lstrip(" :：\t-–—")
        if rest:
            return rest
    return None


def clean_name(text: str) -> str | None:
    """A person's name (or names) from the text after a byline marker, or None if it is not one."""
    name = NAME_CUT_RE.sub("", text).strip(" .:-–—\t")
    if not name or len(name) > 60 or not LETTER_RE.search(name):
        return None
    words = name.split()
    if ARABIC_RE.search(name):
        return name if len(words) <= 5 else None
    if not 1 <= len(words) <= 6:
        return None
    for w in words:
        if w.lower() in CONNECTORS:
            continue
        if not (w[0].isupper() or (len(w) > 1 and w[0] in "'’" and w[1].isupper())):
            return None
    if words[-1].lower() in CONNECTORS:
        return None
    return name


def clean_outlet(text: str) -> str | None:
    outlet = RIGHTS_RE.sub("", text.strip().rstrip("."))
    outlet = re.split(r"\s+(?:\||•|·|—|–)\s+|\s+-\s+", outlet)[0].strip(" .,:;\t")
    dom = DOMAIN_RE.match(outlet)
    if dom:
        return dom.group(1).lower()
    if not outlet or len(outlet) > 60 or len(outlet.split()) > 6 or not LETTER_RE.search(outlet):
        return None
    return outlet


def _is_nav(line: str) -> bool:
    low = line.lower().strip(" :")
    if low in NAV_WORDS:
        return True
    seps = sum(line.count(s) for s in ("|", "•", "·", "»", "›"))
    return seps >= 2


def _word_count(line: str) -> int:
    return len(line.split())


@dataclass
class _Line:
    index: int
    text: str
    byline: str | None = None
    source: str | None = None
    date: str | None = None
    date_only: bool = False
    marker_date: bool = False
    domain: str | None = None


class TextDumpReader:
    """Reads title, author, outlet and date from a text dump (markers of several languages at once)."""

    def __init__(self, langs: tuple[str, ...] = DATE_LANGS):
        self.vocab = byline_vocabulary(langs)
        self.finder: DateFinder = date_finder(langs)

    def _analyse(self, index: int, text: str) -> _Line:
        line = _Line(index, text)
        rest = after_marker(text, self.vocab.byline)
        if rest is not None:
            line.byline = clean_name(rest)
        rest = after_marker(text, self.vocab.source)
        if rest is not None:
            line.source = clean_outlet(rest)
        dates = self.finder.find_all(text) if len(text) <= 160 else []
        if dates:
            line.date = dates[0][2]
            leftover = text[:dates[0][0]] + text[dates[0][1]:]
            line.date_only = len(LETTER_RE.findall(leftover)) <= 12
            low = text.lower()
            line.marker_date = any(low.startswith(m) for m in self.finder.vocab.markers)
        dom = DOMAIN_RE.match(text.strip())
        if dom:
            line.domain = dom.group(1).lower()
        return line

    def read(self, text: str) -> Metadata:
        all_lines = [" ".join(raw.split()) for raw in text.splitlines()]
        nonempty = [ln for ln in all_lines if ln]
        head = [self._analyse(i, ln) for i, ln in enumerate(nonempty[:HEAD_LINES])]
        counts: dict[str, int] = {}
        for ln in nonempty:
            counts[ln.lower()] = counts.get(ln.lower(), 0) + 1

        author = next((ln.byline for ln in head if ln.byline), None)
        published = (next((ln.date for ln in head if ln.date and ln.marker_date), None)
                     or next((ln.date for ln in head if ln.date and (ln.date_only or ln.byline)), None))
        title_line = self._title(head, counts)
        title = title_line.text if title_line else None

        outlet = next((ln.source for ln in head if ln.source), None)
        if outlet is None:
            outlet = next((ln.domain for ln in head[:8] if ln.domain), None)
        if outlet is None:
            outlet = self._site_name_line(head, title_line)
        if title:
            suffix = TITLE_SUFFIX_RE.match(title)
            if suffix and _word_count(suffix.group(2)) <= 4:
                title = suffix.group(1).strip()
                outlet = outlet or clean_outlet(suffix.group(2))
        if outlet is None:
            for ln in reversed(nonempty[-15:]):
                m = COPYRIGHT_RE.match(ln)
                if m and ("©" in ln or "copyright" in ln.lower() or "(c)" in ln.lower()):
                    outlet = clean_outlet(m.group(1))
                    if outlet:
                        break
        return Metadata(title=title, author=author, published=published, outlet=outlet)

    def _headline_shaped(self, ln: _Line) -> bool:
        t = ln.text
        if ln.byline or ln.source or ln.domain or ln.date_only or _is_nav(t):
            return False
        if len(t) > MAX_TITLE_CHARS or t.endswith((".", ":", "。", ",")) and not t.endswith("..."):
            return False
        arabic = bool(ARABIC_RE.search(t))
        if _word_count(t) < (2 if arabic else 3) or len(t) < 12:
            return False
        if COPYRIGHT_RE.match(t) and ("©" in t or "copyright" in t.lower()):
            return False
        return len(LETTER_RE.findall(t)) >= 0.6 * len(t.replace(" ", ""))

    def _title(self, head: list[_Line], counts: dict[str, int]) -> _Line | None:
        best: tuple[float, _Line] | None = None
        for pos, ln in enumerate(head):
            if not self._headline_shaped(ln):
                continue
            after = head[pos + 1:pos + 4]
            score = 0.0
            if after and (after[0].byline or after[0].marker_date or after[0].date_only):
                score += 3
            elif any(a.byline or a.marker_date or a.date_only for a in after):
                score += 1.5
            if any(len(a.text) >= 150 for a in head[pos + 1:pos + 3]):
                score += 1
            if counts.get(ln.text.lower(), 0) >= 2:
                score += 1.5
            if _word_count(ln.text) > 30:
                score -= 2
            score -= pos * 0.02
            if best is None or score > best[0]:
                best = (score, ln)
        return best[1] if best else None

    def _site_name_line(self, head: list[_Line], title: _Line | None) -> str | None:
        """The first line that is not a menu item, when it is just a short site name (before the title)."""
        first = next((ln for ln in head if not _is_nav(ln.text)), None)
        if first is None:
            return None
        if title is not None and first.index >= title.index:
            return None
        t = first.text
        if _is_nav(t) or first.date or first.byline or len(t) > 40 or _word_count(t) > 4:
            return None
        if any(ch.isdigit() for ch in t) or t.endswith((".", ":", "?", "!")):
            return None
        if not ARABIC_RE.search(t) and not all(w[0].isupper() or not w[0].isalpha() for w in t.split()):
            return None
        return t


def read_text_dump(text: str, langs: tuple[str, ...] = DATE_LANGS) -> Metadata:
    """Title, author, outlet and date stated in a text dump (fields it does not state stay None)."""
    return TextDumpReader(langs).read(text)
