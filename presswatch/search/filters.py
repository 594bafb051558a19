"""The search filters, one implementation for passage search, unit search and the facet counts:
language, unit kind, date window and source, as SQL conditions over ``u`` (the unit) and the table
holding the language (``p.lang`` for passages, ``u.lang`` for units)."""

from __future__ import annotations

from datetime import date
from typing import Any

from presswatch.langcodes import check_codes


def check_date(value: str | date | None, name: str) -> str | None:
    """``value`` as YYYY-MM-DD (None when empty); a clear error naming the ``--name`` option otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError as exc:
        raise ValueError(f"--{name} {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-01") from exc


# A unit without its own outlet/url/date (an embedded translation, a digest item) takes the page's, i.e.
# those of the version's first unit (u0). Fallbacks as scalar subqueries: COALESCE evaluates them only
# when the unit lacks the value; read from the narrow covering index (migration 0033), not the row.
_U0 = ("(SELECT u0.{col} FROM units u0 INDEXED BY units_by_version "
       "WHERE u0.version_id = u.version_id AND u0.ordinal = 0)")
DAY = ("substr(COALESCE(u.published, " + _U0.format(col="published")
       + ", (SELECT fetched_at FROM page_versions WHERE id = u.version_id)), 1, 10)")
SOURCE = ("(lower(COALESCE(u.outlet, " + _U0.format(col="outlet") + ", '')) = lower(?)"
          " OR instr(lower(COALESCE(u.url, " + _U0.format(col="url")
          + ", (SELECT url FROM pages WHERE id = u.page_id), '')), lower(?)) > 0"
          " OR instr((SELECT COALESCE(path, '') FROM pages WHERE id = u.page_id), ?) > 0)")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold_ascii(text: str) -> str:
    """``text`` with ASCII letters lower-cased, nothing else changed (SQLite's ``lower``)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def source_matches(source: str, outlet: str, url: str, path: str, *, folded: bool = False) -> bool:
    """``SOURCE`` in Python, for a unit's outlet (its own, else its page's), URL (its own, else its page's
    first unit's, else the page's) and its page's path ("" for none): the outlet equal to ``source`` or
    the URL holding it, both case-insensitive for ASCII letters only (SQLite's ``lower``), or the path
    holding it as written. ``folded``: ``outlet`` and ``url`` went through :func:`fold_ascii` already.
    The facet counts use it, so that a source's count is what filtering by it finds."""
    wanted = fold_ascii(source)
    if not folded:
        outlet, url = fold_ascii(outlet), fold_ascii(url)
    return outlet == wanted or wanted in url or source in path


def _list(value: str | list[str] | None) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return [v.strip() for v in items if v and v.strip()]


def conditions(*, lang_column: str, lang: str | list[str] | None = None, since: str | date | None = None,
               until: str | date | None = None, source: str | None = None,
               kind: str | list[str] | None = None) -> tuple[list[str], list[Any]]:
    """SQL conditions and their arguments. ``lang``: ISO 639-1 code(s) compared with ``lang_column``;
    ``since``/``until``: dates compared with the unit's published date, else its page's, else the
    version's fetch date; ``source``: an outlet name, a substring of the URL (the host) or of the file
    path; ``kind``: unit kind(s)."""
    where: list[str] = []
    args: list[Any] = []
    codes = check_codes(_list(lang), "--lang")
    if codes:
        where.append(f"{lang_column} IN ({','.join('?' * len(codes))})")
        args += codes
    kinds = _list(kind)
    if kinds:
        where.append(f"u.kind IN ({','.join('?' * len(kinds))})")
        args += kinds
    first, last = check_date(since, "since"), check_date(until, "until")
    if first and last:
        where.append(f"{DAY} BETWEEN ? AND ?")
        args += [first, last]
    elif first or last:
        where.append(f"{DAY} {'>=' if first else '<='} ?")
        args.append(first or last)
    if source:
        where.append(SOURCE)
        args += [source, source, source]
    return where, args
