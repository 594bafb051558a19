"""The archive stages: ``reuse`` (copies, near-duplicates, excerpts) then ``translation``.

Both run on units not handled yet (``stage_done``), against everything indexed before, so a run
after ingesting new pages checks only the new units against the stored index.
Boilerplate units (navigation, footers) are never indexed.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from presswatch.config import Config
from presswatch.reuse.anchor_index import ANCHOR_CAPS, lookup, postings, replace_anchors
from presswatch.reuse.anchor_index import clear as clear_anchors
from presswatch.reuse.detect import ReuseParams, detect, earlier, unit_info
from presswatch.reuse.groups import canonical_unit
from presswatch.reuse.index import clear as clear_index
from presswatch.reuse.links import REUSE_KINDS, UNIT_REUSE_KINDS, Link, links_of, put_links
from presswatch.reuse.prepare import stored_document
from presswatch.reuse.samepage import link_page
from presswatch.reuse.translation import THRESHOLD, Text, TranslationBackend, load_backend, score_pair
from presswatch.store.db import transaction
from presswatch.store.units import read_prepared

SKIP_KINDS = ("boilerplate",)


def content_units(conn: sqlite3.Connection, unit_ids: list[int]) -> list[int]:
    out: list[int] = []
    for start in range(0, len(unit_ids), 500):
        chunk = unit_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        out.extend(int(r[0]) for r in conn.execute(
            f"SELECT id FROM units WHERE id IN ({marks}) AND kind NOT IN ({','.join('?' * len(SKIP_KINDS))})",
            (*chunk, *SKIP_KINDS)))
    return out


@dataclass
class ReuseStage:
    name: str = "reuse"

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        return detect(conn, ReuseParams.from_config(config), content_units(conn, unit_ids))


UNIT_MIN_LETTERS = 40
UNIT_MIN_PROB = 0.9


def unit_language(conn: sqlite3.Connection, unit_id: int, declared: str) -> str:
    """The unit's language: declared, else its identified passages' (by length), else the whole text
    identified at once (short passages are ``und`` one by one, their unit often is not)."""
    if declared and declared != "und":
        return declared
    row = conn.execute(
        """SELECT lang FROM passages WHERE unit_id = ? AND lang != 'und'
           GROUP BY lang ORDER BY SUM(LENGTH(text)) DESC LIMIT 1""", (unit_id,)).fetchone()
    if row:
        return str(row[0])
    text = conn.execute("SELECT text FROM units WHERE id = ?", (unit_id,)).fetchone()
    body = str(text[0]) if text else ""
    if sum(c.isalpha() for c in body) < UNIT_MIN_LETTERS:
        return "und"
    from presswatch.lang.identify import shared_py3langid_model
    lang, prob = shared_py3langid_model().classify(body[:2000])
    return str(lang) if prob >= UNIT_MIN_PROB else "und"


@dataclass
class TranslationStage:
    name: str = "translation"
    max_candidates: int = 50
    max_postings: int = 500
    rare_postings: int = 50
    backends: dict[str, TranslationBackend | None] = field(default_factory=dict)
    # Kept from batch to batch of one run (at most ``max_cached`` entries each, then started afresh):
    # the texts prepared and the copy-group heads found, as candidates recur from one unit to the next.
    # Copy links do not change while this stage runs (the reuse stage has handled every unit before).
    max_cached: int = 20000
    _texts: dict[int, Text | None] = field(default_factory=dict, repr=False)
    _heads: dict[int, int] = field(default_factory=dict, repr=False)
    # Anchors found held by more than ``max_postings`` units in this run: they count for nothing, and
    # their postings only grow while the stage runs (each batch adds its units' anchors), so they are
    # not read again for every later unit that names "Tirana" or a month (issue 13: the rows read per
    # such anchor are the cap, ~500, and there are more of them the larger the archive).
    _common: set[str] = field(default_factory=set, repr=False)
    work: Counter[str] = field(default_factory=Counter, repr=False)
    # Level caps of the anchor postings (:data:`~presswatch.reuse.anchor_index.ANCHOR_CAPS`); (): rows
    # straight into reuse_anchors, the layout before migration 0040 (same postings, same links).
    anchor_levels: tuple[int, ...] = ANCHOR_CAPS
    _postings: dict[str, list[int]] = field(default_factory=dict, repr=False)   # the batch's, read at once

    def load_texts(self, conn: sqlite3.Connection, unit_ids: list[int],
                   cache: dict[int, Text | None] | None = None) -> dict[int, Text]:
        """Prepared texts of ``unit_ids`` (units of undetermined language left out). ``cache`` keeps
        texts prepared earlier in the same run, so a unit proposed as a candidate again is not re-read."""
        cache = {} if cache is None else cache
        out: dict[int, Text] = {uid: t for uid in unit_ids if (t := cache.get(uid)) is not None}
        missing = [uid for uid in unit_ids if uid not in cache]
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            marks = ",".join("?" * len(chunk))
            stored = read_prepared(conn, chunk, "document")   # paragraphs and anchors made in the worker processes
            for r in conn.execute(f"SELECT id, text, lang FROM units WHERE id IN ({marks})", chunk):
                lang = unit_language(conn, int(r[0]), r[2])
                paragraphs = stored_document(stored.get(int(r[0]))) if lang != "und" else None
                self.work["documents_prepared_in_workers"] += paragraphs is not None
                prepared = (None if lang == "und" else Text(int(r[0]), lang, paragraphs) if paragraphs is not None
                            else Text.of(int(r[0]), r[1], lang))
                cache[int(r[0])] = prepared
                if prepared is not None:
                    out[int(r[0])] = prepared
        return out

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        spec = str(config.get("reuse.translation_backend", "anchors"))
        if spec not in self.backends:
            self.backends[spec] = load_backend(spec)
        backend = self.backends[spec]
        threshold = float(config.get("reuse.translation_threshold", THRESHOLD))
        counts: Counter[str] = Counter()
        units = content_units(conn, unit_ids)
        # Translations on one page first: the page itself pairs them, whatever the archive holds.
        versions = sorted({int(r[0]) for start in range(0, len(units), 500) for r in conn.execute(
            f"SELECT DISTINCT version_id FROM units WHERE id IN ({','.join('?' * len(units[start:start + 500]))})",
            units[start:start + 500])})
        with transaction(conn):
            for version_id in versions:
                counts.update(link_page(conn, version_id, threshold))
        # A copy of an earlier unit is not paired itself: its group's earliest unit carries the link.
        originals = [u for u in units if self._head(conn, u) == u]
        counts["translation_skipped_copies"] += len(units) - len(originals)
        if len(self._texts) > self.max_cached or len(self._heads) > self.max_cached or len(self._common) > self.max_cached:
            self._texts.clear()
            self._heads.clear()
            self._common.clear()
        cache = self._texts
        texts = self.load_texts(conn, originals, cache)
        counts["translation_skipped_und"] += len(originals) - len(texts)
        with transaction(conn):
            # the batch's postings first (sorted, into the level table), then every anchor the batch
            # will look up, read once each in key order
            self.work["anchor_rows_merged"] += replace_anchors(
                conn, {uid: text.strong_anchors() for uid, text in texts.items()}, self.anchor_levels)
            wanted = {a for text in texts.values() for a in text.strong_anchors()} - self._common
            self._postings = postings(conn, wanted, self.max_postings + 1)
            try:
                for uid, text in texts.items():
                    counts.update(self._link_one(conn, uid, text, backend, threshold, cache))
            finally:
                self._postings = {}
        return counts

    def _head(self, conn: sqlite3.Connection, unit_id: int) -> int:
        """The earliest unit of ``unit_id``'s copy group (:func:`canonical_unit`), remembered."""
        head = self._heads.get(unit_id)
        if head is None:
            head = self._heads[unit_id] = canonical_unit(conn, unit_id)
            self.work["groups_walked"] += 1
        return head

    def _candidates(self, conn: sqlite3.Connection, uid: int, text: Text) -> list[int]:
        """Units in another language sharing at least two strong anchors (one when the text has only
        one), one of them rare: held by at most ``rare_postings`` units (a translation keeps the
        story's own numbers and names; two texts sharing only "Tirana" and "Minister" are the more
        numerous the larger the archive, and none of them is proposed). An anchor held by more than
        ``max_postings`` units (a year, a capital's name) counts for nothing. The best
        ``max_candidates`` by anchors shared are kept, units whose stored language is the text's left
        out first (they are never scored). Work per unit is bounded whatever the archive holds: at
        most ``max_postings`` + 1 rows read per anchor, at most ``rare_postings`` proposed per anchor."""
        anchors = sorted(text.strong_anchors())
        shared: Counter[int] = Counter()
        proposed: set[int] = set()
        for anchor in anchors:
            if anchor in self._common:
                continue
            rows = self._postings.get(anchor)
            if rows is None:
                rows = lookup(conn, anchor, self.max_postings + 1)
            self.work["postings_read"] += len(rows)
            if len(rows) > self.max_postings:
                self._common.add(anchor)
                continue
            holders = [u for u in rows if u != uid]
            shared.update(holders)
            if len(rows) <= self.rare_postings:
                proposed.update(holders)
        need = min(2, len(anchors))
        best = [u for u, n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])) if n >= need and u in proposed]
        out: list[int] = []
        for start in range(0, len(best), 500):
            chunk = best[start:start + 500]
            langs = dict(conn.execute(f"SELECT id, lang FROM units WHERE id IN ({','.join('?' * len(chunk))})",
                                      chunk).fetchall())
            out.extend(u for u in chunk if langs.get(u) != text.lang)
            if len(out) >= self.max_candidates:
                break
        self.work["candidates"] += min(len(out), self.max_candidates)
        return [u for u in out[: self.max_candidates] if self._head(conn, u) == u]

    def _link_one(self, conn: sqlite3.Connection, uid: int, text: Text, backend: TranslationBackend | None,
                  threshold: float, cache: dict[int, Text | None]) -> Counter[str]:
        counts: Counter[str] = Counter()
        others = self.load_texts(conn, self._candidates(conn, uid, text), cache)
        best: dict[str, tuple[float, int]] = {}
        scored = {}
        for oid, other in others.items():
            if other.lang == text.lang:
                continue
            ps = score_pair(text, other, backend, prune_below=threshold)
            scored[oid] = ps
            counts["translation_pairs_scored"] += 1
            if ps.score >= threshold and ps.score > best.get(other.lang, (0.0, 0))[0]:
                best[other.lang] = (ps.score, oid)
        info = unit_info(conn, [uid, *[oid for _s, oid in best.values()]])
        for lang, (score, oid) in best.items():
            # the page itself paired them and said which way: keep its unit link, add the passage pairs
            page_pair = same_page_link(conn, uid, oid)
            if page_pair is None and (self._has_better(conn, oid, text.lang, score)
                                      or self._has_better(conn, uid, lang, score)):
                counts["translation_outscored"] += 1
                continue
            later, first = (oid, uid) if earlier(info[uid][1], uid, info[oid][1], oid) else (uid, oid)
            if page_pair is not None:
                later, first = page_pair
                counts["translation_same_page_kept"] += 1
            ps = score_pair(texts_by_id(text, others, later), texts_by_id(text, others, first), backend)
            pa = paragraph_passages(conn, later, texts_by_id(text, others, later))
            pb = paragraph_passages(conn, first, texts_by_id(text, others, first))
            beads = [[sorted({p for i in bead.a for p in pa[i]}), sorted({p for j in bead.b for p in pb[j]})]
                     for bead in ps.beads]
            detail = {"langs": [texts_by_id(text, others, later).lang, texts_by_id(text, others, first).lang],
                      "features": ps.features, "alignment": ps.alignment(), "passages": beads,
                      "backend": getattr(backend, "name", "anchors")}
            links = [Link("translation_of", "unit", later, first, ps.score, detail)]
            # Passage pairs: one-to-one beads whose anchors do not disagree.
            for bead, (xs, ys) in zip(ps.beads, beads, strict=True):
                if len(xs) == 1 and len(ys) == 1 and (bead.anchor_agreement is None or bead.anchor_agreement >= 0.5):
                    links.append(Link("translation_of", "passage", xs[0], ys[0], ps.score,
                                      {"units": [later, first], "anchor_agreement": bead.anchor_agreement}))
            if page_pair is not None:
                links = links[1:]
            else:
                counts["translation_of"] += 1
            put_links(conn, links)
            counts["translation_passage_pairs"] += sum(lk.level == "passage" for lk in links)
        return counts

    @staticmethod
    def _has_better(conn: sqlite3.Connection, unit_id: int, lang: str, score: float) -> bool:
        """Does ``unit_id`` already have a stronger translation link to a unit in ``lang``?
        Weaker ones are removed (the new pair outscores them)."""
        for link in links_of(conn, "unit", [unit_id], ["translation_of"]):
            other = link.b if link.a == unit_id else link.a
            langs = link.detail.get("langs", [])
            other_lang = langs[1] if link.a == unit_id and len(langs) == 2 else (langs[0] if langs else "")
            if other_lang != lang or other == unit_id:
                continue
            if link.score >= score:
                return True
            conn.execute("DELETE FROM links WHERE id = ?", (link.id,))
            conn.execute("""DELETE FROM links WHERE level = 'passage' AND kind = 'translation_of'
                            AND json_extract(detail, '$.units') = json_array(?, ?)""", (link.a, link.b))
        return False


def same_page_link(conn: sqlite3.Connection, x: int, y: int) -> tuple[int, int] | None:
    """(translation, original) when units ``x`` and ``y`` were paired from their page (samepage.py)."""
    row = conn.execute(
        """SELECT a, b FROM links WHERE level = 'unit' AND kind = 'translation_of'
           AND ((a = ? AND b = ?) OR (a = ? AND b = ?)) AND json_extract(detail, '$.same_page')""",
        (x, y, y, x)).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def paragraph_passages(conn: sqlite3.Connection, unit_id: int, text: Text) -> list[list[int]]:
    """For each paragraph of ``text`` (unit ``unit_id``), the ids of the passages it overlaps."""
    row = conn.execute("SELECT text FROM units WHERE id = ?", (unit_id,)).fetchone()
    spans = [(int(r[0]), int(r[1]), int(r[2])) for r in conn.execute(
        'SELECT id, start, "end" FROM passages WHERE unit_id = ? ORDER BY start', (unit_id,))]
    out: list[list[int]] = []
    body, pos = (row[0] if row else ""), 0
    for para in text.paragraphs:
        start = body.find(para.text, pos)
        if start < 0:
            out.append([])
            continue
        end = pos = start + len(para.text)
        out.append([pid for pid, s, e in spans if s < end and e > start])
    return out


def texts_by_id(text: Text, others: dict[int, Text], wanted: int) -> Text:
    return text if text.id == wanted else others[wanted]


# every link kind the "reuse" stage writes: its passage links and its unit links
WRITTEN_KINDS = tuple(dict.fromkeys(REUSE_KINDS + UNIT_REUSE_KINDS))


def reset_reuse(conn: sqlite3.Connection) -> None:
    """Drop what the "reuse" stage provides before a re-run (inside the runner's transaction): its
    links and the whole index (signatures, band keys, samples), so every unit is indexed again."""
    conn.execute(f"DELETE FROM links WHERE kind IN ({','.join('?' * len(WRITTEN_KINDS))})", WRITTEN_KINDS)
    conn.execute("DELETE FROM reuse_sig")
    clear_index(conn)   # band keys and samples, every level


def reset_translation(conn: sqlite3.Connection) -> None:
    """Drop what the "translation" stage provides before a re-run: its links and anchor postings."""
    conn.execute("DELETE FROM links WHERE kind = 'translation_of'")
    clear_anchors(conn)
