"""Threaded HTTP server on 127.0.0.1 (random free port) with programmable routes.

Every request is recorded (path, headers, start and end times) so tests can assert what the
collector asked for: conditional headers, no request to disallowed paths, no overlap per host.
"""

from __future__ import annotations

import gzip
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Seen:
    host: str
    path: str            # with query
    headers: dict[str, str]
    start: float
    end: float = 0.0
    status: int = 0


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None              # answer 304 when If-None-Match matches
    last_modified: str | None = None     # answer 304 when If-Modified-Since matches exactly
    encoding: str | None = None          # gzip | deflate: compress the body on the fly
    drip: float | None = None            # seconds between single bytes (slow-drip response)
    huge: int | None = None              # stream this many bytes without Content-Length
    delay: float = 0.0                   # wait before answering (simulated latency)


Handler = Callable[[dict[str, list[str]], dict[str, str]], Reply]


class FixtureServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.scheme = "https" if tls else "http"
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self.default_delay = 0.0
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                return

            def do_GET(self) -> None:  # noqa: N802
                seen = Seen(self.headers.get("Host", ""), self.path, {k.lower(): v for k, v in self.headers.items()},
                            time.monotonic())
                with server._lock:
                    server.requests.append(seen)
                try:
                    seen.status = server._answer(self, seen)
                except (BrokenPipeError, ConnectionResetError):
                    seen.status = -1
                finally:
                    seen.end = seen.end or time.monotonic()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # -- setup ---------------------------------------------------------------------------------------
    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", *, status: int = 200, ctype: str | None = "text/html; charset=utf-8",
            **kwargs: Any) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        reply = Reply(status=status, body=data, **kwargs)
        if ctype:
            reply.headers.setdefault("Content-Type", ctype)
        self.routes[path] = reply

    def handle(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def seen(self, path_prefix: str) -> list[Seen]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    # -- serving -------------------------------------------------------------------------------------
    def _answer(self, h: BaseHTTPRequestHandler, seen: Seen) -> int:
        # seen.end is taken just before the last bytes go out: the client cannot have its answer
        # earlier, so a request that starts before another's end really overlapped it.
        parts = urlsplit(h.path)
        route = self.routes.get(h.path) or self.routes.get(parts.path)
        headers = {k.lower(): v for k, v in h.headers.items()}
        if route is None:
            reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
        elif isinstance(route, Reply):
            reply = route
        else:
            reply = route(parse_qs(parts.query), headers)
        time.sleep(reply.delay or self.default_delay)
        if reply.etag and headers.get("if-none-match") == reply.etag or (
                reply.last_modified and headers.get("if-modified-since") == reply.last_modified):
            h.send_response(304)
            h.send_header("Content-Length", "0")
            if reply.etag:
                h.send_header("ETag", reply.etag)
            seen.end = time.monotonic()
            h.end_headers()
            return 304
        h.send_response(reply.status)
        for key, value in reply.headers.items():
            h.send_header(key, value)
        if reply.etag:
            h.send_header("ETag", reply.etag)
        if reply.last_modified:
            h.send_header("Last-Modified", reply.last_modified)
        if reply.huge:
            h.send_header("Connection", "close")
            h.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            sent = 0
            while sent < reply.huge:
                h.wfile.write(chunk)
                sent += len(chunk)
            h.close_connection = True
            return reply.status
        body = reply.body
        if reply.encoding == "gzip":
            body = gzip.compress(body)
        elif reply.encoding == "deflate":
            body = zlib.compress(body)
        if reply.encoding:
            h.send_header("Content-Encoding", reply.encoding)
        h.send_header("Content-Length", str(len(body)))
        if not reply.drip:
            # Recorded before the headers leave: once the client has them (an empty redirect body, say)
            # it may start its next request at once, and that must not look like an overlap.
            seen.end = time.monotonic()
        h.end_headers()
        if reply.drip:
            for i in range(len(body)):
                h.wfile.write(body[i:i + 1])
                h.wfile.flush()
                time.sleep(reply.drip)
        else:
            h.wfile.write(body)
        return reply.status
