"""Links in the JSONL export: `{type: link, kind, a, b, score}` with references to exported records."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema

from presswatch.config import Config
from presswatch.export import export_jsonl
from presswatch.project import Project
from presswatch.reuse.fixtures import add_unit, read_parallel
from presswatch.reuse.stage import ReuseStage, TranslationStage
from presswatch.runner.archive import run_stages

DATA = Path(__file__).parent / "data" / "reuse"
SCHEMA = Path(__file__).parents[1] / "docs" / "export-schema.json"


def test_links_are_exported_and_valid(project: Project) -> None:
    texts = read_parallel(DATA / "parallel_2.txt")
    conn = project.connect()
    src = add_unit(conn, "https://a.example/1", texts[("s08a", "en")], published="2024-07-05", outlet="A")
    copy = add_unit(conn, "https://b.example/2", texts[("s08a", "en")], published="2024-07-06", outlet="B")
    tr = add_unit(conn, "https://c.example/3", texts[("s08a", "fa")], lang="fa", published="2024-07-06", outlet="C")
    run_stages(conn, Config(), [ReuseStage(), TranslationStage()])
    out = io.StringIO()
    counts = export_jsonl(conn, out, types=["unit", "passage", "link"])
    conn.close()
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    links = [r for r in records if r["type"] == "link"]
    assert counts["link"] == len(links) > 0
    ids = {r["id"] for r in records if "id" in r}
    for link in links:
        assert link["a"] in ids and link["b"] in ids and 0 < link["score"] <= 1
    kinds = {(r["kind"], r["a"], r["b"]) for r in links}
    assert ("copy_of", f"unit:{copy}", f"unit:{src}") in kinds
    assert ("translation_of", f"unit:{tr}", f"unit:{src}") in kinds
    assert sum(1 for r in links if r["kind"] == "duplicate") == 3
    translation = next(r for r in links if r["kind"] == "translation_of")
    assert translation["detail"]["alignment"] == [[[0], [0]], [[1], [1]], [[2], [2]]]
    if SCHEMA.exists():
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        link_schema = {**schema["$defs"]["link"], "$defs": schema["$defs"]} if "$defs" in schema else None
        if link_schema is not None:
            for link in links:
                jsonschema.validate(link, link_schema)
