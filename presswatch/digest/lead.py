"""The lead of an article: its first real sentences (not the headline again, a byline, a date line)."""

from __future__ import annotations

import re

from presswatch.text.fold import fold
from presswatch.text.sentences import TERMINATORS, sentences

BYLINE = re.compile(
    r"^(?:by|from|nga|nën|written by|reporting by|photo|foto|source|burimi|published|updated|posted|"
    r"publikuar|përditësuar|نوشته|به قلم|منبع|عکس|تاریخ|انتشار)\b[\s:：]*",
    re.IGNORECASE,
)
DATE_ONLY = re.compile(r"^[\d\s/.,:\-–—۰-۹٠-٩a-zA-Zë]{0,40}\d[\d\s/.,:\-–—۰-۹٠-٩a-zA-Zë]{0,40}$")


def _is_lead_sentence(sentence: str, title_key: str) -> bool:
    text = sentence.strip()
    if not text or BYLINE.match(text):
        return False
    key = fold(text).casefold()
    if title_key and (key == title_key or key in title_key):
        return False
    words = text.split()
    ends = text.rstrip("\"'”’»)]").endswith(tuple(TERMINATORS))
    if not ends and len(words) < 8:
        return False  # a heading, caption or menu line
    if DATE_ONLY.match(text) and len(words) < 6:
        return False
    return len(words) >= 4


def lead_sentences(text: str, n: int = 2, title: str | None = None) -> list[str]:
    """The first ``n`` sentences of ``text`` that read as prose (not the title, byline or a date)."""
    title_key = fold(title.strip()).casefold() if title else ""
    out: list[str] = []
    for sentence in sentences(text):
        if _is_lead_sentence(sentence, title_key):
            out.append(" ".join(sentence.split()))
            if len(out) >= n:
                break
    return out
