"""Anchors that survive translation: numbers, URLs, Latin-script names, acronyms, quotes.

Numbers are read after search folding, so Persian and Arabic-Indic digits become ASCII; a number is
kept as its digit string (``1,500``, ``1.500`` and ``۱٬۵۰۰`` are all ``1500``; ``3.2`` and ``3,2``
are ``32``). Names are capitalised Latin-script words that do not start a sentence, kept as their
first four folded letters (``Tirana`` / ``Tiranë`` / ``Tiranës`` -> ``tira``), which also catches
Latin names written inside Persian text. Acronyms (``NATO``, ``OSCE``) are kept whole. A quotation
(“…”, "…", «…», „…“) is the anchor ``q:`` at its place: the quoted words are translated, but a
translation keeps the quotation where it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from presswatch.lang import data as lang_data
from presswatch.text.fold import fold

PARA_SPLIT = re.compile(r"\s*\n\s*")
NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*")
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'«»]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|al|ir|eu|int|gov|info|io|news|uk|de|fr|tv)\b",
    re.IGNORECASE)
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
LATIN_CAP = re.compile(r"[A-Z\u00c0-\u00de]")
QUOTE = re.compile(r"[\"“„«][^\"”“«»]{3,}[\"”“»]")
SENTENCE_END = set(".!?:;…\"“”«»—–-(")
# Month names (full names, folded and as written) -> month number, so "14 November", "14 nëntor" and
# "۱۴ نوامبر" share "m:11"; the names and the definite endings (Albanian nëntori, nëntorit, korrikut)
# come from presswatch/lang/<code>/dates.toml.
MONTH_LANGS = ("en", "sq", "fa")


@lru_cache(maxsize=4)
def month_table(langs: tuple[str, ...] = MONTH_LANGS) -> tuple[Mapping[str, int], tuple[str, ...]]:
    """(full month name -> number, endings that may follow a month name: none first, then the data's)."""
    table: dict[str, int] = {}
    endings = [""]
    for code in langs:
        for number, names in enumerate(lang_data.months(code), start=1):
            table.setdefault(fold(names[0]), number)
            table.setdefault(names[0], number)
        endings += [e for e in lang_data.words(code, "dates", "month_endings") if e not in endings]
    return MappingProxyType(table), tuple(endings)


@lru_cache(maxsize=65536)
def month_of(word: str) -> int | None:
    """The month a word names (1-12), else None; cached: it is asked for every word of every text."""
    months, endings = month_table()
    w = fold(word)
    for suffix in endings:
        if w.endswith(suffix) and w[:len(w) - len(suffix)] in months:
            return months[w[:len(w) - len(suffix)]]
    return months.get(word)


@dataclass(frozen=True)
class Paragraph:
    text: str
    length: int                    # characters, spaces collapsed
    anchors: tuple[str, ...]       # in reading order, e.g. ("n:2024", "w:tira", "a:nato")
    quotes: int


def split_paragraphs(text: str) -> list[str]:
    return [p for p in PARA_SPLIT.split(text.strip()) if p.strip()]


def _is_latin(word: str) -> bool:
    return all(("a" <= c.lower() <= "z") or c in "'’-" or ord(c) > 0x7F and ord(c) < 0x250 for c in word)


def _previous_visible(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` ("" at the start); constant work per call in
    running text, where slicing and stripping the whole prefix made long paragraphs quadratic."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def paragraph_anchors(text: str) -> list[str]:
    """Anchors of one paragraph in reading order."""
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for m in URL.finditer(text):
        found.append((m.start(), "u:" + fold(m.group()).removeprefix("https://").removeprefix("http://")
                      .removeprefix("www.").rstrip("/.,)")))
        spans.append(m.span())
    folded = fold(text)
    if len(folded) == len(text):          # offsets line up (folding kept one char per char)
        scan = folded
    else:
        scan = "".join(fold(c)[:1] or " " for c in text)
    for m in NUMBER.finditer(scan):
        if any(s <= m.start() < e for s, e in spans):
            continue
        digits = re.sub(r"\D", "", m.group())
        if digits:
            found.append((m.start(), "n:" + digits.lstrip("0")[:12] if digits.strip("0") else "n:0"))
    for m in WORD.finditer(text):
        word = m.group()
        month = month_of(word)
        if month and (word.lower() != "may" or word == "May"):
            found.append((m.start(), f"m:{month}"))
            continue
        if not LATIN_CAP.match(word) or not _is_latin(word) or any(s <= m.start() < e for s, e in spans):
            continue
        prev = _previous_visible(text, m.start())
        if len(word) >= 2 and word.isupper() and sum(c.isalpha() for c in word) >= 2:
            found.append((m.start(), "a:" + fold(word)))
        elif prev and prev not in SENTENCE_END and len(word) >= 3:
            found.append((m.start(), "w:" + fold(word)[:4]))
    for m in QUOTE.finditer(text):      # a quotation survives translation as a quotation
        found.append((m.start(), "q:"))
    return [a for _pos, a in sorted(found)]


def paragraph(text: str) -> Paragraph:
    return Paragraph(text, len(" ".join(text.split())), tuple(paragraph_anchors(text)), len(QUOTE.findall(text)))


def document(text: str) -> list[Paragraph]:
    return [paragraph(p) for p in split_paragraphs(text)]


def strong(anchor: str) -> bool:
    """Anchors good enough to propose a candidate pair (not single digits)."""
    return anchor[0] in "uaw" or (anchor.startswith("n:") and len(anchor) >= 4)


def anchor_bag(paras: list[Paragraph]) -> Counter[str]:
    return Counter(a for p in paras for a in p.anchors)
