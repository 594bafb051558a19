"""Per-page limits checked at the end of extraction, before any stage whose cost grows with the page:
``[process] max_paragraphs`` and ``max_text_chars``. A page over a limit is quarantined with reason
``too_large_page`` (and can be retried after raising the limit), so the memory and time one page can
take are bounded whatever the input (a 14 MB page of random words, 17,000 near-identical paragraphs).
"""

from __future__ import annotations

from presswatch.config import Config
from presswatch.errors import Unprocessable

RETRY = "; raise it in presswatch.toml and run `presswatch process --retry-quarantined` to accept the page"


def paragraph_count(text: str) -> int:
    """Non-empty lines of extracted text (each is at least one paragraph)."""
    return sum(1 for line in text.split("\n") if line.strip())


def check_page_limits(text: str, config: Config) -> None:
    """Raise :class:`Unprocessable` ``too_large_page`` when ``text`` is over a per-page limit."""
    max_chars = int(config.get("process.max_text_chars", 2_000_000))
    max_paras = int(config.get("process.max_paragraphs", 5000))
    if len(text) > max_chars:
        raise Unprocessable("too_large_page", f"{len(text):,} characters of text after extraction, over "
                            f"[process] max_text_chars ({max_chars:,}){RETRY}")
    paragraphs = paragraph_count(text)
    if paragraphs > max_paras:
        raise Unprocessable("too_large_page", f"{paragraphs:,} paragraphs, over [process] max_paragraphs "
                            f"({max_paras:,}){RETRY}")
