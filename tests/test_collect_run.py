"""Collect runs against a real HTTP server on 127.0.0.1: what is stored, and what the server saw."""

from __future__ import annotations

import json
import sqlite3

from collect_fixtures import sites
from collect_fixtures.server import FixtureServer
from collect_fixtures.sites import (
    article,
    atom,
    overlaps,
    rss2,
    sitemap,
    sitemap_index,
    wordpress_api,
    wp_post,
)

from presswatch.api import add_source, collect, list_sources
from presswatch.project import Project

server = sites.server  # pytest fixtures
live = sites.live


def rows(project: Project, sql: str, *args: object) -> list[sqlite3.Row]:
    conn = project.connect(readonly=True)
    try:
        return list(conn.execute(sql, args))
    finally:
        conn.close()


def test_feed_collect_stores_articles_with_feed_metadata_once(server: FixtureServer, live: Project) -> None:
    items = [
        {"title": "Water budget", "link": "/news/water?utm_source=rss&utm_medium=feed", "guid": "a1",
         "pubDate": "Tue, 07 May 2024 10:00:00 GMT", "author": "ana@example.org (Ana Writer)"},
        {"title": "Same guid again", "link": "/news/water-dup", "guid": "a1"},          # duplicate GUID
        {"title": "No date", "link": server.url("/news/nodate"), "guid": "a3"},
        {"title": "Bad date", "link": "/news/baddate", "guid": "a4", "pubDate": "yesterday-ish"},
    ]
    server.add("/feed.xml", rss2(items), ctype="application/rss+xml")
    for slug in ("water", "nodate", "baddate"):
        server.add(f"/news/{slug}", article(slug.title()))
    src = add_source(live, server.url("/feed.xml"), kind="feed", name="fixture", lang="en")
    assert src.kind == "feed"
    report = collect(live)
    assert report.counts["new_page"] == 3
    pages = rows(live, "SELECT p.key, p.source_id, v.meta FROM pages p JOIN page_versions v ON v.page_id = p.id "
                       "ORDER BY p.key")
    keys = [r["key"] for r in pages]
    assert keys == sorted(server.url(f"/news/{s}") for s in ("baddate", "nodate", "water"))
    assert all(r["source_id"] == src.id for r in pages)
    water = json.loads(next(r["meta"] for r in pages if r["key"].endswith("/water")))
    assert water["title"] == "Water budget" and water["published"] == "2024-05-07T10:00:00Z"
    assert water["outlet"] == "Fixture News" and water["lang"] == "en" and "Ana Writer" in water["author"]
    bad = json.loads(next(r["meta"] for r in pages if r["key"].endswith("/baddate")))
    assert "published" not in bad                      # an unreadable date is left out, never invented
    assert not server.seen("/news/water-dup")          # duplicate GUID: one item
    # the user agent names the project and the contact setting
    assert all("presswatch/" in r.headers["user-agent"] and "tests@example.org" in r.headers["user-agent"]
               for r in server.requests)
    # a second run downloads nothing new: the feed answers 304 or lists only known items
    before = len(server.seen("/news/"))
    again = collect(live)
    assert again.counts["new_page"] == 0 and len(server.seen("/news/")) == before
    health = list_sources(live)[0]
    assert health.last_success and health.items_7d == 3 and health.consecutive_failures == 0


def test_conditional_get_no_second_full_download(server: FixtureServer, live: Project) -> None:
    server.add("/feed.xml", rss2([{"title": "A", "link": "/a", "guid": "a"}]), ctype="application/rss+xml",
               etag='"v1"')
    server.add("/a", article("A"))
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    collect(live)
    collect(live)
    feed_requests = server.seen("/feed.xml")
    assert len(feed_requests) == 2
    assert "if-none-match" not in feed_requests[0].headers
    assert feed_requests[1].headers["if-none-match"] == '"v1"' and feed_requests[1].status == 304


def test_edited_article_becomes_new_version(server: FixtureServer, live: Project) -> None:
    def feed(updated: str) -> str:
        return atom([{"title": "Budget", "link": server.url("/a"), "id": "urn:a", "updated": updated}])

    server.add("/atom.xml", feed("2024-05-01T10:00:00Z"), ctype="application/atom+xml")
    server.add("/a", article("Budget"), etag='"a1"')
    add_source(live, server.url("/atom.xml"), kind="feed", name="atom")
    collect(live)
    server.add("/atom.xml", feed("2024-05-02T10:00:00Z"), ctype="application/atom+xml")
    server.add("/a", article("Budget", "The council changed its mind. " * 20), etag='"a2"')
    report = collect(live)
    assert report.counts["new_version"] == 1
    versions = rows(live, "SELECT v.version FROM page_versions v JOIN pages p ON p.id = v.page_id")
    assert sorted(r["version"] for r in versions) == [1, 2]
    assert server.seen("/a")[-1].headers.get("if-none-match") == '"a1"'


def test_one_article_three_urls_stored_once(server: FixtureServer, live: Project) -> None:
    canonical = server.url("/story/1")
    page = article("Story", canonical=canonical)
    for path in ("/story/1", "/story/1-print", "/amp/story/1"):
        server.add(path, page)
    server.add("/old/story", b"", status=301, headers={"Location": "/story/1?utm_campaign=x#top"})
    links = ["/story/1?fbclid=abc", "/story/1-print", "/amp/story/1", "/old/story",
             server.url("/story/1#comments").upper().replace("/STORY/1#COMMENTS", "/story/1#comments")]
    server.add("/feed.xml", rss2([{"title": f"S{i}", "link": link, "guid": f"g{i}"} for i, link in enumerate(links)]),
               ctype="application/rss+xml")
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    collect(live)
    assert [r["key"] for r in rows(live, "SELECT key FROM pages")] == [canonical]
    assert rows(live, "SELECT COUNT(*) AS n FROM page_versions")[0]["n"] == 1


def test_wordpress_pagination_and_incremental_after(server: FixtureServer, live: Project) -> None:
    posts = [wp_post(server, n) for n in range(5)]
    wordpress_api(server, posts)
    for n in range(7):
        server.add(f"/2024/04/post-{n}/", article(f"Post {n}"))
    (live.root / "presswatch.toml").write_text((live.root / "presswatch.toml").read_text() +
                                                "wp_per_page = 2\n", encoding="utf-8")
    live = Project.open(live.root)
    add_source(live, server.url("/wp-json/wp/v2/posts"), kind="wordpress", name="wp")
    first = collect(live)
    assert first.counts["new_page"] == 5
    api_calls = server.seen("/wp-json/wp/v2/posts")
    assert len(api_calls) == 3 and "page=3" in api_calls[-1].path
    meta = json.loads(rows(live, "SELECT meta FROM page_versions ORDER BY id LIMIT 1")[0]["meta"])
    assert meta["author"] == "Ana Writer" and meta["categories"] == ["Water"] and meta["title"].startswith("Post &")
    posts.extend(wp_post(server, n) for n in (5, 6))
    second = collect(live)
    assert second.counts["new_page"] == 2
    assert "after=2024-04-05T09" in server.seen("/wp-json/wp/v2/posts")[-1].path.replace("%3A", ":")


def test_sitemap_index_gzip_and_news(server: FixtureServer, live: Project) -> None:
    import gzip
    server.add("/sitemap_index.xml", sitemap_index([server.url("/news-sitemap.xml"), server.url("/s2.xml.gz")]),
               ctype="application/xml")
    server.add("/news-sitemap.xml", sitemap([server.url("/n/1"), server.url("/n/2")], news=True), ctype="text/xml")
    server.add("/s2.xml.gz", gzip.compress(sitemap([server.url("/n/3"), "/relative-is-resolved"]).encode()),
               ctype="application/x-gzip")
    for path in ("/n/1", "/n/2", "/n/3", "/relative-is-resolved"):
        server.add(path, article(path))
    add_source(live, server.url("/sitemap_index.xml"), kind="sitemap", name="sm")
    report = collect(live)
    assert report.counts["new_page"] == 4
    meta = json.loads(rows(live, "SELECT v.meta FROM page_versions v JOIN pages p ON p.id = v.page_id "
                                 "WHERE p.key LIKE '%/n/1'")[0]["meta"])
    assert meta == {"title": "News 0", "published": "2024-05-01T10:00:00Z", "lang": "en",
                    "outlet": "Fixture Times", "source": "sm"}


def test_crawl_follows_patterns_depth_and_budget(server: FixtureServer, live: Project) -> None:
    server.add("/", '<html><body><a href="/section">s</a><a href="/article/1">1</a>'
                    '<a href="/private/x">p</a><a href="http://localhost:1/elsewhere">e</a></body></html>')
    server.add("/section", '<html><body><a href="/article/2">2</a><a href="/section/deeper">d</a></body></html>')
    server.add("/section/deeper", '<html><body><a href="/article/3">3</a></body></html>')
    for n in (1, 2, 3):
        server.add(f"/article/{n}", article(f"A{n}"))
    add_source(live, server.url("/"), kind="crawl", name="crawl",
               options={"include": [r"/article/"], "follow": [r"/(section|article)"], "depth": 2})
    collect(live)
    keys = sorted(r["key"].rsplit(":", 1)[1] for r in rows(live, "SELECT key FROM pages"))
    assert keys == [f"{server.port}/article/1", f"{server.port}/article/2"]   # /article/3 is at depth 3
    assert not server.seen("/private") and not server.seen("/article/3")


def test_budget_leaves_queue_for_next_run(server: FixtureServer, live: Project) -> None:
    server.add("/feed.xml", rss2([{"title": str(i), "link": f"/p/{i}", "guid": str(i)} for i in range(5)]),
               ctype="application/rss+xml")
    for i in range(5):
        server.add(f"/p/{i}", article(f"P{i}"))
    add_source(live, server.url("/feed.xml"), kind="feed", name="f", options={"budget": 2})
    assert collect(live).counts["new_page"] == 2
    assert list_sources(live)[0].queued == 3
    server.add("/feed.xml", b"down", status=404)          # the listing fails now; the queue still drains
    assert collect(live).counts["new_page"] == 2
    assert collect(live).counts["new_page"] == 1
    assert len({r.path for r in server.seen("/p/")}) == 5 and len(server.seen("/p/")) == 5


def test_no_two_requests_at_once_per_host(server: FixtureServer, live: Project) -> None:
    server.default_delay = 0.01
    for feed in ("a", "b", "c"):
        server.add(f"/{feed}.xml", rss2([{"title": str(i), "link": f"/{feed}/{i}", "guid": f"{feed}{i}"}
                                         for i in range(4)]), ctype="application/rss+xml")
        for i in range(4):
            server.add(f"/{feed}/{i}", article(f"{feed}{i}"))
        add_source(live, server.url(f"/{feed}.xml"), kind="feed", name=feed)
    assert collect(live).counts["new_page"] == 12
    assert len(server.requests) >= 15
    assert overlaps(server.requests) == []


def test_broken_feeds(server: FixtureServer, live: Project) -> None:
    truncated = rss2([{"title": "one", "link": "/t/1", "guid": "1"}, {"title": "two", "link": "/t/2", "guid": "2"}])
    server.add("/truncated.xml", truncated[: truncated.index("</channel>")], ctype="application/rss+xml")
    server.add("/garbage.xml", b"\x00\x01 this is not a feed at all", ctype="application/rss+xml")
    server.add("/t/1", article("T1"))
    server.add("/t/2", article("T2"))
    add_source(live, server.url("/truncated.xml"), kind="feed", name="truncated")
    add_source(live, server.url("/garbage.xml"), kind="feed", name="garbage")
    report = collect(live)
    assert report.counts["new_page"] == 2                 # a truncated feed still gives its items
    by_name = {s.name: s for s in list_sources(live)}
    assert by_name["truncated"].consecutive_failures == 0
    assert by_name["garbage"].consecutive_failures == 1 and "bad_feed" in (by_name["garbage"].last_error or "")
