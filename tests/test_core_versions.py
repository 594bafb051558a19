"""What users see is each page's newest version, also when a page returns to earlier content."""

from __future__ import annotations

from pathlib import Path

from presswatch.api import ingest, list_quotes, search
from presswatch.project import Project

A = ("Council backs the dam plan\n\nThe council voted seven to two for the dam, and Mayor Valbona Kryeziu "
     "said that the vote was a clear mandate for the project.\n")
B = ("Council rejects the dam plan\n\nThe council voted five to four against the dam, and Mayor Valbona "
     "Kryeziu said that the valley had spoken.\n")


def test_edit_then_revert_makes_a_third_version_and_only_the_newest_is_shown(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    page = tmp_path / "in" / "council.txt"
    page.parent.mkdir()
    counts = []
    for text in (A, B, A):
        page.write_text(text, encoding="utf-8")
        counts.append(ingest(project, [page.parent], progress=False).counts)
    assert [c.get("new_page", 0) + c.get("new_version", 0) for c in counts] == [1, 1, 1]
    conn = project.connect()
    assert [r[0] for r in conn.execute("SELECT version FROM page_versions ORDER BY version")] == [1, 2, 3]
    # the reverted text is what search finds; the edited text is no longer current
    assert search(project, "seven") and not search(project, "five")
    # quotes come from the newest version only: the mayor's quote is listed once, with version 3's words
    quotes = list_quotes(project, speaker="Kryeziu")
    assert len(quotes) == 1 and "clear mandate" in quotes[0].text
    # re-ingesting the newest content again is a no-op
    again = ingest(project, [page.parent], progress=False).counts
    assert again.get("unchanged") == 1 and not again.get("new_version")
