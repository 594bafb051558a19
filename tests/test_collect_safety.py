"""Safety: only http(s); no requests to loopback/private/link-local/multicast addresses unless allowed,
also after redirects and whatever DNS answers."""

from __future__ import annotations

import asyncio
import ipaddress
from pathlib import Path

import pytest
from collect_fixtures import sites
from collect_fixtures.server import FixtureServer
from collect_fixtures.sites import article, make_project, rss2

from presswatch.api import add_source, collect
from presswatch.collect.fetcher import Fetcher, FetchResult, FetchSettings
from presswatch.collect.safety import AddressPolicy, is_public
from presswatch.collect.sources import SourceError

server = sites.server  # pytest fixtures
live = sites.live


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("224.0.0.251", False), ("0.0.0.0", False), ("100.64.0.1", False),
    ("::1", False), ("fe80::1", False), ("fc00::1", False), ("::ffff:10.0.0.1", False), ("ff02::1", False),
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
])
def test_address_classes(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def fetch_with(policy: AddressPolicy, url: str, resolver=None) -> FetchResult:  # type: ignore[no-untyped-def]
    settings = FetchSettings(per_host_delay=0, retries=0, timeout_total=3, respect_robots=False)

    async def run() -> FetchResult:
        async with Fetcher(settings, policy, resolver=resolver) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(run())


def test_loopback_refused_by_default(server: FixtureServer) -> None:
    server.add("/x", article("x"))
    result = fetch_with(AddressPolicy.from_list([]), server.url("/x"))
    assert result.error == "blocked" and "allow_private_hosts" in result.message
    assert server.requests == []


def test_allowed_host_only_that_host(server: FixtureServer) -> None:
    server.add("/x", article("x"))
    server.add("/jump", status=302, headers={"Location": server.url("/x", host="localhost")})
    policy = AddressPolicy.from_list(["127.0.0.1"])
    assert fetch_with(policy, server.url("/x")).ok
    # a redirect to another name for the same internal address is checked again and refused
    jumped = fetch_with(policy, server.url("/jump"))
    assert jumped.error == "blocked" and len(server.seen("/x")) == 1


def test_dns_answer_is_checked(server: FixtureServer) -> None:
    """A public-looking name whose DNS answer is internal is refused (no connection made)."""
    server.add("/x", article("x"))

    async def evil_dns(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    result = fetch_with(AddressPolicy.from_list([]), f"http://news.example.com:{server.port}/x", evil_dns)
    assert result.error == "blocked" and server.requests == []
    # the same answer for a host the project allows goes through, to the checked address
    ok = fetch_with(AddressPolicy.from_list(["news.example.com"]), f"http://news.example.com:{server.port}/x",
                    evil_dns)
    assert ok.ok and server.requests[0].host == f"news.example.com:{server.port}"


def test_network_ranges_can_be_allowed(server: FixtureServer) -> None:
    server.add("/x", article("x"))
    assert fetch_with(AddressPolicy.from_list(["127.0.0.0/8"]), server.url("/x", host="localhost")).ok


def test_only_http_and_https(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    for url in ("file:///etc/passwd", "ftp://example.org/feed", "gopher://x/", "javascript:alert(1)"):
        with pytest.raises(SourceError, match="http"):
            add_source(project, url, kind="feed")


def test_feed_pointing_inside_is_not_followed(server: FixtureServer, tmp_path: Path) -> None:
    """A malicious feed listing internal URLs: the collector refuses them and says why."""
    project = make_project(tmp_path / "p")
    server.add("/feed.xml", rss2([{"title": "x", "link": "http://169.254.169.254/latest/meta-data/", "guid": "1"},
                                  {"title": "y", "link": server.url("/y", host="localhost"), "guid": "2"}]),
               ctype="application/rss+xml")
    server.add("/y", article("y"))
    add_source(project, server.url("/feed.xml"), kind="feed", name="evil")
    report = collect(project)
    assert report.counts["failed:blocked"] == 2 and report.counts.get("new_page", 0) == 0
    assert not server.seen("/y")


def test_untrusted_certificate_is_a_tls_failure(tmp_path: Path) -> None:
    """A real TLS server with a self-signed certificate: refused as `tls`, and the source backs off."""
    import shutil
    import ssl
    import subprocess

    from collect_fixtures.server import FixtureServer as Server

    from presswatch.api import list_sources

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls_server = Server(tls=context).start()
    try:
        tls_server.add("/feed.xml", rss2([]), ctype="application/rss+xml")
        result = fetch_with(AddressPolicy.from_list(["127.0.0.1"]), tls_server.url("/feed.xml"))
        assert result.error == "tls" and "certificate" in result.message.lower()
        project = make_project(tmp_path / "p")
        add_source(project, tls_server.url("/feed.xml"), kind="feed", name="tls")
        collect(project)
        src = list_sources(project)[0]
        assert src.status == "backoff" and (src.last_error or "").startswith("tls")
        assert tls_server.requests == []                  # no request got through the handshake
    finally:
        tls_server.stop()
