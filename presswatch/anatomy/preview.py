"""Page anatomy of a single file without storing it (for ``presswatch anatomy`` and notebooks)."""

from __future__ import annotations

import gzip
from pathlib import Path

from presswatch.anatomy.component import PageAnatomy
from presswatch.config import Config
from presswatch.contracts import Pipeline
from presswatch.extract.component import Extract
from presswatch.extract.decode import Decode
from presswatch.models import Doc, MediaType, RawDocument


def page_units(path: str | Path, config: Config | None = None, *, url: str | None = None) -> Doc:
    """Decode, extract and split one HTML page or text dump (optionally gzipped); nothing is stored.

    Returns the processed :class:`Doc` (``doc.units`` holds the units, offsets into ``doc.text``).
    Raises FileNotFoundError for a missing file and ``Unprocessable`` for a page without text.
    """
    cfg = config or Config()
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file; give the path of an .html or .txt page")
    data = p.read_bytes()
    name = p.name.lower()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
        name = name[:-3]
    html_ext = tuple(cfg.get("ingest.extensions_html", [".html", ".htm"]))
    media: MediaType = "html" if name.endswith(html_ext) or data.lstrip()[:1] == b"<" else "text"
    raw = RawDocument(location=str(p), key=url or str(p.resolve()), data=data, media_type=media,
                      url=url, path=str(p))
    pipeline = Pipeline.build([Decode(cfg), Extract(cfg), PageAnatomy(cfg)])
    return pipeline(Doc(version_id=0, page_id=0, raw=raw))
