"""Extract pipeline component: main text and metadata of a decoded page.

- HTML (``doc.html``): main text and metadata through trafilatura with a fallback cascade
  (see ``presswatch/extract/html.py``); ``doc.notes`` records the cascade step that produced the text.
- Text dumps (``doc.text`` only): the text stays as it is; title, author, outlet and date are read
  from it when it states them (see ``presswatch/extract/textdump.py``).

Metadata given by the input (``RawDocument.meta`` keys ``title``, ``author``, ``published``,
``outlet``, ``lang``, ``url``, e.g. from JSONL or e-mail headers) takes precedence over what
extraction finds; dates are normalised to ISO 8601.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from presswatch.config import Config
from presswatch.errors import Unprocessable
from presswatch.extract.dates import normalise_date
from presswatch.extract.html import HtmlOptions, extract_html
from presswatch.extract.limits import check_page_limits
from presswatch.extract.textdump import TextDumpReader
from presswatch.models import Doc, Metadata

META_KEYS = ("title", "author", "published", "outlet", "lang", "url", "description")


def given_metadata(meta: dict[str, Any]) -> Metadata:
    """The metadata an input states itself (JSONL fields, e-mail headers), normalised."""
    values: dict[str, str | None] = {}
    for key in META_KEYS:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "published":
            values[key] = normalise_date(value)
        elif key == "lang":
            values[key] = str(value).strip().lower().replace("_", "-").split("-")[0] or None
        else:
            values[key] = " ".join(str(value).split())
    return Metadata(**values)


def merge_metadata(given: Metadata, found: Metadata) -> Metadata:
    """Each field from ``given`` when it has one, else from ``found``."""
    merged = {f.name: getattr(given, f.name) or getattr(found, f.name) for f in fields(Metadata)}
    return Metadata(**merged)


@dataclass
class Extract:
    config: Config
    name: str = "extract"
    reads: frozenset[str] = field(default=frozenset({"decoded"}))
    adds: frozenset[str] = field(default=frozenset({"text", "metadata"}))
    options: HtmlOptions = field(init=False)
    dump_reader: TextDumpReader = field(init=False)

    def __post_init__(self) -> None:
        self.options = HtmlOptions.from_config(self.config.section("extract"))
        self.dump_reader = TextDumpReader()

    def __call__(self, doc: Doc) -> Doc:
        given = given_metadata(doc.raw.meta)
        if doc.html is not None:
            result = extract_html(doc.html, url=given.url or doc.raw.url, options=self.options)
            doc.text = result.text
            found = result.metadata
            doc.notes.append(f"extract:{result.method}")
        elif (doc.text or "").strip():
            found = self.dump_reader.read(doc.text or "")
            found.url = doc.raw.url
        else:
            raise Unprocessable("no_text", "the input has no text; check that the file is not empty")
        if not (doc.text or "").strip():
            raise Unprocessable("no_text", "no main text found in the page")
        check_page_limits(doc.text or "", self.config)   # bounded work per page in every later stage
        doc.metadata = merge_metadata(given, found)
        return doc
