"""The inbox: units that arrived in a time window, grouped by page, with their triage marks and filters.

A unit *arrives* when its page version is processed into units (``page_versions.processed_at``), so a
page collected long after it was published still shows up as new. Only each page's newest processed
version is shown (the ``current_versions`` view), like search and the digest.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from presswatch.langcodes import check_codes
from presswatch.models import check_kinds
from presswatch.project import Project, connection
from presswatch.reuse.boilerplate import lead_texts
from presswatch.text.sentences import sentences
from presswatch.triage.marks import DEFAULT_READER, last_visit

# Boilerplate (menus, related-post blocks) is not news: left out unless asked for by kind.
DEFAULT_KINDS = ("article", "teaser", "digest_item", "translation")
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class InboxUnit:
    """One unit in the inbox, with what is needed to triage it."""

    unit_id: int
    ordinal: int
    kind: str
    lang: str
    title: str | None
    author: str | None
    outlet: str | None
    date: str | None          # the unit's published date, else its page's, else the fetch time
    dated_by: str             # "published" or "fetched"
    url: str | None
    excerpt: str
    decision: str | None      # include | skip | None
    starred: bool


@dataclass(frozen=True)
class InboxGroup:
    """The units of one page (its newest processed version), in page order."""

    page_id: int
    version_id: int
    url: str | None
    path: str | None
    source: str | None        # the collection source's name, when collected from one
    title: str | None         # the page's first unit's title
    outlet: str | None
    arrived: str              # when this version was processed
    units: list[InboxUnit] = field(default_factory=list)


@dataclass(frozen=True)
class InboxPage:
    """One page of the inbox: groups ``offset`` .. ``offset + limit`` of ``total_pages`` (newest first)."""

    since: str | None
    until: str | None
    total_pages: int
    total_units: int
    offset: int
    limit: int
    groups: list[InboxGroup]
    capped: bool = False      # more pages than counted: the totals are lower bounds ("1,000+")

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + len(self.groups)
        return nxt if nxt < self.total_pages or (self.capped and len(self.groups) == self.limit) else None


def check_time(value: str | None, name: str, *, end: bool = False) -> str | None:
    """``since``/``until`` as the arrival times compare (UTC, ``YYYY-MM-DDTHH:MM:SSZ``; a day alone is its
    first second, or with ``end`` its last, so ``until=2026-03-15`` keeps that whole day); a clear
    :class:`ValueError` for anything that is not a date or an ISO time."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
        if day is not None:
            return day.isoformat() + ("T23:59:59Z" if end else "T00:00:00Z")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date or time; use YYYY-MM-DD or an ISO time such as "
                         f"2026-03-01T08:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _codes(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [v.strip() for v in items if v and v.strip()]


def entity_ids(conn: sqlite3.Connection, entity: int | str) -> list[int]:
    """The entity (by id, key or any active alias) and the entities merged into it."""
    from presswatch.entities.manage import find_entity

    row = (conn.execute("SELECT * FROM entities WHERE id = ?", (entity,)).fetchone()
           if isinstance(entity, int) or str(entity).isdigit() else find_entity(conn, str(entity)))
    if row is None:
        raise ValueError(f"no entity {entity!r}; see `presswatch entity list`")
    eid = int(row["merged_into"] or row["id"])
    return [eid] + [int(r[0]) for r in conn.execute("SELECT id FROM entities WHERE merged_into = ?", (eid,))]


# a unit's page's first unit, through the narrow covering index of migration 0033 (never its row)
_U0 = ("(SELECT u0.{col} FROM units u0 INDEXED BY units_by_version "
       "WHERE u0.version_id = u.version_id AND u0.ordinal = 0)")


# The source filter: the search filter's rule (``search.filters.SOURCE``: a unit without its own outlet or
# URL has its page's, i.e. its page's first unit's), plus the collection source's name. The unit's own
# columns (and its page's first unit's, from the narrow index) come first and the page's row and source
# are read by scalar subqueries, which only a unit not decided by its outlet or URL evaluates: the
# condition needs no join of the page, so counting a source's units reads no page row for the units of
# its outlet (the same test, its terms in another order).
_PAGE = "(SELECT {col} FROM pages sp WHERE sp.id = u.page_id)"
SOURCE = ("(lower(COALESCE(u.outlet, " + _U0.format(col="outlet") + ", '')) = lower(?)"
          " OR instr(lower(COALESCE(u.url, " + _U0.format(col="url") + ", " + _PAGE.format(col="sp.url")
          + ", '')), lower(?)) > 0"
          " OR lower(COALESCE((SELECT ss.name FROM pages sp JOIN sources ss ON ss.id = sp.source_id "
          "WHERE sp.id = u.page_id), '')) = lower(?)"
          " OR instr(COALESCE(" + _PAGE.format(col="sp.path") + ", ''), ?) > 0)")


def _conditions(conn: sqlite3.Connection, *, source: str | None, lang: list[str], kinds: list[str],
                entity: int | str | None, decision: str | None, starred: bool | None) -> tuple[list[str], list[Any]]:
    """Conditions on one unit (``u``, its page ``p``, source ``s`` and triage mark ``t``)."""
    where = [f"u.kind IN ({','.join('?' * len(kinds))})"]
    args: list[Any] = list(kinds)
    if lang:
        where.append(f"u.lang IN ({','.join('?' * len(lang))})")
        args += lang
    if source:
        where.append(SOURCE)
        args += [source] * 4
    if entity is not None:
        ids = entity_ids(conn, entity)
        where.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.unit_id = u.id AND m.entity_id IN "
                     f"({','.join('?' * len(ids))}))")
        args += ids
    if decision == "undecided":
        where.append("t.decision IS NULL")
    elif decision is not None:
        if decision not in ("include", "skip"):
            raise ValueError(f"unknown decision filter {decision!r}; use include, skip or undecided")
        where.append("t.decision = ?")
        args.append(decision)
    if starred is not None:
        where.append("COALESCE(t.starred, 0) = ?")
        args.append(int(starred))
    return where, args


# Each page's newest processed version (the current_versions view, written out so that the planner walks
# the arrival index, page_versions_arrival, newest first and checks this per version).
NEWEST = ("NOT EXISTS (SELECT 1 FROM page_versions nv WHERE nv.page_id = v.page_id AND nv.status = 'processed' "
          "AND nv.version > v.version)")
PAGE_JOIN = "JOIN pages p ON p.id = u.page_id LEFT JOIN sources s ON s.id = p.source_id"
TRIAGE_JOIN = "LEFT JOIN triage t ON t.version_id = u.version_id AND t.ordinal = u.ordinal"
JOINS = f"{PAGE_JOIN} {TRIAGE_JOIN}"
FROM = "FROM units u JOIN page_versions v ON v.id = u.version_id " + JOINS
# Pages counted for the totals; beyond it the inbox says "1,000+" (counting the whole archive's pages
# and units on every visit would cost more than listing them).
COUNT_CAP = 1000


def _excerpt(text: str, title: str | None) -> str:
    """The unit's first sentences, its title left out (the inbox shows the title above), cut to length."""
    heading = " ".join((title or "").split()).casefold()
    out: list[str] = []
    # bounded work per unit: the sentences of the start only (the heading, the excerpt and a margin for
    # whitespace that is collapsed), not of the first 4,000 characters
    for sentence in sentences((text or "")[:len(title or "") + 3 * EXCERPT_CHARS]):
        flat = " ".join(sentence.split())
        if heading and flat.casefold().startswith(heading):
            flat = flat[len(heading):].strip()
        if flat:
            out.append(flat)
        if sum(len(p) + 1 for p in out) >= EXCERPT_CHARS:
            break
    joined = " ".join(out)
    return joined if len(joined) <= EXCERPT_CHARS else joined[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def inbox(target: Project | sqlite3.Connection, *, since: str | None = None, until: str | None = None,
          reader: str | None = DEFAULT_READER, source: str | None = None,
          lang: str | list[str] | None = None, kind: str | list[str] | None = None,
          entity: int | str | None = None, decision: str | None = None, starred: bool | None = None,
          limit: int = 50, offset: int = 0) -> InboxPage:
    """Units that arrived at or after ``since`` (default: the ``reader``'s last visit; everything before
    the first visit), grouped by page, newest arrival first. Times have whole seconds, so a unit that
    arrived in the very second of the visit is shown again rather than missed.

    Filters: ``source`` (collection source name, outlet, URL substring or file path substring),
    ``lang`` / ``kind`` (codes, a list or comma-separated; kinds default to everything but
    boilerplate), ``entity`` (id, key or alias; units that mention it), ``decision`` (``include``,
    ``skip``, ``undecided``), ``starred``. Pagination is by page group (``limit`` groups from
    ``offset``), so a page's units are never split. Reading does not move the visit marker:
    call :func:`presswatch.triage.marks.mark_visit` for that.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    with connection(target) as conn:
        return _inbox(conn, since=since, until=until, reader=reader, source=source, lang=lang, kind=kind,
                      entity=entity, decision=decision, starred=starred, limit=limit, offset=offset)


def _unit_joins(needs: set[str]) -> str:
    """The joins the unit conditions need beside ``units u``: its page and source ("p"), its triage ("t")."""
    return (f" {PAGE_JOIN}" if "p" in needs else "") + (f" {TRIAGE_JOIN}" if "t" in needs else "")


NAMED_IN = "SELECT value FROM json_each(?)"   # a list of version ids, bound as one JSON argument


def _versions(*, since: str | None, until: str | None, unit_where: list[str], unit_args: list[Any],
              needs: set[str], named: list[int] | None) -> tuple[str, list[Any]]:
    """SQL (``FROM ... WHERE``) over the current page versions in the window holding a wanted unit
    (among ``named`` only, when a selective filter named them)."""
    # (with named versions, ``+v.status`` keeps the planner from walking every processed version
    # through the status index: it looks the named versions up by id instead)
    where = ["+v.status = 'processed'" if named is not None else "v.status = 'processed'", NEWEST]
    args: list[Any] = []
    if since:
        where.append("v.processed_at >= ?")   # same second as the visit: shown again rather than lost
        args.append(since)
    if until:
        where.append("v.processed_at <= ?")
        args.append(until)
    # a selective filter (a triage mark, an entity) names its versions first: one lookup, not one per version
    if named is not None:
        where.append(f"v.id IN ({NAMED_IN})")
        args.append(json.dumps(named))
    if unit_where:   # (none: the named versions were checked already)
        where.append(f"EXISTS (SELECT 1 FROM units u{_unit_joins(needs)} WHERE u.version_id = v.id "
                     f"AND {' AND '.join(unit_where)})")
    # with named versions the planner looks them up by id and sorts them (bounded by the list, not by
    # the archive); without one it walks the arrival index newest first
    table = "page_versions v" if named is not None else "page_versions v INDEXED BY page_versions_arrival"
    return f"FROM {table} WHERE {' AND '.join(where)}", args + unit_args


# The versions that can hold a unit of this source (a superset of what the unit conditions keep, whose
# lower()/instr() are ASCII case-insensitive as LIKE and NOCASE are, and which decide on the rows found):
# pages by source name, URL or path; units by their own outlet or URL. A string of 3 characters or more
# is looked up in the trigram indexes of migration 0031 (their doclists: what the source's pages cost,
# whatever the size of the archive; they fold case too, a superset again); a shorter one needs a pass
# over the indexes of migration 0030 (``SCANNED_VERSIONS``; never the unit rows).
INDEXED_VERSIONS = (
    ("SELECT sv.id FROM page_source_fts f JOIN page_versions sv ON sv.page_id = f.rowid "
     "WHERE page_source_fts MATCH :phrase LIMIT :most"),
    ("SELECT sv.id FROM page_versions sv WHERE sv.page_id IN (SELECT sp.id FROM pages sp WHERE sp.source_id IN "
     "(SELECT ss.id FROM sources ss WHERE ss.name LIKE :exact ESCAPE '\\')) LIMIT :most"),
    "SELECT version_id FROM units WHERE outlet IS NOT NULL AND outlet = :source COLLATE NOCASE LIMIT :most",
    ("SELECT u.version_id FROM unit_source_fts f JOIN units u INDEXED BY units_by_id ON u.id = f.rowid "
     "WHERE unit_source_fts MATCH :phrase LIMIT :most"),
)
SCANNED_VERSIONS = (
    ("SELECT sv.id FROM pages sp INDEXED BY pages_source_match JOIN page_versions sv ON sv.page_id = sp.id "
     "WHERE sp.source_id IN (SELECT ss.id FROM sources ss WHERE ss.name LIKE :exact ESCAPE '\\') "
     "OR sp.url LIKE :like ESCAPE '\\' OR instr(COALESCE(sp.path, ''), :source) > 0 LIMIT :most"),
    "SELECT version_id FROM units WHERE outlet IS NOT NULL AND outlet = :source COLLATE NOCASE LIMIT :most",
    "SELECT version_id FROM units WHERE url IS NOT NULL AND url LIKE :like ESCAPE '\\' LIMIT :most",
)
TRIGRAM = 3   # the trigram index answers substrings of at least this many characters
# A source with more candidate versions than this is common: walking the arrival index newest first
# fills a screen (and the capped count) quickly, so it is not named first.
NARROW_MAX = 3000


def source_versions(conn: sqlite3.Connection, source: str, most: int = NARROW_MAX) -> list[int] | None:
    """The versions that can hold a unit of ``source`` (see ``INDEXED_VERSIONS``), read once; None as
    soon as there are more than ``most``."""
    exact = source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    args = {"exact": exact, "like": f"%{exact}%", "source": source, "most": most + 1,
            "phrase": '"' + source.replace('"', '""') + '"'}
    found: set[int] = set()
    for sql in INDEXED_VERSIONS if len(source) >= TRIGRAM else SCANNED_VERSIONS:
        found.update(int(r[0]) for r in conn.execute(sql, args))
        if len(found) > most:
            return None
    return sorted(found)


def _named(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[int] | None:
    """The distinct versions ``sql`` names, or None as soon as there are more than ``NARROW_MAX``."""
    ids = [int(r[0]) for r in conn.execute(f"SELECT DISTINCT * FROM ({sql}) LIMIT ?", [*args, NARROW_MAX + 1])]
    return None if len(ids) > NARROW_MAX else ids


def _narrowing(conn: sqlite3.Connection, entity: int | str | None, decision: str | None,
               starred: bool | None, source: str | None = None) -> list[int] | None:
    """The versions that can hold a unit passing the selective filters, read once (at most
    ``NARROW_MAX``) and then looked up by id; a filter naming more (a common source or entity) is left
    to the unit conditions on the walk of the arrival index, which then fills a screen quickly."""
    lists: list[list[int] | None] = [source_versions(conn, source) if source else None]
    if decision in ("include", "skip"):
        lists.append(_named(conn, "SELECT version_id FROM triage WHERE decision = ?", [decision]))
    if starred:
        lists.append(_named(conn, "SELECT version_id FROM triage WHERE starred = 1", []))
    if entity is not None:
        ids = entity_ids(conn, entity)
        lists.append(_named(conn, f"SELECT u.version_id FROM mentions m JOIN units u ON u.id = m.unit_id "
                                  f"WHERE m.entity_id IN ({','.join('?' * len(ids))})", ids))
    known = [set(ids) for ids in lists if ids is not None]
    return sorted(set.intersection(*known)) if known else None


def _inbox(conn: sqlite3.Connection, *, since: str | None, until: str | None, reader: str | None,
           source: str | None, lang: str | list[str] | None, kind: str | list[str] | None,
           entity: int | str | None, decision: str | None, starred: bool | None, limit: int,
           offset: int) -> InboxPage:
    since, until = check_time(since, "since"), check_time(until, "until", end=True)
    if since is None and reader is not None:
        visit = last_visit(conn, reader)
        since = visit.seen_at if visit else None
    kinds = check_kinds(_codes(kind)) or list(DEFAULT_KINDS)
    offset = max(0, offset)
    unit_where, unit_args = _conditions(conn, source=source, lang=check_codes(_codes(lang), "lang"), kinds=kinds,
                                        entity=entity, decision=decision, starred=starred)
    needs = {"t"} if decision is not None or starred is not None else set()   # (the source needs no join)
    unit_joins = _unit_joins(needs)
    named = _narrowing(conn, entity, decision, starred, source)
    counts: dict[int, int] | None = None
    if named is not None:
        # the named versions' wanted units, counted in one pass over their units (the narrow covering
        # index of migration 0033, not the unit rows); then only the versions holding one are listed (no
        # second look at their units for the listing)
        counts = {int(r[0]): int(r[1]) for r in conn.execute(
            f"SELECT u.version_id, COUNT(*) FROM units u INDEXED BY units_by_version{unit_joins} "
            f"WHERE u.version_id IN ({NAMED_IN}) "
            f"AND {' AND '.join(unit_where)} GROUP BY u.version_id", [json.dumps(named), *unit_args])}
        named = sorted(counts)
    versions_sql, args = _versions(since=since, until=until, unit_where=unit_where if counts is None else [],
                                   unit_args=unit_args if counts is None else [], needs=needs, named=named)
    # newest arrival first, walking the arrival index: the pages up to the cap past this screen, read
    # once for both the screen and the totals (exact below the cap)
    cap = offset + COUNT_CAP
    listed = conn.execute(
        f"SELECT v.page_id, v.id, v.processed_at {versions_sql} ORDER BY v.processed_at DESC, v.page_id DESC "
        "LIMIT ?", [*args, cap + 1]).fetchall()
    found = listed[offset:offset + limit]
    capped = len(listed) > cap
    counted_ids = [int(r[1]) for r in listed[:cap]]
    if counts is not None:
        total_units = sum(counts[v] for v in counted_ids)
    else:
        total_units = 0
        for start in range(0, len(counted_ids), 900):
            chunk = counted_ids[start:start + 900]
            total_units += int(conn.execute(
                f"SELECT COUNT(*) FROM units u{unit_joins} WHERE u.version_id IN ({','.join('?' * len(chunk))}) "
                f"AND {' AND '.join(unit_where)}", [*chunk, *unit_args]).fetchone()[0])
    total_pages = len(counted_ids)
    about = {int(r[0]): r for r in conn.execute(
        f"SELECT p.id, p.url, p.path, s.name AS source FROM pages p LEFT JOIN sources s ON s.id = p.source_id "
        f"WHERE p.id IN ({','.join('?' * len(found))})", [int(r[0]) for r in found])} if found else {}
    pages = [{"page_id": int(r[0]), "version_id": int(r[1]), "arrived": r[2],
              "url": about[int(r[0])]["url"], "path": about[int(r[0])]["path"],
              "source": about[int(r[0])]["source"]} for r in found]
    cond = " AND ".join(unit_where)
    args = unit_args
    groups: list[InboxGroup] = []
    if pages:
        versions = [int(r["version_id"]) for r in pages]
        rows = conn.execute(
            f"""SELECT u.id, u.version_id, u.ordinal, u.kind, u.lang, u.title, u.author, u.outlet, u.published,
                       u.url, substr(u.text, 1, 4000) AS text, v.fetched_at, t.decision, COALESCE(t.starred, 0) AS starred,
                       ({cond}) AS wanted
                {FROM} WHERE u.version_id IN ({','.join('?' * len(versions))}) ORDER BY u.version_id, u.ordinal""",
            [*args, *versions]).fetchall()
        by_version: dict[int, list[sqlite3.Row]] = {}
        for r in rows:
            by_version.setdefault(int(r["version_id"]), []).append(r)
        # the excerpt skips passages the reuse stage found repeated on unrelated pages (site boilerplate)
        leads = lead_texts(conn, {int(r["id"]): r["text"] or "" for r in rows if r["wanted"]})
        for pg in pages:
            units = by_version.get(int(pg["version_id"]), [])
            first = units[0] if units else None   # the page's own title/outlet/date for units without one
            page_date = first["published"] if first is not None else None
            group = InboxGroup(
                page_id=int(pg["page_id"]), version_id=int(pg["version_id"]), url=pg["url"], path=pg["path"],
                source=pg["source"], title=first["title"] if first is not None else None,
                outlet=first["outlet"] if first is not None else None, arrived=pg["arrived"])
            for r in units:
                if not r["wanted"]:
                    continue
                published = r["published"] or page_date
                group.units.append(InboxUnit(
                    unit_id=int(r["id"]), ordinal=int(r["ordinal"]), kind=r["kind"], lang=r["lang"],
                    title=r["title"], author=r["author"],
                    outlet=r["outlet"] or (first["outlet"] if first is not None else None),
                    date=published or r["fetched_at"], dated_by="published" if published else "fetched",
                    url=r["url"] or pg["url"], excerpt=_excerpt(leads.get(int(r["id"]), r["text"]), r["title"]), decision=r["decision"],
                    starred=bool(r["starred"])))
            groups.append(group)
    return InboxPage(since=since, until=until, total_pages=total_pages, total_units=total_units, offset=offset,
                     limit=limit, groups=groups, capped=capped)
