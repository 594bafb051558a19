"""URL normalisation: one article reached by several URLs gets one identity."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only track the visitor; they never change the article.
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_", "_hs")
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
    "twclid", "ttclid", "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ocid", "spm", "share", "s_cid",
    "__twitter_impression", "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid", "wt_mc", "at_medium",
    "at_campaign",
})
SAFE_PATH = "/%:@!$&'()*+,;=-._~"
SAFE_QUERY = SAFE_PATH + "?"


class BadURL(ValueError):
    """A URL that cannot be collected (not http/https, no host)."""


def is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def normalise_url(url: str, base: str | None = None) -> str:
    """Canonical form: lower-case scheme and host, no default port, no fragment, no tracking
    parameters, remaining parameters sorted, percent-encoding made consistent, empty path -> "/".

    Raises :class:`BadURL` for anything but absolute http(s) URLs.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"{url!r}: only http and https URLs can be collected")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadURL(f"{url!r}: no host name")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = host.lower()
    try:
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"{url!r}: bad port") from exc
    netloc = f"[{host}]" if ":" in host else host
    if port and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = quote(unquote(parts.path), safe=SAFE_PATH) or "/"
    query_pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    query_pairs.sort()
    query = urlencode(query_pairs, safe=SAFE_QUERY, quote_via=quote)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The politeness key of a URL: its lower-case host name (ports share the host's limit)."""
    return (urlsplit(url).hostname or "").lower()


def site_of(host: str) -> str:
    """A host without a leading ``www.``, for same-site checks of canonical links."""
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    return site_of(host_of(a)) == site_of(host_of(b))


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))
