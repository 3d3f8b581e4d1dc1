"""Safe fetching of a source's URL: no surprise for the server it runs on.

http/https only; the host is resolved here and every address checked (private, loopback,
link-local, reserved, multicast and unspecified addresses refused unless the host is allowed); the
connection goes to the checked address (no DNS rebinding between the check and the connection),
with the host name kept for TLS verification and the Host header; redirects are followed here, at
most five, each hop checked again; timeouts; the body is streamed and cut at a size limit;
content types checked; conditional GET. Pure: no Django (the caller passes the settings).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

from essaim.core.file_types import size_text

MAX_BYTES = 20 * 1000 * 1000
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
TOTAL_TIMEOUT = 60.0
CHUNK = 64 * 1024

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """A fetch refused or failed, with the French message shown on the source's page."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"Le nom de domaine « {host} » est introuvable.") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.sixtofour is not None)
    )


def _check(url: str, allowed_hosts: Iterable[str], resolve: Resolver) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) of an URL we may fetch, else FetchError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(f"Adresse invalide : « {url} ».") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"Seules les adresses http et https sont acceptées (« {url} »).")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise FetchError(f"Adresse sans nom de domaine : « {url} ».")
    if parts.username or parts.password:
        raise FetchError("Les adresses contenant un identifiant ou un mot de passe sont refusées.")
    port = port or (443 if scheme == "https" else 80)
    addresses = resolve(host, port)
    if not addresses:
        raise FetchError(f"Le nom de domaine « {host} » est introuvable.")
    allowed = host in {h.lower() for h in allowed_hosts}
    if not allowed:
        refused = [address for address in addresses if not address_is_public(address)]
        if refused:
            raise FetchError(
                f"Adresse refusée : « {host} » désigne une adresse privée ou réservée ({refused[0]}). "
                "Un administrateur peut autoriser cet hôte."
            )
    return scheme, host, port, addresses[0]


def _pool(scheme: str, host: str, port: int, address: str, timeout: urllib3.Timeout):
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)


def _type_allowed(content_type: str, accepted: Iterable[str] | None) -> bool:
    if accepted is None:
        return True
    base = content_type.split(";", maxsplit=1)[0].strip().lower()
    return any(base == kind or (kind.endswith("/") and base.startswith(kind)) for kind in accepted)


@dataclass(frozen=True)
class _Request:
    user_agent: str
    accepted: list[str] | None
    max_bytes: int
    deadline: float


def _open(current: str, conditional: dict[str, str], request: _Request, checked: tuple[str, str, int, str]):
    """(pool, response) of one GET to the checked address, the body not read yet."""
    scheme, host, port, address = checked
    remaining = request.deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError("Le serveur a mis trop de temps à répondre.")
    limits = urllib3.Timeout(connect=min(CONNECT_TIMEOUT, remaining), read=min(READ_TIMEOUT, remaining))
    parts = urlsplit(current)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default_port = 443 if scheme == "https" else 80
    headers = {
        "Host": host if port == default_port else f"{host}:{port}",
        "User-Agent": request.user_agent,
        "Accept": ", ".join(request.accepted) if request.accepted else "*/*",
        "Accept-Encoding": "gzip, deflate",
        **conditional,
    }
    pool = _pool(scheme, host, port, address, limits)
    try:
        response = pool.urlopen(
            "GET",
            target,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.SSLError:
        raise FetchError(f"Le certificat de sécurité de « {host} » n'est pas valide.") from None
    except (urllib3.exceptions.TimeoutError, TimeoutError):
        raise FetchError(f"Le serveur « {host} » a mis trop de temps à répondre.") from None
    except (urllib3.exceptions.HTTPError, OSError):
        raise FetchError(f"Le serveur « {host} » est injoignable.") from None
    return pool, response


def _answer(response, current: str, request: _Request) -> FetchResult | str:
    """The result of a final answer, or the next URL of a redirect."""
    if response.status in {301, 302, 303, 307, 308}:
        location = response.headers.get("Location", "")
        if not location:
            raise FetchError("Le serveur a répondu par une redirection sans destination.")
        return urljoin(current, location.strip())
    if response.status == 304:
        return FetchResult(url=current, status=304, content=b"", content_type="")
    if response.status >= 400:
        raise FetchError(f"Le serveur a répondu par une erreur {response.status} pour « {current} ».")
    if response.status != 200:
        raise FetchError(f"Réponse inattendue du serveur ({response.status}) pour « {current} ».")
    content_type = response.headers.get("Content-Type", "")
    if not _type_allowed(content_type, request.accepted):
        raise FetchError(
            f"Le serveur a envoyé un contenu de type « {content_type.split(';')[0] or 'inconnu'} », "
            "qui ne correspond pas à ce type de source."
        )
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > request.max_bytes:
        raise FetchError(_too_big(request.max_bytes))
    return FetchResult(
        url=current,
        status=200,
        content=_read(response, request.max_bytes, request.deadline),
        content_type=content_type,
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
    )


def fetch(
    url: str,
    *,
    user_agent: str,
    allowed_hosts: Iterable[str] = (),
    accepted_types: Iterable[str] | None = None,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    timeout: float = TOTAL_TIMEOUT,
    resolve: Resolver = _resolve,
) -> FetchResult:
    """GET `url` safely (see the module's docstring). A 304 answer comes back with no content."""
    allowed = list(allowed_hosts)
    request = _Request(
        user_agent=user_agent,
        accepted=list(accepted_types) if accepted_types is not None else None,
        max_bytes=max_bytes,
        deadline=time.monotonic() + timeout,
    )
    conditional = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    current = url
    for _hop in range(max_redirects + 1):
        checked = _check(current, allowed, resolve)  # every hop: a redirect may point anywhere
        pool, response = _open(current, conditional if current == url else {}, request, checked)
        try:
            outcome = _answer(response, current, request)
        finally:
            response.release_conn()
            response.close()
            pool.close()
        if isinstance(outcome, FetchResult):
            return outcome
        current = outcome
    raise FetchError(f"Trop de redirections (plus de {max_redirects}) depuis « {url} ».")


def _too_big(max_bytes: int) -> str:
    return f"Le document dépasse la taille maximale de {size_text(max_bytes)} : il n'a pas été lu."


def _read(response, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(_too_big(max_bytes))
            if time.monotonic() > deadline:
                raise FetchError("Le serveur a mis trop de temps à envoyer le document.")
            chunks.append(chunk)
    except (urllib3.exceptions.TimeoutError, TimeoutError):
        raise FetchError("Le serveur a mis trop de temps à envoyer le document.") from None
    except urllib3.exceptions.HTTPError:
        raise FetchError("La connexion a été interrompue pendant le téléchargement.") from None
    return b"".join(chunks)
