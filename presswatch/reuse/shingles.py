"""Normalised word shingles, exact-text hashes and content-defined shingle samples.

Text is folded with :func:`presswatch.text.fold.fold` (case, diacritics, Arabic-script variants,
Persian digits, ZWNJ), then split into word tokens (``\\w+``: punctuation and spacing differences
vanish). A shingle is ``k`` consecutive tokens. Passages with fewer than ``min_words`` tokens are not
indexed: they are too short for reuse to mean anything (a dateline, a caption, "Read more").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from presswatch.text.fold import fold

TOKEN = re.compile(r"\w+")
MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class ShingleParams:
    k: int = 3            # words per shingle
    min_words: int = 12   # passages with fewer tokens are skipped
    sample_mod: int = 8   # keep shingles whose hash % sample_mod == 0 as containment samples


def tokens(text: str) -> list[str]:
    # ASCII text folds to its lower case (fold() maps every ASCII character to ch.lower()).
    return TOKEN.findall(text.lower() if text.isascii() else fold(text))


def shingle_strings(toks: list[str], k: int) -> list[bytes]:
    """Distinct k-token shingles, in first-seen order (short texts give one shingle of all tokens)."""
    if not toks:
        return []
    if len(toks) < k:
        return [" ".join(toks).encode("utf-8")]
    seen: dict[bytes, None] = {}
    for i in range(len(toks) - k + 1):
        seen[" ".join(toks[i:i + k]).encode("utf-8")] = None
    return list(seen)


def hash64(data: bytes) -> int:
    """A stable signed 64-bit hash (SQLite INTEGER range)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def exact_hash(toks: list[str]) -> int:
    return hash64(" ".join(toks).encode("utf-8"))


def shingle_hashes(shingles: list[bytes]) -> set[int]:
    return {hash64(s) for s in shingles}


def samples(hashes: set[int], mod: int) -> list[int]:
    """Content-defined sample of a shingle-hash set: the same shingle is sampled in every text."""
    return sorted(h for h in hashes if (h & MASK64) % mod == 0)


@dataclass(frozen=True)
class Shingled:
    """One passage ready for indexing."""

    tokens: int
    exact: int
    shingles: list[bytes]
    hashes: frozenset[int]


def shingle_text(text: str, params: ShingleParams) -> Shingled | None:
    toks = tokens(text)
    if len(toks) < params.min_words:
        return None
    sh = shingle_strings(toks, params.k)
    return Shingled(len(toks), exact_hash(toks), sh, frozenset(shingle_hashes(sh)))


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[float, float, float]:
    """(Jaccard, containment of a in b, containment of b in a) of two shingle-hash sets."""
    if not a or not b:
        return 0.0, 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / len(a), inter / len(b)
