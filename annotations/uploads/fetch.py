"""A text fetched from an http(s) address, for a reader adding it to a library.

The server fetches what a user names, so it must not become their way into the
machine's own network: every address the host resolves to must be a public one
(not private, loopback, link-local, multicast or reserved), the connection goes to the
address that was checked (so a second DNS answer cannot swap it), and each redirect
(followed by hand, at most five) is checked the same way. Size, time and content type
are limited too. Raises FetchError with a message for the reader.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/epub+zip": ".epub",
}
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


class FetchError(ValueError):
    """The address could not be fetched, or not safely: the message says why."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    filename: str  # from the address, with the extension its content type implies
    url: str  # where the text was found, after redirects


def fetch_url(url: str) -> Fetched:
    """GET ``url`` within the limits in settings (MARGINALIA_UPLOAD_MAX_BYTES,
    MARGINALIA_FETCH_TIMEOUT), following up to five checked redirects."""
    deadline = time.monotonic() + settings.MARGINALIA_FETCH_TIMEOUT
    for _ in range(MAX_REDIRECTS + 1):
        location = _get(url, deadline)
        if isinstance(location, Fetched):
            return location
        url = location
    raise FetchError(f"the address redirects more than {MAX_REDIRECTS} times")


def _get(url: str, deadline: float) -> Fetched | str:
    """The text at ``url``, or the address it redirects to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("only http:// and https:// addresses can be fetched")
    host = parts.hostname
    if not host:
        raise FetchError("the address has no host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("the address has an invalid port") from None
    address = checked_address(host, port)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(host, port, timeout=_remaining(deadline))

    # Connect to the address checked above, not to a fresh lookup of the host name
    # (which an attacker's DNS could answer differently); TLS still checks the name.
    def connect_checked(_address, timeout, source_address=None):
        return socket.create_connection((address, port), timeout, source_address)

    connection._create_connection = connect_checked
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.request(
            "GET",
            target,
            headers={"User-Agent": "Marginalia", "Accept": ", ".join(CONTENT_TYPES)},
        )
        response = connection.getresponse()
        if response.status in _REDIRECTS:
            location = response.getheader("Location")
            if not location:
                raise FetchError(f"the address answered {response.status} with no Location")
            return urljoin(url, location)
        if response.status != 200:
            raise FetchError(f"the address answered {response.status} {response.reason}")
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in CONTENT_TYPES:
            raise FetchError(
                f"the address serves {content_type or 'no content type'}, not text, Markdown, "
                "HTML, PDF or EPUB"
            )
        data = _read(response, connection, deadline)
    except TimeoutError:
        raise FetchError(_too_slow()) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"the address could not be fetched ({error.__class__.__name__})") from None
    finally:
        connection.close()
    return Fetched(data=data, filename=_filename(parts.path, content_type), url=url)


def checked_address(host: str, port: int) -> str:
    """The first address ``host`` resolves to, if every one of them is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"the host {host!r} was not found") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"the host {host!r} was not found")
    for address in addresses:
        if not _is_allowed(ipaddress.ip_address(address.split("%")[0])):
            raise FetchError(
                f"the host {host!r} is on a private, local or reserved network "
                f"({address}); only public addresses can be fetched"
            )
    return addresses[0]


def _is_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback and settings.MARGINALIA_FETCH_ALLOW_LOOPBACK:
        return True
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _read(
    response: http.client.HTTPResponse, connection: http.client.HTTPConnection, deadline: float
) -> bytes:
    limit = settings.MARGINALIA_UPLOAD_MAX_BYTES
    declared = response.getheader("Content-Length") or ""
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(_too_large())
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(_too_slow())
        if connection.sock is not None:
            # Each wait for data ends with the whole fetch's time, not a fresh allowance.
            connection.sock.settimeout(_remaining(deadline))
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError(_too_large())
        chunks.append(chunk)


def _remaining(deadline: float) -> float:
    return max(0.1, deadline - time.monotonic())


def _filename(path: str, content_type: str) -> str:
    name = PurePosixPath(unquote(path)).name or "page"
    suffix = CONTENT_TYPES[content_type]
    return name if PurePosixPath(name).suffix.lower() == suffix else f"{name}{suffix}"


def _too_large() -> str:
    return f"the text at the address is larger than {size_limit()}"


def _too_slow() -> str:
    return f"the address took longer than {settings.MARGINALIA_FETCH_TIMEOUT} s to answer"


def size_limit() -> str:
    """The largest text accepted, for messages: "20 MB"."""
    limit = settings.MARGINALIA_UPLOAD_MAX_BYTES
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"
