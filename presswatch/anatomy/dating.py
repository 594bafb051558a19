"""Publication dates of a page's units, from what the page states, with where each came from.

Evidence, strongest first: the page's metadata (main unit) or the unit's own date line / byline (set
by segmentation), a date in the unit's title ("Weekly Digest – November 03, 2017"), a date in its URL
(``/2017/11/03/``, ``2017-11-03``), the dated teaser that introduces the article on the same page
(same title), and the dated text it translates or is translated by (the page's announcement links
them). When nothing states a date, ``published`` stays empty: the fetch or ingest time is kept on the
page version and is not a publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presswatch.anatomy.bylines import find_date
from presswatch.anatomy.markers import Markers, norm
from presswatch.models import Unit

DATELINE_END = re.compile(r"\s*(?:[:…–—]|-\s)")
URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?!\d)")
DATED_KINDS = ("article", "translation", "teaser", "digest_item")


def url_date(url: str | None) -> str | None:
    """``/2017/11/03/``, ``/2017-11-03-title``: the date in a URL's path, when it is a real day."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE)
    m = URL_DATE.search(path)
    if not m:
        return None
    import datetime as dt
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def title_date(title: str | None, markers: Markers) -> str | None:
    if not title or len(title) > 200:
        return None
    found = find_date(title, markers)
    return found[0] if found else None


def dateline_date(text: str, markers: Markers) -> str | None:
    """A date near the start of a teaser or item written as a dateline: "Outlet, Place, January 11
    2020:… ", "Tirana, Albania, August 12, 2017 – ": the date is followed by a colon or a dash."""
    head = text[:240]
    found = find_date(head, markers)
    if found is None:
        return None
    return found[0] if DATELINE_END.match(head, found[1][1]) else None


def _title_key(title: str | None) -> str:
    return norm(title or "")[:80]


def date_units(units: Sequence[Unit], markers: Markers, *, page_url: str | None = None,
               metadata_date: str | None = None) -> None:
    """Fill ``published`` / ``date_source`` of ``units`` in place from the evidence on the page."""
    for u in units:
        if not u.published:
            u.published = None
        elif not u.date_source:
            if u.meta.get("main") and u.published == metadata_date:
                u.date_source = "metadata"
            elif title_date(u.title, markers) == u.published:
                u.date_source = "title"
            else:
                u.date_source = "dateline"
    for u in units:
        if u.published or u.kind not in DATED_KINDS + ("digest",):
            continue
        if (d := title_date(u.title, markers)):
            u.published, u.date_source = d, "title"
        elif (d := url_date(u.url or (page_url if u.meta.get("main") else None))):
            u.published, u.date_source = d, "url"
        elif u.kind in ("teaser", "digest_item") and (d := dateline_date(u.text, markers)):
            u.published, u.date_source = d, "dateline"
    # an article introduced by a dated teaser of the same title, earlier on the page
    teasers: dict[str, Unit] = {}
    for u in units:
        key = _title_key(u.title)
        if u.kind == "teaser" and u.published and len(key) >= 15:
            teasers.setdefault(key, u)
        elif u.kind in ("article", "translation") and not u.published and len(key) >= 15:
            t = teasers.get(key) or next((t for k, t in teasers.items() if k.startswith(key) or key.startswith(k)),
                                         None)
            if t is not None:
                u.published, u.date_source = t.published, "teaser"
    # a translation and the text it translates (announced or mirrored on the page) share a date
    by_ordinal = {u.ordinal: u for u in units}
    for u in units:
        target = by_ordinal.get(u.meta.get("translation_of_ordinal", -1))
        if target is None or target is u:
            continue
        if not u.published and target.published:
            u.published, u.date_source = target.published, "translation"
        elif u.published and not target.published:
            target.published, target.date_source = u.published, "translation"
