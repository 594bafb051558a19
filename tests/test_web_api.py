"""The JSON API and the server's security rules: pagination, JSON errors, OpenAPI, CSRF, headers,
authentication, the loopback rule, and nh3 on hostile markup. A real `presswatch serve` subprocess
serves the auth and bind checks; the rest goes through the ASGI app in process."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from presswatch.project import Project
from presswatch.web import create_app
from presswatch.web.sanitize import clean_html, safe_url
from presswatch.web.security import AuthConfigError, check_bind, hash_secret, is_loopback, verify_secret
from tests.web_support import HOSTILE_HTML, HOSTILE_TITLE, REPO, build_test_project, serve

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_project(tmp_path_factory.mktemp("webapi") / "demo")


@pytest.fixture(scope="module")
def client(root: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Project.open(root))) as c:
        yield c


def csrf(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/session").json()["csrf_token"]}


def test_lists_are_paged_with_totals(client: TestClient) -> None:
    first = client.get("/api/units?limit=5").json()
    second = client.get("/api/units?limit=5&offset=5").json()
    assert first["total"] == second["total"] > 10
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {u["id"] for u in first["items"]} & {u["id"] for u in second["items"]}
    everything = client.get("/api/units?limit=500").json()
    assert len(everything["items"]) == everything["total"]
    assert all(u["kind"] != "boilerplate" for u in everything["items"])
    entities = client.get("/api/entities?limit=3").json()
    assert entities["total"] > 3 and len(entities["items"]) == 3
    mentions = [e["mentions"] for e in entities["items"]]
    assert mentions == sorted(mentions, reverse=True)


def test_unit_page_search_and_entity_answers(client: TestClient) -> None:
    translation = client.get("/api/units?kind=translation").json()["items"][0]
    unit = client.get(f"/api/units/{translation['id']}").json()
    assert unit["translation"]["unit"]["id"] != translation["id"]
    assert unit["passages"] and all({"lang", "direction", "text"} <= set(p) for p in unit["passages"])
    page = client.get(f"/api/pages/{unit['unit']['page_id']}").json()
    assert translation["id"] in page["unit_ids"] and page["versions"]
    found = client.get("/api/search", params={"q": "Lumëzi", "limit": 3, "facets": "true"}).json()
    plain = client.get("/api/search", params={"q": "Lumëzi", "limit": 3}).json()
    assert plain["total"] == found["total"] and plain["facets"] is None
    assert [h["unit_id"] for h in plain["hits"]] == [h["unit_id"] for h in found["hits"]]
    assert found["total"] >= len(found["hits"]) == 3
    assert {f["value"] for f in found["facets"]["lang"]} >= {"en"}
    assert sum(f["count"] for f in found["facets"]["kind"]) == found["total"] == found["facets"]["units"]
    assert len({h["unit_id"] for h in found["hits"]}) == len(found["hits"])      # one hit per unit
    narrowed = client.get("/api/search", params={"q": "Lumëzi", "kind": "translation", "facets": "true"}).json()
    assert narrowed["total"] >= 1 and all(h["kind"] == "translation" for h in narrowed["hits"])
    top = client.get("/api/entities?limit=1").json()["items"][0]
    entity = client.get(f"/api/entities/{top['id']}").json()
    assert entity["entity"]["id"] == top["id"] and entity["timeline"] and entity["units"]
    by_entity = client.get(f"/api/units?entity={top['id']}&limit=500").json()
    assert by_entity["total"] >= 1
    assert client.get("/api/reuse/groups").json()["total"] >= 1
    assert client.get("/api/runs").json()["items"][0]["kind"] == "ingest"


def test_errors_are_json_with_a_message(client: TestClient) -> None:
    cases = {"/api/units/999999": 404, "/api/units?kind=nonsense": 400, "/api/search?q=": 422,
             "/api/units?limit=0": 422, "/api/entities/999999": 404, "/api/digests/999999": 404,
             "/api/issues/999/html": 404, "/api/nowhere": 404}
    for path, status in cases.items():
        response = client.get(path)
        assert response.status_code == status, path
        body = response.json()
        assert body["error"]["status"] == status and len(body["error"]["message"]) > 5, path
    html = client.get("/units/999999")
    assert html.status_code == 404 and "text/html" in html.headers["content-type"]


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for expected in ("/api/units", "/api/units/{unit_id}", "/api/pages/{page_id}", "/api/search",
                     "/api/entities", "/api/entities/{entity_id}", "/api/quotes", "/api/units/{unit_id}/reuse",
                     "/api/digests", "/api/digests/{digest_id}", "/api/digest-items/{item_id}", "/api/sources",
                     "/api/runs", "/api/skips", "/api/inbox", "/api/triage", "/api/issues/{number}/publish"):
        assert expected in paths, expected
    assert not any(p for p in paths if not p.startswith("/api/"))   # pages are not in the API document


def test_state_changes_need_the_csrf_token(client: TestClient) -> None:
    unit = client.get("/api/units?limit=1").json()["items"][0]["id"]
    body = {"units": [unit], "action": "star"}
    assert client.post("/api/triage", json=body).status_code == 403
    assert client.post("/api/triage", json=body, headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    assert client.post(f"/units/{unit}/triage", data={"action": "star"}).status_code == 403
    fresh = TestClient(client.app)           # another browser: its own session, the token does not carry over
    assert fresh.post("/api/triage", json=body, headers=csrf(client)).status_code == 403
    ok = client.post("/api/triage", json=body, headers=csrf(client))
    assert ok.status_code == 200 and ok.json()["items"][0]["starred"] is True
    form = client.post(f"/units/{unit}/triage", data={"action": "unstar",
                                                      "csrf_token": csrf(client)["X-CSRF-Token"]},
                       follow_redirects=False)
    assert form.status_code == 303


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/search?q=dam", "/api/units", "/static/app.css", "/nowhere"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    unit = client.get("/api/units?limit=1").json()["items"][0]["id"]
    saved = client.get(f"/units/{unit}/original")
    assert saved.headers["content-security-policy"].startswith("default-src 'none'; sandbox")
    page = client.get(f"/units/{unit}").text
    assert f'<iframe class="saved" src="/units/{unit}/original" sandbox ' in page
    assert "<script>" not in page and "style=" not in page


def test_hostile_metadata_is_escaped_in_the_html(client: TestClient) -> None:
    units = client.get("/api/units?limit=500").json()["items"]
    hostile = [u for u in units if "hostile" in (u["page_key"] + (u["path"] or ""))]
    assert len(hostile) >= 3
    for u in hostile:
        for path in (f"/units/{u['id']}", f"/units/{u['id']}/clean", "/", "/search?q=alert"):
            text = client.get(path).text
            assert "<script>alert" not in text and "onerror=alert" not in text.replace("onerror=alert(&#39;", "")
            assert 'href="javascript:' not in text.lower() and 'href="data:' not in text.lower()
    # the attribute-breaking title stays inside its element, escaped
    breaking = next(u for u in hostile if u["title"] and '" onmouseover="' in u["title"])
    page = client.get(f"/units/{breaking['id']}").text
    assert "Hostile dam report&#34; onmouseover=&#34;alert(" in page
    assert '" onmouseover="' not in page
    tagged = next(u for u in hostile if u["title"] and u["title"].startswith("<"))
    assert "&lt;" in client.get(f"/units/{tagged['id']}").text


def test_sanitiser_removes_every_active_part() -> None:
    cleaned = clean_html(HOSTILE_HTML.format(title=HOSTILE_TITLE))
    lowered = cleaned.lower()
    for bad in ("<script", "onerror", "onload", "onmouseover", "onbegin", "ontoggle", "onfocus", "<svg", "<math",
                "<iframe", "<object", "<style", "style=", "<base", "<meta", "<form", "<img", "expression("):
        assert bad not in lowered, bad
    from lxml import html as lxml_html

    for el in lxml_html.fragment_fromstring(cleaned, create_parent="div").iter():
        for name, value in el.attrib.items():     # links only to the web (the text may mention javascript:)
            assert name in ("href", "title", "lang", "dir", "rel", "colspan", "rowspan", "scope", "datetime"), name
            if name == "href":
                assert value.split(":")[0] in ("http", "https", "mailto"), value
    assert "Lumëzi hydropower dam was debated" in cleaned           # the text is kept
    assert 'rel="noopener noreferrer nofollow"' in cleaned or "<a" not in cleaned
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for url in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "java\tscript:x"):
        assert safe_url(url) is None, url


def test_secret_hashes_and_the_loopback_rule() -> None:
    stored = hash_secret("correct horse", iterations=1000)
    assert verify_secret("correct horse", stored) and not verify_secret("wrong", stored)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    with pytest.raises(AuthConfigError, match="refusing to listen on 0.0.0.0"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", stored)
    with pytest.raises(AuthConfigError, match="not a presswatch hash"):
        check_bind("0.0.0.0", "plaintext-password")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "presswatch", *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_serve_refuses_other_addresses_without_auth(root: Path) -> None:
    result = run_cli("--project", str(root), "serve", "--host", "0.0.0.0", "--port", "1")
    assert result.returncode != 0
    assert "refusing to listen on 0.0.0.0" in result.stderr and "--hash-secret" in result.stderr


def with_auth(tmp_path: Path, root: Path) -> tuple[Path, str]:
    """A copy of the test project's config with an auth hash (the archive is shared)."""
    secret = "s3cret-token"
    proj = tmp_path / "authproj"
    proj.mkdir()
    config = (root / "presswatch.toml").read_text(encoding="utf-8")
    config += f'\n[serve]\nauth_hash = "{hash_secret(secret, iterations=2000)}"\n'
    config = config.replace("[project]", f'[project]\ndatabase = "{root / "presswatch.sqlite"}"', 1)
    (proj / "presswatch.toml").write_text(config, encoding="utf-8")
    return proj, secret


def test_auth_is_required_once_configured(tmp_path: Path, root: Path) -> None:
    proj, secret = with_auth(tmp_path, root)
    with serve(proj) as base:
        assert httpx.get(base + "/api/units", timeout=10).status_code == 401
        assert httpx.get(base + "/api/units", headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 401
        ok = httpx.get(base + "/api/units?limit=1", headers={"Authorization": f"Bearer {secret}"}, timeout=10)
        assert ok.status_code == 200 and ok.json()["items"]
        # a bearer client needs no CSRF token (a browser cannot forge the header across sites)
        unit = ok.json()["items"][0]["id"]
        star = httpx.post(base + "/api/triage", json={"units": [unit], "action": "star"},
                          headers={"Authorization": f"Bearer {secret}"}, timeout=10)
        assert star.status_code == 200
        # pages send the browser to the login form, which sets the session cookie
        with httpx.Client(base_url=base, timeout=10) as browser:
            first = browser.get("/search?q=dam")
            assert first.status_code == 303 and first.headers["location"].startswith("/login?next=")
            form = browser.get("/login")
            token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
            wrong = browser.post("/login", data={"secret": "nope", "csrf_token": token, "next": "/"})
            assert wrong.status_code == 401
            assert browser.post("/login", data={"secret": secret, "next": "/"}).status_code == 403  # no CSRF
            right = browser.post("/login", data={"secret": secret, "csrf_token": token,
                                                 "next": "https://evil.example/"})
            assert right.status_code == 303 and right.headers["location"] == "/"   # never off-site
            assert browser.get("/search?q=dam").status_code == 200
            assert browser.get("/api/units?limit=1").status_code == 200


def test_check_an_unconfigured_hash_stops_the_server(tmp_path: Path, root: Path) -> None:
    proj, _ = with_auth(tmp_path, root)
    text = (proj / "presswatch.toml").read_text(encoding="utf-8")
    (proj / "presswatch.toml").write_text(text.split("[serve]")[0] + '[serve]\nauth_hash = "hunter2"\n',
                                          encoding="utf-8")
    result = run_cli("--project", str(proj), "serve", "--host", "0.0.0.0", "--port", "1")
    assert result.returncode != 0 and "not a presswatch hash" in result.stderr


def test_demo_ends_with_the_serve_command(tmp_path: Path) -> None:
    result = run_cli("demo", "--dir", str(tmp_path / "demo"), "--quiet")
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1].strip()
    assert last == f"presswatch serve --project {(tmp_path / 'demo').resolve()}"
    # and that command serves the demo project
    with serve(tmp_path / "demo") as base:
        assert "Inbox" in httpx.get(base + "/", timeout=10).text


def _demo_unit(client: TestClient, path_part: str) -> dict[str, object]:
    units = client.get("/api/units?limit=500&include_boilerplate=true").json()["items"]
    return next(u for u in units if path_part in (u["path"] or ""))


def test_saved_page_links_point_at_the_outlet(client: TestClient) -> None:
    from lxml import html as lxml_html

    # a file-backed page whose canonical URL names the outlet; its menu links are relative ("/news")
    unit = _demo_unit(client, "adriaticwire-2026-03-10")
    outlet = "https://adriaticwire.example/"
    clean = client.get(f"/units/{unit['id']}/clean")
    assert clean.status_code == 200
    root = lxml_html.fromstring(clean.text)
    hrefs = [a.get("href") for a in root.xpath("//div[@class='cleaned']//a[@href]")]
    assert len(hrefs) >= 5 and all(h.startswith(outlet) for h in hrefs), hrefs
    assert f"{outlet}news" in hrefs
    # the sandboxed frame's page: a <base> of the outlet's URL first in its head, the same CSP
    raw = client.get(f"/units/{unit['id']}/original")
    csp = raw.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'; sandbox") and "form-action 'none'" in csp
    assert "base-uri https://adriaticwire.example;" in csp          # that origin only, for the base below
    head = raw.text.lower().split("<head", 1)[1].split(">", 1)[1].lstrip()
    assert head.startswith('<base href="https://adriaticwire.example/energy/pars-sadd-lumezi-explainer">'), head[:120]
    # a page with no web address: relative links are dropped, not pointed at presswatch
    hostile = _demo_unit(client, "hostile-dam-report")
    served = client.get(f"/units/{hostile['id']}/original").text
    assert served.count("<base") == 1 and '<base href="javascript' in served      # its own, untouched (inert)
    assert "base-uri 'none'" in client.get(f"/units/{hostile['id']}/original").headers["content-security-policy"]


def test_page_base_and_with_base() -> None:
    from presswatch.web.sanitize import page_base, with_base

    page = "https://news.example/2026/03/story.html"
    assert page_base("<p>x</p>", page) == page
    assert page_base('<head><base href="javascript:alert(1)//"></head>', page) == page
    assert page_base('<head><base href="/amp/"></head>', page) == "https://news.example/amp/"
    assert page_base("<p>x</p>", None) is None and page_base("<p>x</p>", "file:///tmp/a.html") is None
    assert clean_html('<a href="../x">a</a><a href="#top">t</a>', base=page) == \
        ('<a href="https://news.example/2026/x" rel="noopener noreferrer nofollow">a</a>'
         '<a href="https://news.example/2026/03/story.html#top" rel="noopener noreferrer nofollow">t</a>')
    assert 'href' not in clean_html('<a href="/x">a</a>')            # no base: no link into presswatch
    assert 'href="https://other.example/"' in clean_html('<a href="https://other.example/">o</a>')
    assert with_base("<!doctype html><html><HEAD lang=en><title>t</title>", page) == \
        f'<!doctype html><html><HEAD lang=en><base href="{page}"><title>t</title>'
    assert with_base("<!DOCTYPE html><p>x", page) == f'<!DOCTYPE html><base href="{page}"><p>x'
    assert with_base("<header>x</header>", page).startswith("<base ")
    assert with_base("<p>x", 'https://a.example/"><script>') == '<base href="https://a.example/&quot;&gt;&lt;script&gt;"><p>x'


def test_digest_text_fields_work_as_plain_forms(client: TestClient) -> None:
    from lxml import html as lxml_html

    token = csrf(client)["X-CSRF-Token"]
    made = client.post("/api/digests", json={"date_from": "2026-03-09", "date_to": "2026-03-15", "title": "Forms"},
                       headers=csrf(client)).json()
    digest_id = made["id"]
    item = next(i for i in made["items"] if i["status"] != "rejected")["id"]
    page = lxml_html.fromstring(client.get(f"/digests/{digest_id}").text)
    forms = page.xpath("//form[contains(@class, 'textform')]")
    assert len(forms) == 1 + len([i for i in made["items"] if i["status"] != "rejected"])
    for form in forms:
        assert form.get("method") == "post" and form.get("action") == f"/digests/{digest_id}/text"
        assert form.xpath(".//input[@name='csrf_token']/@value") == [token]
        assert form.xpath(".//button[@type='submit']")
    item_form = next(f for f in forms if f.xpath(f".//input[@name='item_id'][@value='{item}']"))
    assert {e.get("name") for e in item_form.xpath(".//input|.//textarea")} >= {"title", "lead", "note", "item_id"}
    # an item's text, sent as the form sends it: saved, and back to the item in the editor
    sent = client.post(f"/digests/{digest_id}/text", follow_redirects=False,
                       data={"csrf_token": token, "item_id": str(item), "title": "Form title",
                             "lead": "A lead saved by a plain form.", "note": "A note from a form."})
    assert sent.status_code == 303 and sent.headers["location"] == f"/digests/{digest_id}#item-{item}"
    saved = next(i for i in client.get(f"/api/digests/{digest_id}").json()["items"] if i["id"] == item)
    assert (saved["title"], saved["lead"], saved["editor_note"]) == \
        ("Form title", "A lead saved by a plain form.", "A note from a form.")
    before = client.get(f"/api/digests/{digest_id}").json()["revision"]
    client.post(f"/digests/{digest_id}/text", data={"csrf_token": token, "item_id": str(item), "title": "Form title",
                                                     "lead": "A lead saved by a plain form.", "note": "A note from a form."})
    assert client.get(f"/api/digests/{digest_id}").json()["revision"] == before       # unchanged: nothing recorded
    # the digest's title and introduction
    sent = client.post(f"/digests/{digest_id}/text", follow_redirects=False,
                       data={"csrf_token": token, "title": "Forms week", "introduction": "From a form."})
    assert sent.status_code == 303 and sent.headers["location"] == f"/digests/{digest_id}"
    whole = client.get(f"/api/digests/{digest_id}").json()
    assert (whole["title"], whole["introduction"]) == ("Forms week", "From a form.")
    # refused edits come back as a message on the editor, not an error page
    empty_lead = client.post(f"/digests/{digest_id}/text", follow_redirects=False,
                             data={"csrf_token": token, "item_id": str(item), "lead": "  "})
    assert empty_lead.status_code == 303 and "error=" in empty_lead.headers["location"]
    assert "lead cannot be empty" in client.get(empty_lead.headers["location"]).text
    # without the token: refused; an item of another digest: not found
    assert client.post(f"/digests/{digest_id}/text", data={"title": "x"}).status_code == 403
    other = client.post("/api/digests", json={"date_from": "2026-03-09", "date_to": "2026-03-15"},
                        headers=csrf(client)).json()
    assert client.post(f"/digests/{other['id']}/text", data={"csrf_token": token, "item_id": str(item),
                                                             "lead": "y"}).status_code == 404


def item_form(html: str, item: int) -> dict[str, str]:
    """What the editor's plain form of ``item`` sends as the page has it (its inputs and text areas; the
    read-only boxes of kept texts are outside the form's fields and not sent)."""
    from lxml import html as lxml_html

    form = next(f for f in lxml_html.fromstring(html).xpath("//form[contains(@class, 'textform')]")
                if f.xpath(f".//input[@name='item_id'][@value='{item}']"))
    return {e.get("name"): e.get("value") if e.tag == "input" else (e.text or "")
            for e in form.xpath(".//input[@name]|.//textarea[@name]")}


def test_a_plain_form_saved_on_a_stale_page_is_refused_and_kept_beside_the_field(client: TestClient) -> None:
    """Without JavaScript the form carries the texts the page showed (base_*): when another tab or editor
    changed a field since, nothing of the form is saved and the editor comes back with their text in
    the field and this form's text read-only beside it."""
    from lxml import html as lxml_html

    token = csrf(client)["X-CSRF-Token"]
    made = client.post("/api/digests", json={"date_from": "2026-03-09", "date_to": "2026-03-15", "title": "Stale"},
                       headers=csrf(client)).json()
    digest_id = made["id"]
    item = next(i for i in made["items"] if i["status"] != "rejected")["id"]
    data = item_form(client.get(f"/digests/{digest_id}").text, item)
    assert {"base_title", "base_lead", "base_note"} <= set(data)
    # another editor changes the lead after this page was rendered
    assert client.post(f"/api/digest-items/{item}", json={"lead": "Their lead."},
                       headers=csrf(client)).status_code == 200
    mine = dict(data, title="My title", lead="My lead from the form.", note="")
    refused = client.post(f"/digests/{digest_id}/text", data=mine, follow_redirects=False)
    assert refused.status_code == 409 and "changed elsewhere" in refused.text
    saved = next(i for i in client.get(f"/api/digests/{digest_id}").json()["items"] if i["id"] == item)
    assert (saved["title"], saved["lead"]) == (data["title"], "Their lead.")     # nothing of the form written
    back = lxml_html.fromstring(refused.text)
    kept = back.xpath("//details[contains(@class, 'kept-aside')]//textarea/text()")
    assert sorted(kept) == sorted(["My title", "My lead from the form."])   # (the unchanged note is not kept)
    assert back.xpath(f"//textarea[@name='lead'][@data-save='/api/digest-items/{item}']/text()") == ["Their lead."]
    # sent again from the page that came back (its bases are the new texts): saved
    data = item_form(refused.text, item)
    sent = client.post(f"/digests/{digest_id}/text", data=dict(data, lead="My lead from the form."),
                       follow_redirects=False)
    assert sent.status_code == 303
    saved = next(i for i in client.get(f"/api/digests/{digest_id}").json()["items"] if i["id"] == item)
    assert saved["lead"] == "My lead from the form."
    # the digest's title form alike
    client.post(f"/api/digests/{digest_id}", json={"title": "Their title"}, headers=csrf(client))
    stale = client.post(f"/digests/{digest_id}/text", data={"csrf_token": token, "title": "My title",
                                                            "base_title": "Stale", "introduction": "",
                                                            "base_introduction": ""}, follow_redirects=False)
    assert stale.status_code == 409
    assert client.get(f"/api/digests/{digest_id}").json()["title"] == "Their title"


def test_month_facet_filters_the_whole_month(client: TestClient) -> None:
    from urllib.parse import parse_qs, urlsplit

    from lxml import html as lxml_html

    facets = client.get("/api/search", params={"q": "Lumëzi OR dam OR diga", "facets": "true"}).json()["facets"]
    months = [f for f in facets["month"] if f["value"] != "unknown"]
    assert len(months) >= 2, months          # (dated units of March, units dated by their fetch later)
    page = lxml_html.fromstring(client.get("/search", params={"q": "Lumëzi OR dam OR diga"}).text)
    links = {a.text_content(): a.get("href") for a in page.xpath("//h2[.='Month']/following-sibling::ul[1]//a")}
    for month in months:
        href = links[month["value"]]
        params = parse_qs(urlsplit(href).query)
        first = month["value"] + "-01"
        assert params["since"] == [first] and params["until"][0].startswith(month["value"] + "-"), href
        narrowed = client.get("/api/search", params={"q": "Lumëzi OR dam OR diga", "since": params["since"][0],
                                                     "until": params["until"][0], "facets": "true"}).json()
        assert narrowed["total"] == month["count"], (month, narrowed["total"])
        assert [f["value"] for f in narrowed["facets"]["month"]] == [month["value"]]
        # on the narrowed page the month is the active filter; its link removes both dates
        shown = lxml_html.fromstring(client.get(href).text)
        active = shown.xpath("//h2[.='Month']/following-sibling::ul[1]/li[@class='active']/a")
        assert [a.text_content() for a in active] == [month["value"]]
        assert not {"since", "until"} & set(parse_qs(urlsplit(active[0].get("href")).query))
    from presswatch.web.pages import month_span
    assert month_span("2024-02") == ("2024-02-01", "2024-02-29") and month_span("2026-12") == ("2026-12-01", "2026-12-31")
    assert month_span("unknown") is None


def test_bad_inbox_parameters_answer_400_with_a_message(client: TestClient) -> None:
    cases = {"since=yesterday": "since 'yesterday' is not a date", "until=2026-02-30": "until '2026-02-30' is not a date",
             "since=2026-03-01&kind=bogus": "unknown unit kind 'bogus'", "lang=xx": "'xx' is not an ISO 639-1"}
    for query, message in cases.items():
        page = client.get(f"/?{query}")
        assert page.status_code == 400 and "text/html" in page.headers["content-type"], query
        assert message in page.text.replace("&#39;", "'"), (query, page.text[:300])
        data = client.get(f"/api/inbox?{query}")
        assert data.status_code == 400, query
        assert message in data.json()["error"]["message"], query


def test_inbox_window_and_count_wording(client: TestClient) -> None:
    from datetime import UTC, datetime

    from lxml import html as lxml_html

    def count(query: str) -> str:
        page = client.get(f"/?{query}")
        assert page.status_code == 200, page.text[:300]
        return " ".join(lxml_html.fromstring(page.text).get_element_by_id("inboxcount").text_content().split())

    everything = client.get("/api/inbox?since=2000-01-01&limit=200").json()
    assert not everything["capped"] and everything["total_pages"] > 1
    assert count("since=all") == f"{everything['total_units']} units on {everything['total_pages']} pages in the archive."
    one = client.get("/api/inbox?since=2000-01-01&source=hostile.example&kind=article").json()
    assert (one["total_units"], one["total_pages"]) == (1, 1)
    assert count("since=all&source=hostile.example&kind=article") == \
        "Matching the filters: 1 unit on 1 page in the archive."
    assert count("since=2000-01-01&until=2000-01-31") == "No units arrived between 1 Jan 2000 and 31 Jan 2000."
    # a day as ``until`` keeps that whole day (units arrive with a time of day)
    today = datetime.now(UTC).date().isoformat()
    day = client.get(f"/api/inbox?since=2000-01-01&until={today}&limit=200").json()
    assert day["until"] == today + "T23:59:59Z" and day["total_units"] == everything["total_units"]
    assert count(f"since=2000-01-01&until={today}").startswith(f"{everything['total_units']} units on ")


def test_source_facet_counts_what_the_source_filter_finds(client: TestClient) -> None:
    checked: list[tuple[str, str, int]] = []
    for q in ("Lumëzi OR dam OR diga", "Zeka", "سد OR پارس", "kontrata OR contract"):
        found = client.get("/api/search", params={"q": q, "facets": "true"}).json()
        assert not found["facets"]["partial"]
        for facet in found["facets"]["source"]:
            narrowed = client.get("/api/search", params={"q": q, "source": facet["value"], "limit": 1}).json()
            assert narrowed["total"] == facet["count"], (q, facet, narrowed["total"])
            checked.append((q, facet["value"], facet["count"]))
    # outlets and the paths of file-backed pages without one were among them
    assert any(v.startswith("/") for _, v, _ in checked), checked
    assert any(not v.startswith(("/", "https://")) for _, v, _ in checked), checked


def test_source_matches_is_the_sql_filter() -> None:
    """The facet's Python rule and the filter's SQL give the same answer on awkward cases."""
    import sqlite3

    from presswatch.search.filters import source_matches

    conn = sqlite3.connect(":memory:")
    cases = [("Lugina Press", "lugina press", "", ""), ("LUGINA", "Lugina Press", "https://luginapress.example/x", ""),
             ("Ë", "ë", "", ""), ("ë", "", "https://x.example/Ë", ""), ("/Tmp/A", "", "", "/tmp/a.html"),
             ("/tmp/a", "", "", "/tmp/a.html"), ("story/3", "", "https://a.example/STORY/3", ""),
             ("x", "", "", ""), ("Evil", "<svg>Evil", "", "")]
    for source, outlet, url, path in cases:
        sql = bool(conn.execute("SELECT lower(?) = lower(?) OR instr(lower(?), lower(?)) > 0 OR instr(?, ?) > 0",
                                (outlet, source, url, source, path, source)).fetchone()[0])
        assert source_matches(source, outlet, url, path) == sql, (source, outlet, url, path)


def test_inbox_and_unit_list_filter_a_source_alike(client: TestClient) -> None:
    """The inbox's source filter is the search filter's rule: a unit without its own outlet (an embedded
    translation, a menu) is its page's, as the inbox shows it."""
    file_page = _demo_unit(client, "luginapress-front-2026-03-13")["path"]
    for source in ("Lugina Press", "lugina press", "luginapress.example", "The Balkan Ledger", file_page, "Zzz"):
        inbox = client.get("/api/inbox", params={"since": "2000-01-01", "source": source, "limit": 200}).json()
        shown = {u["unit_id"]: u["outlet"] for g in inbox["groups"] for u in g["units"]}
        listed = client.get("/api/units", params={"source": source, "limit": 500}).json()["items"]
        assert set(shown) == {u["id"] for u in listed}, source
        assert inbox["total_units"] == len(shown)
    translated = client.get("/api/inbox", params={"since": "2000-01-01", "source": "Lugina Press",
                                                  "kind": "translation"}).json()
    outlets = [u["outlet"] for g in translated["groups"] for u in g["units"]]
    assert len(outlets) >= 2 and set(outlets) == {"Lugina Press"}   # (one of them has no outlet of its own)


def test_the_facets_source_matcher_is_source_matches() -> None:
    """The facet's fast counting (a dict and str.find over joined URLs and paths) keeps exactly the
    entries :func:`source_matches` keeps, for every value, including ones that span two entries."""
    from presswatch.search.facets import SourceMatcher
    from presswatch.search.filters import fold_ascii, source_matches

    raw = [("Lugina Press", "https://luginapress.example/a", ""), ("", "https://luginapress.example/ab", "/c/d.txt"),
           ("", "", "/c/d.txt"), ("ËS", "https://x.example/Ë", ""), ("", "", "/C/D.txt"), ("", "", ""),
           ("Koha", "https://koha.example/", "/tmp/koha.html"), ("", "https://a.example/x\x00y", "")]
    entries = [(fold_ascii(o), fold_ascii(u), p) for o, u, p in raw]
    matcher = SourceMatcher(entries)
    values = ["lugina press", "LuginaPress.example", "https://luginapress.example/a", "/c/d.txt", "/C/D", "ë", "Ë",
              "ës", "koha", ".example/", "a/https", "/ab\x00/c", "x\x00y", "xample/ab", "txt", "unknown"]
    for value in values:
        expected = {i for i, (o, u, p) in enumerate(raw) if source_matches(value, o, u, p)}
        assert matcher.matching(value) == expected, value


def test_a_stale_text_edit_answers_409_and_leaves_the_other_edit(client: TestClient) -> None:
    made = client.post("/api/digests", json={"date_from": "2026-03-09", "date_to": "2026-03-15", "title": "Bases"},
                       headers=csrf(client)).json()
    item = next(i for i in made["items"] if i["status"] != "rejected")
    theirs = client.post(f"/api/digest-items/{item['id']}", json={"lead": "Their lead."}, headers=csrf(client))
    assert theirs.status_code == 200
    mine = client.post(f"/api/digest-items/{item['id']}", json={"lead": "My lead.", "bases": {"lead": [item["lead"]]}},
                       headers=csrf(client))
    assert mine.status_code == 409 and "changed elsewhere" in mine.json()["error"]["message"]
    saved = client.get(f"/api/digests/{made['id']}").json()
    assert next(i for i in saved["items"] if i["id"] == item["id"])["lead"] == "Their lead."
    again = client.post(f"/api/digest-items/{item['id']}", json={"lead": "My lead.",
                                                                "bases": {"lead": [item["lead"], "Their lead."]}},
                        headers=csrf(client))
    assert again.status_code == 200
    title = client.post(f"/api/digests/{made['id']}", json={"title": "Mine", "bases": {"title": ["Not it"]}},
                        headers=csrf(client))
    assert title.status_code == 409
    assert client.get(f"/api/digests/{made['id']}").json()["title"] == "Bases"


def test_bases_with_two_fields_save_both_or_neither(client: TestClient) -> None:
    made = client.post("/api/digests", json={"date_from": "2026-03-09", "date_to": "2026-03-15", "title": "Halves"},
                       headers=csrf(client)).json()
    both = client.post(f"/api/digests/{made['id']}", json={"title": "New", "introduction": "Mine",
                                                           "bases": {"introduction": ["not there"]}},
                       headers=csrf(client))
    assert both.status_code == 409 and "introduction" in both.json()["error"]["message"]
    assert client.get(f"/api/digests/{made['id']}").json()["title"] == "Halves"
    item = next(i for i in made["items"] if i["status"] != "rejected")
    half = client.post(f"/api/digest-items/{item['id']}", json={"lead": "My lead.", "note": "Mine",
                                                                "bases": {"lead": [item["lead"]], "note": ["x"]}},
                       headers=csrf(client))
    assert half.status_code == 409
    saved = next(i for i in client.get(f"/api/digests/{made['id']}").json()["items"] if i["id"] == item["id"])
    assert (saved["lead"], saved["editor_note"]) == (item["lead"], None)
    whole = client.post(f"/api/digest-items/{item['id']}", json={"lead": "My lead.", "note": "Mine",
                                                                 "bases": {"lead": [item["lead"]], "note": [""]}},
                        headers=csrf(client))
    assert whole.status_code == 200 and whole.json()["revision"] == made["revision"] + 1
    too_many = client.post(f"/api/digests/{made['id']}", json={"title": "New", "bases": {"title": ["x"] * 9}},
                           headers=csrf(client))
    assert too_many.status_code in (400, 422)


def test_the_reading_pages_use_kept_connections_and_see_every_edit(client: TestClient,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The inbox, a unit, the digest editor and their JSON read on the server's kept read-only connections
    (no connection opened, its schema read and checked, per library call), and still show an edit made
    through the server (a writer's connection) at the next request."""
    import presswatch.project as project_module

    made = client.post("/api/digests", json={"date_from": "2026-03-09", "date_to": "2026-03-15", "title": "Kept"},
                       headers=csrf(client)).json()
    digest_id = made["id"]
    unit_id = client.get("/api/units", params={"limit": 1}).json()["items"][0]["id"]
    entity_id = client.get("/api/entities", params={"limit": 1}).json()["items"][0]["id"]
    reads = ["/?since=all", "/?since=all&lang=en&kind=article", f"/?since=all&entity={entity_id}",
             "/?since=all&source=example", f"/units/{unit_id}", f"/digests/{digest_id}",
             "/api/inbox?since=2000-01-01", "/api/units", f"/api/units/{unit_id}", f"/api/digests/{digest_id}",
             f"/api/digests/{digest_id}/history"]
    for path in reads:   # (the first visit may open the pool's connection)
        assert client.get(path).status_code == 200, path
    opened: list[object] = []
    connect = project_module.connect

    def counting(*args: object, **kwargs: object) -> object:
        opened.append(args)
        return connect(*args, **kwargs)   # type: ignore[arg-type]
    monkeypatch.setattr(project_module, "connect", counting)
    for path in reads:
        assert client.get(path).status_code == 200, path
    assert opened == []
    # writes go through a writer's connection, and the next read on a kept one sees them
    headers = csrf(client)
    assert client.post(f"/api/digests/{digest_id}", json={"title": "Kept and renamed"}, headers=headers).status_code == 200
    assert "Kept and renamed" in client.get(f"/digests/{digest_id}").text
    assert client.get(f"/api/digests/{digest_id}").json()["title"] == "Kept and renamed"
    assert client.get(f"/api/digests/{digest_id}/history").json()["items"][-1]["after"]
    starred = 'class="t-star" data-key="s" aria-pressed="true"'
    assert client.post("/api/triage", json={"units": [unit_id], "action": "unstar"}, headers=headers).status_code == 200
    assert starred not in client.get(f"/units/{unit_id}").text
    assert client.post("/api/triage", json={"units": [unit_id], "action": "star"}, headers=headers).status_code == 200
    assert starred in client.get(f"/units/{unit_id}").text
    assert client.get("/?since=all&starred=1").text.count(f'data-unit="{unit_id}"') == 1
    assert client.post("/api/triage", json={"units": [unit_id], "action": "unstar"}, headers=headers).status_code == 200
    assert f'data-unit="{unit_id}"' not in client.get("/?since=all&starred=1").text
    assert opened   # (the writes opened writers' connections: the counting saw them)
