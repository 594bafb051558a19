"""Ingest runs end to end: versions, no-op re-ingest, recorded skips in status, kill -9 and resume."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from presswatch.api import ingest, status
from presswatch.cli import cli
from presswatch.project import Project

ARTICLE = """<html><head><title>{title}</title><meta charset="{charset}"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{body}</p>
<p>The council met on Tuesday to discuss the proposal, which would change how the city funds
public transport over the next ten years. Several members asked for more time to study the costs.</p>
<p>Residents who attended the meeting said they were worried about fares and about the long delays
on the northern lines, and the mayor promised a public hearing before any final vote is taken.</p>
</article><footer>Copyright Example News</footer></body></html>"""
ALBANIAN = ("Qeveria shqiptare njoftoi sot se do të rrisë pagat e mësuesve dhe mjekëve që nga muaji i "
            "ardhshëm. Kryeministri tha se kjo është një çështje e rëndësishme për të gjithë qytetarët e "
            "Shqipërisë, ndërsa opozita kërkoi një debat në parlament për buxhetin e vitit të ardhshëm.")


def make_project(tmp_path: Path, extra: str = "\n[entities]\nuse_spacy = false\n") -> Project:
    project = Project.init(tmp_path / "proj")
    with open(project.root / "presswatch.toml", "a", encoding="utf-8") as fh:
        fh.write(extra)
    return Project.open(project.root)


WORDS = ("council budget river market school harbour railway festival museum election court bridge "
         "farmers library hospital workers tunnel airport stadium forest valley police teachers drivers "
         "union tax water energy housing museum mayor minister garden coast island village").split()


def distinct_page(i: int) -> str:
    """A small page whose text shares no sentence with the others (no near-duplicates)."""
    rng = random.Random(i)
    paras = [" ".join(rng.choice(WORDS) for _ in range(25)) + "." for _ in range(3)]
    return ("<html><head><title>Page {0}</title></head><body><article><h1>Headline {0}</h1><p>{1}</p>"
            "<p>{2}</p><p>{3}</p></article></body></html>").format(i, *paras)


def article(i: int, charset: str = "utf-8", body: str | None = None) -> str:
    return ARTICLE.format(title=f"Story {i}: transport plan", charset=charset,
                          body=body or f"Report number {i} from the city desk about plan {i * 7919 % 1000}.")


def test_reingest_is_a_noop_and_a_changed_file_is_a_new_version(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_text(article(1))
    (src / "b.htm").write_bytes(article(2, "iso-8859-1", ALBANIAN).encode("cp1252"))
    report = ingest(project, [src], progress=False)
    assert report.counts["new_page"] == 2 and report.counts["processed"] == 2
    again = ingest(project, [src], progress=False)
    assert again.counts["unchanged"] == 2 and again.counts["new_page"] == 0 and "processed" not in again.counts
    (src / "a.html").write_text(article(1, body="A corrected report from the city desk about the plan."))
    third = ingest(project, [src], progress=False)
    assert third.counts["new_version"] == 1 and third.counts["processed"] == 1
    conn = project.connect(readonly=True)
    rows = conn.execute("SELECT p.path, v.version FROM page_versions v JOIN pages p ON p.id = v.page_id "
                        "ORDER BY p.path, v.version").fetchall()
    assert [(Path(r[0]).name, r[1]) for r in rows] == [("a.html", 1), ("a.html", 2), ("b.htm", 1)]
    text = conn.execute("SELECT group_concat(text, ' ') FROM units u JOIN pages p ON p.id = u.page_id "
                        "WHERE p.path LIKE '%b.htm'").fetchone()[0]
    assert "çështje e rëndësishme" in text  # ISO-8859-1 declared, decoded right end to end
    conn.close()


def test_bad_input_is_counted_recorded_and_shown_by_status(tmp_path: Path) -> None:
    project = make_project(tmp_path, "\n[ingest]\nmax_bytes = 200000\n[extract]\nmax_depth = 100\n"
                                     "[entities]\nuse_spacy = false\n")
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.html").write_text(article(1))
    (src / "empty.html").write_bytes(b"")
    (src / "junk.html").write_bytes(os.urandom(3000))
    (src / "huge.html").write_text(article(2, body="word " * 60_000))
    (src / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000, compresslevel=1))
    (src / "cut.html.gz").write_bytes(gzip.compress(article(3).encode())[:-40])
    (src / "deep.html").write_text("<html><body>" + "<div>" * 5000 + "deep</body></html>")
    (src / "lines.jsonl").write_text(json.dumps({"url": "https://x.example/1", "html": article(4)}) + "\n{oops\n")
    report = ingest(project, [src], progress=False)
    c = report.counts
    assert c["new_page"] == 3 and c["processed"] == 2  # good.html, the JSONL line; deep.html is quarantined
    assert c["skipped:empty"] == 1 and c["skipped:binary"] == 1 and c["skipped:too_large"] == 2
    assert c["skipped:truncated"] == 1 and c["skipped:invalid_jsonl"] == 1
    assert c["quarantined:too_deep"] == 1
    info = status(project)
    assert info.skips_by_reason == {"too_large": 2, "binary": 1, "empty": 1, "truncated": 1,
                                       "invalid_jsonl": 1, "too_deep": 1}
    assert info.skipped_total == 7 and info.quarantined == 1
    result = CliRunner().invoke(cli, ["--project", str(project.root), "status"])
    assert result.exit_code == 0, result.output
    assert "too_large" in result.output and "invalid_jsonl" in result.output and "deep.html" in result.output
    # Nothing stored is lost when the same bad input comes again; skips are re-counted, not duplicated.
    before = status(project).counts
    ingest(project, [src], progress=False)
    assert status(project).counts == before
    conn = project.connect(readonly=True)
    times = {r[0]: r[1] for r in conn.execute("SELECT reason, MAX(times) FROM skips GROUP BY reason")}
    # reader skips are seen again; the quarantined version is not retried unless asked
    assert times == {"empty": 2, "binary": 2, "too_large": 2, "truncated": 2, "invalid_jsonl": 2, "too_deep": 1}
    assert conn.execute("SELECT COUNT(*) FROM skips").fetchone()[0] == 7
    conn.close()


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_kill_9_during_ingest_then_the_same_command_finishes_without_duplicates(tmp_path: Path) -> None:
    n = 200
    src = tmp_path / "in"
    for i in range(n):
        folder = src / f"d{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page{i:03}.html").write_text(distinct_page(i))
    # spaCy NER is left out to keep the test fast; it is not what this test is about.
    killed = make_project(tmp_path, "\n[ingest]\nbatch_size = 4\n[entities]\nuse_spacy = false\n")
    command = [sys.executable, "-m", "presswatch", "--project", str(killed.root), "ingest", "-q", str(src)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if _count(killed.db_path, "SELECT COUNT(*) FROM pages") >= 8:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    db = killed.db_path
    assert _count(db, "SELECT COUNT(*) FROM runs WHERE kind = 'ingest' AND finished_at IS NULL") == 1
    assert _count(db, "SELECT COUNT(*) FROM page_versions WHERE status = 'processed'") < n

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db, "SELECT COUNT(*) FROM pages") == n
    assert _count(db, "SELECT COUNT(*) FROM page_versions") == n
    assert _count(db, "SELECT COUNT(*) FROM blobs") == n
    assert _count(db, "SELECT COUNT(*) FROM page_versions WHERE status = 'processed'") == n
    assert _count(db, "SELECT COUNT(*) FROM (SELECT version_id FROM units GROUP BY version_id, ordinal "
                      "HAVING COUNT(*) > 1)") == 0
    passages = _count(db, "SELECT COUNT(*) FROM passages")
    assert passages > 0 and _count(db, "SELECT COUNT(*) FROM passage_fts") == passages
    # the killed run no longer shows as running: its process is gone
    assert _count(db, "SELECT COUNT(*) FROM runs WHERE status = 'interrupted'") == 1
    assert _count(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'") == 0

    # The same files ingested in one uninterrupted run give exactly the same archive.
    clean = make_project(tmp_path / "clean", "\n[entities]\nuse_spacy = false\n")
    report = ingest(clean, [src], progress=False)
    assert report.counts["processed"] == n
    for sql in ("SELECT COUNT(*) FROM units", "SELECT COUNT(*) FROM passages", "SELECT COUNT(*) FROM passage_fts"):
        assert _count(clean.db_path, sql) == _count(db, sql), sql


def test_warc_and_eml_end_to_end_with_passed_over_counts(tmp_path: Path) -> None:
    from test_ingest_readers import make_warc

    project = make_project(tmp_path)
    src = tmp_path / "in"
    src.mkdir()
    (src / "crawl.warc.gz").write_bytes(make_warc(True))
    eml = Path(__file__).parent / "data" / "ingest" / "newsletter.eml"
    (src / "copy1.eml").write_bytes(eml.read_bytes())
    (src / "copy2.eml").write_bytes(eml.read_bytes())  # same Message-ID: the same page, unchanged
    report = ingest(project, [src], progress=False)
    assert report.counts["new_page"] == 5 and report.counts["unchanged"] == 1
    assert report.counts["passed:warc_request"] == 4 and report.counts["passed:non_html"] == 1
    info = status(project)
    assert info.passed_over == {"non_html": 1, "warc_request": 4}
    assert info.counts["pages"] == 5 and info.counts["processed"] == 5
    conn = project.connect(readonly=True)
    row = conn.execute("SELECT u.title, u.author, u.outlet, v.declared_encoding FROM units u "
                       "JOIN pages p ON p.id = u.page_id JOIN page_versions v ON v.id = u.version_id "
                       "WHERE p.key LIKE 'mid:%'").fetchone()
    conn.close()
    assert row is not None and row[1] == "Arta Krasniqi" and row[2] == "Javore Shqiptare"
