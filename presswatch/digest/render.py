"""Rendering a digest as Markdown or as a self-contained HTML page (everything escaped)."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from presswatch.digest.languages import direction, language_name
from presswatch.digest.model import Digest, DigestItem
from presswatch.digest.wording import attribution, byline

SAFE_SCHEMES = ("http", "https", "file")
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")

CSS = """
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Vazirmatn",Tahoma,sans-serif;
 max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.7rem;margin-bottom:.2rem}.period{color:#666;margin-top:0}
h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem}
article{margin:1.3rem 0}h3{font-size:1.1rem;margin:0 0 .2rem}h3 a{color:#0b57d0;text-decoration:none}
.byline{color:#555;font-size:.9rem;margin:0 0 .4rem}.lead{margin:.2rem 0}
.source,.also{font-size:.85rem}.source a,.also a{color:#555}
section[dir=rtl]{font-family:"Vazirmatn","Noto Naskh Arabic",Tahoma,sans-serif}
footer{margin-top:3rem;color:#888;font-size:.8rem}
"""


def safe_url(url: str | None) -> str | None:
    """The URL if it uses a scheme safe to link (http, https, file); otherwise no link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


def md_escape(text: str) -> str:
    return MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def _md_item(item: DigestItem) -> list[str]:
    title = md_escape(item.title or "(untitled)")
    url = safe_url(item.url)
    lines = [f"### [{title}]({_md_url(url)})" if url else f"### {title}"]
    if byline(item):
        lines.append(f"*{md_escape(byline(item))}*")
    lines.append("")
    if item.lead:
        lines.append(md_escape(attribution(item)))
        lines.append("")
    if url:
        lines.append(f"Source: <{_md_url(url)}>")
        lines.append("")
    copies, translations = _split_also(item)
    if copies:
        lines.append("Also published by: " + ", ".join(_md_also(a) for a in copies))
        lines.append("")
    if translations:
        lines.append("Translations: " + ", ".join(_md_also(a, "lang") for a in translations))
        lines.append("")
    return lines


def _split_also(item: DigestItem) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    translations = [a for a in item.also if a.get("kind") == "translation"]
    return [a for a in item.also if a.get("kind") != "translation"], translations


def _also_name(also: dict[str, Any], label: str) -> str:
    if label == "lang":
        return language_name(also.get("lang"))
    name = str(also.get("outlet") or also.get("title") or "another page")
    if also.get("kind") == "first_published":   # reuse: the text's first publisher, outside this digest
        name += f" (first published {str(also.get('published') or '')[:10]})".replace(" )", ")")
    return name


def _md_also(also: dict[str, Any], label: str = "outlet") -> str:
    name = md_escape(_also_name(also, label))
    url = safe_url(also.get("url"))
    return f"[{name}]({_md_url(url)})" if url else name


def _html_also(also: dict[str, Any], label: str = "outlet") -> str:
    e = html.escape
    name = e(_also_name(also, label))
    url = safe_url(also.get("url"))
    return f'<a href="{e(url)}">{name}</a>' if url else name


def render_markdown(digest: Digest) -> str:
    out = [f"# {md_escape(digest.title)}", "",
           f"Period: {digest.period_from} to {digest.period_to} · {len(digest.visible_items())} articles", ""]
    shown = Digest(digest.title, digest.period_from, digest.period_to, digest.created_at, digest.status,
                   digest.visible_items())
    if not shown.items:
        out += ["No articles in this period.", ""]
    for code, items in shown.sections():
        out += [f"## {md_escape(language_name(code))} ({len(items)})", ""]
        for item in items:
            out += _md_item(item)
    return "\n".join(out).rstrip() + "\n"


def _html_item(item: DigestItem) -> str:
    e = html.escape
    url = safe_url(item.url)
    title = e(item.title or "(untitled)")
    heading = f'<a href="{e(url)}">{title}</a>' if url else title
    parts = [f'<article lang="{e(item.lang or "und")}">', f"<h3>{heading}</h3>"]
    if byline(item):
        parts.append(f'<p class="byline">{e(byline(item))}</p>')
    if item.lead:
        parts.append(f'<p class="lead">{e(attribution(item))}</p>')
    if url:
        parts.append(f'<p class="source"><a href="{e(url)}">{e(url)}</a></p>')
    copies, translations = _split_also(item)
    if copies:
        parts.append('<p class="also">Also published by: ' + ", ".join(_html_also(a) for a in copies) + "</p>")
    if translations:
        parts.append('<p class="also">Translations: '
                     + ", ".join(_html_also(a, "lang") for a in translations) + "</p>")
    parts.append("</article>")
    return "\n".join(parts)


def render_html(digest: Digest) -> str:
    e = html.escape
    items = digest.visible_items()
    shown = Digest(digest.title, digest.period_from, digest.period_to, digest.created_at, digest.status, items)
    body = []
    for code, group in shown.sections():
        body.append(f'<section lang="{e(code)}" dir="{direction(code)}">')
        body.append(f"<h2>{e(language_name(code))} <small>({len(group)})</small></h2>")
        body.extend(_html_item(item) for item in group)
        body.append("</section>")
    if not items:
        body.append("<p>No articles in this period.</p>")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(digest.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        f"<h1>{e(digest.title)}</h1>",
        f'<p class="period">{e(digest.period_from)} to {e(digest.period_to)} · {len(items)} articles</p>',
        *body,
        f"<footer>Made by presswatch on {e(digest.created_at)} · status: {e(digest.status)}</footer>",
        "</body>", "</html>", ""])


def render(digest: Digest, fmt: str) -> str:
    """Render as ``md`` (Markdown) or ``html``."""
    if fmt in ("md", "markdown"):
        return render_markdown(digest)
    if fmt == "html":
        return render_html(digest)
    raise ValueError(f"unknown digest format {fmt!r}; use md or html")
