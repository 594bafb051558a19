"""The lead of an article: its first real sentences (not the headline again, a byline, a date line,
a menu, a photo caption), with a leading dateline ("LUMËZ, Albania, March 12 (BPA) - ") removed."""

from __future__ import annotations

import re
from collections.abc import Collection

from presswatch.reuse.boilerplate import is_repeated
from presswatch.text.fold import fold
from presswatch.text.sentences import CLOSERS, TERMINATORS, sentences

BYLINE = re.compile(
    r"^(?:by|from|nga|nën|written by|reporting by|photo|foto|source|burimi|published|updated|posted|"
    r"publikuar|përditësuar|lexo më shumë|read more|نوشته|به قلم|منبع|عکس|تاریخ|انتشار)(?:\b|\s|:)",
    re.IGNORECASE,
)
# Menu, breadcrumb and byline separators: a sentence holding one is not prose.
SEPARATORS = re.compile(r"\s[|·•›»]\s|^\s*[|·•›]|[|·•›]\s*$")
# "LUMËZ, Albania, March 12 (BPA) - " / "TEHRAN (Reuters) — "
DATELINE = re.compile(r"^[A-ZÇËÁÉÍÓÚ][A-ZÇËÁÉÍÓÚ .'-]{2,30}(?:,[^-–—.]{1,40})?(?:\s*\([^)]{1,20}\))?\s+[-–—]+\s+")
WORD = re.compile(r"\w+")
# A line without terminal punctuation is a headline, caption or menu unless it is this long.
MIN_WORDS_UNTERMINATED = 15


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(fold(text).casefold()) if not w.isdigit()]


def _is_lead_sentence(sentence: str, title_words: set[str]) -> bool:
    text = sentence.strip()
    if not text or BYLINE.match(text) or SEPARATORS.search(text):
        return False
    words = _words(text)
    if len(words) < 3:
        return False
    terminated = text.rstrip(CLOSERS).endswith(tuple(TERMINATORS))
    if not terminated and len(words) < MIN_WORDS_UNTERMINATED:
        return False
    if title_words and sum(w in title_words for w in words) >= 0.7 * len(words):
        return False  # the headline again (perhaps worded a little differently)
    return True


def lead_sentences(text: str, n: int = 2, title: str | None = None,
                   repeated: Collection[str] = ()) -> list[str]:
    """The first ``n`` sentences of ``text`` that read as prose (not the title, byline or a date),
    and not in ``repeated``: passages the reuse stage found on other, unrelated pages (boilerplate,
    see :func:`presswatch.reuse.boilerplate.repeated_passages`)."""
    title_words = set(_words(title)) if title else set()
    out: list[str] = []
    for sentence in sentences(text):
        if _is_lead_sentence(sentence, title_words) and not (repeated and is_repeated(sentence, repeated)):
            clean = " ".join(sentence.split())
            if not out:
                clean = DATELINE.sub("", clean, count=1)
            out.append(clean)
            if len(out) >= n:
                break
    return out
