"""Typed records passed between pipeline steps (one dataclass per step, like story-indexer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

MediaType = Literal["html", "text", "eml"]
UnitKind = Literal["article", "teaser", "digest_item", "translation", "boilerplate"]
UNIT_KINDS: tuple[str, ...] = get_args(UnitKind)


def check_kinds(kinds: list[str]) -> list[str]:
    """The unit kinds asked for; a clear :class:`ValueError` for one that does not exist."""
    bad = [k for k in kinds if k not in UNIT_KINDS]
    if bad:
        raise ValueError(f"unknown unit kind {bad[0]!r}; use one of {', '.join(UNIT_KINDS)}")
    return kinds


@dataclass(frozen=True)
class RawDocument:
    """One record read from an input (a file, a WARC record, a JSONL line, a fetched URL)."""

    location: str                 # where it was read: path, path#warc:OFFSET, path#line:N, URL
    key: str                      # page identity: the URL when known, else the absolute path
    data: bytes                   # the raw bytes, decompressed
    media_type: MediaType
    url: str | None = None
    path: str | None = None
    fetched_at: str | None = None
    declared_encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # metadata given by the input


@dataclass(frozen=True)
class Skip:
    """Input that cannot succeed; recorded with a reason code and a message that says what to do."""

    location: str
    reason: str
    message: str


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601
    outlet: str | None = None     # site name
    url: str | None = None        # canonical URL
    lang: str | None = None       # declared language
    description: str | None = None


@dataclass
class Passage:
    ordinal: int
    start: int   # offsets into the unit's text
    end: int
    text: str
    lang: str = "und"
    lang_score: float | None = None


@dataclass
class Unit:
    ordinal: int
    kind: UnitKind
    text: str
    start: int = 0   # offsets into the document's extracted text
    end: int = 0
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    lang: str = "und"
    passages: list[Passage] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # the per-page English analysis (presswatch/quotes/analysis.py): spaCy name spans per passage and
    # attributions, stored in unit_analysis for the entities and quotes stages; None = not analysed
    analysis: dict[str, Any] | None = None
    # the per-unit features of the archive-wide stages (presswatch.quotes.prepare.py), stored in
    # unit_prepared with the unit; None = not prepared (the stages prepare the unit themselves)
    prepared: dict[str, Any] | None = None
    date_source: str = ""   # where ``published`` was read (see presswatch/anatomy/dating.py); "" = not stated
    # A unit made of several pieces of the page text (a body with teasers cut out): their offsets,
    # joined by ``joiner`` characters in ``text``; stored in the unit's meta as "pieces" / "joiner".
    pieces: list[tuple[int, int]] = field(default_factory=list)
    joiner: int = 1


@dataclass
class Doc:
    """A page version going through the processing pipeline; components fill it step by step."""

    version_id: int
    page_id: int
    raw: RawDocument
    html: str | None = None          # decoded HTML (html, eml with HTML part)
    text: str | None = None          # extracted main text
    metadata: Metadata = field(default_factory=Metadata)
    units: list[Unit] = field(default_factory=list)
    encoding: str | None = None      # the encoding actually used to decode
    notes: list[str] = field(default_factory=list)
