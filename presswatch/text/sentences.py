"""Multilingual sentence splitting with character offsets (English, Albanian, Persian and similar).

A sentence ends at ``.``, ``!``, ``?``, ``؟`` (Arabic-script question mark), ``…`` or a run of them,
followed by optional closing quotes or brackets (``” ’ " » ) ]``) and white space, when the next
text starts a sentence (an upper-case letter, a digit, an opening quote, or a letter of a script without
case such as Persian). A line break is also a boundary (headlines, bylines, list items in extracted
text) unless the next line goes on in lower case (a hard-wrapped paragraph).

Not boundaries: known abbreviations ("Dr.", "Mr.", "Prof.", "Gen.", "No.", "Jan.", Albanian "z.",
"znj.", "p.sh.", "nr."), single-letter initials ("J. Smith"), dotted acronyms ("U.S.", "U.N.") unless
the next word is a common sentence opener, decimals ("3.5", never followed by space), and a period
followed by a lower-case word ("e.g. this").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presswatch.lang import data as lang_data

SENTENCE_LANGS = ("en", "sq")


def _abbreviations(langs: tuple[str, ...]) -> frozenset[str]:
    """Lower-case, without the final period: titles and common abbreviations of ``langs`` (their
    ``sentences.toml``), with the abbreviated month names of ``dates.toml`` where the file says so."""
    out: set[str] = set()
    for code in langs:
        out.update(lang_data.words(code, "sentences", "abbreviations"))
        if lang_data.read(code, "sentences").get("month_abbreviations"):
            out.update(name for row in lang_data.months(code) for name in row[1:])
    return frozenset(out)


ABBREVIATIONS = _abbreviations(SENTENCE_LANGS)
# After a dotted acronym ("U.S.") a new sentence starts only before one of these words.
SENTENCE_OPENERS = frozenset(w for code in SENTENCE_LANGS for w in lang_data.words(code, "sentences", "openers"))

TERMINATORS = ".!?؟…"
CLOSERS = "\"'”’»)]›"
OPENERS = "\"'“‘«([‹"

# A run of terminators, then closing quotes/brackets, then white space (the gap between sentences).
BOUNDARY = re.compile(rf"[{re.escape(TERMINATORS)}]+[{re.escape(CLOSERS)}]*(?=\s)")
WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into the text given to :func:`split_sentences`
    end: int
    text: str


def _starts_sentence(following: str) -> bool:
    if not following:
        return True
    ch = following[0]
    if ch in OPENERS or ch.isdigit():
        return True
    if ch.isalpha():
        # Upper case starts a sentence; letters of caseless scripts (Arabic, Persian) always may.
        return ch.isupper() or ch.lower() == ch.upper()
    return ch in "-–—•*"


def _is_abbreviation(before: str, following: str) -> bool:
    match = WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lstrip("'’(\"“«")
    lower = word.lower()
    if lower in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith"
    if ACRONYM.match(word):
        next_word = re.match(r"[\w’']+", following)
        return not (next_word and next_word.group(0).lower() in SENTENCE_OPENERS)
    return False


def _split_line(text: str, lo: int, hi: int, out: list[Sentence]) -> None:
    start = lo
    for m in BOUNDARY.finditer(text, lo, hi):
        end = m.end()
        gap = re.match(r"\s+", text[end:hi])
        nxt = end + (gap.end() if gap else 0)
        following = text[nxt:hi]
        if not _starts_sentence(following):
            continue
        # An abbreviation's period ends no sentence, unless a closing quote or bracket follows it.
        if m.group(0) == "." and _is_abbreviation(text[start:m.start()], following):
            continue
        _emit(text, start, end, out)
        start = nxt
    _emit(text, start, hi, out)


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each keeps its offsets, so ``text[s.start:s.end] == s.text``."""
    out: list[Sentence] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    i = 0
    while i < len(lines):
        lo, hi = lines[i]
        # A wrapped line (the next one goes on in lower case, on the next line) continues the sentence.
        while i + 1 < len(lines) and lines[i + 1][0] == hi + 1 and _continues(text, lines[i + 1][0]):
            i += 1
            hi = lines[i][1]
        _split_line(text, lo, hi, out)
        i += 1
    return out


def _continues(text: str, pos: int) -> bool:
    rest = text[pos:pos + 2].lstrip()
    return bool(rest) and rest[0].isalpha() and rest[0].islower()


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`split_sentences`)."""
    return [s.text for s in split_sentences(text)]
