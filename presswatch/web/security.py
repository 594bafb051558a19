"""Security of the web face: headers (CSP), CSRF tokens, authentication, the loopback rule.

- Every response carries a Content-Security-Policy without ``unsafe-inline`` (scripts and styles
  only from ``/static``); saved pages are served with ``default-src 'none'`` and ``sandbox`` and
  shown only in a sandboxed frame.
- Every state-changing request (POST, PUT, PATCH, DELETE) needs the CSRF token bound to the
  browser's session cookie (form field ``csrf_token`` or header ``X-CSRF-Token``); an API client
  that authenticates with ``Authorization: Bearer`` sends no cookie and needs none.
- With ``[serve] auth_hash`` set (``presswatch serve --hash-secret`` makes one), every request needs
  the secret: a login form sets a signed session cookie, API clients send it as a bearer token.
  A server bound to anything but loopback refuses to start without it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PBKDF2_ITERATIONS = 200_000
SESSION_COOKIE = "pw_session"
AUTH_COOKIE = "pw_auth"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "font-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'")
# Saved pages: nothing loads, nothing runs; the frame may only be embedded by presswatch itself.
SAVED_PAGE_CSP = "default-src 'none'; sandbox; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?")


def saved_page_csp(base: str | None) -> str:
    """The saved page's CSP; with ``base`` (the ``<base href>`` presswatch put first in the page, the
    outlet's URL), ``base-uri`` allows that origin only, so that the page's links resolve against the
    outlet. Everything else stays refused (nothing loads, runs or is submitted)."""
    if not base:
        return SAVED_PAGE_CSP
    parts = urlsplit(base)
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host):
        return SAVED_PAGE_CSP
    return SAVED_PAGE_CSP.replace("base-uri 'none'", f"base-uri {parts.scheme}://{host}")


class AuthConfigError(ValueError):
    """The server cannot start with this authentication setting."""


def hash_secret(secret: str, *, salt: bytes | None = None, iterations: int = PBKDF2_ITERATIONS) -> str:
    """A storable hash of a password or token: ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``."""
    if not secret:
        raise AuthConfigError("the password or token must not be empty")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def check_hash(stored: str) -> None:
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2_sha256" or not parts[1].isdigit():
        raise AuthConfigError("[serve] auth_hash is not a presswatch hash; make one with "
                              "`presswatch serve --hash-secret` and paste the line it prints")
    try:
        bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError as exc:
        raise AuthConfigError("[serve] auth_hash is damaged (not hexadecimal); make a new one with "
                              "`presswatch serve --hash-secret`") from exc


def verify_secret(secret: str, stored: str) -> bool:
    check_hash(stored)
    _, iterations, salt, expected = stored.split("$")
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1`` and ``localhost`` are loopback; a name or any other address is not."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, auth_hash: str | None) -> None:
    """Refuse to serve beyond this machine without authentication."""
    if auth_hash:
        check_hash(auth_hash)
        return
    if not is_loopback(host):
        raise AuthConfigError(
            f"refusing to listen on {host}: beyond loopback the archive needs authentication. Run "
            "`presswatch serve --hash-secret`, put the printed auth_hash line under [serve] in "
            "presswatch.toml, then start again (or use --host 127.0.0.1)")


@dataclass(frozen=True)
class Guard:
    """Per-server secrets: signs session cookies and derives CSRF tokens (made once at start)."""

    auth_hash: str | None = None
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    # bearer tokens already verified (keyed HMACs, not the tokens): PBKDF2 once per token, not per request
    _verified: set[str] = field(default_factory=set, compare=False, repr=False)

    @property
    def auth_required(self) -> bool:
        return bool(self.auth_hash)

    def new_session(self) -> str:
        return secrets.token_urlsafe(24)

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def csrf_token(self, session: str) -> str:
        return self._sign("csrf", session)

    def csrf_ok(self, session: str | None, token: str | None) -> bool:
        return bool(session and token) and hmac.compare_digest(self.csrf_token(str(session)), str(token))

    def auth_cookie(self, session: str) -> str:
        return self._sign("auth", session)

    def authenticated(self, session: str | None, auth_cookie: str | None, bearer: str | None) -> bool:
        if not self.auth_hash:
            return True
        if bearer is not None:
            mark = self._sign("bearer", bearer)
            if mark in self._verified:
                return True
            if verify_secret(bearer, self.auth_hash):
                self._verified.add(mark)
                return True
            return False
        return bool(session and auth_cookie) and hmac.compare_digest(self.auth_cookie(str(session)),
                                                                     str(auth_cookie))

    def login(self, secret: str) -> bool:
        return bool(self.auth_hash) and verify_secret(secret, str(self.auth_hash))
