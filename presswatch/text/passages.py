"""Split unit text into paragraph-level passages with character offsets (first version)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presswatch.config import Config
from presswatch.models import Doc, Passage

PARA = re.compile(r"[^\n]+(?:\n[^\n]+)*")


@dataclass
class SplitPassages:
    config: Config
    name: str = "passages"
    reads: frozenset[str] = field(default=frozenset({"units"}))
    adds: frozenset[str] = field(default=frozenset({"passages"}))

    def __call__(self, doc: Doc) -> Doc:
        for unit in doc.units:
            unit.passages = [Passage(ordinal=i, start=m.start(), end=m.end(), text=m.group())
                             for i, m in enumerate(PARA.finditer(unit.text)) if m.group().strip()]
        return doc
