"""Decode pipeline component: bytes to text (first version: to be hardened)."""

from __future__ import annotations

from dataclasses import dataclass, field

from presswatch.config import Config
from presswatch.models import Doc


@dataclass
class Decode:
    config: Config
    name: str = "decode"
    reads: frozenset[str] = field(default=frozenset({"raw"}))
    adds: frozenset[str] = field(default=frozenset({"decoded"}))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.raw.data.decode("utf-8", errors="replace")
        if doc.raw.media_type == "html":
            doc.html = text
        else:
            doc.text = text
        doc.encoding = "utf-8"
        return doc
