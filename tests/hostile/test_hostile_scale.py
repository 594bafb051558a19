"""Pages built to blow up a stage: the work of every stage grows at most n log n in the paragraphs of
one page (checked by counting work, never by time), and one page's size is bounded by limits."""

from __future__ import annotations

from pathlib import Path

import generators as gen
import pytest

from presswatch.api import ingest, search, status
from presswatch.project import Project
from presswatch.reuse.index import index_tables, recount
from presswatch.search.query import QueryError, parse_query
from presswatch.store.db import counting_steps

SETTINGS = """
[process]
workers = 1
[entities]
use_spacy = false
[reuse]
max_postings = 50
"""


def make(root: Path, extra: str = "") -> Project:
    root.mkdir(parents=True)
    (root / "presswatch.toml").write_text(SETTINGS + extra, encoding="utf-8")
    return Project.init(root)


def reuse_steps(project: Project, folder: Path) -> int:
    """Ingest ``folder``, then run the reuse stage again over the units it added (their index rows
    removed first; what was indexed before stays), counting SQLite virtual-machine steps: the work of
    every lookup, whatever code issues it."""
    from presswatch.reuse.stage import ReuseStage

    conn = project.connect()
    before = {int(r[0]) for r in conn.execute("SELECT id FROM units")}
    conn.close()
    ingest(project, [folder], progress=False)
    conn = project.connect()
    try:
        new = sorted({int(r[0]) for r in conn.execute("SELECT id FROM units")} - before)
        marks = ",".join("?" * len(new))
        passages = f"SELECT id FROM passages WHERE unit_id IN ({marks})"
        conn.execute("BEGIN IMMEDIATE")
        for table in index_tables("reuse_fp") + index_tables("reuse_bands"):
            conn.execute(f"DELETE FROM {table} WHERE passage_id IN ({passages})", new)
        recount(conn)
        conn.execute(f"DELETE FROM reuse_sig WHERE unit_id IN ({marks})", new)
        conn.execute("COMMIT")
        with counting_steps(conn, 1000) as counter:
            ReuseStage().run(conn, project.config, new)
        return counter.ticks
    finally:
        conn.close()


def near_folder(tmp_path: Path, name: str, n: int) -> Path:
    folder = tmp_path / f"{name}-in"
    folder.mkdir()
    (folder / "near.html").write_bytes(gen.near_identical_page(n))
    return folder


@pytest.mark.hostile("scale")
def test_near_identical_paragraphs_cost_linear_reuse_work_and_a_later_small_ingest_is_cheap(tmp_path: Path) -> None:
    small = reuse_steps(make(tmp_path / "a"), near_folder(tmp_path, "a", 150))
    big_project = make(tmp_path / "b")
    big = reuse_steps(big_project, near_folder(tmp_path, "b", 600))
    # 4x the paragraphs: linear work is about 4x, quadratic lookups (every passage reading every
    # posting of its shared buckets) 16x.
    assert small > 0 and big <= 7 * small, (small, big)
    later = tmp_path / "later"
    later.mkdir()
    for i in range(4):
        (later / f"s{i}.html").write_bytes(gen.near_identical_page(3).replace(b"meeting", f"sitting {i}".encode()))
    alone = reuse_steps(make(tmp_path / "c"), later)
    after_big = reuse_steps(big_project, later)        # the same small files on the archive of the big page
    print("reuse VM steps/1000:", {"150": small, "600": big, "small alone": alone, "small after big": after_big})
    assert after_big <= 10 * alone, (alone, after_big)


@pytest.mark.hostile("scale")
def test_a_page_over_the_paragraph_limit_is_quarantined_with_its_reason(tmp_path: Path) -> None:
    project = make(tmp_path / "p")
    cfg = project.root / "presswatch.toml"
    cfg.write_text(cfg.read_text().replace("workers = 1\n", "workers = 1\nmax_paragraphs = 100\n"
                                           "max_text_chars = 200000\n"), encoding="utf-8")
    project = Project.open(project.root)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "near.html").write_bytes(gen.near_identical_page(300))
    (tmp_path / "in" / "random.html").write_bytes(gen.random_words_page(60_000))
    (tmp_path / "in" / "ok.html").write_bytes(gen.good_page(1))
    report = ingest(project, [tmp_path / "in"], progress=False)
    assert report.counts["processed"] == 1 and report.counts["quarantined:too_large_page"] == 2
    info = status(project)
    assert info.skips_by_reason == {"too_large_page": 2} and info.skip_hints["too_large_page"]


@pytest.mark.hostile("scale")
def test_a_word_repeated_3000_times_is_one_term_and_too_many_terms_are_refused(tmp_path: Path) -> None:
    query = parse_query("water " * 3000)
    assert len(query.groups) == 1 and query.fts() == '"water"'
    project = make(tmp_path / "q")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(gen.good_page(1))
    ingest(project, [tmp_path / "in"], progress=False)
    assert search(project, "water " * 3000) == search(project, "water")
    with pytest.raises(QueryError, match="max_query_terms"):
        search(project, " ".join(f"word{i}" for i in range(100)))
