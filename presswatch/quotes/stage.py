"""The "quotes" archive stage: direct quotes and indirect claims of new units, speakers resolved
through the mentions the "entities" stage wrote (so it runs after it)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from presswatch.config import Config
from presswatch.entities.stage import unit_passages
from presswatch.quotes.analysis import ATTRIBUTION_VERSION, decode_attribution, join_passages, unit_language
from presswatch.quotes.attribute import Attribution
from presswatch.quotes.english import unit_quotes
from presswatch.quotes.extract import Extractor, MentionRef, Quote
from presswatch.quotes.parse import EnglishParser
from presswatch.store.db import transaction
from presswatch.store.units import read_analysis, read_prepared

__all__ = ["QuotesStage", "join_passages", "quotes_for_unit", "reset_quotes", "unit_language"]


def quotes_for_unit(rows: list[tuple[int, str, str]], mentions: list[tuple[int, int, int, str, str, str]],
                    doc: Any | None = None, parsed: list[Attribution] | None = None,
                    rules: list[Attribution] | None = None) -> list[tuple[int, int, Quote]]:
    """``rows``: (passage id, text, lang); ``mentions``: (passage id, start, end, entity, kind, surface);
    ``doc``: the English parse of the joined text (:func:`join_passages`), when there is one, or
    ``parsed``: the attributions the per-page "nlp" component found in that parse, or else ``rules``:
    what the attribution rules found in that text in the worker processes (the "prepare" component).
    Returns (passage id, offset of that passage in the joined text, quote)."""
    text, starts = join_passages([(pid, t) for pid, t, _ in rows])
    offset = dict(starts)
    refs = [MentionRef(offset[p] + s, offset[p] + e, ent, kind, surface)
            for p, s, e, ent, kind, surface in mentions if p in offset]
    refs.sort(key=lambda m: m.start)
    out = []
    lang = unit_language([lang for _, _, lang in rows])
    found = unit_quotes(text, refs, doc, parsed, rules) if lang == "en" else Extractor(lang).extract(text, refs)
    for q in found:
        pid, base = starts[0]
        for p, s in starts:
            if s <= q.start:
                pid, base = p, s
        out.append((pid, base, q))
    return out


@dataclass
class QuotesStage:
    config: Config
    name: str = "quotes"
    _parser: EnglishParser | None = field(default=None, repr=False)

    def parser(self, config: Config) -> EnglishParser | None:
        """The English dependency parser, loaded once per stage object (None: rules only)."""
        if not config.get("quotes.use_spacy", True):
            return None
        if self._parser is None:
            self._parser = EnglishParser(str(config.get("nlp.spacy_model", "") or ""),
                                         int(config.get("quotes.batch_size", 32)))
        return self._parser if self._parser.available else None

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        counts: Counter[str] = Counter()
        passages = unit_passages(conn, unit_ids)
        english = [uid for uid in unit_ids if passages[uid] and
                   unit_language([str(r["lang"]) for r in passages[uid]]) == "en"]
        # attributions found by the "nlp" component in the worker processes; only English units
        # analysed without them (an older archive, another model) are parsed here
        parsed: dict[int, list[Attribution]] = {}
        if english and config.get("quotes.use_spacy", True):
            model = str(config.get("nlp.spacy_model", "") or "")
            for uid, data in read_analysis(conn, english).items():
                if data.get("model") == model and data.get("attr") is not None and \
                        data.get("v") == ATTRIBUTION_VERSION:
                    parsed[uid] = [decode_attribution(a) for a in data["attr"]]
            english = [uid for uid in english if uid not in parsed]
            counts["parsed_in_workers"] += len(parsed)
        parser = self.parser(config) if english else None  # the model loads only when it has work
        docs: dict[int, Any] = {}
        if parser is not None:
            texts = [join_passages([(int(r["id"]), str(r["text"])) for r in passages[uid]])[0] for uid in english]
            docs = dict(zip(english, parser.parse(texts), strict=True))
            counts["parsed"] += len(docs)
        # English units found by rules: what the attribution rules found in the worker processes
        rules: dict[int, list[Attribution]] = {}
        by_rules = [uid for uid in english if uid not in docs]
        for uid, data in read_prepared(conn, by_rules, "attributions").items():
            if data.get("v") == ATTRIBUTION_VERSION:
                rules[uid] = [decode_attribution(a) for a in data["attr"]]
        counts["rules_in_workers"] += len(rules)
        with transaction(conn):
            for uid in unit_ids:
                rows = [(int(r["id"]), str(r["text"]), str(r["lang"])) for r in passages[uid]]
                conn.execute("DELETE FROM quotes WHERE unit_id = ?", (uid,))
                if not rows:
                    continue
                mentions = [(int(r["passage_id"]), int(r["start"]), int(r["end"]), str(r["entity_id"]),
                             str(r["kind"]), str(r["surface"])) for r in conn.execute(
                    """SELECT m.passage_id, m.start, m."end", m.entity_id, e.kind, m.surface FROM mentions m
                       JOIN entities e ON e.id = m.entity_id WHERE m.unit_id = ?""", (uid,))]
                lang = unit_language([r[2] for r in rows])
                for pid, base, q in quotes_for_unit(rows, mentions, docs.get(uid), parsed.get(uid), rules.get(uid)):
                    conn.execute(
                        """INSERT INTO quotes (unit_id, passage_id, speaker, speaker_entity_id, cue, text, start,
                               "end", unit_start, unit_end, direct, outlet, lang, source_start, source_end,
                               cue_start, cue_end)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        (uid, pid, q.speaker, int(q.entity) if q.entity else None, q.cue, q.text,
                         q.start - base, q.end - base, q.start, q.end, int(q.direct), q.outlet, lang,
                         q.source_start, q.source_end, q.cue_start, q.cue_end))
                    counts["direct" if q.direct else "indirect"] += 1
                counts["units"] += 1
        return counts


def reset_quotes(conn: sqlite3.Connection) -> None:
    """Drop what the stage provides before a re-run (the runner calls this inside its transaction)."""
    conn.execute("DELETE FROM quotes")
