"""Per-page processing in worker processes writes exactly what one process writes."""

from __future__ import annotations

from pathlib import Path

from presswatch.api import ingest
from presswatch.pipeline.process import MIN_PARALLEL
from presswatch.project import Project

PAGE = """<html><head><title>Council vote {i}</title><meta name="author" content="Arta Gjoka"></head>
<body><article><h1>Council vote {i}</h1>
<p>The municipal council of Lumëz voted on proposal number {i} on Thursday after a long debate about
the hydropower dam and the farmland that the reservoir would flood in the valley.</p>
<p>Këshilli bashkiak i Lumëzit votoi të enjten për propozimin numër {i} pas një debati të gjatë për
digën dhe tokat bujqësore që rezervuari do të përmbyste.</p></article></body></html>"""


def make_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"page-{i:03d}.html").write_text(PAGE.format(i=i), encoding="utf-8")
    # input that can never succeed is quarantined the same way in both modes
    (folder / "deep.html").write_text("<div>" * 300 + "text" + "</div>" * 300, encoding="utf-8")


def snapshot(project: Project) -> tuple[list[tuple], list[tuple], list[tuple]]:
    conn = project.connect()
    units = [tuple(r) for r in conn.execute(
        'SELECT id, version_id, kind, title, author, lang, text FROM units ORDER BY id')]
    passages = [tuple(r) for r in conn.execute(
        'SELECT id, unit_id, lang, start, "end", text FROM passages ORDER BY id')]
    versions = [tuple(r) for r in conn.execute(
        "SELECT id, status, status_reason IS NOT NULL FROM page_versions ORDER BY id")]
    return units, passages, versions


def test_two_workers_write_the_same_archive_as_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, MIN_PARALLEL + 6)
    results = []
    for workers in (1, 2):
        project = Project.init(tmp_path / f"w{workers}")
        with open(project.root / "presswatch.toml", "a", encoding="utf-8") as fh:
            fh.write(f"\n[process]\nworkers = {workers}\n\n[entities]\nuse_spacy = false\n")
        report = ingest(Project.open(project.root), [corpus], progress=False)
        assert report.counts["processed"] == MIN_PARALLEL + 6
        assert report.counts["quarantined"] == 1
        assert report.counts["workers"] == (2 if workers == 2 else 0)  # the pool really ran
        results.append(snapshot(project))
    one, two = results
    assert one[0] and one[1]
    assert one == two
