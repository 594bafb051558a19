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


def add_site_pages(conn: sqlite3.Connection, host: str, n: int, start: int = 0, outlet: str | None = "Lumi News"
                   ) -> list[int]:
    """``n`` processed one-article pages of ``host``, the main article naming ``outlet`` (None: no outlet)."""
    now = utcnow()
    ids = []
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO blobs (hash, size, data) VALUES ('x', 1, x'00')")
        for i in range(start, start + n):
            url = f"https://{host}/news/{i}"
            page = conn.execute("INSERT INTO pages (key, url, first_seen) VALUES (?, ?, ?)", (url, url, now)).lastrowid
            version = conn.execute(
                """INSERT INTO page_versions (page_id, version, content_hash, media_type, fetched_at, location,
                   status) VALUES (?, 1, 'x', 'html', ?, ?, 'processed')""", (page, now, url)).lastrowid
            ids.append(int(conn.execute(
                """INSERT INTO units (version_id, page_id, ordinal, kind, outlet, meta, text)
                   VALUES (?, ?, 0, 'article', ?, '{"main": true}', ?)""",
                (version, page, outlet, f"Story {i}\nThe ferry sailed again on day {i}.")).lastrowid or 0))
    return ids


def sites_work(tmp_path: Path, name: str, own: int, others: int) -> tuple[int, list[str | None]]:
    """SQLite steps of the "sites" stage on 12 new pages of a host that has ``own`` pages stored (its name
    learnt) among ``others`` pages of other hosts; and the outlets the new pages end with."""
    from presswatch.anatomy.sitenames import SiteNamesStage

    project = archive(tmp_path, name)
    conn = project.connect()
    stage, config = SiteNamesStage(), project.config
    stored = add_site_pages(conn, "lumi.example", own)
    for k in range(others // 100):
        add_site_pages(conn, f"other{k}.example", 100, outlet=f"Other {chr(65 + k % 26)} Post")
    stage.run(conn, config, stored)
    assert conn.execute("SELECT name FROM site_names WHERE host = 'lumi.example'").fetchone()[0] == "Lumi News"
    new = add_site_pages(conn, "lumi.example", 12, start=own, outlet=None)
    with counting_steps(conn, 10) as counter:
        stage.run(conn, config, new)
    outlets = [r[0] for r in conn.execute(f"SELECT outlet FROM units WHERE id IN ({','.join('?' * len(new))})", new)]
    conn.close()
    return counter.steps, outlets


def test_the_sites_stage_reads_the_new_pages_of_a_host_not_all_its_pages(tmp_path: Path) -> None:
    small, small_outlets = sites_work(tmp_path, "small", 20, 0)
    large, large_outlets = sites_work(tmp_path, "large", 1000, 1000)
    # the learnt name is given to the new pages that state no outlet, in both archives
    assert small_outlets == large_outlets == ["Lumi News"] * 12
    # reading every page of the host (and matching every URL of the archive) grew ~100x; now the same
    assert large <= small * 1.2 + 100, (small, large)


def run_start_steps(conn: sqlite3.Connection, done: int, new: int) -> int:
    """Steps of a whole run of a do-nothing stage over ``new`` units after an earlier run handled ``done``."""
    add_units(conn, done)
    run_stages(conn, Config(), [Recording(StepCounter(100))], batch=100)   # the earlier run
    add_units(conn, new, start=done)
    with counting_steps(conn, 10) as counter:
        stage = Recording(counter)
        run_stages(conn, Config(), [stage], batch=100)
    assert sum(n for _s, n in stage.marks) == new
    return counter.steps


def test_a_run_counts_and_finds_its_pending_units_without_reading_every_unit_done(tmp_path: Path) -> None:
    small = archive(tmp_path, "small").connect()
    big = archive(tmp_path, "big").connect()
    try:
        few, many = run_start_steps(small, 200, 50), run_start_steps(big, 8000, 50)
    finally:
        small.close()
        big.close()
    # the count of pending units and the first batch of every run walked all 8,000 done units (~40x);
    # they now start after the stage's done_upto
    assert many <= few * 1.3 + 200, (few, many)


def test_a_unit_stored_under_the_id_of_a_deleted_done_unit_is_pending_again(tmp_path: Path) -> None:
    conn = archive(tmp_path, "a").connect()
    try:
        ids = add_units(conn, 10)
        run_stages(conn, Config(), [Recording(StepCounter(100))], batch=4)
        assert conn.execute("SELECT unit_id FROM stage_done_upto WHERE stage = 'probe'").fetchone()[0] == ids[-1]
        with transaction(conn):   # a page processed again: its units go, the new ones reuse the free ids
            conn.execute("DELETE FROM units WHERE id >= ?", (ids[7],))
        again = add_units(conn, 3, start=100)
        assert again == ids[7:]
        stage = Recording(StepCounter(100))
        run_stages(conn, Config(), [stage], batch=4)
        assert [n for _s, n in stage.marks] == [3]
        # a re-run's reset (every mark of the stage removed) makes every unit pending
        with transaction(conn):
            conn.execute("DELETE FROM stage_done WHERE stage = 'probe'")
        stage = Recording(StepCounter(100))
        run_stages(conn, Config(), [stage], batch=4)
        assert sum(n for _s, n in stage.marks) == 10
    finally:
        conn.close()


def test_an_anchor_over_the_cap_is_read_once_per_run_not_once_per_unit(tmp_path: Path) -> None:
    from presswatch.reuse.fixtures import add_unit
    from presswatch.reuse.stage import TranslationStage
    from presswatch.reuse.translation import Text

    conn = archive(tmp_path, "a").connect()
    try:
        for k in range(60):    # "Edi", "Rama", "Tirana" held by 60 units: over a cap of 20
            add_unit(conn, f"en/other-{k}", OTHER_STORY.format(n=10_000 + k, m=20_000 + k), lang="en",
                     published="2026-03-01")
        run_stages(conn, Config(), [TranslationStage(max_postings=20)])
        new = 12
        for k in range(new):
            add_unit(conn, f"sq/t-{k}", TRANSLATION.replace("4.512", f"{5000 + k}"), lang="sq", published="2026-03-03")
        stage = TranslationStage(max_postings=20)
        run_stages(conn, Config(), [stage])
        anchors = Text.of(0, TRANSLATION, "sq").strong_anchors()
        common = {a for a in anchors if conn.execute("SELECT COUNT(*) FROM (SELECT anchor, unit_id FROM reuse_anchors UNION ALL SELECT anchor, unit_id FROM reuse_anchors_l0) WHERE anchor = ?",
                                                     (a,)).fetchone()[0] > 20}
        assert common, anchors
        # each common anchor costs its capped read (21 rows) once in the run; every other anchor of a
        # new unit is held by at most the 12 new units. Read per unit, the common ones alone were
        # new x len(common) x 21 rows.
        assert stage.work["postings_read"] <= len(common) * 21 + new * (len(anchors) - len(common)) * new
        assert stage.work["postings_read"] < new * len(common) * 21
    finally:
        conn.close()


def test_each_batch_reads_the_stages_done_upto_once(tmp_path: Path) -> None:
    conn = archive(tmp_path, "a").connect()
    try:
        add_units(conn, 1000)
        reads: list[str] = []
        conn.set_trace_callback(lambda sql: reads.append(sql) if "stage_done_upto" in sql and
                                sql.lstrip().upper().startswith("SELECT") else None)
        stage = Recording(StepCounter(100))
        run_stages(conn, Config(), [stage], batch=100)
        conn.set_trace_callback(None)
        assert len(stage.marks) == 10
        # read by the pending-unit query, by the done mark and by raising it again: 3 per batch and
        # more; now once per batch (in the done mark's transaction) and once when the run starts
        assert len(reads) <= len(stage.marks) + 1, reads
    finally:
        conn.close()


def reset_work(tmp_path: Path, name: str, done: int) -> tuple[int, int]:
    """SQLite steps and statements run (triggers included, one traced statement per trigger run) of
    clearing the done marks of a stage that handled ``done`` units, as a re-run of it does."""
    from presswatch.runner.archive import clear_done

    conn = archive(tmp_path, name).connect()
    try:
        add_units(conn, done)
        run_stages(conn, Config(), [Recording(StepCounter(100))], batch=1000)
        schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
        before = conn.execute(schema).fetchall()
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        with counting_steps(conn, 10) as counter, transaction(conn):
            clear_done(conn, ["probe"])
        conn.set_trace_callback(None)
        assert conn.execute("SELECT COUNT(*) FROM stage_done").fetchone()[0] == 0
        assert conn.execute(schema).fetchall() == before     # the trigger is back, as migration 0032 made it
        # every unit is pending again, and a run handles each once
        stage = Recording(StepCounter(100))
        run_stages(conn, Config(), [stage], batch=1000)
        assert sum(n for _s, n in stage.marks) == done
        return counter.steps, len(statements)
    finally:
        conn.close()


def test_clearing_a_stages_done_marks_runs_no_trigger_per_mark(tmp_path: Path) -> None:
    few_steps, few_statements = reset_work(tmp_path, "small", 200)
    many_steps, many_statements = reset_work(tmp_path, "big", 8000)
    # the trigger that lowers done_upto ran once per mark removed (403 vs 16,003 statements, 34 steps
    # a mark); the reset now sets done_upto in one statement and removes the marks alone (the delete
    # of a row from the table and its key, ~15 steps a mark, is what remains proportional)
    assert many_statements == few_statements, (few_statements, many_statements)
    assert many_steps <= few_steps + 20 * (8000 - 200), (few_steps, many_steps)
