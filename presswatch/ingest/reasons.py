"""Skip and quarantine reason codes, with what a user can do about each (shown by `presswatch status`)."""

from __future__ import annotations

SKIP_HINTS: dict[str, str] = {
    "binary": "not text (image, PDF, archive, junk); leave it out of the input",
    "empty": "nothing to store; check how the file was saved",
    "too_large": "over [ingest] max_bytes after decompression; raise it in presswatch.toml if wanted",
    "truncated": "broken gzip or WARC; records before the break were kept, re-download for the rest",
    "invalid": "not the format its name says (e.g. a .warc that is not a WARC)",
    "invalid_jsonl": "JSONL lines need an object with url and html or text; fix the listed lines",
    "unsupported_type": "unknown file extension; rename it or leave it out",
    "unreadable": "the file cannot be opened; check permissions",
    "too_deep": "HTML nested deeper than [extract] max_depth; raise it, then `presswatch process --retry-quarantined`",
    "undecodable": "the bytes do not decode to text; the file is damaged",
    "no_text": "no main text found in the page",
    "no_body": "the e-mail has no text or HTML part",
    "too_complex": "the page exhausted memory or recursion while processing",
    "error": "an unexpected failure; please report the file",
}


def hint(reason: str) -> str:
    return SKIP_HINTS.get(reason, "")
