"""Pages built to blow up a stage: the work of every stage grows at most n log n in the paragraphs of
one page (checked by counting work, never by time), and one page's size is bounded by limits."""

from __future__ import annotations

from pathlib import Path

import generators as gen
import pytest

from presswatch.api import ingest, search, status
from presswatch.project import Project
from presswatch.search.query import QueryError, parse_query

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


def reuse_work(tmp_path: Path, name: str, n: int) -> tuple[Project, int]:
    project = make(tmp_path / name)
    (tmp_path / f"{name}-in").mkdir()
    (tmp_path / f"{name}-in" / "near.html").write_bytes(gen.near_identical_page(n))
    report = ingest(project, [tmp_path / f"{name}-in"], progress=False)
    assert report.counts["passages"] == n
    return project, report.counts["reuse:postings_read"]


@pytest.mark.hostile("scale")
def test_near_identical_paragraphs_cost_linear_reuse_work_and_a_later_small_ingest_is_cheap(tmp_path: Path) -> None:
    _, small = reuse_work(tmp_path, "a", 150)
    project, big = reuse_work(tmp_path, "b", 600)
    # Quadratic lookups read every posting of a shared bucket for every passage: 600² / 150² = 16x.
    # Bounded buckets read at most max_postings + 1 rows per distinct key, once per run.
    assert big <= 4 * 1.5 * small, (small, big)
    assert big <= 600 * 20 * 51
    (tmp_path / "later").mkdir()
    for i in range(4):
        (tmp_path / "later" / f"s{i}.html").write_bytes(gen.near_identical_page(3).replace(b"meeting", b"sitting"))
    later = ingest(project, [tmp_path / "later"], progress=False)
    assert later.counts["processed"] == 4
    assert later.counts["reuse:postings_read"] <= 4 * 3 * 20 * 51     # bounded by the caps, not the archive


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
    assert info["skips_by_reason"] == {"too_large_page": 2} and info["skip_hints"]["too_large_page"]


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
