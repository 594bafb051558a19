"""Ranked passage search: FTS5 ``bm25()`` over ``passage_fts`` (folded text), filters, snippets."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from presswatch.project import Project
from presswatch.search.query import QueryError, parse_query
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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["highlights"] = [list(h) for h in self.highlights]
        return data


def _check_date(value: str | date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError as exc:
        raise ValueError(f"--{name} {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-01") from exc


def _filters(lang: str | list[str] | None, since: str | None, until: str | None,
             source: str | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if lang:
        codes = [c.strip().lower() for c in (lang.split(",") if isinstance(lang, str) else lang) if c.strip()]
        if codes:
            where.append(f"p.lang IN ({','.join('?' * len(codes))})")
            args += codes
    if since or until:
        day = "substr(COALESCE(u.published, pv.fetched_at), 1, 10)"
        if since:
            where.append(f"{day} >= ?")
            args.append(since)
        if until:
            where.append(f"{day} <= ?")
            args.append(until)
    if source:
        where.append("(lower(COALESCE(u.outlet, '')) = lower(?) OR instr(lower(COALESCE(pg.url, u.url, '')), lower(?)) > 0"
                     " OR instr(COALESCE(pg.path, ''), ?) > 0)")
        args += [source, source, source]
    return where, args


DETAILS = """SELECT p.id AS passage_id, p.unit_id, p.lang, p.text, p.start, p."end" AS end_, u.title, u.outlet,
       COALESCE(u.url, pg.url) AS url, pg.path, u.page_id, u.version_id,
       COALESCE(u.published, pv.fetched_at) AS date
FROM passages p JOIN units u ON u.id = p.unit_id
JOIN page_versions pv ON pv.id = u.version_id JOIN pages pg ON pg.id = u.page_id"""


def search(project_or_conn: Project | sqlite3.Connection, query: str, *, lang: str | list[str] | None = None,
           since: str | date | None = None, until: str | date | None = None, source: str | None = None,
           limit: int = 20, offset: int = 0, snippet_chars: int | None = None) -> list[Hit]:
    """Passages matching ``query`` ranked by BM25, with snippets (Python equivalent of `presswatch search`).

    ``lang``: ISO 639-1 code(s) (a list or "en,sq"); ``since``/``until``: dates compared with the unit's
    published date, else the version's fetch date; ``source``: outlet name, a substring of the URL
    (e.g. the host) or of the file path.
    """
    if isinstance(project_or_conn, Project):
        if snippet_chars is None:
            snippet_chars = int(project_or_conn.config.get("search.snippet_chars", DEFAULT_SNIPPET_CHARS))
        conn = project_or_conn.connect()
        try:
            return search(conn, query, lang=lang, since=since, until=until, source=source, limit=limit,
                          offset=offset, snippet_chars=snippet_chars)
        finally:
            conn.close()
    conn = project_or_conn
    parsed = parse_query(query)
    expr = parsed.fts()
    if limit < 1:
        raise ValueError("--limit must be at least 1")
    where, args = _filters(lang, _check_date(since, "since"), _check_date(until, "until"), source)
    try:
        if not where:
            ranked = conn.execute(
                "SELECT rowid, bm25(passage_fts) AS score FROM passage_fts WHERE passage_fts MATCH ? "
                "ORDER BY rank LIMIT ? OFFSET ?", (expr, limit, max(0, offset))).fetchall()
            ids = [int(r[0]) for r in ranked]
            scores = {int(r[0]): float(r[1]) for r in ranked}
            rows = {int(r["passage_id"]): r for r in conn.execute(
                f"{DETAILS} WHERE p.id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
            ordered = [(rows[i], scores[i]) for i in ids if i in rows]
        else:
            sql = (f"{DETAILS} JOIN (SELECT rowid AS fid, bm25(passage_fts) AS score FROM passage_fts "
                   f"WHERE passage_fts MATCH ?) f ON f.fid = p.id WHERE {' AND '.join(where)} "
                   f"ORDER BY f.score LIMIT ? OFFSET ?")
            result = conn.execute(sql.replace("SELECT p.id", "SELECT f.score AS score, p.id", 1),
                                  [expr, *args, limit, max(0, offset)]).fetchall()
            ordered = [(r, float(r["score"])) for r in result]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise ValueError("this archive has no search index yet; run `presswatch ingest` first") from exc
        raise QueryError(f"cannot search for {query!r}: {exc}") from exc
    pattern = match_pattern(parsed.positive_tokens, parsed.prefix_tokens)
    size = snippet_chars or DEFAULT_SNIPPET_CHARS
    hits = []
    for n, (row, score) in enumerate(ordered, start=max(0, offset) + 1):
        snip = make_snippet(row["text"], pattern, size)
        hits.append(Hit(rank=n, score=-score, passage_id=int(row["passage_id"]), unit_id=int(row["unit_id"]),
                        page_id=int(row["page_id"]), version_id=int(row["version_id"]), lang=row["lang"],
                        start=int(row["start"]), end=int(row["end_"]), snippet=snip.text,
                        highlights=snip.highlights, snippet_html=snip.html(), title=row["title"],
                        outlet=row["outlet"], url=row["url"], path=row["path"], date=row["date"]))
    return hits
