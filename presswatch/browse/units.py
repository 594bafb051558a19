"""Reading the archive unit by unit: lists with filters (the inbox), one unit with everything about it.

Only each page's newest processed version is shown (the ``current_units`` view). A unit without its
own outlet/url/date/title (an embedded translation, a digest item) takes the page's, i.e. those of
the version's first unit, as search does.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from presswatch.lang.names import direction, language_name
from presswatch.models import check_kinds
from presswatch.reuse.boilerplate import boilerplate_spans, without_spans
from presswatch.reuse.report import unit_reuse

EXCERPT_CHARS = 240

# One unit with the page-level fallbacks and the time its version arrived.
SUMMARY = """SELECT u.id, u.page_id, u.version_id, u.ordinal, u.kind, u.lang,
       COALESCE(u.title, u0.title) AS title, COALESCE(u.author, u0.author) AS author,
       COALESCE(u.outlet, u0.outlet) AS outlet, COALESCE(u.url, u0.url, pg.url) AS url, pg.path, pg.key,
       COALESCE(u.published, u0.published, pv.fetched_at) AS date,
       CASE WHEN COALESCE(u.published, u0.published) IS NULL THEN 'fetched' ELSE 'published' END AS dated_by,
       COALESCE(pv.processed_at, pv.fetched_at) AS arrived, substr(u.text, 1, {chars}) AS excerpt,
       length(u.text) AS chars
FROM current_units u
LEFT JOIN units u0 ON u0.version_id = u.version_id AND u0.ordinal = 0
JOIN page_versions pv ON pv.id = u.version_id JOIN pages pg ON pg.id = u.page_id"""


@dataclass(frozen=True)
class UnitSummary:
    """A unit as listed: kind, language, outlet, date, the start of its text."""

    id: int
    page_id: int
    version_id: int
    ordinal: int
    kind: str
    lang: str
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    path: str | None
    page_key: str
    date: str | None        # published (the unit's, else its page's), else the page's fetch time
    arrived: str | None     # when its version was processed (what "new since the last visit" compares)
    excerpt: str
    chars: int
    dated_by: str = "published"   # "fetched" when no publication date is known: show it labelled

    @property
    def direction(self) -> str:
        return direction(self.lang)

    @property
    def language(self) -> str:
        return language_name(self.lang)

    @property
    def where(self) -> str:
        return self.outlet or self.url or self.path or self.page_key

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class UnitList:
    total: int
    offset: int
    limit: int
    items: list[UnitSummary]

    def pages(self) -> list[tuple[int, list[UnitSummary]]]:
        """Items grouped by page, in list order (the inbox shows one block per page)."""
        groups: dict[int, list[UnitSummary]] = {}
        for item in self.items:
            groups.setdefault(item.page_id, []).append(item)
        return list(groups.items())

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "items": [i.as_dict() for i in self.items]}


@dataclass(frozen=True)
class PassageView:
    id: int
    ordinal: int
    lang: str
    lang_score: float | None
    start: int
    end: int
    text: str

    @property
    def direction(self) -> str:
        return direction(self.lang)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "direction": self.direction}


@dataclass(frozen=True)
class EntityRef:
    id: int
    key: str
    name: str
    kind: str
    mentions: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class QuoteView:
    id: int
    speaker: str | None
    speaker_entity_id: int | None
    speaker_entity: str | None
    cue: str | None
    text: str
    direct: bool
    outlet: str | None
    lang: str
    passage_id: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class UnitView:
    """One unit with its passages, entities, quotes, reuse, translation and the other units of its page."""

    unit: UnitSummary
    text: str
    passages: list[PassageView]
    entities: list[EntityRef]
    quotes: list[QuoteView]
    reuse: dict[str, Any]                 # see presswatch.reuse.report.unit_reuse
    media_type: str
    page_units: list[UnitSummary]         # every unit of the same page version, in page order
    translation: UnitView | None = None   # the linked translation or original, when a link exists
    translation_direction: str | None = None  # "translates" (this unit is the translation) | "translated_by"
    meta: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit.as_dict(), "text": self.text,
                "passages": [p.as_dict() for p in self.passages],
                "entities": [e.as_dict() for e in self.entities], "quotes": [q.as_dict() for q in self.quotes],
                "reuse": self.reuse, "media_type": self.media_type,
                "page_units": [u.as_dict() for u in self.page_units],
                "translation": self.translation.as_dict() if self.translation else None,
                "translation_direction": self.translation_direction}


class NotFound(LookupError):
    """The asked-for record is not in the archive."""


def _summary(row: sqlite3.Row) -> UnitSummary:
    return UnitSummary(
        id=int(row["id"]), page_id=int(row["page_id"]), version_id=int(row["version_id"]),
        ordinal=int(row["ordinal"]), kind=row["kind"], lang=row["lang"], title=row["title"],
        author=row["author"], outlet=row["outlet"], url=row["url"], path=row["path"], page_key=row["key"],
        date=row["date"], arrived=row["arrived"], excerpt=row["excerpt"] or "", chars=int(row["chars"] or 0),
        dated_by=row["dated_by"])


def _codes(value: str | list[str] | None) -> list[str]:
    if not value:
        return []
    parts = value.split(",") if isinstance(value, str) else value
    return [p.strip() for p in parts if p and p.strip()]


def unit_filters(*, since: str | None = None, source: str | None = None, lang: str | list[str] | None = None,
                 kind: str | list[str] | None = None, entity: int | None = None,
                 include_boilerplate: bool = False) -> tuple[list[str], list[Any]]:
    """SQL conditions over ``u`` (current_units), ``u0``, ``pv`` and ``pg`` and their arguments."""
    where: list[str] = []
    args: list[Any] = []
    kinds = check_kinds(_codes(kind))
    if kinds:
        where.append(f"u.kind IN ({','.join('?' * len(kinds))})")
        args += kinds
    elif not include_boilerplate:
        where.append("u.kind != 'boilerplate'")
    langs = [c.lower() for c in _codes(lang)]
    if langs:
        where.append(f"u.lang IN ({','.join('?' * len(langs))})")
        args += langs
    if since:
        where.append("COALESCE(pv.processed_at, pv.fetched_at) > ?")
        args.append(since)
    if source:
        where.append("(lower(COALESCE(u.outlet, u0.outlet, '')) = lower(?) "
                     "OR instr(lower(COALESCE(u.url, u0.url, pg.url, '')), lower(?)) > 0 "
                     "OR instr(COALESCE(pg.path, ''), ?) > 0)")
        args += [source, source, source]
    if entity is not None:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.unit_id = u.id AND (m.entity_id = ? OR "
                     "m.entity_id IN (SELECT id FROM entities WHERE merged_into = ?)))")
        args += [entity, entity]
    return where, args


def list_units(conn: sqlite3.Connection, *, since: str | None = None, source: str | None = None,
               lang: str | list[str] | None = None, kind: str | list[str] | None = None,
               entity: int | None = None, include_boilerplate: bool = False, limit: int = 50,
               offset: int = 0) -> UnitList:
    """Units newest arrival first (page by page, in page order), filtered; ``total`` counts all matches.

    ``since``: only units whose page version was processed after this ISO time (the last visit);
    ``source``: an outlet name, a URL substring (host) or a file path substring; ``entity``: an entity
    id (its merged entities count as it).
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    where, args = unit_filters(since=since, source=source, lang=lang, kind=kind, entity=entity,
                               include_boilerplate=include_boilerplate)
    cond = " AND ".join(where) or "1"
    base = SUMMARY.format(chars=EXCERPT_CHARS)
    rows = conn.execute(
        f"{base} WHERE {cond} ORDER BY arrived DESC, u.page_id DESC, u.ordinal LIMIT ? OFFSET ?",
        [*args, limit, max(0, offset)]).fetchall()
    if offset <= 0 and len(rows) < limit:
        total = len(rows)
    else:
        joins = ""
        if source:
            joins += " LEFT JOIN units u0 ON u0.version_id = u.version_id AND u0.ordinal = 0"
        joins += " JOIN page_versions pv ON pv.id = u.version_id JOIN pages pg ON pg.id = u.page_id"
        total = int(conn.execute(f"SELECT COUNT(*) FROM current_units u{joins} WHERE {cond}", args).fetchone()[0])
    return UnitList(total=total, offset=max(0, offset), limit=limit, items=_with_leads(conn, [_summary(r) for r in rows]))


def unit_summaries(conn: sqlite3.Connection, unit_ids: list[int]) -> dict[int, UnitSummary]:
    """Summaries of these units (of any version), by id."""
    out: dict[int, UnitSummary] = {}
    base = SUMMARY.format(chars=EXCERPT_CHARS).replace("FROM current_units u", "FROM units u")
    for start in range(0, len(unit_ids), 500):
        chunk = unit_ids[start:start + 500]
        for row in conn.execute(f"{base} WHERE u.id IN ({','.join('?' * len(chunk))})", chunk):
            out[int(row["id"])] = _summary(row)
    return {s.id: s for s in _with_leads(conn, list(out.values()))}


def _with_leads(conn: sqlite3.Connection, summaries: list[UnitSummary]) -> list[UnitSummary]:
    """The excerpt of each unit starts at its lead: passages the reuse stage found repeated on other,
    unrelated pages (site boilerplate in front of the story) are left out."""
    spans = boilerplate_spans(conn, [s.id for s in summaries])
    if not spans:
        return summaries
    texts = {int(r[0]): str(r[1] or "") for r in conn.execute(
        f"SELECT id, text FROM units WHERE id IN ({','.join('?' * len(spans))})", list(spans))}
    return [replace(s, excerpt=without_spans(texts[s.id], spans[s.id])[:EXCERPT_CHARS])
            if s.id in spans and s.id in texts else s for s in summaries]


def _passages(conn: sqlite3.Connection, unit_id: int) -> list[PassageView]:
    return [PassageView(int(r["id"]), int(r["ordinal"]), r["lang"], r["lang_score"], int(r["start"]),
                        int(r["end"]), r["text"])
            for r in conn.execute('SELECT id, ordinal, lang, lang_score, start, "end", text FROM passages '
                                  "WHERE unit_id = ? ORDER BY ordinal", (unit_id,))]


def _entities(conn: sqlite3.Connection, unit_id: int) -> list[EntityRef]:
    return [EntityRef(int(r["id"]), r["key"], r["name"], r["kind"], int(r["n"])) for r in conn.execute(
        """SELECT e.id, e.key, e.name, e.kind, COUNT(*) AS n FROM mentions m
           JOIN entities e ON e.id = COALESCE((SELECT merged_into FROM entities x WHERE x.id = m.entity_id
                                                 AND x.merged_into IS NOT NULL), m.entity_id)
           WHERE m.unit_id = ? GROUP BY e.id ORDER BY n DESC, e.name""", (unit_id,))]


def _quotes(conn: sqlite3.Connection, unit_id: int) -> list[QuoteView]:
    return [QuoteView(int(r["id"]), r["speaker"], r["speaker_entity_id"], r["entity_name"], r["cue"], r["text"],
                      bool(r["direct"]), r["outlet"], r["lang"], int(r["passage_id"])) for r in conn.execute(
        """SELECT q.*, e.name AS entity_name FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id
           WHERE q.unit_id = ? ORDER BY q.unit_start, q.id""", (unit_id,))]


def _view(conn: sqlite3.Connection, unit_id: int, *, with_translation: bool) -> UnitView:
    found = unit_summaries(conn, [unit_id])
    if unit_id not in found:
        raise NotFound(f"there is no unit {unit_id} in this archive; find units in the inbox or with search")
    summary = found[unit_id]
    row = conn.execute("SELECT u.text, u.meta, pv.media_type FROM units u JOIN page_versions pv "
                       "ON pv.id = u.version_id WHERE u.id = ?", (unit_id,)).fetchone()
    siblings = [int(r[0]) for r in conn.execute(
        "SELECT id FROM units WHERE version_id = ? ORDER BY ordinal", (summary.version_id,))]
    sib = unit_summaries(conn, siblings)
    reuse = unit_reuse(conn, unit_id)
    translation = None
    direction_ = None
    if with_translation and reuse["translations"]:
        link = reuse["translations"][0]
        other = int(link["unit_id"])
        if other != unit_id:
            translation = _view(conn, other, with_translation=False)
            direction_ = str(link["direction"])
    return UnitView(unit=summary, text=row["text"], passages=_passages(conn, unit_id),
                    entities=_entities(conn, unit_id), quotes=_quotes(conn, unit_id), reuse=reuse,
                    media_type=row["media_type"], page_units=[sib[i] for i in siblings if i in sib],
                    translation=translation, translation_direction=direction_,
                    meta=json.loads(row["meta"] or "{}"))


def unit_view(conn: sqlite3.Connection, unit_id: int) -> UnitView:
    """Everything the unit page shows, with the linked translation (or original) when there is one."""
    return _view(conn, unit_id, with_translation=True)
