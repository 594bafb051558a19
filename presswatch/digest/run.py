"""Project-level digest: build, store and write to a file (Python equivalent of `presswatch digest`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from presswatch.digest.model import Digest
from presswatch.digest.period import resolve_period
from presswatch.digest.render import render
from presswatch.digest.workflow import create_draft, prefilled_draft
from presswatch.project import Project
from presswatch.store.atomic import atomic_text_file, check_output_path


@dataclass
class DigestResult:
    digest: Digest
    text: str
    fmt: str
    path: Path | None   # None when written to standard output


def default_period(today: date | None = None, days: int = 7) -> tuple[date, date]:
    """The last ``days`` days, today included."""
    start, end = resolve_period(None, None, today=today, days=days)
    return date.fromisoformat(start), date.fromisoformat(end)


def format_for(path: str | Path | None, fmt: str | None) -> str:
    if fmt:
        return "md" if fmt == "markdown" else fmt
    suffix = Path(str(path or "")).suffix.lower()
    return "html" if suffix in (".html", ".htm") else "md"


def write_text_atomic(path: Path, text: str) -> None:
    """Write the whole text or nothing (see :func:`presswatch.store.atomic.atomic_text_file`)."""
    with atomic_text_file(path) as fh:
        fh.write(text)


def make_digest(project: Project, output: str | Path | None = None, *, date_from: date | str | None = None,
                date_to: date | str | None = None, fmt: str | None = None, title: str | None = None,
                save: bool = True) -> DigestResult:
    """Build the digest draft for the period (:func:`presswatch.digest.period.resolve_period`: ``date_from``
    alone means the week from it, neither the last 7 days), pre-filled from the editor's triage, store
    it (unless not ``save``), render it and write it to ``output`` (a path; None or "-": text only)."""
    start, end = resolve_period(date_from, date_to)
    if output is not None and str(output) != "-":
        check_output_path(output)      # before anything is built or saved: never over the archive
    fmt = format_for(output, fmt)
    lead_count = int(project.config.get("digest.lead_sentences", 2))
    title = title or str(project.config.get("digest.title", "Weekly digest"))
    if save:
        digest = create_draft(project, start, end, title=title, lead_count=lead_count)
    else:
        conn = project.connect()
        try:
            digest = prefilled_draft(conn, start, end, title=title, lead_count=lead_count)
        finally:
            conn.close()
    text = render(digest, fmt)
    path = None
    if output is not None and str(output) != "-":
        path = Path(output)
        write_text_atomic(path, text)
    return DigestResult(digest, text, fmt, path)
