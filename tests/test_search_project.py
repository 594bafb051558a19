"""Search end to end through a real project: init, ingest files written here, search (library and CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presswatch.api import ingest, process, search
from presswatch.cli import cli
from presswatch.project import Project
from presswatch.search import Hit

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="{date}T10:00:00Z"></head>
<body><article><h1>{title}</h1>{paras}</article></body></html>"""

# Each pair: the same words typed two ways; every query form must find both files.
VARIANTS = {
    "diacritics": ("Çështja e Shqipërisë u diskutua gjatë në mbledhjen e sotme të qeverisë.",
                   "Deputetet e opozites thane dje se ceshtja e shqiperise nuk zgjidhet pa dialog me fqinjet."),
    "yeh_kaf": ("علي در كتابخانه مركزی درباره كتاب تازه سخنرانی كرد و پرسش\u200cها را پاسخ داد.",
                "روز گذشته علی نسخه ای از کتاب خاطراتش را به موزه شهر هدیه داد."),
    "teh_marbuta": ("مدرسة شهر دیروز پس از تعطیلات طولانی دوباره باز شد و دانش آموزان بازگشتند.",
                    "معلمان این مدرسه می گویند بودجه کافی برای تعمیر ساختمان ندارند."),
    "zwnj": ("دولت می\u200cخواهد قانون جدید را پیش از پایان سال به مجلس بفرستد.",
             "وزیر گفت دولت میخواهد بودجه را زودتر تصویب کند."),
    "harakat_tatweel": ("گزارش مُحَمَّد درباره انتخابات در روزنامه منتشر شد.",
                        "محـــمد گزارش دیگری درباره اقتصاد نوشت."),
    "digits": ("بودجه سال ۱۴۰۲ با افزایش هزینه های آموزشی تصویب شد.",
               "قانون سال 1402 درباره مالیات هنوز اجرا نشده است و ١٤٠٢ سال سختی بود."),
}
QUERIES = {
    "diacritics": ["Çështja", "ceshtja", "Shqipërisë", "shqiperise"],
    "yeh_kaf": ["علي كتاب", "علی کتاب", "علي کتاب"],
    "teh_marbuta": ["مدرسة", "مدرسه"],
    "zwnj": ["می\u200cخواهد", "میخواهد", "می خواهد"],
    "harakat_tatweel": ["مُحَمَّد", "محمد", "محـمد"],
    "digits": ["۱۴۰۲", "1402", "١٤٠٢"],
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("search")
    inputs = root / "in"
    inputs.mkdir()
    for name, (a, b) in VARIANTS.items():
        (inputs / f"{name}_a.txt").write_text(a + "\n", encoding="utf-8")
        (inputs / f"{name}_b.txt").write_text(b + "\n", encoding="utf-8")
    pages = [
        ("sq", "Kuvendi dhe buxheti", "Gazeta Tirana", "https://gazeta.example.al/lajme/buxheti", "2024-03-05",
         ["Buxheti i ri u miratua nga Kuvendi pas një debati të gjatë për shpenzimet e shkollave.",
          "The budget was also debated by foreign observers who followed the session closely."]),
        ("en", "Budget vote", "Daily Example", "https://daily.example.com/politics/budget-vote", "2024-06-20",
         ["Parliament approved the budget after a long debate about spending on schools and hospitals.",
          "Opposition members said the budget hides the real cost of the new highway project."]),
        ("fa", "بودجه", "روزنامه نمونه", "https://news.example.ir/a/1", "2023-11-01",
         ["مجلس پس از بحث طولانی درباره هزینه مدارس بودجه جدید را تصویب کرد و نمایندگان رأی دادند."]),
    ]
    for i, (lang, title, outlet, url, day, paras) in enumerate(pages):
        body = "".join(f"<p>{p}</p>" for p in paras)
        (inputs / f"page{i}.html").write_text(PAGE.format(lang=lang, title=title, outlet=outlet, url=url,
                                                          date=day, paras=body), encoding="utf-8")
    project = Project.init(root / "proj")
    report = ingest(project, [inputs], progress=False)
    assert report.counts["processed"] == 2 * len(VARIANTS) + len(pages)
    return project


def files_of(hits: list[Hit]) -> set[str]:
    return {Path(h.path or "").name for h in hits}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_query_typed_either_way_finds_both(archive, name):
    for query in QUERIES[name]:
        found = files_of(search(archive, query))
        assert {f"{name}_a.txt", f"{name}_b.txt"} <= found, (query, found)


def test_snippet_highlights_the_original_spelling(archive):
    hits = search(archive, "ceshtja shqiperise")
    assert hits
    for hit in hits:
        marked = [hit.snippet[s:e] for s, e in hit.highlights]
        assert marked and all(m.lower().startswith(("çështja", "ceshtja", "shqip")) for m in marked)
    hit = next(h for h in search(archive, "میخواهد") if h.path and h.path.endswith("zwnj_a.txt"))
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["می\u200cخواهد"]
    assert "<mark>می\u200cخواهد</mark>" in hit.snippet_html


def test_bm25_ranking_and_hit_fields(archive):
    hits = search(archive, "budget")
    assert len(hits) >= 3
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    top = hits[0]
    assert top.url and top.outlet and top.date and top.title
    assert search(archive, "budget", limit=1, offset=1)[0].passage_id == hits[1].passage_id
    conn = archive.connect()
    try:  # the library also takes an open connection
        assert [h.passage_id for h in search(conn, "budget")] == [h.passage_id for h in hits]
    finally:
        conn.close()


def test_filters(archive):
    assert {h.lang for h in search(archive, "budget", lang="en")} == {"en"}
    assert {h.lang for h in search(archive, "budget OR buxheti", lang="sq,en")} == {"sq", "en"}
    assert {h.outlet for h in search(archive, "budget", source="Daily Example")} == {"Daily Example"}
    assert {h.outlet for h in search(archive, "budget", source="gazeta.example.al")} == {"Gazeta Tirana"}
    assert files_of(search(archive, "1402", source="digits_b")) == {"digits_b.txt"}
    dated = search(archive, "budget OR بودجه", since="2024-01-01", until="2024-04-01")
    assert {h.outlet for h in dated} == {"Gazeta Tirana"}
    assert {h.outlet for h in search(archive, "بودجه", until="2023-12-31")} == {"روزنامه نمونه"}
    # text files have no published date: their fetch date (today) counts
    assert files_of(search(archive, "ceshtja", since="2024-01-01")) >= {"diacritics_a.txt"}
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        search(archive, "budget", since="last week")


def test_syntax_phrase_or_exclusion(archive):
    assert files_of(search(archive, '"budget hides"')) == {"page1.html"}
    assert not search(archive, '"hides budget"')
    with_exclusion = search(archive, "budget -opposition -observers")
    assert with_exclusion and all("opposition" not in h.snippet.lower() for h in with_exclusion)
    assert all("observers" not in h.snippet.lower() for h in with_exclusion)


def test_cli_search_text_and_json(archive):
    runner = CliRunner()
    res = runner.invoke(cli, ["--project", str(archive.root), "search", "ceshtja"])
    assert res.exit_code == 0, res.output
    assert "[Çështja]" in res.output and "[ceshtja]" in res.output
    res = runner.invoke(cli, ["--project", str(archive.root), "search", "budget", "--lang", "en", "--json",
                              "--limit", "2", "--passages"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert len(rows) == 2 and all(r["lang"] == "en" for r in rows)
    assert all(r["snippet"][s:e].lower() == "budget" for r in rows for s, e in r["highlights"])
    # by default one row per unit: the two passages above belong to one English article
    res = runner.invoke(cli, ["--project", str(archive.root), "search", "budget", "--lang", "en", "--json"])
    units = [json.loads(line) for line in res.output.splitlines()]
    assert units and all(u["lang"] == "en" and u["total"] == len(units) for u in units)
    assert len({u["unit_id"] for u in units}) == len(units)
    assert sum(len(u["passages"]) for u in units) >= 2
    assert all(p["snippet"][s:e].lower() == "budget" for u in units for p in u["passages"] for s, e in p["highlights"])


@pytest.mark.parametrize("query", ['"', '"unbalanced budget', "budget:", "bud*", "-", "NOT AND", "«بودجه»؟",
                                   "(budget", "budget)", "^budget", "near(budget)", "'"])
def test_cli_never_crashes_on_odd_queries(archive, query):
    res = CliRunner().invoke(cli, ["--project", str(archive.root), "search", "--", query])
    assert res.exit_code in (0, 1), res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    if res.exit_code == 1:
        assert "add at least one word" in res.output


def test_cli_exclusion_words_are_not_taken_for_options(archive):
    res = CliRunner().invoke(cli, ["--project", str(archive.root), "search", "budget", "-opposition",
                                   "-observers", "--json", "--passages"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert rows and all("opposition" not in r["snippet"].lower() for r in rows)
    # units: an exclusion leaves out the whole article that has the word anywhere
    res = CliRunner().invoke(cli, ["--project", str(archive.root), "search", "budget", "-opposition", "--json"])
    assert res.exit_code == 0, res.output
    from presswatch.api import search_units
    kept = {json.loads(line)["unit_id"] for line in res.output.splitlines()}
    every = {h.unit_id for h in search_units(archive, "budget", limit=100).hits}
    with_word = {h.unit_id for h in search_units(archive, "budget opposition", limit=100).hits}
    assert with_word and kept == every - with_word


def test_cli_bad_date_says_what_to_do(archive):
    res = CliRunner().invoke(cli, ["--project", str(archive.root), "search", "budget", "--since", "yesterday"])
    assert res.exit_code == 1 and "YYYY-MM-DD" in res.output


def test_only_the_newest_version_of_a_changed_page_is_searched(tmp_path):
    project = Project.init(tmp_path / "proj")
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    other = tmp_path / "in" / "other.txt"
    other.write_text("zebra crossing news from another town\n", encoding="utf-8")
    for i in range(14):  # more old versions than the fast path over-fetches for limit=1
        page.write_text(f"zebra zebra zebra version {i} of the story\n", encoding="utf-8")
        ingest(project, [page.parent], process=False, progress=False)
    assert process(project)["processed"] == 15
    hits = search(project, "zebra", limit=1)
    assert len(hits) == 1 and "version 13" in hits[0].snippet
    hits = search(project, "zebra")
    assert sorted(h.snippet.split()[4] for h in hits if "version" in h.snippet) == ["13"]
    assert files_of(hits) == {"page.txt", "other.txt"}
    assert len(search(project, "zebra", all_versions=True)) == 15
    assert [h.snippet for h in search(project, "zebra", source="page.txt")] == [hits[0].snippet]
    res = CliRunner().invoke(cli, ["--project", str(project.root), "search", "zebra", "--all-versions", "--json"])
    assert res.exit_code == 0 and len(res.output.splitlines()) == 15


def test_boilerplate_units_are_left_out_unless_asked(tmp_path):
    from presswatch.models import Doc, Passage, RawDocument, Unit
    from presswatch.store.db import transaction
    from presswatch.store.pages import store_raw
    from presswatch.store.units import write_doc

    project = Project.init(tmp_path / "proj")
    raw = RawDocument(location="https://example.org/a", key="https://example.org/a", data=b"<p>x</p>",
                      media_type="html", url="https://example.org/a")
    article = "Giraffes crossed the road near the capital on Monday."
    menu = "Related: giraffes, weather, sport"
    conn = project.connect()
    with transaction(conn):
        stored = store_raw(conn, raw)
        write_doc(conn, Doc(version_id=stored.version_id, page_id=stored.page_id, raw=raw, units=[
            Unit(0, "article", article, outlet="Example", url=raw.url,
                 passages=[Passage(0, 0, len(article), article, lang="en")]),
            Unit(1, "boilerplate", menu, passages=[Passage(0, 0, len(menu), menu, lang="en")])]))
    conn.close()
    assert [h.kind for h in search(project, "giraffes")] == ["article"]
    both = search(project, "giraffes", include_boilerplate=True)
    assert sorted(h.kind for h in both) == ["article", "boilerplate"]
    assert {h.outlet for h in both} == {"Example"}  # the menu unit shows the page's outlet
    assert [h.kind for h in search(project, "giraffes", lang="en")] == ["article"]
    res = CliRunner().invoke(cli, ["--project", str(project.root), "search", "giraffes", "--include-boilerplate"])
    assert res.exit_code == 0 and "(boilerplate)" in res.output
