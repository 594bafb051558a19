"""Project-level digest: build, store and write to a file (Python equivalent of `presswatch digest`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from presswatch.digest.build import build_digest
from presswatch.digest.model import Digest
from presswatch.digest.render import render
from presswatch.export.atomic import atomic_text_file
from presswatch.project import Project


@dataclass
class DigestResult:
    digest: Digest
    text: str
    fmt: str
    path: Path | None   # None when written to standard output


def default_period(today: date | None = None, days: int = 7) -> tuple[date, date]:
    """The last ``days`` days, today included."""
    end = today or date.today()
    return end - timedelta(days=days - 1), end


def digest_period(date_from: date | str | None = None, date_to: date | str | None = None, *,
                  today: date | None = None, days: int = 7) -> tuple[date, date]:
    """The period rule, for the CLI and the library alike: both ends as given; ``date_from`` alone
    means the ``days`` days from it; ``date_to`` alone the ``days`` days up to it; neither the last
    ``days`` days, today included. Bad dates raise ``ValueError`` naming the option."""
    start = _day(date_from, "--from")
    end = _day(date_to, "--to")
    if start is None and end is None:
        return default_period(today, days)
    if end is None:
        assert start is not None
        return start, start + timedelta(days=days - 1)
    if start is None:
        return end - timedelta(days=days - 1), end
    return start, end


def _day(value: date | str | None, option: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from exc


def format_for(path: str | Path | None, fmt: str | None) -> str:
    if fmt:
        return "md" if fmt == "markdown" else fmt
    suffix = Path(str(path or "")).suffix.lower()
    return "html" if suffix in (".html", ".htm") else "md"


def write_text_atomic(path: Path, text: str) -> None:
    """Write the whole text or nothing (see :func:`presswatch.export.atomic.atomic_text_file`)."""
    with atomic_text_file(path) as fh:
        fh.write(text)


def make_digest(project: Project, output: str | Path | None = None, *, date_from: date | str | None = None,
                date_to: date | str | None = None, fmt: str | None = None, title: str | None = None,
                save: bool = True) -> DigestResult:
    """Build the digest for the period (:func:`digest_period`: default the last 7 days, one end alone
    means the week from or up to it), store it, render it and write it to ``output`` (a path; None
    or "-" returns the text only)."""
    start, end = digest_period(date_from, date_to)
    fmt = format_for(output, fmt)
    lead_count = int(project.config.get("digest.lead_sentences", 2))
    title = title or str(project.config.get("digest.title", "Weekly digest"))
    conn = project.connect()
    try:
        digest = build_digest(conn, start, end, title=title, lead_count=lead_count,
                              save=save)
    finally:
        conn.close()
    text = render(digest, fmt)
    path = None
    if output is not None and str(output) != "-":
        path = Path(output)
        write_text_atomic(path, text)
    return DigestResult(digest, text, fmt, path)
