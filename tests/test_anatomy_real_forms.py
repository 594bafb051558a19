"""Bylines, datelines, digest attributions and glued lines in the forms real pages print them."""

from __future__ import annotations

import pytest

from presswatch.anatomy.attribution import item_attribution, strip_honorific, translator_of
from presswatch.anatomy.blocks import is_title_like, make_blocks
from presswatch.anatomy.bylines import parse_byline_line, parse_head
from presswatch.anatomy.glue import glue_cut
from presswatch.anatomy.markers import load_markers
from presswatch.anatomy.places import is_place
from presswatch.extract.titles import site_name

M = load_markers()


@pytest.mark.parametrize(("line", "author", "outlet", "published", "place"), [
    ("Fax Web, Albania, 8 January 2020", None, "Fax Web", "2020-01-08", "Albania"),
    ("Dardania Post, Kosovo, 8 December 2021", None, "Dardania Post", "2021-12-08", "Kosovo"),
    ("Navid Rahimi, Tehran Evening, November 14 2021", "Navid Rahimi", "Tehran Evening", "2021-11-14", None),
    ("By Teuta Marku (Kelmend Daily) and Agron Hysa", "Teuta Marku and Agron Hysa", "Kelmend Daily", None, None),
    ("By Anne Doe (Smith) and Max Doe", "Anne Doe and Max Doe", None, None, None),
    ("Dr Ilir Basha", "Ilir Basha", None, None, None),
    ("Dr. Raz Kovac", "Raz Kovac", None, None, None),
    ("By Besim Rrapi, Lawyer", "Besim Rrapi", None, None, None),
    ("By jonas.whitcombe (@jonas.whitcombe)", "Jonas Whitcombe", None, None, None),
])
def test_byline_lines(line: str, author: str | None, outlet: str | None, published: str | None,
                      place: str | None) -> None:
    attr = parse_byline_line(line, M)
    assert attr is not None
    assert (attr.author, attr.outlet, attr.published, attr.place) == (author, outlet, published, place)


def test_translator_is_not_the_author() -> None:
    attr = parse_byline_line("Translated by Vlora Observer", M)
    assert attr is not None and attr.translator == "Vlora Observer" and attr.author is None
    assert translator_of("Përkthyer nga Gazeta Drini") == "Gazeta Drini"
    assert translator_of("Translated by") is None
    assert strip_honorific("Prof. Mira Dushi") == ("Mira Dushi", "Prof.")


@pytest.mark.parametrize(("text", "author", "outlet", "published", "rest"), [
    ("Arben Kola, Vlora Observer, January 30 2022:… The company that planned", "Arben Kola",
     "Vlora Observer", "2022-01-30", "The company"),
    ("Gazeta Drini, Albania, February 02 2021:… The mayor said", None, "Gazeta Drini", "2021-02-02", "The mayor"),
    ("Kelmend Daily, Albania, Translated by Adriatic Ledger,  January 11 2022:… Scientists counted", None,
     "Kelmend Daily", "2022-01-11", "Scientists"),
    ("Mira Dushi and Jonas Whitcombe, Balkan Water Review, December 20 2021:… The park", "Mira Dushi and Jonas Whitcombe",
     "Balkan Water Review", "2021-12-20", "The park"),
])
def test_excerpt_heads(text: str, author: str | None, outlet: str, published: str, rest: str) -> None:
    attr = parse_head(text, M)
    assert (attr.author, attr.outlet, attr.published) == (author, outlet, published)
    assert text[attr.head_end:].startswith(rest)


@pytest.mark.parametrize(("text", "author", "outlet"), [
    ("Jonas Whitcombe from the Balkan Water Review says that the data", "Jonas Whitcombe", "Balkan Water Review"),
    ("Arben Kola writes in the Vlora Observer that the quotas", "Arben Kola", "Vlora Observer"),
    ("In an interview with Dardania Post, Mira Dushi reveals that", "Mira Dushi", "Dardania Post"),
    ("Radio Korça and Kelmend Daily report that the mayors", None, "Radio Korça and Kelmend Daily"),
    ("The Adriatic Ledger reports that the Commission", None, "Adriatic Ledger"),
    ("In Kosovo, Dardania Association published a piece by Ilir Basha on", "Ilir Basha", "Dardania Association"),
    ("Teuta Marku writes ‘Dry Wells’. The article in the Kukës Tribune argues", "Teuta Marku", "Kukës Tribune"),
    ("Arben Kola shkruan në Gazeta Drini se lumi", "Arben Kola", "Gazeta Drini"),
    ("Dardania Foundation in Peja, Kosovo held a meeting in which", None, "Dardania Foundation"),
    ("مریم صادقی در روزنامه صبح شمال می‌نویسد که", "مریم صادقی", "روزنامه صبح شمال"),
])
def test_digest_item_attribution(text: str, author: str | None, outlet: str) -> None:
    found = item_attribution(text)
    assert found is not None and (found.author, found.outlet) == (author, outlet)


def test_sentences_are_not_attributions() -> None:
    for text in ("The Prime Minister said on Monday that", "Rama said it is a fantastic event",
                 "Police in Tirana detained 14 people", "Edi Rama has said that"):
        assert item_attribution(text) is None


def test_places() -> None:
    assert is_place("Albania") and is_place("Tiranë") and is_place("Tehran, Iran") and is_place("تهران")
    assert not is_place("Vlora Observer") and not is_place("Robert Fantina")


@pytest.mark.parametrize(("line", "caption"), [
    ("Fishermen_Prespa_Lake_2020Quotas divide the villages around the lake", "Fishermen_Prespa_Lake_2020"),
    ("Olive trees frost Berat 2022Frost damages half of the olive trees", "Olive trees frost Berat 2022"),
    ("Port workers strike over unpaid wagesPort workers strike over unpaid wages", "Port workers strike over unpaid wages"),
    ("Bridge Buna river ShkoderGazeta Drini, Albania, February 02 2021:… The mayor said", "Bridge Buna river Shkoder"),
    ("Remember.Protesters returned to the square on Friday", "Remember."),
    ("ماهی خاویار دریای خزرSturgeon farms promise a way out", "ماهی خاویار دریای خزر"),
])
def test_glued_captions_are_split(line: str, caption: str) -> None:
    blocks = make_blocks(line + "\n", dump=True, markers=M)
    assert blocks[0].text == caption and "glued_caption" in blocks[0].flags
    assert blocks[1].start == len(caption) or blocks[1].text == line[len(caption):].strip()


def test_glue_needs_evidence() -> None:
    # an ordinary sentence with a capital after a full stop and no space is left alone
    assert glue_cut("The first members came in 2013.However, most came later in the year.", M, frozenset(),
                    is_title_like) == 0
    assert glue_cut("McDonald opened a shop in Tirana on Monday", M, frozenset(), is_title_like) == 0
    # a list marker glued behind a caption, when the marker starts other lines of the page
    text = "Valley digest quotas lake++ Arben Kola writes in the Vlora Observer that"
    assert glue_cut(text, M, frozenset({"++"}), is_title_like) == text.index("++")
    assert glue_cut(text, M, frozenset(), is_title_like) == 0


def test_site_name_is_what_the_site_calls_itself() -> None:
    import lxml.html
    empty = lxml.html.fromstring("<html><head></head><body><p>x</p></body></html>")
    og = lxml.html.fromstring('<html><head><meta property="og:site_name" content="Valley Voice: News from the '
                              'Valley"></head><body></body></html>')
    assert site_name("Valleyvoice", og, "https://valleyvoice.example/a", "A") == "Valley Voice"
    assert site_name("Dailyledger", empty, "https://www.dailyledger.example/a", "A story - Daily Ledger") == "Daily Ledger"
    assert site_name("Pcworldly", empty, "https://www.pcworldly.example/a", "Best GPUs") is None
    assert site_name("The Balkan Ledger", empty, "https://balkanledger.example/a", "A") == "The Balkan Ledger"
