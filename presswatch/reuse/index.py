"""The persistent reuse index in SQLite: signatures, LSH band keys and containment samples.

Adding passages inserts rows; nothing is ever rebuilt, so a run that brings 1,000 new passages costs
1,000 signatures, their band rows and one lookup per band, whatever the size of the archive. Rows of
passages deleted later (a page re-processed) lose their ``reuse_sig`` row through a trigger; their
band and sample rows no longer join ``reuse_sig``, are ignored by lookups and removed by :func:`prune`.

Band keys and samples are random, so the rows of a batch land on random B-tree leaves: once a table has
more leaves than a batch has rows, every row costs a leaf read and written, and the pages written per
ingested page grow with the archive (1.7 at 1,000 pages, 24 at 10,000, 159 at 100,000). New rows go to
small *level* tables instead (``reuse_bands_l0`` .. ``_l3``, migration 0036); a level holding more than
its cap (:data:`LEVEL_CAPS`) is moved to the next level in key order, where each leaf receives many rows
at once, and the last level into ``reuse_bands`` / ``reuse_fp``, the largest. Levels 1 to 3 are *tiered*
(migration 0048, :func:`insert_tiered`): each holds up to :data:`RUNS` runs, tables written once, in key
order, into an empty table; a level whose runs are all full is merged into one new run of the next. So a
row is written once per level, where merging into the next level's one table (:func:`insert_levelled`,
``ReuseIndex(runs=1)``, the layout of 0036) rewrote every leaf of that table at each merge, about
fan-out / 2 times per row and level. A lookup reads the union of every non-empty table: the same rows as
one table holding them all, less the tables whose membership filter (:mod:`presswatch.reuse.filters`,
migration 0047) says they cannot hold the key.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from presswatch.reuse import filters
from presswatch.reuse.minhash import LshParams, band_keys, from_blob, signatures, to_blob
from presswatch.reuse.shingles import Shingled, ShingleParams, samples

# Rows a level table may hold before it is merged into the next (x8 each: a row is rewritten once per
# level, each merge writing about 8 / (rows per leaf) of a leaf per row); level 0 (~300 leaves of band
# rows) stays in a 2 MiB page cache. The main tables are the level after the last.
LEVEL_CAPS: tuple[int, ...] = (1 << 16, 1 << 19, 1 << 22, 1 << 25)
COLUMNS = {"reuse_bands": "key", "reuse_fp": "fp"}
# Runs a tiered level (1 to 3) holds (migration 0048): level i's table ``{main}_l{i}`` (run 0) and
# ``{main}_l{i}_r1`` .. ``_r7``. With level 0's cap of 64 Ki rows, a level-1 run holds one level 0
# (64 Ki rows and a batch), a level-2 run 8 of them, a level-3 run 64: the sizes of the caps above.
RUNS = 8


def level_tables(main: str) -> list[str]:
    """The first table of each level of ``main`` ("reuse_bands" or "reuse_fp"), newest first (the
    levelled layout's tables; run 0 of each tiered level)."""
    return [f"{main}_l{i}" for i in range(len(LEVEL_CAPS))]


def run_tables(main: str, level: int, runs: int = RUNS) -> list[str]:
    """The run tables of tiered ``level`` (1 to 3) of ``main``: run 0 first."""
    return [f"{main}_l{level}", *(f"{main}_l{level}_r{j}" for j in range(1, runs))]


def all_level_tables(main: str) -> list[str]:
    """Every level table of ``main``: level 0, then every run of levels 1 to 3."""
    return [f"{main}_l0", *(t for i in range(1, len(LEVEL_CAPS)) for t in run_tables(main, i))]


def index_tables(main: str) -> list[str]:
    """Every table holding rows of ``main``: its levels (every run), newest first, then itself."""
    return [*all_level_tables(main), main]


@dataclass(frozen=True)
class Entry:
    passage_id: int
    unit_id: int
    shingled: Shingled
    shingle_count: int | None = None   # when ``shingled`` comes without its shingles (a stored signature)


@dataclass(frozen=True)
class Indexed:
    """What the index keeps about one passage."""

    passage_id: int
    unit_id: int
    shingles: int
    exact: int
    sig: np.ndarray


@dataclass
class Candidate:
    passage_id: int
    bands: int = 0        # LSH band keys shared
    samples: int = 0      # containment samples shared


@dataclass
class ReuseIndex:
    """Add passages and look up candidates; the caller owns the transaction."""

    conn: sqlite3.Connection
    lsh: LshParams = field(default_factory=LshParams)
    shingle: ShingleParams = field(default_factory=ShingleParams)
    max_postings: int = 500   # an LSH bucket holding more passages is boilerplate: ignored
    max_samples: int = 50     # a containment sample shared by more passages is a stock phrase: ignored
    # Level caps (:data:`LEVEL_CAPS`); () writes new rows straight into the main tables (the layout
    # before migration 0036: same lookups, same candidates).
    levels: tuple[int, ...] = LEVEL_CAPS
    # Membership filters over the merged levels (:mod:`presswatch.reuse.filters`); False reads every
    # level and keeps none (the layout before migration 0047; merges then drop the filters they make stale).
    use_filters: bool = True
    # Runs per tiered level (:data:`RUNS`, :func:`insert_tiered`); 1: a level over its cap is merged into
    # the next level's one table (:func:`insert_levelled`, the layout before migration 0048).
    runs: int = RUNS
    # Postings read per band key / sample in this index's life (one detect call), so a page of
    # thousands of near-identical paragraphs costs one bounded read per distinct key, not one per
    # passage; ``work`` counts rows read, for tests that check the cost grows linearly.
    _buckets: dict[tuple[str, int], list[int] | None] = field(default_factory=dict, repr=False)
    work: dict[str, int] = field(default_factory=lambda: {"postings_read": 0, "lookups": 0, "merged_rows": 0},
                                 repr=False)
    _lookup_sql: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict, repr=False)  # per tables read
    _live: dict[str, list[str]] = field(default_factory=dict, repr=False)   # non-empty tables per main table

    def __post_init__(self) -> None:
        if len(self.levels) > len(LEVEL_CAPS):
            raise ValueError(f"at most {len(LEVEL_CAPS)} levels (the tables of migration 0036)")
        if not 1 <= self.runs <= RUNS:
            raise ValueError(f"1 to {RUNS} runs per level (the tables of migration 0048)")

    def add(self, entries: Sequence[Entry], sigs: np.ndarray | None = None,
            lookup: bool = False) -> dict[int, tuple[np.ndarray, list[int]]]:
        """Index ``entries`` (with their signatures when already computed); return
        passage_id -> (band keys, containment samples). With ``lookup``, the postings of every band key
        and sample of the batch are read first, before the batch's rows go in (and may be merged into a
        level with a filter, which would then hold every key of the batch), and the batch's own rows are
        added to them: the postings a lookup after the insert reads (see :meth:`prefetch`)."""
        if not entries:
            return {}
        if sigs is None:
            sigs = signatures([e.shingled.shingles for e in entries], self.lsh)
        keys = band_keys(sigs, self.lsh)
        out: dict[int, tuple[np.ndarray, list[int]]] = {}
        sig_rows: list[tuple[int, int, int, int, bytes]] = []
        band_rows: list[tuple[int, int]] = []
        fp_rows: list[tuple[int, int]] = []
        for i, e in enumerate(entries):
            count = len(e.shingled.shingles) if e.shingle_count is None else e.shingle_count
            sig_rows.append((e.passage_id, e.unit_id, count, e.shingled.exact, to_blob(sigs[i])))
            band_rows.extend(zip(keys[i].tolist(), [e.passage_id] * len(keys[i]), strict=True))
            fps = samples(set(e.shingled.hashes), self.shingle.sample_mod)
            fp_rows.extend((fp, e.passage_id) for fp in fps)
            out[e.passage_id] = (keys[i], fps)
        self.conn.executemany(
            "INSERT OR REPLACE INTO reuse_sig (passage_id, unit_id, shingles, exact, sig) VALUES (?, ?, ?, ?, ?)",
            sig_rows)
        # Sorted inserts touch each B-tree page once per batch instead of at random.
        band_rows.sort()
        fp_rows.sort()
        if lookup:
            self._with_batch("reuse_bands", band_rows, self.max_postings)
            self._with_batch("reuse_fp", fp_rows, self.max_samples)
        self._insert("reuse_bands", band_rows)
        self._insert("reuse_fp", fp_rows)
        return out

    def _with_batch(self, main: str, rows: list[tuple[int, int]], cap: int) -> None:
        """Cache, for every value of ``rows`` (the batch's, sorted), the stored postings read now plus
        the batch's own: the distinct passages, None over ``cap``, as :meth:`_read` gives them after
        the insert."""
        values: list[int] = []
        groups: list[list[int]] = []     # the batch's passages per value (rows are sorted by value)
        buckets = self._buckets
        for value, pid in rows:
            if values and values[-1] == value:
                groups[-1].append(pid)
            elif (main, value) not in buckets:
                values.append(value)
                groups.append([pid])
        self.work["postings_read"] += sum(map(len, groups))
        for value, group, stored in zip(values, groups, self._lookup(main, values, cap), strict=True):
            if stored is None:
                buckets[(main, value)] = None
                continue
            ids = set(stored).union(group) if stored or len(group) > 1 else group
            buckets[(main, value)] = None if len(ids) > cap else sorted(ids)

    def _insert(self, main: str, rows: list[tuple[int, int]]) -> None:
        """Insert (value, passage_id) rows into level 0 and merge every level over its cap into the next."""
        column = COLUMNS[main]
        self._lookup_sql.clear()
        self._live.pop(main, None)
        if not self.levels:
            filters.drop(self.conn, [main])     # written other than by a merge: its filter no longer holds
            self.conn.executemany(f"INSERT OR IGNORE INTO {main} ({column}, passage_id) VALUES (?, ?)", rows)
            return
        if self.runs > 1 and len(self.levels) > 1:
            self.work["merged_rows"] += insert_tiered(self.conn, main, rows, self.levels, self.runs,
                                                      filtered=self.use_filters)
            return
        self.work["merged_rows"] += insert_levelled(self.conn, [*level_tables(main)[:len(self.levels)], main],
                                                    (column, "passage_id"), rows, self.levels, filtered=self.use_filters)

    def live_tables(self, main: str) -> list[str]:
        """The non-empty tables of ``main`` (levels newest first, then itself); [main] when all are empty."""
        live = self._live.get(main)
        if live is None:
            live = [t for t in index_tables(main)
                    if self.conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]] or [main]
            self._live[main] = live
        return live

    def _sql(self, main: str, tables: tuple[str, ...]) -> tuple[str, str]:
        """The lookup statements over ``tables`` (see :meth:`lookup_sql`)."""
        sql = self._lookup_sql.get(tables)
        if sql is None:
            column = COLUMNS[main]
            parts = [f"SELECT passage_id FROM {t} WHERE {column} = ?1" for t in tables]
            sql = (" UNION ALL ".join(parts) + " LIMIT ?2", " UNION ".join(parts) + " LIMIT ?2" if len(parts) > 1 else "")
            self._lookup_sql[tables] = sql
        return sql

    def _lookup(self, main: str, values: list[int], cap: int) -> list[list[int] | None]:
        """The stored postings of each of ``values`` (any order; read in key order), as :meth:`_read`
        gives them; a table whose filter says it cannot hold a value is not read for it, and a value
        no table may hold reads nothing."""
        order = sorted(range(len(values)), key=values.__getitem__)     # signed 64-bit, SQLite's order
        ordered = [values[i] for i in order]
        live = self.live_tables(main)
        # Per value, the tables to read as a bit set over ``live`` (bit b: live[b] may hold it).
        code = np.zeros(len(ordered), dtype=np.int64)
        for bit, table in enumerate(live):
            mask = filters.may_hold(self.conn, table, ordered) if self.use_filters else None
            code |= (np.int64(1) << bit) if mask is None else (mask.astype(np.int64) << bit)
        sqls = {c: self._sql(main, tuple(t for b, t in enumerate(live) if c >> b & 1)) for c in set(code.tolist()) if c}
        out: list[list[int] | None] = [None] * len(values)
        read = self._read
        for i, value, c in zip(order, ordered, code.tolist(), strict=True):
            out[i] = read(sqls[c], value, cap) if c else []
        return out

    def lookup_sql(self, main: str) -> tuple[str, str]:
        """The statements reading the postings of one value (``?1``) of ``main``, at most ``?2`` rows, over
        its non-empty tables (levels and main): ``UNION ALL`` (no temporary table to drop duplicates) and
        ``UNION`` (distinct; "" when one table is read, which holds no duplicate)."""
        return self._sql(main, tuple(self.live_tables(main)))

    def _read(self, sql: tuple[str, str], value: int, cap: int) -> list[int] | None:
        """The passages holding ``value`` (the rows of one table holding every level), or None when more
        than ``cap`` do. A row is in two levels only when a passage id was indexed again before its old
        rows were pruned; the distinct union is read only when such a copy could decide the cap."""
        ids = [int(r[0]) for r in self.conn.execute(sql[0], (value, cap + 1)).fetchall()]
        self.work["lookups"] += 1
        self.work["postings_read"] += len(ids)
        if sql[1]:
            distinct = set(ids)
            if len(distinct) < len(ids):
                if len(ids) > cap:     # the cap + 1 rows read may hold fewer than cap + 1 passages
                    ids = [int(r[0]) for r in self.conn.execute(sql[1], (value, cap + 1)).fetchall()]
                else:
                    ids = sorted(distinct)
        return None if len(ids) > cap else ids

    def rows(self, main: str) -> list[tuple[int, int]]:
        """Every (value, passage_id) row of ``main`` and its levels, sorted (for checks and tests)."""
        column = COLUMNS[main]
        return sorted({(int(r[0]), int(r[1])) for t in index_tables(main)
                       for r in self.conn.execute(f"SELECT {column}, passage_id FROM {t}")})

    def bulk_load(self, passage_ids: np.ndarray, unit_ids: np.ndarray, shingle_counts: np.ndarray,
                  exact: np.ndarray, sigs: np.ndarray, sample_values: np.ndarray, sample_offsets: np.ndarray,
                  chunk: int = 200_000) -> int:
        """Build the index for many passages at once (a new or rebuilt archive): every row is sorted by
        key first, so each B-tree is filled in order instead of at random. Same rows as :meth:`add`.
        ``sample_values[sample_offsets[i]:sample_offsets[i + 1]]`` are passage i's samples."""
        n = len(passage_ids)
        pids = np.asarray(passage_ids, dtype=np.int64)
        filters.drop(self.conn, list(COLUMNS))     # the main tables written other than by a merge
        self._lookup_sql.clear()                   # the main tables may have been empty when last read
        self._live.clear()
        self.conn.executemany(
            "INSERT OR REPLACE INTO reuse_sig (passage_id, unit_id, shingles, exact, sig) VALUES (?, ?, ?, ?, ?)",
            ((int(pids[i]), int(unit_ids[i]), int(shingle_counts[i]), int(exact[i]), to_blob(sigs[i]))
             for i in range(n)))
        keys = np.concatenate([band_keys(np.asarray(sigs[lo:lo + chunk]), self.lsh).reshape(-1)
                               for lo in range(0, n, chunk)])
        owners = np.repeat(pids, self.lsh.bands)
        order = np.lexsort((owners, keys))
        keys, owners = keys[order], owners[order]
        for lo in range(0, len(keys), chunk):
            self.conn.executemany("INSERT OR IGNORE INTO reuse_bands (key, passage_id) VALUES (?, ?)",
                                  zip(keys[lo:lo + chunk].tolist(), owners[lo:lo + chunk].tolist(), strict=True))
        del keys, owners
        counts: np.ndarray = np.diff(np.asarray(sample_offsets, dtype=np.int64)).astype(np.int64)
        fps = np.asarray(sample_values, dtype=np.int64)
        fp_owners = np.repeat(pids, counts)
        order = np.lexsort((fp_owners, fps))
        fps, fp_owners = fps[order], fp_owners[order]
        for lo in range(0, len(fps), chunk):
            self.conn.executemany("INSERT OR IGNORE INTO reuse_fp (fp, passage_id) VALUES (?, ?)",
                                  zip(fps[lo:lo + chunk].tolist(), fp_owners[lo:lo + chunk].tolist(), strict=True))
        return n

    def _postings(self, table: str, value: int, cap: int) -> list[int]:
        """Postings of one value (at most ``cap + 1`` rows read); none when more than ``cap`` share it
        (a stock phrase or a boilerplate bucket says nothing). Cached for the life of this index."""
        cached = self._buckets.get((table, value), ())
        if cached != ():
            return cached or []
        out = self._read(self.lookup_sql(table), value, cap)
        self._buckets[(table, value)] = out
        return out or []

    def prefetch(self, keys: Iterable[int], fps: Iterable[int]) -> None:
        """Read the postings of a batch's band keys and samples at once, each table in key order (the
        rows :meth:`_postings` would read, cached for :meth:`candidates`). LSH keys and samples are
        random, so one passage's lookups land on as many B-tree leaves as it has keys; in key order the
        lookups of a whole batch walk each table's leaves once, in order, instead of reading a leaf
        again for every key on it (at 100,000 pages a 2 MiB page cache holds a small part of
        ``reuse_bands``)."""
        buckets = self._buckets
        for table, values, cap in (("reuse_bands", keys, self.max_postings), ("reuse_fp", fps, self.max_samples)):
            todo = sorted(v for v in {int(v) for v in values} if (table, v) not in buckets)  # signed 64-bit
            for value, ids in zip(todo, self._lookup(table, todo, cap), strict=True):
                buckets[(table, value)] = ids

    def candidates(self, passage_id: int, keys: Iterable[int], fps: Iterable[int]) -> dict[int, Candidate]:
        """Passages sharing a band key or containment samples with ``passage_id`` (not itself).

        Cost per passage is bounded by ``bands * max_postings + samples * max_samples`` whatever the
        archive holds: a bucket over its cap is read only up to the cap, once, and then ignored."""
        found: dict[int, Candidate] = {}
        for key in dict.fromkeys(int(k) for k in keys):
            for pid in self._postings("reuse_bands", key, self.max_postings):
                if pid != passage_id:
                    found.setdefault(pid, Candidate(pid)).bands += 1
        for fp in fps:
            for pid in self._postings("reuse_fp", int(fp), self.max_samples):
                if pid != passage_id:
                    found.setdefault(pid, Candidate(pid)).samples += 1
        return found

    def load(self, passage_ids: Iterable[int]) -> dict[int, Indexed]:
        """Stored signatures of ``passage_ids`` (deleted passages are simply absent)."""
        ids = list(passage_ids)
        out: dict[int, Indexed] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT passage_id, unit_id, shingles, exact, sig FROM reuse_sig WHERE passage_id IN ({marks})",
                    chunk):
                out[int(row[0])] = Indexed(int(row[0]), int(row[1]), int(row[2]), int(row[3]), from_blob(row[4]))
        return out

    def indexed_units(self, unit_ids: Iterable[int]) -> dict[int, list[int]]:
        """unit_id -> its indexed passage ids."""
        out: dict[int, list[int]] = defaultdict(list)
        ids = list(unit_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT unit_id, passage_id FROM reuse_sig WHERE unit_id IN ({marks})", chunk):
                out[int(row[0])].append(int(row[1]))
        return dict(out)


def insert_levelled(conn: sqlite3.Connection, tables: Sequence[str], columns: tuple[str, str],
                    rows: Iterable[tuple[object, object]], caps: Sequence[int], filtered: bool = False) -> int:
    """Insert ``rows`` (sorted by key) into ``tables[0]``, then merge every level holding more than its
    cap (``caps[i]`` for ``tables[i]``) into the next, in key order, and empty it; ``tables[-1]`` is the
    main table, the largest level. Rows held per level are kept in ``reuse_levels``. Returns the rows
    merged. The rows of a level are written to the next one leaf after the other, many rows per leaf,
    instead of one leaf per row as random keys inserted into a large table are. With ``filtered``, the
    membership filter of the level merged into takes the moved keys, and the emptied level's is
    dropped (:mod:`presswatch.reuse.filters`)."""
    key, owner = columns
    counts = {str(r[0]): int(r[1]) for r in conn.execute(
        f"SELECT name, rows FROM reuse_levels WHERE name IN ({','.join('?' * len(tables))})", list(tables))}
    counts[tables[0]] = counts.get(tables[0], 0) + conn.executemany(
        f"INSERT OR IGNORE INTO {tables[0]} ({key}, {owner}) VALUES (?, ?)", rows).rowcount
    merged = 0
    for i, cap in enumerate(caps[:len(tables) - 1]):
        if counts.get(tables[i], 0) <= cap:
            break
        # In key order: the next level's leaves are written once each, with many rows each.
        moved = conn.execute(f"INSERT OR IGNORE INTO {tables[i + 1]} ({key}, {owner}) "
                             f"SELECT {key}, {owner} FROM {tables[i]} ORDER BY {key}, {owner}").rowcount
        counts[tables[i + 1]] = counts.get(tables[i + 1], 0) + moved
        if filtered:
            after = (counts[tables[i + 1]] if i + 1 < len(tables) - 1   # the main table's rows are not counted
                     else int(conn.execute(f"SELECT COUNT(*) FROM {tables[i + 1]}").fetchone()[0]))
            filters.merged_into(conn, tables[i + 1], tables[i], after)
        filters.drop(conn, [tables[i]] if filtered else [tables[i], tables[i + 1]])   # (no-op for other tables)
        conn.execute(f"DELETE FROM {tables[i]}")
        counts[tables[i]] = 0
        merged += moved
    conn.executemany("INSERT OR REPLACE INTO reuse_levels (name, rows) VALUES (?, ?)",
                     [(t, n) for t, n in counts.items() if t != tables[-1]])
    return merged


def insert_tiered(conn: sqlite3.Connection, main: str, rows: Iterable[tuple[int, int]], caps: Sequence[int],
                  runs: int = RUNS, filtered: bool = False) -> int:
    """Insert ``rows`` (sorted by key) into level 0 of ``main``; level 0 over ``caps[0]`` rows becomes a
    new run of level 1, and a level whose ``runs`` runs are all full is first merged into one new run of
    the next (the last level's into ``main``): levels 1 .. ``len(caps) - 1``, :func:`run_tables`. A run
    is written once, in key order, into an empty table (appended leaf after leaf), so each row is
    written once per level; only the merge into ``main`` inserts into a table already holding rows. Rows
    held per table are kept in ``reuse_levels``. Returns the rows moved. With ``filtered``, every run
    written gets its membership filter and ``main``'s takes the moved keys
    (:mod:`presswatch.reuse.filters`); the emptied tables' are dropped."""
    key = COLUMNS[main]
    tiers = [run_tables(main, i, runs) for i in range(1, len(caps))]
    names = [f"{main}_l0", *(t for tier in tiers for t in tier)]
    counts = dict.fromkeys(names, 0) | {str(r[0]): int(r[1]) for r in conn.execute(
        f"SELECT name, rows FROM reuse_levels WHERE name IN ({','.join('?' * len(names))})", names)}
    counts[names[0]] += conn.executemany(
        f"INSERT OR IGNORE INTO {names[0]} ({key}, passage_id) VALUES (?, ?)", rows).rowcount
    moved = _push(conn, main, tiers, 0, [names[0]], counts, filtered) if counts[names[0]] > caps[0] else 0
    conn.executemany("INSERT OR REPLACE INTO reuse_levels (name, rows) VALUES (?, ?)", list(counts.items()))
    return moved


def _push(conn: sqlite3.Connection, main: str, tiers: list[list[str]], level: int, sources: list[str],
          counts: dict[str, int], filtered: bool) -> int:
    """Move every row of ``sources`` into one new run of ``tiers[level]`` (into ``main`` past the last
    level), in key order, and empty them; a level with no empty run is first merged into the next."""
    key = COLUMNS[main]
    moved = 0
    if level < len(tiers):
        free = [t for t in tiers[level] if counts[t] == 0]
        if not free:
            moved += _push(conn, main, tiers, level + 1, tiers[level], counts, filtered)
            free = tiers[level]
        target = free[0]
    else:
        target = main
    # A compound SELECT ordered by its columns is a merge of the sources' ordered scans (no sort).
    union = " UNION ALL ".join(f"SELECT {key}, passage_id FROM {s}" for s in sources)
    n = int(conn.execute(f"INSERT OR IGNORE INTO {target} ({key}, passage_id) {union} ORDER BY 1, 2").rowcount)
    if target == main:
        if filtered:
            after = int(conn.execute(f"SELECT COUNT(*) FROM {main}").fetchone()[0])
            for source in sources:
                filters.merged_into(conn, main, source, after)
        else:
            filters.drop(conn, [main])
    else:
        counts[target] = n
        if filtered:
            filters.build(conn, target, n)
        else:
            filters.drop(conn, [target])
    for source in sources:
        filters.drop(conn, [source])
        conn.execute(f"DELETE FROM {source}")
        counts[source] = 0
    return moved + n


def prune(conn: sqlite3.Connection) -> int:
    """Remove band and sample rows of passages no longer indexed (every level); return rows removed."""
    removed = 0
    for main in COLUMNS:
        for table in index_tables(main):
            removed += conn.execute(
                f"DELETE FROM {table} WHERE passage_id NOT IN (SELECT passage_id FROM reuse_sig)").rowcount
    recount(conn)
    return int(removed)


def recount(conn: sqlite3.Connection) -> None:
    """Count the rows of every level table again (after rows were deleted other than by a merge)."""
    for main in COLUMNS:
        for table in all_level_tables(main):
            conn.execute("INSERT OR REPLACE INTO reuse_levels (name, rows) VALUES (?, (SELECT COUNT(*) FROM "
                         f"{table}))", (table,))


def clear(conn: sqlite3.Connection) -> None:
    """Remove every band and sample row (every level) and the level counts."""
    filters.drop_all(conn)
    for main in COLUMNS:
        for table in index_tables(main):
            conn.execute(f"DELETE FROM {table}")
            # (only this index's counts: the table also counts translation's anchor levels)
            conn.execute("DELETE FROM reuse_levels WHERE name = ?", (table,))
