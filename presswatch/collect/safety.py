"""Safety: only http(s), and no connection to loopback, private, link-local, multicast or reserved
addresses unless the project allows the host. The check runs at connect time, on the addresses the
collector itself resolved, and the socket is opened to the checked address (so a DNS answer that
changes between check and connect, or a redirect to an internal host, cannot slip through).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import httpcore
import httpx
from httpcore._backends.auto import AutoBackend

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A resolver maps a host name to addresses. The default asks the system (getaddrinfo); the
# benchmark passes its own to map many host names to 127.0.0.1.
Resolver = Callable[[str, int], typing.Awaitable[list[str]]]


class BlockedAddress(httpx.TransportError):
    """The collector refused to connect: the address is internal and the host is not allowed."""


def is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or not ip.is_global)


@dataclass(frozen=True)
class AddressPolicy:
    """Which hosts may resolve to non-public addresses: host names or IP literals as written in URLs
    (that host only), or networks in CIDR form (any host resolving into them)."""

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(default=())

    @classmethod
    def from_list(cls, entries: Iterable[str]) -> AddressPolicy:
        hosts, nets = set(), []
        for entry in entries:
            entry = str(entry).strip().lower()
            if "/" in entry:   # a network such as 10.0.0.0/8; a bare name or IP allows that host only
                nets.append(ipaddress.ip_network(entry, strict=False))
            else:
                hosts.add(entry.strip("[]"))
        return cls(frozenset(hosts), tuple(nets))

    def allows(self, host: str, ip: IPAddress) -> bool:
        if is_public(ip):
            return True
        if host.lower().strip("[]") in self.allowed_hosts:
            return True
        return any(ip in net for net in self.allowed_networks)


async def system_resolver(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class CheckedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that resolves names itself, checks every address, connects to a checked one."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver | None = None) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver
        self._inner = AutoBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
            addresses = [str(literal)]
        except ValueError:
            try:
                addresses = await asyncio.wait_for(self.resolver(host, port), timeout)
            except (OSError, TimeoutError) as exc:
                raise httpcore.ConnectError(f"DNS lookup failed for {host}: {exc}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"DNS lookup for {host} returned no address")
        checked = []
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not self.policy.allows(host, ip):
                raise BlockedAddress(
                    f"{host} resolves to {ip}, a non-public address; refusing to connect. "
                    f"If this host is yours, add it to [collect] allow_private_hosts")
            checked.append(str(ip))
        last: Exception | None = None
        for address in checked:
            try:
                return await self._inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("unix sockets are not used by the collector")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def checked_transport(policy: AddressPolicy, resolver: Resolver | None = None, max_connections: int = 100,
                      ssl_context: ssl.SSLContext | None = None) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes through :class:`CheckedBackend`."""
    ssl_context = ssl_context or httpx.create_ssl_context()
    transport = httpx.AsyncHTTPTransport(verify=ssl_context, trust_env=False,
                                         limits=httpx.Limits(max_connections=max_connections))
    transport._pool = httpcore.AsyncConnectionPool(  # the public constructor has no backend argument
        ssl_context=ssl_context, max_connections=max_connections, max_keepalive_connections=max_connections,
        keepalive_expiry=5.0, network_backend=CheckedBackend(policy, resolver),
    )
    return transport
