"""Sources: auto-discovery, health, backoff and pause, OPML, and the command line."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from collect_fixtures import sites
from collect_fixtures.server import FixtureServer
from collect_fixtures.sites import (
    article,
    make_project,
    rss2,
    sitemap,
    wordpress_api,
    wp_post,
)

from presswatch.api import add_source, collect, export_opml, import_opml, list_sources
from presswatch.cli import cli
from presswatch.collect.service import collect_every, parse_interval, resume_source
from presswatch.collect.sources import SourceError
from presswatch.project import Project

server = sites.server  # pytest fixtures
live = sites.live

FEED = rss2([{"title": "a", "link": "/a", "guid": "a"}], title="Head Feed")


def test_discovers_wordpress_api_first(server: FixtureServer, live: Project) -> None:
    server.add("/", article("Home", extra_head=f'<link rel="https://api.w.org/" href="{server.url("/wp-json/")}">'
                                               '<link rel="alternate" type="application/rss+xml" href="/feed/">'))
    server.add("/feed/", FEED, ctype="application/rss+xml")
    wordpress_api(server, [wp_post(server, 1)])
    src = add_source(live, server.url("/"))
    assert (src.kind, src.endpoint) == ("wordpress", server.url("/wp-json/wp/v2/posts"))


def test_discovers_feed_link_in_head(server: FixtureServer, live: Project) -> None:
    server.add("/", article("Home", extra_head='<link rel="alternate" type="application/rss+xml" href="/news.rss">'))
    server.add("/news.rss", FEED, ctype="application/rss+xml")
    src = add_source(live, server.url("/"))
    assert (src.kind, src.endpoint, src.name) == ("feed", server.url("/news.rss"), "Head Feed")


def test_discovers_common_feed_path_then_sitemap_then_crawl(server: FixtureServer, tmp_path: Path) -> None:
    server.add("/", article("Home"))
    server.add("/rss.xml", FEED, ctype="application/rss+xml")
    assert add_source(make_project(tmp_path / "a"), server.url("/")).kind == "feed"
    del server.routes["/rss.xml"]
    server.add("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {server.url('/sm.xml')}\n", ctype="text/plain")
    server.add("/sm.xml", sitemap([server.url("/a")]), ctype="application/xml")
    src = add_source(make_project(tmp_path / "b"), server.url("/"))
    assert (src.kind, src.endpoint) == ("sitemap", server.url("/sm.xml"))
    del server.routes["/sm.xml"]
    assert add_source(make_project(tmp_path / "c"), server.url("/")).kind == "crawl"


def test_direct_feed_url_and_unreachable_url(server: FixtureServer, live: Project) -> None:
    server.add("/feed.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JF",
                                         "items": [{"id": "1", "url": "/a"}]}), ctype="application/feed+json")
    assert add_source(live, server.url("/feed.json")).kind == "feed"
    with pytest.raises(SourceError, match="check the URL"):
        add_source(live, server.url("/nothing-here"), name="x")
    with pytest.raises(SourceError, match="exists already"):
        add_source(live, server.url("/feed.json"), kind="feed", name="JF")
    with pytest.raises(SourceError, match="already collected as source 'JF'"):
        add_source(live, server.url("/feed.json"), kind="feed", name="other")
    with pytest.raises(SourceError, match="bad --include pattern"):
        add_source(live, server.url("/"), kind="crawl", options={"include": ["/news/("]})


def test_failing_source_backs_off_then_pauses_and_says_why(server: FixtureServer, live: Project) -> None:
    server.add("/gone.xml", b"gone", status=410)
    add_source(live, server.url("/gone.xml"), kind="feed", name="gone")
    collect(live)
    src = list_sources(live)[0]
    assert src.status == "backoff" and src.consecutive_failures == 1 and "http_410" in (src.last_error or "")
    collect(live)
    collect(live)
    src = list_sources(live)[0]
    assert src.status == "paused" and "paused after 3 failures" in (src.status_reason or "")
    requests = len(server.seen("/gone.xml"))
    collect(live)                                           # paused: not asked again
    assert len(server.seen("/gone.xml")) == requests == 3
    with pytest.raises(SourceError, match="paused"):
        collect(live, source="gone")
    server.add("/gone.xml", FEED, ctype="application/rss+xml")
    server.add("/a", article("A"))
    resume_source(live, "gone")
    assert collect(live).counts["new_page"] == 1
    assert list_sources(live)[0].status == "active"


def test_dns_failure_is_reported(live: Project) -> None:
    async def no_such_host(host: str, port: int) -> list[str]:   # no real DNS in tests
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    add_source(live, "http://no-such-host.example/feed.xml", kind="feed", name="nx")
    report = collect(live, resolver=no_such_host)
    assert report.sources[0].error and report.sources[0].error.startswith("dns")
    assert list_sources(live)[0].consecutive_failures == 1


def test_opml_round_trip(server: FixtureServer, tmp_path: Path) -> None:
    a = make_project(tmp_path / "a")
    add_source(a, server.url("/feed.xml"), kind="feed", name="Feed A", lang="sq", tags=["albania", "ngo"])
    add_source(a, server.url("/"), kind="crawl", name="Crawl B", options={"include": ["/news/"], "depth": 1})
    path = tmp_path / "sources.opml"
    export_opml(a, path)
    b = make_project(tmp_path / "b")
    added = import_opml(b, path)
    assert [(s.name, s.kind, s.lang, s.tags, s.options) for s in added] == [
        ("Crawl B", "crawl", None, [], {"include": ["/news/"], "depth": 1}),
        ("Feed A", "feed", "sq", ["albania", "ngo"], {})]
    assert import_opml(b, path) == []                      # names already present are skipped


def test_opml_from_a_feed_reader(tmp_path: Path) -> None:
    path = tmp_path / "reader.opml"
    path.write_text('<?xml version="1.0"?><opml version="1.0"><head/><body><outline text="Balkans">'
                    '<outline text="BIRN" type="rss" xmlUrl="https://balkaninsight.com/feed/" htmlUrl="https://balkaninsight.com"/>'
                    '</outline><outline text="broken" xmlUrl="ftp://x/y"/></body></opml>', encoding="utf-8")
    added = import_opml(make_project(tmp_path / "p"), path)
    assert [(s.name, s.kind, s.endpoint, s.tags) for s in added] == [
        ("BIRN", "feed", "https://balkaninsight.com/feed/", ["Balkans"])]


def test_cli_source_add_sources_collect(server: FixtureServer, live: Project) -> None:
    server.add("/feed.xml", FEED, ctype="application/rss+xml")
    server.add("/a", article("A"))
    runner = CliRunner()
    base = ["--project", str(live.root)]
    out = runner.invoke(cli, [*base, "source", "add", server.url("/feed.xml"), "--tags", "x, y", "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert "added source 'Head Feed': feed" in out.output
    out = runner.invoke(cli, [*base, "collect", "-q", "--no-process"])
    assert out.exit_code == 0 and "new_page 1" in out.output
    out = runner.invoke(cli, [*base, "sources"])
    assert "Head Feed  [feed, active]" in out.output and "items 7d: 1" in out.output
    out = runner.invoke(cli, [*base, "sources", "--json"])
    assert json.loads(out.output)[0]["tags"] == ["x", "y"]
    out = runner.invoke(cli, [*base, "source", "export"])
    assert "<opml" in out.output and 'xmlUrl="' in out.output
    out = runner.invoke(cli, [*base, "collect", "--source", "nope"])
    assert out.exit_code != 0 and "no source 'nope'" in out.output
    out = runner.invoke(cli, [*base, "source", "add", "ftp://x/"])
    assert out.exit_code != 0 and "http" in out.output


def test_every_runs_repeatedly(server: FixtureServer, live: Project) -> None:
    server.add("/feed.xml", FEED, ctype="application/rss+xml")
    server.add("/a", article("A"))
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    waits: list[float] = []
    reports = []
    runs = collect_every(live, 1800, max_runs=2, sleep=waits.append, on_report=reports.append)
    assert runs == 2 and len(waits) == 1 and 1790 < waits[0] <= 1800
    assert [r.counts["new_page"] for r in reports] == [1, 0]
    assert parse_interval("30m") == 1800 and parse_interval("2h") == 7200 and parse_interval("90s") == 90
    with pytest.raises(ValueError, match="30m"):
        parse_interval("soon")
