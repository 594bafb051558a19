"""Publication dates (issue 10, point 6): read from the page (metadata, date line, title, URL), empty
when nothing states one (the fetch time stays on the page version), and "first published" decided
among dated texts only. Real ingest into a real SQLite project."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from linkpages import dump

from presswatch.api import ingest
from presswatch.cli import cli
from presswatch.digest.build import build_digest
from presswatch.project import Project
from presswatch.reuse.groups import all_groups, canonical_unit

# Invented text without any date in it.
UNDATED = [
    "Volunteers repaint the old library on the hill",
    "A group of neighbours spent the weekend repainting the walls of the old library on the hill, which "
    "had not been touched for many years and had started to look abandoned to people passing by.",
    "The librarian said the volunteers brought their own brushes and ladders, and that children from the "
    "nearby school painted a long mural of animals and boats along the back wall of the reading room.",
    "The town council promised to pay for new windows once the painting is finished, and the group hopes "
    "to find more helpers for the garden behind the building before the cold weather arrives.",
]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _main_unit(project: Project, page_hint: str) -> dict[str, object]:
    conn = project.connect()
    try:
        row = conn.execute(
            """SELECT u.id, u.published, u.date_source, v.fetched_at FROM units u
               JOIN pages p ON p.id = u.page_id JOIN page_versions v ON v.id = u.version_id
               WHERE (p.key LIKE ? OR p.url LIKE ?) AND u.kind != 'boilerplate' ORDER BY u.ordinal LIMIT 1""",
            (f"%{page_hint}%", f"%{page_hint}%")).fetchone()
        return dict(row)
    finally:
        conn.close()


def test_undated_page_has_no_publication_date_but_keeps_its_fetch_time(project: Project, tmp_path: Path) -> None:
    ingest(project, [_write(tmp_path, "library.txt", dump(UNDATED))], progress=False)
    unit = _main_unit(project, "library")
    assert unit["published"] is None and unit["date_source"] == ""
    assert unit["fetched_at"]        # the ingest time is kept on the version, not taken for a date


def test_date_in_title_and_in_url(project: Project, tmp_path: Path) -> None:
    digest_page = dump(["Monitor Weekly Digest – November 03, 2017", *UNDATED[1:]])
    ingest(project, [_write(tmp_path, "weekly.txt", digest_page)], progress=False)
    unit = _main_unit(project, "weekly")
    assert (unit["published"], unit["date_source"]) == ("2017-11-03", "title")
    record = {"url": "https://paper.example/2019/05/07/library-repainted", "text": "\n\n".join(UNDATED),
              "title": UNDATED[0]}
    ingest(project, [_write(tmp_path, "feed.jsonl", json.dumps(record) + "\n")], progress=False)
    unit = _main_unit(project, "paper.example")
    assert (unit["published"], unit["date_source"]) == ("2019-05-07", "url")
    # the digest of that week holds the dated digest page; the undated text is not dated by its fetch day
    conn = project.connect()
    try:
        week = build_digest(conn, "2017-10-30", "2017-11-05", save=False)
    finally:
        conn.close()
    assert [i.published for i in week.items] == ["2017-11-03"]


def test_undated_copy_never_wins_first_published(project: Project, tmp_path: Path) -> None:
    text = "\n\n".join(UNDATED)
    undated = {"url": "https://aggregator.example/copy", "text": text, "outlet": "Aggregator"}
    dated = {"url": "https://origin.example/library", "text": text, "outlet": "Origin Post", "published": "2024-03-05"}
    # the undated copy is ingested (fetched) first, so its fetch time is the earliest time in the archive
    ingest(project, [_write(tmp_path, "a.jsonl", json.dumps(undated) + "\n")], progress=False)
    ingest(project, [_write(tmp_path, "b.jsonl", json.dumps(dated) + "\n")], progress=False)
    conn = project.connect()
    try:
        ids = {r[0]: int(r[1]) for r in conn.execute(
            "SELECT p.url, MIN(u.id) FROM units u JOIN pages p ON p.id = u.page_id "
            "WHERE u.kind != 'boilerplate' GROUP BY p.url")}
        assert canonical_unit(conn, ids["https://aggregator.example/copy"]) == ids["https://origin.example/library"]
        groups = all_groups(conn)
        assert groups[0].first.outlet == "Origin Post" and groups[0].first.date == "2024-03-05"
    finally:
        conn.close()
    out = CliRunner().invoke(cli, ["reuse", "--groups", "--project", str(project.root)])
    assert out.exit_code == 0, out.output
    assert "First published by Origin Post on 2024-03-05" in out.output
    assert "Aggregator, no date" in out.output
