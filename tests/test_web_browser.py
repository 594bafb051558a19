"""The web UI in a real browser: Debian's Chromium through Playwright against `presswatch serve`.

Every page listens for dialogs (each hostile payload calls ``alert``) and script errors and fails
on any. Screenshots of the main pages are written to the test's folder, or to
``$PRESSWATCH_SCREENSHOTS`` when set (the docs use that).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web_support import CHROMIUM, CHROMIUM_ARGS, build_test_project, serve

playwright_api = pytest.importorskip("playwright.sync_api")

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium for these tests")
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def project_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_project(tmp_path_factory.mktemp("webproj") / "demo")


@pytest.fixture(scope="module")
def base_url(project_root: Path) -> Iterator[str]:
    with serve(project_root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("PRESSWATCH_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watched:
    """A browser page that records every dialog, script error and failed same-origin request."""

    def __init__(self, browser: Any, base_url: str, *, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        self.page.on("console", self._console)

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    def _console(self, msg: Any) -> None:
        # CSP and sandbox refusals are the defence working; anything else logged as an error is a bug.
        text = msg.text
        if msg.type == "error" and not any(s in text for s in (
                "Content Security Policy", "sandboxed", "Blocked script execution", "ERR_BLOCKED",
                "Failed to load resource", "Refused to", "may not be used as base URLs")):
            self.problems.append(f"console error: {text}")

    def goto(self, path: str) -> Any:
        response = self.page.goto(path, wait_until="load")
        self.page.wait_for_timeout(150)   # let late handlers (onload, onfocus, animations) fire
        return response

    def check_inert(self, *, own_style: bool = False) -> None:
        """No dialog, no script error, no payload ran, nothing active left in the DOM (``own_style``: the
        published page's own <style> element is allowed)."""
        assert self.page.evaluate("() => window.__pwned === undefined"), "a payload ran"
        found = self.page.evaluate("""(OWN_STYLE) => {
            const bad = [];
            for (const s of document.querySelectorAll('script')) {
                if (!s.src || new URL(s.src).origin !== location.origin || !new URL(s.src).pathname.startsWith('/static/'))
                    bad.push('script ' + (s.src || s.textContent.slice(0, 40)));
            }
            for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) {
                    const v = a.value.trim().toLowerCase();
                    if (a.name.startsWith('on')) bad.push('handler ' + el.tagName + ' ' + a.name);
                    if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name)
                        && (v.startsWith('javascript:') || v.startsWith('data:') || v.startsWith('vbscript:')))
                        bad.push('url ' + el.tagName + ' ' + a.name + '=' + v.slice(0, 30));
                    if (a.name === 'style' && v !== '') bad.push('style attribute: ' + el.outerHTML.slice(0, 120));
                }
            }
            for (const tag of ['svg', 'math', 'object', 'embed', 'base'].concat(OWN_STYLE ? [] : ['style'])) {
                if (document.querySelector(tag)) bad.push('element ' + tag);
            }
            for (const f of document.querySelectorAll('iframe')) {
                if (!f.hasAttribute('sandbox') || f.getAttribute('sandbox').trim() !== '') bad.push('frame without full sandbox');
            }
            document.querySelectorAll('meta[http-equiv]').forEach(m => bad.push('meta http-equiv'));
            return bad;
        }""", own_style)
        assert not found, found
        assert not self.problems, self.problems

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any, base_url: str) -> Iterator[Watched]:
    w = Watched(browser, base_url)
    try:
        yield w
    finally:
        w.close()


def api(base_url: str, path: str) -> Any:
    response = httpx.get(base_url + path, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def hostile_units(base_url: str) -> list[dict[str, Any]]:
    items = api(base_url, "/api/units?limit=500&include_boilerplate=true")["items"]
    found = [u for u in items if "hostile" in (u["page_key"] + (u["path"] or "") + (u["url"] or ""))]
    assert len(found) >= 3, [u["page_key"] for u in items]
    return found


def test_hostile_pages_stay_inert_on_every_page(watched: Watched, base_url: str, shots: Path) -> None:
    units = hostile_units(base_url)
    entity_ids = [e["id"] for e in api(base_url, "/api/entities?limit=5")["items"]]
    paths = ["/", "/?kind=article", "/?lang=en", "/search?q=Lumëzi", "/search?q=dam+contract",
             "/search?q=alert", "/search?q=script", "/entities", "/sources", "/runs", "/help"]
    paths += [f"/units/{u['id']}" for u in units] + [f"/units/{u['id']}/clean" for u in units]
    paths += [f"/entities/{e}" for e in entity_ids]
    for path in paths:
        response = watched.goto(path)
        assert response.status == 200, path
        csp = response.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp
        # hover and focus everything that could carry a handler the sanitiser missed
        for el in watched.page.query_selector_all("main a, main b, main p, main img")[:60]:
            try:
                el.hover(timeout=500)
            except playwright_api.Error:
                pass
        watched.page.wait_for_timeout(100)
        watched.check_inert()
    # the hostile text is shown as text: the title's markup is visible, not executed
    watched.goto(f"/units/{units[0]['id']}")
    watched.page.screenshot(path=str(shots / "unit-hostile.png"))


def loaded_frame(frame_el: Any) -> Any:
    """The saved page's frame once its document has loaded (the frame is lazy: scrolled to first)."""
    frame_el.scroll_into_view_if_needed()
    frame = frame_el.content_frame()
    assert frame is not None
    frame.wait_for_function("() => location.pathname.endsWith('/original') && document.readyState === 'complete'",
                            timeout=30_000)
    return frame


def test_saved_page_links_resolve_against_the_outlet(watched: Watched, base_url: str) -> None:
    units = api(base_url, "/api/units?limit=500")["items"]
    unit = next(u for u in units if "adriaticwire-2026-03-10" in (u["path"] or ""))
    outlet = "https://adriaticwire.example/"
    watched.goto(f"/units/{unit['id']}")
    frame = loaded_frame(watched.page.wait_for_selector("iframe.saved"))
    hrefs = frame.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    assert len(hrefs) >= 5 and all(h.startswith(outlet) for h in hrefs), hrefs
    assert frame.evaluate("() => document.baseURI").startswith(outlet)
    watched.check_inert()
    watched.goto(f"/units/{unit['id']}/clean")
    hrefs = watched.page.eval_on_selector_all(".cleaned a[href]", "els => els.map(a => a.href)")
    assert len(hrefs) >= 5 and all(h.startswith(outlet) for h in hrefs), hrefs
    watched.check_inert()


def test_saved_page_frame_is_sandboxed(watched: Watched, base_url: str) -> None:
    unit = next(u for u in hostile_units(base_url) if (u["path"] or "").endswith(".html"))
    response = watched.goto(f"/units/{unit['id']}")
    assert response.status == 200
    frame_el = watched.page.wait_for_selector("iframe.saved")
    assert frame_el.get_attribute("sandbox") == ""
    frame = loaded_frame(frame_el)
    assert "Lumëzi" in frame.content()        # the saved page is there, as the outlet served it
    assert frame.evaluate("() => window.__pwned === undefined")
    raw = httpx.get(f"{base_url}/units/{unit['id']}/original", timeout=30)
    assert raw.headers["content-security-policy"].startswith("default-src 'none'")
    assert "sandbox" in raw.headers["content-security-policy"]
    watched.check_inert()


def test_search_with_keyboard_facets_and_count(watched: Watched, shots: Path) -> None:
    watched.goto("/")
    watched.page.keyboard.press("/")
    box = watched.page.locator("#quicksearch")
    assert box.evaluate("el => el === document.activeElement")
    box.fill("Lumëzi dam")
    box.press("Enter")
    watched.page.wait_for_url("**/search?q=*")
    count = watched.page.locator("#hitcount").inner_text()
    total = int(count.split()[0].rstrip("+"))
    assert total >= 5
    assert watched.page.locator("ol.hits li").count() >= 5
    assert watched.page.locator("ol.hits mark").count() >= 5
    watched.page.screenshot(path=str(shots / "search.png"), full_page=False)
    # a language facet narrows the hits and the count
    facet = watched.page.locator("aside ul.facet").first.locator("li").last
    code_link = facet.locator("a")
    href = code_link.get_attribute("href") or ""
    code = href.split("lang=")[1].split("&")[0]
    code_link.click()
    watched.page.wait_for_url("**lang=" + code + "*")
    narrowed = int(watched.page.locator("#hitcount").inner_text().split()[0].rstrip("+"))
    assert 0 < narrowed < total
    badges = watched.page.locator("ol.hits .badge.lang").all_inner_texts()
    assert badges and set(badges) == {code}
    # Persian: snippets right to left
    watched.page.goto("/search?q=" + "پارس")
    snippets = watched.page.locator("ol.hits .snippet[dir=rtl]")
    assert snippets.count() >= 1
    watched.check_inert()


def test_inbox_keyboard_navigation_and_help(watched: Watched, shots: Path) -> None:
    watched.goto("/?lang=sq")
    rows = watched.page.locator("[data-row]")
    assert rows.count() >= 10
    watched.page.keyboard.press("j")
    watched.page.keyboard.press("j")
    assert "current" in (rows.nth(1).get_attribute("class") or "")
    watched.page.keyboard.press("k")
    assert "current" in (rows.nth(0).get_attribute("class") or "")
    watched.page.keyboard.press("x")
    assert "selected" in (rows.nth(0).get_attribute("class") or "")
    assert rows.nth(0).locator("[data-pick]").is_checked()
    watched.page.keyboard.press("?")
    assert watched.page.locator("dialog#help").evaluate("d => d.open")
    watched.page.keyboard.press("Escape")
    assert not watched.page.locator("dialog#help").evaluate("d => d.open")
    watched.page.screenshot(path=str(shots / "inbox.png"))
    # while the help is open the list keys do nothing; closed, they move again
    watched.page.keyboard.press("?")
    watched.page.keyboard.press("j")
    assert "current" in (rows.nth(0).get_attribute("class") or "")
    watched.page.keyboard.press("?")
    assert not watched.page.locator("dialog#help").evaluate("d => d.open")
    # Enter on a focused link follows that link, not the current row
    other = rows.nth(2).locator("a.title")
    other_href = other.get_attribute("href")
    other.focus()
    with watched.page.expect_navigation():
        watched.page.keyboard.press("Enter")
    assert watched.page.url.endswith(str(other_href))
    watched.goto("/?lang=sq")
    href = rows.nth(0).get_attribute("data-href")
    watched.page.keyboard.press("j")
    watched.page.keyboard.press("Enter")
    watched.page.wait_for_url("**" + str(href))
    watched.check_inert()


def test_unit_with_its_translation_side_by_side(watched: Watched, base_url: str, shots: Path) -> None:
    translations = api(base_url, "/api/units?kind=translation")["items"]
    assert translations, "the demo corpus has an embedded translation"
    unit = api(base_url, f"/api/units/{translations[0]['id']}")
    assert unit["translation"] is not None
    original = unit["translation"]["unit"]
    watched.goto(f"/units/{original['id']}")
    columns = watched.page.locator(".columns.two section.text")
    assert columns.count() == 2
    first, second = columns.nth(0), columns.nth(1)
    assert first.locator(".passage").count() >= 2 and second.locator(".passage").count() >= 2
    assert original["lang"] in first.locator(".passage").first.get_attribute("lang")
    watched.page.screenshot(path=str(shots / "unit-translation.png"))
    watched.check_inert()


def test_persian_passages_are_right_to_left(watched: Watched, base_url: str) -> None:
    fa = api(base_url, "/api/units?lang=fa&kind=article")["items"]
    assert fa
    watched.goto(f"/units/{fa[0]['id']}")
    passages = watched.page.locator(".passage[lang=fa]")
    assert passages.count() >= 1
    assert all(p.get_attribute("dir") == "rtl" for p in passages.all())
    assert watched.page.locator("h1").get_attribute("dir") == "rtl"
    watched.check_inert()


def test_phone_width_has_no_horizontal_scroll(browser: Any, base_url: str, shots: Path) -> None:
    unit = api(base_url, "/api/units?kind=article&limit=1")["items"][0]["id"]
    draft = new_draft(base_url, "Phone week")["id"]
    w = Watched(browser, base_url, width=390, height=844)
    try:
        for path, name in (("/", "inbox-phone.png"), ("/search?q=dam", None), (f"/units/{unit}", None),
                           (f"/digests/{draft}", None), ("/digests", None), ("/entities", None), ("/runs", None)):
            w.goto(path)
            overflow = w.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (path, overflow)
            if name:
                w.page.screenshot(path=str(shots / name))
        # the list comes first: the side panels (filters, facets, add from search) start folded
        for path in ("/?since=all", "/search?q=dam", f"/digests/{draft}"):
            w.goto(path)
            w.page.wait_for_function("() => document.querySelector('details.fold') && !document.querySelector('details.fold').open")
            top = w.page.locator("[data-row]").first.bounding_box()
            assert top and top["y"] < 844, (path, top)
        w.page.locator("details.fold > summary").click()           # and open with a tap
        assert w.page.locator("#searchbox").is_visible()
        w.check_inert()
    finally:
        w.close()
    wide = Watched(browser, base_url)
    try:
        wide.goto("/?since=all")                                   # on a wide screen always open, no summary
        assert wide.page.locator("details.fold").evaluate("d => d.open")
        assert not wide.page.locator("details.fold > summary").is_visible()
    finally:
        wide.close()


def pressed(page: Any, unit_id: int, which: str) -> bool:
    return page.locator(f"#triage-{unit_id} button.t-{which}").get_attribute("aria-pressed") == "true"


def test_triage_in_the_inbox_with_keys(watched: Watched, base_url: str, shots: Path) -> None:
    page = watched.page
    watched.goto("/?since=all")
    rows = page.locator("[data-row]")
    page.keyboard.press("j")
    page.keyboard.press("j")
    unit_id = int(rows.nth(1).get_attribute("data-unit") or 0)
    page.keyboard.press("i")
    page.wait_for_function(f"() => document.querySelector('#triage-{unit_id} button.t-include')"
                           ".getAttribute('aria-pressed') === 'true'")
    page.keyboard.press("s")
    page.wait_for_function(f"() => document.querySelector('#triage-{unit_id} button.t-star')"
                           ".getAttribute('aria-pressed') === 'true'")
    # a second unit, skipped with the button
    other = int(rows.nth(3).get_attribute("data-unit") or 0)
    page.locator(f"#triage-{other} button.t-skip").click()
    page.wait_for_function(f"() => document.querySelector('#triage-{other} button.t-skip')"
                           ".getAttribute('aria-pressed') === 'true'")
    watched.goto("/?since=all")           # saved: a reload shows the same marks
    assert pressed(page, unit_id, "include") and pressed(page, unit_id, "star")
    assert pressed(page, other, "skip") and not pressed(page, other, "include")
    included = api(base_url, "/api/inbox?since=2000-01-01&decision=include")
    assert unit_id in [u["unit_id"] for g in included["groups"] for u in g["units"]]
    # the filter shows only the starred one
    watched.goto("/?since=all&starred=1")
    assert [int(r.get_attribute("data-unit") or 0) for r in page.locator("[data-row]").all()] == [unit_id]
    # undo: pressing include again clears it
    page.locator(f"#triage-{unit_id} button.t-include").click()
    page.wait_for_function(f"() => document.querySelector('#triage-{unit_id} button.t-include')"
                           ".getAttribute('aria-pressed') === 'false'")
    # mark all as seen: the inbox is empty until something new arrives
    watched.goto("/")
    page.locator("form[action='/visit'] button").click()
    page.wait_for_load_state("load")
    assert page.locator("[data-row]").count() == 0
    assert "Nothing new" in page.locator("main").inner_text()
    watched.check_inert()


def assert_inert_html(html: str) -> None:
    """Parsed, the HTML has no script, no handler attribute, no javascript:/data: link (text may mention them)."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(f"<div>{html}</div>")
    assert not root.xpath("//script|//iframe|//object|//embed|//svg|//math")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name.lower() in ("href", "src", "action", "formaction"):
                assert value.strip().lower().split(":")[0] in ("http", "https", "mailto", "file", "tag") or \
                    ":" not in value, (el.tag, name, value)


def item_ids(page: Any) -> list[int]:
    return [int(x) for x in page.locator("#items > li").evaluate_all("els => els.map(e => e.dataset.item)")]


def wait_saved(page: Any, item: Any) -> None:
    page.wait_for_function("el => el.querySelector('.saved-state').textContent === 'saved'", arg=item.element_handle())


def test_digest_build_edit_approve_publish(watched: Watched, base_url: str, shots: Path) -> None:
    page = watched.page
    teasers = api(base_url, "/api/units?kind=teaser&limit=100")["items"]
    teaser = next(t for t in teasers if len(t["excerpt"].split()) >= 12 and t["title"]
                  and not api(base_url, f"/api/units/{t['id']}/reuse")["also_at"])
    watched.goto(f"/units/{teaser['id']}")
    page.locator(".unithead button.t-include").click()       # a teaser is in the draft only when included
    page.wait_for_function("() => document.querySelector('.unithead button.t-include').getAttribute('aria-pressed') === 'true'")

    watched.goto("/digests")
    page.fill("input[name=date_from]", "2026-03-09")
    page.fill("input[name=date_to]", "2026-03-15")
    page.fill("input[name=title]", "Lumëzi week")
    page.locator("form.newdigest button").click()
    page.wait_for_url("**/digests/*")
    digest_id = int(page.url.rstrip("/").split("/")[-1].split("?")[0].split("#")[0])
    ids = item_ids(page)
    assert len(ids) >= 10
    assert page.locator(f"#items a[href='/units/{teaser['id']}']").count() == 1
    assert page.locator("#items .attribution").count() >= 10       # "<author> writes in <outlet> that …"

    # edit the first item's lead and note, and the introduction: saved as typed, there after a reload
    first = page.locator(f"#item-{ids[0]}")
    first.locator("textarea[data-field=lead]").fill("An edited lead sentence for the first item.")
    wait_saved(page, first)
    first.locator("textarea[data-field=note]").fill("Checked with the outlet.")
    wait_saved(page, first)
    page.locator(".intro textarea").fill("This week: the dam.\n\nAnd the contract.")
    page.wait_for_function("() => document.querySelector('.intro .saved-state').textContent === 'saved'")
    # the header follows the draft's revision as the edits are saved
    revision = api(base_url, f"/api/digests/{digest_id}")["revision"]
    assert revision >= 3 and page.locator("#revision").inner_text() == str(revision)
    watched.goto(f"/digests/{digest_id}")
    assert page.locator(f"#item-{ids[0]} textarea[data-field=lead]").input_value() == \
        "An edited lead sentence for the first item."
    assert page.locator(".intro textarea").input_value().startswith("This week: the dam.")

    # reorder with keys: the second item moves up
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_selector("#toast.show")
    watched.goto(f"/digests/{digest_id}")
    assert item_ids(page)[:2] == [ids[1], ids[0]]
    # and by dragging the fourth item by its handle above the second, with the mouse (pressed, moved in
    # steps, released): a tall window keeps both on screen
    window = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.evaluate("() => window.scrollTo(0, 0)")
    handle = page.locator(f"#item-{ids[3]} .handle").bounding_box()
    target = page.locator(f"#item-{ids[0]}").bounding_box()
    assert handle and target and handle["y"] > target["y"]
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 5, steps=25)
    page.mouse.up()
    page.wait_for_selector("#toast.show")
    page.wait_for_function("() => document.querySelector('#toast').textContent === 'order saved'")
    watched.goto(f"/digests/{digest_id}")
    after_drag = item_ids(page)
    assert after_drag.index(ids[3]) < after_drag.index(ids[0])
    page.set_viewport_size(window)

    # merge: select the fifth item (x), merge it into the sixth
    page.locator(f"#item-{ids[4]} [data-pick]").check()
    page.locator(f"#item-{ids[5]} form[data-merge] button").click()
    page.wait_for_load_state("load")
    assert ids[4] not in item_ids(page)
    # drop the last one; it stays listed as dropped with a restore button
    page.locator(f"#item-{ids[-1]} button.dropbutton").click()
    page.wait_for_load_state("load")
    assert "dropped" in (page.locator(f"#item-{ids[-1]}").get_attribute("class") or "")
    # add from search
    before = len(item_ids(page))
    page.fill("#searchbox", "dam OR diga OR سد")
    page.locator("#add button").click()
    page.wait_for_load_state("load")
    page.locator(".addhits li[data-kind=article] .addbutton").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith(f"/digests/{digest_id}"), page.locator("main").inner_text()
    assert len(item_ids(page)) == before + 1
    page.screenshot(path=str(shots / "digest-editor.png"))
    watched.check_inert()

    # approve, publish, and read what was published
    page.locator("#approve").click()
    page.wait_for_load_state("load")
    label = page.locator(".digesthead .badge").first.inner_text()
    assert label.startswith("Issue #")
    number = int(label.split("#")[1])
    page.locator("#publish").click()
    page.wait_for_load_state("load")
    assert page.locator("#published table td").count() >= 5
    page.screenshot(path=str(shots / "issue.png"))
    watched.check_inert()

    watched.goto(f"/api/issues/{number}/html")
    body = page.locator("body").inner_text()
    assert "edited lead sentence for the first item." in body
    assert "Checked with the outlet." in body and "This week: the dam." in body
    assert page.locator("article").count() >= 10
    assert page.locator("article h3 a[href^='http'], article h3 a[href^='file:']").count() >= 5
    assert page.locator("style").count() == 1
    watched.check_inert(own_style=True)

    import feedparser

    for fmt in ("atom", "rss"):
        feed = feedparser.parse(httpx.get(f"{base_url}/api/issues/{number}/{fmt}", timeout=30).content)
        assert not feed.bozo, feed.bozo_exception
        entry = next(e for e in feed.entries if "Lumëzi week" in e.title)
        content = entry.content[0].value if "content" in entry else entry.summary
        assert "edited lead sentence for the first item." in content
        assert_inert_html(content)
    markdown = httpx.get(f"{base_url}/api/issues/{number}/md", timeout=30).text
    import re

    from markdown_it import MarkdownIt

    assert not re.search(r"(?<!\\)\]\((?:javascript|data|vbscript):", markdown, re.I)   # no live Markdown link
    assert "Lumëzi week" in markdown and "edited lead sentence for the first item." in markdown
    assert_inert_html(MarkdownIt("commonmark").render(markdown))
    # the approved issue cannot change any more
    session = httpx.Client(base_url=base_url, timeout=30)
    token = session.get("/api/session").json()["csrf_token"]
    refused = session.post(f"/api/digest-items/{ids[0]}", json={"lead": "late change"},
                           headers={"X-CSRF-Token": token})
    assert refused.status_code == 409 and "cannot change" in refused.json()["error"]["message"]


def new_draft(base_url: str, title: str) -> dict[str, Any]:
    """A draft made through the API (its own session and CSRF token)."""
    with httpx.Client(base_url=base_url, timeout=60) as session:
        token = session.get("/api/session").json()["csrf_token"]
        made = session.post("/api/digests", json={"date_from": "2026-03-09", "date_to": "2026-03-15", "title": title},
                            headers={"X-CSRF-Token": token})
        assert made.status_code == 200, made.text
        digest: dict[str, Any] = made.json()
        return digest


def draft_with_items(base_url: str, title: str) -> dict[str, Any]:
    """A draft with at least one item not dropped: when the period's units are all in published issues
    already (earlier tests approve some), an article is added to it through the API."""
    digest = new_draft(base_url, title)
    if not [i for i in digest["items"] if i["status"] != "rejected"]:
        unit = api(base_url, "/api/units?kind=article&limit=1")["items"][0]["id"]
        with httpx.Client(base_url=base_url, timeout=60) as session:
            token = session.get("/api/session").json()["csrf_token"]
            digest = session.post(f"/api/digests/{digest['id']}/items", json={"unit_id": unit},
                                  headers={"X-CSRF-Token": token}).json()
    return digest


def wait_all_saved(page: Any, field: Any, text: str) -> None:
    """The field holds ``text`` and the page says the server has confirmed every edit (bounded wait;
    on a timeout the failure says what the page held)."""
    try:
        page.wait_for_function("([el, text]) => el.value === text && document.documentElement.dataset.unsaved === '0'",
                               arg=[field.element_handle(), text], timeout=30_000)
    except playwright_api.TimeoutError:
        state = page.evaluate("""(el) => ({value: el.value, unsaved: document.documentElement.dataset.unsaved,
            line: (el.closest('[data-item], .intro').querySelector('.saved-state') || {}).textContent,
            toast: document.querySelector('#toast').textContent, kept: Object.assign({}, sessionStorage)})""",
                              field.element_handle())
        raise AssertionError(f"not saved as {text!r} within 30 s: {state}") from None


def test_an_edit_survives_an_immediate_reload(watched: Watched, base_url: str) -> None:
    page = watched.page
    digest = draft_with_items(base_url, "Reload week")
    second = next(i for i in digest["items"] if i["status"] != "rejected")["id"]
    watched.goto(f"/digests/{digest['id']}")
    # typed, then reloaded at once (no wait for the debounced save): the edit is there after the reload
    lead = ".intro textarea[data-field=introduction]"
    page.locator(lead).fill("An introduction typed just before a reload.")
    page.reload(wait_until="load")
    wait_all_saved(page, page.locator(lead), "An introduction typed just before a reload.")
    # the save itself is lost (the server refuses it, as when a request dies with the page): the edit is
    # kept in the tab and saved once the page is back
    note = f"#item-{second} textarea[data-field=note]"
    refused = f"**/api/digest-items/{second}"
    page.route(refused, lambda route: route.fulfill(status=503, content_type="application/json",
                                                    body='{"error": {"status": 503, "message": "unavailable"}}'))
    page.locator(note).fill("A note whose save was lost.")
    page.locator(note).blur()                                 # saved at once (no debounce), and refused
    page.wait_for_function(f"() => document.querySelector('#item-{second} .saved-state').textContent"
                           ".startsWith('not saved')", timeout=30_000)
    assert page.evaluate("() => document.documentElement.dataset.unsaved") == "1"
    page.unroute(refused)
    page.reload(wait_until="load")
    wait_all_saved(page, page.locator(note), "A note whose save was lost.")
    whole = api(base_url, f"/api/digests/{digest['id']}")
    assert whole["introduction"] == "An introduction typed just before a reload."
    assert {i["id"]: i for i in whole["items"]}[second]["editor_note"] == "A note whose save was lost."
    # a kept edit of a field changed elsewhere meanwhile (another tab) is not replayed over it
    title = ".intro input[data-field=title]"
    refused = f"**/api/digests/{digest['id']}"
    page.route(refused, lambda route: route.fulfill(status=503, content_type="application/json",
                                                    body='{"error": {"status": 503, "message": "unavailable"}}'))
    page.locator(title).fill("A title typed here ")
    page.locator(title).blur()
    page.wait_for_function("() => document.querySelector('.intro .saved-state').textContent"
                           ".startsWith('not saved')", timeout=30_000)
    page.unroute(refused)
    with httpx.Client(base_url=base_url, timeout=60) as other_tab:
        token = other_tab.get("/api/session").json()["csrf_token"]
        assert other_tab.post(f"/api/digests/{digest['id']}", json={"title": "A title from another tab"},
                              headers={"X-CSRF-Token": token}).status_code == 200
    page.reload(wait_until="load")
    wait_all_saved(page, page.locator(title), "A title from another tab")
    page.wait_for_function("() => document.querySelector('#toast').textContent.includes('not put back')",
                           timeout=30_000)
    assert api(base_url, f"/api/digests/{digest['id']}")["title"] == "A title from another tab"
    # ... and not lost either: it is shown beside the field, to copy
    assert page.locator(".intro .kept-aside textarea").input_value() == "A title typed here "
    # nothing is replayed a second time: a plain reload shows the server's text with nothing pending
    watched.goto(f"/digests/{digest['id']}")
    assert page.evaluate("() => document.documentElement.dataset.unsaved") == "0"
    assert page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('presswatch-unsaved:'))") == []
    watched.check_inert()


def test_an_edit_on_a_page_that_missed_another_tabs_change_is_refused_not_written_over_it(
        watched: Watched, base_url: str) -> None:
    page = watched.page
    digest = draft_with_items(base_url, "Two tabs week")
    first, *rest = [i["id"] for i in digest["items"] if i["status"] != "rejected"]
    watched.goto(f"/digests/{digest['id']}")
    with httpx.Client(base_url=base_url, timeout=60) as other_tab:   # another tab edits the note meanwhile
        token = other_tab.get("/api/session").json()["csrf_token"]
        assert other_tab.post(f"/api/digest-items/{first}", json={"note": "The other tab's note."},
                              headers={"X-CSRF-Token": token}).status_code == 200
    # an edit of another field is not affected by it (the draft's revision moved, the field did not)
    intro = ".intro textarea[data-field=introduction]"
    page.locator(intro).fill("Written in this tab.")
    page.locator(intro).blur()
    wait_all_saved(page, page.locator(intro), "Written in this tab.")
    # the note, edited on a page that never saw the other tab's text: refused, kept aside, theirs stays
    note = f"#item-{first} textarea[data-field=note]"
    page.locator(note).fill("This tab's note.")
    page.locator(note).blur()
    page.wait_for_function(f"() => document.querySelector('#item-{first} .saved-state').textContent"
                           ".includes('changed elsewhere')", timeout=30_000)
    assert page.locator(f"#item-{first} .kept-aside textarea").input_value() == "This tab's note."
    saved = api(base_url, f"/api/digests/{digest['id']}")
    assert {i["id"]: i for i in saved["items"]}[first]["editor_note"] == "The other tab's note."
    assert saved["introduction"] == "Written in this tab."
    # after a reload the other tab's note is shown, and this tab's version still beside it
    page.reload(wait_until="load")
    assert page.locator(note).input_value() == "The other tab's note."
    assert page.locator(f"#item-{first} .kept-aside textarea").input_value() == "This tab's note."
    watched.check_inert()


def test_a_second_save_of_a_field_waits_for_the_first_answer(watched: Watched, base_url: str) -> None:
    """Two saves of one field are never in flight together: the first is held unanswered, the edit typed
    meanwhile is sent only once it is answered, with the first text as its base, so the answers cannot
    arrive in the wrong order and the second is not mistaken for a change made elsewhere."""
    page = watched.page
    digest = draft_with_items(base_url, "In flight week")
    first = next(i for i in digest["items"] if i["status"] != "rejected")["id"]
    watched.goto(f"/digests/{digest['id']}")
    held: list[Any] = []
    sent: list[dict[str, Any]] = []

    def hold_the_first(route: Any) -> None:
        sent.append(json.loads(route.request.post_data or "{}"))
        if not held:
            held.append(route)          # left unanswered until the test lets it go
        else:
            route.continue_()
    saves = f"**/api/digest-items/{first}"
    page.route(saves, hold_the_first)
    note = page.locator(f"#item-{first} textarea[data-field=note]")
    note.fill("The first version.")
    note.blur()
    for _ in range(100):                # bounded: the first save reaches the route
        if held:
            break
        page.wait_for_timeout(100)
    assert len(held) == 1
    note.fill("The second version.")
    note.blur()
    page.wait_for_timeout(500)
    assert len(sent) == 1               # the second waits for the first one's answer
    assert page.evaluate("() => document.documentElement.dataset.unsaved") == "1"
    held[0].continue_()
    wait_all_saved(page, note, "The second version.")
    page.unroute(saves)
    assert [s["note"] for s in sent] == ["The first version.", "The second version."]
    assert sent[1]["bases"] == {"note": ["The first version."]}
    assert {i["id"]: i for i in api(base_url, f"/api/digests/{digest['id']}")["items"]}[first]["editor_note"] == \
        "The second version."
    assert page.locator(f"#item-{first} .kept-aside").count() == 0
    watched.check_inert()


def test_digest_editor_without_javascript(browser: Any, base_url: str) -> None:
    digest = new_draft(base_url, "No script week")
    items = [i["id"] for i in digest["items"] if i["status"] != "rejected"]
    context = browser.new_context(java_script_enabled=False, base_url=base_url, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"/digests/{digest['id']}")
        item = page.locator(f"#item-{items[0]}")
        assert not item.locator("[data-move]").first.is_visible()           # the scripted arrows are hidden
        item.locator("textarea[data-field=lead]").fill("A lead saved without JavaScript.")
        item.locator("textarea[data-field=note]").fill("And its note.")
        item.locator("button.savebutton").click()
        page.wait_for_url(f"**/digests/{digest['id']}#item-{items[0]}")
        assert page.locator(f"#item-{items[0]} textarea[data-field=lead]").input_value() == \
            "A lead saved without JavaScript."
        page.locator(".intro textarea[name=introduction]").fill("Introduced without scripts.")
        with page.expect_navigation(wait_until="load"):
            page.locator(".intro button.savebutton").click()
        assert page.locator(".intro textarea[name=introduction]").input_value() == "Introduced without scripts."
        # reorder with the plain buttons
        with page.expect_navigation(wait_until="load"):
            page.locator(f"#item-{items[1]} form[action$='/up'] button").click()
        order = [int(x) for x in page.locator("#items > li").evaluate_all("els => els.map(e => e.dataset.item)")]
        assert order[:2] == [items[1], items[0]]
        # another tab changes the lead after this page was rendered: the form's save is refused whole,
        # their lead is in the field and this form's text beside it
        with httpx.Client(base_url=base_url, timeout=60) as other_tab:
            token = other_tab.get("/api/session").json()["csrf_token"]
            assert other_tab.post(f"/api/digest-items/{items[0]}", json={"lead": "The other tab's lead."},
                                  headers={"X-CSRF-Token": token}).status_code == 200
        item = page.locator(f"#item-{items[0]}")
        item.locator("textarea[data-field=lead]").fill("A lead from a page that missed it.")
        item.locator("textarea[data-field=note]").fill("A note sent with it.")
        with page.expect_navigation(wait_until="load"):
            item.locator("button.savebutton").click()
        assert "changed elsewhere" in page.locator(".error.banner").inner_text()
        assert page.locator(f"#item-{items[0]} textarea[data-field=lead]").input_value() == "The other tab's lead."
        kept = page.locator(f"#item-{items[0]} .kept-aside textarea").evaluate_all("els => els.map(e => e.value)")
        assert sorted(kept) == ["A lead from a page that missed it.", "A note sent with it."]
    finally:
        context.close()
    saved = {i["id"]: i for i in api(base_url, f"/api/digests/{digest['id']}")["items"]}
    assert saved[items[0]]["lead"] == "The other tab's lead." and saved[items[0]]["editor_note"] == "And its note."
