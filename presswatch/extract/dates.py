"""Dates written in text or metadata, normalised to ISO 8601.

Month names and date markers come from ``presswatch/lang/<code>/dates.toml``. Recognised forms:
ISO ``2024-03-12`` (optionally with a time), ``12 March 2024``, ``March 12, 2024``, ``12. März 2024``,
``12 de marzo de 2024``, day-first ``12.03.2024``, slashed dates when unambiguous (``25/03/2024``,
``03/25/2024``), RFC 2822 (e-mail headers), and Persian forms in Persian or Latin digits: Solar Hijri
``۱۴۰۳/۰۱/۲۳`` or ``۲۳ فروردین ۱۴۰۳`` (converted to Gregorian with jdatetime) and Gregorian
``۱۲ مارس ۲۰۲۴``. A date that does not exist (31 February) is not a date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from functools import lru_cache

import jdatetime

from presswatch.lang import data as lang_data

DATE_LANGS = ("en", "sq", "fa", "de", "fr", "es", "it")
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
MIN_YEAR, MAX_YEAR = 1990, 2100
HIJRI_MIN, HIJRI_MAX = 1368, 1479


@dataclass(frozen=True)
class DateVocabulary:
    """Month names (lower-case) to month numbers, per calendar, and publication-date markers."""

    gregorian: dict[str, int]
    solar_hijri: dict[str, int]
    markers: tuple[str, ...]


def _month_map(rows: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for number, names in enumerate(rows, start=1):
        for name in names:
            out[name.lower()] = number
    return out


@lru_cache(maxsize=8)
def vocabulary(langs: tuple[str, ...] = DATE_LANGS) -> DateVocabulary:
    """Month names and markers of the given languages merged (loaded once; immutable)."""
    greg: dict[str, int] = {}
    hijri: dict[str, int] = {}
    markers: list[str] = []
    for code in langs:
        for name, number in _month_map(lang_data.months(code)).items():
            greg.setdefault(name, number)
        hijri.update(_month_map(lang_data.months(code, "solar_hijri")))
        markers.extend(m.lower() for m in lang_data.words(code, "dates", "published"))
    return DateVocabulary(greg, hijri, tuple(sorted(set(markers), key=len, reverse=True)))


def _gregorian(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def solar_hijri_to_iso(year: int, month: int, day: int) -> str | None:
    """A Solar Hijri (Jalali) date as a Gregorian ISO date, or None when it does not exist."""
    if not HIJRI_MIN <= year <= HIJRI_MAX:
        return None
    try:
        return str(jdatetime.date(year, month, day).togregorian().isoformat())
    except ValueError:
        return None


def _alternation(names: dict[str, int]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@dataclass(frozen=True)
class DateFinder:
    """Compiled patterns for one vocabulary; ``find_all`` returns (start, end, iso) in text order."""

    vocab: DateVocabulary
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def build(cls, vocab: DateVocabulary) -> DateFinder:
        g = _alternation(vocab.gregorian)
        h = _alternation(vocab.solar_hijri)
        b = r"(?<![\w/.-])"
        e = r"(?![\w/-])"
        pats: list[tuple[str, str]] = [
            (b + r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?" + e, "ymd"),
            (b + r"(\d{4})/(\d{1,2})/(\d{1,2})" + e, "ymd_slash"),
            (b + r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})" + e, "dmy"),
            (b + r"(\d{1,2})/(\d{1,2})/(\d{4})" + e, "slash"),
        ]
        if g:
            pats.append((b + r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(" + g + r")\.?,?\s+(?:de\s+|del\s+)?(\d{4})" + e, "d_month_y"))
            pats.append((b + r"(" + g + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + e, "month_d_y"))
        if h:
            pats.append((b + r"(\d{1,2})\s+(" + h + r")(?:\s+ماه)?\s+(\d{4})" + e, "d_hmonth_y"))
        return cls(vocab, tuple((re.compile(p, re.IGNORECASE), kind) for p, kind in pats))

    def _convert(self, kind: str, m: re.Match[str]) -> str | None:
        a, b2, c = m.group(1), m.group(2), m.group(3)
        if kind == "ymd":
            y, mo, d = int(a), int(b2), int(c)
            return solar_hijri_to_iso(y, mo, d) if y < MIN_YEAR else _gregorian(y, mo, d)
        if kind == "ymd_slash":
            y, mo, d = int(a), int(b2), int(c)
            return solar_hijri_to_iso(y, mo, d) if y < MIN_YEAR else _gregorian(y, mo, d)
        if kind == "dmy":
            return _gregorian(int(c), int(b2), int(a))
        if kind == "slash":
            first, second, y = int(a), int(b2), int(c)
            if first > 12 >= second:
                return _gregorian(y, second, first)
            if second > 12 >= first:
                return _gregorian(y, first, second)
            if first == second:
                return _gregorian(y, first, second)
            return None  # 03/04/2024 is ambiguous: leave it undated
        if kind == "d_month_y":
            y = int(c)
            return _gregorian(y, self.vocab.gregorian[b2.lower()], int(a))
        if kind == "month_d_y":
            return _gregorian(int(c), self.vocab.gregorian[a.lower()], int(b2))
        if kind == "d_hmonth_y":
            return solar_hijri_to_iso(int(c), self.vocab.solar_hijri[b2.lower()], int(a))
        return None

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """Every date in ``text`` (Persian digits read as digits), earliest first, no overlaps."""
        latin = text.translate(PERSIAN_DIGITS)  # same length: offsets stay valid
        found: list[tuple[int, int, str]] = []
        for pattern, kind in self.patterns:
            for m in pattern.finditer(latin):
                iso = self._convert(kind, m)
                if iso and not any(s < m.end() and m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), iso))
        return sorted(found)

    def first(self, text: str) -> str | None:
        hits = self.find_all(text)
        return hits[0][2] if hits else None


@lru_cache(maxsize=8)
def date_finder(langs: tuple[str, ...] = DATE_LANGS) -> DateFinder:
    return DateFinder.build(vocabulary(langs))


def normalise_date(value: object, finder: DateFinder | None = None) -> str | None:
    """A date given as metadata (ISO, RFC 2822, written out) as ISO 8601, or None.

    A value with a time keeps it (``2024-03-12T08:30:00+01:00``); otherwise the day (``2024-03-12``).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if MIN_YEAR <= parsed.year <= MAX_YEAR:
            return parsed.date().isoformat() if len(text) <= 10 else parsed.isoformat()
    except ValueError:
        pass
    try:
        rfc = email.utils.parsedate_to_datetime(text)
        if rfc is not None and MIN_YEAR <= rfc.year <= MAX_YEAR:
            return rfc.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return (finder or date_finder()).first(text)


def iso_timestamp(value: object) -> str | None:
    """A fetch time given by an input (JSONL ``fetched_at``, WARC-Date) as ISO 8601 UTC
    (``2024-05-01T10:00:00Z``), or None when it is not an ISO 8601 date-time or date in a sane year.
    Strict on purpose: what is stored here is compared and exported as a date."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and 10 <= len(value.strip()) <= 40:
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
