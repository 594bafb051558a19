"""Typed results of the library API (:mod:`presswatch.api`) for the entity and quote commands.

Each row is a frozen dataclass built from a stored row with :meth:`Row.of`: the columns it names
become attributes; columns a later migration adds and this module does not name yet are kept in
``extra`` (never lost), and :meth:`Row.as_dict` gives back the full, JSON-ready row (``--json``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Self


@dataclass(frozen=True)
class Row:
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Self:
        names = {f.name for f in dataclasses.fields(cls) if f.name != "extra" and f.init}
        data = dict(row)
        return cls(**{n: data.get(n) for n in names},
                   extra={k: v for k, v in data.items() if k not in names})

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if isinstance(value, Row):
                value = value.as_dict()
            elif isinstance(value, list):
                value = [v.as_dict() if isinstance(v, Row) else v for v in value]
            out[f.name] = value
        return {**out, **self.extra}


@dataclass(frozen=True)
class EntityRow(Row):
    id: int
    key: str
    kind: str
    name: str
    source: str


@dataclass(frozen=True)
class EntityCount(Row):
    """An entity with its mentions in the current versions (`presswatch entity list`)."""

    id: int
    key: str
    kind: str
    name: str
    source: str
    mentions: int


@dataclass(frozen=True)
class AliasRow(Row):
    id: int
    alias: str
    folded: str
    source: str             # watchlist | learned | discovered
    status: str             # active | rejected
    passage_id: int | None
    evidence: str | None


@dataclass(frozen=True)
class MonthCount(Row):
    month: str
    mentions: int


@dataclass(frozen=True)
class CoMention(Row):
    key: str
    name: str
    kind: str
    units: int


@dataclass(frozen=True)
class Suggestion(Row):
    """An open merge suggestion seen from one entity: the other entity's key and name."""

    id: int
    reason: str
    status: str
    key: str
    name: str


@dataclass(frozen=True)
class MergeSuggestion(Row):
    id: int
    reason: str
    keep: str
    keep_name: str
    other: str
    other_name: str


@dataclass(frozen=True)
class QuoteRow(Row):
    id: int
    unit_id: int
    passage_id: int
    speaker: str | None
    speaker_entity_id: int | None
    cue: str | None
    text: str
    start: int
    end: int
    direct: int
    outlet: str | None
    lang: str
    url: str | None
    title: str | None
    published: str | None
    entity_name: str | None


@dataclass(frozen=True)
class EntityInfo(Row):
    """`presswatch entity NAME`: aliases, mentions per month, co-mentioned entities, quotes."""

    entity: EntityRow
    aliases: list[AliasRow]
    timeline: list[MonthCount]
    co_mentioned: list[CoMention]
    mentions: int
    quotes_by: list[QuoteRow]
    quotes_about: list[QuoteRow]
    suggestions: list[Suggestion]

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Self:
        return cls(entity=EntityRow.of(row["entity"]), aliases=[AliasRow.of(a) for a in row["aliases"]],
                   timeline=[MonthCount.of(t) for t in row["timeline"]],
                   co_mentioned=[CoMention.of(c) for c in row["co_mentioned"]], mentions=int(row["mentions"]),
                   quotes_by=[QuoteRow.of(q) for q in row["quotes_by"]],
                   quotes_about=[QuoteRow.of(q) for q in row["quotes_about"]],
                   suggestions=[Suggestion.of(s) for s in row["suggestions"]],
                   extra={k: v for k, v in row.items() if k not in {f.name for f in dataclasses.fields(cls)}})


@dataclass(frozen=True)
class UnitReuse(Row):
    """`presswatch reuse unit:N`: where a unit's text also appears, who published it first, its
    passage-level copies and its translations (each place a dict as in the JSON output)."""

    unit: dict[str, Any]
    first: dict[str, Any]
    is_first: bool
    also_at: list[dict[str, Any]]
    passage_copies: dict[int, list[dict[str, Any]]]
    translations: list[dict[str, Any]]


@dataclass(frozen=True)
class PassageReuse(Row):
    """`presswatch reuse passage:N`: where one passage also appears and who published it first."""

    passage: int
    text: str
    unit: dict[str, Any]
    first: dict[str, Any]
    is_first: bool
    also_at: list[dict[str, Any]]
