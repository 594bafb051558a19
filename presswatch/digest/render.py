"""Rendering a digest (draft or issue) as Markdown or as a self-contained HTML page, through the
shared templates and content model (:mod:`presswatch.digest.publish`); everything escaped."""

from __future__ import annotations

from presswatch.digest.model import Digest
from presswatch.digest.publish.content import issue_content, safe_url
from presswatch.digest.publish.render import render_markdown as _markdown
from presswatch.digest.publish.render import render_page
from presswatch.templating import md_escape

__all__ = ["md_escape", "render", "render_html", "render_markdown", "safe_url"]


def render_markdown(digest: Digest) -> str:
    return _markdown(issue_content(digest))


def render_html(digest: Digest) -> str:
    return render_page(issue_content(digest))


def render(digest: Digest, fmt: str) -> str:
    """Render as ``md`` (Markdown) or ``html``."""
    if fmt in ("md", "markdown"):
        return render_markdown(digest)
    if fmt == "html":
        return render_html(digest)
    raise ValueError(f"unknown digest format {fmt!r}; use md or html")
