"""Scraped HTML shown inside presswatch pages goes through nh3 (ammonia) here, never through regexes.

Everything else scraped (titles, text, outlets, URLs) reaches the templates as plain strings and is
escaped by Jinja2's autoescaping; links to sources pass :func:`safe_url` so that a ``javascript:``
or ``data:`` URL never becomes an ``href``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3

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


def clean_html(html: str) -> str:
    """A saved page (or any scraped HTML) reduced to harmless markup."""
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROP_WITH_CONTENT), attributes=ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer nofollow", strip_comments=True)


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
