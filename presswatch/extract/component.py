"""Extract pipeline component: main text and metadata (first version: to be hardened)."""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura

from presswatch.config import Config
from presswatch.models import Doc, Metadata
from presswatch.pipeline.component import Unprocessable


@dataclass
class Extract:
    config: Config
    name: str = "extract"
    reads: frozenset[str] = field(default=frozenset({"decoded"}))
    adds: frozenset[str] = field(default=frozenset({"text", "metadata"}))

    def __call__(self, doc: Doc) -> Doc:
        if doc.html is not None:
            result = trafilatura.bare_extraction(doc.html, url=doc.raw.url, with_metadata=True)
            if result is None or not result.text:
                raise Unprocessable("no_text", "no main text found in the page")
            doc.text = result.text
            doc.metadata = Metadata(title=result.title, author=result.author, published=result.date,
                                    outlet=result.sitename, url=result.url, lang=result.language)
        if not (doc.text or "").strip():
            raise Unprocessable("no_text", "no text")
        return doc
