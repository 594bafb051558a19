"""Main text and metadata of an HTML page, through trafilatura, with a documented fallback cascade.

Cascade (the first step that yields text wins; the step's name is returned as ``method``):

1. ``trafilatura``: ``bare_extraction`` with metadata (trafilatura itself compares its result with
   its readability port and jusText and keeps the better one).
2. ``trafilatura-recall``: the same with ``favor_recall=True`` (finds text in pages whose main
   container the precise mode rejects, e.g. short pages and listings).
3. ``baseline``: trafilatura's ``baseline`` (JSON-LD ``articleBody``, ``<article>``, all ``<p>``).
4. ``visible-text``: every visible text block of ``<body>`` (scripts, styles, navigation and forms
   removed), one block per line.

Nothing left raises ``Unprocessable("no_text", ...)``. Before the cascade: input that is not HTML at
all but plain text (no tags, no NUL bytes) is kept as it is (``plain-text``); other unparseable input
raises ``not_html``; a tree nested deeper than ``[extract] max_depth``, or reaching the parser's own
cap of 256 levels (libxml2 flattens the rest), raises ``too_deep``. Paragraph boundaries are kept as newlines.
Reader comments are left out by default (``[extract] include_comments``); when included they follow
the main text, as in trafilatura's own text output.
Metadata comes from trafilatura (title, author, date, site name, canonical URL) plus the declared
language read from ``<html lang>``, ``<meta http-equiv="content-language">``, ``<meta name="language">``
or ``og:locale``. The title loses a trailing site name (``titles.py``). Dates come from the page's
markup only (htmldate without its "extensive" guessing in the text, ``[extract] extensive_date_search``):
on WCXB dev the guess dated many pages that state no date, and a wrong date is worse than none when
ordering who published first.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import trafilatura
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html

from presswatch.errors import Unprocessable
from presswatch.extract.dates import normalise_date
from presswatch.extract.titles import clean_author, clean_title, site_name
from presswatch.models import Metadata

# trafilatura drops characters that are not printable, among them the zero-width non-joiner that
# Persian spelling needs (می‌خواهد). It is swapped for a printable stand-in before extraction and
# restored afterwards; the stand-in (U+2042 ASTERISM) practically never occurs in news text.
ZWNJ = "\u200c"
ZWNJ_STAND_IN = "\u2042"
ZWNJ_FORMS = re.compile(r"\u200c|&zwnj;|&#8204;|&#x200c;", re.IGNORECASE)
LANG_RE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")
PARSER_DEPTH_CAP = 256  # libxml2 flattens anything nested deeper than this
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote",
    "section", "article", "header", "footer", "pre", "dd", "dt", "figcaption", "table", "ul", "ol",
})
DROP_TAGS = ("script", "style", "noscript", "template", "nav", "form", "select", "button", "svg", "iframe")


@dataclass(frozen=True)
class HtmlOptions:
    """trafilatura settings (``[extract]`` in the configuration)."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    extensive_date_search: bool = False
    max_depth: int = 400

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> HtmlOptions:
        return cls(
            favor_precision=bool(section.get("favor_precision", False)),
            favor_recall=bool(section.get("favor_recall", False)),
            include_tables=bool(section.get("include_tables", True)),
            include_comments=bool(section.get("include_comments", False)),
            extensive_date_search=bool(section.get("extensive_date_search", False)),
            max_depth=int(section.get("max_depth", 400)),
        )


@dataclass
class HtmlResult:
    text: str
    metadata: Metadata
    method: str


def _field(result: Any, name: str) -> Any:
    """A field of trafilatura's result, whether it is a Document or a dict."""
    if result is None:
        return None
    if isinstance(result, dict):
        return result.get(name)
    return getattr(result, name, None)


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def tree_depth(tree: Any) -> int:
    """The deepest nesting of elements (iterative: safe on very deep trees)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


def declared_language(tree: Any) -> str | None:
    """The page's declared language as a lower-case ISO 639 code (``en`` from ``en-US``), or None."""
    candidates: list[str] = []
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    candidates.append(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    for meta in root.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
        if key in {"content-language", "language", "lang", "dc.language", "og:locale"}:
            candidates.append(meta.get("content") or "")
    for value in candidates:
        m = LANG_RE.match(value.split(",")[0])
        if m:
            return m.group(1).lower()
    return None


def visible_text(tree: Any) -> str:
    """Every visible text block of the page, one per line (the last step of the cascade)."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    body = root.find(".//body")
    if body is None:
        body = root
    body = copy.deepcopy(body)  # the caller's tree stays intact
    for bad in body.xpath("|".join(f".//{t}" for t in DROP_TAGS)):
        bad.drop_tree()
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            return
        block = node.tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(body)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _trafilatura(tree: Any, url: str | None, options: HtmlOptions, *, recall: bool) -> Any:
    return trafilatura.bare_extraction(
        tree, url=url, with_metadata=True,
        favor_precision=options.favor_precision and not recall,
        favor_recall=options.favor_recall or recall,
        include_tables=options.include_tables,
        include_comments=options.include_comments,
        date_extraction_params=set_date_params(options.extensive_date_search),
    )


def metadata_from(result: Any, tree: Any, url: str | None) -> Metadata:
    return Metadata(
        title=clean_title(_clean_str(_field(result, "title")), _clean_str(_field(result, "sitename")),
                          _clean_str(_field(result, "url")) or url, tree),
        author=clean_author(_clean_str(_field(result, "author"))),
        published=normalise_date(_field(result, "date")),
        outlet=site_name(_clean_str(_field(result, "sitename")), tree, _clean_str(_field(result, "url")) or url,
                         _clean_str(_field(result, "title"))),
        url=_clean_str(_field(result, "url")) or url,
        lang=declared_language(tree),
        description=_clean_str(_field(result, "description")),
    )


def extract_html(html: str, url: str | None = None, options: HtmlOptions | None = None) -> HtmlResult:
    """Main text (paragraphs separated by newlines) and metadata of one HTML page."""
    options = options or HtmlOptions()
    if ZWNJ_STAND_IN in html or not ZWNJ_FORMS.search(html):
        return _extract_html(html, url, options)
    result = _extract_html(ZWNJ_FORMS.sub(ZWNJ_STAND_IN, html), url, options)
    return HtmlResult(text=restore_zwnj(result.text), metadata=restore_zwnj_metadata(result.metadata),
                      method=result.method)


def restore_zwnj(value: str) -> str:
    return value.replace(ZWNJ_STAND_IN, ZWNJ)


def restore_zwnj_metadata(md: Metadata) -> Metadata:
    return Metadata(**{name: restore_zwnj(value) if isinstance(value, str) else value
                       for name, value in vars(md).items()})


def _extract_html(html: str, url: str | None, options: HtmlOptions) -> HtmlResult:
    if not html or not html.strip():
        raise Unprocessable("no_text", "the page is empty; check the input file or the fetch")
    tree = load_html(html)
    if tree is None:
        if "<" not in html and "\x00" not in html:
            # plain text saved under an HTML name: keep it, one block per line
            text = "\n".join(" ".join(block.split()) for block in re.split(r"\n\s*\n", html) if block.strip())
            return HtmlResult(text=text, metadata=Metadata(), method="plain-text")
        raise Unprocessable("not_html", "the page could not be parsed as HTML; check that it is a web page")
    depth = tree_depth(tree)
    if depth > options.max_depth:
        raise Unprocessable("too_deep", f"HTML nested {depth} levels deep (limit [extract] max_depth = "
                                        f"{options.max_depth}); raise the limit if the page is genuine")
    if depth >= PARSER_DEPTH_CAP:
        raise Unprocessable("too_deep", f"HTML nested {PARSER_DEPTH_CAP} levels or more: the HTML parser "
                                        "stops there and the rest of the page would be lost")
    result = _trafilatura(tree, url, options, recall=False)
    text, method = (_field(result, "text") or "").strip(), "trafilatura"
    comments = (_field(result, "comments") or "").strip() if options.include_comments else ""
    if text and comments:
        text = f"{text}\n{comments}"  # as trafilatura's own text output does
    if not text:
        recall_result = _trafilatura(tree, url, options, recall=True)
        text, method = (_field(recall_result, "text") or "").strip(), "trafilatura-recall"
        result = result if result is not None else recall_result
    if not text:
        _, text, _ = trafilatura.baseline(tree)
        text, method = (text or "").strip(), "baseline"
    if not text:
        text, method = visible_text(tree), "visible-text"
    if not text:
        raise Unprocessable("no_text", "no text found in the page (not even visible text outside "
                                       "scripts and navigation); it may need JavaScript to render")
    return HtmlResult(text=text, metadata=metadata_from(result, tree, url), method=method)
