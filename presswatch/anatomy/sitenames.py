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


def learn_site_name(conn: sqlite3.Connection, host: str) -> SiteName | None:
    """The name that stands on most of ``host``'s pages (at least ``MIN_PAGES`` and ``MIN_SHARE`` of them),
    never the host's capitalised label; None when no name recurs."""
    rows = conn.execute(
        """SELECT u.page_id, u.kind, u.author, u.outlet, u.text, u.meta, u.ordinal, pg.url
           FROM units u JOIN current_versions v ON v.id = u.version_id JOIN pages pg ON pg.id = u.page_id
           WHERE pg.url LIKE ? ORDER BY u.page_id, u.ordinal""", (f"%{host}%",)).fetchall()
    per_page: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for r in rows:
        if host_of(r["url"]) == host:
            per_page[int(r["page_id"])].append(r)
    if len(per_page) < MIN_PAGES:
        return None
    counts: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    for units in per_page.values():
        for name in _page_candidates(units):
            key = name.casefold()
            counts[key] += 1
            spelling[key][name] += 1
    need = max(MIN_PAGES, MIN_SHARE * len(per_page))
    ranked = [(n, k) for k, n in counts.items() if n >= need and not is_capitalised_domain(k, host)]
    if not ranked:
        return None
    n, key = max(ranked, key=lambda nk: (nk[0], len(nk[1])))
    return SiteName(host, spelling[key].most_common(1)[0][0], n, len(per_page))


def apply_site_name(conn: sqlite3.Connection, site: SiteName) -> Counter[str]:
    """Correct the bylines and outlets of ``site.host``'s units with its learnt name (see the module doc)."""
    counts: Counter[str] = Counter()
    own = site.name.casefold()
    rows = conn.execute(
        """SELECT u.id, u.kind, u.author, u.outlet, u.meta, pg.url FROM units u JOIN pages pg ON pg.id = u.page_id
           WHERE pg.url LIKE ?""", (f"%{site.host}%",)).fetchall()
    for r in rows:
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
    host's units (the hosts of the units handed in; all of a host's units are corrected)."""

    name: str = "sites"

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        counts: Counter[str] = Counter()
        hosts: set[str] = set()
        for start in range(0, len(unit_ids), 500):
            chunk = unit_ids[start:start + 500]
            for (url,) in conn.execute(
                    f"SELECT DISTINCT pg.url FROM units u JOIN pages pg ON pg.id = u.page_id "
                    f"WHERE u.id IN ({','.join('?' * len(chunk))})", chunk):
                host = host_of(url)
                if host:
                    hosts.add(host)
        for host in sorted(hosts):
            site = learn_site_name(conn, host)
            if site is None:
                continue
            with transaction(conn):
                conn.execute(
                    """INSERT INTO site_names (host, name, pages, host_pages, updated_at) VALUES (?, ?, ?, ?, ?)
                       ON CONFLICT(host) DO UPDATE SET name = excluded.name, pages = excluded.pages,
                       host_pages = excluded.host_pages, updated_at = excluded.updated_at""",
                    (site.host, site.name, site.pages, site.host_pages, utcnow()))
                counts.update(apply_site_name(conn, site))
            counts["sites:learnt"] += 1
        return counts


def site_names(conn: sqlite3.Connection) -> dict[str, str]:
    """host -> the name learnt for it."""
    return {str(r[0]): str(r[1]) for r in conn.execute("SELECT host, name FROM site_names ORDER BY host")}
