"""Membership filters over the reuse index's merged levels (migration 0047): a lookup skips a level
that cannot hold the key.

Band keys and containment samples are random, so a batch's lookups in a level of L leaves read about
min(keys, L) leaves, whatever they find; at 100,000 pages a batch of 500 pages read ~12,000 leaves of
``reuse_bands_l3`` (8.5 M rows) for one key found there. Most keys of a new page occur nowhere in the
older levels. A blocked Bloom filter per level (:data:`BITS_PER_ROW` bits a row, :data:`HASHES` bits a
key, all of a key's bits in one 4,000-byte block: one page) answers "certainly absent" for most of them,
reading one block per key at most, and there are ~20x fewer blocks than leaves. A filter never says
"absent" for a key its level holds (no false negatives), so the rows found are the same.

A filter is kept for the levels that are written only by a merge (level 1 and below, and the main
table), updated by the merge that writes into the level (:func:`merged_into`) and dropped when the
level is emptied; a run of a tiered level (migration 0048) gets its filter built when it is written. Level 0 takes a batch's rows every batch and is small: it has none. Anything that
writes a level another way drops its filter (:func:`drop`); deleting rows leaves a filter valid (it
may then say "maybe" for a key no longer there, which costs a read, never a row).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence

import numpy as np

BLOCK_BYTES = 4000            # one SQLite page per block (a 4 KiB page holds a 4,000-byte blob locally)
BLOCK_BITS = BLOCK_BYTES * 8
BITS_PER_ROW = 10             # ~1% false positives with 6 bits a key in one block
HASHES = 6
HEADROOM = 1.5                # a filter is sized for 1.5x its level's rows, rebuilt when they pass that

# Tables that may have a filter, each with a number (a filter's block ids are number << 32 | block).
FILTERED: dict[str, int] = {f"{main}{suffix}": n for n, (main, suffix) in enumerate(
    (main, suffix) for main in ("reuse_bands", "reuse_fp") for suffix in ("_l1", "_l2", "_l3", ""))}
# The runs of the tiered levels (migration 0048) after them, so the numbers above stay.
FILTERED |= {f"{main}_l{level}_r{run}": len(FILTERED) + n for n, (main, level, run) in enumerate(
    (main, level, run) for main in ("reuse_bands", "reuse_fp") for level in (1, 2, 3) for run in range(1, 8))}
COLUMN = {"reuse_bands": "key", "reuse_fp": "fp"}

_M1, _M2, _GOLD = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser (uint64 arithmetic wraps): the sample values' low bits are not random."""
    z = x + _GOLD
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def positions(values: np.ndarray, blocks: int) -> tuple[np.ndarray, np.ndarray]:
    """The block of each value and its :data:`HASHES` bit positions inside the block."""
    h = _mix(np.asarray(values, dtype=np.int64).view(np.uint64))
    block = ((h >> np.uint64(32)) % np.uint64(blocks)).astype(np.int64)
    g = _mix(h)
    a = (g & np.uint64(0xFFFFFFFF)).astype(np.int64)
    b = ((g >> np.uint64(32)) | np.uint64(1)).astype(np.int64) % BLOCK_BITS
    bits = (a[:, None] + np.arange(HASHES, dtype=np.int64)[None, :] * b[:, None]) % BLOCK_BITS
    return block, bits


def _table_column(name: str) -> str:
    return COLUMN[name.split("_l")[0] if "_l" in name else name]


def info(conn: sqlite3.Connection, name: str) -> tuple[int, int] | None:
    """(blocks, rows it is sized for) of ``name``'s filter, or None when it has none."""
    row = conn.execute("SELECT blocks, capacity FROM reuse_filters WHERE name = ?", (name,)).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def drop(conn: sqlite3.Connection, names: Sequence[str]) -> None:
    """Forget the filters of ``names`` (their tables were written other than by a merge, or emptied)."""
    for name in names:
        if name in FILTERED:
            base = FILTERED[name] << 32
            conn.execute("DELETE FROM reuse_filter_blocks WHERE id BETWEEN ? AND ?", (base, base + (1 << 32) - 1))
            conn.execute("DELETE FROM reuse_filters WHERE name = ?", (name,))


def drop_all(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM reuse_filter_blocks")
    conn.execute("DELETE FROM reuse_filters")


def _set(bits: np.ndarray, values: np.ndarray, blocks: int, rows_of: dict[int, int] | None = None) -> None:
    """Set the bits of ``values`` in ``bits`` (blocks x BLOCK_BYTES; with ``rows_of``, block -> row)."""
    block, pos = positions(values, blocks)
    row = block if rows_of is None else np.fromiter((rows_of[b] for b in block.tolist()), np.int64, len(block))
    flat = (row[:, None] * BLOCK_BITS + pos).reshape(-1)
    np.bitwise_or.at(bits.reshape(-1), flat >> 3, (np.int64(1) << (flat & 7)).astype(np.uint8))


def build(conn: sqlite3.Connection, name: str, rows: int | None = None, chunk: int = 500_000) -> int:
    """(Re)build ``name``'s filter from every row of the table, sized for :data:`HEADROOM` x its rows;
    returns its blocks. A table with no rows gets no filter."""
    drop(conn, [name])
    if rows is None:
        rows = int(conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0])
    if rows <= 0:
        return 0
    capacity = math.ceil(rows * HEADROOM)
    blocks = max(1, math.ceil(capacity * BITS_PER_ROW / BLOCK_BITS))
    bits = np.zeros((blocks, BLOCK_BYTES), dtype=np.uint8)
    cursor = conn.execute(f"SELECT {_table_column(name)} FROM {name}")
    while batch := cursor.fetchmany(chunk):
        _set(bits, np.fromiter((r[0] for r in batch), np.int64, len(batch)), blocks)
    base = FILTERED[name] << 32
    conn.executemany("INSERT INTO reuse_filter_blocks (id, bits) VALUES (?, ?)",
                     ((base + i, bits[i].tobytes()) for i in range(blocks)))
    conn.execute("INSERT OR REPLACE INTO reuse_filters (name, blocks, capacity) VALUES (?, ?, ?)",
                 (name, blocks, capacity))
    return blocks


def merged_into(conn: sqlite3.Connection, name: str, source: str, rows_after: int) -> None:
    """``source``'s rows were merged into ``name`` (now holding ``rows_after`` rows): add their keys to
    ``name``'s filter when it is sized for that many, else build it anew from the table."""
    if name not in FILTERED:
        return
    have = info(conn, name)
    if have is None or have[1] < rows_after:
        build(conn, name, rows_after)
        return
    blocks = have[0]
    values = np.fromiter((r[0] for r in conn.execute(f"SELECT {_table_column(source)} FROM {source}")), np.int64)
    if not len(values):
        return
    touched = sorted(set(positions(values, blocks)[0].tolist()))
    base = FILTERED[name] << 32
    bits = _blocks(conn, base, touched)
    _set(bits, values, blocks, {b: i for i, b in enumerate(touched)})
    conn.executemany("UPDATE reuse_filter_blocks SET bits = ? WHERE id = ?",
                     ((bits[i].tobytes(), base + b) for i, b in enumerate(touched)))


def _blocks(conn: sqlite3.Connection, base: int, wanted: list[int]) -> np.ndarray:
    """The blocks ``wanted`` (sorted) of one filter, as rows of an array: a range scan when many are
    wanted, else one read each."""
    out = np.zeros((len(wanted), BLOCK_BYTES), dtype=np.uint8)
    at = {b: i for i, b in enumerate(wanted)}
    if wanted and len(wanted) * 4 > wanted[-1] - wanted[0] + 1:   # dense: one scan of the range
        rows = conn.execute("SELECT id, bits FROM reuse_filter_blocks WHERE id BETWEEN ? AND ?",
                            (base + wanted[0], base + wanted[-1]))
        for bid, blob in rows:
            i = at.get(int(bid) - base)
            if i is not None:
                out[i] = np.frombuffer(blob, dtype=np.uint8)
    else:
        for b in wanted:
            row = conn.execute("SELECT bits FROM reuse_filter_blocks WHERE id = ?", (base + b,)).fetchone()
            out[at[b]] = np.frombuffer(row[0], dtype=np.uint8)
    return out


def may_hold(conn: sqlite3.Connection, name: str, values: Sequence[int]) -> np.ndarray | None:
    """For each of ``values``: may ``name`` hold it (False: certainly not)? None when ``name`` has no
    filter (every value may be there)."""
    have = info(conn, name) if name in FILTERED else None
    if have is None:
        return None
    if not len(values):
        return np.zeros(0, dtype=bool)
    block, pos = positions(np.asarray(values, dtype=np.int64), have[0])
    touched = sorted(set(block.tolist()))
    bits = _blocks(conn, FILTERED[name] << 32, touched)
    row = np.searchsorted(np.asarray(touched, dtype=np.int64), block)
    got = bits[row[:, None], pos >> 3] & (np.int64(1) << (pos & 7)).astype(np.uint8)
    return np.asarray(np.all(got != 0, axis=1))


def build_missing(conn: sqlite3.Connection) -> list[str]:
    """Build the filter of every filtered table holding rows but no filter (an archive indexed before
    migration 0047, whose levels would otherwise get theirs only at their next merge); returns them."""
    built = []
    for name in FILTERED:
        if info(conn, name) is None and conn.execute(f"SELECT EXISTS (SELECT 1 FROM {name})").fetchone()[0]:
            build(conn, name)
            built.append(name)
    return built
