"""The fetcher against a real server: encodings, redirects, errors, retries, limits, robots.txt."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from collect_fixtures import sites
from collect_fixtures.server import FixtureServer, Reply
from collect_fixtures.sites import (
    article,
    make_project,
    rss2,
)

from presswatch.api import add_source, collect
from presswatch.collect.fetcher import FetchResult
from presswatch.collect.service import make_fetcher
from presswatch.project import Project

server = sites.server  # pytest fixtures
live = sites.live


def fetch(project: Project, *urls: str, accept: Any = "html", **kw: Any) -> list[FetchResult]:
    async def run() -> list[FetchResult]:
        async with make_fetcher(project) as fetcher:
            return [await fetcher.fetch(u, accept=accept, **kw) for u in urls]
    return asyncio.run(run())


def test_gzip_and_deflate_bodies_are_decoded(server: FixtureServer, live: Project) -> None:
    server.add("/gz", article("Gz"), encoding="gzip")
    server.add("/deflate", article("Deflate"), encoding="deflate")
    gz, deflate = fetch(live, server.url("/gz"), server.url("/deflate"))
    assert gz.ok and b"<h1>Gz</h1>" in gz.body
    assert deflate.ok and b"<h1>Deflate</h1>" in deflate.body
    assert "gzip" in server.seen("/gz")[0].headers["accept-encoding"]


def test_redirect_chain_followed_and_loops_and_long_chains_refused(server: FixtureServer, live: Project) -> None:
    server.add("/r1", status=302, headers={"Location": "/r2"})
    server.add("/r2", status=301, headers={"Location": server.url("/final")})
    server.add("/final", article("Final"))
    server.add("/loop-a", status=302, headers={"Location": "/loop-b"})
    server.add("/loop-b", status=302, headers={"Location": "/loop-a"})
    for i in range(8):
        server.add(f"/chain{i}", status=302, headers={"Location": f"/chain{i + 1}"})
    server.add("/to-ftp", status=302, headers={"Location": "ftp://127.0.0.1/x"})
    ok, loop, chain, ftp = fetch(live, server.url("/r1"), server.url("/loop-a"), server.url("/chain0"),
                                 server.url("/to-ftp"))
    assert ok.ok and ok.final_url == server.url("/final")
    assert loop.error == "redirect_loop" and len(server.seen("/loop-")) == 2
    assert chain.error == "too_many_redirects" and len(server.seen("/chain")) == 6   # max_redirects 5
    assert ftp.error == "bad_redirect"


def test_http_errors_and_retries(server: FixtureServer, live: Project) -> None:
    server.add("/gone", b"gone", status=410)
    server.add("/missing", b"missing", status=404)
    server.add("/broken", b"oops", status=500)
    gone, missing, broken = fetch(live, server.url("/gone"), server.url("/missing"), server.url("/broken"))
    assert (gone.error, missing.error, broken.error) == ("http_410", "http_404", "http_500")
    assert len(server.seen("/gone")) == 1 and len(server.seen("/missing")) == 1
    assert len(server.seen("/broken")) == 3            # 1 + retries (2), with backoff


def test_429_retry_after_is_honoured(server: FixtureServer, live: Project) -> None:
    calls = {"n": 0}

    def busy(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"})
        return Reply(200, article("Finally").encode(), {"Content-Type": "text/html"})

    server.handle("/busy", busy)
    (result,) = fetch(live, server.url("/busy"))
    assert result.ok and calls["n"] == 2
    first, second = server.seen("/busy")
    assert second.start - first.end >= 0.9            # waited as the server asked


def test_slow_drip_and_huge_body_are_cut_off(server: FixtureServer, tmp_path: Path) -> None:
    live = make_project(tmp_path / "tight", tight=True)      # read 0.5 s, total 1.5 s
    server.add("/drip", article("Drip", "x" * 200), drip=0.02)    # never idle for the read timeout
    server.add("/huge", huge=2_000_000)
    server.add("/declared", "x" * 400_000)                          # Content-Length above the limit
    drip, huge, declared = fetch(live, server.url("/drip"), server.url("/huge"), server.url("/declared"))
    assert drip.error == "timeout"
    assert huge.error == "too_large" and declared.error == "too_large"


def test_content_type_checked_for_articles(server: FixtureServer, live: Project) -> None:
    server.add("/photo.jpg", b"\xff\xd8\xff" * 100, ctype="image/jpeg")
    server.add("/data.json", b"{}", ctype="application/json")
    photo, data = fetch(live, server.url("/photo.jpg"), server.url("/data.json"))
    assert photo.error == "bad_type" and data.error == "bad_type"


def test_robots_disallow_and_crawl_delay(server: FixtureServer, live: Project) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n", ctype="text/plain")
    items = [{"title": "ok", "link": "/public/1", "guid": "1"}, {"title": "no", "link": "/private/2", "guid": "2"},
             {"title": "ok2", "link": "/public/3", "guid": "3"}]
    server.add("/feed.xml", rss2(items), ctype="application/rss+xml")
    for path in ("/public/1", "/private/2", "/public/3"):
        server.add(path, article(path))
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    report = collect(live)
    assert report.counts["new_page"] == 2 and report.counts["failed:robots"] == 1
    assert not server.seen("/private/")
    assert len(server.seen("/robots.txt")) == 1
    starts = sorted(r.start for r in server.requests)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.25                             # Crawl-delay 0.3 s between requests to the host


def test_non_utf8_page_is_processed_with_its_declared_charset(server: FixtureServer, live: Project) -> None:
    """One test runs the processing pipeline after collecting (extraction + language id are slow to load)."""
    text = "Qeveria shqiptare miratoi buxhetin. Çmimet e ujit rriten në qytet. " * 5
    server.add("/sq", article("Çmimet", text, charset="windows-1250").encode("cp1250"),
               ctype="text/html; charset=windows-1250")
    server.add("/feed.xml", rss2([{"title": "sq", "link": "/sq", "guid": "sq"}]), ctype="application/rss+xml")
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    report = collect(live, process=True)
    assert report.counts["processed"] == 1
    conn = live.connect(readonly=True)
    try:
        declared = conn.execute("SELECT declared_encoding FROM page_versions").fetchone()[0]
        unit_text = conn.execute("SELECT text FROM units").fetchone()[0]
    finally:
        conn.close()
    assert declared == "windows-1250"
    assert "Çmimet e ujit rriten" in unit_text


def test_failed_articles_are_recorded_as_skips(server: FixtureServer, live: Project) -> None:
    server.add("/feed.xml", rss2([{"title": "x", "link": "/missing", "guid": "x"}]), ctype="application/rss+xml")
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    collect(live)
    collect(live)
    assert len(server.seen("/missing")) == 1           # 404 is permanent: not asked again
    from presswatch.api import status
    info = status(live)
    assert info.skips_by_reason == {"collect_http_404": 1}
    assert json.dumps(info.as_dict())  # serialisable


def test_long_retry_after_leaves_the_host_for_a_later_run(server: FixtureServer, live: Project) -> None:
    server.add("/busy1", b"later", status=503, headers={"Retry-After": "3600"}, ctype="text/plain")
    server.add("/busy2", article("B2"))
    first, second = fetch(live, server.url("/busy1"), server.url("/busy2"))
    assert first.error == "http_503" and "later run" in first.message
    assert second.error == "deferred" and not server.seen("/busy2")


def test_retry_after_forms() -> None:
    from presswatch.collect.fetcher import retry_after_seconds
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0      # in the past: no wait
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_robots_txt_server_error_closes_the_site_for_this_run_only(server: FixtureServer, live: Project) -> None:
    server.add("/robots.txt", b"oops", status=500, ctype="text/plain")
    server.add("/a", article("A"))
    (closed,) = fetch(live, server.url("/a"))
    assert closed.error == "robots_unavailable" and not server.seen("/a")
    server.add("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    (opened,) = fetch(live, server.url("/a"))              # a new run asks again
    assert opened.ok
