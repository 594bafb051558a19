"""Reuse detection: index new passages, verify candidates, write passage- and unit-level links.

Passage level (``a`` is the later-dated passage, ``b`` the earlier, except excerpt_of where ``a`` is
always the shorter text contained in ``b``):

* ``duplicate``: same normalised token sequence (score 1);
* ``near_duplicate``: exact shingle Jaccard >= ``near_duplicate``;
* ``excerpt_of``: at least ``excerpt`` of the shorter passage's shingles are in the longer one.

Unit level, from the passage matches: ``coverage(X in Y)`` is the share of X's indexed tokens in
passages matched in Y. Both coverages >= ``unit_coverage`` (the texts cover most of each other): the
later unit is ``copy_of`` the earlier one. Only X covered (X is a part of the longer Y): if Y is the
earlier, X is an ``excerpt_of`` Y; if X is the earlier, Y reposted X whole inside a longer page:
Y ``contains`` X (never ``copy_of``: a 48,000-character digest holding one article is not a copy of
it). Dates are the units' published dates only; an undated unit counts as later than any dated one.
Units of the same page (two versions of one page) are never linked.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from presswatch.config import Config
from presswatch.reuse.index import LEVEL_CAPS, RUNS, Entry, Indexed, ReuseIndex
from presswatch.reuse.links import Link, put_links
from presswatch.reuse.minhash import LshParams, estimate, signatures
from presswatch.reuse.prepare import stored_passages, stored_tokens
from presswatch.reuse.shingles import Shingled, ShingleParams, overlap, shingle_text
from presswatch.store.db import transaction
from presswatch.store.units import read_prepared

# An excerpt is clearly shorter than its source (edited near-duplicates are about as long).
EXCERPT_LENGTH = 0.9


@dataclass(frozen=True)
class ReuseParams:
    shingle: ShingleParams = field(default_factory=ShingleParams)
    lsh: LshParams = field(default_factory=LshParams)
    near_duplicate: float = 0.5   # exact shingle Jaccard for near_duplicate
    excerpt: float = 0.8          # containment of the shorter passage for excerpt_of
    unit_coverage: float = 0.8    # share of a unit's indexed tokens matched, for unit links
    min_estimate: float = 0.3     # LSH candidates whose MinHash estimate is lower are dropped
    max_postings: int = 500       # bucket / sample postings beyond this are boilerplate
    max_verify: int = 100         # candidates verified per passage (best estimates first)
    max_candidates: int = 400     # candidates whose signature is compared, per passage (most shared keys first)
    index_levels: tuple[int, ...] = LEVEL_CAPS   # the index's level caps (ReuseIndex.levels; () for none)
    index_runs: int = RUNS        # runs per tiered level (ReuseIndex.runs; 1: levelled, as before migration 0048)

    @classmethod
    def from_config(cls, config: Config) -> ReuseParams:
        c = config.section("reuse")
        return cls(
            shingle=ShingleParams(k=int(c.get("shingle_words", 3)), min_words=int(c.get("min_words", 12)),
                                  sample_mod=int(c.get("sample_mod", 8))),
            lsh=LshParams(bands=int(c.get("bands", 20)), rows=int(c.get("rows", 3))),
            near_duplicate=float(c.get("near_duplicate", 0.5)),
            excerpt=float(c.get("excerpt", 0.8)),
            unit_coverage=float(c.get("unit_coverage", 0.8)),
            max_postings=int(c.get("max_postings", 500)),
        )


@dataclass(frozen=True)
class PassageInfo:
    passage_id: int
    unit_id: int
    page_id: int
    date: str
    shingled: Shingled


def unit_info(conn: sqlite3.Connection, unit_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """unit_id -> (page_id, date) where date is the unit's published date ("" when the page states none:
    the fetch time says when we saw a page, not when it was published, so it never decides who was first)."""
    ids = list(dict.fromkeys(unit_ids))
    out: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
                f"""SELECT u.id, u.page_id, COALESCE(u.published, '') FROM units u WHERE u.id IN ({marks})""", chunk):
            out[int(row[0])] = (int(row[1]), str(row[2]))
    return out


def earlier(date_a: str, id_a: int, date_b: str, id_b: int) -> bool:
    """Is (date_a, id_a) earlier than (date_b, id_b)? Unknown dates sort last; ties by id."""
    return (date_a or "~", id_a) < (date_b or "~", id_b)


def _load_passages(conn: sqlite3.Connection, sql_where: str, ids: list[int],
                   params: ShingleParams) -> tuple[list[tuple[int, int, Shingled]], int]:
    out, short = [], 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT id, unit_id, text FROM passages WHERE {sql_where} IN ({marks})", chunk):
            sh = shingle_text(row[2], params)
            if sh is None:
                short += 1
                continue
            out.append((int(row[0]), int(row[1]), sh))
    return out, short


def _passage_meta(conn: sqlite3.Connection, sql_where: str, ids: list[int]) -> list[tuple[int, int, int]]:
    """(passage id, unit id, ordinal) of the passages whose ``sql_where`` is in ``ids``."""
    meta: list[tuple[int, int, int]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        meta.extend((int(r[0]), int(r[1]), int(r[2])) for r in conn.execute(
            f"SELECT id, unit_id, ordinal FROM passages WHERE {sql_where} IN ({marks})", chunk))
    return meta


def _load_prepared(conn: sqlite3.Connection, sql_where: str, ids: list[int], params: ReuseParams
                   ) -> tuple[list[tuple[int, int, Shingled]], int, dict[int, np.ndarray], dict[int, int]]:
    """Like :func:`_load_passages`, from the features the worker processes stored with the units
    (:mod:`presswatch.reuse.prepare`) where there are any made with ``params``, with their
    signatures and shingle counts; the passages of other units are read and shingled here. In
    passage id order."""
    meta = _passage_meta(conn, sql_where, ids)
    ordinals: dict[int, list[int]] = defaultdict(list)   # only the passages asked for are decoded
    for _pid, uid, ordinal in meta:
        ordinals[uid].append(ordinal)
    stored = {uid: stored_passages(data, params.shingle, params.lsh, ordinals[uid])
              for uid, data in read_prepared(conn, list(ordinals), "reuse").items()}
    out: list[tuple[int, int, Shingled]] = []
    sigs: dict[int, np.ndarray] = {}
    shingle_counts: dict[int, int] = {}
    short = 0
    missing: list[int] = []
    for pid, uid, ordinal in meta:
        features = stored.get(uid)
        if features is None:
            missing.append(pid)
        elif ordinal in features:
            sh, sig, count = features[ordinal]
            out.append((pid, uid, sh))
            sigs[pid] = sig
            shingle_counts[pid] = count
        else:
            short += 1
    if missing:
        more, more_short = _load_passages(conn, "id", missing, params.shingle)
        out.extend(more)
        short += more_short
    out.sort(key=lambda t: t[0])
    return out, short, sigs, shingle_counts


def _signatures(loaded: list[tuple[int, int, Shingled]], stored: dict[int, np.ndarray], params: LshParams
                ) -> np.ndarray:
    """The signature of each loaded passage: stored, else computed here (one datasketch batch)."""
    todo = [sh.shingles for pid, _u, sh in loaded if pid not in stored]
    computed = iter(signatures(todo, params)) if todo else iter(())
    return np.asarray([stored[pid] if pid in stored else next(computed) for pid, _u, _sh in loaded], dtype=np.uint32)


def classify(a: PassageInfo, b: PassageInfo, params: ReuseParams) -> Link | None:
    """Verify one candidate pair on exact shingle sets; return the directed link or None."""
    jac, cont_a, cont_b = overlap(a.shingled.hashes, b.shingled.hashes)
    a_first = earlier(a.date, a.unit_id, b.date, b.unit_id)
    later, first = (b, a) if a_first else (a, b)
    detail: dict[str, Any] = {"jaccard": round(jac, 4), "units": [later.unit_id, first.unit_id]}
    if a.shingled.exact == b.shingled.exact:
        return Link("duplicate", "passage", later.passage_id, first.passage_id, 1.0, detail)
    small, big, cont = (a, b, cont_a) if cont_a >= cont_b else (b, a, cont_b)
    if cont >= params.excerpt and small.shingled.tokens < EXCERPT_LENGTH * big.shingled.tokens:
        detail = {"containment": round(cont, 4), "jaccard": round(jac, 4), "units": [small.unit_id, big.unit_id],
                  "excerpt_is_later": not earlier(small.date, small.unit_id, big.date, big.unit_id)}
        return Link("excerpt_of", "passage", small.passage_id, big.passage_id, cont, detail)
    if jac >= params.near_duplicate:
        return Link("near_duplicate", "passage", later.passage_id, first.passage_id, jac, detail)
    return None


def unit_links(matches: list[Link], infos: dict[int, PassageInfo], unit_tokens: dict[int, int],
               units: dict[int, tuple[int, str]], params: ReuseParams) -> list[Link]:
    """Unit-level copy_of / excerpt_of from verified passage links."""
    covered: dict[tuple[int, int], set[int]] = defaultdict(set)   # (unit X, unit Y) -> X's passages found in Y
    pairs: dict[tuple[int, int], list[list[int]]] = defaultdict(list)
    for link in matches:
        pa, pb = infos[link.a], infos[link.b]
        covered[(pa.unit_id, pb.unit_id)].add(pa.passage_id)
        if link.kind != "excerpt_of":             # equal texts cover each other; an excerpt only itself
            covered[(pb.unit_id, pa.unit_id)].add(pb.passage_id)
        key = (min(pa.unit_id, pb.unit_id), max(pa.unit_id, pb.unit_id))
        pairs[key].append([link.a, link.b])
    out = []
    for (u, v), plist in pairs.items():
        if u not in units or v not in units or unit_tokens.get(u, 0) == 0 or unit_tokens.get(v, 0) == 0:
            continue
        cov_u = sum(infos[p].shingled.tokens for p in covered.get((u, v), ())) / unit_tokens[u]
        cov_v = sum(infos[p].shingled.tokens for p in covered.get((v, u), ())) / unit_tokens[v]
        u_first = earlier(units[u][1], u, units[v][1], v)
        later, first = (v, u) if u_first else (u, v)
        cov_later, cov_first = (cov_v, cov_u) if u_first else (cov_u, cov_v)
        detail: dict[str, Any] = {"coverage_a": round(cov_later, 4), "coverage_b": round(cov_first, 4),
                                  "passages": plist[:50]}
        if cov_later >= params.unit_coverage and cov_first >= params.unit_coverage:
            out.append(Link("copy_of", "unit", later, first, min(cov_u, cov_v), detail))
        elif cov_first >= params.unit_coverage:    # the earlier text reappears whole inside the later page
            out.append(Link("contains", "unit", later, first, cov_first, detail))
        elif cov_later >= params.unit_coverage:    # the later text is a part of the earlier one
            out.append(Link("excerpt_of", "unit", later, first, cov_later, detail))
    return out


def detect(conn: sqlite3.Connection, params: ReuseParams, unit_ids: list[int]) -> Counter[str]:
    """Index the passages of ``unit_ids`` and link them with everything indexed before (one transaction)."""
    counts: Counter[str] = Counter()
    index = ReuseIndex(conn, params.lsh, params.shingle, params.max_postings, levels=params.index_levels,
                       runs=params.index_runs)
    already = set(index.indexed_units(unit_ids))
    todo = [u for u in unit_ids if u not in already]
    loaded, short, stored_sigs, shingle_counts = _load_prepared(conn, "unit_id", todo, params)
    counts["passages_skipped_short"] += short
    counts["passages_prepared_in_workers"] += len(stored_sigs)
    if not loaded:
        return counts
    with transaction(conn):
        added = index.add([Entry(pid, uid, sh, shingle_counts.get(pid)) for pid, uid, sh in loaded],
                          _signatures(loaded, stored_sigs, params.lsh), lookup=True)
        counts["passages_indexed"] += len(added)
        new_sh = {pid: sh for pid, _uid, sh in loaded}
        new_unit = {pid: uid for pid, uid, _sh in loaded}
        cand_pairs: set[tuple[int, int]] = set()
        sigs: dict[int, Indexed] = {}          # signatures read once per run, shared by all passages
        # The batch's band keys and samples were looked up once, in key order, by ``add`` before its rows
        # went in (lookup=True); what is left (nothing, unless a value came twice) is read here.
        index.prefetch((int(k) for keys, _fps in added.values() for k in keys.tolist()),
                       (fp for _keys, fps in added.values() for fp in fps))
        for pid, (keys, fps) in added.items():
            cands = index.candidates(pid, keys.tolist(), fps)
            unit = new_unit[pid]               # passages of the same unit are never candidates
            keep = [c for c in cands.values() if (c.bands > 0 or c.samples >= min(2, len(fps)))
                    and new_unit.get(c.passage_id) != unit]
            keep.sort(key=lambda c: (-(c.bands + c.samples), c.passage_id))
            keep = keep[: params.max_candidates]
            sigs.update(index.load(c.passage_id for c in keep if c.passage_id not in sigs))
            if pid not in sigs:
                sigs.update(index.load([pid]))
            stored = sigs
            own = sigs[pid].sig
            scored = []
            for c in keep:
                st = stored.get(c.passage_id)
                if st is None or st.unit_id == new_unit[pid]:
                    continue
                est = estimate(own, st.sig)
                if c.samples == 0 and est < params.min_estimate:
                    continue
                scored.append((c.samples + est * 10, c.passage_id))
            scored.sort(reverse=True)
            for _score, other in scored[: params.max_verify]:
                cand_pairs.add((min(pid, other), max(pid, other)))
        counts["candidates"] += len(cand_pairs)
        counts["postings_read"] += index.work["postings_read"]    # the lookup work, linear in passages
        if index.work["merged_rows"]:
            counts["index_rows_merged"] += index.work["merged_rows"]    # band and sample rows moved a level down
        # Pairs on one page (two versions of a page) are never compared, so the earlier passages are
        # decoded only for the pairs left.
        others = sorted({p for pair in cand_pairs for p in pair} - set(new_sh))
        passage_unit = {**new_unit, **{pid: uid for pid, uid, _o in _passage_meta(conn, "id", others)}}
        units = unit_info(conn, passage_unit.values())
        page = {pid: units[uid][0] for pid, uid in passage_unit.items() if uid in units}
        pairs = [(x, y) for x, y in sorted(cand_pairs) if x in page and y in page and page[x] != page[y]]
        more, _, _, _ = _load_prepared(conn, "id", sorted({p for pair in pairs for p in pair} - set(new_sh)), params)
        all_sh = dict(new_sh)
        all_sh.update({pid: sh for pid, _u, sh in more})
        infos = {pid: PassageInfo(pid, passage_unit[pid], page[pid], units[passage_unit[pid]][1], sh)
                 for pid, sh in all_sh.items() if pid in page}
        matches = []
        for x, y in pairs:
            if x not in infos or y not in infos:
                continue
            link = classify(infos[x], infos[y], params)
            if link is not None:
                matches.append(link)
                counts[f"passage_{link.kind}"] += 1
        involved = {infos[p].unit_id for lk in matches for p in (lk.a, lk.b)}
        unit_tokens = _unit_tokens(conn, involved, params)
        ulinks = unit_links(matches, infos, unit_tokens, units, params)
        for link in ulinks:
            counts[f"unit_{link.kind}"] += 1
        put_links(conn, matches + ulinks)
    return counts


def _unit_tokens(conn: sqlite3.Connection, unit_ids: Iterable[int], params: ReuseParams) -> dict[int, int]:
    """Total tokens of each unit's indexed (long enough) passages: the stored token counts (nothing
    decoded), the passages of units without stored features shingled here."""
    meta = _passage_meta(conn, "unit_id", list(unit_ids))
    stored = {uid: stored_tokens(data, params.shingle, params.lsh)
              for uid, data in read_prepared(conn, list({uid for _p, uid, _o in meta}), "reuse").items()}
    out: dict[int, int] = defaultdict(int)
    missing: list[int] = []
    for pid, uid, ordinal in meta:
        tokens = stored.get(uid)
        if tokens is None:
            missing.append(pid)
        elif ordinal in tokens:
            out[uid] += tokens[ordinal]
    for _pid, uid, sh in _load_passages(conn, "id", missing, params.shingle)[0]:
        out[uid] += sh.tokens
    return dict(out)
