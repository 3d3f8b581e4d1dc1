"""Safe fetching: private addresses refused (also after a redirect), sizes and types checked."""

import time

import pytest

from essaim.watch.fetching import FetchError, address_is_public, fetch
from tests.watch import documents as docs
from tests.watch.conftest import Route

UA = "Essaim-veille/1.0 (+http://test)"


def _fetch(url, **kwargs):
    kwargs.setdefault("allowed_hosts", ["127.0.0.1"])
    return fetch(url, user_agent=UA, **kwargs)


def test_a_page_is_fetched_with_our_user_agent(site):
    site.routes["/lettre"] = Route(body=docs.newsletter_html(), etag='"v1"')
    result = _fetch(site.url("/lettre"))
    assert result.status == 200 and result.content == docs.newsletter_html()
    assert result.etag == '"v1"'
    assert site.requests[0][1]["User-Agent"] == UA


def test_an_unchanged_page_answers_304_to_a_conditional_get(site):
    site.routes["/lettre"] = Route(body=docs.newsletter_html(), etag='"v1"')
    result = _fetch(site.url("/lettre"), etag='"v1"')
    assert result.not_modified and result.content == b""


def test_the_local_server_is_refused_when_not_allowed(site):
    with pytest.raises(FetchError, match="adresse privée ou réservée"):
        _fetch(site.url("/lettre"), allowed_hosts=[])


def test_a_redirect_to_a_private_address_is_refused(site):
    site.routes["/redirige"] = Route(
        status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with pytest.raises(FetchError, match=r"169\.254\.169\.254"):
        _fetch(site.url("/redirige"))


def test_redirects_are_followed_but_not_forever(site):
    site.routes["/a"] = Route(status=301, headers={"Location": "/b"})
    site.routes["/b"] = Route(body=b"<html><body><p>Arrivee</p></body></html>")
    assert _fetch(site.url("/a")).url == site.url("/b")
    site.routes["/boucle"] = Route(status=302, headers={"Location": "/boucle"})
    with pytest.raises(FetchError, match="Trop de redirections"):
        _fetch(site.url("/boucle"))


def test_only_http_and_https_are_fetched():
    with pytest.raises(FetchError, match="http et https"):
        _fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="http et https"):
        _fetch("ftp://example.org/x")


def test_a_50_mb_file_announced_as_such_is_refused_without_reading_it(site):
    site.routes["/gros.pdf"] = Route(
        content_type="application/pdf", headers={"Content-Length": str(50 * 1024 * 1024)}
    )
    with pytest.raises(FetchError, match="taille maximale de 20 Mo"):
        _fetch(site.url("/gros.pdf"))


def test_a_50_mb_stream_is_cut_at_the_size_limit(site):
    def fifty_megabytes():
        for _ in range(50 * 16):
            yield b"a" * 65536

    site.routes["/flux-sans-fin"] = Route(content_type="text/plain", stream=fifty_megabytes)
    started = time.monotonic()
    with pytest.raises(FetchError, match="taille maximale"):
        _fetch(site.url("/flux-sans-fin"))
    assert time.monotonic() - started < 30


def test_a_content_type_that_does_not_fit_the_source_is_refused(site):
    site.routes["/flux"] = Route(body=b"<html></html>", content_type="text/html")
    with pytest.raises(FetchError, match="ne correspond pas à ce type de source"):
        _fetch(site.url("/flux"), accepted_types=["application/rss+xml"])


def test_server_errors_are_told_in_french(site):
    with pytest.raises(FetchError, match="erreur 404"):
        _fetch(site.url("/absent"))


def test_hosts_resolving_to_private_addresses_are_refused_whatever_their_name():
    with pytest.raises(FetchError, match=r"10\.1\.2\.3"):
        fetch("http://intranet.example.org/", user_agent=UA, resolve=lambda host, port: ["10.1.2.3"])


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "192.168.1.1",
        "169.254.1.1",
        "::1",
        "fe80::1",
        "224.0.0.1",
        "0.0.0.0",  # noqa: S104 -- an address checked, not bound
        "::ffff:127.0.0.1",
    ],
)
def test_non_public_addresses(address):
    assert not address_is_public(address)


def test_public_addresses():
    assert address_is_public("93.184.216.34")


def test_the_connection_goes_to_the_address_that_was_checked(site):
    """No DNS rebinding: the name is resolved once, checked, and that very address is connected to."""
    site.routes["/page"] = Route(body=b"<html><body><p>Bonjour</p></body></html>")
    port = site.server.server_address[1]
    resolved = []

    def resolve(host, port):
        resolved.append(host)
        return ["127.0.0.1"]

    result = fetch(
        f"http://veille.example.test:{port}/page",
        user_agent=UA,
        allowed_hosts=["veille.example.test"],
        resolve=resolve,
    )
    assert result.status == 200 and resolved == ["veille.example.test"]
    assert site.requests[-1][1]["Host"] == f"veille.example.test:{port}"
