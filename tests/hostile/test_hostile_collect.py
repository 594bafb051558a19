"""Hostile sites against a real HTTP server on 127.0.0.1: malformed links, lying APIs, binary bodies,
hosts that ask for a long pause. One bad item is a counted skip; the run and the other sources go on."""

from __future__ import annotations

import json
from pathlib import Path

import generators as gen
import pytest
from collect_fixtures import sites
from collect_fixtures.server import FixtureServer, Reply
from collect_fixtures.sites import article, rss2, wp_post

from presswatch.api import add_source, collect, status
from presswatch.project import Project

server = sites.server  # pytest fixtures
live = sites.live


def page_keys(project: Project) -> set[str]:
    conn = project.connect(readonly=True)
    try:
        return {r[0] for r in conn.execute("SELECT key FROM pages")}
    finally:
        conn.close()


@pytest.mark.hostile("collect")
def test_malformed_feed_links_are_counted_skips_before_any_lookup(server: FixtureServer, live: Project) -> None:
    bad = gen.malformed_links(server.port)
    items = [{"title": f"bad {i}", "link": link, "guid": link} for i, link in enumerate(bad)]
    items += [{"title": "good", "link": server.url("/good"), "guid": "g1"}]
    server.add("/feed.xml", rss2(items), ctype="application/rss+xml")
    server.add("/other.xml", rss2([{"title": "other", "link": server.url("/other"), "guid": "o1"}]),
               ctype="application/rss+xml")
    server.add("/good", article("Good"))
    server.add("/other", article("Other"))
    add_source(live, server.url("/feed.xml"), kind="feed", name="bad-links")
    add_source(live, server.url("/other.xml"), kind="feed", name="other")
    looked_up: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return ["127.0.0.1"]

    for run in range(2):                       # and on the next run too
        report = collect(live, resolver=resolver)
        gen.expect_kept(page_keys(live), {server.url("/good"), server.url("/other")})
        assert report.counts["source_error"] == 0
        if run == 0:
            assert report.counts["skipped:collect_bad_url"] == len(bad)
    assert looked_up == []                     # no name was resolved: http:///x is not the host "x"
    assert {r.path for r in server.requests} <= {"/feed.xml", "/other.xml", "/good", "/other", "/robots.txt"}
    info = status(live)
    assert info.skips_by_reason["collect_bad_url"] == len(bad) and info.skip_hints["collect_bad_url"]


@pytest.mark.hostile("collect")
def test_wordpress_with_fewer_items_per_page_than_asked_is_read_to_the_last_page(
        server: FixtureServer, live: Project) -> None:
    posts = [wp_post(server, n) for n in range(5)]
    for n in range(5):
        server.add(f"/2024/04/post-{n}/", article(f"Post {n}"))

    def handler(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        after = query.get("after", [None])[0]
        chosen = sorted((p for p in posts if after is None or p["date_gmt"] > after),
                        key=lambda p: p["date_gmt"], reverse=True)
        page = int(query.get("page", ["1"])[0])
        pages = max(1, -(-len(chosen) // 2))   # the site sends 2 per page whatever per_page says
        if page > pages:
            return Reply(400, b'{"code":"rest_post_invalid_page_number"}', {"Content-Type": "application/json"})
        return Reply(200, json.dumps(chosen[(page - 1) * 2: page * 2]).encode(),
                     {"Content-Type": "application/json", "X-WP-TotalPages": str(pages)})

    server.handle("/wp-json/wp/v2/posts", handler)
    add_source(live, server.url("/"), kind="wordpress", name="wp")
    collect(live)
    wanted = {server.url(f"/2024/04/post-{n}/") for n in range(5)}
    gen.expect_kept(page_keys(live), wanted)
    posts.append(wp_post(server, 6))           # a later post is found by the next run (cursor kept right)
    server.add("/2024/04/post-6/", article("Post 6"))
    collect(live)
    gen.expect_kept(page_keys(live), wanted | {server.url("/2024/04/post-6/")})


@pytest.mark.hostile("encoding")
def test_png_served_as_html_is_not_stored(server: FixtureServer, live: Project) -> None:
    server.add("/feed.xml", rss2([{"title": "img", "link": server.url("/img"), "guid": "i"},
                                  {"title": "ok", "link": server.url("/ok"), "guid": "o"}]),
               ctype="application/rss+xml")
    server.add("/img", gen.png_bytes(), ctype="text/html")
    server.add("/ok", article("Fine"))
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    report = collect(live)
    assert page_keys(live) == {server.url("/ok")}
    assert report.counts["failed:binary"] == 1
    assert status(live).skips_by_reason == {"collect_binary": 1}


def _overlapping(server: FixtureServer, live: Project, n_sources: int = 3, n_articles: int = 5) -> list[str]:
    urls = [server.url(f"/a/{i}") for i in range(n_articles)]
    for s in range(n_sources):
        server.add(f"/feed{s}.xml", rss2([{"title": f"a{i}", "link": u, "guid": u} for i, u in enumerate(urls)]),
                   ctype="application/rss+xml")
        add_source(live, server.url(f"/feed{s}.xml"), kind="feed", name=f"s{s}")
    return urls


@pytest.mark.hostile("politeness")
def test_overlapping_sources_on_one_host_fetch_each_article_once(server: FixtureServer, live: Project) -> None:
    urls = _overlapping(server, live)
    for i in range(len(urls)):
        server.add(f"/a/{i}", article(f"A {i}"))
    report = collect(live)
    assert len(server.seen("/a/")) == len(urls)
    assert report.counts["new_page"] == len(urls) and report.counts["fetched_by_other_source"] == 2 * len(urls)


@pytest.mark.hostile("politeness")
def test_long_retry_after_holds_across_sources_and_runs(server: FixtureServer, live: Project) -> None:
    urls = _overlapping(server, live)
    for i in range(len(urls)):
        server.add(f"/a/{i}", b"slow down", status=429, ctype="text/plain", headers={"Retry-After": "100000"})
    first = collect(live)
    assert len(server.seen("/a/")) == 1                  # the first 429 closes the host for everyone
    assert first.counts["new_page"] == 0 and first.counts["deferred"] >= len(urls) - 1
    before = len(server.requests)
    collect(live)                                          # the next run remembers the pause
    assert len(server.requests) == before
    conn = live.connect(readonly=True)
    queued = conn.execute("SELECT COUNT(*) FROM collect_queue WHERE status = 'pending'").fetchone()[0]
    conn.close()
    assert queued == 3 * len(urls)                        # nothing lost: every article waits for later


@pytest.mark.hostile("collect")
def test_ipv6_literal_source_gets_a_readable_name(live: Project) -> None:
    src = add_source(live, "http://[::1]:8080/feed.xml", kind="feed")
    assert src.name == "ipv6-1"




@pytest.mark.hostile("politeness")
def test_per_host_delay_holds_across_back_to_back_runs(server: FixtureServer, tmp_path: Path) -> None:
    root = tmp_path / "paced"
    root.mkdir()
    (root / "presswatch.toml").write_text(sites.TEST_SETTINGS.replace("per_host_delay = 0.0", "per_host_delay = 1.5"),
                                          encoding="utf-8")
    project = Project.init(root)
    server.add("/feed.xml", rss2([{"title": "a", "link": server.url("/a"), "guid": "a"}]), ctype="application/rss+xml")
    server.add("/a", article("A"))
    add_source(project, server.url("/feed.xml"), kind="feed", name="paced")
    collect(project)
    last_end = max(r.end for r in server.requests)
    seen = len(server.requests)
    collect(project)                           # at once: the new run still waits for the host's delay
    assert len(server.requests) > seen
    first_start = min(r.start for r in server.requests[seen:])
    assert first_start >= last_end + 1.5 - 0.1, first_start - last_end
