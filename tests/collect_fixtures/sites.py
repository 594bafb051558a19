"""Fixture sites: article pages, feeds (RSS 0.91/1.0/2.0, Atom, JSON Feed), sitemaps, a WordPress-style
API, and a project configured to collect from 127.0.0.1 quickly."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from collect_fixtures.server import FixtureServer, Reply
from presswatch.project import Project

BODY = ("The municipal council approved the new water budget on Tuesday after a long debate about "
        "the pipes in the old town. Residents had complained for months about outages. ") * 4

TEST_SETTINGS_TEMPLATE = """
[project]
name = "collect-tests"

[ingest]
process = false

[collect]
contact = "tests@example.org"
allow_private_hosts = ["127.0.0.1"]
per_host_delay = 0.0
retries = 2
backoff_base = 0.05
max_backoff = 1.0
timeout_connect = 2.0
timeout_read = {read}
timeout_total = {total}
max_body_bytes = 300000
source_backoff_minutes = 0
pause_after_failures = 3
sitemap_max_age_days = 0
"""


def article(title: str, text: str = BODY, *, canonical: str | None = None, charset: str = "utf-8",
            extra_head: str = "") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title>{link}{extra_head}'
            f"</head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>")


def rss2(items: list[dict[str, str]], title: str = "Fixture News", link: str = "/") -> str:
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
             f"<link>{link}</link><description>d</description>"]
    for it in items:
        parts.append("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in it.items()) + "</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def atom(items: list[dict[str, str]], title: str = "Fixture Atom") -> str:
    parts = [f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
             '<id>urn:x</id><updated>2024-05-01T00:00:00Z</updated>']
    for it in items:
        parts.append(f'<entry><title>{it["title"]}</title><link href="{it["link"]}"/><id>{it["id"]}</id>'
                     f'<updated>{it["updated"]}</updated><author><name>{it.get("author", "A")}</name></author></entry>')
    parts.append("</feed>")
    return "".join(parts)


def sitemap(urls: list[str], *, news: bool = False) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>']
    for i, url in enumerate(urls):
        extra = (f"<news:news><news:publication><news:name>Fixture Times</news:name><news:language>en"
                 f"</news:language></news:publication><news:publication_date>2024-05-0{i + 1}T10:00:00Z"
                 f"</news:publication_date><news:title>News {i}</news:title></news:news>") if news else ""
        parts.append(f"<url><loc>{url}</loc><lastmod>2024-05-0{i + 1}</lastmod>{extra}</url>")
    parts.append("</urlset>")
    return "".join(parts)


def sitemap_index(urls: list[str]) -> str:
    inner = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{inner}</sitemapindex>'


def wordpress_api(server: FixtureServer, posts: list[dict[str, Any]], path: str = "/wp-json/wp/v2/posts") -> None:
    """A WordPress-style posts endpoint: per_page/page pagination, X-WP-TotalPages, after= filter."""

    def handler(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        after = query.get("after", [None])[0]
        chosen = [p for p in posts if after is None or p["date_gmt"] > after]
        chosen.sort(key=lambda p: p["date_gmt"], reverse=True)
        per_page = int(query.get("per_page", ["10"])[0])
        page = int(query.get("page", ["1"])[0])
        pages = max(1, math.ceil(len(chosen) / per_page))
        if page > pages:
            return Reply(400, b'{"code":"rest_post_invalid_page_number"}', {"Content-Type": "application/json"})
        body = json.dumps(chosen[(page - 1) * per_page: page * per_page]).encode()
        return Reply(200, body, {"Content-Type": "application/json; charset=UTF-8", "X-WP-Total": str(len(chosen)),
                                 "X-WP-TotalPages": str(pages)})

    server.handle(path, handler)


def wp_post(server: FixtureServer, n: int, *, author: str = "Ana Writer", modified: str | None = None) -> dict[str, Any]:
    date = f"2024-04-{n + 1:02d}T09:00:00"
    return {"id": n, "date": date, "date_gmt": date, "modified_gmt": modified or date,
            "link": server.url(f"/{2024}/04/post-{n}/"), "title": {"rendered": f"Post &amp; {n}"},
            "_embedded": {"author": [{"name": author}],
                          "wp:term": [[{"taxonomy": "category", "name": "Water"}]]}}


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer().start()
    try:
        yield srv
    finally:
        srv.stop()
    # every test runs with the default of one request at a time per host: check it held
    assert overlaps(srv.requests) == [], "two requests to one host were in flight at the same time"


# Generous timeouts, so that a loaded machine never turns an answer into a timeout; the tests of the
# timeouts themselves ask for tight ones (``tight=True``).
TEST_SETTINGS = TEST_SETTINGS_TEMPLATE.format(read=5.0, total=10.0)
TIGHT_SETTINGS = TEST_SETTINGS_TEMPLATE.format(read=0.5, total=1.5)


def make_project(root: Path, extra: str = "", *, tight: bool = False) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "presswatch.toml").write_text((TIGHT_SETTINGS if tight else TEST_SETTINGS) + extra,
                                          encoding="utf-8")
    return Project.init(root)


@pytest.fixture
def live(tmp_path: Path) -> Project:
    return make_project(tmp_path / "live")


def overlaps(requests: list[Any]) -> list[tuple[str, str]]:
    """Pairs of requests to the same host that were in flight at the same time.

    Only answers the server completed count: when the client gives up (timeout, body too large) the
    server keeps writing into a closed socket for a while, which is not a request in flight."""
    found = []
    by_host: dict[str, list[Any]] = {}
    for r in requests:
        if r.status <= 0:
            continue
        by_host.setdefault(r.host.split(":")[0], []).append(r)
    for reqs in by_host.values():
        reqs.sort(key=lambda r: r.start)
        for a, b in zip(reqs, reqs[1:], strict=False):
            if b.start < a.end - 1e-4:
                found.append((a.path, b.path))
    return found
