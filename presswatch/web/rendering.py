"""Server-side rendering for the web face: the Jinja2 environment (autoescaped) and ``render``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from presswatch.lang.names import direction, language_name
from presswatch.web.sanitize import safe_url

HERE = Path(__file__).resolve().parent


def marks(text: str, highlights: list[tuple[int, int]] | list[list[int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_match) at the highlight offsets (the template escapes each piece)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted((int(a), int(b)) for a, b in highlights):
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def moment(value: str | None) -> str:
    """A stored time as a reader reads it: ``2026-12-02T14:05:09Z`` → "2 Dec 2026, 14:05 UTC"; a day alone
    (or its first or last second) → "2 Dec 2026"; anything else unchanged."""
    if not value:
        return ""
    text = str(value)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    day = f"{when.day} {when:%b %Y}"
    if len(text) <= 10 or (when.hour, when.minute, when.second) in ((0, 0, 0), (23, 59, 59)):
        return day      # (a day's first or last second: the window's ends when a day was asked for)
    zone = "UTC" if when.utcoffset() is not None and not when.utcoffset() else f"{when:%z}"
    return f"{day}, {when:%H:%M} {zone}".rstrip()


def make_templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, auto_reload=False)
    env.globals.update(safe_url=safe_url, marks=marks, language_name=language_name, direction=direction)
    env.filters["day"] = lambda value: (value or "")[:10]
    env.filters["moment"] = moment
    return env


def render(request: Request, template: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    env: jinja2.Environment = request.app.state.templates
    context.setdefault("title", "presswatch")
    context.setdefault("nav", "")
    html = env.get_template(template).render(request=request, csrf_token=request.state.csrf_token,
                                         project_name=request.app.state.project_name,
                                         auth_required=request.app.state.guard.auth_required, **context)
    return HTMLResponse(html, status_code=http_status)
