"""Digest selection, storage and the `presswatch digest` command on real ingested pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from presswatch.api import ingest, make_digest
from presswatch.cli import cli
from presswatch.digest import build_digest, load_digest, render_html, render_markdown
from presswatch.digest.wording import byline
from presswatch.project import Project
from presswatch.reuse.lead import lead_sentences

PARAS = [
    "The regional council approved the new water plan on Tuesday after a long debate.",
    "Opponents said that the plan ignores the farmers who depend on the river.",
    "The vote was 21 to 9, and the plan now goes to the ministry for approval.",
    "A second reading is expected in the spring, according to the council's secretary.",
]


def page(title: str, author: str, outlet: str, published: str, url: str, paras: list[str],
         lang: str = "en") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<meta name="author" content="{author}"><meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}"></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1><p class="byline">By {author}</p>{body}</article>
<footer>© 2026 {outlet}</footer></body></html>"""


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Project:
    tmp_path = tmp_path_factory.mktemp("digest")
    project = Project.init(tmp_path / "proj")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.html").write_text(page("Council approves water plan", "Ana Berisha", "River Times", "2026-03-10",
                                     "https://rivertimes.example/water-plan", PARAS), encoding="utf-8")
    (src / "b.html").write_text(page("Plan stalls in ministry", "Tom Reed", "Capital Post", "2026-03-20",
                                     "https://capitalpost.example/stall", PARAS[1:] + PARAS[:1]), encoding="utf-8")
    (src / "c.html").write_text(page(
        "Këshilli miraton planin e ujit", "Besa Marku", "Lugina Press", "2026-03-11",
        "https://lugina.example/plani",
        ["Këshilli rajonal miratoi të martën planin e ri për ujin pas një debati të gjatë.",
         "Kundërshtarët thanë se plani nuk merr parasysh fermerët që varen nga lumi.",
         "Votimi përfundoi 21 me 9 dhe plani tani shkon në ministri për miratim."], lang="sq"),
        encoding="utf-8")
    # the River Times story copied whole by an aggregator two days later
    (src / "copy.html").write_text(page("Water plan approved", "Staff", "Aggregator", "2026-03-12",
                                        "https://aggregator.example/water", PARAS), encoding="utf-8")
    (src / "menu.txt").write_text("Home | News | Sport\n\nMenu\n\nContact\n", encoding="utf-8")
    (src / "undated.txt").write_text(
        "Notes from the valley\n\nResidents gathered again near the bridge this morning to discuss the plan.\n\n"
        "Several of them said that they would travel to the capital next week to protest.\n", encoding="utf-8")
    ingest(project, [src], progress=False)
    return project


def test_period_selection_grouping_and_storage(filled: Project) -> None:
    conn = filled.connect()
    try:
        digest = build_digest(conn, "2026-03-09", "2026-03-15", title="Week 11")
        titles = {i.title for i in digest.items}
        assert "Council approves water plan" in titles
        assert "Këshilli miraton planin e ujit" in titles
        assert "Plan stalls in ministry" not in titles          # dated after the period
        assert not any(i.dated_by == "fetched" for i in digest.items)  # the undated page is dated today
        item = next(i for i in digest.items if i.title == "Council approves water plan")
        assert item.outlet == "River Times" and item.author == "Ana Berisha"
        assert item.url == "https://rivertimes.example/water-plan"
        assert item.lead.startswith("The regional council approved")
        assert "Opponents said" in item.lead and "The vote was" not in item.lead  # two sentences
        assert item.status == "proposed" and item.section == item.lang == "en"
        sq = next(i for i in digest.items if i.lang == "sq")
        assert sq.section == "sq"
        # stored and loaded back unchanged
        assert digest.id is not None
        again = load_digest(conn, digest.id)
        assert [(i.title, i.lead, i.url, i.status) for i in again.items] == \
               [(i.title, i.lead, i.url, i.status) for i in digest.items]
        assert again.title == "Week 11" and again.status == "draft"
        n = conn.execute("SELECT COUNT(*) FROM digest_items WHERE digest_id = ?", (digest.id,)).fetchone()[0]
        assert n == len(digest.items)
    finally:
        conn.close()


def test_copies_fold_into_the_original_and_menus_are_left_out(filled: Project) -> None:
    conn = filled.connect()
    try:
        ids = {r["url"]: r["id"] for r in conn.execute("SELECT id, url FROM units WHERE kind = 'article'")}
        copy, original = ids["https://aggregator.example/water"], ids["https://rivertimes.example/water-plan"]
        # the reuse stage links them (copy_of: a is a copy of b); make sure the link is there either way
        conn.execute("""INSERT OR IGNORE INTO links (kind, level, a, b, score, detail, created_at)
                        VALUES ('copy_of', 'unit', ?, ?, 1.0, '{}', '2026-03-12T00:00:00Z')""", (copy, original))
        # ... and the Albanian story is a translation of the River Times one (a translates b)
        sq = ids["https://lugina.example/plani"]
        conn.execute("""INSERT OR IGNORE INTO links (kind, level, a, b, score, detail, created_at)
                        VALUES ('translation_of', 'unit', ?, ?, 0.9, '{}', '2026-03-12T00:00:00Z')""",
                     (sq, original))
        digest = build_digest(conn, "2026-03-09", "2026-03-15", save=True)
        by_title = {i.title: i for i in digest.items}
        assert "Water plan approved" not in by_title
        also = by_title["Council approves water plan"].also
        assert [(a["kind"], a["outlet"], a["url"], a["unit_id"]) for a in also] == [
            ("copy", "Aggregator", "https://aggregator.example/water", copy),
            ("translation", "Lugina Press", "https://lugina.example/plani", sq)]
        assert digest.left_out.get("copy") == 1
        assert digest.id is not None
        stored = load_digest(conn, digest.id)
        assert next(i for i in stored.items if i.unit_id == original).also == also
        md = render_markdown(stored)
        assert "Also published by: [Aggregator](https://aggregator.example/water)" in md
        assert "Translations: [Shqip](https://lugina.example/plani)" in md
    finally:
        conn.close()


def test_inclusive_bounds_and_undated_articles_are_not_given_the_fetch_day(filled: Project) -> None:
    conn = filled.connect()
    try:
        one_day = build_digest(conn, "2026-03-10", "2026-03-10", save=False)
        assert [i.title for i in one_day.items] == ["Council approves water plan"]
        today = date.today().isoformat()
        # the undated page was fetched today: it is not claimed for today's digest, it is offered
        fallback = build_digest(conn, today, today, save=False)
        assert not fallback.items
        undated_id = conn.execute("SELECT u.id FROM units u WHERE u.title = 'Notes from the valley'").fetchone()[0]
        assert fallback.undated == [undated_id] and fallback.left_out["undated"] == 1   # not the menu page
        stored = conn.execute("SELECT published FROM units WHERE id = ?", (undated_id,)).fetchone()[0]
        assert stored is None                                       # nothing states a date: none is stored
        # the editor includes it: it is listed without a date, never with the fetch day
        included = build_digest(conn, today, today, save=False, include=[undated_id])
        assert [i.title for i in included.items] == ["Notes from the valley"] and not included.undated
        item = included.items[0]
        assert item.published is None and item.dated_by == "undated"
        assert byline(item).endswith("undated") and today not in byline(item)
        assert item.url is not None and item.url.startswith("file://") and item.url.endswith("undated.txt")
    finally:
        conn.close()


def test_article_without_prose_is_left_out_and_counted(filled: Project) -> None:
    conn = filled.connect()
    try:
        assert [i.title for i in build_digest(conn, "2026-03-20", "2026-03-20", save=False).items] == [
            "Plan stalls in ministry"]
        conn.execute("""UPDATE units SET text = 'Plan stalls in ministry\nHome | News | Sport\nMenu'
                        WHERE url = 'https://capitalpost.example/stall'""")
        digest = build_digest(conn, "2026-03-20", "2026-03-20", save=False)
        assert digest.items == [] and digest.left_out == {"no_lead": 1}
    finally:
        conn.close()


def test_editor_review_is_stored_and_rendered(filled: Project) -> None:
    from presswatch.digest import review_item, set_digest_status

    conn = filled.connect()
    try:
        digest = build_digest(conn, "2026-03-09", "2026-03-15", title="Review me")
        assert digest.id is not None and len(digest.items) >= 2
        first, second = digest.items[0], digest.items[1]
        assert first.id is not None and second.id is not None
        review_item(conn, first.id, "accepted", lead="An edited lead sentence.", note="shortened")
        review_item(conn, second.id, "rejected")
        set_digest_status(conn, digest.id, "reviewed")
        stored = load_digest(conn, digest.id)
        one = next(i for i in stored.items if i.id == first.id)
        assert (one.status, one.lead, one.editor_note) == ("edited", "An edited lead sentence.", "shortened")
        assert next(i for i in stored.items if i.id == second.id).status == "rejected"
        assert stored.status == "reviewed"
        out = render_markdown(stored)
        assert "an edited lead sentence." in out.lower() and f"[{second.title}]" not in out
        # the archive is untouched
        unit_text = conn.execute("SELECT text FROM units WHERE id = ?", (one.unit_id,)).fetchone()[0]
        assert "An edited lead sentence." not in unit_text
        with pytest.raises(ValueError, match="unknown item status"):
            review_item(conn, first.id, "maybe")
        with pytest.raises(ValueError, match="no digest item"):
            review_item(conn, 10**9, "accepted")
    finally:
        conn.close()


def test_bad_period_is_a_clear_error(filled: Project) -> None:
    conn = filled.connect()
    try:
        with pytest.raises(ValueError, match="swap"):
            build_digest(conn, "2026-03-15", "2026-03-09")
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            build_digest(conn, "last week", "2026-03-09")
    finally:
        conn.close()


def test_html_injection_in_title_is_escaped(project: Project, tmp_path: Path) -> None:
    src = tmp_path / "evil"
    src.mkdir()
    evil = "Dam &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;"
    (src / "e.html").write_text(page(evil, "Eve", "Bad Site", "2026-03-12", "https://bad.example/x", PARAS),
                                encoding="utf-8")
    ingest(project, [src], progress=False)
    conn = project.connect()
    try:
        digest = build_digest(conn, "2026-03-12", "2026-03-12", save=False)
    finally:
        conn.close()
    assert digest.items and "<script>" in (digest.items[0].title or "")
    out = render_html(digest)
    assert "<script>" not in out and "<img src=x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_make_digest_writes_files_and_cli(filled: Project, tmp_path: Path) -> None:
    md = tmp_path / "out" / "d.md"
    result = make_digest(filled, md, date_from="2026-03-09", date_to="2026-03-15")
    text = md.read_text(encoding="utf-8")
    assert result.fmt == "md" and text == result.text
    assert "## English" in text and "## Shqip" in text
    assert "(https://rivertimes.example/water-plan)" in text
    assert "Ana Berisha writes in River Times that the regional council approved" in text
    assert "Besa Marku shkruan në Lugina Press" in text

    runner = CliRunner()
    html_path = tmp_path / "d.html"
    res = runner.invoke(cli, ["--project", str(filled.root), "digest", "--from", "2026-03-09", "--to",
                              "2026-03-15", "-o", str(html_path)])
    assert res.exit_code == 0, res.output
    assert "written to" in res.output
    html = html_path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'href="https://rivertimes.example/water-plan"' in html
    res = runner.invoke(cli, ["--project", str(filled.root), "digest", "--from", "2026-03-09", "--to",
                              "2026-03-15", "--format", "md", "--no-save", "-o", "-"])
    assert res.exit_code == 0 and "# " in res.output and "Council approves water plan" in res.output
    res = runner.invoke(cli, ["--project", str(filled.root), "digest", "--from", "March", "-o", "-"])
    assert res.exit_code != 0 and "YYYY-MM-DD" in res.output


def test_lead_skips_title_byline_menu_and_dateline() -> None:
    text = ("Council approves water plan\nBy Ana Berisha\nHome | News | Sport | Contact\n"
            "Published 10 March 2026\n"
            "LUMËZ, Albania, March 12 (BPA) - The council approved the plan on Tuesday. It was close. "
            "A third sentence.")
    assert lead_sentences(text, 2, title="Council approves water plan") == [
        "The council approved the plan on Tuesday.", "It was close."]
    assert lead_sentences("Just a short line", 2) == []
