"""What a source listing yields: article URLs with the metadata the listing gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class Item:
    url: str                          # normalised
    title: str | None = None
    author: str | None = None
    published: str | None = None      # ISO 8601 when the listing gave a usable date
    stamp: str | None = None          # "updated"/"modified": a change means the article was edited
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in (("title", self.title), ("author", self.author),
                               ("published", self.published), ("lang", self.lang)) if v}
        out.update(self.extra)
        return out


def iso_from_struct(value: Any) -> str | None:
    """feedparser's ``*_parsed`` time.struct_time (UTC) -> ISO 8601, None when missing or absurd."""
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        dt = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    if not 1990 <= dt.year <= datetime.now(UTC).year + 1:
        return None
    return dt.isoformat().replace("+00:00", "Z")


def iso_from_text(value: str | None) -> str | None:
    """A W3C/ISO date string -> normalised ISO 8601 (UTC when it has an offset), None if unusable."""
    if not value:
        return None
    text = value.strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not 1990 <= dt.year <= datetime.now(UTC).year + 1:
        return None
    if dt.tzinfo is not None:
        return dt.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
    return dt.isoformat()
