"""Content checks shared by every input (files, WARC/JSONL records, collected responses): a payload that is
empty or binary is a counted skip, never a stored page."""

from __future__ import annotations

from presswatch.models import Skip

GZIP_MAGIC = b"\x1f\x8b"

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x7fELF", "an ELF executable"), (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"), (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ\x00", "an xz file"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x28\xb5\x2f\xfd", "a zstd file"), (b"wOFF", "a web font"), (b"wOF2", "a web font"),
    (b"\xd0\xcf\x11\xe0", "an MS Office (OLE) document"), (b"RIFF", "a RIFF media file (WAV/AVI/WebP)"),
    (GZIP_MAGIC, "gzip-compressed data inside a gzip file"), (b"\x00asm", "a WebAssembly module"),
)
# C0 control bytes that never appear in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_IDENTITY = bytes.maketrans(b"", b"")
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def utf16_without_bom(sample: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when the bytes look like BOM-less UTF-16 text."""
    half = max(1, len(sample) // 2)
    evens, odds = sample[0::2], sample[1::2]
    for zeros, chars, name in ((odds, evens, "utf-16-le"), (evens, odds, "utf-16-be")):
        if zeros.count(0) > 0.4 * half and chars.count(0) < 0.02 * half:
            # the other bytes of mostly-ASCII UTF-16 are printable characters
            printable = len(chars.translate(_IDENTITY, _CONTROL))
            return name if printable > 0.9 * len(chars) else None
    return None


def sniff_binary(data: bytes) -> str | None:
    """A message when ``data`` is not text (known magic number, NUL bytes, control characters)."""
    head = data[:16]
    for magic, what in MAGIC:
        if head.startswith(magic):
            return f"looks like {what}, not a page; remove it from the input or convert it to HTML/text"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "looks like an MP4/MOV media file, not a page; remove it from the input"
    sample = data[:65536]
    if sample.startswith(BOMS) or utf16_without_bom(sample):
        return None
    controls = len(sample.translate(_IDENTITY, _NOT_CONTROL))
    nul = sample.count(0)
    if controls > 0.05 * len(sample) or nul > 0.01 * len(sample):
        return (f"binary data ({nul} NUL and {controls} control bytes in the first {len(sample):,}); "
                "not a page — remove it from the input")
    return None


def check_payload(location: str, data: bytes) -> Skip | None:
    """The skip for an empty or binary payload, else None."""
    if not data.strip():
        return Skip(location, "empty", "nothing but whitespace; nothing to store")
    binary = sniff_binary(data)
    if binary:
        return Skip(location, "binary", binary)
    return None
