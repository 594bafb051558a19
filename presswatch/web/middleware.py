"""One ASGI middleware for the session cookie, authentication, CSRF checks and security headers."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote

from presswatch.web.security import (
    AUTH_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    PAGE_CSP,
    SESSION_COOKIE,
    UNSAFE_METHODS,
    Guard,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 4_000_000          # bytes; a state change never needs more
PUBLIC_PREFIXES = ("/static/", "/login")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header counts as no cookies
        return {}
    return {k: m.value for k, m in jar.items()}


def _bearer(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization", "")
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return None


def _cookie_header(name: str, value: str, *, secure: bool) -> tuple[bytes, bytes]:
    flags = "; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
    return b"set-cookie", f"{name}={value}{flags}".encode("latin-1")


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        cookies = _cookies(headers)
        session = cookies.get(SESSION_COOKIE) or ""
        new_session = None
        if not session or len(session) > 64:
            session = new_session = self.guard.new_session()
        scope.setdefault("state", {})["session"] = session
        scope["state"]["csrf_token"] = self.guard.csrf_token(session)
        secure = scope.get("scheme") == "https"
        bearer = _bearer(headers)
        path = str(scope.get("path", ""))
        is_api = path.startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                names = {k.lower() for k, _ in raw}
                if b"content-security-policy" not in names:
                    raw.append((b"content-security-policy", PAGE_CSP.encode()))
                raw += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                        (b"cross-origin-opener-policy", b"same-origin")]
                if b"x-frame-options" not in names:
                    raw.append((b"x-frame-options", b"DENY"))
                if new_session:
                    raw.append(_cookie_header(SESSION_COOKIE, new_session, secure=secure))
                message["headers"] = raw
            await send(message)

        if self.guard.auth_required and not path.startswith(PUBLIC_PREFIXES):
            ok = self.guard.authenticated(None if new_session else session, cookies.get(AUTH_COOKIE), bearer)
            if not ok:
                if is_api or bearer is not None:
                    await _json(send_with_headers, 401, "authentication required: send the token as "
                                "'Authorization: Bearer <token>' or log in at /login")
                else:
                    target = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
                    await _redirect(send_with_headers, "/login?next=" + quote(target, safe=""))
                return

        if scope.get("method", "GET") in UNSAFE_METHODS and bearer is None:
            body = b""
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    return
                body += message.get("body", b"")
                more = bool(message.get("more_body"))
                if len(body) > MAX_BODY:
                    await _json(send_with_headers, 413, "request too large")
                    return
            token = headers.get(CSRF_HEADER)
            if token is None and headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
                values = parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD)
                token = values[0] if values else None
            if new_session or not self.guard.csrf_ok(session, token):
                await _json(send_with_headers, 403, "missing or wrong CSRF token: reload the page and try again "
                            f"(API clients: send the {CSRF_HEADER} header from GET /api/session, "
                            "or authenticate with a bearer token)")
                return
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


async def _json(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
