"""URL normalisation and listing parsers (feeds of every flavour, sitemaps, WordPress JSON)."""

from __future__ import annotations

import gzip

import pytest

from presswatch.collect.feeds import FeedError, parse_feed
from presswatch.collect.htmlscan import canonical_link, feed_links, page_links
from presswatch.collect.robots import Robots
from presswatch.collect.sitemaps import SitemapError, parse_sitemap, recent
from presswatch.collect.urls import BadURL, normalise_url
from presswatch.collect.wordpress import parse_posts

BASE = "https://news.example.org/section/"


@pytest.mark.parametrize("raw, expected", [
    ("HTTPS://News.Example.ORG:443/a?utm_source=x&utm_medium=y&id=7#frag", "https://news.example.org/a?id=7"),
    ("http://example.org:80", "http://example.org/"),
    ("http://example.org:8080/x", "http://example.org:8080/x"),
    ("https://example.org/a?fbclid=1&gclid=2&b=2&a=1", "https://example.org/a?a=1&b=2"),
    ("https://example.org/%7Euser/a%20b", "https://example.org/~user/a%20b"),
    ("https://EXAMPLE.org/Case/Stays", "https://example.org/Case/Stays"),
    ("https://münchen.example/", "https://xn--mnchen-3ya.example/"),
    ("../up?x=1", "https://news.example.org/up?x=1"),
])
def test_normalise(raw: str, expected: str) -> None:
    assert normalise_url(raw, base=BASE) == expected


@pytest.mark.parametrize("raw", ["file:///etc/passwd", "mailto:a@b.c", "ftp://x/y", "http://", "data:text/html,hi"])
def test_normalise_refuses(raw: str) -> None:
    with pytest.raises(BadURL):
        normalise_url(raw)


RSS091 = """<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://o.org/</link>
<item><title>One</title><link>http://o.org/1</link></item></channel></rss>"""
RSS10 = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://r.org/"><title>RDF</title><link>http://r.org/</link></channel>
<item rdf:about="http://r.org/a"><title>A</title><link>http://r.org/a</link><dc:date>2024-03-01T08:00:00+01:00</dc:date>
<dc:creator>Dritë Hoxha</dc:creator></item></rdf:RDF>"""
BROKEN = """<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & unescaped</title>
<item><title>Still readable</title><link>/rel/1</link><pubDate>32 Foo 2024</pubDate></item>
<item><title>Second</title><link>/rel/2</link></item>"""       # never closed


def test_rss_091_and_10() -> None:
    title, items = parse_feed(RSS091.encode(), "http://o.org/rss")
    assert title == "Old" and [i.url for i in items] == ["http://o.org/1"]
    title, items = parse_feed(RSS10.encode(), "http://r.org/rss")
    assert title == "RDF" and items[0].published == "2024-03-01T07:00:00Z" and items[0].author == "Dritë Hoxha"


def test_broken_feed_gives_what_it_can_with_relative_links() -> None:
    title, items = parse_feed(BROKEN.encode(), "https://b.org/feed/")
    assert [i.url for i in items] == ["https://b.org/rel/1", "https://b.org/rel/2"]
    assert items[0].published is None                   # wrong date: left out


def test_garbage_is_not_a_feed() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"<html><body>hello</body></html>", "https://x.org/")
    with pytest.raises(FeedError):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1", "items": "nope"}', "https://x.org/")


def test_json_feed() -> None:
    body = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "JF", "items": [
      {"id": "1", "url": "/p/1", "title": "T", "date_published": "2024-02-02T10:00:00+02:00",
       "authors": [{"name": "A. Author"}], "tags": ["x"]},
      {"id": "1", "url": "/p/1-dup"}, {"id": "3", "url": "javascript:alert(1)"}]}"""
    title, items = parse_feed(body, "https://j.org/feed.json")
    assert title == "JF" and len(items) == 1
    assert items[0].url == "https://j.org/p/1" and items[0].published == "2024-02-02T08:00:00Z"
    assert items[0].author == "A. Author" and items[0].extra["categories"] == ["x"]


def test_sitemap_variants() -> None:
    body = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://s.org/a</loc><lastmod>2024-01-05</lastmod></url>
      <url><loc>https://s.org/a</loc></url><url><loc>ftp://s.org/x</loc></url></urlset>"""
    sm = parse_sitemap(gzip.compress(body), "https://s.org/sitemap.xml.gz")
    assert [(i.url, i.stamp) for i in sm.items] == [("https://s.org/a", "2024-01-05T00:00:00")]
    with pytest.raises(SitemapError):
        parse_sitemap(b"<html/>", "https://s.org/x")
    with pytest.raises(SitemapError, match="gzip"):
        parse_sitemap(gzip.compress(body)[:40], "https://s.org/x.gz")
    with pytest.raises(SitemapError, match="beyond"):
        parse_sitemap(gzip.compress(b" " * 200_000), "https://s.org/bomb.gz", limit=100_000)


def test_wordpress_posts() -> None:
    body = b"""[{"id": 5, "link": "https://w.org/2024/a/", "date": "2024-01-01T12:00:00",
      "date_gmt": "2024-01-01T11:00:00", "modified_gmt": "2024-01-03T09:00:00",
      "title": {"rendered": "Rruga &#8211; <em>nj\\u00eb</em>"},
      "_embedded": {"author": [{"name": "Ana"}], "wp:term": [[{"taxonomy": "category", "name": "Politik\\u00eb"}],
                                                            [{"taxonomy": "post_tag", "name": "x"}]]}},
      {"id": 6}]"""
    (item,) = parse_posts(body, "https://w.org/wp-json/wp/v2/posts")
    assert item.title == "Rruga – një" and item.author == "Ana" and item.published == "2024-01-01T11:00:00Z"
    assert item.stamp == "2024-01-03T09:00:00Z" and item.extra["categories"] == ["Politikë"]


def test_html_scanning() -> None:
    page = b"""<html><head><link rel="canonical" href="/story?utm_source=x">
      <link rel="alternate" type="application/atom+xml" href="/atom.xml">
      <link rel="alternate" type="application/rss+xml" href="/comments/feed"></head>
      <body><a href="/a#x">a</a><a href="/a">again</a><a href="mailto:x@y">m</a><a href="https://o.org/b">b</a></body></html>"""
    assert canonical_link(page, "https://n.org/x/") == "https://n.org/story"
    assert feed_links(page, "https://n.org/x/") == ["https://n.org/atom.xml"]
    assert page_links(page, "https://n.org/x/") == ["https://n.org/a", "https://o.org/b"]


def test_robots_rules() -> None:
    rules = Robots.from_text("User-agent: *\nDisallow: /private\nCrawl-delay: 2.5\nSitemap: https://r.org/s.xml\n")
    assert not rules.allowed("https://r.org/private/x") and rules.allowed("https://r.org/public")
    assert rules.crawl_delay() == 2.5 and rules.sitemaps == ("https://r.org/s.xml",)


def test_sitemap_age_cutoff() -> None:
    body = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://s.org/2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
      <sitemap><loc>https://s.org/2024-05.xml</loc><lastmod>2024-05-31T10:00:00+00:00</lastmod></sitemap>
      <sitemap><loc>https://s.org/undated.xml</loc></sitemap></sitemapindex>"""
    index = recent(parse_sitemap(body, "https://s.org/"), "2024-05-01T00:00:00")
    assert index.children == ["https://s.org/2024-05.xml", "https://s.org/undated.xml"]
    urls = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://s.org/old</loc><lastmod>2020-01-01</lastmod></url>
      <url><loc>https://s.org/new</loc><lastmod>2024-05-02</lastmod></url><url><loc>https://s.org/nodate</loc></url>
      </urlset>"""
    assert [i.url for i in recent(parse_sitemap(urls, "https://s.org/"), "2024-05-01T00:00:00").items] == [
        "https://s.org/new", "https://s.org/nodate"]
