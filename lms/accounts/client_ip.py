"""The client's address, the one answer every rate limit and the login lock-out use.

``X-Forwarded-For`` is believed only when the request comes from an address in
``settings.TRUSTED_PROXIES`` (addresses or networks such as ``10.0.0.0/8``); then the
right-most hop that is not itself a trusted proxy is the client. Otherwise ``REMOTE_ADDR``
counts, so a visitor cannot pick their own address and one load balancer does not make every
visitor look alike.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The client address of ``request`` as text (``REMOTE_ADDR`` unless it is a trusted
    proxy that forwarded a valid address). Used by django-axes (``AXES_CLIENT_IP_CALLABLE``)
    and django-ratelimit (``RATELIMIT_IP_META_KEY``)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(_address(remote), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a garbled header: trust only what we saw ourselves
        if not _trusted(address, networks):
            return str(address)
    return remote
