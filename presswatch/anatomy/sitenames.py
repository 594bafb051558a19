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


def _meta(meta: str | None) -> dict[str, object]:
    try:
        data = json.loads(meta or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _is_main(meta: str | None) -> bool:
    return bool(_meta(meta).get("main"))


# unit meta the stage writes when it corrects a unit, so that what the page itself offered can still be
# read (:func:`version_names`): "outlet_from" = "site" when it gave the unit its outlet (there was none, or
# a capitalised domain); "author_was" = the byline it took away (the site's name)
GIVEN, TAKEN = "outlet_from", "author_was"


@dataclass(frozen=True)
class SiteName:
    host: str
    name: str
    pages: int
    host_pages: int


def _page_candidates(units: list[sqlite3.Row], given: bool = True) -> set[str]:
    """The names one page offers for its site: the main unit's outlet, authors in byline position, and
    short name-shaped lines at the top or the bottom of the page's text (its header and footer).
    ``given``: False leaves out an outlet this stage gave the unit (what the page itself offered)."""
    out: set[str] = set()
    for u in units:
        meta = {} if given else _meta(u["meta"])
        if u["kind"] == "article" and u["outlet"] and _is_main(u["meta"]) and meta.get(GIVEN) != "site":
            form = name_form(u["outlet"])
            if form:
                out.add(form)
        for author in (u["author"], meta.get(TAKEN)):
            form = name_form(author) if isinstance(author, str) and author else None
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


def counted_versions(conn: sqlite3.Connection, stage: str, page_ids: list[int], batch: set[int]
                     ) -> dict[int, tuple[int | None, int | None]]:
    """Per page of ``page_ids``: the version it was counted with before the batch and the one it is
    counted with after it (None: not counted). A page is counted with its newest version that has a
    unit the stage handled (a ``stage_done`` mark), or, after, a unit of ``batch``: so each page counts
    once, with its latest version seen, however its units and versions were split between batches."""
    best: dict[int, list[tuple[int, int] | None]] = {}
    for start in range(0, len(page_ids), 500):
        chunk = page_ids[start:start + 500]
        for page_id, unit_id, version_id, version, done in conn.execute(
                f"""SELECT u.page_id, u.id, u.version_id, v.version, EXISTS (SELECT 1 FROM stage_done d
                        WHERE d.stage = ? AND d.unit_id = u.id)
                    FROM units u JOIN page_versions v ON v.id = u.version_id
                    WHERE u.page_id IN ({','.join('?' * len(chunk))})""", [stage, *chunk]):
            slots = best.setdefault(int(page_id), [None, None])
            seen = (int(version), int(version_id))
            in_batch = int(unit_id) in batch
            if done and not in_batch and (slots[0] is None or seen > slots[0]):
                slots[0] = seen
            if (done or in_batch) and (slots[1] is None or seen > slots[1]):
                slots[1] = seen
    return {page: (None if old is None else old[1], None if new is None else new[1])
            for page, (old, new) in best.items()}


def version_names(conn: sqlite3.Connection, version_ids: set[int]) -> dict[int, set[str]]:
    """The site names (case-folded) each version offers as a page (:func:`_page_candidates`), as it was
    stored: not an outlet the stage gave it, so a version counts the same before and after the stage."""
    units: dict[int, list[sqlite3.Row]] = {v: [] for v in version_ids}
    ids = sorted(version_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for r in conn.execute(f"SELECT u.version_id, u.kind, u.author, u.outlet, u.text, u.meta FROM units u "
                              f"WHERE u.version_id IN ({','.join('?' * len(chunk))}) ORDER BY u.version_id, u.ordinal",
                              chunk):
            units[int(r["version_id"])].append(r)
    return {v: {n.casefold() for n in _page_candidates(rows, given=False)} for v, rows in units.items()}


def counted_figures(conn: sqlite3.Connection, stage: str, site: SiteName, batch: set[int]) -> SiteName:
    """``site`` with its figures counted over every page of the host the stage has counted (with the
    batch's): the pages on which its name stands, of the host's pages, each page once with its latest
    version (:func:`counted_versions`). Reads all those pages: for a name new to the host only."""
    versions = [new for _old, new in counted_versions(conn, stage, host_page_ids(conn, site.host), batch).values()
                if new is not None]
    names = version_names(conn, set(versions))
    key = site.name.casefold()
    return SiteName(site.host, site.name, sum(key in names[v] for v in versions), len(versions))


def with_batch(conn: sqlite3.Connection, stage: str, site: SiteName, page_ids: list[int], batch: set[int]) -> SiteName:
    """``site``'s stored figures updated for the batch's pages: a page counted for the first time adds
    one to the host's pages; a page counted again with a newer version counts with that version only."""
    changed = {p: v for p, v in counted_versions(conn, stage, page_ids, batch).items() if v[1] is not None and v[0] != v[1]}
    names = version_names(conn, {v for pair in changed.values() for v in pair if v is not None})
    key = site.name.casefold()
    pages, host_pages = site.pages, site.host_pages
    for old, new in changed.values():
        if old is None:
            host_pages += 1
        else:
            pages -= key in names[old]
        pages += key in names[new or 0]
    return SiteName(site.host, site.name, pages, host_pages)


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
        author: str | None = r["author"]
        outlet: str | None = r["outlet"]
        noted: dict[str, str] = {}
        if author and (author.casefold() == own or (name_form(author) or "").casefold() == own):
            noted[TAKEN] = author
            author, outlet = None, outlet or site.name
            counts["sites:author_was_site"] += 1
        if outlet and is_capitalised_domain(outlet, site.host):
            outlet, noted[GIVEN] = site.name, "site"
            counts["sites:capitalised_domain"] += 1
        if not outlet and r["kind"] == "article" and _is_main(r["meta"]):
            outlet, noted[GIVEN] = site.name, "site"
            counts["sites:outlet_from_site"] += 1
        if (author, outlet) != (r["author"], r["outlet"]):
            meta = _meta(r["meta"])
            conn.execute("UPDATE units SET author = ?, outlet = ?, meta = ? WHERE id = ?",
                         (author, outlet, json.dumps({**meta, **noted}, ensure_ascii=False), int(r["id"])))
    return counts


@dataclass
class SiteNamesStage:
    """Archive stage ``sites``: learn each host's own name from its stored pages and use it on the
    host's units (the hosts of the units handed in).

    The work per batch is bounded by the batch, not by the archive (issue 13): a host whose learnt
    name still stands on ``MIN_SHARE`` of its pages counted so far with the batch's (``site_names``
    keeps the counts) only has the batch's pages read and corrected; a host without a name, or whose
    name no longer holds, is learnt again from at most ``SAMPLE_PAGES`` of its pages; only a new or a
    changed name is counted over, and applied to, every page of the host.

    The figures (``site_names.pages`` of ``host_pages``) count distinct pages, each with its latest
    version the stage has seen (:func:`counted_versions`: told by the stage's own done marks), whatever
    the batches: a page split between two batches, or seen again with a new version, counts once."""

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
        batch = set(unit_ids)
        for host in sorted(hosts):
            pages = sorted(hosts[host])
            row = conn.execute("SELECT name, pages, host_pages FROM site_names WHERE host = ?", (host,)).fetchone()
            stored = None if row is None else with_batch(
                conn, self.name, SiteName(host, str(row[0]), int(row[1]), int(row[2])), pages, batch)
            site, use = stored, True
            if stored is None or stored.pages < MIN_SHARE * stored.host_pages:
                # no name yet, or it no longer holds: learnt again from a sample of the host's pages. The
                # same name again is used on the batch; another one is counted over every page counted
                learnt = learn_site_name(conn, host, SAMPLE_PAGES)
                counts["sites:learnt"] += learnt is not None
                if learnt is None:
                    use = False    # the figures stay counted; the name is not used
                elif stored is None or learnt.name != stored.name:
                    site = counted_figures(conn, self.name, learnt, batch)
            if site is None:
                continue
            changed = stored is None or site.name != stored.name
            with transaction(conn):
                conn.execute(
                    """INSERT INTO site_names (host, name, pages, host_pages, updated_at) VALUES (?, ?, ?, ?, ?)
                       ON CONFLICT(host) DO UPDATE SET name = excluded.name, pages = excluded.pages,
                       host_pages = excluded.host_pages, updated_at = excluded.updated_at""",
                    (site.host, site.name, site.pages, site.host_pages, utcnow()))
                if use:
                    counts.update(apply_site_name(conn, site, None if changed else pages))
        return counts


def reset_site_names(conn: sqlite3.Connection) -> None:
    """What ``sites`` provides, for a re-run: the learnt names and their figures (counted again from
    every page as the stage handles them anew). The bylines and outlets it corrected stay."""
    conn.execute("DELETE FROM site_names")


def site_names(conn: sqlite3.Connection) -> dict[str, str]:
    """host -> the name learnt for it."""
    return {str(r[0]): str(r[1]) for r in conn.execute("SELECT host, name FROM site_names ORDER BY host")}
