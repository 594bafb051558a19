"""The per-unit features the "prepare" page component makes in the worker processes (reuse signatures,
translation paragraphs, word case) give exactly the archive the writer made alone before: same reuse
and translation links, entities, mentions and quotes. And a re-run of each archive stage on a stored
archive (with or without stored features) gives the same result again."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from presswatch.api import ingest
from presswatch.cli.progress import Bars
from presswatch.contracts import Progress
from presswatch.project import Project
from presswatch.runner import rerun_stage
from presswatch.runner.archive import Overlap, run_stages
from presswatch.runner.build import DEFAULT_STAGES, archive_specs, archive_stages, build_pipeline
from presswatch.runner.pages import process_pending

RULES_ONLY = "\n[entities]\nuse_spacy = false\n\n[quotes]\nuse_spacy = false\n"
OLD_PATH = [s for s in DEFAULT_STAGES if s != "prepare"]


def corpus(tmp_path: Path) -> Path:
    """The demo corpus (two languages, copies, translations, recurring names), plus copies of two of its
    pages under other names so reuse has exact and near copies across pages."""
    src = tmp_path / "corpus"
    src.mkdir()
    folder = resources.files("presswatch.demo").joinpath("corpus")
    for item in folder.iterdir():
        if item.name.endswith((".html", ".txt", ".eml", ".jsonl")):
            (src / item.name).write_bytes(item.read_bytes())
    pages = sorted(src.glob("*.html"))
    assert len(pages) >= 4
    for page in pages[:2]:
        shutil.copy(page, src / f"repost-{page.name}")
    return src


def make(tmp_path: Path, name: str, src: Path, stages: list[str] | None = None) -> Project:
    project = Project.init(tmp_path / name)
    extra = RULES_ONLY + "\n[process]\nworkers = 1\n"
    if stages is not None:
        extra = RULES_ONLY + "\n[process]\nworkers = 1\nstages = [" + ", ".join(f'"{s}"' for s in stages) + "]\n"
    with open(project.root / "presswatch.toml", "a", encoding="utf-8") as fh:
        fh.write(extra)
    project = Project.open(project.root)
    ingest(project, [src])
    return project


def snapshot(project: Project) -> dict[str, Any]:
    conn = project.connect()
    conn.row_factory = sqlite3.Row
    try:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in conn.execute(sql)]
        return {
            "links": rows("SELECT kind, level, a, b, round(score, 6), detail FROM links ORDER BY kind, level, a, b"),
            "entities": rows("SELECT id, name, kind, source, merged_into FROM entities ORDER BY id"),
            "aliases": rows("SELECT entity_id, alias, source, status FROM entity_aliases ORDER BY entity_id, alias"),
            "mentions": rows('SELECT unit_id, passage_id, start, "end", entity_id, surface, method FROM mentions '
                             'ORDER BY unit_id, passage_id, start, entity_id'),
            "quotes": rows('SELECT unit_id, passage_id, speaker, speaker_entity_id, cue, text, start, "end", direct, '
                           "outlet, lang FROM quotes ORDER BY unit_id, start, text"),
            "reuse_sig": rows("SELECT passage_id, unit_id, shingles, exact, sig FROM reuse_sig ORDER BY passage_id"),
            "anchors": rows("SELECT anchor, unit_id FROM (SELECT anchor, unit_id FROM reuse_anchors UNION ALL SELECT anchor, unit_id FROM reuse_anchors_l0) ORDER BY anchor, unit_id"),
            "suggestions": rows("SELECT * FROM merge_suggestions ORDER BY 1"),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Project]:
    tmp = tmp_path_factory.mktemp("prepared")
    src = corpus(tmp)
    return make(tmp, "new", src), make(tmp, "old", src, OLD_PATH)


def test_features_are_made_in_the_page_pass_and_stored(archives: tuple[Project, Project]) -> None:
    new, old = archives
    for project, expected in ((new, True), (old, False)):
        conn = project.connect()
        try:
            units = conn.execute("SELECT COUNT(*) FROM units").fetchone()[0]
            prepared = conn.execute("SELECT COUNT(*) FROM unit_prepared").fetchone()[0]
        finally:
            conn.close()
        assert units > 20
        assert (prepared == units) is expected and (prepared == 0) is not expected


def test_same_archive_as_the_writer_alone(archives: tuple[Project, Project]) -> None:
    new, old = archives
    a, b = snapshot(new), snapshot(old)
    # the corpus exercises every stage: copies, translations, names, quotes
    assert {k for k, *_ in a["links"]} >= {"duplicate", "copy_of", "translation_of"}
    assert len(a["mentions"]) > 50 and len(a["quotes"]) > 5 and len(a["entities"]) > 10
    for key in a:
        assert a[key] == b[key], key


@pytest.mark.parametrize("stage", ["sites", "reuse", "translation", "entities", "quotes"])
def test_rerun_of_each_archive_stage_gives_the_same_archive(archives: tuple[Project, Project], stage: str) -> None:
    new, _old = archives
    before = snapshot(new)
    conn = new.connect()
    try:
        rerun_stage(conn, new.config, stage)
    finally:
        conn.close()
    assert snapshot(new) == before


def test_rerun_without_stored_features_prepares_in_the_writer(tmp_path: Path) -> None:
    """An archive made before the "prepare" component (no stored features): re-running reuse (and so
    translation, its dependant) and entities (and quotes) recomputes the features in the writer."""
    src = corpus(tmp_path)
    project = make(tmp_path, "p", src)
    before = snapshot(project)
    conn = project.connect()
    try:
        conn.execute("DELETE FROM unit_prepared")
        conn.commit()
        reuse = rerun_stage(conn, project.config, "reuse")
        entities = rerun_stage(conn, project.config, "entities")
    finally:
        conn.close()
    assert reuse["reuse:passages_prepared_in_workers"] == 0 and reuse["reuse:passages_indexed"] > 0
    assert entities["entities:case_in_workers"] == 0 and entities["entities:units"] > 0
    assert snapshot(project) == before


def process_in_batches(project: Project, batch: int, overlapped: bool,
                       events: list[Progress] | None = None) -> Overlap | None:
    conn = project.connect()
    try:
        stages = archive_stages(project.config)
        listen = events.append if events is not None else None
        overlap = (Overlap(conn, project.config, stages, archive_specs(project.config), batch=batch, progress=listen)
                   if overlapped else None)
        process_pending(conn, build_pipeline(project.config), between=overlap, progress=listen)
        run_stages(conn, project.config, stages, batch=batch, overlap=overlap, progress=listen)
        return overlap
    finally:
        conn.close()


def test_stages_overlapped_with_page_processing_give_the_same_archive(tmp_path: Path) -> None:
    """reuse, entities and quotes on full batches while pages are still written (as in `ingest`),
    sites and translation after: the same archive as every stage after every page, batch for batch."""
    src = corpus(tmp_path)
    archives = []
    for name, overlapped in (("overlapped", True), ("after", False)):
        project = Project.init(tmp_path / name)
        with open(project.root / "presswatch.toml", "a", encoding="utf-8") as fh:
            fh.write(RULES_ONLY + "\n[process]\nworkers = 1\n")
        project = Project.open(project.root)
        ingest(project, [src], process=False)
        events: list[Progress] = []
        overlap = process_in_batches(project, 16, overlapped, events)
        if overlap is not None:
            assert [s.name for s in overlap.stages] == ["reuse", "entities", "quotes"]
            assert overlap.done["entities"] >= 32 and overlap.done["quotes"] == overlap.done["entities"]
            # progress: batches between pages come before the last page, then the same count goes on
            entities = [e for e in events if e.stage == "entities"]
            last_page = max(i for i, e in enumerate(events) if e.stage == "process")
            assert events.index(entities[0]) < last_page and entities[0].note == "while pages are processed"
            assert [e.done for e in entities] == sorted(e.done for e in entities)
            assert entities[-1].done == entities[-1].total and "of its own" in entities[-1].note
            bars = Bars(io.StringIO())
            for event in events:
                bars(event)
            bars.close()
            line = next(x for x in bars.lines if x.startswith("entities:"))
            assert re.match(r"entities: [\d,]+ units in [\d.]+ s, [\d,.]+ units/s \([\d.]+ s of its own, [\d,]+ "
                            r"units between pages\)$", line), line
        archives.append(snapshot(project))
    assert archives[0]["mentions"] and archives[0]["links"]
    for key in archives[0]:
        assert archives[0][key] == archives[1][key], key
