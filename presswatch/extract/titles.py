"""Page titles without the site name that ``<title>`` often appends (``Headline | Site``), and
author strings without placeholders.

A title is cut at its last separator (``|``, ``-``, ``–``, ``—``, ``::``, ``·``, ``»``) when the part
after it names the site: it equals the site name, or it and the host's main label (``whova`` in
``www.whova.com``) contain one another. Otherwise, when a page heading (``<h1>``) equals the title up
to one of its separators, the heading is the title. Anything else is left as it is.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

SEPARATOR_RE = re.compile(r"\s+(?:\||-|–|—|::|·|»)\s+")
GENERIC_HOST_LABELS = frozenset({"www", "m", "amp", "news", "blog", "com", "co", "org", "net"})


def _alnum(text: str | None) -> str:
    return "".join(ch for ch in (text or "").casefold() if ch.isalnum())


def host_label(url: str | None) -> str:
    """The main label of a URL's host: ``balkaninsight`` for ``https://www.balkaninsight.com/x``."""
    host = urlsplit(url or "").hostname or ""
    labels = [lab for lab in host.split(".") if lab and lab not in GENERIC_HOST_LABELS]
    if len(labels) >= 2:
        labels = labels[:-1]  # drop the top-level domain
    return _alnum(max(labels, key=len)) if labels else ""


def names_site(part: str, sitename: str | None, url: str | None) -> bool:
    a = _alnum(part)
    if not a or len(part.split()) > 6:
        return False
    if sitename and a == _alnum(sitename):
        return True
    label = host_label(url)
    return len(label) >= 4 and (label in a or (len(a) >= 4 and a in label))


def headings(tree: Any) -> list[str]:
    return [" ".join(h.text_content().split()) for h in tree.iter("h1")][:5] if tree is not None else []


def clean_title(title: str | None, sitename: str | None, url: str | None, tree: Any = None) -> str | None:
    """``title`` without a trailing site name (see the module docstring)."""
    if not title:
        return title
    seps = list(SEPARATOR_RE.finditer(title))
    if not seps:
        return title
    last = seps[-1]
    if title[:last.start()].strip() and names_site(title[last.end():], sitename, url):
        return title[:last.start()].strip()
    wanted = {_alnum(title[:m.start()]): title[:m.start()].strip() for m in seps}
    for heading in headings(tree):
        key = _alnum(heading)
        if key and key in wanted:
            return wanted[key]
    return title


TAGLINE_RE = re.compile(r"\s*(?::\s+|\s+[|–—-]\s+)")


def declared_site_name(tree: Any) -> str | None:
    """What the site calls itself: ``og:site_name``, ``application-name``, JSON-LD publisher/WebSite."""
    if tree is None:
        return None
    try:
        for xp in ('//meta[@property="og:site_name"]/@content', '//meta[@name="application-name"]/@content',
                   '//meta[@name="apple-mobile-web-app-title"]/@content'):
            for value in tree.xpath(xp):
                if str(value).strip():
                    return " ".join(str(value).split())
        import json
        for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
            try:
                data = json.loads(script)
            except ValueError:
                continue
            for node in data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []:
                if not isinstance(node, dict):
                    continue
                pub = node.get("publisher")
                if isinstance(pub, dict) and isinstance(pub.get("name"), str) and pub["name"].strip():
                    return " ".join(pub["name"].split())
                if node.get("@type") in ("WebSite", "NewsMediaOrganization", "Organization") \
                        and isinstance(node.get("name"), str) and node["name"].strip():
                    return " ".join(node["name"].split())
    except (ValueError, TypeError, AttributeError):   # odd markup: no declared name
        return None
    return None


def site_name(sitename: str | None, tree: Any, url: str | None, title: str | None) -> str | None:
    """The outlet's name as the site states it, never a capitalised domain ("Dailynewsegypt").

    A declared name wins over the extractor's guess; a tagline after it is dropped ("Sci.News: Breaking
    Science News" -> "Sci.News"); a name that is only the host's label comes back spelled the way the
    page title's suffix spells it ("… - Daily News Egypt"), else not at all."""
    declared = declared_site_name(tree)
    name = declared or sitename
    if not name:
        return None
    parts = TAGLINE_RE.split(name, maxsplit=1)
    if len(parts) == 2 and parts[0] and len(parts[0].split()) <= 4 and len(parts[1].split()) >= 2:
        name = parts[0].strip()
    label = host_label(url)
    if declared or not label or _alnum(name) != label or " " in name.strip():
        return name
    for m in reversed(list(SEPARATOR_RE.finditer(title or ""))):
        suffix = (title or "")[m.end():].strip()
        if _alnum(suffix) == label:
            return suffix       # the site's own spelling: "Daily News Egypt", "Reuters"
    return name if name in (title or "") else None


AUTHOR_TAIL_RE = re.compile(r"\s+(?:last updated|updated|published|posted|read more|follow)\b.*$", re.IGNORECASE)
GENERIC_AUTHORS = frozenset({
    "name", "human", "admin", "administrator", "author", "editor", "guest", "anonymous", "unknown",
    "deleted member", "deleted user", "user", "staff", "webmaster", "by",
})


def clean_author(author: str | None) -> str | None:
    """An author string from page metadata without trailing page furniture, or None when it is a
    placeholder (``Name``, ``Admin``, ``Deleted member``) or a sentence rather than names."""
    if not author:
        return None
    text = AUTHOR_TAIL_RE.sub("", author).strip(" ,;|-–—")
    names = [n.strip() for n in text.split(";") if n.strip() and n.strip().casefold() not in GENERIC_AUTHORS]
    names = [n for n in names if len(n.split()) <= 6]
    return "; ".join(names) or None
