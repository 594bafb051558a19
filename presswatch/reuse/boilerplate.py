"""Passages the reuse stage found repeated on other pages whose units are not copies of each other:
site boilerplate ("Sign up here", "this article has been reviewed according to …'s editorial
process"), shared disclaimers, cross-site notices. They are never a digest lead (or an article's
lead, or a search hit's best snippet): a copied article shares all its passages with its copy (a unit
link), boilerplate only a few.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from presswatch.reuse.links import REUSE_KINDS, UNIT_REUSE_KINDS

MIN_OTHER_PAGES = 1     # a passage also on one other, unrelated page is repeated text, not the story


def norm_text(text: str) -> str:
    return " ".join(text.casefold().split())


def _repeated(conn: sqlite3.Connection, column: str, ids: list[int]) -> list[tuple[int, int, str]]:
    """(unit id, passage id, text) of the passages (``column`` in ``ids``: ``unit_id`` or ``id``) also
    found on at least ``MIN_OTHER_PAGES`` other pages whose unit is not a copy of theirs."""
    try:
        conn.execute("SELECT 1 FROM links LIMIT 1")
    except sqlite3.OperationalError:     # no reuse stage in this archive
        return []
    kinds = ",".join("?" * len(REUSE_KINDS))
    ukinds = ",".join("?" * len(UNIT_REUSE_KINDS))
    pages: dict[tuple[int, int], set[int]] = defaultdict(set)
    texts: dict[tuple[int, int], str] = {}
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"""SELECT p.unit_id, p.id, p.text, uq.page_id AS other_page
                FROM passages p
                JOIN links l ON l.level = 'passage' AND l.kind IN ({kinds}) AND (l.a = p.id OR l.b = p.id)
                JOIN passages q ON q.id = CASE WHEN l.a = p.id THEN l.b ELSE l.a END
                JOIN units up ON up.id = p.unit_id JOIN units uq ON uq.id = q.unit_id
                WHERE p.{column} IN ({marks}) AND uq.page_id != up.page_id
                  AND NOT EXISTS (SELECT 1 FROM links ul WHERE ul.level = 'unit' AND ul.kind IN ({ukinds})
                                  AND ((ul.a = p.unit_id AND ul.b = q.unit_id) OR (ul.b = p.unit_id AND ul.a = q.unit_id)))""",
            (*REUSE_KINDS, *chunk, *UNIT_REUSE_KINDS)).fetchall()
        for unit_id, pid, text, other_page in rows:
            pages[(int(unit_id), int(pid))].add(int(other_page))
            texts[(int(unit_id), int(pid))] = str(text)
    return [(u, p, texts[(u, p)]) for (u, p), other in pages.items() if len(other) >= MIN_OTHER_PAGES]


def repeated_passages(conn: sqlite3.Connection, unit_ids: Iterable[int]) -> dict[int, list[str]]:
    """unit id -> normalised texts of its passages found on other pages (not through a unit copy)."""
    out: dict[int, list[str]] = defaultdict(list)
    for unit_id, _pid, text in _repeated(conn, "unit_id", list(dict.fromkeys(unit_ids))):
        out[unit_id].append(norm_text(text))
    return dict(out)


def repeated_passage_ids(conn: sqlite3.Connection, passage_ids: Iterable[int]) -> set[int]:
    """Those of ``passage_ids`` found on other, unrelated pages (boilerplate)."""
    return {pid for _u, pid, _t in _repeated(conn, "id", list(dict.fromkeys(passage_ids)))}


def is_repeated(sentence: str, repeated: Iterable[str]) -> bool:
    """Is ``sentence`` (part of) one of the ``repeated`` passage texts?"""
    s = norm_text(sentence)
    return bool(s) and any(s in r for r in repeated)


MIN_SHARED_PAGES = 3      # a short sentence on this many pages' texts is a site notice ("Sign up here.")
MAX_SHARED_SHARE = 0.5    # ... unless most of the unit is shared (an undetected copy: keep its lead)
# A short sentence that opens the units of two pages is a notice too ("This post may contain affiliate
# links."): a story's own first sentence is not repeated word for word by an unrelated page.
OPENING_SENTENCES = 2
MAX_OPENING_NOTICE_WORDS = 15


def shared_sentences(units: dict[int, tuple[int, str]]) -> dict[int, list[str]]:
    """unit id -> its sentences that also stand in the texts of at least ``MIN_SHARED_PAGES`` - 1 other
    pages among ``units`` (unit id -> (page id, text)), or that open the units of two pages (short ones). Catches boilerplate too short for the reuse
    index (passages under ``[reuse] min_words``); a unit most of whose sentences are shared is left
    alone (a copy the reuse stage did not link)."""
    from presswatch.text.sentences import sentences

    per_unit: dict[int, list[str]] = {}
    pages: dict[str, set[int]] = defaultdict(set)
    opening: dict[str, set[int]] = defaultdict(set)    # pages on which the sentence opens the unit
    for uid, (page_id, text) in units.items():
        sents = list(dict.fromkeys(norm_text(x) for x in sentences(text) if len(x.split()) >= 2))
        per_unit[uid] = sents
        for x in sents:
            pages[x].add(page_id)
        for x in sents[:OPENING_SENTENCES]:
            if len(x.split()) <= MAX_OPENING_NOTICE_WORDS:
                opening[x].add(page_id)
    out: dict[int, list[str]] = {}
    for uid, sents in per_unit.items():
        shared = [x for x in sents if len(pages[x]) >= MIN_SHARED_PAGES or len(opening[x]) >= 2]
        elsewhere = sum(len(pages[x]) >= 2 for x in sents)     # most of it on another page: a copy
        if shared and len(shared) <= MAX_SHARED_SHARE * len(sents) and elsewhere <= MAX_SHARED_SHARE * len(sents):
            out[uid] = shared
    return out


# --- a unit's lead: what the inbox, unit list, export and search show first -------------------------
# Anatomy runs before reuse, so an article unit may open with a passage that only the reuse stage later
# finds on other, unrelated pages ("Sign up here", "All products featured are independently selected").
# Readers ask these functions, at read time, for the unit's text without those passages.


def boilerplate_spans(conn: sqlite3.Connection, unit_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
    """unit id -> ``[start, end)`` spans (offsets in the unit's text) of its passages the reuse index
    found on other, unrelated pages; only units that have any. Empty when the reuse stage never ran."""
    found = _repeated(conn, "unit_id", list(dict.fromkeys(int(u) for u in unit_ids)))
    pids = [pid for _u, pid, _t in found]
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for start in range(0, len(pids), 400):
        chunk = pids[start:start + 400]
        for unit_id, s, e in conn.execute(f'SELECT unit_id, start, "end" FROM passages WHERE id IN '
                                          f"({','.join('?' * len(chunk))})", chunk):
            spans[int(unit_id)].append((int(s), int(e)))
    return {u: sorted(s) for u, s in spans.items()}


def without_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the ``spans`` cut out (paragraphs kept apart); ``text`` itself when nothing would be
    left (a unit that is all boilerplate keeps its text: it is shown as it is)."""
    pieces, pos = [], 0
    for s, e in sorted(spans):
        if s > pos:
            pieces.append(text[pos:s].strip())
        pos = max(pos, e)
    pieces.append(text[pos:].strip())
    kept = "\n\n".join(p for p in pieces if p)
    return kept or text


def lead_texts(conn: sqlite3.Connection, units: dict[int, str]) -> dict[int, str]:
    """unit id -> the unit's text (``units``: unit id -> text) without its boilerplate passages, for the
    lead a reader sees first (inbox excerpt, unit list, export summary, search snippet). Units without
    such passages map to their own text."""
    spans = boilerplate_spans(conn, units)
    return {u: without_spans(t, spans[u]) if u in spans else t for u, t in units.items()}
