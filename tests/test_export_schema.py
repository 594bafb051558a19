"""JSONL export: header, string ids, references, the JSON Schema, filters, CLI, no half files."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from presswatch.api import export_project, run_demo
from presswatch.cli import cli
from presswatch.demo import DemoReport
from presswatch.export import PRODUCERS, SCHEMA_VERSION, export_jsonl, record_types
from presswatch.project import Project

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "docs" / "export-schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoReport:
    return run_demo(tmp_path_factory.mktemp("export") / "project")


@pytest.fixture(scope="module")
def lines(demo: DemoReport) -> list[dict[str, Any]]:
    assert demo.export_path is not None
    with demo.export_path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_schema_is_valid_and_documents_every_record_type() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    documented = set(SCHEMA["$defs"])
    missing = [name for name, _ in PRODUCERS if name not in documented]
    assert not missing, f"record types without a schema: {missing}; add them to docs/export-schema.json"
    doc = (REPO / "docs" / "export-schema.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in doc for name in record_types())


def test_every_line_of_the_demo_export_validates(lines: list[dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = [(i, e.message) for i, rec in enumerate(lines) for e in validator.iter_errors(rec)]
    assert not errors[:5]
    assert lines[0] == {**lines[0], "type": "meta", "schema": "presswatch-export", "schema_version": SCHEMA_VERSION}
    assert sum(1 for r in lines if r["type"] == "meta") == 1
    types = {r["type"] for r in lines}
    assert {"page", "unit", "passage", "digest", "digest_item"} <= types


def test_ids_are_unique_strings_and_references_resolve(lines: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in lines if "id" in r]
    assert len(ids) == len(set(ids))
    assert all(isinstance(i, str) and i.split(":")[0] == r["type"] for r, i in
               ((r, r["id"]) for r in lines if "id" in r))
    known = set(ids)
    for rec in lines:
        for key, value in rec.items():
            if key.endswith("_id") and key != "id" and value is not None:
                assert value in known, (rec["type"], key, value)
    units = {r["id"]: r for r in lines if r["type"] == "unit"}
    for p in (r for r in lines if r["type"] == "passage"):
        assert units[p["unit_id"]]["text"][p["start"]:p["end"]] == p["text"]
    pages = [r for r in lines if r["type"] == "page"]
    assert all(len(p["content_hash"]) == 64 and p["version"] >= 1 for p in pages)
    assert any(p["url"] and p["url"].startswith("https://") for p in pages)
    assert any(p["url"] is None and p["path"] for p in pages)


def test_types_and_window_filters(demo: DemoReport) -> None:
    project = Project.open(demo.root)
    conn = project.connect(readonly=True)
    try:
        out = io.StringIO()
        counts = export_jsonl(conn, out, types=["unit"])
        recs = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [r["type"] for r in recs[:1]] == ["meta"] and {r["type"] for r in recs[1:]} == {"unit"}
        assert counts["unit"] == len(recs) - 1 == demo.units
        out = io.StringIO()
        assert sum(export_jsonl(conn, out, until="2000-01-01", types=["page", "unit", "passage"]).values()) == 0
        assert len(out.getvalue().splitlines()) == 1
        # the JSONL record for the BPA story says it was fetched on 2026-03-12; the files are read today
        out = io.StringIO()
        export_jsonl(conn, out, until="2026-03-12", types=["page", "unit"])
        old = [json.loads(line) for line in out.getvalue().splitlines()[1:]]
        assert [r["url"] for r in old if r["type"] == "page"] == [
            "https://bpa-wire.example/en/2026/03/12/lumez-council-pause"]
        assert {r["page_id"] for r in old if r["type"] == "unit"} == {r["id"] for r in old if r["type"] == "page"}
        assert export_jsonl(conn, io.StringIO(), since=date.today(), types=["page"])["page"] == demo.pages - 1
        with pytest.raises(ValueError, match="unknown record type"):
            export_jsonl(conn, io.StringIO(), types=["pages"])
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            export_jsonl(conn, io.StringIO(), since="yesterday")
    finally:
        conn.close()


def test_failed_export_leaves_no_file(demo: DemoReport, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(ValueError):
        export_project(Project.open(demo.root), target, types=["nope"])
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_cli_export(demo: DemoReport, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "units.jsonl"
    res = CliRunner().invoke(cli, ["--project", str(demo.root), "export", "-o", str(target), "--types",
                                   "page,unit", "-q"])
    assert res.exit_code == 0, res.output
    assert f"exported to {target}" in res.output
    recs = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert {r["type"] for r in recs} == {"meta", "page", "unit"}
    res = CliRunner().invoke(cli, ["--project", str(demo.root), "export", "-o", "-", "--types", "digest"])
    assert res.exit_code == 0 and '"type":"digest"' in res.output
    res = CliRunner().invoke(cli, ["--project", str(demo.root), "export", "-o", "x.jsonl", "--types", "bogus"])
    assert res.exit_code != 0 and "known:" in res.output


def test_atomic_file_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    from presswatch.store.atomic import atomic_text_file

    target = tmp_path / "export.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_file(target) as fh:
        fh.write('{"type": "meta"}\n')
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.jsonl"]
    with atomic_text_file(target) as fh:
        fh.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and len(list(tmp_path.iterdir())) == 1


def test_export_to_a_folder_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from presswatch.cli import cli
    from presswatch.project import Project

    project = Project.init(tmp_path / "p")
    result = CliRunner().invoke(cli, ["--project", str(project.root), "export", "-o", str(project.root)])
    assert result.exit_code != 0
    assert "is a folder" in result.output and "Traceback" not in result.output


def test_export_is_one_snapshot_while_an_ingest_writes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io
    import json

    from presswatch.api import ingest
    from presswatch.export.jsonl import export_jsonl
    from presswatch.project import Project

    project = Project.init(tmp_path / "p")
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text("First page\n\nText of the first page, long enough to keep.\n", encoding="utf-8")
    ingest(project, [src], progress=False)

    class WritesWhileExporting(io.StringIO):
        """The first line written (the header) triggers an ingest of a second page on another connection."""

        def write(self, text: str) -> int:
            if not self.getvalue():
                (src / "two.txt").write_text("Second page\n\nText of the second page, long enough.\n",
                                             encoding="utf-8")
                ingest(project, [src], progress=False)
            return super().write(text)

    out = WritesWhileExporting()
    reader = project.connect(readonly=True)
    counts = export_jsonl(reader, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert counts["page"] == 1 and sum(r["type"] == "page" for r in records) == 1
    assert project.connect().execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 2
