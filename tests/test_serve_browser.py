"""The dashboard in a real browser: Python playwright driving Debian's chromium against uvicorn
on a loopback port. One server and one browser for the module; screenshots in tests/output/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from serve_support import OUTPUT, TOKEN, LiveServer, copy_db, demo_db_master  # noqa: F401  (fixture)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server(demo_db_master, tmp_path_factory):  # noqa: F811
    from tradewire.serve import create_app

    app = create_app(copy_db(demo_db_master, tmp_path_factory.mktemp("browser")), token=TOKEN)
    with LiveServer(app) as live:
        yield live


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: requests to other hosts, script dialogs, console errors."""

    def __init__(self, page, base: str):
        self.foreign, self.dialogs, self.errors = [], [], []
        page.on("request", lambda r: None if r.url.startswith((base, "data:")) else self.foreign.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        # a failed load is reported below with its URL; any other console error counts
        page.on("console", lambda m: self.errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def clean(self) -> None:
        assert not self.foreign, f"requests outside the server: {self.foreign}"
        assert not self.dialogs, f"a script ran: {self.dialogs}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.watch = Watch(pg, server.url)
    yield pg
    ctx.close()


def shot(page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    return path


def _api(server, path: str):
    import json
    import urllib.request

    with urllib.request.urlopen(server.url + path) as r:   # loopback only
        return json.loads(r.read())


def test_every_page_of_the_demo_store_loads(page, server):
    arts = _api(server, "/api/v1/articles?limit=500")["items"]
    hostile = next(a for a in arts if a["id"] == "usa_kor_hostile")
    canon = _api(server, "/api/v1/canonical-events?limit=500")["items"]
    actors = _api(server, "/api/v1/actors?limit=500")["items"]
    agreements = _api(server, "/api/v1/agreements")
    pairs = [p["pair"] for p in _api(server, "/api/v1/pairs")]
    urls = (["/", "/pairs", "/agreements", "/search?q=tariff", "/add"]
            + [f"/pairs/{p}" for p in pairs] + [f"/events/{c['id']}" for c in canon]
            + [f"/actors/{a['actor_id']}" for a in actors] + [f"/articles/{a['article_id']}" for a in arts]
            + [f"/agreements/{a['id']}" for a in agreements])
    for url in urls:
        resp = page.goto(server.url + url)
        assert resp.status == 200, url
        assert page.locator("h1").inner_text().strip(), url
        assert page.locator("link[rel=stylesheet]").count() == 1
    page.goto(server.url + "/")
    shot(page, "home")
    page.goto(server.url + f"/articles/{hostile['article_id']}")
    shot(page, "hostile-article")
    page.goto(server.url + "/search?q=steel")
    shot(page, "search")
    page.watch.clean()


def test_home_pair_event_actor(page, server):
    page.goto(server.url + "/?asof=2026-02-10")
    assert page.locator("table.events tbody tr").count() >= 10
    page.locator("#movers-30 a.pair", has_text="KOR-USA").click()
    page.wait_for_url(re.compile(r"/pairs/KOR-USA$"))
    assert page.locator("h1").inner_text() == "KOR–USA"
    markers = page.locator("svg.tension circle.marker")
    assert markers.count() >= 3
    # hovering a marker highlights it; its tooltip (<title>) names the acts of that day
    first = markers.first
    first.hover()
    assert page.evaluate("el => getComputedStyle(el).fill", first.element_handle()) == "rgb(240, 165, 0)"
    tip = first.locator("title").text_content()
    assert re.search(r"(IMPOSE|THREATEN|CONSULT|ACCUSE|DEMAND|AGREE|PLEDGE|EASE)", tip)
    assert page.locator("details.thread").count() >= 1 and page.locator("#timeline table.events tr.event").count() >= 3
    shot(page, "pair-page")
    page.locator("#timeline tr.event a", has_text="steel").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    assert page.locator("dl.facts").is_visible()
    marks = page.locator("mark.evidence")
    assert marks.count() >= 1 and "steel" in marks.first.inner_text().lower()
    shot(page, "event-page")
    page.locator("a.actor").first.click()
    page.wait_for_url(re.compile(r"/actors/\d+$"))
    assert page.locator("h2", has_text="Role history").is_visible()
    assert page.locator("table.events tbody tr").count() >= 1
    shot(page, "actor-page")
    page.watch.clean()


def test_hostile_article_is_inert_in_the_browser(page, server):
    arts = _api(server, "/api/v1/articles?limit=500")["items"]
    hostile = next(a for a in arts if a["id"] == "usa_kor_hostile")
    events = _api(server, f"/api/v1/articles/{hostile['article_id']}")["events"]
    for url in [f"/articles/{hostile['article_id']}", *{f"/events/{e['canonical_id']}" for e in events},
                "/pairs/KOR-USA", "/search?q=onerror", "/"]:
        page.goto(server.url + url)
        assert page.evaluate("document.scripts.length") == 0, url
        assert page.evaluate("document.querySelectorAll('img').length") == 0, url
        assert page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:').length") == 0, url
    page.goto(server.url + f"/articles/{hostile['article_id']}")
    assert '<script>alert("xss")</script>' in page.locator("div.text").inner_text()
    page.watch.clean()


def test_add_article_form(page, server):
    page.goto(server.url + "/add")
    page.fill("input[name=token]", "not-the-token")
    page.fill("textarea[name=text]", "Australia threatened on Monday to impose tariffs on Chinese steel.")
    page.click("button[type=submit] >> text=Extract and store")
    assert "wrong or missing token" in page.locator("#add-error").inner_text()
    assert page.watch.errors == [f"401 {server.url}/add"]
    page.watch.errors.clear()
    page.fill("input[name=token]", TOKEN)
    page.fill("input[name=title]", "Canberra weighs steel duties")
    page.fill("input[name=outlet]", "Browser Test Daily")
    page.fill("input[name=published]", "2026-03-09")
    page.fill("textarea[name=text]", "CANBERRA, March 9 -- Australia threatened on Monday to impose tariffs of 20% on "
                                     "Chinese steel, the trade minister said, after imports from China doubled.")
    page.click("button[type=submit] >> text=Extract and store")
    result = page.locator("#result")
    assert "Stored article" in result.locator("h2").inner_text()
    assert "THREATEN" in result.inner_text() and "steel" in result.inner_text()
    shot(page, "add-article")
    page.locator("#result a", has_text="Open the article").click()
    assert page.locator("mark.evidence").count() >= 1
    page.watch.clean()


def test_api_docs_render_offline(page, server):
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert "tradewire" in page.locator(".swagger-ui .info").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/v1/canonical-events").count() >= 1
    page.watch.clean()
