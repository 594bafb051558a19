"""Scoring translation links and publication dates of a project against offset gold on real pages.

The gold (``tests/data/refpages/links.json``) names pages by file name and spans by character offsets
in the page text. A stored unit stands for a gold span when their extents overlap by at least
``MIN_JACCARD`` of their union. A passage link stands for a gold passage pair when each passage lies
mostly (``MIN_INSIDE``) inside its side of the pair (either direction counts as found; the direction
is scored separately).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIN_JACCARD = 0.3
MIN_INSIDE = 0.5


@dataclass
class LinkScores:
    unit_pairs: int = 0
    unit_pairs_found: int = 0
    unit_pairs_directed: int = 0
    passage_pairs: int = 0
    passage_pairs_found: int = 0
    passage_links: int = 0            # passage translation links on the scored pages
    passage_links_right: int = 0      # ... of which match a gold pair
    dates: int = 0
    dates_right: int = 0
    dates_unit_found: int = 0
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in self.__dict__.items() if k != "misses"}
        out["passage_recall"] = round(self.passage_pairs_found / self.passage_pairs, 3) if self.passage_pairs else 0.0
        out["passage_precision"] = (round(self.passage_links_right / self.passage_links, 3)
                                    if self.passage_links else 0.0)
        out["date_accuracy"] = round(self.dates_right / self.dates, 3) if self.dates else 0.0
        return out


def score_pages(conn: sqlite3.Connection, gold: dict[str, Any], pages_dir: Path) -> LinkScores:
    """:func:`score` with the page texts read from ``pages_dir`` (the gold's file names)."""
    texts = {name: (pages_dir / name).read_text(encoding="utf-8") for name in gold["pages"]}
    return score(conn, gold, texts)


def load_gold(path: str | Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def _inside(p: tuple[int, int], span: tuple[int, int]) -> float:
    inter = max(0, min(p[1], span[1]) - max(p[0], span[0]))
    return inter / max(1, p[1] - p[0])


def page_ids(conn: sqlite3.Connection, names: list[str]) -> dict[str, int]:
    """Gold page name -> page id (the page whose path or key ends with the name)."""
    out: dict[str, int] = {}
    for pid, key, path in conn.execute("SELECT id, key, path FROM pages"):
        for name in names:
            if str(path or key or "").endswith(name):
                out[name] = int(pid)
    return out


def _units(conn: sqlite3.Connection, page_id: int) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    return list(conn.execute(
        """SELECT u.id, u.kind, u.start, u."end", u.published, u.text FROM units u
           JOIN current_versions cv ON cv.id = u.version_id
           WHERE u.page_id = ? AND u.kind != 'boilerplate' ORDER BY u.start""", (page_id,)))


def best_unit(units: list[sqlite3.Row], span: tuple[int, int]) -> sqlite3.Row | None:
    scored = [(_jaccard((int(u["start"]), int(u["end"])), span), u) for u in units]
    scored = [(j, u) for j, u in scored if j >= MIN_JACCARD]
    return max(scored, key=lambda t: t[0])[1] if scored else None


def passage_spans(conn: sqlite3.Connection, units: list[sqlite3.Row], page_text: str) -> dict[int, tuple[int, int]]:
    """Passage id -> offsets in the page text (found by text from the unit's start on)."""
    out: dict[int, tuple[int, int]] = {}
    for u in units:
        pos = int(u["start"])
        for pid, text in conn.execute("SELECT id, text FROM passages WHERE unit_id = ? ORDER BY ordinal", (u["id"],)):
            at = page_text.find(text, pos)
            if at < 0:
                at = page_text.find(text)
            if at >= 0:
                out[int(pid)] = (at, at + len(text))
                pos = at + len(text)
    return out


def score(conn: sqlite3.Connection, gold: dict[str, Any], texts: dict[str, str]) -> LinkScores:
    """Score the project behind ``conn`` on ``gold``; ``texts`` maps gold page names to page texts."""
    s = LinkScores()
    ids = page_ids(conn, list(gold["pages"]))
    for name, g in gold["pages"].items():
        page_id = ids.get(name)
        units = _units(conn, page_id) if page_id is not None else []
        by_id = {int(u["id"]): u for u in units}
        unit_links = [(int(a), int(b)) for a, b in conn.execute(
            "SELECT a, b FROM links WHERE level = 'unit' AND kind = 'translation_of'")
            if int(a) in by_id and int(b) in by_id]
        spans = passage_spans(conn, units, texts.get(name, "")) if units else {}
        plinks = [(int(a), int(b)) for a, b in conn.execute(
            "SELECT a, b FROM links WHERE level = 'passage' AND kind = 'translation_of'")
            if int(a) in spans and int(b) in spans]
        s.passage_links += len(plinks)
        right: set[tuple[int, int]] = set()
        for pair in g.get("translations", []):
            s.unit_pairs += 1
            tr = (pair["translation"]["start"], pair["translation"]["end"])
            orig = (pair["original"]["start"], pair["original"]["end"])
            ut, uo = best_unit(units, tr), best_unit(units, orig)
            if ut is not None and uo is not None and ut["id"] != uo["id"]:
                if (int(ut["id"]), int(uo["id"])) in unit_links:
                    s.unit_pairs_found += 1
                    s.unit_pairs_directed += 1
                elif (int(uo["id"]), int(ut["id"])) in unit_links:
                    s.unit_pairs_found += 1
                else:
                    s.misses.append(f"{name}: unit pair {pair['translation']['anchor']!r} not linked")
            else:
                s.misses.append(f"{name}: no unit for pair {pair['translation']['anchor']!r}")
            for pp in pair.get("passages", []):
                s.passage_pairs += 1
                x = (pp["translation"]["start"], pp["translation"]["end"])
                y = (pp["original"]["start"], pp["original"]["end"])
                hit = next(((a, b) for a, b in plinks
                            if (_inside(spans[a], x) >= MIN_INSIDE and _inside(spans[b], y) >= MIN_INSIDE)
                            or (_inside(spans[a], y) >= MIN_INSIDE and _inside(spans[b], x) >= MIN_INSIDE)), None)
                if hit is not None:
                    s.passage_pairs_found += 1
                    right.add(hit)
        s.passage_links_right += len(right)
        for d in g.get("dates", []):
            s.dates += 1
            u = best_unit(units, (d["start"], d["end"]))
            if u is None:
                s.misses.append(f"{name}: no unit for dated span {d['anchor']!r}")
                continue
            s.dates_unit_found += 1
            got = (u["published"] or "")[:10] or None
            if got == d["published"]:
                s.dates_right += 1
            else:
                s.misses.append(f"{name}: {d['anchor']!r} published {got} (gold {d['published']})")
    return s
