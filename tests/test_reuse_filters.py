"""Membership filters over the reuse index's merged levels (migration 0047): a lookup reads a level
only when its filter says the key may be there, so a key found nowhere reads level 0 and nothing else
however many levels hold rows, and the postings found are those of reading every level."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from presswatch.reuse import filters
from presswatch.reuse.index import ReuseIndex, index_tables, insert_levelled, level_tables
from presswatch.store.db import connect, migrate, transaction

LEVELLED = re.compile(r"FROM (reuse_bands(?:_l\d)?) WHERE key = -?\d+")
CAPS = (400, 1600, 6400, 25600)


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    c = connect(tmp_path / "a.sqlite")
    migrate(c)
    return c


def fill_levels(conn: sqlite3.Connection, batches: int, rng: random.Random) -> list[tuple[int, int]]:
    """Random band rows in batches of 300 through the level merges (small caps): rows at every level."""
    rows: list[tuple[int, int]] = []
    tables = [*level_tables("reuse_bands"), "reuse_bands"]
    for b in range(batches):
        batch = sorted((rng.getrandbits(64) - (1 << 63), b * 300 + i) for i in range(300))
        with transaction(conn):
            insert_levelled(conn, tables, ("key", "passage_id"), batch, CAPS, filtered=True)
        rows.extend(batch)
    return rows


def test_a_filter_holds_every_key_of_its_level_and_few_others(conn: sqlite3.Connection) -> None:
    rng = random.Random(5)
    rows = fill_levels(conn, 30, rng)
    held = {t: [k for k, _ in conn.execute(f"SELECT key, passage_id FROM {t}")] for t in index_tables("reuse_bands")}
    filtered = [t for t in held if held[t] and filters.info(conn, t) is not None]
    assert len(filtered) >= 2          # merged levels have filters (incremental updates and rebuilds)
    assert filters.info(conn, "reuse_bands_l0") is None     # level 0 never has one
    absent = [rng.getrandbits(64) - (1 << 63) for _ in range(5000)]
    for table in filtered:
        mask = filters.may_hold(conn, table, held[table])
        assert mask is not None and bool(mask.all())        # no false negative
        wrong = filters.may_hold(conn, table, absent)
        assert wrong is not None and wrong.mean() < 0.03    # ~1% false positives
    assert sum(len(v) for v in held.values()) == len(rows)


def test_a_key_found_nowhere_reads_level_0_only(conn: sqlite3.Connection) -> None:
    rng = random.Random(7)
    rows = fill_levels(conn, 35, rng)
    live = ReuseIndex(conn).live_tables("reuse_bands")
    assert len(live) >= 4, live                 # rows in four tables: four reads per key without filters
    present = rows[::97]
    absent = [rng.getrandbits(64) - (1 << 63) for _ in range(2000)]
    read: list[str] = []
    conn.set_trace_callback(lambda sql: read.extend(LEVELLED.findall(sql)))
    index = ReuseIndex(conn)
    index.prefetch([k for k, _ in present] + absent, [])
    conn.set_trace_callback(None)
    merged = [t for t in read if t != "reuse_bands_l0"]
    assert read.count("reuse_bands_l0") == len(present) + len(absent)   # level 0 (no filter) read for every key
    # A present key reads the level that holds it (and rarely a false positive); an absent one none of
    # the merged levels but for ~1% false positives: at most 1 + 3% merged levels per key, not len(live).
    assert len(merged) <= len(present) + 0.03 * len(absent) * len(live)
    assert len(merged) < 0.2 * (len(present) + len(absent))
    for key, pid in present:
        assert pid in index.candidates(-1, [key], {}).keys()
    # The postings equal those of reading every table.
    full = ReuseIndex(conn)
    for key in [k for k, _ in present] + absent[:200]:
        ids = full._read(full._sql("reuse_bands", tuple(live)), key, full.max_postings)
        got = index._buckets[("reuse_bands", key)]
        # (None: over the cap, never the same as [] found nowhere)
        assert (None if got is None else sorted(got)) == (None if ids is None else sorted(ids)), key


def test_lookups_before_the_insert_give_the_postings_read_after_it(tmp_path: Path) -> None:
    """``add(lookup=True)`` reads the stored postings before the batch's rows go in (and are merged into a
    filtered level) and adds the batch's: the same postings, cap included, as looking up after."""
    from presswatch.reuse.index import Entry
    from presswatch.reuse.shingles import ShingleParams, shingle_text

    rng = random.Random(3)
    words = [f"w{i}" for i in range(60)]
    texts = [" ".join(rng.choice(words) for _ in range(40)) for _ in range(40)]
    texts += texts[:10] * 3 + texts[10:20]     # repeated passages: shared keys, some over a small cap
    dbs = []
    for name in ("after", "before"):
        c = connect(tmp_path / f"{name}.sqlite")
        migrate(c)
        dbs.append(c)
    buckets = []
    for c, lookup in zip(dbs, (False, True), strict=True):
        got: dict[tuple[str, int], list[int] | None] = {}
        for start in range(0, len(texts), 10):
            index = ReuseIndex(c, max_postings=3, max_samples=3, levels=(150, 300, 600, 1200))
            entries = []
            for i in range(start, min(start + 10, len(texts))):
                sh = shingle_text(texts[i], ShingleParams())
                assert sh is not None
                entries.append(Entry(i + 1, i + 1, sh))
            with transaction(c):
                added = index.add(entries, lookup=lookup)
                index.prefetch((int(k) for keys, _ in added.values() for k in keys.tolist()),
                               (fp for _, fps in added.values() for fp in fps))
            got.update({k: (sorted(v) if v is not None else None) for k, v in index._buckets.items()})
        buckets.append(got)
    assert buckets[0] == buckets[1]
    assert any(v is None for v in buckets[0].values()) and any(v and len(v) > 1 for v in buckets[0].values())
    assert dbs[1].execute("SELECT COUNT(*) FROM reuse_filters").fetchone()[0] > 0   # merged levels were filtered


def test_writing_a_table_other_than_by_a_merge_drops_its_filter(conn: sqlite3.Connection) -> None:
    fill_levels(conn, 100, random.Random(11))
    assert filters.info(conn, "reuse_bands") is not None     # the last merges reached the main table
    with transaction(conn):
        ReuseIndex(conn, levels=())._insert("reuse_bands", [(1, 10**6)])
    assert filters.info(conn, "reuse_bands") is None         # else key 1 would be filtered out
    assert 10**6 in ReuseIndex(conn).candidates(-1, [1], {})
    with transaction(conn):
        filters.build(conn, "reuse_bands")
        ReuseIndex(conn).bulk_load(np.array([7]), np.array([7]), np.array([3]), np.array([0]),
                                   np.zeros((1, 60), dtype=np.uint32), np.array([5], dtype=np.int64),
                                   np.array([0, 1]))
    assert filters.info(conn, "reuse_bands") is None and filters.info(conn, "reuse_fp") is None
    from presswatch.reuse.index import clear
    with transaction(conn):
        clear(conn)
    assert conn.execute("SELECT COUNT(*) FROM reuse_filter_blocks").fetchone()[0] == 0


def test_a_bulk_load_after_a_lookup_is_read_by_the_same_index(conn: sqlite3.Connection) -> None:
    """The index's cached list of non-empty tables (and its statements) is dropped by a bulk load as by an
    add: the main table it filled after a lookup found it empty is read, not skipped."""
    with transaction(conn):
        conn.execute("INSERT INTO reuse_bands_l1 (key, passage_id) VALUES (9, 70)")
        conn.execute("INSERT INTO reuse_fp_l1 (fp, passage_id) VALUES (9, 70)")
    index = ReuseIndex(conn)
    assert 70 in index.candidates(-1, [9], [])          # live tables cached: level 1 only
    with transaction(conn):
        index.bulk_load(np.array([7]), np.array([7]), np.array([3]), np.array([0]),
                        np.zeros((1, 60), dtype=np.uint32), np.array([5], dtype=np.int64), np.array([0, 1]))
    keys = [int(k) for k, _ in conn.execute("SELECT key, passage_id FROM reuse_bands")]
    assert keys and 7 in index.candidates(-1, keys[:1], [])
    assert 7 in index.candidates(-1, [], [5, 5])
