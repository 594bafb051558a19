"""Per-page processing in worker processes writes exactly what one process writes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from presswatch.api import ingest
from presswatch.contracts import Pipeline
from presswatch.models import Doc, RawDocument
from presswatch.project import Project
from presswatch.runner.pages import MIN_PARALLEL, process_pending
from presswatch.store.db import transaction
from presswatch.store.pages import store_raw

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


def text_jobs(n: int, odd: int, body: bytes) -> Iterator[tuple[int, int, RawDocument]]:
    """``n`` jobs (version id, page id, raw) of short text pages, page ``odd`` (from 0) with ``body``."""
    for i in range(n):
        data = body if i == odd else f"page {i}".encode()
        yield i + 1, i + 1, RawDocument(location=f"loc{i}", key=f"k{i}", data=data, media_type="text")


def crashing_pipeline(config: object) -> Pipeline:
    """A pipeline whose one component kills its process on pages that say CRASH."""
    return Pipeline.build([Crasher()], given=("raw",))


class Crasher:
    name = "crasher"
    reads = frozenset({"raw"})
    adds = frozenset({"units"})

    def __call__(self, doc: Doc) -> Doc:
        if b"CRASH" in doc.raw.data:
            os._exit(3)  # what a segfault or the OOM killer looks like from outside
        doc.units = []
        return doc


def test_a_page_that_kills_its_worker_is_quarantined_and_the_rest_are_processed(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    conn = project.connect()
    with transaction(conn):
        for i in range(MIN_PARALLEL + 4):
            body = b"CRASH" if i == 7 else f"page {i}".encode()
            store_raw(conn, RawDocument(location=f"loc{i}", key=f"k{i}", data=body, media_type="text"))
    counts = process_pending(conn, crashing_pipeline(project.config), workers=2,
                             factory=crashing_pipeline, config=project.config)
    assert counts["processed"] == MIN_PARALLEL + 3
    assert counts["quarantined:crashed"] == 1
    row = conn.execute("SELECT location, status FROM page_versions WHERE status != 'processed'").fetchone()
    assert tuple(row) == ("loc7", "quarantined")
    assert conn.execute("SELECT reason FROM skips WHERE location = 'loc7'").fetchone()[0] == "crashed"


def test_a_pool_that_breaks_between_two_submissions_loses_no_page() -> None:
    """The next page is handed over after the worker died (submit itself raises BrokenProcessPool):
    that page and the rest are still processed, and only the crashing one is quarantined."""
    import time

    from presswatch.config import Config
    from presswatch.runner.parallel import map_pages

    def jobs() -> Iterator[tuple[int, int, RawDocument]]:
        for i in range(6):
            body = b"CRASH" if i == 0 else f"page {i}".encode()
            yield i + 1, i + 1, RawDocument(location=f"loc{i}", key=f"k{i}", data=body, media_type="text")
            if i == 0:
                time.sleep(2)  # the worker has died by now: the next submit meets a broken pool

    outcomes = list(map_pages(crashing_pipeline, Config(), jobs(), workers=1))
    assert [o.version_id for o in outcomes] == [1, 2, 3, 4, 5, 6]           # in order, none lost
    assert [o.reason for o in outcomes] == ["crashed", None, None, None, None, None]


class PidRecorder(Crasher):
    """The crasher, also noting which process handled each page (a file per page in PW_TEST_PIDS)."""

    def __call__(self, doc: Doc) -> Doc:
        folder = os.environ.get("PW_TEST_PIDS")
        if folder:
            Path(folder, doc.raw.location).write_text(str(os.getpid()), encoding="utf-8")
        return super().__call__(doc)


def pid_pipeline(config: object) -> Pipeline:
    return Pipeline.build([PidRecorder()], given=("raw",))


def test_pages_queued_behind_a_crash_go_to_the_next_pool_in_order(tmp_path: Path, monkeypatch) -> None:
    """Many pages are in flight when one kills its worker: only the few that can have been started are
    retried one pool each (the crashing one quarantined); the others go on in one new pool, in order."""
    from presswatch.config import Config
    from presswatch.runner.parallel import map_pages

    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("PW_TEST_PIDS", str(pids))

    outcomes = list(map_pages(pid_pipeline, Config(), text_jobs(40, 0, b"CRASH"), workers=1))
    assert [o.version_id for o in outcomes] == list(range(1, 41))           # in order, none lost
    assert [o.reason for o in outcomes] == ["crashed"] + [None] * 39
    processes = {p.read_text(encoding="utf-8") for p in pids.iterdir()}
    # the first pool, at most 2 x 1 + 1 pools of one page, and the pool that takes the rest
    assert len(processes) <= 1 + 3 + 1, len(processes)


def test_pages_in_flight_are_bounded_in_bytes(monkeypatch) -> None:
    """With pages larger than the byte bound, only one page a worker plus one is handed over ahead."""
    from presswatch.config import Config
    from presswatch.runner import parallel

    monkeypatch.setattr(parallel, "IN_FLIGHT_BYTES", 1000)
    pulled = 0

    def jobs() -> Iterator[tuple[int, int, RawDocument]]:
        nonlocal pulled
        for i in range(20):
            pulled += 1
            yield i + 1, i + 1, RawDocument(location=f"loc{i}", key=f"k{i}", data=b"x" * 600, media_type="text")

    ahead = []
    for k, outcome in enumerate(parallel.map_pages(crashing_pipeline, Config(), jobs(), workers=1), 1):
        assert outcome.reason is None
        ahead.append(pulled - k)
    assert len(ahead) == 20
    assert max(ahead) <= 1, ahead          # workers + 1 in flight at most, one of them just taken
    monkeypatch.setattr(parallel, "IN_FLIGHT_BYTES", 10**9)
    pulled = 0
    ahead = [pulled - k for k, _o in enumerate(parallel.map_pages(crashing_pipeline, Config(), jobs(), workers=1), 1)]
    assert max(ahead) >= 10, ahead          # without the byte bound, many pages go ahead


class SlowRecorder(PidRecorder):
    """The recorder, a tenth of a second a page (pages that take time, as real pages do)."""

    def __call__(self, doc: Doc) -> Doc:
        import time

        time.sleep(0.1)
        return super().__call__(doc)


def slow_pipeline(config: object) -> Pipeline:
    return Pipeline.build([SlowRecorder()], given=("raw",))


def test_a_caller_that_stops_does_not_wait_for_every_page_in_flight(tmp_path: Path, monkeypatch) -> None:
    """The writer fails (or the run is interrupted) after one page: the pages handed over but not started
    are dropped, not processed one by one before the error reaches the caller (64 a worker in flight)."""
    from presswatch.config import Config
    from presswatch.runner.parallel import map_pages

    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("PW_TEST_PIDS", str(pids))

    def jobs() -> Iterator[tuple[int, int, RawDocument]]:
        for i in range(80):
            yield i + 1, i + 1, RawDocument(location=f"loc{i}", key=f"k{i}", data=f"page {i}".encode(),
                                            media_type="text")

    outcomes = map_pages(slow_pipeline, Config(), jobs(), workers=1)
    assert next(outcomes).version_id == 1
    outcomes.close()   # what an exception in the writer's loop does to the generator
    processed = len(list(pids.iterdir()))
    # the page taken, the one running and those already in the pool's call queue (workers + 1)
    assert processed <= 6, processed


class RunCounter(Crasher):
    """The crasher, also noting each run of a page (a line per run, a file per page in PW_TEST_PIDS)."""

    def __call__(self, doc: Doc) -> Doc:
        with Path(os.environ["PW_TEST_PIDS"], doc.raw.location).open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return super().__call__(doc)


def counting_pipeline(config: object) -> Pipeline:
    return Pipeline.build([RunCounter()], given=("raw",))


def test_two_workers_and_several_crashes_with_many_pages_in_flight(tmp_path: Path, monkeypatch) -> None:
    """Two workers, 300 pages, four that kill their worker (two of them adjacent): every page comes out once,
    in order, exactly the four crashed; no page runs more than twice (once where the pool broke, once on
    its own), and each break costs at most 2 x workers + 1 pools of one page."""
    from presswatch.config import Config
    from presswatch.runner.parallel import map_pages

    runs = tmp_path / "runs"
    runs.mkdir()
    monkeypatch.setenv("PW_TEST_PIDS", str(runs))
    crash = {30, 31, 100, 250}

    def jobs() -> Iterator[tuple[int, int, RawDocument]]:
        for i in range(300):
            body = b"CRASH" if i in crash else f"page {i}".encode()
            yield i + 1, i + 1, RawDocument(location=f"loc{i}", key=f"k{i}", data=body, media_type="text")

    outcomes = list(map_pages(counting_pipeline, Config(), jobs(), workers=2))
    assert [o.version_id for o in outcomes] == list(range(1, 301))
    assert {o.version_id - 1 for o in outcomes if o.reason} == crash
    assert all(o.reason == "crashed" for o in outcomes if o.reason)
    counts = {p.name: p.read_text(encoding="utf-8").split() for p in runs.iterdir()}
    assert len(counts) == 300
    assert max(len(v) for v in counts.values()) <= 2, sorted((k, v) for k, v in counts.items() if len(v) > 2)
    pools = {pid for v in counts.values() for pid in v}
    assert len(pools) <= 1 + len(crash) * (2 * 2 + 1 + 1), len(pools)


class Unreturnable(Crasher):
    """A component whose result cannot be sent back from the worker on pages that say LAMBDA."""

    def __call__(self, doc: Doc) -> Doc:
        doc = super().__call__(doc)
        if b"LAMBDA" in doc.raw.data:
            doc.notes.append(lambda: None)  # type: ignore[arg-type]  # not picklable
        return doc


def unreturnable_pipeline(config: object) -> Pipeline:
    return Pipeline.build([Unreturnable()], given=("raw",))


def test_a_page_whose_result_cannot_come_back_is_recorded_and_the_run_goes_on() -> None:
    from presswatch.config import Config
    from presswatch.runner.parallel import map_pages

    outcomes = list(map_pages(unreturnable_pipeline, Config(), text_jobs(8, 3, b"LAMBDA"), workers=2))
    assert [o.version_id for o in outcomes] == list(range(1, 9))
    assert [o.reason for o in outcomes] == [None, None, None, "error", None, None, None, None]
    assert "could not be returned" in (outcomes[3].message or "")


class _NotReadable:
    """Pickles in the worker; reading it back raises (as an exception class with required arguments does)."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (int, ("not a number",))


class Unreadable(Crasher):
    """A component whose result cannot be read back by the parent on pages that say UNREAD."""

    def __call__(self, doc: Doc) -> Doc:
        doc = super().__call__(doc)
        if b"UNREAD" in doc.raw.data:
            doc.notes.append(_NotReadable())  # type: ignore[arg-type]
        return doc


def unreadable_pipeline(config: object) -> Pipeline:
    return Pipeline.build([Unreadable()], given=("raw",))


def test_a_page_whose_result_cannot_be_read_back_is_an_error_not_a_crash() -> None:
    """A result that the worker sends but the parent cannot unpickle breaks the pool (concurrent.futures
    reads results in its manager thread); the page is an error of its own, not a worker that died (review12)."""
    from presswatch.config import Config
    from presswatch.runner.parallel import map_pages

    outcomes = list(map_pages(unreadable_pipeline, Config(), text_jobs(6, 2, b"UNREAD"), workers=2))
    assert [o.version_id for o in outcomes] == list(range(1, 7))
    assert [o.reason for o in outcomes] == [None, None, "error", None, None, None], [o.message for o in outcomes]
    assert "could not be returned" in (outcomes[2].message or "")
