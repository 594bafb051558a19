"""Page anatomy: behaviour of the unit splitter on small pages (real pipeline, real SQLite project)."""

from __future__ import annotations

from pathlib import Path

from presswatch.anatomy.blocks import make_blocks
from presswatch.anatomy.bylines import find_date, parse_byline_line, parse_head
from presswatch.anatomy.component import PageAnatomy
from presswatch.anatomy.evaluate import anatomy_pipeline, run_page
from presswatch.anatomy.markers import load_markers
from presswatch.api import ingest
from presswatch.models import Doc, Metadata, RawDocument, Unit
from presswatch.project import Project

M = load_markers()


def units_of(text: str, media: str = "text") -> list[Unit]:
    doc = run_page(anatomy_pipeline(), text.encode("utf-8"), media, "page")  # type: ignore[arg-type]
    return doc.units


def kinds(units: list[Unit]) -> list[str]:
    return [u.kind for u in units]


def test_attribution_heads_in_three_languages() -> None:
    a = parse_head("Jane Doe | Balkan Insight | 12 March 2026 — Protesters gathered in Tirana.", M)
    assert (a.author, a.outlet, a.published) == ("Jane Doe", "Balkan Insight", "2026-03-12")
    assert "Jane Doe | Balkan Insight | 12 March 2026 — Protesters"[a.head_end:].startswith("Protesters")
    a = parse_head("Nga Arben Hoxha, Koha Ditore: Protestuesit u mblodhën.", M)
    assert (a.author, a.outlet) == ("Arben Hoxha", "Koha Ditore")
    a = parse_head("به گزارش ایسنا، معترضان در تهران تجمع کردند", M)
    assert a.outlet == "ایسنا"
    a = parse_head("Jane Doe writes in Balkan Insight that the crisis deepens.", M)
    assert (a.author, a.outlet) == ("Jane Doe", "Balkan Insight")
    # ordinary sentences are not attributions
    assert not parse_head("In Tirana, police said: nobody was hurt.", M).found
    assert not parse_head("The government said on Tuesday that it will resign.", M).found


def test_dates_gregorian_albanian_and_solar_hijri() -> None:
    assert find_date("12 mars 2026", M)[0] == "2026-03-12"  # type: ignore[index]
    assert find_date("March 12, 2026", M)[0] == "2026-03-12"  # type: ignore[index]
    assert find_date("۱۲ اسفند ۱۴۰۴", M)[0] == "2026-03-03"  # type: ignore[index]
    assert find_date("1405/01/01", M)[0] == "2026-03-21"  # type: ignore[index]
    assert parse_byline_line("By Jane Doe | 12 March 2026", M).author == "Jane Doe"  # type: ignore[union-attr]
    assert parse_byline_line("Police, protesters clash", M) is None


def test_glued_file_name_and_alt_text_are_split_off() -> None:
    text = "IMG_2041_protest_tirana.jpgProtesters rally in Tirana\n\nتظاهرات در تهرانProtesters in Tehran demand reforms"
    blocks = make_blocks(text, dump=True, markers=M)
    assert [b.text for b in blocks] == ["IMG_2041_protest_tirana.jpg", "Protesters rally in Tirana",
                                        "تظاهرات در تهران", "Protesters in Tehran demand reforms"]
    assert "caption" in blocks[0].flags and "caption" not in blocks[1].flags
    # camel case inside running text is not glue
    blocks = make_blocks("My best advice is to keep a list I call the \"Me List.\" Every time you think of it, "
                         "write it down, and use iPhone notes or WhatsApp for it.", dump=True, markers=M)
    assert len(blocks) == 1


PAGE = """Home › News › Politics

Thousands rally in Tirana

By Jane Doe | 12 March 2026

Thousands of people gathered in front of parliament on Saturday, demanding early elections after a corruption scandal involving 3 ministers.

Photo: Protesters outside parliament. (Reuters)

Police said 12 people were detained after the rally turned violent late in the evening.

Share: Facebook | Twitter | WhatsApp

Read more

IMG_2041_protest_tirana.jpgOpposition calls for new rally

Arben Hoxha | Koha Ditore | 13 March 2026 — The opposition leader called for another rally next week.
"""


def test_article_teasers_and_boilerplate() -> None:
    units = units_of(PAGE)
    assert kinds(units) == ["boilerplate", "article", "boilerplate", "boilerplate", "boilerplate", "teaser"]
    main = units[1]
    assert (main.title, main.author, main.published) == ("Thousands rally in Tirana", "Jane Doe", "2026-03-12")
    assert main.meta["main"] is True
    assert "Photo:" not in main.text and "Share" not in main.text and "Opposition" not in main.text
    assert "Police said 12 people" in main.text
    teaser = units[-1]
    assert (teaser.title, teaser.author, teaser.outlet, teaser.published) == (
        "Opposition calls for new rally", "Arben Hoxha", "Koha Ditore", "2026-03-13")
    assert teaser.text == "The opposition leader called for another rally next week."
    assert PAGE[units[4].start:units[4].end] == "IMG_2041_protest_tirana.jpg"
    for u in units:   # offsets point into the text
        assert u.start < u.end <= len(PAGE)


def test_digest_items_with_any_marker_keep_their_attribution() -> None:
    for marker in ("-", "■", "→", "1.", "~~"):
        lines = [f"{marker if marker != '1.' else f'{n}.'} {src}" for n, src in enumerate([
            "Koha Ditore: The government said it would resign if the protests continue.",
            "Reuters, 7 March 2026: Police clashed with protesters in the capital on Saturday night.",
            "Jane Doe writes in Balkan Insight that the crisis is the deepest since 1997.",
        ], 1)]
        text = "Weekly digest\n\nOur selection of the week.\n\n" + "\n\n".join(lines) + "\n"
        units = units_of(text)
        items = [u for u in units if u.kind == "digest_item"]
        assert len(items) == 3, (marker, kinds(units))
        assert [u.outlet for u in items] == ["Koha Ditore", "Reuters", "Balkan Insight"]
        assert items[1].published == "2026-03-07" and items[2].author == "Jane Doe"
        assert items[0].text.startswith("The government said")
        assert units[0].kind == "article"


def test_numbered_list_inside_an_article_stays_article() -> None:
    points = "\n\n".join(f"{n}. Point number {n} explains one more change for broadcasters and online outlets."
                         for n in range(1, 5))
    text = ("Five things to know about the media law\n\nBy Rea Shehu | 18 February 2026\n\n"
            "Parliament adopted a new law on audiovisual media on Tuesday.\n\n" + points +
            "\n\nThe Commission will assess the law in its next report.\n")
    units = units_of(text)
    assert kinds(units) == ["article"]
    assert "Point number 3" in units[0].text


def test_announced_and_unannounced_translations() -> None:
    en = ("The government announced on Tuesday that the price of petrol will rise by 20 percent next year.\n\n"
          "The spokesman said cash subsidies for 3 million households would increase.\n\n")
    fa = ("دولت روز سه‌شنبه اعلام کرد که قیمت بنزین از سال آینده ۲۰ درصد افزایش می‌یابد.\n\n"
          "سخنگوی دولت گفت یارانه نقدی ۳ میلیون خانوار افزایش خواهد یافت.\n")
    units = units_of("Petrol price to rise\n\nBy Sara Karimi | 2 December 2025\n\n" + en + fa)
    assert kinds(units) == ["article", "translation"]
    assert units[1].meta["translation_of_ordinal"] == 0
    assert "بنزین" not in units[0].text and "petrol" not in units[1].text
    units = units_of("Petrol price to rise\n\nBy Sara Karimi | 2 December 2025\n\n" + en + "ترجمه فارسی\n\n" + fa)
    assert kinds(units) == ["article", "boilerplate", "translation"]
    assert units[2].meta == {"announced": "translation", "translation_of_ordinal": 0}
    # "Original" in front of text in the same language is not a translation
    units = units_of("Original Paper\n\n" + en)
    assert "translation" not in kinds(units)


def test_repeated_headings_are_boilerplate_and_main_article_uses_html_metadata() -> None:
    html = ("<html><head><title>Media index</title><meta property='og:title' content='Media freedom index slips'>"
            "<meta name='author' content='Laura Weiss'></head><body><article><h1>Media freedom index slips</h1>"
            "<p>Most Western Balkan countries fell in this year's World Press Freedom Index, published on Friday"
            " by Reporters Without Borders in Paris.</p><p><b>Media freedom index slips</b></p>"
            "<p>Albania dropped six places to 99th, while Serbia fell to 98th, its lowest ranking since the index"
            " was created in 2002.</p><p>Media freedom index slips</p></article></body></html>")
    units = units_of(html, "html")
    main = next(u for u in units if u.kind == "article")
    assert (main.title, main.author) == ("Media freedom index slips", "Laura Weiss")
    assert main.text.count("Media freedom index slips") == 0
    assert "Albania dropped" in main.text and "Most Western Balkan" in main.text
    assert kinds(units).count("boilerplate") == 2


def test_component_contract_and_empty_text() -> None:
    comp = PageAnatomy()
    assert comp.reads == frozenset({"decoded", "text", "metadata"}) and comp.adds == frozenset({"units"})
    raw = RawDocument(location="x", key="x", data=b"", media_type="text")
    doc = comp(Doc(version_id=1, page_id=1, raw=raw, text="Just one short line of text here.",
                   metadata=Metadata(title="T")))
    assert kinds(doc.units) == ["article"] and doc.units[0].title == "T"


def test_units_are_stored_through_the_default_pipeline(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    ingest(project, [folder], progress=False)
    conn = project.connect(readonly=True)
    rows = conn.execute("SELECT kind, title, author, outlet FROM units ORDER BY ordinal").fetchall()
    assert [r[0] for r in rows] == ["boilerplate", "article", "boilerplate", "boilerplate", "boilerplate",
                                    "teaser"]
    assert tuple(rows[-1][1:]) == ("Opposition calls for new rally", "Arben Hoxha", "Koha Ditore")


def test_site_hints_are_optional_and_per_host() -> None:
    from presswatch.config import Config, deep_merge, load_defaults

    config = Config(deep_merge(load_defaults(), {"anatomy": {"sites": {"example.org": {
        "boilerplate": ["Sponsored by Acme Travel"]}}}}))
    text = ("Ferry strike halts traffic in Durrës\n\nBy Ana Leka | 2 May 2026\n\n"
            "Ferry workers in Durrës went on strike on Friday, halting traffic to Italy for the whole day.\n\n"
            "Sponsored by Acme Travel\n\nThe union demands higher wages and shorter shifts for crews.\n")

    def run(url: str) -> list[Unit]:
        raw = RawDocument(location=url, key=url, data=text.encode(), media_type="text", url=url)
        return PageAnatomy(config)(Doc(version_id=1, page_id=1, raw=raw, text=text)).units

    with_hint = run("https://www.example.org/news/1")
    assert kinds(with_hint) == ["article", "boilerplate"]
    assert "Sponsored" not in with_hint[0].text and "union demands" in with_hint[0].text
    assert kinds(run("https://other.example.net/news/1")) == ["article"]


def test_cli_shows_units_and_says_what_to_do(project: Project, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from presswatch.cli import cli

    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["anatomy", "--project", str(project.root), str(page)])
    assert result.exit_code == 0, result.output
    assert "6 units" in result.output and "teaser" in result.output and "author=Arben Hoxha" in result.output
    result = runner.invoke(cli, ["anatomy", "--project", str(project.root), "--json", str(page)])
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["kind"] for r in records][-1] == "teaser" and records[1]["meta"]["main"] is True
    result = runner.invoke(cli, ["anatomy", "--project", str(project.root), str(tmp_path / "missing.txt")])
    assert result.exit_code != 0 and "no such file" in result.output


def test_long_page_with_a_translated_half() -> None:
    en = "The government announced on Tuesday that the price of petrol will rise by 20 percent next year."
    sq = "Qeveria njoftoi të martën se çmimi i benzinës do të rritet me 20 për qind vitin e ardhshëm."
    text = "Petrol price\n\nBy Jane Doe | 2 May 2026\n\n" + "\n\n".join([en] * 800 + [sq] * 800)
    units = units_of(text)
    assert kinds(units) == ["article", "translation"]
    assert units[0].text.count("petrol") == 800 and units[1].text.count("benzinës") == 800
    assert units[1].meta["translation_of_ordinal"] == 0


def test_reference_lists_are_not_digests() -> None:
    refs = [
        "- Bluth K, Roberson PN, Girdler SS. Adolescent sex differences in response to a mindfulness "
        "intervention. J Child Fam Stud 2017;26(7):1900-1914. https://doi.org/10.1007/s10826-017-0696-6",
        "- Makela, K. (n.d.). Coffee and water: how to use high quality water to brew the best coffee. "
        "Retrieved from https://www.baristainstitute.com/node/275",
        "- Krebs P, Duncan DT, et al. Health app use among US mobile phone owners: a national survey. "
        "JMIR Mhealth Uhealth 2015;3(4):e101.",
    ]
    text = ("Mindfulness apps reduce stress\n\nBy Jane Doe | 3 May 2026\n\n"
            "A randomised trial found that eight weeks of app-based meditation reduced perceived stress.\n\n"
            "References\n\n" + "\n\n".join(refs) + "\n")
    units = units_of(text)
    assert "digest_item" not in kinds(units)
    assert "Krebs P" in next(u for u in units if u.kind == "article").text
