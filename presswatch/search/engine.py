"""Ranked passage search: FTS5 ``bm25()`` over ``passage_fts`` (folded text), filters, snippets."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from presswatch.project import Project
from presswatch.reuse.boilerplate import repeated_passage_ids
from presswatch.reuse.consumers import fold_hits
from presswatch.search.filters import check_date, conditions
from presswatch.search.query import MAX_QUERY_TERMS, QueryError, parse_query
from presswatch.search.snippets import make_snippet, match_pattern

DEFAULT_SNIPPET_CHARS = 200


@dataclass
class Hit:
    """One matching passage, best first; ``score`` is ``-bm25`` (higher is better)."""

    rank: int
    score: float
    passage_id: int
    unit_id: int
    page_id: int
    version_id: int
    lang: str
    kind: str                  # the unit's kind: article, teaser, digest_item, translation, boilerplate
    start: int                 # passage offsets in the unit's text
    end: int
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets in ``snippet``
    snippet_html: str = ""     # the snippet, HTML-escaped, matches in <mark>
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    path: str | None = None
    date: str | None = None    # the unit's published date, else the version's fetched_at
    copies: list[dict[str, Any]] = field(default_factory=list)  # same text elsewhere (reuse.consumers)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["highlights"] = [list(h) for h in self.highlights]
        return data


def _filters(lang: str | list[str] | None, since: str | None, until: str | None,
             source: str | None) -> tuple[list[str], list[Any], bool]:
    """SQL conditions over ``p`` (passages) and ``u`` (units), their arguments, and whether ``u`` is needed."""
    where, args = conditions(lang_column="p.lang", lang=lang, since=since, until=until, source=source)
    return where, args, bool(since or until or source)


# A unit without its own outlet/url/date/title (an embedded translation, a digest item) takes the page's,
# i.e. those of the version's first unit (u0).
DETAILS = """SELECT p.id AS passage_id, p.unit_id, p.lang, u.kind, p.text, p.start, p."end" AS end_,
       COALESCE(u.title, u0.title) AS title, COALESCE(u.outlet, u0.outlet) AS outlet,
       COALESCE(u.url, u0.url, pg.url) AS url, pg.path, u.page_id, u.version_id,
       COALESCE(u.published, u0.published, pv.fetched_at) AS date
FROM passages p JOIN units u ON u.id = p.unit_id
LEFT JOIN units u0 ON u0.version_id = u.version_id AND u0.ordinal = 0
JOIN page_versions pv ON pv.id = u.version_id JOIN pages pg ON pg.id = u.page_id"""


# Only passages of each page's newest processed version (older versions stay stored, not searched).
NOT_BOILERPLATE = "u.kind != 'boilerplate'"
LATEST = ("NOT EXISTS (SELECT 1 FROM page_versions nv WHERE nv.page_id = pv.page_id AND nv.version > pv.version "
          "AND nv.status = 'processed')")


def _ranked(conn: sqlite3.Connection, expr: str, where: list[str], args: list[Any], needs_unit: bool,
            fetch: int) -> list[tuple[int, float]]:
    """(passage id, bm25) of the best ``fetch`` matches passing the filters, best first."""
    if not where:
        sql = ("SELECT rowid, bm25(passage_fts) FROM passage_fts WHERE passage_fts MATCH ? "
               "ORDER BY rank LIMIT ?")
        return [(int(r[0]), float(r[1])) for r in conn.execute(sql, (expr, fetch))]
    joins = " JOIN units u ON u.id = p.unit_id" if needs_unit else ""
    sql = (f"SELECT f.fid, f.score FROM (SELECT rowid AS fid, bm25(passage_fts) AS score FROM passage_fts "
           f"WHERE passage_fts MATCH ?) f JOIN passages p ON p.id = f.fid{joins} "
           f"WHERE {' AND '.join(where)} ORDER BY f.score LIMIT ?")
    return [(int(r[0]), float(r[1])) for r in conn.execute(sql, [expr, *args, fetch])]


def _rank_and_fetch(conn: sqlite3.Connection, expr: str, where: list[str], args: list[Any], needs_unit: bool,
                    start: int, limit: int, after: list[str]) -> list[tuple[sqlite3.Row, float]]:
    """Rank with the cheapest query the filters allow, then load details for the best ones.

    ``after``: conditions applied after ranking (older page versions, boilerplate units: few of the
    best matches), fetching more when too many were dropped.
    """
    want = start + limit
    fetch = want + 10 if after else want
    while True:
        ranked = _ranked(conn, expr, where, args, needs_unit, fetch)
        ids = [i for i, _ in ranked]
        if not ids:
            return []
        rows = {int(r["passage_id"]): r for r in conn.execute(
            f"{DETAILS} WHERE p.id IN ({','.join('?' * len(ids))}) AND {' AND '.join(after) or '1'}", ids)}
        kept = [(rows[i], score) for i, score in ranked if i in rows]
        if len(kept) >= want or len(ranked) < fetch:
            return kept[start:want]
        fetch *= 4


MAX_CHUNK = 4000


def _walk_ranking(conn: sqlite3.Connection, expr: str, where: list[str], args: list[Any],
                  start: int, limit: int) -> list[tuple[sqlite3.Row, float]]:
    """Walk the BM25 ranking in growing chunks, keeping passages that pass ``where``, until enough.

    FTS5 ranks every match once (as a plain ``MATCH ... ORDER BY rank`` does); conditions and details
    are looked up by primary key for the best candidates only, ``want + 10`` first, then four times
    more each round. Fast when the conditions keep a fair share of passages (language, dates, newest
    version); a very selective ``source`` is faster as a join (``_rank_and_fetch``), measured in
    bench/search.py.
    """
    want = start + limit
    ranking = conn.execute(
        "SELECT rowid, bm25(passage_fts) FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rank", (expr,))
    kept: list[tuple[sqlite3.Row, float]] = []
    size = want + 10 if where else want
    cond = " AND ".join(where) or "1"
    try:
        while len(kept) < want:
            chunk = ranking.fetchmany(size)
            if not chunk:
                break
            ids = [int(r[0]) for r in chunk]
            rows = {int(r["passage_id"]): r for r in conn.execute(
                f"{DETAILS} WHERE p.id IN ({','.join('?' * len(ids))}) AND {cond}", [*ids, *args])}
            kept += [(rows[i], float(score)) for i, score in chunk if i in rows]
            size = min(size * 4, MAX_CHUNK)
    finally:
        ranking.close()
    return kept[start:want]


def search(project_or_conn: Project | sqlite3.Connection, query: str, *, lang: str | list[str] | None = None,
           since: str | date | None = None, until: str | date | None = None, source: str | None = None,
           limit: int = 20, offset: int = 0, snippet_chars: int | None = None,
           all_versions: bool = False, include_boilerplate: bool = False,
           max_terms: int = MAX_QUERY_TERMS) -> list[Hit]:
    """Passages matching ``query`` ranked by BM25, with snippets (Python equivalent of `presswatch search`).

    ``lang``: ISO 639-1 code(s) (a list or "en,sq"); ``since``/``until``: dates compared with the unit's
    published date, else the version's fetch date; ``source``: outlet name, a substring of the URL
    (e.g. the host) or of the file path. Only the newest processed version of each page is searched
    unless ``all_versions``; units the page anatomy marked as boilerplate (menus, related-post blocks)
    are left out unless ``include_boilerplate``.
    """
    if isinstance(project_or_conn, Project):
        if snippet_chars is None:
            snippet_chars = int(project_or_conn.config.get("search.snippet_chars", DEFAULT_SNIPPET_CHARS))
        max_terms = int(project_or_conn.config.get("search.max_query_terms", max_terms))
        conn = project_or_conn.connect(readonly=True)
        try:
            return search(conn, query, lang=lang, since=since, until=until, source=source, limit=limit,
                          offset=offset, snippet_chars=snippet_chars, all_versions=all_versions,
                          include_boilerplate=include_boilerplate, max_terms=max_terms)
        finally:
            conn.close()
    conn = project_or_conn
    parsed = parse_query(query, max_terms)
    expr = parsed.fts()
    if limit < 1:
        raise ValueError("--limit must be at least 1")
    where, args, needs_unit = _filters(lang, check_date(since, "since"), check_date(until, "until"), source)
    start = max(0, offset)
    try:
        after = ([] if all_versions else [LATEST]) + ([] if include_boilerplate else [NOT_BOILERPLATE])
        if source:
            ordered = _rank_and_fetch(conn, expr, where, args, needs_unit, start, limit, after)
        else:
            ordered = _walk_ranking(conn, expr, where + after, args, start, limit)
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise ValueError("this archive has no search index yet; run `presswatch ingest` first") from exc
        raise QueryError(f"cannot search for {query!r}: {exc}") from exc
    pattern = match_pattern(parsed.positive_tokens, parsed.prefix_tokens)
    size = snippet_chars or DEFAULT_SNIPPET_CHARS
    hits = []
    for n, (row, score) in enumerate(ordered, start=start + 1):
        snip = make_snippet(row["text"], pattern, size)
        hits.append(Hit(rank=n, score=-score, passage_id=int(row["passage_id"]), unit_id=int(row["unit_id"]),
                        page_id=int(row["page_id"]), version_id=int(row["version_id"]), lang=row["lang"],
                        kind=row["kind"],
                        start=int(row["start"]), end=int(row["end_"]), snippet=snip.text,
                        highlights=snip.highlights, snippet_html=snip.html(), title=row["title"],
                        outlet=row["outlet"], url=row["url"], path=row["path"], date=row["date"]))
    hits = demote_repeated(conn, hits, start)
    return fold_hits(conn, hits)   # reuse: copies of one text fold into its best hit ("and N copies")


def demote_repeated(conn: sqlite3.Connection, hits: list[Hit], start: int = 0) -> list[Hit]:
    """Hits on passages repeated across unrelated pages (site boilerplate the reuse stage found) go
    after the others of the page of results, so a unit's best snippet is its own text."""
    if len(hits) < 2:
        return hits
    repeated = repeated_passage_ids(conn, [h.passage_id for h in hits])
    if not repeated:
        return hits
    ordered = [h for h in hits if h.passage_id not in repeated] + [h for h in hits if h.passage_id in repeated]
    for n, hit in enumerate(ordered, start=start + 1):
        hit.rank = n
    return ordered
