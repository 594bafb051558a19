"""The issue's documents from its content model, through the shared Jinja2 templates: the standalone
HTML page (CSS in a <style> element), Markdown, and the email's HTML (CSS inlined into ``style``
attributes, since mail clients drop <style>) and plain-text parts."""

from __future__ import annotations

from importlib import resources

import css_inline

from presswatch.digest.publish.content import IssueContent
from presswatch.templating import environment


def stylesheet() -> str:
    """The digest's CSS (``presswatch/templates/publish/digest.css``)."""
    return resources.files("presswatch").joinpath("templates", "publish", "digest.css").read_text(encoding="utf-8")


def render_page(issue: IssueContent) -> str:
    """A self-contained HTML page (every text escaped by the template engine)."""
    return environment().get_template("publish/issue.html").render(issue=issue, css=stylesheet())


def render_body(issue: IssueContent) -> str:
    """The issue's HTML without page chrome (the feeds' full content; the web UI includes the same file)."""
    return environment().get_template("publish/_issue_body.html").render(issue=issue)


def render_markdown(issue: IssueContent) -> str:
    """Markdown with every text escaped (a title cannot become a link, an image or HTML)."""
    text = environment().get_template("publish/issue.md").render(issue=issue)
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:   # at most one blank line in a row
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def render_email_html(issue: IssueContent) -> str:
    """The email's HTML part: the page with its CSS inlined into each element's ``style``."""
    html = environment().get_template("publish/email.html").render(issue=issue, css=stylesheet())
    inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
    return inliner.inline(html)


def render_text(issue: IssueContent) -> str:
    """The email's text/plain alternative."""
    text = environment().get_template("publish/email.txt").render(issue=issue)
    out: list[str] = []
    for line in (ln.rstrip() if ln != "-- " else ln for ln in text.splitlines()):
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"
