"""Hostile files given to `ingest`: each bad item is a counted skip with its reason, the rest is stored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import generators as gen
import jsonschema
import pytest

from presswatch.api import ingest, status
from presswatch.project import Project


def keys(project: Project) -> set[str]:
    conn = project.connect(readonly=True)
    try:
        return {r[0] for r in conn.execute("SELECT key FROM pages")}
    finally:
        conn.close()


def skips(project: Project) -> dict[str, str]:
    conn = project.connect(readonly=True)
    try:
        return {r[0]: r[1] for r in conn.execute("SELECT location, reason FROM skips")}
    finally:
        conn.close()


def make(tmp_path: Path, extra: str = "") -> Project:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "presswatch.toml").write_text("[ingest]\nprocess = false\n" + extra, encoding="utf-8")
    return Project.init(root)


@pytest.mark.hostile("files")
def test_non_utf8_file_name_is_a_skip_and_the_others_are_stored(tmp_path: Path) -> None:
    project = make(tmp_path)
    good = gen.folder_with_bad_name(tmp_path / "in")
    for _ in range(2):                    # and on every re-run
        report = ingest(project, [tmp_path / "in"], progress=False)
        gen.expect_kept(keys(project), good)
        assert report.counts["skipped:bad_name"] == 1
    [(loc, reason)] = skips(project).items()
    assert reason == "bad_name" and "latin1-" in loc
    loc.encode("utf-8")                   # what is stored is valid text


@pytest.mark.hostile("files")
def test_jsonl_gz_record_bomb_stops_at_the_per_file_limit(tmp_path: Path) -> None:
    project = make(tmp_path, "max_records_per_file = 500\n")
    gen.jsonl_gz_many(tmp_path / "bomb.jsonl.gz", 20_000)
    report = ingest(project, [tmp_path / "bomb.jsonl.gz"], progress=False)
    assert report.counts["records"] == 500
    assert report.counts["skipped:too_many_records"] == 1


@pytest.mark.hostile("files")
def test_deeply_nested_json_line_is_one_skip_and_the_rest_of_the_file_is_read(tmp_path: Path) -> None:
    project = make(tmp_path)
    wanted = gen.jsonl_with_deep_line(tmp_path / "deep.jsonl")
    report = ingest(project, [tmp_path / "deep.jsonl"], progress=False)
    gen.expect_kept(keys(project), wanted)
    assert report.counts["skipped:invalid_jsonl"] == 1
    assert "line:2" in next(iter(skips(project)))


@pytest.mark.hostile("files")
def test_warc_record_without_target_uri_keeps_the_records_after_it(tmp_path: Path) -> None:
    project = make(tmp_path)
    wanted = gen.warc_missing_target(tmp_path / "a.warc")
    report = ingest(project, [tmp_path / "a.warc"], progress=False)
    gen.expect_kept(keys(project), wanted)
    assert report.counts["skipped:invalid"] == 1 and report.counts["skipped:truncated"] == 0


@pytest.mark.hostile("encoding")
def test_declared_utf8_with_four_broken_bytes_stays_utf8(tmp_path: Path) -> None:
    from presswatch.extract.decode import decode_bytes

    decoded = decode_bytes(gen.utf8_with_broken_bytes(), "utf-8")
    assert decoded.encoding == "utf-8"
    assert "Punëtorët" in decoded.text and "Ã«" not in decoded.text
    assert decoded.text.count("\ufffd") == 4
    undeclared = decode_bytes(gen.utf8_with_broken_bytes().replace(b"charset='utf-8'", b""), None)
    assert undeclared.encoding == "utf-8" and "Ã«" not in undeclared.text


@pytest.mark.hostile("encoding")
def test_base64_junk_in_eml_is_not_article_text(tmp_path: Path) -> None:
    from presswatch.api import process

    project = make(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "random.eml").write_bytes(gen.eml_base64_junk(valid_alphabet=True))
    (tmp_path / "in" / "invalid.eml").write_bytes(gen.eml_base64_junk(valid_alphabet=False).replace(b"junk@", b"bad@"))
    ingest(project, [tmp_path / "in"], progress=False)
    counts = process(project)
    assert counts["processed"] == 0 and counts["quarantined"] == 2
    reasons = {Path(k).name: v for k, v in skips(project).items()}
    assert reasons["random.eml"] == "binary" and reasons["invalid.eml"] in ("binary", "undecodable")


@pytest.mark.hostile("encoding")
def test_gzip_with_trailing_bytes_keeps_the_page(tmp_path: Path) -> None:
    project = make(tmp_path)
    (tmp_path / "page.html.gz").write_bytes(gen.gzip_with_trailing(gen.good_page(1)))
    report = ingest(project, [tmp_path / "page.html.gz"], progress=False)
    assert report.counts["records"] == 1
    conn = project.connect(readonly=True)
    from presswatch.store.pages import load_raw
    assert load_raw(conn, 1).data == gen.good_page(1)
    conn.close()


@pytest.mark.hostile("dates")
def test_bad_jsonl_dates_are_not_stored_as_dates(tmp_path: Path) -> None:
    project = make(tmp_path)
    gen.jsonl_bad_dates(tmp_path / "d.jsonl")
    report = ingest(project, [tmp_path / "d.jsonl"], progress=False)
    assert report.counts["records"] == 5               # the pages are kept, the bad dates are not
    conn = project.connect(readonly=True)
    rows = {r[0]: (r[1], json.loads(r[2])) for r in conn.execute(
        "SELECT p.url, v.fetched_at, v.meta FROM pages p JOIN page_versions v ON v.page_id = p.id")}
    conn.close()
    from presswatch.extract.dates import iso_timestamp as parse_iso_strict
    for url, (fetched, meta) in rows.items():
        assert parse_iso_strict(fetched) is not None, (url, fetched)
        assert "published" not in meta or parse_iso_strict(meta["published"]) is not None
    assert rows["https://d.example/4"][0].startswith("2024-05-01T10:00:00")
    assert report.counts["invalid_dates"] == 5          # four bad fetched_at, one bad published
    from presswatch.api import export_project, process, search

    process(project)
    hits = search(project, "number", until="2024-12-31", limit=50)   # "12345" once passed as a date
    assert hits and {h.url for h in hits} == {"https://d.example/4"}
    out = tmp_path / "export.jsonl"
    export_project(project, out)
    schema = json.loads((Path(__file__).parents[2] / "docs" / "export-schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert not [e.message for r in records for e in validator.iter_errors(r)][:3]
    bad_page = {**next(r for r in records if r["type"] == "page"), "fetched_at": "not a date"}
    assert list(validator.iter_errors(bad_page)), "the schema must refuse a fetched_at that is not a date"


@pytest.mark.hostile("files")
def test_hidden_files_are_counted(tmp_path: Path) -> None:
    project = make(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(gen.good_page(1))
    (tmp_path / "in" / ".hidden.html").write_bytes(gen.good_page(2))
    (tmp_path / "in" / ".git").mkdir()
    (tmp_path / "in" / ".git" / "x.html").write_bytes(gen.good_page(3))
    report = ingest(project, [tmp_path / "in"], progress=False)
    assert report.counts["records"] == 1 and report.counts["passed:hidden"] == 2


@pytest.mark.hostile("files")
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_symlink_loop_dev_zero_and_fifo_get_their_own_reasons(tmp_path: Path) -> None:
    project = make(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.html").write_bytes(gen.good_page(1))
    os.symlink(folder / "loop-a.html", folder / "loop-b.html")
    os.symlink(folder / "loop-b.html", folder / "loop-a.html")
    os.mkfifo(folder / "pipe.html")
    os.symlink("/dev/zero", folder / "zero.html")
    os.symlink(folder, folder / "sub")           # a folder loop: walked once
    report = ingest(project, [folder], progress=False)
    assert report.counts["records"] == 1
    reasons = {Path(k).name: v for k, v in skips(project).items()}
    assert reasons == {"loop-a.html": "symlink_loop", "loop-b.html": "symlink_loop",
                       "pipe.html": "not_a_file", "zero.html": "not_a_file"}


@pytest.mark.hostile("files")
def test_status_has_a_hint_for_every_skip_reason(tmp_path: Path) -> None:
    from presswatch.ingest.reasons import SKIP_HINTS

    project = make(tmp_path)
    conn = project.connect()
    for reason in ("collect_http_404", "collect_blocked", "collect_binary", "collect_deferred", "collect_bad_url",
                   "bad_name", "symlink_loop", "not_a_file", "too_many_records"):
        conn.execute("INSERT INTO skips (location, reason, message, first_seen, last_seen) "
                     "VALUES (?, ?, 'm', 'x', 'x')", (reason, reason))
    conn.close()
    hints = status(project).skip_hints
    assert all(hints.values()), [k for k, v in hints.items() if not v]
    assert "collect_http_404" not in SKIP_HINTS       # collect_* hints come from the fetch error code


@pytest.mark.hostile("files")
def test_jsonl_with_lone_surrogates_is_one_skip_per_line(tmp_path: Path) -> None:
    project = make(tmp_path)
    lines = [json.dumps({"url": "https://s.example/ok1", "text": gen.article_text(1)}),
             '{"url": "https://s.example/bad\\ud800", "text": "lone \\udc80 surrogate ' + "x " * 40 + '"}',
             '{"url": "https://s.example/bad2", "title": "\\ud800", "text": "' + gen.article_text(2) + '"}',
             json.dumps({"url": "https://s.example/ok2", "text": gen.article_text(3)})]
    (tmp_path / "s.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest(project, [tmp_path / "s.jsonl"], progress=False)
    gen.expect_kept(keys(project), {"https://s.example/ok1", "https://s.example/ok2"})
    assert report.counts["records"] + report.counts["skipped"] == 4
