"""Readers: every format, and every kind of bad input, as records or recorded skips."""

from __future__ import annotations

import gzip
import json
import os
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from presswatch.ingest.files import read_file
from presswatch.ingest.readers import Limits, Passed
from presswatch.models import RawDocument, Skip

DATA = Path(__file__).parent / "data" / "ingest"
PAGE = "<html><head><title>T</title></head><body><article><p>{}</p></article></body></html>"


def records(path: Path, max_bytes: int = 1_000_000) -> list[RawDocument | Skip | Passed]:
    return list(read_file(path, Limits(max_bytes)))


def make_warc(gz: bool, n: int = 4, extra: bool = True) -> bytes:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i in range(n):
        body = PAGE.format(f"Story number {i} " + "text " * 300).encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1"),
                                           ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        if extra:
            req = writer.create_warc_record(f"http://news.example/{i}", "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                            length=18)
            writer.write_record(req)
        rec = writer.create_warc_record(f"http://news.example/{i}", "response", payload=BytesIO(body),
                                        length=len(body), http_headers=http)
        writer.write_record(rec)
    if extra:
        img = b"\x89PNG" + b"\x00" * 100
        http = StatusAndHeaders("200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(img)))],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("http://news.example/logo.png", "response",
                                                      payload=BytesIO(img), length=len(img), http_headers=http))
    return buf.getvalue()


def test_warc_reads_html_responses_and_passes_over_the_rest(tmp_path: Path) -> None:
    for gz in (False, True):
        path = tmp_path / ("a.warc.gz" if gz else "a.warc")
        path.write_bytes(make_warc(gz))
        out = records(path)
        docs = [r for r in out if isinstance(r, RawDocument)]
        passed = [r for r in out if isinstance(r, Passed)]
        assert [d.key for d in docs] == [f"http://news.example/{i}" for i in range(4)]
        assert all(d.url == d.key and d.declared_encoding == "iso-8859-1" and d.fetched_at for d in docs)
        assert all(d.location.startswith(f"{path}#warc:") for d in docs)
        assert docs[2].data.startswith(b"<html>") and b"Story number 2" in docs[2].data
        assert sorted(p.what for p in passed) == ["non_html"] + ["warc_request"] * 4
        assert not [r for r in out if isinstance(r, Skip)]


def test_truncated_warc_keeps_records_before_the_break(tmp_path: Path) -> None:
    for gz in (False, True):
        full = make_warc(gz, n=5, extra=False)
        path = tmp_path / ("t.warc.gz" if gz else "t.warc")
        path.write_bytes(full[: int(len(full) * 0.7)])
        out = records(path)
        docs = [r for r in out if isinstance(r, RawDocument)]
        skips = [r for r in out if isinstance(r, Skip)]
        assert [d.key for d in docs] == [f"http://news.example/{i}" for i in range(3)]
        assert len(skips) == 1 and skips[0].reason == "truncated"
        assert "3 record(s) before it" in skips[0].message


def test_jsonl_records_metadata_and_one_skip_per_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://a.example/1", "html": PAGE.format("Hello"), "title": "One",
                    "author": "A. Writer", "date": "2026-11-01", "sitename": "A News", "lang": "en",
                    "fetched_at": "2026-11-02T10:00:00Z", "extra": 1}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"html": "<p>no url</p>"}),
        "",
        json.dumps({"url": "https://a.example/2", "text": "Plain text page.\n\nSecond block.", "outlet": "B"}),
        json.dumps({"url": "https://a.example/3", "html": "   "}),
        json.dumps({"url": "https://a.example/4", "html": "\x00\x01\x02\x03" * 50}),
    ]
    for gz in (False, True):
        path = tmp_path / ("f.jsonl.gz" if gz else "f.ndjson")
        raw = ("\n".join(lines) + "\n").encode()
        path.write_bytes(gzip.compress(raw) if gz else raw)
        out = records(path)
        docs = [r for r in out if isinstance(r, RawDocument)]
        assert [d.key for d in docs] == ["https://a.example/1", "https://a.example/2"]
        assert docs[0].meta == {"url": "https://a.example/1", "title": "One", "author": "A. Writer",
                                "published": "2026-11-01", "outlet": "A News", "lang": "en"}
        assert docs[0].fetched_at == "2026-11-02T10:00:00Z" and docs[0].media_type == "html"
        assert docs[1].media_type == "text" and docs[1].meta["outlet"] == "B"
        assert docs[1].location == f"{path}#line:6"
        skips = {(s.location.rsplit("#", 1)[1], s.reason) for s in out if isinstance(s, Skip)}
        assert skips == {("line:2", "invalid_jsonl"), ("line:3", "invalid_jsonl"), ("line:4", "invalid_jsonl"),
                         ("line:7", "invalid_jsonl"), ("line:8", "binary")}


def test_truncated_gzip_jsonl_keeps_lines_before_the_break(tmp_path: Path) -> None:
    lines = [json.dumps({"url": f"https://a.example/{i}", "text": os.urandom(400).hex()}) for i in range(60)]
    blob = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(blob[: len(blob) // 2])
    out = records(path)
    docs = [r for r in out if isinstance(r, RawDocument)]
    assert 0 < len(docs) < 60
    assert [d.key for d in docs] == [f"https://a.example/{i}" for i in range(len(docs))]
    assert isinstance(out[-1], Skip) and out[-1].reason == "truncated"


def test_jsonl_line_longer_than_the_limit_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([
        json.dumps({"url": "https://a.example/big", "text": "x" * 5000}),
        json.dumps({"url": "https://a.example/ok", "text": "small page"}),
    ]) + "\n")
    out = records(path, max_bytes=1000)
    assert [(type(r).__name__, r.location.rsplit("#", 1)[1]) for r in out] == [
        ("Skip", "line:1"), ("RawDocument", "line:2")]
    assert isinstance(out[0], Skip) and out[0].reason == "too_large"


def test_eml_metadata_and_message_id_key() -> None:
    out = records(DATA / "newsletter.eml")
    assert len(out) == 1 and isinstance(out[0], RawDocument)
    doc = out[0]
    assert doc.key == "mid:weekly-2026-45@javore.example.al" and doc.media_type == "eml"
    assert doc.meta == {"title": "Java në Shqipëri: zgjedhjet lokale", "author": "Arta Krasniqi",
                        "outlet": "Javore Shqiptare", "published": "2026-11-03T08:15:00+01:00"}


def test_eml_without_message_id_uses_the_path_and_sender_domain(tmp_path: Path) -> None:
    path = tmp_path / "n.eml"
    path.write_bytes(b"From: Weekly <news@Outlet.example>\r\nSubject: Hi\r\n"
                     b"Content-Type: text/plain; charset=utf-8\r\n\r\nBody text.\r\n")
    (doc,) = records(path)
    assert isinstance(doc, RawDocument)
    assert doc.key == str(path.resolve())
    assert doc.meta == {"title": "Hi", "author": "Weekly", "outlet": "outlet.example"}


def test_bad_single_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    cases = {
        "empty.html": b"",
        "blank.txt": b"   \n\n  ",
        "junk.html": os.urandom(1500),
        "image.html": b"\x89PNG\r\n\x1a\n" + os.urandom(200),
        "doc.htm": b"%PDF-1.7\n" + b"x" * 100,
        "big.html": PAGE.format("x" * 5000).encode(),
        "bomb.html.gz": gzip.compress(b"<p>" + b"a" * 3_000_000, compresslevel=1),
        "cut.html.gz": gzip.compress(PAGE.format("y" * 500).encode())[:-30],
        "notes.docx": b"PK\x03\x04",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    reasons = {}
    for name in cases:
        (rec,) = records(tmp_path / name, max_bytes=2000)
        assert isinstance(rec, Skip), name
        assert rec.message and rec.location == str(tmp_path / name)
        reasons[name] = rec.reason
    assert reasons == {"empty.html": "empty", "blank.txt": "empty", "junk.html": "binary", "image.html": "binary",
                       "doc.htm": "binary", "big.html": "too_large", "bomb.html.gz": "too_large",
                       "cut.html.gz": "truncated", "notes.docx": "unsupported_type"}


def test_good_single_files_including_misnamed_gzip_and_utf16(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE.format("café").encode())
    (tmp_path / "b.htm").write_bytes(gzip.compress(PAGE.format("zipped but not named .gz").encode()))
    (tmp_path / "c.txt").write_bytes("Block one.\n\nBlock two.".encode("utf-16"))
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(b"Gzipped text dump."))
    out = {Path(r.location).name: r for p in sorted(tmp_path.iterdir()) for r in records(p)}
    assert all(isinstance(r, RawDocument) for r in out.values())
    assert out["b.htm"].data.startswith(b"<html>")
    assert out["d.txt.gz"].data == b"Gzipped text dump." and out["d.txt.gz"].media_type == "text"
    assert out["a.html"].key == str((tmp_path / "a.html").resolve())


def test_a_50_mb_page_and_a_gzip_bomb_with_the_default_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    with open(big, "wb") as fh:
        fh.write(b"<html><body>")
        chunk = b"<p>" + b"word " * 200 + b"</p>\n"
        for _ in range(50_000_000 // len(chunk) + 1):
            fh.write(chunk)
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as gz:
        zeros = b"a" * (1 << 20)
        for _ in range(60):  # 60 MB inflated, a few dozen KB on disk
            gz.write(zeros)
    assert bomb.stat().st_size < 1_000_000
    for path in (big, bomb):
        (rec,) = list(read_file(path, Limits()))
        assert isinstance(rec, Skip) and rec.reason == "too_large" and "max_bytes" in rec.message


def test_urls_from_archives_are_keyed_like_collected_pages(tmp_path: Path) -> None:
    """One article reached through a saved JSONL file under two spellings of its URL is one page."""
    import json

    from presswatch.api import ingest
    from presswatch.project import Project

    src = tmp_path / "in"
    src.mkdir()
    lines = [{"url": "HTTPS://News.Example:443/a/story?utm_source=x#top", "text": "A story\n\nFirst text of the story."},
             {"url": "https://news.example/a/story", "text": "A story\n\nFirst text of the story, edited."}]
    (src / "a.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    project = Project.init(tmp_path / "p")
    counts = ingest(project, [src], process=False, progress=False).counts
    assert counts["new_page"] == 1 and counts["new_version"] == 1
    key = project.connect().execute("SELECT key FROM pages").fetchone()[0]
    assert key == "https://news.example/a/story"
