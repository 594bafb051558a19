"""Scraped HTML shown inside presswatch pages goes through nh3 (ammonia) here, never through regexes.

Everything else scraped (titles, text, outlets, URLs) reaches the templates as plain strings and is
escaped by Jinja2's autoescaping; links to sources pass :func:`safe_url` so that a ``javascript:``
or ``data:`` URL never becomes an ``href``.
"""

from __future__ import annotations

import html as html_escape
import re
from urllib.parse import urljoin, urlsplit

import nh3
from lxml import html as lxml_html

# Reading a saved page: structure and text, links and tables; no images (they would be fetched from the
# outlet, and the page CSP blocks them anyway), no forms, no styles, no scripts, no frames.
TAGS = frozenset({
    "a", "abbr", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "i", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q",
    "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul",
})
# Removed with their content (not only the tags).
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed",
                               "svg", "math", "textarea", "select", "title", "head", "button"})
ATTRIBUTES = {"a": {"href", "title"}, "*": {"lang", "dir"}, "td": {"colspan", "rowspan"},
              "th": {"colspan", "rowspan", "scope"}, "time": {"datetime"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
SAFE_SCHEMES = ("http", "https", "mailto", "file")


def clean_html(html: str, base: str | None = None) -> str:
    """A saved page (or any scraped HTML) reduced to harmless markup. Relative links resolve against
    ``base`` (the outlet's URL of the page, see :func:`page_base`); without one they are dropped (the
    text stays), since inside presswatch they would point at presswatch."""
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROP_WITH_CONTENT), attributes=ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer nofollow", strip_comments=True,
                     url_relative=("rewrite_with_base", base) if base else "deny")


def _web_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, else None."""
    if not url or any(ord(c) < 33 for c in url.strip()):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def page_base(html: str, page_url: str | None) -> str | None:
    """What the outlet's relative links on this page resolve against: the page's URL, or the page's own
    ``<base href>`` resolved against it when that is http(s) (a ``javascript:`` or ``data:`` base is
    ignored, as browsers ignore it); None when the page has no web URL."""
    url = _web_url(page_url)
    if url is None:
        return None
    try:
        root = lxml_html.document_fromstring(html) if html.strip() else None
    except (ValueError, lxml_html.etree.ParserError):
        root = None
    own = root.find(".//base[@href]") if root is not None else None
    if own is not None:
        try:
            joined = _web_url(urljoin(url, str(own.get("href") or "").strip()))
        except ValueError:
            joined = None
        if joined:
            return joined
    return url


_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>", re.IGNORECASE)


def with_base(html: str, base: str | None) -> str:
    """The saved page as served to its sandboxed frame, with ``<base href="base">`` as the first element
    of its head, so that its links point at the outlet (the first base element wins over the page's own).
    Nothing else changes; the frame's CSP (``default-src 'none'; sandbox``) still blocks everything."""
    if not base:
        return html
    tag = f'<base href="{html_escape.escape(base, quote=True)}">'
    for pattern in (_HEAD, _DOCTYPE):
        found = pattern.search(html)
        if found:
            return html[:found.end()] + tag + html[found.end():]
    return tag + html


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s), mailto or file URL (what sources are), else None."""
    if not url:
        return None
    text = url.strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    return text if scheme in SAFE_SCHEMES and not any(ord(c) < 32 for c in text) else None
