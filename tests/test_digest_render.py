"""Rendering digests: Markdown and HTML, escaping, right-to-left sections, attribution wording."""

from __future__ import annotations

from html.parser import HTMLParser

from presswatch.digest import Digest, DigestItem, render_html, render_markdown
from presswatch.digest.wording import attribution, byline


def sample() -> Digest:
    items = [
        DigestItem(section="en", lang="en", title="Dam deal signed", author="Hannah Whitcombe",
                   outlet="The Balkan Ledger", published="2026-03-09T14:20:00+01:00",
                   url="https://balkanledger.example/a", lead="The deal was signed on Friday. Critics objected.",
                   ordinal=0),
        DigestItem(section="en", lang="en", title="Second story", outlet="Adriatic Wire", published="2026-03-10",
                   url="https://adriaticwire.example/b", lead="Albanian MPs demanded the contract.", ordinal=1),
        DigestItem(section="fa", lang="fa", title="«پارس سد» نخستین سد خود را در اروپا می‌سازد",
                   author="نیلوفر صادقی", outlet="خبر روز", published="2026-03-11",
                   url="https://khabarrooz.example/c", lead="این قرارداد امضا شد.", ordinal=2),
        DigestItem(section="sq", lang="sq", title="Diga e Lumëzit", author="Besa Marku", outlet="Lugina Press",
                   published="2026-03-10", url="file:///tmp/corpus/x.html",
                   lead="Banorët e fshatrave protestuan të hënën.", ordinal=3),
        DigestItem(section="en", lang="en", title="Rejected one", outlet="X", lead="Not shown.", ordinal=4,
                   status="rejected"),
    ]
    return Digest("Week <11>", "2026-03-09", "2026-03-15", "2026-03-16T08:00:00Z", items=items)


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict[str, str | None]] = []
        self.hrefs: list[str | None] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "section":
            self.sections.append(dict(attrs))
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))


def test_html_sections_order_names_direction_and_links() -> None:
    out = render_html(sample())
    parser = Collect()
    parser.feed(out)
    assert [s["lang"] for s in parser.sections] == ["en", "fa", "sq"]     # by item count, then code
    assert [s["dir"] for s in parser.sections] == ["ltr", "rtl", "ltr"]
    assert "فارسی" in out and "Shqip" in out and "English" in out
    assert "https://balkanledger.example/a" in parser.hrefs and "file:///tmp/corpus/x.html" in parser.hrefs
    assert "script" not in parser.tags
    assert "Week &lt;11&gt;" in out
    assert "Rejected one" not in out                                       # rejected by the editor
    assert "Hannah Whitcombe writes in The Balkan Ledger that the deal was signed on Friday." in out
    assert "نیلوفر صادقی در خبر روز می‌نویسد که این قرارداد امضا شد." in out


def test_unsafe_link_schemes_are_not_linked() -> None:
    d = sample()
    d.items[0].url = "javascript:alert(1)"
    d.items[0].title = '"><script>alert(1)</script>'
    out = render_html(d)
    assert "javascript:" not in out and "<script>" not in out
    md = render_markdown(d)
    assert "javascript:" not in md


def test_markdown_layout_and_escaping() -> None:
    d = sample()
    d.items[1].title = "Stars *and* [brackets]"
    md = render_markdown(d)
    assert md.startswith("# Week \\<11\\>\n")
    assert "## English (2)" in md and "## فارسی (1)" in md and "## Shqip (1)" in md
    assert md.index("## English") < md.index("## فارسی") < md.index("## Shqip")
    assert "### [Dam deal signed](https://balkanledger.example/a)" in md
    assert "*Hannah Whitcombe · The Balkan Ledger · 2026-03-09*" in md
    assert "Stars \\*and\\* \\[brackets\\]" in md
    assert "Besa Marku shkruan në Lugina Press se banorët e fshatrave protestuan të hënën." in md


def test_attribution_wording() -> None:
    item = DigestItem(section="en", lang="en", lead="Albanian MPs demanded the contract.", outlet="Adriatic Wire")
    assert attribution(item) == "Adriatic Wire reports: Albanian MPs demanded the contract."   # a name stays
    item.author = "Marek Lindqvist"
    item.lead = "The committee met on Thursday."
    assert attribution(item) == "Marek Lindqvist writes in Adriatic Wire that the committee met on Thursday."
    item.outlet = None
    assert attribution(item) == "Marek Lindqvist writes that the committee met on Thursday."
    item.author = None
    assert attribution(item) == "The committee met on Thursday."
    news = DigestItem(section="en", lang="en", lead="The brief is out.", author="Energy Brief",
                      outlet="Energy Brief", published="2026-03-13")
    assert attribution(news) == "Energy Brief reports that the brief is out."
    assert byline(news) == "Energy Brief · 2026-03-13"
    news.dated_by = "fetched"
    assert byline(news) == "Energy Brief · fetched 2026-03-13"
    other = DigestItem(section="de", lang="de", lead="Der Damm wurde gebaut.", author="A", outlet="B")
    assert attribution(other) == "A writes in B: Der Damm wurde gebaut."   # English fallback, as written


def test_empty_digest() -> None:
    d = Digest("Empty", "2026-01-01", "2026-01-07", "2026-01-08T00:00:00Z")
    assert "No articles in this period." in render_markdown(d)
    assert "No articles in this period." in render_html(d)
