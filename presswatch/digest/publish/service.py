"""`presswatch digest publish`: an approved issue written as HTML, Markdown, .eml and the Atom/RSS feeds
of all approved issues, each file written whole (temporary file + rename), recorded with its checksum;
optionally sent over SMTP."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from presswatch.digest.build import load_digest
from presswatch.digest.errors import DigestError, DigestNotFound
from presswatch.digest.model import Digest
from presswatch.digest.publish.content import IssueContent, issue_content
from presswatch.digest.publish.email import MailSettings, build_message, message_bytes
from presswatch.digest.publish.feeds import FeedSettings, atom_feed, rss_feed
from presswatch.digest.publish.render import render_markdown, render_page
from presswatch.digest.publish.smtp import SmtpSettings, send
from presswatch.project import Project
from presswatch.store.atomic import check_output_path
from presswatch.store.db import transaction, utcnow

FORMATS = ("html", "md", "eml", "atom", "rss")


@dataclass(frozen=True)
class PublishedFile:
    format: str
    path: Path
    sha256: str
    changed: bool        # False: the file already held exactly these bytes


@dataclass(frozen=True)
class PublishResult:
    number: int
    digest_id: int
    files: list[PublishedFile] = field(default_factory=list)
    sent_to: list[str] = field(default_factory=list)


def _issues(conn: sqlite3.Connection) -> list[Digest]:
    return [load_digest(conn, int(r[0])) for r in
            conn.execute("SELECT id FROM digests WHERE status = 'approved' ORDER BY number")]


def _guarded(project: Project, path: Path) -> Path:
    """Refuse to write over the archive, its journal files or the settings (any SQLite database or
    settings file, :func:`presswatch.store.atomic.check_output_path`, and this project's own paths)."""
    target = check_output_path(path).resolve()
    db = project.db_path.resolve()
    protected = {db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
                 db.with_name(db.name + "-journal"), (project.root / "presswatch.toml").resolve()}
    if target in protected:
        raise DigestError(f"refusing to write over {target} (the archive or its settings); choose another --out")
    return target


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` whole (temp file + rename); False when the file already held exactly these bytes."""
    if path.is_dir():
        raise DigestError(f"{path} is a folder; give --out a folder and let the file names be chosen")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def settings_of(project: Project) -> tuple[FeedSettings, MailSettings, str | None]:
    section = project.config.section("publish")
    base_url = str(section.get("base_url") or "") or None
    title = str(section.get("feed_title") or "") or str(project.config.get("digest.title", "Weekly digest"))
    feed = FeedSettings(title=title, base_url=base_url, author=str(section.get("author") or "") or None,
                        project=str(project.config.get("project.name", "presswatch")))
    to = section.get("to") or []
    mail = MailSettings(sender=str(section.get("from") or "presswatch@localhost"),
                        recipients=[to] if isinstance(to, str) else [str(t) for t in to],
                        subject_prefix=str(section.get("subject_prefix") or ""))
    return feed, mail, base_url


def issue_documents(project: Project, number: int, conn: sqlite3.Connection) -> tuple[Digest, dict[str, bytes]]:
    """The issue and the bytes of each published form (the feeds hold every approved issue)."""
    row = conn.execute("SELECT id FROM digests WHERE number = ? AND status = 'approved'", (number,)).fetchone()
    if row is None:
        raise DigestNotFound(f"no approved issue #{number}; `presswatch digest list --approved` shows the issues, "
                             "`presswatch digest approve ID` makes one")
    feed, mail, base_url = settings_of(project)
    issue = load_digest(conn, int(row[0]))
    content = issue_content(issue, base_url=base_url)
    contents: list[IssueContent] = [issue_content(d, base_url=base_url) for d in _issues(conn)]
    docs = {"html": render_page(content).encode("utf-8"), "md": render_markdown(content).encode("utf-8"),
            "eml": message_bytes(content, mail), "atom": atom_feed(contents, feed), "rss": rss_feed(contents, feed)}
    return issue, docs


def publish_issue(project: Project, number: int, *, out_dir: str | Path | None = None,
                  formats: tuple[str, ...] | list[str] = FORMATS, send_mail: bool = False) -> PublishResult:
    """Publish approved issue ``number`` into ``out_dir`` (default ``[publish] out_dir``): ``issue-NNNN.html``,
    ``.md``, ``.eml``, ``feed.atom``, ``feed.rss``. Publishing again writes the same bytes. With
    ``send_mail`` the email also goes to ``[publish] to`` through ``[publish] smtp_host``."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise DigestError(f"unknown format {', '.join(unknown)}; use {', '.join(FORMATS)}")
    folder = Path(out_dir) if out_dir is not None else Path(str(project.config.get("publish.out_dir", "published")))
    if not folder.is_absolute():
        folder = project.root / folder
    conn = project.connect()
    try:
        issue, docs = issue_documents(project, number, conn)
        names = {"html": f"issue-{number:04d}.html", "md": f"issue-{number:04d}.md",
                 "eml": f"issue-{number:04d}.eml", "atom": "feed.atom", "rss": "feed.rss"}
        files = []
        for fmt in formats:
            path = _guarded(project, folder / names[fmt])
            changed = _write(path, docs[fmt])
            files.append(PublishedFile(fmt, path, hashlib.sha256(docs[fmt]).hexdigest(), changed))
        sent: list[str] = []
        if send_mail:
            smtp = SmtpSettings.from_config(project.config.section("publish"))
            _, mail, base_url = settings_of(project)
            sent = send(build_message(issue_content(issue, base_url=base_url), mail), smtp)   # the .eml's message
        now = utcnow()
        with transaction(conn):
            for f in files:
                conn.execute("INSERT OR REPLACE INTO digest_publications (digest_id, format, target, sha256, "
                             "published_at) VALUES (?, ?, ?, ?, ?)", (issue.id, f.format, str(f.path), f.sha256, now))
            if sent:
                conn.execute("INSERT OR REPLACE INTO digest_publications (digest_id, format, target, sha256, "
                             "published_at) VALUES (?, 'smtp', ?, ?, ?)",
                             (issue.id, ", ".join(sent), hashlib.sha256(docs["eml"]).hexdigest(), now))
        return PublishResult(number=number, digest_id=issue.id or 0, files=files, sent_to=sent)
    finally:
        conn.close()
