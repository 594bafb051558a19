"""WordPress REST API listings (``/wp-json/wp/v2/posts``): clean dates, authors and categories."""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlencode

from presswatch.collect.items import Item, iso_from_text
from presswatch.collect.urls import normalise_or_reject

TAGS = re.compile(r"<[^>]+>")


class WordPressError(ValueError):
    """The endpoint did not answer like the WordPress posts API."""


def posts_endpoint(api_root: str) -> str:
    """``https://site/wp-json/`` -> ``https://site/wp-json/wp/v2/posts``."""
    root = api_root.split("?", 1)[0].rstrip("/")
    if root.endswith("/wp/v2/posts"):
        return root
    return root + "/wp/v2/posts"


def page_url(endpoint: str, page: int, per_page: int, after: str | None) -> str:
    params: dict[str, Any] = {"per_page": per_page, "page": page, "_embed": "1", "orderby": "date",
                              "order": "desc"}
    if after:
        params["after"] = after
    sep = "&" if "?" in endpoint else "?"
    return endpoint + sep + urlencode(params)


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("rendered")
    if not isinstance(value, str):
        return None
    return html.unescape(TAGS.sub("", value)).strip() or None


def _gmt(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return iso_from_text(value if value.endswith("Z") or "+" in value[10:] else value + "Z")


def parse_posts(body: bytes, endpoint: str, rejected: list[str] | None = None) -> list[Item]:
    try:
        posts = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WordPressError(f"{endpoint}: not JSON ({exc})") from exc
    if not isinstance(posts, list):
        raise WordPressError(f"{endpoint}: expected a list of posts, got {type(posts).__name__}")
    items = []
    for post in posts:
        if not isinstance(post, dict) or not isinstance(post.get("link"), str):
            continue
        url = normalise_or_reject(post["link"], endpoint, rejected)
        if url is None:
            continue
        embedded: dict[str, Any] = post["_embedded"] if isinstance(post.get("_embedded"), dict) else {}
        authors = [str(a["name"]) for a in embedded.get("author", []) if isinstance(a, dict) and a.get("name")]
        terms = [str(t["name"]) for group in embedded.get("wp:term", []) if isinstance(group, list)
                 for t in group if isinstance(t, dict) and t.get("taxonomy") == "category" and t.get("name")]
        extra: dict[str, Any] = {"wp_id": post.get("id"), "date_gmt": post.get("date_gmt")}
        if terms:
            extra["categories"] = terms
        items.append(Item(url=url, title=_text(post.get("title")), author=", ".join(authors) or None,
                          published=_gmt(post.get("date_gmt")) or iso_from_text(post.get("date")),
                          stamp=_gmt(post.get("modified_gmt")), extra=extra))
    return items


def total_pages(headers: dict[str, str]) -> int | None:
    value = headers.get("x-wp-totalpages", "")
    return int(value) if value.isdigit() else None
