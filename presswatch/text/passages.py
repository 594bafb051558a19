"""Split unit text into paragraph-level passages with exact character offsets.

The rule (also in docs/decisions.md):

1. Blank lines (a line holding only whitespace) always end a paragraph.
2. Inside a block of consecutive non-blank lines, each line is its own paragraph (HTML-extracted text
   has one paragraph per line, and for HTML pages that is the whole rule) -- unless, for text dumps and
   e-mail, the block is *hard-wrapped*: at least two lines, the longest line between 40 and 120
   characters, and at least 70 % of the lines before the last are "full", i.e. the next line's first
   word would not have fitted on them within the block's width (+2); a two-line block also needs its
   first line not to end a sentence (. ! ? : ؟ ۔). A hard-wrapped block is one paragraph, its inner
   line breaks kept in the text.
3. A paragraph longer than ``max_chars`` is cut at sentence ends (. ! ? … ؟ ۔ followed by space) into
   pieces of at most ``max_chars``; a single sentence longer than that is cut at the last space before
   the limit (or at the limit when there is no space).

Every passage is stripped of surrounding whitespace, and ``text[start:end] == passage.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from presswatch.config import Config
from presswatch.models import Doc, Passage

LINE = re.compile(r"[^\n]*")
SENTENCE_END = re.compile(r"[.!?…؟۔][\"'»”’)\]]*\s+")
WRAP_MIN, WRAP_MAX, FULL_SHARE = 40, 120, 0.7
LINE_END = (".", "!", "?", ":", "؟", "۔", "…")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        yield pos, end
        if nl < 0:
            break
        pos = nl + 1


def _blocks(text: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of non-blank lines, each line as (start, end) with surrounding whitespace trimmed."""
    block: list[tuple[int, int]] = []
    for start, end in _lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            if block:
                yield block
                block = []
            continue
        lead = len(line) - len(line.lstrip())
        block.append((start + lead, start + lead + len(stripped)))
    if block:
        yield block


def is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    if len(lines) < 2:
        return False
    lengths = [e - s for s, e in lines]
    width = max(lengths)
    if not WRAP_MIN <= width <= WRAP_MAX:
        return False
    if len(lines) == 2 and text[lines[0][0]:lines[0][1]].endswith(LINE_END):
        return False
    full = 0
    for i in range(len(lines) - 1):
        nxt = text[lines[i + 1][0]:lines[i + 1][1]]
        first_word = nxt.split(None, 1)[0] if nxt.split() else nxt
        if lengths[i] + 1 + len(first_word) > width + 2:
            full += 1
    return full >= FULL_SHARE * (len(lines) - 1)


def _cut_long(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Cut text[start:end] into pieces of at most max_chars, preferring sentence ends."""
    if end - start <= max_chars:
        yield start, end
        return
    bounds = [m.end() for m in SENTENCE_END.finditer(text, start, end)]
    piece_start = start
    while end - piece_start > max_chars:
        limit = piece_start + max_chars
        cut = max((b for b in bounds if piece_start < b <= limit), default=None)
        if cut is None:
            space = text.rfind(" ", piece_start + 1, limit + 1)
            cut = space + 1 if space > piece_start else limit
        yield from _trimmed(text, piece_start, cut)
        piece_start = cut
        while piece_start < end and text[piece_start].isspace():
            piece_start += 1
    if piece_start < end:
        yield from _trimmed(text, piece_start, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def paragraph_spans(text: str, unwrap: bool = True) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph, before the max_chars cut; ``unwrap=False``: one per line."""
    for block in _blocks(text):
        if unwrap and is_hard_wrapped(text, block):
            yield block[0][0], block[-1][1]
        else:
            yield from block


def split_passages(text: str, max_chars: int = 4000, *, unwrap: bool = True) -> list[Passage]:
    """Paragraph-level passages of ``text`` with exact offsets (see the module docstring for the rule).

    ``unwrap``: join hard-wrapped lines (text dumps); False for HTML-extracted text.
    """
    max_chars = max(1, int(max_chars))
    out: list[Passage] = []
    for p_start, p_end in paragraph_spans(text, unwrap):
        for start, end in _cut_long(text, p_start, p_end, max_chars):
            out.append(Passage(ordinal=len(out), start=start, end=end, text=text[start:end]))
    return out


@dataclass
class SplitPassages:
    config: Config
    name: str = "passages"
    reads: frozenset[str] = field(default=frozenset({"units"}))
    adds: frozenset[str] = field(default=frozenset({"passages"}))

    def __post_init__(self) -> None:
        self.max_chars = int(self.config.get("passages.max_chars", 4000))

    def __call__(self, doc: Doc) -> Doc:
        unwrap = doc.raw.media_type != "html"
        for unit in doc.units:
            unit.passages = split_passages(unit.text, self.max_chars, unwrap=unwrap)
        return doc
