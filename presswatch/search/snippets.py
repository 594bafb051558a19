"""Snippets cut from the original passage text around the matched words, with highlight offsets.

Matching happens on the folded text (the same folding as the index); ``fold_with_offsets`` maps each
match back to the original characters, so highlights cover the text as written (ë, ي, ZWNJ, harakat).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from presswatch.text.fold import fold_with_offsets

ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # [start, end) offsets in ``text``

    def marked(self, open_mark: str = "[", close_mark: str = "]") -> str:
        out, pos = [], 0
        for start, end in self.highlights:
            out += [self.text[pos:start], open_mark, self.text[start:end], close_mark]
            pos = end
        out.append(self.text[pos:])
        return "".join(out)

    def html(self) -> str:
        out, pos = [], 0
        for start, end in self.highlights:
            out += [html.escape(self.text[pos:start]), "<mark>", html.escape(self.text[start:end]), "</mark>"]
            pos = end
        out.append(html.escape(self.text[pos:]))
        return "".join(out)


def match_pattern(tokens: list[str], prefixes: set[str], stems: set[str] | frozenset[str] = frozenset()
                  ) -> re.Pattern[str] | None:
    """A regex finding the folded tokens as whole words (prefix tokens as word starts; a ``stems``
    token as the start of a word, the match covering the whole word: kryeministr -> kryeministrit)."""
    if not tokens:
        return None
    alts = sorted(tokens, key=len, reverse=True)
    parts = [re.escape(t) + (r"[^\W_]*" if t in stems else "" if t in prefixes else r"(?![^\W_])") for t in alts]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + ")")


def find_matches(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """[start, end) spans in the ORIGINAL ``text`` whose folded form matches ``pattern``."""
    if pattern is None or not text:
        return []
    folded, index = fold_with_offsets(text)
    spans = []
    for m in pattern.finditer(folded):
        if m.end() > m.start():
            spans.append((index[m.start()], index[m.end() - 1] + 1))
    return spans


def _best_window(spans: list[tuple[int, int]], size: int) -> int:
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + size)
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def make_snippet(text: str, pattern: re.Pattern[str] | None, size: int = 200) -> Snippet:
    """About ``size`` characters of ``text`` around the densest group of matches, cut at spaces."""
    spans = find_matches(text, pattern)
    if len(text) <= size:
        start, end = 0, len(text)
    else:
        anchor = _best_window(spans, size) if spans else 0
        start = max(0, anchor - size // 4)
        end = min(len(text), start + size)
        start = max(0, min(start, end - size))
        if start > 0:
            space = text.find(" ", start, anchor if spans else start + 30)
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", max(start, end - 30), end)
            end = space if space > start else end
    piece = text[start:end]
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    shown = (lead + piece + tail)
    shift = len(lead) - start
    flat = shown.replace("\n", " ")
    highlights = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return Snippet(flat, highlights)
