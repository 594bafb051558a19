"""Invented pages for the link tests (translations on one page, dates, whole articles inside longer
pages), built from the project's own parallel fixtures (tests/data/reuse/parallel_*.txt)."""

from __future__ import annotations

import re
from pathlib import Path

from presswatch.reuse.fixtures import read_parallel

DATA = Path(__file__).parent / "data" / "reuse"


def parallel() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for path in sorted(DATA.glob("parallel_*.txt")):
        out.update(read_parallel(path))
    return out


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)?", text) or ["0"]


def dump(lines: list[str]) -> str:
    """A text dump: one text node per line, blank lines between (as the reference pages are saved)."""
    return "\n\n".join(lines) + "\n"


def translation_page(en: str, sq: str, *, title_en: str, title_sq: str, announced: bool = True,
                     short: bool = False) -> str:
    """An English article and its Albanian original on one page, announced the way real pages do."""
    pe, ps = paragraphs(en), paragraphs(sq)
    if short:   # a short line after each paragraph (too few letters for a language guess of its own)
        pe = [x for p in pe for x in (p, f"Figures: {', '.join(numbers(p)[:3])}.")]
        ps = [x for p in ps for x in (p, f"Shifrat: {', '.join(numbers(p)[:3])}.")]
    head = [title_en, title_en, title_en, "Lajme Sot, Albania, 14 November 2024"]
    if announced:
        head += ["Translated by Monitor Desk", "Link to the original report (Albanian)"]
    tail = ["End", "In Albanian" if announced else "***", "https://lajme.example/2024/11/14/buxheti", title_sq]
    return dump(head + pe + tail + ps + ["Also read:", "https://monitor.example/other-story/"])
