"""Reuse used elsewhere: search folds copies ("and N copies"), the digest lists a text once and credits
its first publisher."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from presswatch.cli import cli
from presswatch.config import Config
from presswatch.digest.build import build_digest
from presswatch.project import Project
from presswatch.reuse.fixtures import add_unit, read_parallel
from presswatch.reuse.stage import ReuseStage, TranslationStage
from presswatch.runner.archive import run_stages
from presswatch.search import search

DATA = Path(__file__).parent / "data" / "reuse"


def archive(project: Project) -> dict[str, int]:
    texts = read_parallel(DATA / "parallel_2.txt")
    article = texts[("s07a", "en")]
    conn = project.connect()
    ids = {
        "source": add_unit(conn, "https://vlora.example/fire", article, published="2024-07-27", outlet="Vlora News",
                           url="https://vlora.example/fire", title="Wildfire near Dukat"),
        "copy1": add_unit(conn, "https://copy1.example/a", article, published="2024-07-29", outlet="Copy One",
                          url="https://copy1.example/a", title="Fire"),
        "copy2": add_unit(conn, "https://copy2.example/b", article, published="2024-07-30", outlet="Copy Two",
                          url="https://copy2.example/b", title="Fire in Vlora"),
        "excerpt": add_unit(conn, "https://brief.example/c", article.split("\n")[0], published="2024-07-30",
                            outlet="Brief", url="https://brief.example/c", title="In brief"),
        "other": add_unit(conn, "https://other.example/d", texts[("s07b", "en")], published="2024-07-30",
                          outlet="Other", url="https://other.example/d", title="Experts on Dukat"),
    }
    run_stages(conn, Config(), [ReuseStage(), TranslationStage()])
    conn.close()
    return ids


def test_search_folds_copies(project: Project) -> None:
    ids = archive(project)
    hits = search(project, "hectares Dukat")
    units = [h.unit_id for h in hits]
    assert ids["other"] in units
    folded = [h for h in hits if h.unit_id in {ids["source"], ids["copy1"], ids["copy2"], ids["excerpt"]}]
    assert len(folded) == 1
    assert {c["unit_id"] for c in folded[0].copies} == {ids["source"], ids["copy1"], ids["copy2"],
                                                       ids["excerpt"]} - {folded[0].unit_id}
    result = CliRunner().invoke(cli, ["search", "hectares", "Dukat", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "and 3 copies" in result.output


def test_digest_lists_a_text_once_and_credits_the_first_publisher(project: Project) -> None:
    ids = archive(project)
    conn = project.connect()
    whole = build_digest(conn, "2024-07-25", "2024-07-31", save=False)
    units = [i.unit_id for i in whole.items]
    assert units.count(ids["source"]) == 1 and ids["other"] in units
    assert not {ids["copy1"], ids["copy2"], ids["excerpt"]} & set(units)
    source_item = next(i for i in whole.items if i.unit_id == ids["source"])
    assert source_item.outlet == "Vlora News"
    assert {a["unit_id"] for a in source_item.also} >= {ids["copy1"], ids["copy2"], ids["excerpt"]}
    # The original is older than the period: the copies are listed once, naming Vlora News first.
    later = build_digest(conn, "2024-07-29", "2024-07-31", save=False)
    copies = [i for i in later.items if i.unit_id in {ids["copy1"], ids["copy2"], ids["excerpt"]}]
    assert len(copies) == 1
    first = copies[0].also[0]
    assert (first["kind"], first["unit_id"], first["outlet"]) == ("first_published", ids["source"], "Vlora News")
    assert first["url"] == "https://vlora.example/fire" and first["published"] == "2024-07-27"
    conn.close()


def test_rendered_digest_names_the_first_publisher(project: Project) -> None:
    from presswatch.digest import render_markdown

    archive(project)
    conn = project.connect()
    md = render_markdown(build_digest(conn, "2024-07-29", "2024-07-31", save=False))
    conn.close()
    assert r"Also published by: [Vlora News \(first published 2024-07-27\)](https://vlora.example/fire)" in md
