"""Newsletters saved as .eml: metadata from the headers (the body is decoded by the Decode component).

The raw message bytes are stored as they are. ``meta`` gets title (Subject), author (From display
name), outlet (the List-Id name, else the sender's domain) and published (Date, ISO 8601). The page
key is the Message-ID as a ``mid:`` URI (RFC 2392) when present, so the same newsletter saved twice
under different names is one page; otherwise the absolute path.
"""

from __future__ import annotations

from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from typing import Any

from presswatch.models import RawDocument


def _header(msg: EmailMessage, name: str) -> Any:
    try:
        return msg[name]
    except (ValueError, IndexError, TypeError, AttributeError):  # malformed header: treat as absent
        return None


def header_meta(msg: EmailMessage) -> dict[str, str]:
    """title, author, outlet, published from the headers of a message (absent keys left out)."""
    meta: dict[str, str] = {}
    subject = _header(msg, "Subject")
    if subject:
        meta["title"] = " ".join(str(subject).split())
    sender = _header(msg, "From")
    address: Address | None = None
    addresses = getattr(sender, "addresses", None) if sender is not None else None
    if addresses:
        address = addresses[0]
        if address.display_name:
            meta["author"] = address.display_name.strip()
    list_id = _header(msg, "List-Id")
    if list_id:
        text = str(list_id).strip()
        name, _, ident = text.partition("<")
        meta["outlet"] = name.strip().strip('"') or ident.rstrip(">").strip()
    elif address is not None and address.domain:
        meta["outlet"] = address.domain.lower()
    date = _header(msg, "Date")
    if date:
        try:
            meta["published"] = parsedate_to_datetime(str(date)).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    return meta


def message_id(msg: EmailMessage) -> str | None:
    value = _header(msg, "Message-ID")
    if not value:
        return None
    ident = str(value).strip().strip("<>").strip()
    return ident or None


def eml_record(location: str, path: str, data: bytes) -> RawDocument:
    msg = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
    assert isinstance(msg, EmailMessage)
    mid = message_id(msg)
    return RawDocument(location=location, key=f"mid:{mid}" if mid else path, data=data, media_type="eml",
                       path=path, meta=header_meta(msg))


def parse_message(data: bytes) -> EmailMessage:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    return msg


def message_body(data: bytes) -> tuple[str, bytes, str | None, str] | None:
    """The preferred body part: ("html" | "text", payload bytes, declared charset, problems), or None.

    ``problems`` names transfer-encoding defects (invalid base64, ...) found in that part, else "".
    """
    msg = parse_message(data)
    part = msg.get_body(preferencelist=("html", "plain"))
    if part is None:
        return None
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    kind = "html" if part.get_content_subtype() == "html" else "text"
    problems = ", ".join(sorted({type(d).__name__.removesuffix("Defect") for d in part.defects
                                 if "Base64" in type(d).__name__ or "Encoding" in type(d).__name__}))
    return kind, payload, part.get_content_charset(), problems
