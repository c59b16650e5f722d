"""Who is asking: the client's address behind a configured number of trusted reverse proxies.

One helper for everything that counts per client — the sign-in lockout (django-axes, through
`AXES_CLIENT_IP_CALLABLE`), the rate limits of anonymous submissions and tracking-code lookups
(core.ratelimit). Behind nginx every request comes from the proxy's own address (REMOTE_ADDR); the
client is in X-Forwarded-For, which each proxy extends on the right with the address it was
connected from (RFC 7239 §5.2 describes the same chain for the standard `Forwarded` header).

`DANCHU_TRUSTED_PROXIES` says how many proxies stand in front of the application:

- 0 (the default, `make demo`): nobody is trusted, X-Forwarded-For is ignored and REMOTE_ADDR is the
  client — a client that sends the header itself cannot pick its own address;
- n > 0: the n-th address from the right of X-Forwarded-For is the client (what the outermost trusted
  proxy saw); the entries to its left were written by the client and are never read. A chain shorter
  than n (a request that reached an inner proxy directly) gives its leftmost entry.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _parse(value: str) -> str | None:
    """An address as written by a proxy ("203.0.113.7", "2001:db8::1", "[2001:db8::1]:443",
    "203.0.113.7:5123"), normalised; None if it is not one."""
    value = value.strip().strip('"')
    if value.startswith("["):  # [v6]:port
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # v4:port
        value = value.partition(":")[0]
    try:
        addr = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return str(addr)


def trusted_proxies() -> int:
    return max(0, int(getattr(settings, "DANCHU_TRUSTED_PROXIES", 0) or 0))


def client_address(request) -> str:
    """The client's IP address ("" when the request carries none, e.g. a request built in code)."""
    meta = getattr(request, "META", {}) or {}
    remote = _parse(meta.get("REMOTE_ADDR", "") or "") or ""
    hops = trusted_proxies()
    if hops == 0:
        return remote
    chain = [part for part in (meta.get("HTTP_X_FORWARDED_FOR", "") or "").split(",") if part.strip()]
    if not chain:
        return remote
    candidate = chain[max(0, len(chain) - hops)]
    # A value our own proxy wrote that is not an address means a misconfigured proxy: count the
    # request as the proxy's rather than trust free text.
    return _parse(candidate) or remote


def client_network(address: str) -> str:
    """The unit a limit counts: the address itself for IPv4, its /64 for IPv6 (one subscriber's
    network, inside which a client may change address at will)."""
    try:
        addr = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(addr, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same address for the sign-in lockout (None when unknown)."""
    return client_address(request) or None
