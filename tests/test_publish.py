"""Publishing an approved issue from one content model: HTML page, Markdown, Atom/RSS (parsed with
feedparser), multipart .eml, byte-identical re-publishing, hostile titles, SMTP to a real local server."""

from __future__ import annotations

import socket
from email import policy
from email.parser import BytesParser
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from presswatch.api import (
    approve_digest,
    create_draft,
    edit_item,
    publish_issue,
    set_introduction,
    set_item_note,
)
from presswatch.cli import cli
from presswatch.digest.errors import DigestError
from presswatch.digest.publish.service import _guarded
from presswatch.project import Project
from tests.workspace_pages import STORIES, workspace_project

INGESTED_TITLE = '"><svg onload=alert(5)>[x](javascript:alert(6)) <a href="javascript:alert(7)">y</a>'
HOSTILE_TITLE = '"><script>alert(1)</script>[click](javascript:alert(2)) <img src=x onerror=alert(3)>'


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, int]:
    root = tmp_path_factory.mktemp("publish")
    stories = [*STORIES, ("evil.html", "Hostile headline", "Eve", "Evil Outlet", "2026-03-12",
                          "https://evil.example/story",
                          ["A hostile outlet published a story about the harbour tender on Thursday morning.",
                           "It said that the tender had been rigged, without naming any source for the claim."],
                          "en"),
               ("ingested.html", html_escape(INGESTED_TITLE), "Mallory", "Evil Outlet", "2026-03-13",
                "https://evil.example/ingested",
                ["An ingested page whose title tries to break out of attributes and Markdown.",
                 "Its body has nothing else of note, but it is dated inside the period."], "en")]
    project = workspace_project(root, stories)
    draft = create_draft(project, "2026-03-09")
    evil = next(i for i in draft.items if i.title == "Hostile headline")
    edit_item(project, evil.id or 0, title=HOSTILE_TITLE)           # an editor pastes a hostile title
    set_item_note(project, draft.items[0].id or 0, "Compare with [the ministry](javascript:alert(4)).")
    set_introduction(project, draft.id or 0, "This week: water.\n\n<b>Second</b> paragraph.")
    issue = approve_digest(project, draft.id or 0)
    assert issue.number == 1
    return project, 1


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.handlers: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k == "href":
                self.hrefs.append(v or "")
            if k.startswith("on"):
                self.handlers.append(k)
            if k == "style":
                self.styles += 1


def _check_html(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    assert not {"script", "img", "svg", "math", "iframe"} & set(t.tags) and not t.handlers
    assert all(h.split(":", 1)[0] in ("http", "https", "file") for h in t.hrefs), t.hrefs
    return t


def test_publish_writes_every_form_and_is_byte_identical(published: tuple[Project, int]) -> None:
    project, number = published
    first = publish_issue(project, number)
    assert [f.format for f in first.files] == ["html", "md", "eml", "atom", "rss"]
    assert all(f.changed for f in first.files)
    before = {f.format: f.path.read_bytes() for f in first.files}
    again = publish_issue(project, number)
    assert not any(f.changed for f in again.files)
    assert {f.format: f.path.read_bytes() for f in again.files} == before
    assert first.files[0].path == project.root / "published" / "issue-0001.html"
    conn = project.connect()
    try:
        rows = conn.execute("SELECT format, sha256 FROM digest_publications ORDER BY format").fetchall()
    finally:
        conn.close()
    assert {r[0]: r[1] for r in rows} == {f.format: f.sha256 for f in first.files}


def test_html_page_escapes_hostile_text_and_links_every_item(published: tuple[Project, int]) -> None:
    project, number = published
    html = (project.root / "published" / f"issue-{number:04d}.html").read_text(encoding="utf-8")
    tags = _check_html(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "javascript:" not in " ".join(tags.hrefs)
    assert "&lt;svg onload=alert(5)&gt;" in html and "svg" not in tags.tags    # the ingested hostile title
    assert "Issue #1" in html and "&lt;b&gt;Second&lt;/b&gt; paragraph." in html
    assert "Editor&#39;s note: Compare with" in html
    for url in ("https://rivertimes.example/water-plan", "https://valleyvoice.example/dam", "https://lugina.example/plani"):
        assert url in tags.hrefs
    assert "<style>" in html and "section[dir=rtl]" in html


def test_markdown_cannot_be_injected(published: tuple[Project, int]) -> None:
    project, number = published
    md = (project.root / "published" / f"issue-{number:04d}.md").read_text(encoding="utf-8")
    assert md.startswith("# Weekly digest\n")
    rendered = MarkdownIt("commonmark").render(md)          # what a Markdown reader would show
    tags = _check_html(rendered)
    assert "b" not in tags.tags and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "https://evil.example/story" in tags.hrefs and "https://lugina.example/plani" in tags.hrefs
    assert "\\[click\\]\\(javascript:alert\\(2\\)\\)" in md
    assert "### [Council approves water plan](https://rivertimes.example/water-plan)" in md
    assert "> Editor's note: Compare with \\[the ministry\\]\\(javascript:alert\\(4\\)\\)." in md


def test_feeds_parse_with_full_content(published: tuple[Project, int]) -> None:
    project, number = published
    for name, version in (("feed.atom", "atom10"), ("feed.rss", "rss20")):
        parsed = feedparser.parse((project.root / "published" / name).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == version
        assert len(parsed.entries) == 1
        entry = parsed.entries[0]
        assert entry.title == "Weekly digest — Issue #1"
        body = entry.content[0].value
        assert "Council approves water plan" in body and "https://lugina.example/plani" in body
        _check_html(body)
        assert "&lt;script&gt;" in body


def test_eml_is_multipart_alternative_with_inline_css(published: tuple[Project, int]) -> None:
    project, number = published
    raw = (project.root / "published" / f"issue-{number:04d}.eml").read_bytes()
    assert b"\r\n" in raw
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Subject"] == "Weekly digest — Issue #1" and msg["From"] == "presswatch@localhost"
    assert msg["Message-ID"].startswith("<issue-0001.") and msg["Date"] and msg["MIME-Version"] == "1.0"
    plain, html = list(msg.iter_parts())
    assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    text, markup = plain.get_content(), html.get_content()
    tags = _check_html(markup)
    assert "<style" not in markup and tags.styles > 10      # CSS inlined into style attributes
    assert "<body style=\"font: 16px" in markup
    for url in ("https://rivertimes.example/water-plan", "https://valleyvoice.example/dam",
                "https://lugina.example/plani", "https://evil.example/story"):
        assert url in text and url in tags.hrefs            # every item linked to its source in both parts
    assert "Editor's note: Compare with" in text


def test_approved_only_and_guarded_paths(published: tuple[Project, int], tmp_path: Path) -> None:
    project, _ = published
    with pytest.raises(DigestError, match="no approved issue #7"):
        publish_issue(project, 7)
    with pytest.raises(ValueError, match="would destroy it"):
        _guarded(project, project.db_path)
    with pytest.raises(ValueError, match="would destroy it"):
        _guarded(project, project.root / "presswatch.toml")
    with pytest.raises(ValueError, match="would destroy it"):
        _guarded(project, project.db_path.with_name(project.db_path.name + "-journal"))
    res = CliRunner().invoke(cli, ["--project", str(project.root), "digest", "publish", "1", "-o",
                                   str(tmp_path / "out"), "--format", "md"])
    assert res.exit_code == 0, res.output
    here = publish_issue(project, 1, formats=["md"]).files[0].path
    assert (tmp_path / "out" / "issue-0001.md").read_bytes() == here.read_bytes()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_smtp_delivery_to_a_real_local_server(published: tuple[Project, int], monkeypatch: pytest.MonkeyPatch) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    received: list[tuple[str, list[str], bytes]] = []
    logins: list[str] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"editor" and auth_data.password == b"s3cret"
        if ok:
            logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    project, number = published
    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        (project.root / "presswatch.toml").write_text(
            (project.root / "presswatch.toml").read_text(encoding="utf-8")
            + f'\n[publish]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nstarttls = false\n'
              'from = "digest@example.org"\nto = ["reader@example.org", "second@example.org"]\nsmtp_timeout = 10\n',
            encoding="utf-8")
        monkeypatch.setenv("PRESSWATCH_SMTP_USER", "editor")
        monkeypatch.setenv("PRESSWATCH_SMTP_PASSWORD", "s3cret")
        fresh = Project.open(project.root)
        result = publish_issue(fresh, number, formats=["eml"], send_mail=True)
        assert result.sent_to == ["reader@example.org", "second@example.org"]
        assert logins == ["editor"]
        assert len(received) == 1
        sender, rcpts, data = received[0]
        assert sender == "digest@example.org" and rcpts == ["reader@example.org", "second@example.org"]
        got = BytesParser(policy=policy.default).parsebytes(data)
        eml = BytesParser(policy=policy.default).parsebytes(result.files[0].path.read_bytes())
        assert got["Message-ID"] == eml["Message-ID"] and got["To"] == "reader@example.org, second@example.org"
        assert [p.get_content() for p in got.iter_parts()] == [p.get_content() for p in eml.iter_parts()]
        monkeypatch.setenv("PRESSWATCH_SMTP_PASSWORD", "wrong")
        res = CliRunner().invoke(cli, ["--project", str(project.root), "digest", "publish", "1", "--format", "eml",
                                       "--send"])
        assert res.exit_code != 0 and "could not send" in res.output and "PRESSWATCH_SMTP_PASSWORD" in res.output
    finally:
        controller.stop()
        (project.root / "presswatch.toml").write_text("[project]\nname = \"proj\"\n", encoding="utf-8")


def test_smtp_starttls_verifies_the_server(published: tuple[Project, int], tmp_path: Path) -> None:
    import shutil
    import ssl
    import subprocess

    from aiosmtpd.controller import Controller

    from presswatch.api import get_issue, issue_content
    from presswatch.digest.publish.email import MailSettings, build_message
    from presswatch.digest.publish.smtp import DeliveryError, SmtpSettings, send

    if shutil.which("openssl") is None:
        pytest.skip("openssl (Debian package openssl) is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(str(cert), str(key))
    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.original_content)
            return "250 OK"

    project, number = published
    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=server_ctx,
                            require_starttls=True)
    controller.start()
    try:
        message = build_message(issue_content(get_issue(project, number)), MailSettings(recipients=["r@example.org"]))
        untrusted = SmtpSettings(host="127.0.0.1", port=port, recipients=["r@example.org"], timeout=10)
        with pytest.raises(DeliveryError, match="could not send"):
            send(message, untrusted)                                  # a certificate nobody vouches for
        trusted = SmtpSettings(host="127.0.0.1", port=port, recipients=["r@example.org"], timeout=10,
                               cafile=str(cert))
        assert send(message, trusted) == ["r@example.org"]
        assert len(received) == 1 and b"Issue #1" in received[0]
    finally:
        controller.stop()
