"""`presswatch reuse ID` end to end: ingest pages (full pipeline and stages), then ask where a text appears."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from presswatch.cli import cli
from presswatch.project import Project
from presswatch.reuse.fixtures import read_parallel
from presswatch.reuse.groups import canonical_unit

DATA = Path(__file__).parent / "data" / "reuse"


def test_reuse_command_names_first_publisher_copies_and_translation(project: Project, tmp_path: Path) -> None:
    texts = read_parallel(DATA / "parallel_3.txt")
    article = texts[("s12a", "en")].replace("\n", "\n\n")
    records = [
        {"url": "https://copycat.example/migrants", "text": article, "published": "2023-11-08",
         "outlet": "Copycat Daily", "title": "Migrant deal"},
        {"url": "https://ledger.example/migrants", "text": article, "published": "2023-11-06",
         "outlet": "Balkan Ledger", "title": "Italy and Albania sign migrant deal"},
        {"url": "https://lajme.example/emigrantet", "text": texts[("s12a", "sq")].replace("\n", "\n\n"),
         "published": "2023-11-07", "outlet": "Lajme Sot", "lang": "sq"},
        {"url": "https://other.example/critics", "text": texts[("s12b", "en")].replace("\n", "\n\n"),
         "published": "2023-11-07", "outlet": "Other Wire"},
    ]
    feed = tmp_path / "pages.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(feed), "--project", str(project.root), "-q"])
    assert result.exit_code == 0, result.output

    conn = project.connect()
    unit_of = {r[0]: int(r[1]) for r in conn.execute(
        "SELECT p.url, MIN(u.id) FROM units u JOIN pages p ON p.id = u.page_id WHERE u.kind != 'boilerplate' GROUP BY p.url")}
    copy, source = unit_of["https://copycat.example/migrants"], unit_of["https://ledger.example/migrants"]
    assert canonical_unit(conn, copy) == source
    conn.close()

    result = runner.invoke(cli, ["reuse", str(copy), "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "first published by Balkan Ledger on 2023-11-06" in result.output
    assert "https://ledger.example/migrants" in result.output
    assert "translated by [sq] Lajme Sot" in result.output or "translates [sq] Lajme Sot" in result.output
    assert "Other Wire" not in result.output

    result = runner.invoke(cli, ["reuse", f"unit:{source}", "--json", "--project", str(project.root)])
    report = json.loads(result.output)
    assert report["is_first"] and [a["outlet"] for a in report["also_at"]] == ["Copycat Daily"]
    assert report["passage_copies"]

    result = runner.invoke(cli, ["reuse", "story:1", "--project", str(project.root)])
    assert result.exit_code != 0 and "unit:N, passage:N" in result.output
    result = runner.invoke(cli, ["reuse", "999999", "--project", str(project.root)])
    assert result.exit_code != 0 and "no unit 999999" in result.output

    result = runner.invoke(cli, ["reuse", "--groups", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("First published by Balkan Ledger on 2023-11-06")
    assert "1 later copy" in result.output and "Copycat Daily" in result.output
    result = runner.invoke(cli, ["reuse", "--project", str(project.root)])
    assert result.exit_code != 0 and "--groups" in result.output

    conn = project.connect()
    passage = int(conn.execute("SELECT id FROM passages WHERE unit_id = ? ORDER BY ordinal", (copy,)).fetchone()[0])
    conn.close()
    result = runner.invoke(cli, ["reuse", f"passage:{passage}", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "first published by Balkan Ledger on 2023-11-06" in result.output and "duplicate 1.00" in result.output

    # the library answer behind the command is typed: a unit report and a passage report
    from presswatch import api

    unit_report = api.show_reuse(project, f"unit:{copy}")
    assert isinstance(unit_report, api.UnitReuse) and not unit_report.is_first
    assert unit_report.first["outlet"] == "Balkan Ledger" and unit_report.translations
    passage_report = api.show_reuse(project, f"passage:{passage}")
    assert isinstance(passage_report, api.PassageReuse) and passage_report.passage == passage
    assert passage_report.as_dict()["first"]["outlet"] == "Balkan Ledger"
