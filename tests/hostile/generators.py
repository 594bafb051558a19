"""Generators of hostile inputs (written into a temporary folder at test time; nothing big is committed)."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import struct
import zlib
from pathlib import Path

HANG_SECONDS = 240


class Hung(Exception):
    """The case ran past its bound: counted as hung by bench/hostile.py."""


class Lost(AssertionError):
    """Good records that should have been stored are missing: counted as lost by bench/hostile.py."""


class Crashed(AssertionError):
    """The command ended in an uncaught exception (a traceback): counted as crashed by bench/hostile.py."""


def expect_no_traceback(result: object) -> None:
    """A click ``Result`` must end without an uncaught exception (a clear error is a SystemExit)."""
    exc = getattr(result, "exception", None)
    if exc is not None and not isinstance(exc, SystemExit):
        raise Crashed(f"uncaught {type(exc).__name__}: {exc}")


def expect_kept(found: set[str] | list[str], wanted: set[str] | list[str]) -> None:
    missing = set(wanted) - set(found)
    if missing:
        raise Lost(f"{len(missing)} good record(s) lost: {sorted(missing)[:5]}")


WORDS = ("council budget water minister report harbour election court river school hospital railway "
         "farmers bridge museum festival market energy forest police village union tunnel coast").split()


def article_text(i: int, sentences: int = 6) -> str:
    rnd = random.Random(i)
    out = []
    for _ in range(sentences):
        out.append(" ".join(rnd.choice(WORDS) for _ in range(14)).capitalize() + f" number {i}.")
    return " ".join(out)


def good_page(i: int) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Story {i}</title></head><body>"
            f"<article><h1>Story {i}</h1><p>{article_text(i)}</p><p>{article_text(i + 1000)}</p>"
            "</article></body></html>").encode()


def folder_with_bad_name(folder: Path, good: int = 3) -> list[str]:
    """``good`` valid pages plus one whose name is Latin-1 bytes (not UTF-8): ``latin1-\\xe7\\xeb.html``."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(good):
        (folder / f"good-{i}.html").write_bytes(good_page(i))
        names.append(str((folder / f"good-{i}.html").resolve()))
    bad = os.path.join(os.fsencode(folder), b"latin1-\xe7\xeb.html")
    with open(bad, "wb") as fh:
        fh.write(good_page(99))
    return names


MALFORMED_LINKS = ("http://0177.0.0.1:{port}/x", "http://127.000.000.002:{port}/x", "http://127.0.0.1:{port}/{long}",
                   "http:///x", "http://[::1/x", "http://exa mple.org/x", "http://127.0.0.1:99999/x")


def malformed_links(port: int) -> list[str]:
    return [u.format(port=port, long="a" * 100_000) for u in MALFORMED_LINKS]


def near_identical_page(n: int) -> bytes:
    """One page of ``n`` near-identical paragraphs (one word differs): the reuse blow-up of issue 9."""
    base = ("The regional assembly discussed the water supply plan for the coastal towns again today and "
            "the members agreed to publish the full report next week after the")
    paras = "".join(f"<p>{base} meeting number {i}.</p>" for i in range(n))
    return f"<html><head><title>Near</title></head><body><article>{paras}</article></body></html>".encode()


def random_words_page(n_words: int, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rnd.choice(letters) for _ in range(rnd.randint(2, 9))) for _ in range(n_words)]
    paras = [" ".join(words[i:i + 60]) + "." for i in range(0, n_words, 60)]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"<html><body><article>{body}</article></body></html>".encode()


def jsonl_gz_many(path: Path, lines: int) -> None:
    """A small .jsonl.gz expanding to ``lines`` valid records (a record-count bomb)."""
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for i in range(lines):
            fh.write(json.dumps({"url": f"https://bomb.example/{i}", "text": f"record {i} " * 3}).encode() + b"\n")


def deep_json_line(depth: int = 10_000) -> bytes:
    return (b'{"url": "https://deep.example/", "text": "deep", "x": ' + b"[" * depth + b"]" * depth + b"}\n")


def jsonl_with_deep_line(path: Path) -> list[str]:
    good = [json.dumps({"url": f"https://ok.example/{i}", "text": article_text(i)}).encode() + b"\n"
            for i in range(3)]
    path.write_bytes(good[0] + deep_json_line() + good[1] + good[2])
    return [f"https://ok.example/{i}" for i in range(3)]


def jsonl_bad_dates(path: Path) -> None:
    rows = [{"url": "https://d.example/1", "text": article_text(1), "fetched_at": "not a date"},
            {"url": "https://d.example/2", "text": article_text(2), "fetched_at": 12345},
            {"url": "https://d.example/3", "text": article_text(3), "fetched_at": {"when": "now"}},
            {"url": "https://d.example/4", "text": article_text(4), "fetched_at": "2024-05-01T10:00:00Z",
             "published": "yesterday"},
            {"url": "https://d.example/5", "text": article_text(5), "fetched_at": "2024-13-45"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def warc_missing_target(path: Path) -> list[str]:
    """good, response without WARC-Target-URI, good: the good records after the bad one must be kept."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    urls = ["https://w.example/a", "https://w.example/b"]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for i, url in enumerate([urls[0], None, urls[1]]):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url or "", "response", payload=io.BytesIO(good_page(i)),
                                            http_headers=http)
            if url is None:
                rec.rec_headers.remove_header("WARC-Target-URI")
            writer.write_record(rec)
    return urls


def utf8_with_broken_bytes() -> bytes:
    """An Albanian page declared UTF-8 whose text has 4 damaged bytes."""
    text = ("Punëtorët e portit protestuan sot për pagat. Sindikata kërkon rritje të pagës minimale "
            "dhe kushte më të mira pune. ") * 3
    data = bytearray(("<html><head><meta charset='utf-8'><title>Punëtorët</title></head><body><article><p>"
                      + text + "</p></article></body></html>").encode())
    for pos in (200, 240, 280, 320):       # four bytes overwritten with 0xFF (never valid in UTF-8)
        data[pos] = 0xFF
    return bytes(data)


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\x00" + bytes(range(48)) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def eml_base64_junk(valid_alphabet: bool = True) -> bytes:
    """A newsletter whose base64 body is junk: random bytes once decoded, or not base64 at all."""
    rnd = random.Random(3)
    if valid_alphabet:
        import base64
        junk = base64.encodebytes(bytes(rnd.randrange(256) for _ in range(3000)))
    else:
        junk = bytes(rnd.randrange(33, 127) for _ in range(3000))
    return (b"From: Bulletin <news@list.example>\r\nSubject: Weekly\r\nMessage-ID: <junk@list.example>\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + junk + b"\r\n")


def gzip_with_trailing(page: bytes) -> bytes:
    return gzip.compress(page) + b"\x00\x00garbage after the gzip member\n"
