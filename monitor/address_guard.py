"""Keeps article fetches out of private networks.

Article links come from whoever wrote a feed, and so do the redirects their pages answer
with: a link to a cloud metadata address or an intranet name must not make the monitor
request it. The check is made on the addresses a name resolves to, at the moment the
connection is opened, by a network backend that connects only to an address it has
checked (the URL's name is still what TLS and the Host header see). Hosts the operator
chose (the host of the source that listed the item) are exempt.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
from collections.abc import Iterable

import httpcore

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_RFC1918 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
# NAT64 addresses carry an IPv4 address in their last 32 bits, reached through a gateway.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(address: str | IPAddress) -> str | None:
    """Why a connection to `address` is refused (`loopback`, `private`, ...), or None for
    a public address. A pure function: it looks at the address, never at the network."""
    ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    inner = _embedded_ipv4(ip)
    if inner is not None:
        problem = address_problem(inner)
        # A mapped address is its IPv4 address; 6to4 and NAT64 ones are refused for a
        # refused IPv4 inside, and otherwise judged as IPv6 too.
        if problem or inner == getattr(ip, "ipv4_mapped", None):
            return problem
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if any(ip in net for net in _RFC1918) or ip in _UNIQUE_LOCAL:
        return "private"
    if not ip.is_global:
        return "not globally routable"
    return None


class Refused(Exception):
    """A connection the guard would not open: the host resolves only to refused addresses."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        self.host, self.address, self.reason = host, address, reason
        where = address if address == host else f"{host} resolves to {address}"
        super().__init__(f"refused: {where}, a {reason} address")


class Unresolvable(Exception):
    """The host name has no address (the resolver said so, or has none for it)."""

    def __init__(self, host: str) -> None:
        self.host = host
        super().__init__(f"cannot resolve {host}")


class RefusalLog:
    """Says once per host why its fetches are refused, however many items link there."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def note(self, exc: Refused) -> None:
        with self._lock:
            if exc.host in self._seen:
                return
            self._seen.add(exc.host)
        log.warning(
            "article fetch refused host=%s address=%s reason=%s "
            "(set [fetch] allow_private_articles = true to allow)",
            exc.host,
            exc.address,
            exc.reason,
        )


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves each name itself, refuses what `address_problem` refuses, and connects to
    an address it checked, so a name cannot resolve one way for the check and another
    way for the connection."""

    def __init__(self, exempt: Iterable[str], refusals: RefusalLog) -> None:
        self.exempt = frozenset(h.lower().strip("[]") for h in exempt)
        self.refusals = refusals
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        name = host.lower().strip("[]")
        if name in self.exempt:
            return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        addresses = await _resolve(name, port, timeout)
        allowed: list[str] = []
        refused: Refused | None = None
        for address in addresses:
            problem = address_problem(address)
            if problem is None:
                allowed.append(address)
            elif refused is None:
                refused = Refused(name, address, problem)
        if not allowed:
            assert refused is not None
            self.refusals.note(refused)
            raise refused
        last: Exception | None = None
        for address in allowed:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                last = exc  # the next checked address may answer, as a resolver's list allows
        assert last is not None
        raise last

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return [host]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"resolving {host} took too long") from None
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolvable(host) from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise Unresolvable(host)
    return addresses
