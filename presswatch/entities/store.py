"""Entities in the archive: syncing the watchlist, building the linker, writing a unit's links."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from presswatch.config import Config
from presswatch.entities.discover import SpacyNer
from presswatch.entities.discover_en import WordCase
from presswatch.entities.linker import Linker, UnitLinks
from presswatch.entities.normalize import folded_name
from presswatch.entities.watchlist import Watchlist, load_watchlist
from presswatch.store.db import utcnow


def project_root(conn: sqlite3.Connection) -> Path:
    """The project folder: the nearest folder holding presswatch.toml above the archive file."""
    row = conn.execute("PRAGMA database_list").fetchone()
    db = Path(row[2]) if row and row[2] else Path.cwd() / "presswatch.sqlite"
    for folder in [db.parent, *db.parent.parents]:
        if (folder / "presswatch.toml").exists():
            return folder
    return db.parent


def watchlist_path(root: Path, config: Config) -> Path:
    path = Path(str(config.get("entities.watchlist", "watchlist.toml"))).expanduser()
    return path if path.is_absolute() else root / path


def entity_id(conn: sqlite3.Connection, key: str, name: str, kind: str, source: str) -> int:
    row = conn.execute("SELECT id, merged_into FROM entities WHERE key = ?", (key,)).fetchone()
    if row is not None:
        return int(row["merged_into"] or row["id"])
    cur = conn.execute("INSERT INTO entities (key, kind, name, source, created_at) VALUES (?, ?, ?, ?, ?)",
                       (key, kind, name, source, utcnow()))
    return int(cur.lastrowid or 0)


def add_alias_row(conn: sqlite3.Connection, entity: int, alias: str, source: str,
                  passage_id: int | None = None, evidence: str | None = None) -> None:
    conn.execute(
        """INSERT OR IGNORE INTO entity_aliases (entity_id, alias, folded, source, passage_id, evidence, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (entity, alias, folded_name(alias), source, passage_id, evidence, utcnow()))


def sync_watchlist(conn: sqlite3.Connection, watchlist: Watchlist) -> int:
    """Make sure every watchlist entity and alias is in the archive. Call inside a transaction."""
    listed = set()
    for e in watchlist.entities:
        eid = entity_id(conn, e.key, e.name, e.kind, "watchlist")
        listed.add(e.key)
        conn.execute("UPDATE entities SET name = ?, kind = ?, source = 'watchlist' WHERE id = ? AND key = ?",
                     (e.name, e.kind, eid, e.key))
        names = {folded_name(n) for n in e.names()}
        for row in conn.execute("SELECT id, folded FROM entity_aliases WHERE entity_id = ? AND source = 'watchlist'",
                                (eid,)).fetchall():
            if row["folded"] not in names:  # removed from the file by hand
                conn.execute("DELETE FROM entity_aliases WHERE id = ?", (row["id"],))
        for alias in e.names():
            add_alias_row(conn, eid, alias, "watchlist")
    # entities taken out of the file keep their history but are no longer matched by their listed names
    for row in conn.execute("SELECT id, key FROM entities WHERE source = 'watchlist' AND merged_into IS NULL").fetchall():
        if row["key"] not in listed and watchlist.path is not None:
            conn.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND source = 'watchlist'", (row["id"],))
    return len(watchlist.entities)


def build_linker(conn: sqlite3.Connection, ner: SpacyNer | None = None, config: Config | None = None) -> Linker:
    """A linker knowing every entity of the archive and its active aliases (rejected ones excluded)."""
    cfg = config or Config()
    linker = Linker(ner=ner, discover=bool(cfg.get("entities.discover", True)),
                    learn=bool(cfg.get("entities.learn_aliases", True)))
    keys = {int(r["id"]): str(r["key"]) for r in conn.execute("SELECT id, key FROM entities")}
    for r in conn.execute("SELECT a.folded, e.key FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
                          "WHERE a.status = 'rejected'"):
        linker.rejected.add((str(r["key"]), str(r["folded"])))
    rows = conn.execute("SELECT id, key, name, kind FROM entities WHERE merged_into IS NULL ORDER BY id").fetchall()
    for r in rows:
        linker.kinds[r["key"]] = r["kind"]
        linker.names[r["key"]] = r["name"]
    for r in conn.execute(
            """SELECT COALESCE(e.merged_into, e.id) AS eid, a.alias FROM entity_aliases a
               JOIN entities e ON e.id = a.entity_id WHERE a.status = 'active' ORDER BY a.id"""):
        linker.add_alias(keys[int(r["eid"])], str(r["alias"]))
    return linker


@dataclass
class LinkerCache:
    """The linker of one stage object, built once and kept from batch to batch of a run.

    Building it reads every entity and alias of the archive, so building it per batch of 500 units made
    the cost per unit grow with the archive. Between batches the kept linker already holds what the
    stage wrote (it learns as it links); it is built again when another connection committed to the
    archive since (``PRAGMA data_version``: an editor merged entities or rejected an alias meanwhile).
    What the linker counts per batch (word case, spaCy label votes) starts afresh each batch, as with a
    new linker."""

    linker: Linker | None = None
    version: int | None = None
    builds: int = 0

    def get(self, conn: sqlite3.Connection, ner: SpacyNer | None, config: Config | None = None) -> Linker:
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if self.linker is None or version != self.version:
            self.linker = build_linker(conn, ner, config)
            self.builds += 1
        else:
            self.linker.case = WordCase()
            self.linker.kind_votes = {}
            self.linker.ner = ner
        self.version = version
        return self.linker


def write_unit_links(conn: sqlite3.Connection, unit_id: int, passage_ids: list[int], links: UnitLinks,
                     linker: Linker) -> int:
    """Store a unit's mentions, the entities it discovered, learned aliases and merge suggestions."""
    ids: dict[str, int] = {}

    def eid(key: str) -> int:
        if key not in ids:
            name, kind = links.discovered.get(key, (linker.names.get(key, key), linker.kinds.get(key, "unknown")))
            source = "discovered" if key.startswith("auto:") else "watchlist"
            ids[key] = entity_id(conn, key, name, kind, source)
            if source == "discovered":
                add_alias_row(conn, ids[key], name, "discovered")
        return ids[key]

    conn.execute("DELETE FROM mentions WHERE unit_id = ?", (unit_id,))
    for item in links.learned:
        add_alias_row(conn, eid(item.entity), item.alias, "learned", passage_ids[item.passage], item.evidence)
    conn.executemany(
        """INSERT INTO mentions (entity_id, passage_id, unit_id, start, "end", surface, method)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [(eid(m.entity), passage_ids[m.passage], unit_id, m.start, m.end, m.surface, m.method)
         for m in links.mentions])
    for key, kind in links.kinds.items():
        conn.execute("UPDATE entities SET kind = ? WHERE key = ? AND source = 'discovered'", (kind, key))
    for new, known, reason in links.suggestions:
        conn.execute("""INSERT OR IGNORE INTO merge_suggestions (entity_id, other_id, reason, created_at)
                        VALUES (?, ?, ?, ?)""", (eid(known), eid(new), reason, utcnow()))
    return len(links.mentions)


def load_project_watchlist(conn: sqlite3.Connection, config: Config) -> Watchlist:
    return load_watchlist(watchlist_path(project_root(conn), config))
