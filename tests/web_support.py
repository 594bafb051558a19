"""Shared pieces of the web tests: a test project with hostile pages, and a real `presswatch serve`.

The hostile pages are written by these tests (no third-party text): every payload calls ``alert``
(a dialog the browser tests fail on) or sets ``window.__pwned``; none of them may run anywhere.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]

CHROMIUM = os.environ.get("PRESSWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]

HOSTILE_TITLE = "\"><script>alert('title')</script><img src=x onerror=alert('titleimg')> Lumëzi [dam](javascript:alert('md'))"

HOSTILE_HTML = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{title}</title>
<meta property="og:title" content='Hostile dam report" onmouseover="alert(&apos;og&apos;)" x="'>
<meta property="og:site_name" content="<svg onload=alert('outlet')>Evil Outlet">
<meta name="author" content="<img src=x onerror=alert('author')>Mallory">
<meta name="date" content="2026-03-12">
<meta http-equiv="refresh" content="0;url=javascript:alert('refresh')">
<base href="javascript:alert('base')//">
<style>body{{background:url("javascript:alert('css')")}} p{{color:expression(alert('expr'))}}</style>
<script>alert('head script'); window.__pwned = 1;</script>
</head><body onload="alert('onload')">
<article>
<h1>Hostile report on the Lumëzi dam <img src=x onerror="alert('h1')"></h1>
<p>The Lumëzi hydropower dam was debated again in parliament on Thursday, where deputies asked the
government to publish the full contract with the Iranian builder before any further work goes ahead.
<script>alert('inline'); window.__pwned = 2;</script></p>
<p>Read <a href="javascript:alert('link')">the leaked report</a>, <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">the annex</a>
or <a href="  JaVaScRiPt:alert('mixed')">the summary</a> for the details of the environmental study
that the ministry has kept from the public for months.</p>
<svg width="10" height="10"><script>alert('svg')</script><animate onbegin="alert('animate')" attributeName="x" dur="1s"/><a href="javascript:alert('svglink')"><text>svg link</text></a></svg>
<math><mtext></mtext><mglyph><style></style><img src=x onerror="alert('math')"></mglyph><maction actiontype="statusline" xlink:href="javascript:alert('maction')">m</maction></math>
<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:red;z-index:99999">Farmers in the valley say
&lt;script&gt;alert('escaped')&lt;/script&gt; the river is their only source of water in the dry summer months and they fear it.</p>
<iframe src="javascript:alert('iframe')"></iframe>
<object data="javascript:alert('object')"></object>
<form action="javascript:alert('form')"><button formaction="javascript:alert('button')">Go</button><input autofocus onfocus="alert('focus')"></form>
<p>“We will not allow <b onmouseover="alert('b')">this project</b> to destroy our valley,” said Arben Zeka, the mayor of Lumëz,
adding that [click here](javascript:alert('mdlink')) and ![image](javascript:alert('mdimg')) were not the answer.</p>
<p><img src="x" onerror="alert('img')"> <video><source onerror="alert('video')"></video> <details open ontoggle="alert('toggle')">d</details></p>
</article>
</body></html>
"""

HOSTILE_TEXT = """<script>alert('text title')</script> Lumëzi dam notes [x](javascript:alert('mdtext'))

The council of Lumëz met again about the dam on the river. <img src=x onerror=alert('textimg')> Deputies said the
government must publish the contract before the builder starts the next phase of the work on the valley.

"Close the tag" onmouseover="alert('attr')" and </textarea><script>alert('textarea')</script> should stay text.
"""

# A JSONL record whose metadata is hostile: title, outlet, author and a javascript: URL as its link.
HOSTILE_RECORD = {
    "url": "https://hostile.example/2026/03/13/dam",
    "title": "<img src=x onerror=alert('jsonl')>Dam \"quotes\" ' & <b>bold</b> [link](javascript:alert('jl'))",
    "author": "<script>alert('jauthor')</script>Eve",
    "outlet": "<svg/onload=alert('joutlet')>Hostile Wire",
    "published": "2026-03-13T10:00:00Z",
    "lang": "en",
    "text": ("The Lumëzi dam contract was signed without a tender, the opposition said on Friday, calling on the "
             "prosecutor to examine the deal. <script>alert('jtext')</script> The ministry denied any wrongdoing "
             "and said the contract would be published next month after the environmental review."),
}


def write_hostile_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile-dam-report.html").write_text(HOSTILE_HTML.format(title=HOSTILE_TITLE), encoding="utf-8")
    (folder / "hostile-notes.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "hostile-wire.jsonl").write_text(json.dumps(HOSTILE_RECORD, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
    return folder


def build_test_project(root: Path) -> Path:
    """The demo corpus (with a translation, copies, Persian and Albanian) plus the hostile pages."""
    from presswatch.api import ingest, run_demo
    from presswatch.project import Project

    report = run_demo(root)
    ingest(Project.open(report.root), [write_hostile_corpus(root / "hostile")])
    return report.root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(project_root: Path, *extra: str, port: int | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Run `presswatch serve` on 127.0.0.1 in a subprocess; yield its base URL; stop it afterwards."""
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "presswatch", "--project", str(project_root), "serve", "--host", "127.0.0.1",
           "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
                raise RuntimeError(f"presswatch serve exited with {proc.returncode}: {out}")
            try:
                if httpx.get(base + "/api/session", timeout=2).status_code in (200, 401):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("presswatch serve did not answer within the timeout")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
