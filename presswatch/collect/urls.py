"""URL normalisation: one article reached by several URLs gets one identity."""

from __future__ import annotations

import ipaddress
import re
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
# Longer URLs are refused: servers answer 414 past about 8 KB, and a 100,000-character link in a feed
# is junk (httpx refuses it only when the request is built, which used to stop the whole run).
MAX_URL_CHARS = 8192
EMPTY_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/{3}")
# A host that ends in a numeric (or hex) label is an IPv4 address or nothing: no top-level domain is
# numeric, and 0177.0.0.1 / 127.000.000.002 / 0x7f.1 / 2130706433 mean different hosts to different
# resolvers.
NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
HOST_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
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
    if len(url) > MAX_URL_CHARS:
        raise BadURL(f"{url[:80]!r}...: longer than {MAX_URL_CHARS:,} characters")
    if EMPTY_AUTHORITY.match(url):
        raise BadURL(f"{url[:200]!r}: no host name (three slashes after the scheme)")
    if base:
        try:
            url = urljoin(base, url)
        except ValueError as exc:      # e.g. an unclosed IPv6 bracket
            raise BadURL(f"{url[:200]!r}: {exc}") from exc
        if len(url) > MAX_URL_CHARS:
            raise BadURL(f"{url[:80]!r}...: longer than {MAX_URL_CHARS:,} characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:          # e.g. an unclosed IPv6 bracket
        raise BadURL(f"{url[:200]!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"{url[:200]!r}: only http and https URLs can be collected")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadURL(f"{url[:200]!r}: no host name")
    host = check_host(host, url)
    try:
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"{url[:200]!r}: bad port") from exc
    netloc = f"[{host}]" if ":" in host else host
    if port and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    try:
        path = quote(unquote(parts.path), safe=SAFE_PATH) or "/"
        url.encode("utf-8")
    except UnicodeEncodeError as exc:    # a lone surrogate: not text
        raise BadURL(f"{url[:200]!r}: not valid text ({exc.reason})") from exc
    query_pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    query_pairs.sort()
    query = urlencode(query_pairs, safe=SAFE_QUERY, quote_via=quote)
    return urlunsplit((scheme, netloc, path, query, ""))


def normalise_or_reject(link: str, base: str | None, rejected: list[str] | None) -> str | None:
    """``normalise_url(link, base)``, or None with the reason appended to ``rejected`` (when given):
    the one way a listing (feed, sitemap, WordPress API) turns a link it found into a URL or a
    recorded rejection."""
    try:
        return normalise_url(link, base=base)
    except BadURL as exc:
        if rejected is not None:
            rejected.append(str(exc))
        return None


def check_host(host: str, url: str) -> str:
    """The host in normal form (IDNA, lower case), or :class:`BadURL` for a host no resolver should see:
    a malformed IP literal, a numeric-looking name that is not a dotted-quad IPv4 address, spaces or
    punctuation in a name, over-long labels."""
    if ":" in host:
        try:
            return str(ipaddress.IPv6Address(host.split("%")[0]))
        except ValueError as exc:
            raise BadURL(f"{url[:200]!r}: {host!r} is not an IPv6 address") from exc
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = host.lower()
    labels = host.split(".")
    if NUMERIC_LABEL.match(labels[-1]):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError as exc:
            raise BadURL(f"{url[:200]!r}: {host!r} is not a valid IPv4 address (leading zeros, octal or "
                         "hex forms and short forms are refused)") from exc
    if len(host) > 253 or not all(HOST_LABEL.match(label) or (not label.isascii() and label.isprintable()
                                                                and " " not in label) for label in labels):
        raise BadURL(f"{url[:200]!r}: {host[:80]!r} is not a valid host name")
    return host


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
