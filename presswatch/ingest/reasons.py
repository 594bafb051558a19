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
    "bad_name": "the file name is not UTF-8; rename it (e.g. `convmv -f latin1 -t utf8 --notest FILE`)",
    "symlink_loop": "a symbolic link that points back to itself; fix or remove the link",
    "not_a_file": "a FIFO, device or socket, not a file; leave it out of the input",
    "too_many_records": "more records in one file than [ingest] max_records_per_file; split the file or raise it",
    "too_large_page": "more paragraphs or text than [process] max_paragraphs / max_text_chars; raise them, then `presswatch process --retry-quarantined`",
    "crashed": "the page killed its worker process; `presswatch process --retry-quarantined` retries it",
}

# Reasons of collected URLs are ``collect_<fetch error code>``; hints by code (the HTTP status family
# for ``collect_http_NNN``).
COLLECT_HINTS: dict[str, str] = {
    "http_4xx": "the site refused or no longer has the page; check the URL in a browser, then the source",
    "http_5xx": "the site had an error; the URL is retried on the next runs (at most 3 times)",
    "http_429": "the site asked us to slow down; the URL waits for a later run (see [collect] max_backoff)",
    "deferred": "the host asked for a pause (Retry-After) longer than [collect] max_backoff; retried later",
    "robots": "robots.txt disallows the URL; ask the site or remove the source",
    "blocked": "the host resolves to a private address; add it to [collect] allow_private_hosts if it is yours",
    "bad_url": "a malformed link in the listing (bad host, port or path); nothing was requested",
    "bad_type": "the URL is not an HTML page (image, PDF, ...)",
    "binary": "the server called it HTML but sent an image, PDF or other binary data",
    "empty": "the server sent an empty page",
    "too_large": "over [collect] max_body_bytes; raise it if wanted",
    "timeout": "the site answered too slowly; retried on the next runs",
    "dns": "the host name does not resolve; check the source URL",
    "tls": "the TLS certificate or handshake failed; check the site in a browser",
    "connect": "the site could not be reached; retried on the next runs",
    "redirect_loop": "the site redirects in a circle; check the URL in a browser",
    "too_many_redirects": "more redirects than [collect] max_redirects",
    "bad_redirect": "the site redirected to a URL that cannot be collected",
    "decoding": "the compressed body was broken; retried on the next runs",
    "protocol": "the server broke the HTTP protocol; retried on the next runs",
}


def hint(reason: str) -> str:
    if reason.startswith("collect_"):
        code = reason.removeprefix("collect_")
        if code in COLLECT_HINTS:
            return COLLECT_HINTS[code]
        if code.startswith("http_") and code[5:].isdigit():
            return COLLECT_HINTS.get(f"http_{code[5]}xx", "the site answered with an HTTP error")
        return "a collection failure; see the message, and `presswatch source list` for the source's health"
    return SKIP_HINTS.get(reason, "")
