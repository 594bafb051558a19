"""Work per new unit of the archive-wide stages stays bounded as the archive grows (issue 13).

Counted, never timed: SQLite virtual-machine steps (``set_progress_handler``), linker builds, candidate
pairs examined. Each test builds a small and a larger archive and checks that what a batch of new units
costs does not grow with what is already stored (bench/scale.py draws the timed curves).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from presswatch.config import Config
from presswatch.project import Project
from presswatch.runner.archive import run_stages
from presswatch.store.db import StepCounter, counting_steps, transaction, utcnow


def archive(tmp_path: Path, name: str) -> Project:
    root = tmp_path / name
    root.mkdir()
    (root / "presswatch.toml").write_text("[process]\nworkers = 1\n[entities]\nuse_spacy = false\n"
                                          "[quotes]\nuse_spacy = false\n", encoding="utf-8")
    return Project.init(root)


def add_units(conn: sqlite3.Connection, n: int, start: int = 0) -> list[int]:
    """``n`` one-unit pages stored as processed (what per-page processing leaves for archive stages)."""
    now = utcnow()
    ids = []
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('x', 1, x'00')")
        for i in range(start, start + n):
            page = conn.execute("INSERT INTO pages (key, first_seen) VALUES (?, ?)", (f"p{i}", now)).lastrowid
            version = conn.execute(
                """INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location,
                   status) VALUES (?, 1, 'x', 'text', ?, ?, 'processed')""", (page, now, f"p{i}")).lastrowid
            ids.append(int(conn.execute(
                "INSERT INTO units (version_id, page_id, ordinal, kind, text) VALUES (?, ?, 0, 'article', ?)",
                (version, page, f"unit {i}")).lastrowid or 0))
    return ids


class Recording:
    """An archive stage that does nothing but note the SQLite steps counted when each batch starts and
    ends, so the runner's own work between batches (pending-unit queries, done marks) can be read off."""

    name = "probe"

    def __init__(self, counter: StepCounter) -> None:
        self.counter = counter
        self.marks: list[tuple[int, int]] = []

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        self.marks.append((self.counter.ticks, len(unit_ids)))
        return Counter(units=len(unit_ids))


def runner_gaps(conn: sqlite3.Connection, done: int, new: int) -> list[int]:
    """Steps the runner spends between consecutive batches over ``new`` units, ``done`` already handled."""
    old = add_units(conn, done)
    if old:
        conn.executemany("INSERT INTO stage_done (stage, unit_id, done_at) VALUES ('probe', ?, 'x')",
                         [(u,) for u in old])
        conn.commit()
    add_units(conn, new, start=done)
    with counting_steps(conn, 100) as counter:
        stage = Recording(counter)
        run_stages(conn, Config(), [stage], batch=100)
    starts = [s for s, _n in stage.marks]
    assert sum(n for _s, n in stage.marks) == new
    return [b - a for a, b in zip(starts, starts[1:], strict=False)]


def test_each_batch_of_an_archive_stage_starts_where_the_last_ended_not_at_the_first_unit(tmp_path: Path) -> None:
    small = archive(tmp_path, "small").connect()
    big = archive(tmp_path, "big").connect()
    try:
        few = runner_gaps(small, done=200, new=500)
        many = runner_gaps(big, done=8000, new=500)
    finally:
        small.close()
        big.close()
    # 40x the units already done: a query that re-reads every done unit per batch costs ~40x; one that
    # starts after the last batch costs the same
    assert len(few) == len(many) == 4
    assert max(many) <= 2 * max(few) + 20, (few, many)


ORIGINAL = ("Prime Minister Edi Rama said in Tirana on Monday that 4,512 families in 38 villages would get "
            "new homes before the winter.\n"
            "The programme costs 214 million euros and the last houses will be finished by 2031, the "
            "government said in a statement.")
TRANSLATION = ("Kryeministri Edi Rama tha të hënën në Tiranë se 4.512 familje në 38 fshatra do të marrin "
               "shtëpi të reja para dimrit.\n"
               "Programi kushton 214 milionë euro dhe shtëpitë e fundit do të përfundojnë deri në 2031, "
               "tha qeveria në një njoftim.")
OTHER_STORY = ("Today in Tirana, Prime Minister Edi Rama spoke to reporters about the city budget and the "
               "new roads, item {n} on the list.\n"
               "He said that the work would go on all year, with {m} workers on the ground.")


def translation_work(project: Project, others: int) -> tuple[Counter[str], bool, int]:
    """An English article and ``others`` English articles on other stories that name the same people and
    places; then its Albanian translation arrives. Returns the translation stage's work for that unit,
    whether the pair was linked, and the strong anchors of the translation."""
    from presswatch.reuse.fixtures import add_unit
    from presswatch.reuse.links import links_of
    from presswatch.reuse.stage import TranslationStage
    from presswatch.reuse.translation import Text

    conn = project.connect()
    try:
        original = add_unit(conn, "en/original", ORIGINAL, lang="en", published="2026-03-02")
        for k in range(others):
            add_unit(conn, f"en/other-{k}", OTHER_STORY.format(n=10_000 + k, m=20_000 + k), lang="en",
                     published="2026-03-01")
        run_stages(conn, Config(), [TranslationStage()])
        translated = add_unit(conn, "sq/translation", TRANSLATION, lang="sq", published="2026-03-03")
        stage = TranslationStage()
        run_stages(conn, Config(), [stage])
        linked = any({lk.a, lk.b} == {original, translated}
                     for lk in links_of(conn, "unit", [translated], ["translation_of"]))
        anchors = len(Text.of(translated, TRANSLATION, "sq").strong_anchors())
        return stage.work, linked, anchors
    finally:
        conn.close()


def test_translation_candidates_stay_few_however_many_articles_share_a_name(tmp_path: Path) -> None:
    few, few_linked, _ = translation_work(archive(tmp_path, "few"), 10)
    many, many_linked, anchors = translation_work(archive(tmp_path, "many"), 120)
    assert few_linked and many_linked
    # 120 other-story articles share "Edi", "Rama", "Tirana" with the new one: all of them were
    # candidates (up to max_candidates) when any two shared anchors proposed a pair; proposed by a rare
    # anchor (its own numbers), only the original is
    assert many["candidates"] <= max(few["candidates"], 2), (few, many)
    assert many["postings_read"] <= anchors * (500 + 1)


def test_the_entity_linker_is_built_once_per_run_unless_another_connection_wrote(tmp_path: Path) -> None:
    from presswatch.entities.stage import EntitiesStage
    from presswatch.reuse.fixtures import add_unit

    project = archive(tmp_path, "ents")
    conn = project.connect()
    try:
        for k in range(7):
            add_unit(conn, f"en/{k}", f"Teuta Berisha of the National Energy Agency (NEA) said on Monday that "
                                      f"{1000 + k} homes in Tirana had no power. Berisha spoke after a meeting.",
                     lang="en")
        stage = EntitiesStage(project.config)
        run_stages(conn, project.config, [stage], batch=2)        # four batches, one build
        assert stage._linkers.builds == 1
        mentions = conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        assert mentions >= 7 * 3
        # an editor (another connection) writes meanwhile: the next batch builds the linker again
        add_unit(conn, "en/7", "Teuta Berisha said the NEA would publish the figures.", lang="en")
        other = project.connect()
        with transaction(other):
            other.execute("UPDATE entity_aliases SET status = 'rejected' WHERE folded = 'nea'")
        other.close()
        run_stages(conn, project.config, [stage], batch=2)
        assert stage._linkers.builds == 2
    finally:
        conn.close()
