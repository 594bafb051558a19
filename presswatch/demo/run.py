"""Build a demo project: copy the sample corpus, ingest it, write the digest and an export."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from presswatch.config import CONFIG_FILE, Config
from presswatch.contracts import ProgressCallback
from presswatch.digest.build import build_digest
from presswatch.digest.render import render_html, render_markdown
from presswatch.digest.run import write_text_atomic
from presswatch.export.jsonl import export_project
from presswatch.ingest.run import ingest
from presswatch.models import Skip
from presswatch.project import Project
from presswatch.runner import after_store

# The sample corpus covers one week.
DEMO_FROM = "2026-03-09"
DEMO_TO = "2026-03-15"
CORPUS_SUFFIXES = (".html", ".txt", ".jsonl", ".eml")
DEMO_NAME = "presswatch demo"  # the project name the demo writes; it reuses only such projects


@dataclass
class DemoReport:
    root: Path
    created: bool                      # the folder was made by the demo (safe to delete)
    files: int = 0
    pages: int = 0
    units: int = 0
    passages: int = 0
    units_by_kind: dict[str, int] = field(default_factory=dict)
    units_by_lang: dict[str, int] = field(default_factory=dict)
    passages_by_lang: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    skips: list[Skip] = field(default_factory=list)
    ingest_counts: Counter[str] = field(default_factory=Counter)
    digest_items: int = 0
    digest_sections: dict[str, int] = field(default_factory=dict)
    digest_left_out: dict[str, int] = field(default_factory=dict)   # reason -> articles not listed
    digest_md: Path | None = None
    digest_html: Path | None = None
    export_path: Path | None = None
    export_counts: dict[str, int] = field(default_factory=dict)

    def next_commands(self, available: set[str] | None = None) -> list[str]:
        """Commands to try next (only those the installed presswatch has, when ``available`` is given)."""
        p = f"presswatch --project {self.root}"
        candidates = [
            ("search", f'{p} search "Lumëzi dam"'),
            ("status", f"{p} status"),
            ("digest", f"{p} digest --from {DEMO_FROM} --to {DEMO_TO} --format html -o week.html"),
            ("export", f"{p} export -o units.jsonl --types unit"),
        ]
        return [cmd for name, cmd in candidates if available is None or name in available][:3]

    def serve_command(self) -> str:
        """The command that opens this project in the web UI (the demo's last line)."""
        return f"presswatch serve --project {self.root}"


def corpus_files() -> list[tuple[str, bytes]]:
    """The sample corpus shipped with presswatch: (file name, bytes), sorted by name."""
    folder = resources.files("presswatch.demo").joinpath("corpus")
    found = [(entry.name, entry.read_bytes()) for entry in folder.iterdir()
             if entry.is_file() and entry.name.endswith(CORPUS_SUFFIXES)]
    return sorted(found)


def _prepare(target_dir: str | Path | None) -> tuple[Path, bool]:
    if target_dir is None:
        return Path(tempfile.mkdtemp(prefix="presswatch-demo-")).resolve(), True
    root = Path(target_dir).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ValueError(f"{root} is a file; give the demo a new or empty folder")
    if root.exists() and any(root.iterdir()) and not (root / CONFIG_FILE).exists():
        raise ValueError(f"{root} is not empty and is not a presswatch project; "
                         "give the demo a new or empty folder (or leave out --dir for a temporary one)")
    if (root / CONFIG_FILE).exists() and Config.load(root).get("project.name") != DEMO_NAME:
        raise ValueError(f"{root} is a presswatch project the demo did not make; the demo would add its sample "
                         "pages to that archive. Give the demo a new or empty folder")
    created = not root.exists() or not any(root.iterdir())
    return root, created


def run_demo(target_dir: str | Path | None = None, *, progress: ProgressCallback | None = None) -> DemoReport:
    """Create a demo project in ``target_dir`` (default: a new temporary folder) and fill it.

    The sample corpus is copied to ``<dir>/corpus``, ingested and processed with the normal pipeline;
    the digest for the corpus week is written as ``digest.md`` and ``digest.html`` and the archive as
    ``export.jsonl``. Running it again on the same folder changes nothing already stored.
    """
    root, created = _prepare(target_dir)
    project = Project.init(root, name=DEMO_NAME)
    corpus = root / "corpus"
    corpus.mkdir(exist_ok=True)
    files = corpus_files()
    for name, data in files:
        target = corpus / name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    report = DemoReport(root=root, created=created, files=len(files))
    result = ingest(project, [corpus], progress=progress, after_store=after_store(project.config, progress))
    report.ingest_counts = result.counts
    report.skips = list(result.skips)

    conn = project.connect()
    try:
        digest = build_digest(conn, DEMO_FROM, DEMO_TO, title=f"presswatch demo digest, {DEMO_FROM} to {DEMO_TO}",
                              lead_count=int(project.config.get("digest.lead_sentences", 2)))
        one = lambda sql: int(conn.execute(sql).fetchone()[0])  # noqa: E731
        report.pages = one("SELECT COUNT(*) FROM pages")
        report.units = one("SELECT COUNT(*) FROM units")
        report.passages = one("SELECT COUNT(*) FROM passages")
        report.quarantined = one("SELECT COUNT(*) FROM page_versions WHERE status = 'quarantined'")
        group = "SELECT {col}, COUNT(*) FROM {table} GROUP BY {col} ORDER BY COUNT(*) DESC, {col}"
        report.units_by_kind = {r[0]: r[1] for r in conn.execute(group.format(col="kind", table="units"))}
        report.units_by_lang = {r[0]: r[1] for r in conn.execute(group.format(col="lang", table="units"))}
        report.passages_by_lang = {r[0]: r[1] for r in conn.execute(group.format(col="lang", table="passages"))}
        if not report.skips:  # a re-run reads nothing new: show what the archive recorded
            report.skips = [Skip(r[0], r[1], r[2]) for r in conn.execute(
                "SELECT location, reason, message FROM skips ORDER BY id")]
    finally:
        conn.close()
    report.digest_items = len(digest.items)
    report.digest_sections = {code: len(items) for code, items in digest.sections()}
    report.digest_left_out = dict(digest.left_out)
    report.digest_md = root / "digest.md"
    report.digest_html = root / "digest.html"
    write_text_atomic(report.digest_md, render_markdown(digest))
    write_text_atomic(report.digest_html, render_html(digest))
    report.export_path = root / "export.jsonl"
    report.export_counts = dict(export_project(project, report.export_path))
    return report


def remove_demo(report: DemoReport) -> bool:
    """Delete the demo folder if the demo created it; return whether it did."""
    if report.created and (report.root / CONFIG_FILE).exists():
        shutil.rmtree(report.root)
        return True
    return False
