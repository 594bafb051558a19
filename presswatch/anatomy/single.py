"""One unit per page: the whole extracted text as an article (until page anatomy replaces it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from presswatch.models import Doc, Unit


@dataclass
class SingleUnit:
    name: str = "single_unit"
    reads: frozenset[str] = field(default=frozenset({"text", "metadata"}))
    adds: frozenset[str] = field(default=frozenset({"units"}))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text or ""
        md = doc.metadata
        doc.units = [Unit(ordinal=0, kind="article", text=text, start=0, end=len(text), title=md.title,
                          author=md.author, outlet=md.outlet, published=md.published,
                          url=md.url or doc.raw.url)]
        return doc
