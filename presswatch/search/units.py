"""Unit search: every query term may match anywhere in a unit (article, teaser, translation, digest
item), one hit per unit with the passages that match, a total count and stable numbering.

Ranking: FTS5 BM25 over ``unit_fts`` (title words weigh 4, body 1, Albanian stems 0.6), then, within
fixed blocks of ``BLOCK`` ranks, a prior for what a reader expects first: a teaser or a one-line
unit (a sidebar headline) counts less than an article about the query. Blocks are fixed, so page 2
continues page 1 exactly and a hit keeps its number. Albanian word forms meet through stems
(kryeministri / kryeministrit / kryeministër, :mod:`presswatch.text.stems`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from presswatch.project import Project, connection
from presswatch.reuse.boilerplate import repeated_passage_ids
from presswatch.reuse.consumers import fold_hits
from presswatch.search.filters import conditions
from presswatch.search.query import Query, QueryError, Term, parse_query
from presswatch.search.snippets import ELLIPSIS, Snippet, make_snippet, match_pattern
from presswatch.store.unit_index import index_ready, rebuild_unit_index
from presswatch.text.fold import fold
from presswatch.text.stems import MIN_STEM, stem_forms

BLOCK = 50
KIND_WEIGHT = {"article": 1.0, "translation": 1.0, "digest_item": 0.9, "teaser": 0.6}
FULL_LENGTH = 600        # characters: a unit this long or longer gets no length penalty
MAX_PASSAGES = 2         # matching passages shown per hit (with snippets), best first by terms held
DEFAULT_SNIPPET_CHARS = 200


@dataclass
class PassageMatch:
    passage_id: int
    ordinal: int
    lang: str
    start: int               # offsets in the unit's text
    end: int
    snippet: str
    highlights: list[tuple[int, int]]
    snippet_html: str
    terms: int               # how many of the query's terms this passage holds


@dataclass
class UnitHit:
    """One unit matching the query; ``passage_id`` / ``snippet`` are its best passage's."""

    rank: int
    score: float
    unit_id: int
    page_id: int
    version_id: int
    kind: str
    lang: str
    title: str | None
    outlet: str | None
    url: str | None
    path: str | None
    date: str | None
    passage_id: int | None
    snippet: str
    highlights: list[tuple[int, int]]
    snippet_html: str
    passages: list[PassageMatch] = field(default_factory=list)
    matched_terms: int = 0   # query terms found in the unit (its title included)
    copies: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        # built by hand, not with dataclasses.asdict, whose recursive deep copy of every value cost more
        # than the rest of an API search response's serialisation (the same dict, highlights as lists)
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["highlights"] = [list(h) for h in self.highlights]
        data["passages"] = [{**{f.name: getattr(p, f.name) for f in fields(p)},
                             "highlights": [list(h) for h in p.highlights]} for p in self.passages]
        data["copies"] = [dict(c) for c in self.copies]
        return data


@dataclass
class SearchResult:
    query: str
    total: int               # units matching (with the filters); a lower bound when ``capped``
    offset: int
    limit: int
    hits: list[UnitHit]
    capped: bool = False     # more than ``COUNT_CAP`` filtered matches: the total says "1,000+"

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + len(self.hits)
        return nxt if nxt < self.total or (self.capped and len(self.hits) == self.limit) else None


def _term_fts(term: Term, stems: bool, in_stems: Callable[[str], bool] | None = None) -> str:
    expr = term.fts()
    if not stems or term.prefix or len(term.tokens) != 1:
        return expr
    forms = [f for f in dict.fromkeys((term.tokens[0], *stem_forms(term.tokens[0])))
             if in_stems is None or in_stems(f)]
    return "(" + " OR ".join([expr] + [f'stems : "{f}"' for f in forms]) + ")" if forms else expr


def unit_expression(query: Query, in_stems: Callable[[str], bool] | None = None) -> str:
    """The FTS5 expression over ``unit_fts``: the query's groups, each single word also as its stems.
    ``in_stems``: whether a form is in the index's stems column at all; a form that is not is left out
    (:func:`searched_expression`)."""
    if not query.groups:
        query.fts()   # raises the QueryError that explains it
    parts = []
    for group in query.groups:
        alts = [_term_fts(t, stems=True, in_stems=in_stems) for t in group]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = " AND ".join(parts)
    if query.excluded:
        expr = f"({expr}) NOT (" + " OR ".join("{title body} : " + t.fts() for t in query.excluded) + ")"
    return expr


def searched_expression(conn: sqlite3.Connection, query: Query) -> str:
    """:func:`unit_expression` without the ``stems : "form"`` alternatives that match no unit of the
    index (one probe each, reading the form's doclist only until its first row with the form in the
    stems column: a common English or Persian word is in none).

    The same matches and the same scores: an alternative that matches no row adds no row, and in every
    row its BM25 term is 0 (its frequency is 0), so leaving it out changes neither the set nor a rank.
    FTS5 then merges one doclist instead of two for such a word, and BM25 walks one phrase per match
    (16-25% of the ranking of the bench's 12,900-22,800-match words)."""
    seen: dict[str, bool] = {}

    def in_stems(form: str) -> bool:
        if form not in seen:
            seen[form] = not too_short_for_stems(form) and conn.execute(
                "SELECT 1 FROM unit_fts WHERE unit_fts MATCH ? LIMIT 1", (f'stems : "{form}"',)).fetchone() is not None
        return seen[form]
    return unit_expression(query, in_stems)


def too_short_for_stems(form: str) -> bool:
    """Whether ``form`` can be in no unit's stems column without looking: that column holds only
    :func:`~presswatch.text.stems.stems_of`'s forms, each of at least ``MIN_STEM`` letters, so a word of
    fewer letters is in none. The probe it saves reads the whole doclist of a word that is frequent in
    titles and bodies (0.4-0.6 ms for "has", "po", "که" on the 100,000-unit bench archive), and the
    frequent words are the short ones. Letters only: FTS5 reads such a form as one token of its length.
    The one case it does not cover: a stems form holding a character Python counts as a letter and
    SQLite's tokenizer (older Unicode tables) does not; the index then holds its pieces, which may be
    shorter (no such form in the bench archive; a letter of a script added to Unicode after 6.1 in a
    passage taken for Albanian)."""
    return form.isalpha() and len(form) < MIN_STEM


DETAILS = """SELECT u.id, u.page_id, u.version_id, u.kind, u.lang, u."end" - u.start AS size,
       COALESCE(u.title, u0.title) AS title, COALESCE(u.outlet, u0.outlet) AS outlet,
       COALESCE(u.url, u0.url, pg.url) AS url, pg.path, COALESCE(u.published, u0.published, pv.fetched_at) AS date
FROM units u LEFT JOIN units u0 ON u0.version_id = u.version_id AND u0.ordinal = 0
JOIN page_versions pv ON pv.id = u.version_id JOIN pages pg ON pg.id = u.page_id"""


def _prior(row: sqlite3.Row) -> float:
    size = max(1, int(row["size"] or 0))
    return KIND_WEIGHT.get(row["kind"], 0.8) * min(1.0, size / FULL_LENGTH) ** 0.5


# Filtered matches are counted exactly up to COUNT_CAP, among the first COUNT_SCAN matches of the
# query (by rank; the search page's count: by id); beyond either, the total is a lower bound and says
# so ("1,000+").
COUNT_CAP = 1000
COUNT_SCAN = 5000
MAX_CHUNK = 4000


def walk_ranking(conn: sqlite3.Connection, expr: str, select: str, where: list[str], args: list[Any],
                 want: int) -> tuple[list[tuple[sqlite3.Row, float]], int | None]:
    """The best ``want`` units matching ``expr`` and passing ``where`` as ``(row of select, bm25)``,
    and how many pass in all when every match was looked at (else None). FTS5 ranks the matches once (as a plain ``MATCH ... ORDER
    BY rank``); the ranking is then read best first in growing chunks, each chunk's units looked up by
    id with the conditions (``select``: columns over ``u``, ``u.id`` first (named ``id``), from ``FROM units
    u ...``; without conditions it is joined to the bounded ranking as a subquery, which SQLite flattens)."""
    if not where:
        # without filters the walk needs exactly ``want`` units: a LIMIT lets SQLite keep only the best ones
        # while it ranks (a bounded sort) instead of sorting every match (24.0 vs 27.1 ms CPU on 14,000-22,000
        # matches of the bench archive; the plain peer's own ranking, FTS5 sorting them all: 29.4), and the
        # units are looked up in the same statement (no list of ids bound and read back: 11.9 -> 10.5 ms mean
        # for 501 units). Each row is ``select``'s with the rank after it; fewer than ``want``: all there are.
        best = conn.execute(
            "SELECT s.*, f.rank FROM (SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid "
            f"LIMIT ?) f CROSS JOIN ({select}) s ON s.id = f.rowid ORDER BY f.rank, f.rowid", (expr, want)).fetchall()
        return [(r, float(r[-1])) for r in best], (len(best) if len(best) < want else None)
    cond = " AND ".join(where)
    ranking = conn.execute("SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid", (expr,))
    kept: list[tuple[sqlite3.Row, float]] = []
    size = want * 3
    examined = 0
    try:
        while len(kept) < want:
            chunk = ranking.fetchmany(size)
            full = len(chunk) == size
            pos = 0
            # a full chunk's units are looked up a part at a time, as many as the share passing so far
            # says are needed, and no more once ``want`` passed (a language filter most matches pass
            # looked up 3,003 units for 1,001); a short chunk (the last) is looked up whole, to count
            while pos < len(chunk) and not (full and len(kept) >= want):
                part = chunk[pos:pos + (lookup_size(want - len(kept), len(kept), examined) if full else len(chunk))]
                pos += len(part)
                examined += len(part)
                ids = [int(r[0]) for r in part]
                rows = {int(r[0]): r for r in conn.execute(
                    f"{select} WHERE u.id IN ({','.join('?' * len(ids))}) AND {cond}", [*ids, *args])}
                kept += [(rows[int(r[0])], float(r[1])) for r in part if int(r[0]) in rows]
            if not full:
                return kept[:want], len(kept)
            size = min(size * 4, MAX_CHUNK)
    finally:
        ranking.close()
    return kept[:want], None


def lookup_size(missing: int, kept: int, examined: int) -> int:
    """How many more ranked matches to look up for ``missing`` more units passing the filters: all of
    them at first, then by the share that passed so far, with a margin."""
    if examined == 0:
        return missing + 16
    if kept == 0:
        return MAX_CHUNK
    return int(missing * examined / kept * 1.25) + 16


Walked = tuple[list[tuple[sqlite3.Row, float]], int | None]   # what walk_ranking returns


def match_count(conn: sqlite3.Connection, expr: str) -> tuple[int, bool]:
    """How many units match, exactly up to ``COUNT_CAP`` (then ``(COUNT_CAP, True)``: "1,000+"). The
    doclist is read only that far, not to its end (a common word's doclist is the whole archive)."""
    n = int(conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM unit_fts WHERE unit_fts MATCH ? LIMIT ?)",
                         (expr, COUNT_CAP + 1)).fetchone()[0])
    return min(n, COUNT_CAP), n > COUNT_CAP


def _ranked(conn: sqlite3.Connection, expr: str, where: list[str], args: list[Any], want: int,
            walked: Walked | None = None) -> tuple[list[tuple[sqlite3.Row, float]], int, bool]:
    """The best ``want`` units passing ``where`` (BM25, ties by id) with their details, the total and
    whether the total is capped.

    Without filters FTS5 ranks with a LIMIT and counts its doclist (exact). With filters the ranking is
    walked and counted in one pass (:func:`_walk_and_count`). On a ranking already walked with filters
    (``walked``, from the search page), the total is counted over the doclist with the filters, exactly
    up to ``COUNT_CAP`` among the first ``COUNT_SCAN`` matches (or known exactly when the walk saw
    every match). ``walked``: the ranking already walked this far (the search page
    walks it once for the hits and the facets).
    """
    capped, count_cap = False, COUNT_CAP
    if walked is not None:
        best = [(int(r[0]), score) for r, score in walked[0][:want]]
        seen = walked[1]
    if walked is None and not where:
        best = [(int(r[0]), float(r[1])) for r in conn.execute(
            "SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid LIMIT ?", (expr, want))]
        total, capped = match_count(conn, expr)
    else:
        if walked is None:
            return _walk_and_count(conn, expr, where, args, want, count_cap)
        if seen is not None:
            total = seen
        elif not where:
            total, capped = match_count(conn, expr)
        else:
            # counted over the first COUNT_SCAN matches of the doclist (in id order, no ranking), up to the cap
            matches = int(conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM unit_fts WHERE unit_fts MATCH ? LIMIT ?)",
                                       (expr, COUNT_SCAN + 1)).fetchone()[0])
            total = int(conn.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT rowid AS fid FROM unit_fts WHERE unit_fts MATCH ? "
                f"LIMIT ?) f JOIN units u ON u.id = f.fid WHERE {' AND '.join(where)} LIMIT ?)",
                [expr, COUNT_SCAN, *args, count_cap + 1]).fetchone()[0])
            capped = total > count_cap or matches > COUNT_SCAN
            total = max(min(total, count_cap), len(best))
    if not best:
        return [], total, capped
    rows = {int(r["id"]): r for r in conn.execute(
        f"{DETAILS} WHERE u.id IN ({','.join('?' * len(best))})", [i for i, _ in best])}
    return [(rows[i], -score) for i, score in best if i in rows], total, capped


def _walk_and_count(conn: sqlite3.Connection, expr: str, where: list[str], args: list[Any], want: int,
                    count_cap: int) -> tuple[list[tuple[sqlite3.Row, float]], int, bool]:
    """Filtered ranking and total in one walk: the ranking is read best first in growing chunks, each
    chunk's filters looked up by id; the walk goes on past the page to count, and stops when the count
    passes ``count_cap`` or ``COUNT_SCAN`` matches were looked at (then the total is a lower bound)."""
    cond = " AND ".join(where)
    ranking = conn.execute("SELECT rowid, rank FROM unit_fts WHERE unit_fts MATCH ? ORDER BY rank, rowid", (expr,))
    best: list[tuple[int, float]] = []
    passing = examined = 0
    size, capped = want * 3, False
    try:
        while True:
            chunk = ranking.fetchmany(size)
            examined += len(chunk)
            if chunk:
                ids = [int(r[0]) for r in chunk]
                keep = {int(r[0]) for r in conn.execute(
                    f"SELECT u.id FROM units u INDEXED BY units_by_id WHERE u.id IN ({','.join('?' * len(ids))}) "
                    f"AND {cond}", [*ids, *args])}
                for r in chunk:
                    if int(r[0]) in keep:
                        passing += 1
                        if len(best) < want:
                            best.append((int(r[0]), float(r[1])))
            if len(chunk) < size:
                break                      # every match looked at: the total is exact
            if len(best) >= want and (passing > count_cap or examined >= COUNT_SCAN):
                capped = True
                break
            size = min(size * 4, MAX_CHUNK)
    finally:
        ranking.close()
    total = min(passing, count_cap) if capped else passing
    if not best:
        return [], total, capped
    rows = {int(r["id"]): r for r in conn.execute(
        f"{DETAILS} WHERE u.id IN ({','.join('?' * len(best))})", [i for i, _ in best])}
    return [(rows[i], -score) for i, score in best if i in rows], max(total, len(best)), capped


def search_units(target: Project | sqlite3.Connection, query: str, *, lang: str | list[str] | None = None,
                 since: str | date | None = None, until: str | date | None = None, source: str | None = None,
                 kind: str | list[str] | None = None, limit: int = 20, offset: int = 0,
                 snippet_chars: int | None = None) -> SearchResult:
    """Units matching ``query`` (every term anywhere in the unit), best first, numbered from
    ``offset + 1``, with the total. Filters as in :func:`presswatch.search.search` (``lang`` is the
    unit's language), plus ``kind``. Only each page's newest processed version is searched, never
    boilerplate."""
    if limit < 1:
        raise ValueError("--limit must be at least 1")
    if isinstance(target, Project) and snippet_chars is None:
        snippet_chars = int(target.config.get("search.snippet_chars", DEFAULT_SNIPPET_CHARS))
    parsed = parse_query(query)
    where, args = conditions(lang_column="u.lang", lang=lang, since=since, until=until, source=source, kind=kind)
    with connection(target) as conn:
        return run_search(conn, parsed, where, args, offset=offset, limit=limit,
                          snippet_chars=snippet_chars or DEFAULT_SNIPPET_CHARS)


def wanted(offset: int, limit: int) -> int:
    """How many ranked units a page of hits needs: whole blocks (the order inside one never depends on
    the page)."""
    return -(-(max(0, offset) + limit) // BLOCK) * BLOCK


def run_search(conn: sqlite3.Connection, parsed: Query, where: list[str], args: list[Any], *, offset: int,
               limit: int, snippet_chars: int, walked: Walked | None = None,
               expr: str | None = None) -> SearchResult:
    """:func:`search_units` on a parsed query and filter conditions (over ``u``), optionally on a
    ranking already walked (:func:`walk_ranking`, at least :func:`wanted` units or all there are) and
    the expression it was walked with (``expr``: :func:`searched_expression` of ``parsed``, whose probes
    are then not run a second time)."""
    start = max(0, offset)
    want = wanted(start, limit)
    try:
        if not index_ready(conn):
            rebuild_unit_index(conn)
        if expr is None:
            expr = searched_expression(conn, parsed)
        ranked, total, capped = _ranked(conn, expr, where, args, want, walked=walked)
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise ValueError("this archive has no search index yet; run `presswatch ingest` first") from exc
        raise QueryError(f"cannot search for {parsed.text!r}: {exc}") from exc
    ordered: list[tuple[sqlite3.Row, float]] = []
    for b in range(0, len(ranked), BLOCK):
        block = ranked[b:b + BLOCK]
        ordered += sorted(block, key=lambda rs: (-rs[1] * _prior(rs[0]), int(rs[0]["id"])))
    page = ordered[start:start + limit]
    hits = _with_passages(conn, parsed, page, start, snippet_chars)
    # reuse: a copy of a hit's text elsewhere is listed under it ("and 3 copies"); the hits keep their
    # numbers, so numbering stays the same page after page
    if all(h.passage_id is not None for h in hits):   # (a hit matched by its title alone has no passage)
        hits = fold_hits(conn, hits)
    return SearchResult(query=parsed.text, total=total, offset=start, limit=limit, hits=hits, capped=capped)


def _snippet(text: str, folded: str | None, pattern: re.Pattern[str] | None, size: int) -> Snippet:
    """:func:`make_snippet` on a window of a long passage around its first match (found in the folded
    text the index holds): offsets are mapped on that window only, not on the whole passage."""
    margin = size * 2
    if folded is None or pattern is None or len(text) <= 2 * margin:
        return make_snippet(text, pattern, size)
    m = pattern.search(folded)
    centre = int((m.start() if m else 0) * len(text) / max(1, len(folded)))
    start, end = max(0, centre - margin), min(len(text), centre + margin)
    snip = make_snippet(text[start:end], pattern, size)
    lead = ELLIPSIS if start > 0 and not snip.text.startswith(ELLIPSIS) else ""
    tail = ELLIPSIS if end < len(text) and not snip.text.endswith(ELLIPSIS) else ""
    return Snippet(lead + snip.text + tail, [(a + len(lead), b + len(lead)) for a, b in snip.highlights])


def _with_passages(conn: sqlite3.Connection, parsed: Query, page: list[tuple[sqlite3.Row, float]], start: int,
                   snippet_chars: int) -> list[UnitHit]:
    tokens = parsed.positive_tokens
    prefixes = set(parsed.prefix_tokens)
    stems = [f for t in tokens for f in stem_forms(t)]
    pattern = match_pattern(tokens + stems, prefixes, set(stems))
    # which query group (an AND term) each searched string stands for: one pass over a passage finds all
    owner: dict[str, set[int]] = {}
    for i, group in enumerate(parsed.groups):
        for term in group:
            for tok in term.tokens:
                for form in (tok, *stem_forms(tok)):
                    owner.setdefault(form, set()).add(i)

    def groups_in(folded: str) -> set[int]:
        if pattern is None or not any(form in folded for form in owner):   # substring test first: C speed
            return set()
        out: set[int] = set()
        for m in pattern.finditer(folded):
            word = m.group()
            found = owner.get(word)
            if found is None:   # a word matched by its stem (or a prefix): the forms it starts with
                found = {g for form, groups in owner.items() if word.startswith(form) for g in groups}
            out |= found
        return out
    ids = [int(row["id"]) for row, _ in page]
    # (id, ordinal, lang, start, end, folded body): the index already holds each passage folded
    passages: dict[int, list[tuple[int, int, str, int, int, str]]] = {}
    if ids:
        for r in conn.execute(f'SELECT p.id, p.unit_id, p.ordinal, p.lang, p.start, p."end", f.body FROM passages p '
                              f"JOIN passage_fts f ON f.rowid = p.id WHERE p.unit_id IN ({','.join('?' * len(ids))}) "
                              "ORDER BY p.unit_id, p.ordinal", ids):
            passages.setdefault(int(r[1]), []).append((int(r[0]), int(r[2]), str(r[3]), int(r[4]), int(r[5]),
                                                        str(r[6] or "")))
    chosen: list[tuple[sqlite3.Row, float, list[tuple[int, tuple[int, int, str, int, int, str]]], int]] = []
    for row, score in page:
        found = groups_in(fold(row["title"] or ""))
        scored: list[tuple[int, tuple[int, int, str, int, int, str]]] = []
        for p in passages.get(int(row["id"]), []):
            terms = groups_in(p[5])
            if terms:
                found |= terms
                scored.append((len(terms), p))
        chosen.append((row, score, scored, len(found)))
    # a passage the reuse stage found on other, unrelated pages (site boilerplate) is never the best snippet
    repeated = repeated_passage_ids(conn, [p[0] for _, _, scored, _ in chosen for _, p in scored])
    for _, _, scored, _ in chosen:
        scored.sort(key=lambda tp_: (tp_[1][0] in repeated, -tp_[0], tp_[1][1]))
    chosen = [(row, score, scored[:MAX_PASSAGES], found_n) for row, score, scored, found_n in chosen]
    shown_ids = [p[0] for _, _, shown, _ in chosen for _, p in shown]
    texts = {int(r[0]): str(r[1]) for r in conn.execute(   # the original text, only where a snippet is cut
        f"SELECT id, text FROM passages WHERE id IN ({','.join('?' * len(shown_ids))})", shown_ids)} if shown_ids else {}
    hits = []
    for n, (row, score, shown, matched) in enumerate(chosen, start=start + 1):
        best: list[PassageMatch] = []
        for terms_n, p in shown:
            snip = _snippet(texts[p[0]], p[5], pattern, snippet_chars)
            best.append(PassageMatch(p[0], p[1], p[2], p[3], p[4], snip.text, snip.highlights, snip.html(), terms_n))
        top = best[0] if best else None
        hits.append(UnitHit(
            rank=n, score=round(score * _prior(row), 6), unit_id=int(row["id"]), page_id=int(row["page_id"]),
            version_id=int(row["version_id"]), kind=row["kind"], lang=row["lang"], title=row["title"],
            outlet=row["outlet"], url=row["url"], path=row["path"], date=row["date"],
            passage_id=top.passage_id if top else None, snippet=top.snippet if top else (row["title"] or ""),
            highlights=top.highlights if top else [], snippet_html=top.snippet_html if top else "",
            passages=sorted(best, key=lambda m: m.ordinal), matched_terms=matched))
    return hits
