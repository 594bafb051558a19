"""Polite, bounded HTTP fetching: robots.txt, per-host limits and delay, retries with backoff,
conditional GET, timeouts, maximum body size, manual redirects (each hop re-checked)."""

from __future__ import annotations

import asyncio
import email.utils
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import httpx

from presswatch import __version__
from presswatch.collect.robots import Robots, robots_from_response
from presswatch.collect.safety import AddressPolicy, BlockedAddress, Resolver, checked_transport
from presswatch.collect.urls import BadURL, host_of, normalise_url, origin_of
from presswatch.config import Config

Accept = Literal["html", "data"]
HTML_TYPES = ("text/html", "application/xhtml+xml")
BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
RequestHook = Callable[[str, str], None]
# Called when a host asks for a pause longer than max_backoff: (host, until as time.time(), reason).
CloseHook = Callable[[str, float, str], None]


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = f"presswatch/{__version__}"
    timeout_connect: float = 10.0
    timeout_read: float = 30.0
    timeout_total: float = 120.0
    max_body_bytes: int = 15_000_000
    max_redirects: int = 5
    per_host_concurrency: int = 1
    per_host_delay: float = 1.0
    max_crawl_delay: float = 60.0
    retries: int = 3
    backoff_base: float = 1.0
    max_backoff: float = 60.0
    respect_robots: bool = True

    @classmethod
    def from_config(cls, config: Config) -> FetchSettings:
        c = config.section("collect")
        agent = str(c.get("user_agent", cls.user_agent)).format(version=__version__, contact=c.get("contact", "unset"))
        return cls(
            user_agent=agent, timeout_connect=float(c.get("timeout_connect", 10)),
            timeout_read=float(c.get("timeout_read", 30)), timeout_total=float(c.get("timeout_total", 120)),
            max_body_bytes=int(c.get("max_body_bytes", 15_000_000)), max_redirects=int(c.get("max_redirects", 5)),
            per_host_concurrency=max(1, int(c.get("per_host_concurrency", 1))),
            per_host_delay=float(c.get("per_host_delay", 1.0)),
            max_crawl_delay=float(c.get("max_crawl_delay", 60.0)), retries=int(c.get("retries", 3)),
            backoff_base=float(c.get("backoff_base", 1.0)), max_backoff=float(c.get("max_backoff", 60.0)),
            respect_robots=bool(c.get("respect_robots", True)),
        )


@dataclass
class FetchResult:
    url: str                       # what was asked for
    final_url: str                 # after redirects
    status: int = 0                # 0: no HTTP answer
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None       # short code: dns, tls, timeout, blocked, robots, too_large, http_404, ...
    message: str = ""
    fetched_at: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        ctype = self.headers.get("content-type", "")
        for part in ctype.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ").lower()
        return None


class _Failed(Exception):
    def __init__(self, code: str, message: str, status: int = 0, retry: bool = False,
                 wait: float | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.status, self.retry, self.wait = code, message, status, retry, wait


@dataclass
class _Host:
    slots: asyncio.Semaphore
    next_at: float = 0.0
    delay: float = 0.0
    closed_until: float = 0.0      # time.time() until which the host asked to be left alone
    closed_reason: str = ""


def retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher:
    """One per collect run: holds the HTTP client, robots rules and per-host state of that run."""

    def __init__(self, settings: FetchSettings, policy: AddressPolicy, *, resolver: Resolver | None = None,
                 on_request: RequestHook | None = None, on_close: CloseHook | None = None) -> None:
        self.settings = settings
        self.policy = policy
        self.resolver = resolver
        self.on_request = on_request
        self.on_close = on_close
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._ssl: ssl.SSLContext | None = None

    async def __aenter__(self) -> Fetcher:
        self._ssl = httpx.create_ssl_context()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def _client_for(self, host: str) -> httpx.AsyncClient:
        """One small connection pool per host: requests to a host are few at a time anyway, and
        httpcore's pool scans every connection per request, which grows with one shared pool."""
        client = self._clients.get(host)
        if client is None:
            s = self.settings
            client = self._clients[host] = httpx.AsyncClient(
                transport=checked_transport(self.policy, self.resolver, max_connections=s.per_host_concurrency + 1,
                                            ssl_context=self._ssl),
                timeout=httpx.Timeout(connect=s.timeout_connect, read=s.timeout_read, write=s.timeout_read,
                                      pool=None),
                follow_redirects=False, headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            )
        return client

    def close_host(self, host: str, until: float, reason: str) -> None:
        """Leave ``host`` alone until ``until`` (``time.time()``), e.g. a pause asked for in an earlier run."""
        state = self._host(host)
        if until > state.closed_until:
            state.closed_until, state.closed_reason = until, reason

    def not_before(self, host: str, when: float) -> None:
        """No request to ``host`` before ``when`` (``time.time()``): the pace an earlier run left."""
        state = self._host(host)
        state.next_at = max(state.next_at, time.monotonic() + (when - time.time()))

    def paces(self) -> dict[str, float]:
        """host -> ``time.time()`` before which the next request must not start (future ones only)."""
        now_mono, now = time.monotonic(), time.time()
        return {name: now + (s.next_at - now_mono) for name, s in self._hosts.items() if s.next_at > now_mono}

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(asyncio.Semaphore(self.settings.per_host_concurrency),
                                              delay=self.settings.per_host_delay)
        return state

    async def robots(self, url: str) -> Robots:
        origin = origin_of(url)
        if origin in self._robots:
            return self._robots[origin]
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                result = await self._fetch_once(origin + "/robots.txt", {}, "data", check_robots=False)
                if result.error in ("http_404", "http_410", "http_401", "http_403") or result.ok:
                    rules = robots_from_response(result.status, result.body)
                elif result.error and not result.status:
                    rules = Robots.refuse_all(result.message, result.error)
                else:
                    rules = robots_from_response(result.status or 500, b"")
                delay = rules.crawl_delay()
                if delay is not None:
                    host = self._host(host_of(url))
                    host.delay = max(host.delay, min(delay, self.settings.max_crawl_delay))
                    host.next_at = max(host.next_at, time.monotonic() + host.delay)
                self._robots[origin] = rules
        return self._robots[origin]

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    accept: Accept = "data") -> FetchResult:
        """GET ``url`` politely; never raises for network or HTTP trouble (see ``error``)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._fetch_once(url, headers, accept, check_robots=self.settings.respect_robots)

    async def _fetch_once(self, url: str, headers: dict[str, str], accept: Accept, *,
                          check_robots: bool) -> FetchResult:
        result = FetchResult(url=url, final_url=url)
        seen = {url}
        current = url
        try:
            try:   # checked before any DNS lookup or connection: a malformed URL never leaves the process
                normalise_url(url)
            except BadURL as exc:
                raise _Failed("bad_url", str(exc)) from exc
            for _hop in range(self.settings.max_redirects + 1):
                if check_robots:
                    rules = await self.robots(current)
                    if not rules.allowed(current):
                        raise _Failed(rules.error_code, rules.reason or f"robots.txt disallows {current}")
                status, resp_headers, body = await self._with_retries(current, headers, accept)
                result.final_url, result.status, result.headers = current, status, resp_headers
                if status in (301, 302, 303, 307, 308):
                    location = resp_headers.get("location")
                    if not location:
                        raise _Failed("bad_redirect", f"{status} without a Location header", status)
                    try:
                        target = normalise_url(location, base=current)
                    except BadURL as exc:
                        raise _Failed("bad_redirect", f"redirect to {location!r} refused: {exc}", status) from exc
                    if target in seen:
                        raise _Failed("redirect_loop", f"redirect loop at {target}", status)
                    seen.add(target)
                    current = target
                    continue
                result.body = body
                if status == 304 or 200 <= status < 300:
                    return result
                raise _Failed(f"http_{status}", f"HTTP {status} from {current}", status)
            raise _Failed("too_many_redirects", f"more than {self.settings.max_redirects} redirects from {url}")
        except _Failed as exc:
            result.error, result.message = exc.code, exc.message
            result.status = exc.status or result.status
            return result
        finally:
            result.fetched_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    async def _with_retries(self, url: str, headers: dict[str, str], accept: Accept,
                            ) -> tuple[int, dict[str, str], bytes]:
        host = self._host(host_of(url))
        attempt = 0
        while True:
            try:
                return await self._one_request(host, url, headers, accept)
            except _Failed as exc:
                if not exc.retry or attempt >= self.settings.retries:
                    raise
                if exc.wait is not None and exc.wait > self.settings.max_backoff:
                    # The host wants a pause longer than we wait within a run: leave it alone until the
                    # next run instead of asking early (its URLs stay queued).
                    name = host_of(url)
                    self.close_host(name, time.time() + exc.wait,
                                    f"{exc.message}; Retry-After {exc.wait:g} s, left for a later run")
                    if self.on_close:
                        self.on_close(name, host.closed_until, host.closed_reason)
                    raise _Failed(exc.code, host.closed_reason, exc.status) from exc
                wait = exc.wait if exc.wait is not None else self.settings.backoff_base * (2 ** attempt)
                wait = min(wait, self.settings.max_backoff)
                host.next_at = max(host.next_at, time.monotonic() + wait)
                attempt += 1

    async def _one_request(self, host: _Host, url: str, headers: dict[str, str], accept: Accept,
                           ) -> tuple[int, dict[str, str], bytes]:
        assert self._ssl is not None, "use the Fetcher as an async context manager"
        if host.closed_until > time.time():
            raise _Failed("deferred", host.closed_reason)
        async with host.slots:
            if host.closed_until > time.time():   # closed while this request waited for its turn
                raise _Failed("deferred", host.closed_reason)
            pause = host.next_at - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
                if host.closed_until > time.time():
                    raise _Failed("deferred", host.closed_reason)
            if self.on_request:
                self.on_request(host_of(url), url)
            try:
                return await asyncio.wait_for(self._download(url, headers, accept), self.settings.timeout_total)
            except TimeoutError as exc:
                raise _Failed("timeout", f"{url} took longer than {self.settings.timeout_total:g} s") from exc
            except BlockedAddress as exc:
                raise _Failed("blocked", str(exc)) from exc
            except httpx.TimeoutException as exc:
                raise _Failed("timeout", f"timed out fetching {url} ({type(exc).__name__})", retry=True) from exc
            except httpx.ConnectError as exc:
                text = str(exc)
                if "DNS lookup" in text or "Name or service not known" in text:
                    raise _Failed("dns", text) from exc
                if isinstance(exc.__cause__, ssl.SSLError) or "SSL" in text or "certificate" in text:
                    raise _Failed("tls", f"TLS failed for {url}: {text}") from exc
                raise _Failed("connect", f"could not connect to {url}: {text}", retry=True) from exc
            except httpx.DecodingError as exc:
                raise _Failed("decoding", f"broken compressed body from {url}: {exc}") from exc
            except httpx.HTTPError as exc:
                raise _Failed("protocol", f"{type(exc).__name__} from {url}: {exc}", retry=True) from exc
            except (httpx.InvalidURL, httpx.CookieConflict, UnicodeError, ValueError) as exc:
                raise _Failed("bad_url", f"{url[:200]} cannot be requested: {exc}") from exc
            finally:
                host.next_at = max(host.next_at, time.monotonic() + host.delay)

    async def _download(self, url: str, headers: dict[str, str], accept: Accept,
                        ) -> tuple[int, dict[str, str], bytes]:
        limit = self.settings.max_body_bytes
        async with self._client_for(host_of(url)).stream("GET", url, headers=headers) as resp:
            status = resp.status_code
            resp_headers = {k.lower(): v for k, v in resp.headers.items()}
            if status in RETRY_STATUS:
                raise _Failed(f"http_{status}", f"HTTP {status} from {url}", status, retry=True,
                              wait=retry_after_seconds(resp_headers.get("retry-after")))
            if not 200 <= status < 300:
                return status, resp_headers, b""
            ctype = resp_headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and (ctype.startswith(BINARY_TYPES) or (accept == "html" and ctype not in HTML_TYPES)):
                raise _Failed("bad_type", f"{url} is {ctype}, not {'HTML' if accept == 'html' else 'a document'}",
                              status)
            declared = resp_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _Failed("too_large", f"{url} declares {declared} bytes (limit {limit})", status)
            chunks, size = [], 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _Failed("too_large", f"{url} is larger than {limit} bytes", status)
                chunks.append(chunk)
            return status, resp_headers, b"".join(chunks)
