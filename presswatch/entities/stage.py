"""The "entities" archive stage: link the names in new units to entities (incremental, idempotent)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from presswatch.config import Config
from presswatch.entities.discover import SpacyNer
from presswatch.entities.discover_en import WordCase
from presswatch.entities.linker import UNFILTERED
from presswatch.entities.prepare import case_texts, merge_case, valid_case
from presswatch.entities.store import LinkerCache, load_project_watchlist, sync_watchlist, write_unit_links
from presswatch.store.db import transaction
from presswatch.store.units import read_analysis, read_prepared

# A unit's text as its passages joined by blank lines (the quotes stage and the gold files use it too).
SEP = "\n\n"


def unit_passages(conn: sqlite3.Connection, unit_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
    out: dict[int, list[sqlite3.Row]] = {uid: [] for uid in unit_ids}
    for start in range(0, len(unit_ids), 500):
        chunk = unit_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        # a short passage often gets no language ("und"): it takes its unit's language
        for row in conn.execute(f"""SELECT p.id, p.unit_id, p.text,
                                           CASE WHEN p.lang = 'und' THEN u.lang ELSE p.lang END AS lang
                                    FROM passages p JOIN units u ON u.id = p.unit_id
                                    WHERE p.unit_id IN ({marks}) ORDER BY p.unit_id, p.ordinal""", chunk):
            out[int(row["unit_id"])].append(row)
    return out


def ner_from_workers(conn: sqlite3.Connection, unit_ids: list[int], passages: dict[int, list[sqlite3.Row]],
                     model: str) -> dict[int, list[list[tuple[int, int, str]]]]:
    """Unit id -> spaCy spans per passage, for the units the per-page "nlp" component
    (:mod:`presswatch.quotes.analysis`) analysed with ``model``."""
    out: dict[int, list[list[tuple[int, int, str]]]] = {}
    for uid, data in read_analysis(conn, unit_ids).items():
        found = data.get("ner")
        if data.get("model") != model or found is None or len(found) != len(passages.get(uid, [])):
            continue
        out[uid] = [[(int(s), int(e), str(k)) for s, e, k in spans] for spans in found]
    return out


@dataclass(frozen=True)
class UnitCase:
    """Adds one unit's word case to the linker's: the stored counts (``prepared``), else counted here."""

    texts: tuple[str, ...]
    stored: dict[str, Any] | None

    @property
    def prepared(self) -> bool:
        return self.stored is not None

    def __call__(self, case: WordCase) -> None:
        if self.stored is not None:
            merge_case(case, self.stored)
        else:
            case.observe(self.texts)


def unit_counters(conn: sqlite3.Connection, passages: dict[int, list[sqlite3.Row]]) -> dict[int, UnitCase]:
    """Per unit (in ``passages`` order), what adds its word case (see :class:`UnitCase`)."""
    stored = read_prepared(conn, list(passages), "word_case")
    return {uid: UnitCase(tuple(case_texts([(r["text"], r["lang"]) for r in rows])), valid_case(stored.get(uid)))
            for uid, rows in passages.items()}


@dataclass
class EntitiesStage:
    """Reads units and passages, writes entities, aliases, mentions and merge suggestions."""

    config: Config
    name: str = "entities"
    _ner: SpacyNer | None = field(default=None, repr=False)
    _linkers: LinkerCache = field(default_factory=LinkerCache, repr=False)

    def ner(self, config: Config) -> SpacyNer | None:
        if not config.get("entities.use_spacy", True):
            return None
        if self._ner is None:  # loaded once per stage object
            self._ner = SpacyNer(str(config.get("nlp.spacy_model", "") or ""))
        return self._ner if self._ner.available else None

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        counts: Counter[str] = Counter()
        watchlist = load_project_watchlist(conn, config)
        with transaction(conn):
            sync_watchlist(conn, watchlist)
        passages = unit_passages(conn, unit_ids)
        # spaCy spans found by the "nlp" component in the worker processes; only the English passages
        # of units analysed without them (an older archive, another model) are recognised here
        unit_spans: dict[int, list[list[tuple[int, int, str]]]] = {}
        ner: SpacyNer | None = None
        if config.get("entities.use_spacy", True):
            unit_spans = ner_from_workers(conn, unit_ids, passages, str(config.get("nlp.spacy_model", "") or ""))
            missing = [uid for uid in unit_ids if uid not in unit_spans and any(r["lang"] == "en" for r in passages[uid])]
            ner = self.ner(config) if missing else None  # the model loads only when it has work
            if ner is not None:
                english = [r for uid in missing for r in passages[uid] if r["lang"] == "en"]
                found = dict(zip([int(r["id"]) for r in english], ner.spans([r["text"] for r in english]), strict=True))
                for uid in missing:
                    unit_spans[uid] = [found.get(int(r["id"]), []) for r in passages[uid]]
                counts["ner_in_writer"] += len(missing)
            counts["ner_in_workers"] += len(unit_spans) - (len(missing) if ner is not None else 0)
            if unit_spans and (ner is not None or not missing):
                for uid in unit_ids:  # as before: with spaCy on, every unit of the batch gets its (empty) spans
                    unit_spans.setdefault(uid, [[] for _ in passages[uid]])
        linker = self._linkers.get(conn, ner, config)
        # word case over the whole batch first, so a common noun is known as one from the first unit on
        # and spaCy's kind for each name over the batch (products, works and events included)
        texts: list[str] = []
        spans: list[list[tuple[int, int, str]]] = []
        for uid, rows in passages.items():
            per_passage = unit_spans.get(uid) or [[] for _ in rows]
            for r, sp in zip(rows, per_passage, strict=False):
                if r["lang"] not in UNFILTERED:
                    texts.append(r["text"])
                    spans.append(sp)
        # each unit's word case, counted in the worker processes (the "prepare" component) when stored
        counted = unit_counters(conn, passages)
        counts["case_in_workers"] += sum(c.prepared for c in counted.values())
        linker.observe(texts, spans if unit_spans else None, counted=list(counted.values()))
        with transaction(conn):
            for uid in unit_ids:
                rows = passages[uid]
                ner_spans = unit_spans.get(uid)
                links = linker.link_unit([(r["text"], r["lang"]) for r in rows], ner_spans, counted=counted[uid])
                counts["mentions"] += write_unit_links(conn, uid, [int(r["id"]) for r in rows], links, linker)
                counts["learned_aliases"] += len(links.learned)
                counts["discovered"] += len(links.discovered)
                counts["units"] += 1
        return counts


def reset_entities(conn: sqlite3.Connection) -> None:
    """Drop what the stage provides before a re-run (the runner calls this inside its transaction):
    mentions, open merge suggestions and discovered entities nothing else holds on to; watchlist
    entities, learned and rejected aliases stay."""
    conn.execute("DELETE FROM mentions")
    conn.execute("DELETE FROM merge_suggestions WHERE status = 'open'")
    conn.execute("""DELETE FROM entities WHERE source = 'discovered' AND id NOT IN
                    (SELECT entity_id FROM entity_aliases WHERE source = 'learned' OR status = 'rejected')
                    AND id NOT IN (SELECT merged_into FROM entities WHERE merged_into IS NOT NULL)
                    AND merged_into IS NULL""")
