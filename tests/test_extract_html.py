"""HTML main text and metadata (presswatch/extract/html.py, component.py) and the scoring functions."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura.utils import load_html

from presswatch.config import Config, deep_merge, load_defaults
from presswatch.errors import Unprocessable
from presswatch.extract.component import Extract
from presswatch.extract.html import HtmlOptions, declared_language, extract_html, visible_text
from presswatch.extract.scoring import aeb_page, aeb_score, bow_prf, snippet_hits, wcxb_score
from presswatch.extract.titles import clean_author, clean_title
from presswatch.models import Doc, RawDocument

PARAS = [
    "The municipal council of Durrës approved on Monday a plan to rebuild the old harbour promenade, "
    "which was damaged by the 2019 earthquake and has been closed to the public since.",
    "The plan foresees a new sea wall, a cycling path and the restoration of the Venetian tower, with "
    "works starting in the spring and lasting about two years, officials told reporters.",
    "Opposition councillors voted against, saying the tender had been written for a single company and "
    "that residents of the old town had not been consulted about the changes to the waterfront.",
]

ARTICLE = (Path(__file__).parent / "data" / "extract" / "promenade.html").read_text(encoding="utf-8")


def _doc(html: str, url: str | None = "https://herald.example/x?utm=1", meta: dict[str, object] | None = None) -> Doc:
    raw = RawDocument(location="x.html", key=url or "x.html", data=html.encode("utf-8"), media_type="html",
                      url=url, meta=dict(meta or {}))
    return Doc(version_id=1, page_id=1, raw=raw, html=html)


def test_main_text_keeps_paragraphs_and_drops_navigation_and_comments() -> None:
    doc = Extract(Config())(_doc(ARTICLE))
    assert doc.text is not None
    lines = doc.text.split("\n")
    for para in PARAS:
        assert para in lines  # one paragraph per line
    assert "Reader42" not in doc.text
    assert "Sport" not in doc.text
    assert "extract:trafilatura" in doc.notes


def test_metadata_from_page() -> None:
    meta = Extract(Config())(_doc(ARTICLE)).metadata
    assert meta.title == "Durrës rebuilds its harbour promenade"
    assert meta.author == "Elira Shehu"
    assert meta.published == "2024-03-12"
    assert meta.outlet == "Harbour Herald"
    assert meta.url == "https://herald.example/durres-promenade"
    assert meta.lang == "sq"


def test_given_metadata_wins() -> None:
    meta = Extract(Config())(_doc(ARTICLE, meta={"title": "Given title", "published": "2024-03-10",
                                                 "outlet": "Wire", "lang": "en"})).metadata
    assert (meta.title, meta.published, meta.outlet, meta.lang) == ("Given title", "2024-03-10", "Wire", "en")
    assert meta.author == "Elira Shehu"  # not given: found in the page


def test_comments_can_be_included_by_configuration() -> None:
    config = Config(deep_merge(load_defaults(), {"extract": {"include_comments": True}}))
    assert "Reader42" in (Extract(config)(_doc(ARTICLE)).text or "")


@pytest.mark.parametrize(("html", "method"), [
    ("<html><body><footer><p>Contact the newsroom at the address below for corrections.</p></footer></body></html>",
     "trafilatura-recall"),
    ("<html><body><div class='comments'>Weather: rain all day in Tirana and Durrës.</div></body></html>",
     "baseline"),
])
def test_fallback_cascade(html: str, method: str) -> None:
    result = extract_html(html, options=HtmlOptions())
    assert result.method == method
    assert result.text.strip()


def test_visible_text_is_the_last_resort() -> None:
    tree = load_html("<html><body><nav>Menu</nav><script>var a=1;</script>"
                     "<div><span>Breaking:</span> <span>floods</span></div><ul><li>One</li><li>Two</li></ul>"
                     "</body></html>")
    assert visible_text(tree) == "Breaking: floods\nOne\nTwo"


@pytest.mark.parametrize("html", [
    "", "   ", "<html><body><script>var a = 1;</script><style>p {}</style></body></html>",
])
def test_no_text_is_unprocessable(html: str) -> None:
    with pytest.raises(Unprocessable) as err:
        Extract(Config())(_doc(html))
    assert err.value.reason == "no_text"


def test_too_deep_is_unprocessable() -> None:
    config = Config(deep_merge(load_defaults(), {"extract": {"max_depth": 50}}))
    html = "<html><body>" + "<div>" * 80 + "deep text" + "</div>" * 80 + "</body></html>"
    with pytest.raises(Unprocessable) as err:
        Extract(config)(_doc(html))
    assert err.value.reason == "too_deep"
    assert "max_depth" in err.value.message


@pytest.mark.parametrize(("head", "lang"), [
    ('<html lang="en-GB"><head></head>', "en"),
    ('<html><head><meta http-equiv="content-language" content="fa-IR"></head>', "fa"),
    ('<html><head><meta property="og:locale" content="sq_AL"></head>', "sq"),
    ("<html><head></head>", None),
])
def test_declared_language(head: str, lang: str | None) -> None:
    assert declared_language(load_html(head + "<body><p>x</p></body></html>")) == lang


def test_aeb_scoring() -> None:
    text = "one two three four five six"
    perfect = aeb_page(text, text)
    assert (perfect.tp, perfect.fp, perfect.fn) == (3, 0, 0)
    half = aeb_page(text, "one two three four")  # 1 of 3 shingles, nothing extra
    assert (half.tp, half.fp, half.fn) == (1, 0, 2)
    empty = aeb_page(text, "")
    assert (empty.precision, empty.recall) == (0.0, 0.0)
    both_empty = aeb_page("", "")
    assert (both_empty.precision, both_empty.recall) == (1.0, 1.0)
    score = aeb_score([perfect, half])
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx((1 + 1 / 3) / 2)
    assert score.f1 == pytest.approx(2 * score.precision * score.recall / (score.precision + score.recall))


def test_wcxb_scoring() -> None:
    p, r, f1 = bow_prf("The cat sat on the mat", "the cat sat")
    assert (p, r) == (1.0, 0.5)
    assert f1 == pytest.approx(2 / 3)
    assert bow_prf("a b", "") == (0.0, 0.0, 0.0)
    assert wcxb_score([(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)]).f1 == 0.5
    assert snippet_hits("Hello   World. Menu", ["hello world"], ["Menu", "Login"]) == (1, 1, 1, 2)


@pytest.mark.parametrize(("title", "sitename", "url", "h1", "want"), [
    ("Budget cuts hit schools | Tirana Times", "Tirana Times", None, None, "Budget cuts hit schools"),
    ("Top trends for 2025 - Whova", None, "https://whova.com/blog/x", None, "Top trends for 2025"),
    ("Online Tuition and Financing | Liberty University", None, "https://www.liberty.edu/x", None,
     "Online Tuition and Financing"),
    ("Why we left - a memoir | by Ana | Medium", None, "https://example.org/x", "Why we left - a memoir",
     "Why we left - a memoir"),
    ("Fold-and-cut: a problem - revisited", None, "https://example.org/x", None,
     "Fold-and-cut: a problem - revisited"),  # nothing names the site: unchanged
    ("Plain headline", "Site", None, None, "Plain headline"),
])
def test_clean_title(title: str, sitename: str | None, url: str | None, h1: str | None, want: str) -> None:
    tree = load_html(f"<html><body><h1>{h1}</h1><p>x</p></body></html>") if h1 else None
    assert clean_title(title, sitename, url, tree) == want


def test_nesting_beyond_the_parser_cap_is_too_deep() -> None:
    html = "<html><body>" + "<div>" * 3000 + "deep text" + "</div>" * 3000 + "</body></html>"
    with pytest.raises(Unprocessable) as err:
        extract_html(html)
    assert err.value.reason == "too_deep"


def test_plain_text_under_an_html_name_is_kept() -> None:
    result = extract_html("First paragraph of a plain note.\n\nSecond   paragraph\nwraps here.")
    assert result.method == "plain-text"
    assert result.text == "First paragraph of a plain note.\nSecond paragraph wraps here."


def test_binary_garbage_is_not_html() -> None:
    with pytest.raises(Unprocessable) as err:
        extract_html("\x00\x01\x02 %PDF-1.4 <binary>")
    assert err.value.reason in {"not_html", "no_text"}


@pytest.mark.parametrize(("author", "want"), [
    ("Jane Doe", "Jane Doe"),
    ("Emily Henderson; Arlyn Hernandez", "Emily Henderson; Arlyn Hernandez"),
    ("Craig McCarthy Last updated", "Craig McCarthy"),
    ("Name", None),
    ("Deleted member", None),
    ("This article was Written By Our Product Research Team Get", None),
    (None, None),
])
def test_clean_author(author: str | None, want: str | None) -> None:
    assert clean_author(author) == want


def test_persian_zero_width_non_joiner_survives_extraction() -> None:
    from presswatch.extract.html import extract_html

    para = "دولت می\u200cخواهد سد لومزی را بسازد و این پروژه برای مردم منطقه بسیار مهم است."
    html = ("<html><head><title>کشاورزان می&zwnj;گویند</title></head><body><article>"
            f"<p>{para}</p><p>{'کشاورزان نگران زمین&#8204;های خود هستند. ' * 6}</p></article></body></html>")
    result = extract_html(html)
    assert "می\u200cخواهد" in result.text
    assert "زمین\u200cهای" in result.text
    assert result.metadata.title == "کشاورزان می\u200cگویند"
    assert "\u2042" not in result.text
