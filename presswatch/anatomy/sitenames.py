"""A site's own name, learnt across its stored pages, for the byline/outlet decision (issue 10, point 3).

One page cannot tell "Alpine Courier" on a byline line from a person's name, nor a capitalised domain
("Dailynewsegypt") from the outlet's name. Many pages of the same host can: the name the site calls
itself recurs on most of them, as its declared site name (og:site_name / JSON-LD publisher, read by
extraction into the main unit's outlet), a header or footer line ("Lumi News – independent news from the
south"), or a name in the byline position. The ``sites`` archive stage learns that name per host
(``site_names``) and then, on the host's units:

* a unit whose author is the site's name has no author; the name is its outlet;
* an outlet that is only the host's label capitalised (``Dailynewsegypt`` for dailynewsegypt.com) is
  replaced by the site's name (a capitalised domain is never an outlet name);
* the host's main article units that state no outlet get the site's name.

Teasers and digest items keep the outlets they state (they cite other outlets).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from presswatch.config import Config
from presswatch.extract.titles import host_label
from presswatch.store.db import transaction, utcnow

MIN_PAGES = 2          # a name on one page is that page's, not the site's
MIN_SHARE = 0.5        # ... and it stands on at least half of the host's pages
MAX_WORDS = 5
SAMPLE_PAGES = 200     # a host's name is learnt (again) from at most this many of its pages
TAGLINE = re.compile(r"\s+[–—|:-]\s+|:\s+")
WORD = re.compile(r"\w+")


def host_of(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").lower().removeprefix("www.")


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]", "", text).casefold()


def is_capitalised_domain(name: str | None, url_or_host: str | None) -> bool:
    """ "Dailynewsegypt" on dailynewsegypt.com: the host's label with a capital, not a name the site uses."""
    if not name or not url_or_host:
        return False
    url = url_or_host if "//" in url_or_host else f"https://{url_or_host}/"
    label = host_label(url)
    flat = name.strip()
    return bool(label) and " " not in flat and _alnum(flat) == label and flat[1:] == flat[1:].lower()


def name_form(line: str) -> str | None:
    """A line as a site name, or None: at most ``MAX_WORDS`` words, capitalised but for up to two short
    ones between ("Voice of the Coast"), no sentence punctuation or digits; a tagline after a dash or a
    colon is dropped ("Lumi News – independent news from the south" -> "Lumi News")."""
    text = " ".join(line.split())
    if not text or len(text) > 80:
        return None
    text = TAGLINE.split(text, maxsplit=1)[0].strip()
    words = text.split()
    if not words or len(words) > MAX_WORDS or text[-1] in ".!?;,…" or any(ch.isdigit() for ch in text):
        return None
    lower = [w for w in words if not w[:1].isupper()]
    if not words[0][:1].isupper() or len(lower) > 2 or any(len(w) > 3 for w in lower):
        return None
    return text


def _is_main(meta: str | None) -> bool:
    try:
        data = json.loads(meta or "{}")
    except ValueError:
        return False
    return isinstance(data, dict) and bool(data.get("main"))


@dataclass(frozen=True)
class SiteName:
    host: str
    name: str
    pages: int
    host_pages: int


def _page_candidates(units: list[sqlite3.Row]) -> set[str]:
    """The names one page offers for its site: the main unit's outlet, authors in byline position, and
    short name-shaped lines at the top or the bottom of the page's text (its header and footer)."""
    out: set[str] = set()
    for u in units:
        if u["kind"] == "article" and u["outlet"] and _is_main(u["meta"]):
            form = name_form(u["outlet"])
            if form:
                out.add(form)
        if u["author"]:
            form = name_form(u["author"])
            if form:
                out.add(form)
    lines = [ln for u in units for ln in (u["text"] or "").split("\n") if ln.strip()]
    for ln in lines[:2] + lines[-2:]:
        form = name_form(ln)
        if form:
            out.add(form)
    return out


def host_page_ids(conn: sqlite3.Connection, host: str, limit: int | None = None) -> list[int]:
    """Ids of the pages of ``host`` (``host_of`` of their URL), at most ``limit``, found through the
    NOCASE index on ``pages.url`` (migration 0033): ranges of the URLs that start with the host (with or
    without ``www.``, over http or https, scheme and host in any case) followed by the end, "/", ":",
    "?" or "#". ``host`` is compared as ``host_of`` gives it (lower case, without ``www.``). Bounded by
    the host's own pages, never a scan of the archive."""
    host = host.lower().removeprefix("www.")
    out: list[int] = []
    for scheme in ("https://", "http://"):
        for www in ("", "www."):
            prefix = f"{scheme}{www}{host}"
            for (pid,) in conn.execute("SELECT id FROM pages WHERE url = ? COLLATE NOCASE", (prefix,)):
                out.append(int(pid))
            for end in "/:?#":
                if limit is not None and len(out) >= limit:
                    return out[:limit]
                # (the range's ends hold no letter, so NOCASE order keeps every case of the prefix inside)
                rows = conn.execute(
                    "SELECT id, url FROM pages WHERE url >= ? COLLATE NOCASE AND url < ? COLLATE NOCASE "
                    "ORDER BY url COLLATE NOCASE"
                    + ("" if limit is None else f" LIMIT {int(limit) - len(out)}"),
                    (prefix + end, prefix + chr(ord(end) + 1)))
                out.extend(int(pid) for pid, url in rows if host_of(url) == host)
    return out if limit is None else out[:limit]


def _host_units(conn: sqlite3.Connection, page_ids: list[int], columns: str, current: bool) -> list[sqlite3.Row]:
    """The units of ``page_ids`` (of each page's current version only, when ``current``). The current
    version is looked up per page (not joined through ``current_versions``, over which the planner may
    walk every processed version of the archive for a list of ten pages)."""
    rows: list[sqlite3.Row] = []
    newest = (" AND u.version_id = (SELECT v.id FROM page_versions v WHERE v.status = 'processed' "
              "AND v.page_id = u.page_id ORDER BY v.version DESC LIMIT 1)") if current else ""
    for start in range(0, len(page_ids), 500):
        chunk = page_ids[start:start + 500]
        rows += conn.execute(
            f"SELECT {columns} FROM units u JOIN pages pg ON pg.id = u.page_id "
            f"WHERE u.page_id IN ({','.join('?' * len(chunk))}){newest} ORDER BY u.page_id, u.ordinal", chunk).fetchall()
    return rows


def _names_on_pages(rows: list[sqlite3.Row]) -> tuple[int, Counter[str], dict[str, Counter[str]]]:
    per_page: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for r in rows:
        per_page[int(r["page_id"])].append(r)
    counts: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    for units in per_page.values():
        for name in _page_candidates(units):
            key = name.casefold()
            counts[key] += 1
            spelling[key][name] += 1
    return len(per_page), counts, spelling


UNIT_COLUMNS = "u.page_id, u.kind, u.author, u.outlet, u.text, u.meta, u.ordinal, pg.url"


def learn_site_name(conn: sqlite3.Connection, host: str, sample: int | None = None) -> SiteName | None:
    """The name that stands on most of ``host``'s pages (at least ``MIN_PAGES`` and ``MIN_SHARE`` of them),
    never the host's capitalised label; None when no name recurs. ``sample``: read at most that many of
    the host's pages (in URL order)."""
    pages, counts, spelling = _names_on_pages(_host_units(conn, host_page_ids(conn, host, sample), UNIT_COLUMNS, True))
    if pages < MIN_PAGES:
        return None
    need = max(MIN_PAGES, MIN_SHARE * pages)
    ranked = [(n, k) for k, n in counts.items() if n >= need and not is_capitalised_domain(k, host)]
    if not ranked:
        return None
    n, key = max(ranked, key=lambda nk: (nk[0], len(nk[1])))
    return SiteName(host, spelling[key].most_common(1)[0][0], n, pages)


def apply_site_name(conn: sqlite3.Connection, site: SiteName, page_ids: list[int] | None = None) -> Counter[str]:
    """Correct the bylines and outlets of ``site.host``'s units (of ``page_ids`` only, when given) with its
    learnt name (see the module doc)."""
    counts: Counter[str] = Counter()
    own = site.name.casefold()
    pages = host_page_ids(conn, site.host) if page_ids is None else page_ids
    for r in _host_units(conn, pages, "u.id, u.kind, u.author, u.outlet, u.meta, pg.url", False):
        if host_of(r["url"]) != site.host or r["kind"] == "boilerplate":
            continue
        author, outlet = r["author"], r["outlet"]
        if author and (author.casefold() == own or (name_form(author) or "").casefold() == own):
            author, outlet = None, outlet or site.name
            counts["sites:author_was_site"] += 1
        if outlet and is_capitalised_domain(outlet, site.host):
            outlet = site.name
            counts["sites:capitalised_domain"] += 1
        if not outlet and r["kind"] == "article" and _is_main(r["meta"]):
            outlet = site.name
            counts["sites:outlet_from_site"] += 1
        if (author, outlet) != (r["author"], r["outlet"]):
            conn.execute("UPDATE units SET author = ?, outlet = ? WHERE id = ?", (author, outlet, int(r["id"])))
    return counts


@dataclass
class SiteNamesStage:
    """Archive stage ``sites``: learn each host's own name from its stored pages and use it on the
    host's units (the hosts of the units handed in).

    The work per batch is bounded by the batch, not by the archive (issue 13): a host whose learnt
    name still stands on ``MIN_SHARE`` of its pages counted so far with the batch's (``site_names``
    keeps the counts) only has the batch's pages read and corrected; a host without a name, or whose
    name no longer holds, is learnt again from at most ``SAMPLE_PAGES`` of its pages; only a new or a
    changed name is applied to every unit of the host."""

    name: str = "sites"

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        counts: Counter[str] = Counter()
        hosts: dict[str, set[int]] = defaultdict(set)
        for start in range(0, len(unit_ids), 500):
            chunk = unit_ids[start:start + 500]
            for page_id, url in conn.execute(
                    f"SELECT DISTINCT pg.id, pg.url FROM units u JOIN pages pg ON pg.id = u.page_id "
                    f"WHERE u.id IN ({','.join('?' * len(chunk))})", chunk):
                host = host_of(url)
                if host:
                    hosts[host].add(int(page_id))
        for host in sorted(hosts):
            batch = sorted(hosts[host])
            stored = conn.execute("SELECT name, pages, host_pages FROM site_names WHERE host = ?", (host,)).fetchone()
            site: SiteName | None = None
            if stored is not None:
                seen, found, _ = _names_on_pages(_host_units(conn, batch, UNIT_COLUMNS, True))
                pages, host_pages = int(stored[1]) + found[str(stored[0]).casefold()], int(stored[2]) + seen
                if pages >= MIN_SHARE * host_pages:
                    site = SiteName(host, str(stored[0]), pages, host_pages)
            changed = site is None
            if site is None:
                site = learn_site_name(conn, host, SAMPLE_PAGES)
                counts["sites:learnt"] += site is not None
            if site is None:
                continue
            changed = changed and (stored is None or str(stored[0]) != site.name)
            with transaction(conn):
                conn.execute(
                    """INSERT INTO site_names (host, name, pages, host_pages, updated_at) VALUES (?, ?, ?, ?, ?)
                       ON CONFLICT(host) DO UPDATE SET name = excluded.name, pages = excluded.pages,
                       host_pages = excluded.host_pages, updated_at = excluded.updated_at""",
                    (site.host, site.name, site.pages, site.host_pages, utcnow()))
                counts.update(apply_site_name(conn, site, None if changed else batch))
        return counts


def site_names(conn: sqlite3.Connection) -> dict[str, str]:
    """host -> the name learnt for it."""
    return {str(r[0]): str(r[1]) for r in conn.execute("SELECT host, name FROM site_names ORDER BY host")}
