"""Library functions behind `presswatch entity ...` and `presswatch quotes` (re-exported by presswatch.api)."""

from __future__ import annotations

import sqlite3
from typing import Any

from presswatch.entities.normalize import folded_name
from presswatch.entities.store import sync_watchlist, watchlist_path
from presswatch.entities.watchlist import Entity, Watchlist, WatchlistError, load_watchlist, save_watchlist
from presswatch.project import Project
from presswatch.store.db import transaction


def project_watchlist(project: Project) -> Watchlist:
    return load_watchlist(watchlist_path(project.root, project.config))


def _save_and_sync(project: Project, watchlist: Watchlist) -> None:
    save_watchlist(watchlist, watchlist_path(project.root, project.config))
    conn = project.connect()
    try:
        with transaction(conn):
            sync_watchlist(conn, watchlist)
    finally:
        conn.close()


def entity_add(project: Project, key: str, name: str, kind: str = "unknown",
               aliases: list[str] | None = None) -> Entity:
    """Add an entity to the watchlist file (and the archive)."""
    watchlist = project_watchlist(project)
    entity = watchlist.add(key, name, kind, aliases)
    _save_and_sync(project, watchlist)
    return entity


def entity_alias(project: Project, key: str, aliases: list[str]) -> Entity:
    """Add names to a watchlist entity; a discovered entity ("auto:...") is promoted to the watchlist."""
    watchlist = project_watchlist(project)
    if watchlist.get(key) is None:
        row = _entity_row(project, key)
        new_key = key.removeprefix("auto:").replace(" ", "-")
        watchlist.add(new_key, row["name"], row["kind"])
        _merge_rows(project, new_key, key, watchlist)
        key = new_key
    for alias in aliases:
        watchlist.add_alias(key, alias)
    _save_and_sync(project, watchlist)
    return watchlist.require(key)


def _entity_row(project: Project, key: str) -> sqlite3.Row:
    conn = project.connect(readonly=False)
    try:
        row = conn.execute("SELECT * FROM entities WHERE key = ? OR name = ? ORDER BY id LIMIT 1", (key, key)).fetchone()
    finally:
        conn.close()
    if row is None:
        raise WatchlistError(f"no entity {key!r}; see `presswatch entity list`")
    return row


def _merge_rows(project: Project, keep: str, other: str, watchlist: Watchlist) -> None:
    conn = project.connect()
    try:
        with transaction(conn):
            sync_watchlist(conn, watchlist)
            keep_id = conn.execute("SELECT id FROM entities WHERE key = ?", (keep,)).fetchone()[0]
            row = conn.execute("SELECT id FROM entities WHERE key = ?", (other,)).fetchone()
            if row is not None and row[0] != keep_id:
                conn.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (keep_id, row[0]))
                conn.execute("UPDATE quotes SET speaker_entity_id = ? WHERE speaker_entity_id = ?", (keep_id, row[0]))
                conn.execute("UPDATE entities SET merged_into = ? WHERE id = ? OR merged_into = ?",
                             (keep_id, row[0], row[0]))
                conn.execute("UPDATE merge_suggestions SET status = 'accepted' WHERE "
                             "(entity_id = ? AND other_id = ?) OR (entity_id = ? AND other_id = ?)",
                             (keep_id, row[0], row[0], keep_id))
    finally:
        conn.close()


def entity_merge(project: Project, keep: str, other: str) -> Entity:
    """Merge ``other`` into ``keep`` (watchlist keys or discovered "auto:..." keys)."""
    watchlist = project_watchlist(project)
    if watchlist.get(keep) is None:
        row = _entity_row(project, keep)
        watchlist.add(keep if not keep.startswith("auto:") else keep[5:].replace(" ", "-"), row["name"], row["kind"])
        _merge_rows(project, watchlist.entities[-1].key, keep, watchlist)
        keep = watchlist.entities[-1].key
    if watchlist.get(other) is not None:
        watchlist.merge(keep, other)
    else:
        row = _entity_row(project, other)
        watchlist.add_alias(keep, row["name"])
    _save_and_sync(project, watchlist)
    _merge_rows(project, keep, other, watchlist)
    return watchlist.require(keep)


def entity_split(project: Project, key: str, new_key: str, names: list[str], kind: str | None = None) -> Entity:
    """Move some aliases of ``key`` to a new entity; run :func:`presswatch.api.entity_relink` to re-resolve mentions."""
    watchlist = project_watchlist(project)
    entity = watchlist.split(key, new_key, names, kind)
    _save_and_sync(project, watchlist)
    conn = project.connect()
    try:
        with transaction(conn):
            kid = conn.execute("SELECT id FROM entities WHERE key = ?", (key,)).fetchone()[0]
            for n in names:
                conn.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND source = 'watchlist' AND folded = ?",
                             (kid, folded_name(n)))
    finally:
        conn.close()
    return entity


def entity_unlearn(project: Project, alias_id: int) -> dict[str, Any]:
    """Undo a learned alias: it is marked rejected and never learned again for that entity."""
    conn = project.connect()
    try:
        row = conn.execute("SELECT * FROM entity_aliases WHERE id = ?", (alias_id,)).fetchone()
        if row is None:
            raise WatchlistError(f"no alias #{alias_id}; see `presswatch entity NAME` for alias ids")
        with transaction(conn):
            conn.execute("UPDATE entity_aliases SET status = 'rejected' WHERE id = ?", (alias_id,))
        return dict(row)
    finally:
        conn.close()


def find_entity(conn: sqlite3.Connection, name: str) -> sqlite3.Row | None:
    row = conn.execute("SELECT * FROM entities WHERE key = ?", (name,)).fetchone()
    if row is None:
        row = conn.execute(
            """SELECT e.* FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE a.folded = ?
               AND a.status = 'active' ORDER BY e.source = 'watchlist' DESC, e.id LIMIT 1""",
            (folded_name(name),)).fetchone()
    folded = folded_name(name)
    if folded and " " not in folded and (row is None or (row["kind"] != "person" and row["source"] == "discovered")):
        # a surname alone: the person whose name ends with it that is mentioned most (before a one-word
        # discovered name of another kind, unless that one has more mentions)
        like = "% " + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        person = conn.execute(
            """SELECT e.*, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS n
               FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
               WHERE a.folded LIKE ? ESCAPE '\\' AND a.status = 'active' AND e.kind = 'person'
               GROUP BY e.id ORDER BY e.source = 'watchlist' DESC, n DESC, e.id LIMIT 1""", (like,)).fetchone()
        if person is not None:
            own = 0 if row is None else conn.execute(
                "SELECT COUNT(*) FROM mentions WHERE entity_id = ?", (row["id"],)).fetchone()[0]
            if row is None or person["n"] > own:
                row = conn.execute("SELECT * FROM entities WHERE id = ?", (person["id"],)).fetchone()
    if row is not None and row["merged_into"]:
        row = conn.execute("SELECT * FROM entities WHERE id = ?", (row["merged_into"],)).fetchone()
    return row


def entity_info(project: Project, name: str, limit: int = 20) -> dict[str, Any]:
    """Aliases, mentions per month, co-mentioned entities, quotes by and about an entity."""
    conn = project.connect(readonly=True)
    try:
        row = find_entity(conn, name)
        if row is None:
            raise WatchlistError(f"no entity named {name!r}; see `presswatch entity list`")
        eid = int(row["id"])
        ids = [eid] + [r[0] for r in conn.execute("SELECT id FROM entities WHERE merged_into = ?", (eid,))]
        marks = ",".join("?" * len(ids))
        rank = {"watchlist": 0, "learned": 1, "discovered": 2}
        rows = sorted((dict(r) for r in conn.execute(
            f"SELECT id, alias, folded, source, status, passage_id, evidence FROM entity_aliases "
            f"WHERE entity_id IN ({marks}) ORDER BY id", ids)), key=lambda a: (rank.get(a["source"], 3), a["id"]))
        seen: set[str] = set()
        aliases = []
        for a in rows:  # one line per name: the watchlist entry, else the learned one with its evidence
            if a["folded"] not in seen:
                seen.add(a["folded"])
                aliases.append(a)
        timeline = [dict(r) for r in conn.execute(
            f"""SELECT substr(COALESCE(u.published, v.fetched_at), 1, 7) AS month, COUNT(*) AS mentions
                FROM mentions m JOIN current_units u ON u.id = m.unit_id JOIN page_versions v ON v.id = u.version_id
                WHERE m.entity_id IN ({marks}) GROUP BY month ORDER BY month""", ids)]
        co = [dict(r) for r in conn.execute(
            f"""SELECT e.key, e.name, e.kind, COUNT(DISTINCT m2.unit_id) AS units FROM mentions m
                JOIN current_units cu ON cu.id = m.unit_id
                JOIN mentions m2 ON m2.unit_id = m.unit_id AND m2.entity_id NOT IN ({marks})
                JOIN entities e ON e.id = m2.entity_id WHERE m.entity_id IN ({marks})
                GROUP BY e.id ORDER BY units DESC, e.name LIMIT ?""", (*ids, *ids, limit))]
        suggestions = [dict(r) for r in conn.execute(
            """SELECT s.id, s.reason, s.status, e.key, e.name FROM merge_suggestions s JOIN entities e
               ON e.id = CASE WHEN s.entity_id = ? THEN s.other_id ELSE s.entity_id END
               WHERE (s.entity_id = ? OR s.other_id = ?) AND s.status = 'open'""", (eid, eid, eid))]
        return {"entity": dict(row), "aliases": aliases, "timeline": timeline, "co_mentioned": co,
                "mentions": sum(t["mentions"] for t in timeline),
                "quotes_by": list_quotes(project, speaker=str(row["key"]), limit=limit, conn=conn),
                "quotes_about": list_quotes(project, about=str(row["key"]), limit=limit, conn=conn),
                "suggestions": suggestions}
    finally:
        conn.close()


def entity_list(project: Project, limit: int = 100) -> list[dict[str, Any]]:
    conn = project.connect(readonly=True)
    try:
        return [dict(r) for r in conn.execute(
            """SELECT e.id, e.key, e.kind, e.name, e.source, COUNT(m.id) AS mentions FROM entities e
               LEFT JOIN mentions m ON m.entity_id = e.id
                   AND m.unit_id IN (SELECT id FROM current_units) WHERE e.merged_into IS NULL
               GROUP BY e.id ORDER BY mentions DESC, e.name LIMIT ?""", (limit,))]
    finally:
        conn.close()


def merge_suggestions(project: Project) -> list[dict[str, Any]]:
    conn = project.connect(readonly=True)
    try:
        return [dict(r) for r in conn.execute(
            """SELECT s.id, s.reason, a.key AS keep, a.name AS keep_name, b.key AS other, b.name AS other_name
               FROM merge_suggestions s JOIN entities a ON a.id = s.entity_id JOIN entities b ON b.id = s.other_id
               WHERE s.status = 'open' ORDER BY s.id""")]
    finally:
        conn.close()


def list_quotes(project: Project, *, speaker: str | None = None, about: str | None = None, limit: int = 50,
                conn: sqlite3.Connection | None = None) -> list[dict[str, Any]]:
    """Quotes, optionally by a speaker (entity or name) or about an entity (mentioned in the quote)."""
    own = conn is None
    c = conn or project.connect(readonly=True)
    try:
        sql = """SELECT q.*, COALESCE(u.url, pg.url, pg.key) AS url, u.title, u.outlet AS unit_outlet,
                        u.published, e.name AS entity_name
                 FROM quotes q JOIN current_units u ON u.id = q.unit_id JOIN pages pg ON pg.id = u.page_id
                 LEFT JOIN entities e ON e.id = q.speaker_entity_id WHERE 1 = 1"""
        params: list[Any] = []
        if speaker:
            row = find_entity(c, speaker)
            if row is not None:
                sql += " AND (q.speaker_entity_id = ? OR q.speaker_entity_id IN (SELECT id FROM entities WHERE merged_into = ?))"
                params += [row["id"], row["id"]]
            else:
                sql += " AND q.speaker LIKE ?"
                params.append(f"%{speaker}%")
        if about:
            row = find_entity(c, about)
            if row is None:
                return []
            sql += """ AND EXISTS (SELECT 1 FROM mentions m WHERE m.unit_id = q.unit_id AND m.entity_id = ?
                       AND m.passage_id = q.passage_id AND m.start >= q.start AND m."end" <= q."end")"""
            params.append(row["id"])
        sql += " ORDER BY u.published DESC, q.id LIMIT ?"
        params.append(limit)
        return [dict(r) for r in c.execute(sql, params)]
    finally:
        if own:
            c.close()

