"""The Jinja2 templates shared by every face (published digests, email, the web UI): one environment,
autoescaping on for HTML and XML, plain-text/Markdown templates escaped by filters instead.

Templates live in ``presswatch/templates/`` (``publish/`` for the digest outputs; the web UI adds its
own folder and can include ``publish/_issue_body.html``). A new environment per call: no
process-global state; it is cheap next to rendering.
"""

from __future__ import annotations

import re

import jinja2

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_escape(text: object) -> str:
    """Text safe to place in Markdown: one line, every character with a Markdown meaning escaped, so a
    title like ``[x](javascript:…)`` or ``<script>`` stays text."""
    return MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def md_url(url: object) -> str:
    """A URL safe inside Markdown's ``(…)`` and ``<…>``: spaces, brackets and angle brackets encoded."""
    out = str(url or "")
    for ch, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ("[", "%5B"),
                     ("]", "%5D"), ('"', "%22"), ("\n", ""), ("\r", "")):
        out = out.replace(ch, code)
    return out


def one_line(text: object) -> str:
    return " ".join(str(text or "").split())


def environment() -> jinja2.Environment:
    """The template environment: ``.html`` / ``.xml`` autoescaped; undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("presswatch", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = md_escape
    env.filters["md_url"] = md_url
    env.filters["one_line"] = one_line
    return env


def render_template(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
