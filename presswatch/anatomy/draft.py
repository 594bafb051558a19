"""The unit being built while segmenting a page (a draft), and the optional HTML signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from presswatch.anatomy.bylines import Attribution


@dataclass
class Draft:
    kind: str
    blocks: list[int] = field(default_factory=list)        # every block of the unit (header included)
    pieces: list[tuple[int, int]] = field(default_factory=list)   # text pieces (offsets in doc.text)
    body: list[int] = field(default_factory=list)           # blocks of running text
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def attribute(self, attr: Attribution | None) -> None:
        if attr is None:
            return
        if attr.author:
            from presswatch.anatomy.attribution import strip_honorific
            attr.author = " ".join(strip_honorific(attr.author)[0].split())
        if attr.translator:
            self.meta.setdefault("translator", attr.translator)
        if attr.place:
            self.meta.setdefault("place", attr.place)
        self.author = self.author or attr.author
        self.outlet = self.outlet or attr.outlet
        self.published = self.published or attr.published
        self.url = self.url or attr.url


@dataclass(frozen=True)
class PageSignals:
    """Optional structure from the HTML: alt texts, link texts (to URLs) and headings, normalized."""

    alts: frozenset[str] = frozenset()
    captions: frozenset[str] = frozenset()
    links: dict[str, str] = field(default_factory=dict)
    headings: frozenset[str] = frozenset()
