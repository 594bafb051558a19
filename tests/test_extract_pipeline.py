"""Extraction inside the real pipeline: files ingested into a real project (SQLite), processed end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

from presswatch.api import ingest
from presswatch.project import Project

DATA = Path(__file__).parent / "data" / "extract"
DUMPS = DATA / "textdumps"


def test_html_and_text_dump_are_processed_with_metadata(project: Project, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DATA / "promenade.html", inbox / "promenade.html")
    shutil.copy(DUMPS / "fa_01_nevisande.txt", inbox / "gasoline.txt")
    (inbox / "empty.html").write_text("<html><body><script>var a;</script></body></html>", encoding="utf-8")
    ingest(project, [inbox], process=True)
    with project.connect(readonly=True) as conn:
        rows = conn.execute("SELECT location, status, status_reason, id FROM page_versions").fetchall()
        status = {Path(r[0]).name: (r[1], r[2]) for r in rows}
        assert status["promenade.html"][0] == "processed"
        assert status["gasoline.txt"][0] == "processed"
        assert status["empty.html"][0] == "quarantined"
        assert status["empty.html"][1].startswith("no_text")
        units = conn.execute(
            "SELECT pv.location, u.author, u.published, u.text FROM units u "
            "JOIN page_versions pv ON pv.id = u.version_id ORDER BY u.ordinal").fetchall()
    html_units = [u for u in units if u[0].endswith("promenade.html")]
    assert any(u[1] == "Elira Shehu" and u[2] == "2024-03-12" for u in html_units)
    assert not any("Reader42" in u[3] for u in html_units)  # comments are not the article
    dump_units = [u for u in units if u[0].endswith("gasoline.txt")]
    assert any(u[2] == "2024-04-11" for u in dump_units)  # Solar Hijri date, as Gregorian
