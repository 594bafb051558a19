"""Digest records: a draft with items an editor reviews (proposed → accepted / rejected / edited), then
approves into an immutable, numbered issue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DigestStatus = Literal["draft", "reviewed", "published", "approved"]
ItemStatus = Literal["proposed", "accepted", "rejected", "edited"]
DIGEST_STATUSES: tuple[DigestStatus, ...] = ("draft", "reviewed", "published", "approved")
ITEM_STATUSES: tuple[ItemStatus, ...] = ("proposed", "accepted", "rejected", "edited")


@dataclass
class DigestItem:
    """One article in the digest, copied from its unit so that editing the item never edits the archive."""

    section: str                  # grouping key: the language code for now
    lead: str                     # the lead sentences (joined by a space)
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date the page states; None when it states none (never the fetch day)
    lang: str | None = None
    url: str | None = None        # the source: its URL, else a file:// link to the stored path
    unit_id: int | None = None
    ordinal: int = 0
    status: ItemStatus = "proposed"
    editor_note: str | None = None
    dated_by: str = "published"   # "published", or "undated" (no date on the page; "fetched" in older drafts)
    # The same article published by other outlets (folded into this item): unit_id, outlet, url, title, kind
    also: list[dict[str, Any]] = field(default_factory=list)
    id: int | None = None


@dataclass
class Digest:
    title: str
    period_from: str              # inclusive ISO dates
    period_to: str
    created_at: str
    status: DigestStatus = "draft"
    items: list[DigestItem] = field(default_factory=list)
    id: int | None = None
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> articles not listed (no_lead, copy, undated)
    undated: list[int] = field(default_factory=list)  # unit ids of undated articles fetched in the period
    number: int | None = None     # issue number, once approved
    introduction: str = ""
    approved_at: str | None = None
    based_on: int | None = None   # the issue this draft was started from
    revision: int = 0             # +1 per edit (an editor's stale edit can be refused)
    updated_at: str | None = None

    @property
    def editable(self) -> bool:
        """Drafts can be edited; an approved issue never changes."""
        return self.status != "approved"

    def sections(self) -> list[tuple[str, list[DigestItem]]]:
        """Items grouped by section; sections by number of items (most first), then by code."""
        groups: dict[str, list[DigestItem]] = {}
        for item in sorted(self.items, key=lambda i: i.ordinal):
            groups.setdefault(item.section, []).append(item)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0] == "und", kv[0]))

    def fold_into(self, keep: DigestItem, copy: DigestItem, kind: str) -> None:
        """Name ``copy`` (the same text elsewhere) under ``keep``; call :meth:`drop_folded` after."""
        keep.also.append({"unit_id": copy.unit_id, "kind": kind, "outlet": copy.outlet, "url": copy.url,
                          "title": copy.title, "published": copy.published, "lang": copy.lang})

    def drop_folded(self, folded: set[int]) -> None:
        """Remove the items of the ``folded`` units and count them as left out (reason ``copy``)."""
        if folded:
            self.items = [i for i in self.items if i.unit_id not in folded]
            self.left_out["copy"] = self.left_out.get("copy", 0) + len(folded)

    def ordered_sections(self) -> list[tuple[str, list[DigestItem]]]:
        """Visible items grouped by section in the editor's order (a section where its first item is)."""
        groups: dict[str, list[DigestItem]] = {}
        for item in sorted(self.visible_items(), key=lambda i: i.ordinal):
            groups.setdefault(item.section, []).append(item)
        return list(groups.items())

    def visible_items(self) -> list[DigestItem]:
        """Items an editor has not rejected."""
        return [i for i in self.items if i.status != "rejected"]
