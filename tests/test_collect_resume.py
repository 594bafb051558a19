"""Stopping a collect run at any moment loses nothing already fetched; the next run continues."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from collect_fixtures import sites
from collect_fixtures.server import FixtureServer
from collect_fixtures.sites import article, rss2

from presswatch.api import add_source, collect, list_sources
from presswatch.project import Project

server = sites.server  # pytest fixtures
live = sites.live

RUN = "import sys; from presswatch.collect.service import collect; from presswatch.project import Project; " \
      "collect(Project.open(sys.argv[1]), process=False)"


def test_killed_run_keeps_what_it_fetched_and_next_run_continues(server: FixtureServer, live: Project) -> None:
    n = 12
    server.add("/feed.xml", rss2([{"title": str(i), "link": f"/p/{i}", "guid": str(i)} for i in range(n)]),
               ctype="application/rss+xml")
    for i in range(n):
        server.add(f"/p/{i}", article(f"P{i}"), delay=0.15)
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    proc = subprocess.Popen([sys.executable, "-c", RUN, str(live.root)], env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        deadline = time.monotonic() + 30
        while len(server.seen("/p/")) < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be stopped"
        os.kill(proc.pid, signal.SIGKILL)                 # the hardest stop: no cleanup at all
    finally:
        proc.wait(timeout=10)
    conn = live.connect()
    try:
        stored_before = {r[0] for r in conn.execute("SELECT key FROM pages")}
        pending = conn.execute("SELECT COUNT(*) FROM collect_queue WHERE status = 'pending'").fetchone()[0]
    finally:
        conn.close()
    assert 1 <= len(stored_before) < n and pending == n - len(stored_before)
    fetched_before = {r.path for r in server.seen("/p/")}
    report = collect(live)
    assert report.counts["new_page"] == n - len(stored_before)
    refetched = [r.path for r in server.seen("/p/")[len(fetched_before):] if server.url(r.path) in stored_before]
    assert refetched == []                               # what was stored is not downloaded again
    assert list_sources(live)[0].queued == 0


def test_page_source_is_checked_every_run(server: FixtureServer, live: Project) -> None:
    server.add("/statement", article("Statement"), etag='"s1"')
    add_source(live, server.url("/statement"), kind="page", name="statement")
    assert collect(live).counts["new_page"] == 1
    assert collect(live).counts["not_modified"] == 1
    server.add("/statement", article("Statement", "Updated statement text. " * 20), etag='"s2"')
    assert collect(live).counts["new_version"] == 1
    assert [r.status for r in server.seen("/statement")] == [200, 304, 200]


def test_every_runs_until_sigterm(server: FixtureServer, live: Project) -> None:
    server.add("/feed.xml", rss2([{"title": "a", "link": "/a", "guid": "a"}]), ctype="application/rss+xml")
    server.add("/a", article("A"))
    add_source(live, server.url("/feed.xml"), kind="feed", name="f")
    proc = subprocess.Popen([sys.executable, "-m", "presswatch", "--project", str(live.root), "collect", "--every",
                             "1h", "-q", "--no-process"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("next run"):
            proc.send_signal(signal.SIGTERM)
            break
    rest, _ = proc.communicate(timeout=30)
    output = "".join(lines) + rest
    assert proc.returncode == 0, output
    assert "new_page 1" in output and "stopped; everything fetched so far is stored" in output
    assert list_sources(live)[0].items_7d == 1
