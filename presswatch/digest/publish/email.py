"""The issue as a multipart email (text/plain alternative, then HTML with inline CSS), with Python's
email package. Boundary, Message-ID and Date come from the issue itself, so the bytes are the same
every time the issue is published."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from presswatch.digest.publish.content import IssueContent
from presswatch.digest.publish.feeds import _when
from presswatch.digest.publish.render import render_email_html, render_text


@dataclass(frozen=True)
class MailSettings:
    sender: str = "presswatch@localhost"            # [publish] from
    recipients: list[str] = field(default_factory=list)   # [publish] to
    subject_prefix: str = ""


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip("<> ") or "localhost"


def build_message(issue: IssueContent, settings: MailSettings) -> EmailMessage:
    """The email for ``issue``: multipart/alternative (text/plain, text/html), headers set."""
    text, html = render_text(issue), render_email_html(issue)
    digest = hashlib.sha256((text + "\0" + html).encode("utf-8")).hexdigest()
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = " ".join(f"{settings.subject_prefix} {issue.title} — {issue.label}".split())
    msg["From"] = _address(settings.sender)
    if settings.recipients:
        msg["To"] = ", ".join(settings.recipients)
    msg["Date"] = format_datetime(_when(issue.stamp))
    msg["Message-ID"] = f"<{issue.slug}.{digest[:20]}@{_domain(settings.sender)}>"
    msg["MIME-Version"] = "1.0"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    msg.set_boundary(f"==presswatch-{digest[:32]}==")
    return msg


def _address(value: str) -> str:
    value = value.strip()
    if "<" in value:
        return value
    return str(Address(addr_spec=value))


def message_bytes(issue: IssueContent, settings: MailSettings) -> bytes:
    """The .eml file's bytes (CRLF line ends, as sent)."""
    return build_message(issue, settings).as_bytes(policy=policy.SMTP)
