"""Bulk fill for the scale benchmark (bench/scale.py): an archive of S pages in minutes, not hours.

A *seed* archive of N generated pages (bench/scale_corpus.py, pages 0 .. N-1) is ingested once through
the real pipeline (``presswatch.api.ingest``). :func:`fill` then builds a new project of ``pages`` pages
from it: K = ceil(pages / N) copies of the seed, the last one the seed itself (its rows, text and
signatures unchanged, highest ids, so the probe pages N, N+1, ... meet their real reuse and translation
partners as the newest part of the archive, as they would in a real archive) and the others *varied*
copies placed before it (lower ids, earlier dates); the first copy may be partial (the seed's first
pages by id) so that the archive holds exactly ``pages`` pages.

A varied copy j keeps the seed's structure and changes what makes one story another:

* every content word of the generated vocabulary (``scale_corpus.VOCAB``) is replaced by another word
  of the same language and the same length (a permutation per copy and length; capitalisation kept),
  and every number of three digits or more has its digits permuted (the same permutation in Latin and
  Persian digits). Lengths are unchanged, so every offset (passages, mentions, quotes) stays valid;
* names of people, organisations and places, function words, short numbers (days, small counts) and
  month names are kept: they recur across the archive as in a real one, so the entity tables, the
  postings of common translation anchors and common search terms grow with the archive;
* dates (``units.published``, the versions' ``fetched_at``/``processed_at``) move back by
  (K - 1 - j) x the seed's span, so the archive covers K x the seed's period;
* page keys, locations and unit URLs get a ``-fill<j>`` suffix (same hosts).

Rows of a varied copy, with fresh ids (seed id + j x the seed's largest id, per table):

* pages, page_versions (the same content blob), units, passages, unit_analysis, stage_done (every
  archive stage done), links (both ends in the copy), mentions (same entities: names recur; the
  surface re-read from the varied text), quotes (text varied like the unit);
* computed with the library's own functions from the varied text, exactly as an ingest makes them:
  ``unit_prepared`` reuse features and translation document (:mod:`presswatch.reuse.prepare`), the
  reuse index (``reuse_sig``, ``reuse_bands``, ``reuse_fp`` through :class:`ReuseIndex.add`, for the
  passages the seed indexed), translation anchors (``reuse_anchors``: the strong anchors of the varied
  document, for the units the seed has anchors of), ``passage_fts`` and ``unit_fts`` (folded text,
  :func:`unit_document`);
* copied once: entities, aliases, merge suggestions, site names, blobs, runs, skips, the unit index
  state.

How it differs from ingesting S pages: no per-page component or archive stage runs on the filled rows
(that is the point); links, mentions and quotes are the seed's, mapped into each copy (a copy's units
link among themselves as the seed's do, never across copies; a real archive of S pages would also
link copies of stories of one copy's period to the next's); word-case counts and rule attributions in
``unit_prepared`` and the spaCy ``unit_analysis`` are the seed's (they are only read for units not yet
processed); the entities table stays the seed's size (the generated pool of names is fixed, as it is
for a real generated archive). :func:`check` verifies what the fill must keep consistent.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale_corpus import LANGS, VOCAB  # noqa: E402

from presswatch.project import Project  # noqa: E402
from presswatch.reuse.detect import ReuseParams  # noqa: E402
from presswatch.reuse.index import Entry, ReuseIndex  # noqa: E402
from presswatch.reuse.prepare import prepare_document, prepare_passages, stored_document, stored_passages  # noqa: E402
from presswatch.reuse.translation import Text  # noqa: E402
from presswatch.store.unit_index import NOT_INDEXED, unit_document  # noqa: E402
from presswatch.text.fold import fold  # noqa: E402

TOKEN = re.compile(r"\w+")
LATIN_DIGITS, FA_DIGITS = "0123456789", "۰۱۲۳۴۵۶۷۸۹"
GLOBAL_TABLES = ("blobs", "runs", "skips", "entities", "entity_aliases", "merge_suggestions", "site_names",
                 "unit_fts_state", "sources")


class Variation:
    """Copy ``j``'s word map and digit permutation (a pure function of j)."""

    def __init__(self, j: int) -> None:
        self.words: dict[str, str] = {}
        for lang in LANGS:
            by_len: dict[int, list[str]] = {}
            for w in VOCAB.words[lang]:
                by_len.setdefault(len(w), []).append(w)
            for n, group in sorted(by_len.items()):
                shuffled = list(group)
                random.Random(f"fill-{j}-{lang}-{n}").shuffle(shuffled)
                for a, b in zip(group, shuffled, strict=True):
                    self.words.setdefault(a, b)
        perm = list("123456789")
        random.Random(f"fill-{j}-digits").shuffle(perm)
        latin = "0" + "".join(perm)
        self.digits = str.maketrans(LATIN_DIGITS + FA_DIGITS, latin + latin.translate(str.maketrans(LATIN_DIGITS, FA_DIGITS)))

        for a, b in list(self.words.items()):   # the capitalised forms, looked up directly
            self.words.setdefault(a[:1].upper() + a[1:], b[:1].upper() + b[1:])
        self.cache: dict[str, str] = {}            # texts varied already (a passage is its unit's slice, ...)

    def word(self, m: re.Match[str]) -> str:
        t = m.group(0)
        out = self.words.get(t)
        if out is not None:
            return out
        if t.isdigit():
            return t.translate(self.digits) if len(t) >= 3 else t
        out = self.words.get(t.lower())
        if out is not None and t[:1].isupper():
            return out[:1].upper() + out[1:]
        return t

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        out = self.cache.get(text)
        if out is None:
            out = self.cache[text] = TOKEN.sub(self.word, text)
        return out


def shift_date(value: str | None, days: int) -> str | None:
    """An ISO date or datetime ``days`` earlier (anything else unchanged)."""
    if not value or days == 0:
        return value
    try:
        if len(value) == 10:
            return (dt.date.fromisoformat(value) - dt.timedelta(days=days)).isoformat()
        shifted = dt.datetime.fromisoformat(value) - dt.timedelta(days=days)
        return shifted.strftime("%Y-%m-%dT%H:%M:%SZ") if value.endswith("Z") else shifted.isoformat()
    except ValueError:
        return value


def _max(conn: sqlite3.Connection, table: str, col: str = "id") -> int:
    return int(conn.execute(f"SELECT COALESCE(MAX({col}), 0) FROM seed.{table}").fetchone()[0])


def _cols(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA seed.table_info({table})")]


def fill(seed_root: Path, root: Path, pages: int, config_text: str,
         progress: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Make the project ``root`` (new) an archive of ``pages`` pages from the seed project ``seed_root``."""
    root.mkdir(parents=True)
    (root / "presswatch.toml").write_text(config_text, encoding="utf-8")
    for extra in ("watchlist.toml",):
        if (seed_root / extra).exists():
            shutil.copy(seed_root / extra, root / extra)
    project = Project.init(root)
    conn = project.connect()
    conn.execute("PRAGMA foreign_keys = OFF")   # rows come in table order; check() runs foreign_key_check
    conn.execute("ATTACH DATABASE ? AS seed", (str(seed_root / "presswatch.sqlite"),))
    n_seed = int(conn.execute("SELECT COUNT(*) FROM seed.pages").fetchone()[0])
    copies = max(1, math.ceil(pages / n_seed))
    partial = pages - (copies - 1) * n_seed            # pages of the first copy
    page_ids = [int(r[0]) for r in conn.execute("SELECT id FROM seed.pages ORDER BY id")]
    cutoff = page_ids[partial - 1]
    stride = {t: _max(conn, t) for t in ("pages", "page_versions", "units", "passages", "mentions", "quotes", "links")}
    dates = conn.execute("SELECT MIN(published), MAX(published) FROM seed.units WHERE published LIKE '____-__-__%'").fetchone()
    span = 1
    if dates[0] and dates[1]:
        span = max(1, (dt.date.fromisoformat(dates[1][:10]) - dt.date.fromisoformat(dates[0][:10])).days + 1)
    params = ReuseParams.from_config(project.config)
    conn.execute("BEGIN IMMEDIATE")
    for table in GLOBAL_TABLES:
        cols = ",".join(f'"{c}"' for c in _cols(conn, table))
        conn.execute(f"INSERT OR REPLACE INTO main.{table} ({cols}) SELECT {cols} FROM seed.{table}")
    # an alias learnt from a passage points at the seed's own passage, in the last (unvaried) copy
    conn.execute("UPDATE main.entity_aliases SET passage_id = passage_id + ? WHERE passage_id IS NOT NULL",
                 ((copies - 1) * stride["passages"],))
    conn.execute("COMMIT")
    stats: dict[str, Any] = {"seed_pages": n_seed, "copies": copies, "first_copy_pages": partial, "span_days": span}
    for j in range(copies):
        scope = cutoff if j == 0 and partial < n_seed else None
        _copy(conn, j, copies, scope, stride, span, params)
        progress(f"fill: copy {j + 1}/{copies}")
    conn.execute("DETACH DATABASE seed")
    conn.close()
    set_done_upto(root)
    return stats


def set_done_upto(root: Path) -> None:
    """Every filled unit is done by every stage: say so in ``stage_done_upto`` (migration 0032), as the
    runner would have after ingesting them."""
    conn = sqlite3.connect(root / "presswatch.sqlite")
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'stage_done_upto'").fetchone():
            with conn:
                conn.execute("INSERT OR REPLACE INTO stage_done_upto (stage, unit_id) "
                             "SELECT DISTINCT stage, (SELECT MAX(id) FROM units) FROM stage_done")
    finally:
        conn.close()


def _copy(conn: sqlite3.Connection, j: int, copies: int, scope: int | None, stride: dict[str, int], span: int,
          params: ReuseParams) -> None:
    last = j == copies - 1
    vary = (lambda s: s) if last else Variation(j)
    days = (copies - 1 - j) * span
    tag = "" if last else f"-fill{j}"
    o = {t: j * s for t, s in stride.items()}
    conn.create_function("vary", 1, vary, deterministic=True)
    conn.create_function("shift", 1, lambda s: shift_date(s, days), deterministic=True)
    conn.create_function("fold", 1, fold, deterministic=True)
    in_page = "(:scope IS NULL OR page_id <= :scope)"
    arg = {"scope": scope}
    unit_scope = f"unit_id IN (SELECT id FROM seed.units WHERE {in_page})"
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(f"""INSERT INTO pages (id, key, url, path, first_seen, source_id)
        SELECT id + {o['pages']}, key || '{tag}', CASE WHEN url IS NULL THEN NULL ELSE url || '{tag}' END,
               CASE WHEN path IS NULL THEN NULL ELSE path || '{tag}' END, shift(first_seen), source_id
        FROM seed.pages WHERE {in_page.replace('page_id', 'id')}""", arg)
    conn.execute(f"""INSERT INTO page_versions (id, page_id, version, content_hash, media_type, declared_encoding,
            fetched_at, location, meta, run_id, status, status_reason, processed_at)
        SELECT id + {o['page_versions']}, page_id + {o['pages']}, version, content_hash, media_type, declared_encoding,
               shift(fetched_at), location || '{tag}', meta, run_id, status, status_reason, shift(processed_at)
        FROM seed.page_versions WHERE {in_page}""", arg)
    conn.execute(f"""INSERT INTO units (id, version_id, page_id, ordinal, kind, title, author, outlet, published,
            lang, url, text, start, "end", meta, date_source)
        SELECT id + {o['units']}, version_id + {o['page_versions']}, page_id + {o['pages']}, ordinal, kind, vary(title),
               author, outlet, shift(published), lang, CASE WHEN url IS NULL THEN NULL ELSE url || '{tag}' END,
               vary(text), start, "end", meta, date_source
        FROM seed.units WHERE {in_page}""", arg)
    conn.execute(f"""INSERT INTO passages (id, unit_id, ordinal, lang, lang_score, start, "end", text)
        SELECT id + {o['passages']}, unit_id + {o['units']}, ordinal, lang, lang_score, start, "end", vary(text)
        FROM seed.passages WHERE {unit_scope}""", arg)
    conn.execute(f"""INSERT INTO passage_fts (rowid, body)
        SELECT id + {o['passages']}, fold(vary(text)) FROM seed.passages WHERE {unit_scope}""", arg)
    conn.execute(f"""INSERT INTO unit_analysis (unit_id, data)
        SELECT unit_id + {o['units']}, data FROM seed.unit_analysis WHERE {unit_scope}""", arg)
    conn.execute(f"""INSERT INTO stage_done (stage, unit_id, done_at)
        SELECT stage, unit_id + {o['units']}, shift(done_at) FROM seed.stage_done WHERE {unit_scope}""", arg)
    for level, table in (("unit", "units"), ("passage", "passages")):
        inside = f"IN (SELECT id FROM seed.{table} WHERE {unit_scope.replace('unit_id IN', 'id IN') if table == 'units' else unit_scope})"
        conn.execute(f"""INSERT INTO links (id, kind, level, a, b, score, detail, created_at)
            SELECT id + {o['links']}, kind, level, a + {o[table]}, b + {o[table]}, score, detail, shift(created_at)
            FROM seed.links WHERE level = '{level}' AND a {inside} AND b {inside}""", arg)
    conn.execute(f"""INSERT INTO mentions (id, entity_id, passage_id, unit_id, start, "end", surface, method)
        SELECT m.id + {o['mentions']}, m.entity_id, m.passage_id + {o['passages']}, m.unit_id + {o['units']}, m.start,
               m."end", substr(vary(p.text), m.start + 1, m."end" - m.start), m.method
        FROM seed.mentions m JOIN seed.passages p ON p.id = m.passage_id WHERE m.{unit_scope}""", arg)
    qcols = [c for c in _cols(conn, "quotes") if c not in ("id", "unit_id", "passage_id", "text")]
    conn.execute(f"""INSERT INTO quotes (id, unit_id, passage_id, text, {','.join(f'"{c}"' for c in qcols)})
        SELECT id + {o['quotes']}, unit_id + {o['units']}, passage_id + {o['passages']}, vary(text),
               {','.join(f'"{c}"' for c in qcols)} FROM seed.quotes WHERE {unit_scope}""", arg)
    _derived(conn, o, vary, last, in_page, arg, params)
    conn.execute("COMMIT")


def _derived(conn: sqlite3.Connection, o: dict[str, int], vary: Callable[[Any], Any], last: bool, in_page: str,
             arg: dict[str, Any], params: ReuseParams) -> None:
    """unit_prepared, the reuse index, translation anchors and unit_fts of one copy, made from its text."""
    in_u = in_page.replace("page_id", "u.page_id")
    indexed = {int(r[0]) for r in conn.execute(
        f"SELECT s.passage_id FROM seed.reuse_sig s JOIN seed.units u ON u.id = s.unit_id WHERE {in_u}", arg)}
    anchored = {int(r[0]) for r in conn.execute(
        f"SELECT DISTINCT a.unit_id FROM (SELECT unit_id FROM seed.reuse_anchors UNION ALL SELECT unit_id FROM seed.reuse_anchors_l0) a JOIN seed.units u ON u.id = a.unit_id WHERE {in_u}", arg)}
    units = conn.execute(f"SELECT id, kind, title, text FROM seed.units WHERE {in_page} ORDER BY id", arg).fetchall()
    passages: dict[int, list[tuple[int, int, str, str]]] = {}
    for pid, uid, ordinal, lang, text in conn.execute(
            f"SELECT p.id, p.unit_id, p.ordinal, p.lang, p.text FROM seed.passages p JOIN seed.units u ON u.id = p.unit_id "
            f"WHERE {in_u} ORDER BY p.unit_id, p.ordinal", arg):
        passages.setdefault(int(uid), []).append((int(pid), int(ordinal), str(lang), str(vary(text))))
    prepared = {int(r[0]): r[1:] for r in conn.execute(
        f"SELECT p.unit_id, p.reuse, p.document, p.word_case, p.attributions FROM seed.unit_prepared p "
        f"JOIN seed.units u ON u.id = p.unit_id WHERE {in_u}", arg)}
    index = ReuseIndex(conn, lsh=params.lsh, shingle=params.shingle)
    entries: list[Entry] = []
    sigs: list[np.ndarray] = []
    anchor_rows: list[tuple[str, int]] = []
    for uid, kind, title, text in units:
        uid = int(uid)
        new_uid = uid + o["units"]
        ps = passages.get(uid, [])
        row = prepared.get(uid)
        if row is not None:
            reuse, document, word_case, attributions = row
            if not last:   # made from the varied text, as the "prepare" component would
                if reuse is not None:
                    reuse = json.dumps(prepare_passages([(ordinal, t) for _p, ordinal, _l, t in ps],
                                                        params.shingle, params.lsh), separators=(",", ":"))
                if document is not None:
                    document = json.dumps(prepare_document(str(vary(text))), ensure_ascii=False, separators=(",", ":"))
            conn.execute("INSERT INTO unit_prepared (unit_id, reuse, document, word_case, attributions) "
                         "VALUES (?, ?, ?, ?, ?)", (new_uid, reuse, document, word_case, attributions))
            stored = stored_passages(json.loads(reuse), params.shingle, params.lsh) if reuse else None
            if stored:
                by_ordinal = {ordinal: pid for pid, ordinal, _l, _t in ps}
                for ordinal, (sh, sig, count) in stored.items():
                    pid = by_ordinal.get(ordinal)
                    if pid is not None and pid in indexed:
                        entries.append(Entry(pid + o["passages"], new_uid, sh, count))
                        sigs.append(sig)
            if uid in anchored:
                doc = stored_document(json.loads(document)) if document else None
                if doc is not None:
                    anchor_rows.extend((a, new_uid) for a in Text(new_uid, "", doc).strong_anchors())
        if kind not in NOT_INDEXED:
            conn.execute("INSERT INTO unit_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                         (new_uid, *unit_document(vary(title), [(lang, fold(t)) for _p, _o, lang, t in ps])))
        if len(entries) >= 5000:
            index.add(entries, np.stack(sigs))
            entries, sigs = [], []
    if entries:
        index.add(entries, np.stack(sigs))
    anchor_rows.sort()
    conn.executemany("INSERT OR IGNORE INTO reuse_anchors (anchor, unit_id) VALUES (?, ?)", anchor_rows)


def check(root: Path, deep: bool = True) -> dict[str, Any]:
    """What a filled archive must hold consistently; raises AssertionError naming what does not.
    ``deep``: ``PRAGMA integrity_check`` and the FTS5 integrity checks (which re-read every page, check
    every index against its table and re-tokenise the whole text: many minutes at 100,000 pages on a
    loaded machine); otherwise ``PRAGMA quick_check`` (every page and B-tree, every record's format,
    NOT NULL and CHECK constraints, without the index-against-table and FTS re-tokenising parts), which
    with the counts and orphan checks below stays affordable at 100,000 pages."""
    conn = sqlite3.connect(root / "presswatch.sqlite")
    try:
        q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        started = time.process_time()
        out = {
            "integrity": q("PRAGMA integrity_check") if deep else "not run",
            "quick_check": "in integrity_check" if deep else q("PRAGMA quick_check"),
            "structure_cpu_s": round(time.process_time() - started, 2),
            "foreign_key_violations": len(conn.execute("PRAGMA foreign_key_check").fetchall()),
            "passages": q("SELECT COUNT(*) FROM passages"),
            "passage_fts": q("SELECT COUNT(*) FROM passage_fts"),
            "indexed_units": q(f"SELECT COUNT(*) FROM units WHERE kind NOT IN ({','.join(repr(k) for k in NOT_INDEXED)})"),
            "unit_fts": q("SELECT COUNT(*) FROM unit_fts"),
            "orphan_sig": q("SELECT COUNT(*) FROM reuse_sig s LEFT JOIN passages p ON p.id = s.passage_id "
                            "WHERE p.id IS NULL OR p.unit_id != s.unit_id"),
            "orphan_links": q("SELECT COUNT(*) FROM links l WHERE level = 'unit' AND (a NOT IN (SELECT id FROM units) "
                              "OR b NOT IN (SELECT id FROM units))"),
            "orphan_mentions": q("SELECT COUNT(*) FROM mentions m LEFT JOIN passages p ON p.id = m.passage_id "
                                 "WHERE p.id IS NULL OR p.unit_id != m.unit_id"),
            "bad_passage_slices": q("SELECT COUNT(*) FROM passages p JOIN units u ON u.id = p.unit_id "
                                    "WHERE substr(u.text, p.start + 1, p.\"end\" - p.start) != p.text"),
            "bad_mention_surfaces": q("SELECT COUNT(*) FROM mentions m JOIN passages p ON p.id = m.passage_id "
                                      "WHERE substr(p.text, m.start + 1, m.\"end\" - m.start) != m.surface"),
            "done_upto_beyond_units": q("SELECT COUNT(*) FROM stage_done_upto WHERE unit_id > (SELECT MAX(id) FROM units)")
            if q("SELECT COUNT(*) FROM sqlite_master WHERE name = 'stage_done_upto'") else 0,
            "units_not_done": q("SELECT COUNT(*) FROM units u WHERE NOT EXISTS (SELECT 1 FROM stage_done d "
                                "WHERE d.unit_id = u.id AND d.stage = 'reuse')"),
        }
        if deep:
            started = time.process_time()
            conn.execute("INSERT INTO passage_fts(passage_fts) VALUES ('integrity-check')")   # raises when corrupt
            conn.execute("INSERT INTO unit_fts(unit_fts) VALUES ('integrity-check')")
            out["fts_cpu_s"] = round(time.process_time() - started, 2)
            assert out["integrity"] == "ok", out
        assert out["quick_check"] in ("ok", "in integrity_check"), out
        assert out["foreign_key_violations"] == 0, out
        assert out["passages"] == out["passage_fts"], out
        assert out["indexed_units"] == out["unit_fts"], out
        for k in ("orphan_sig", "orphan_links", "orphan_mentions", "bad_passage_slices", "units_not_done",
                  "done_upto_beyond_units"):
            assert out[k] == 0, (k, out)
        return out
    finally:
        conn.close()
