"""Per-page limits checked right after extraction, before any stage whose cost grows with the page:
``[process] max_paragraphs`` and ``max_text_chars``. A page over a limit is quarantined with reason
``too_large_page`` (and can be retried after raising the limit), so the memory and time one page can
take are bounded whatever the input (a 14 MB page of random words, 17,000 near-identical paragraphs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from presswatch.config import Config
from presswatch.models import Doc
from presswatch.pipeline.component import Unprocessable


def paragraph_count(text: str) -> int:
    """Non-empty lines of extracted text (each is at least one paragraph)."""
    return sum(1 for line in text.split("\n") if line.strip())


@dataclass
class PageLimits:
    config: Config
    name: str = "limits"
    reads: frozenset[str] = field(default=frozenset({"text"}))
    adds: frozenset[str] = field(default=frozenset())

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text or ""
        max_chars = int(self.config.get("process.max_text_chars", 2_000_000))
        max_paras = int(self.config.get("process.max_paragraphs", 5000))
        retry = ("; raise it in presswatch.toml and run `presswatch process --retry-quarantined` to accept "
                 "the page")
        if len(text) > max_chars:
            raise Unprocessable("too_large_page", f"{len(text):,} characters of text after extraction, over "
                                f"[process] max_text_chars ({max_chars:,}){retry}")
        paragraphs = paragraph_count(text)
        if paragraphs > max_paras:
            raise Unprocessable("too_large_page", f"{paragraphs:,} paragraphs, over [process] max_paragraphs "
                                f"({max_paras:,}){retry}")
        return doc
