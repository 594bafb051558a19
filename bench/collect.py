"""Collection benchmark: presswatch's collector vs a plain sequential httpx loop, in the same run.

A local threaded HTTP server on 127.0.0.1 simulates HOSTS sites (50 by default) with 20 ms latency
per request. Each host serves robots.txt, one RSS feed and ITEMS article pages. The 50 host names
(``site01.bench.test`` ...) all resolve to 127.0.0.1 through the collector's resolver hook
(``presswatch.collect.safety.Resolver``, the same path that checks DNS answers), so one server port
serves every host and the server tells them apart by the Host header. The project allows those
names in ``[collect] allow_private_hosts``.

Measured:
  presswatch   `collect` of 50 feed sources: robots.txt, feed and articles per host, each article
               stored in the SQLite archive (no processing), one request at a time per host
               (per_host_delay 0, parallel_sources 50). The server records the highest number of
               requests it saw in flight for one host; it must stay 1.
  polite       the same with the default per_host_delay of 1 s (full run only).
  rerun        a second collect right after: nothing new (feeds answer 304).
  httpx loop   a plain `httpx.Client` fetching the same feeds and article URLs one after another
               (Host header set, no robots.txt, nothing stored).

Usage: .venv/bin/python bench/collect.py [--quick] [--hosts N] [--items N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.api import add_source, collect  # noqa: E402
from presswatch.project import Project  # noqa: E402

LATENCY = 0.020
ARTICLE = ("<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
           "<h1>{title}</h1>" + "<p>The council approved the water budget after a long debate. </p>" * 30 +
           "</article></body></html>")


class BenchServer:
    """Serves every simulated host; counts requests in flight per Host header."""

    def __init__(self, hosts: list[str], items: int) -> None:
        self.hosts, self.items = set(hosts), items
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}
        self.requests = 0
        bench = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

            def do_GET(self) -> None:  # noqa: N802
                host = self.headers.get("Host", "").split(":")[0]
                with bench.lock:
                    bench.requests += 1
                    bench.in_flight[host] = bench.in_flight.get(host, 0) + 1
                    bench.max_in_flight[host] = max(bench.max_in_flight.get(host, 0), bench.in_flight[host])
                try:
                    time.sleep(LATENCY)
                    status, ctype, body, etag = bench.answer(host, self.path, self.headers.get("If-None-Match"))
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    if etag:
                        self.send_header("ETag", etag)
                    self.end_headers()
                    with bench.lock:   # the answer is complete for the client once the body is written
                        bench.in_flight[host] -= 1
                    self.wfile.write(body)
                except BaseException:
                    with bench.lock:
                        bench.in_flight[host] = max(0, bench.in_flight[host] - 1)
                    raise

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 256
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def answer(self, host: str, path: str, if_none_match: str | None) -> tuple[int, str, bytes, str | None]:
        if host not in self.hosts:
            return 404, "text/plain", b"unknown host", None
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n", None
        if path == "/feed.xml":
            etag = f'"{host}-v1"'
            if if_none_match == etag:
                return 304, "application/rss+xml", b"", etag
            items = "".join(f"<item><title>{host} {i}</title><link>http://{host}:{self.port}/a/{i}</link><guid>{host}-{i}</guid>"
                            f"<pubDate>Tue, 07 May 2024 10:{i % 60:02d}:00 GMT</pubDate></item>" for i in range(self.items))
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{host}</title><link>http://{host}:{self.port}/</link>'
                    f"<description>bench</description>{items}</channel></rss>").encode()
            return 200, "application/rss+xml", body, etag
        if path.startswith("/a/"):
            return 200, "text/html; charset=utf-8", ARTICLE.format(title=f"{host} {path}").encode(), None
        return 404, "text/plain", b"not found", None

    def reset_counts(self) -> None:
        with self.lock:
            self.max_in_flight.clear()
            self.requests = 0

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_project(root: Path, hosts: list[str], port: int, *, delay: float) -> Project:
    root.mkdir(parents=True)
    allowed = ", ".join(f'"{h}"' for h in hosts)
    (root / "presswatch.toml").write_text(
        f'[project]\nname = "bench"\n[ingest]\nprocess = false\n[collect]\ncontact = "bench@example.org"\n'
        f"allow_private_hosts = [{allowed}]\nper_host_delay = {delay}\nparallel_sources = {len(hosts)}\n",
        encoding="utf-8")
    project = Project.init(root)
    for host in hosts:
        add_source(project, f"http://{host}:{port}/feed.xml", kind="feed", name=host)
    return project


def run_collector(project: Project, server: BenchServer) -> dict[str, Any]:
    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    server.reset_counts()
    started = time.perf_counter()
    report = collect(project, resolver=resolver, process=False)
    elapsed = time.perf_counter() - started
    stored = report.counts["new_page"] + report.counts["new_version"]
    return {"seconds": round(elapsed, 3), "items": stored, "requests": server.requests,
            "items_per_s": round(stored / elapsed, 1) if stored else 0.0,
            "max_in_flight_per_host": max(server.max_in_flight.values(), default=0),
            "failed": report.counts["failed"] + report.counts["source_failed"]}


def run_httpx_loop(hosts: list[str], port: int, items: int, server: BenchServer) -> dict[str, Any]:
    server.reset_counts()
    started = time.perf_counter()
    fetched = 0
    with httpx.Client(timeout=30) as client:
        for host in hosts:
            headers = {"Host": f"{host}:{port}"}
            feed = client.get(f"http://127.0.0.1:{port}/feed.xml", headers=headers)
            feed.raise_for_status()
            for i in range(items):
                resp = client.get(f"http://127.0.0.1:{port}/a/{i}", headers=headers)
                resp.raise_for_status()
                fetched += 1
    elapsed = time.perf_counter() - started
    return {"seconds": round(elapsed, 3), "items": fetched, "requests": server.requests,
            "items_per_s": round(fetched / elapsed, 1), "max_in_flight_per_host": max(server.max_in_flight.values()),
            "failed": 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 hosts x 5 articles, no polite run")
    parser.add_argument("--hosts", type=int, default=None)
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument("--json", default=str(REPO / "bench" / "results" / "collect.json"))
    args = parser.parse_args()
    n_hosts = args.hosts or (10 if args.quick else 50)
    items = args.items or (5 if args.quick else 20)
    hosts = [f"site{i:02d}.bench.test" for i in range(1, n_hosts + 1)]
    server = BenchServer(hosts, items)
    workdir = Path(tempfile.mkdtemp(prefix="pw-bench-collect-"))
    rows: dict[str, dict[str, Any]] = {}
    try:
        rows["httpx loop"] = run_httpx_loop(hosts, server.port, items, server)
        project = make_project(workdir / "fast", hosts, server.port, delay=0.0)
        rows["presswatch"] = run_collector(project, server)
        rows["presswatch rerun"] = run_collector(project, server)
        if not args.quick:
            polite = make_project(workdir / "polite", hosts, server.port, delay=1.0)
            rows["presswatch polite"] = run_collector(polite, server)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    peer = rows["httpx loop"]
    print(f"collect benchmark: {n_hosts} hosts x {items} articles, {LATENCY * 1000:.0f} ms latency per request")
    print(f"{'system':<20}{'seconds':>9}{'items':>7}{'requests':>10}{'items/s':>9}{'max/host':>10}{'vs httpx':>10}")
    for name, row in rows.items():
        ratio = (row["items_per_s"] / peer["items_per_s"]) if row["items"] else 0.0
        row["ratio_items_per_s_vs_httpx"] = round(ratio, 2)
        ratio_text = f"{ratio:.2f}x" if row["items"] else "-"
        print(f"{name:<20}{row['seconds']:>9.2f}{row['items']:>7}{row['requests']:>10}{row['items_per_s']:>9.1f}"
              f"{row['max_in_flight_per_host']:>10}{ratio_text:>10}")
    rows["presswatch rerun"]["speedup_seconds_vs_httpx"] = round(peer["seconds"] / rows["presswatch rerun"]["seconds"], 2)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"hosts": n_hosts, "items_per_host": items, "latency_ms": LATENCY * 1000,
                               "results": rows}, indent=2), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
