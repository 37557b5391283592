"""The HTTP API: every endpoint, filter, pagination, CSV, errors and the security defaults."""

from __future__ import annotations

import csv
import io
import warnings
from datetime import date

import pytest
from lxml import html as lxml_html

from serve_support import TOKEN, copy_db, demo_db_master  # noqa: F401  (fixture)
from tradewire.serve import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")   # starlette's notice about a future httpx, not about this code
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def app(demo_db_master, tmp_path_factory):  # noqa: F811
    return create_app(copy_db(demo_db_master, tmp_path_factory.mktemp("api")), token=TOKEN, max_body=50_000)


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _all(client, path: str, **params) -> list[dict]:
    r = client.get(path, params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _countries(ev: dict) -> set[str]:
    return {a["country"] for a in [ev["source"], ev["target"], *ev["participants"]] if a and a["country"]}


def _overlaps(d: str | None, since: str | None = None, until: str | None = None) -> bool:
    if d is None:
        return False
    return (since is None or d + "~" >= since) and (until is None or d <= until)


EVENT_FILTERS = [
    ({"type": "IMPOSE"}, lambda e: e["type"] == "IMPOSE"),
    ({"country": "KOR"}, lambda e: "KOR" in _countries(e)),
    ({"pair": "USA-KOR"}, lambda e: {"USA", "KOR"} <= _countries(e)),
    ({"status": "occurred"}, lambda e: e["status"] == "occurred"),
    ({"since": "2025-01-01"}, lambda e: _overlaps(e["date"], since="2025-01-01")),
    ({"until": "2019-12-31"}, lambda e: _overlaps(e["date"], until="2019-12-31")),
    ({"measure": "tariff"}, lambda e: e["measure"] == "tariff"),
    ({"goods": "steel"}, lambda e: "steel" in [p.lower() for p in e["products"]]),
    ({"min_confidence": 0.7}, lambda e: e["confidence"] >= 0.7),
    ({"type": "IMPOSE", "country": "USA", "since": "2018-01-01"},
     lambda e: e["type"] == "IMPOSE" and "USA" in _countries(e) and _overlaps(e["date"], since="2018-01-01")),
]


@pytest.mark.parametrize(("params", "ok"), EVENT_FILTERS, ids=[str(p) for p, _ in EVENT_FILTERS])
def test_event_filters_keep_exactly_the_matching_events(client, params, ok):
    everything = _all(client, "/api/v1/events")
    got = _all(client, "/api/v1/events", **params)
    assert got, f"the demo store should have events for {params}"
    assert all(ok(e) for e in got)
    # nothing that matches is left out
    assert {e["id"] for e in got} == {e["id"] for e in everything if ok(e)}


CANONICAL_FILTERS = [
    ({"type": "IMPOSE"}, lambda c: c["type"] == "IMPOSE"),
    ({"country": "CHN"}, lambda c: "CHN" in c["countries"]),
    ({"pair": "KOR-USA"}, lambda c: {"KOR", "USA"} <= set(c["countries"])),
    ({"goods": "steel"}, lambda c: "steel" in c["products"]),
    ({"since": "2025-06-01", "until": "2025-12-31"},
     lambda c: _overlaps(c["sort_date"], "2025-06-01", "2025-12-31")),
    ({"min_confidence": 0.6, "measure": "tariff"}, lambda c: c["confidence"] >= 0.6 and c["measure"] == "tariff"),
]


@pytest.mark.parametrize(("params", "ok"), CANONICAL_FILTERS, ids=[str(p) for p, _ in CANONICAL_FILTERS])
def test_canonical_filters(client, params, ok):
    everything = _all(client, "/api/v1/canonical-events")
    got = _all(client, "/api/v1/canonical-events", **params)
    assert got and all(ok(c) for c in got)
    assert {c["id"] for c in got} == {c["id"] for c in everything if ok(c)}
    assert all(c["sources"] for c in got), "canonical events come with their sources"


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/canonical-events", "/api/v1/articles", "/api/v1/actors"])
def test_cursor_pagination_walks_every_item_once(client, path):
    everything = [i.get("id") if "id" in i and path != "/api/v1/articles" and path != "/api/v1/actors" else
                  i.get("article_id", i.get("actor_id")) for i in _all(client, path)]
    seen, cursor = [], None
    for _ in range(200):
        r = client.get(path, params={"limit": 4, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200
        body = r.json()
        assert body["count"] == len(body["items"]) <= 4
        seen += [i.get("article_id", i.get("actor_id", i.get("id"))) if path in ("/api/v1/articles", "/api/v1/actors")
                 else i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(set(seen)) == len(seen) and len(seen) > 4
    assert seen == sorted(seen, reverse=True)


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/canonical-events", "/api/v1/articles", "/api/v1/actors"])
def test_lists_as_csv(client, path):
    r = client.get(path, params={"format": "csv", "limit": 5})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == len(client.get(path, params={"limit": 5}).json()["items"]) > 0


def test_events_use_the_extractor_model_shape(client):
    from tradewire.models import Event

    ev = _all(client, "/api/v1/events", type="IMPOSE")[0]
    Event.model_validate({k: v for k, v in ev.items() if k in Event.model_fields})
    assert ev["evidence"] and ev["article_id"] and ev["canonical_id"]
    one = client.get(f"/api/v1/events/{ev['id']}").json()
    assert one == ev


def test_detail_endpoints(client):
    art = _all(client, "/api/v1/articles")[0]
    detail = client.get(f"/api/v1/articles/{art['article_id']}").json()
    assert detail["text"] == art["text"] and len(detail["events"]) == detail["n_events"]
    can = _all(client, "/api/v1/canonical-events", pair="USA-KOR")[0]
    got = client.get(f"/api/v1/canonical-events/{can['id']}").json()
    assert got["title"] == can["title"] and got["mentions"] and got["sources"]
    actor = next(a for a in _all(client, "/api/v1/actors", country="USA") if a["n_source"])
    a = client.get(f"/api/v1/actors/{actor['actor_id']}").json()
    assert a["name"] == actor["name"] and a["events"]
    assert all(actor["name"] in [x["name"] for x in [e["source"], e["target"], *e["participants"]] if x]
               for e in a["events"])


def test_actor_role_history_comes_from_the_knowledge_base(client):
    people = [a for a in _all(client, "/api/v1/actors", name="Yeo")]
    assert people, "the demo store names Korea's trade minister"
    roles = client.get(f"/api/v1/actors/{people[0]['actor_id']}").json()["roles"]
    assert roles and all(r["role"] for r in roles)


def test_pairs_timeline_tension_threads(client):
    pairs = client.get("/api/v1/pairs").json()
    assert "KOR-USA" in [p["pair"] for p in pairs]
    tl = client.get("/api/v1/pairs/USA-KOR/timeline").json()
    assert tl["pair"] == ["KOR", "USA"] and tl["events"]
    dates = [e["date"] for e in tl["events"]]
    assert dates == sorted(dates, key=lambda d: d)
    part = client.get("/api/v1/pairs/USA-KOR/timeline", params={"since": "2026-02-01"}).json()
    assert part["events"] and all(e["date"] + "~" >= "2026-02-01" for e in part["events"])
    t = client.get("/api/v1/pairs/KOR-USA/tension").json()
    assert t["days"] and any(d["events"] for d in t["days"])
    # the score of a day is the sum of its events' weights
    assert all(abs(d["score"] - sum(e["weight"] for e in d["events"])) < 1e-6 for d in t["days"])
    csv_text = client.get("/api/v1/pairs/KOR-USA/tension", params={"format": "csv"}).text
    assert csv_text.startswith("date,score,trend")
    threads = client.get("/api/v1/pairs/USA-KOR/threads").json()
    assert threads and all(t["title"].startswith("KOR–USA") for t in threads)
    assert {e["id"] for t in threads for e in t["events"]} == {e["id"] for e in tl["events"] + tl["undated"]}


def test_timeline_pages_walk_the_whole_history_in_order(client):
    whole = client.get("/api/v1/pairs/KOR-USA/timeline", params={"limit": 2000}).json()
    assert whole["next_cursor"] is None
    order = [e["id"] for e in sorted(whole["events"] + whole["undated"],
                                     key=lambda e: (e["sort_date"] is None, e["sort_date"], e["id"]))]
    seen, cursor = [], None
    for _ in range(100):
        page = client.get("/api/v1/pairs/KOR-USA/timeline", params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["id"] for e in sorted(page["events"] + page["undated"],
                                         key=lambda e: (e["sort_date"] is None, e["sort_date"], e["id"]))]
        assert all(e["sources"] for e in page["events"] + page["undated"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == order and len(seen) > 3


def test_agreements(client):
    rows = client.get("/api/v1/agreements").json()
    assert rows
    gbr = client.get("/api/v1/agreements", params={"pair": "IND-GBR"}).json()
    assert gbr and all((a["c1"], a["c2"]) == ("GBR", "IND") for a in gbr)
    detail = client.get(f"/api/v1/agreements/{gbr[0]['id']}").json()
    assert detail["history"] and all(h["events"] for h in detail["history"])
    assert client.get("/api/v1/agreements", params={"status": "no-such-status"}).json() == []


def test_search_articles_and_evidence(client):
    hits = client.get("/api/v1/search", params={"q": "barley"}).json()["items"]
    assert hits and {h["kind"] for h in hits} >= {"article"}
    assert all("[[" in h["snippet"] for h in hits)
    ev = client.get("/api/v1/search", params={"q": "barley duties", "kind": "evidence"}).json()["items"]
    assert ev and all(h["kind"] == "evidence" and h["event_id"] for h in ev)
    assert client.get("/api/v1/search", params={"q": "zzzqqqnotaword"}).json()["items"] == []
    # FTS syntax in the query is taken as words, never as an FTS expression
    assert client.get("/api/v1/search", params={"q": 'barley" OR NEAR(x'}).status_code == 200


def test_search_pages(client):
    first = client.get("/api/v1/search", params={"q": "tariff", "limit": 2}).json()
    assert first["count"] == 2 and first["next_cursor"]
    second = client.get("/api/v1/search", params={"q": "tariff", "limit": 2, "cursor": first["next_cursor"]}).json()
    key = [(h["kind"], h["article_id"], h["event_id"]) for h in first["items"]]
    assert not set(key) & {(h["kind"], h["article_id"], h["event_id"]) for h in second["items"]}


# -- writing --------------------------------------------------------------------------------------

NEW_ARTICLE = {
    "title": "Korea pledges shipbuilding investment",
    "outlet": "Test Harbour Times",
    "url": "https://times.example/kor-usa-ships",
    "published": "2026-03-02",
    "text": "SEOUL, March 2 -- South Korea pledged on Monday to invest $150 billion in American shipbuilding, "
            "the trade ministry said, as Seoul sought relief from US tariffs on Korean cars. "
            "The zebrafish clause of the plan covers ports.",
}


def test_post_article_goes_through_ingest_and_is_visible(client):
    before_tension = client.get("/api/v1/pairs/KOR-USA/tension").json()
    before_threads = client.get("/api/v1/pairs/KOR-USA/threads").json()
    r = client.post("/api/v1/articles", json=NEW_ARTICLE, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] and body["article_id"] and body["events"]
    assert any(e["type"] == "PLEDGE" for e in body["events"])
    tl = client.get("/api/v1/pairs/KOR-USA/timeline", params={"since": "2026-03-01"}).json()
    assert any(e["type"] == "PLEDGE" and "2026-03" in (e["date"] or "") for e in tl["events"])
    assert client.get("/api/v1/search", params={"q": "zebrafish"}).json()["items"], "the search index follows new articles"
    # what the server keeps in memory (tension, threads) follows the record
    after_tension = client.get("/api/v1/pairs/KOR-USA/tension").json()
    assert any(e["type"] == "PLEDGE" and d["date"].startswith("2026-03") for d in after_tension["days"]
               for e in d["events"])
    assert not any(d["date"].startswith("2026-03") for d in before_tension["days"])
    after_threads = client.get("/api/v1/pairs/KOR-USA/threads").json()
    assert sum(len(t["events"]) for t in after_threads) == sum(len(t["events"]) for t in before_threads) + 1
    again = client.post("/api/v1/articles", json=NEW_ARTICLE, headers=AUTH).json()
    assert again["stored"] is False and again["article_id"] == body["article_id"] and again["events"] == []


def test_post_html_article(client):
    page = ("<html><head><title>EU eases duties</title></head><body><nav>Home | World</nav><article><h1>EU eases duties"
            "</h1><p>BRUSSELS -- The European Union on Thursday lifted its tariffs on American lobster, the European "
            "Commission said, after weeks of talks with Washington over industrial goods.</p></article>"
            "<footer>Cookies</footer></body></html>")
    r = client.post("/api/v1/articles", json={"html": page, "published": "2026-03-05", "outlet": "Brussels Test"},
                    headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["article"]["outlet"] == "Brussels Test" and "Cookies" not in r.json()["article"]["text"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_writing_needs_the_bearer_token(client, headers):
    r = client.post("/api/v1/articles", json=NEW_ARTICLE, headers=headers)
    assert r.status_code == 401 and r.json()["status"] == 401
    assert r.headers["www-authenticate"] == "Bearer"


def test_read_only_without_a_token(demo_db_master, tmp_path):  # noqa: F811
    ro = TestClient(create_app(copy_db(demo_db_master, tmp_path), token=""))
    r = ro.post("/api/v1/articles", json=NEW_ARTICLE, headers=AUTH)
    assert r.status_code == 403 and "TRADEWIRE_TOKEN" in r.json()["error"]
    assert ro.get("/api/v1/events").status_code == 200


# -- errors and safety ------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "kw", "status"), [
    ("get", "/api/v1/events/999999", {}, 404),
    ("get", "/api/v1/canonical-events/999999", {}, 404),
    ("get", "/api/v1/articles/999999", {}, 404),
    ("get", "/api/v1/actors/999999", {}, 404),
    ("get", "/api/v1/agreements/999999", {}, 404),
    ("get", "/api/v1/nothing-here", {}, 404),
    ("get", "/api/v1/events", {"params": {"pair": "USA-USA"}}, 422),
    ("get", "/api/v1/events", {"params": {"pair": "USAKOR"}}, 422),
    ("get", "/api/v1/events", {"params": {"type": "HUG"}}, 422),
    ("get", "/api/v1/events", {"params": {"min_confidence": 2}}, 422),
    ("get", "/api/v1/events", {"params": {"since": "2026-13-01"}}, 422),
    ("get", "/api/v1/events", {"params": {"since": "2026-02-01", "until": "2026-01-01"}}, 422),
    ("get", "/api/v1/events", {"params": {"cursor": "not-a-cursor"}}, 422),
    ("get", "/api/v1/events", {"params": {"cursor": "YTox"}}, 422),   # a cursor of another list
    ("get", "/api/v1/events", {"params": {"limit": 0}}, 422),
    ("get", "/api/v1/pairs/USA/timeline", {}, 422),
    ("get", "/api/v1/search", {"params": {"q": "?!"}}, 422),
    ("post", "/api/v1/articles", {"json": {"title": "no text"}, "headers": AUTH}, 422),
    ("post", "/api/v1/articles", {"json": {"text": "a", "html": "<p>b</p>"}, "headers": AUTH}, 422),
    ("post", "/api/v1/articles", {"content": b"{not json", "headers": {**AUTH, "content-type": "application/json"}}, 422),
    ("post", "/api/v1/articles", {"json": {"text": "x" * 60_000}, "headers": AUTH}, 413),
])
def test_errors_are_one_line_json_without_traces(client, method, path, kw, status):
    r = getattr(client, method)(path, **kw)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in r.text and 'File "' not in r.text and "\n" not in body["error"]


def test_chunked_body_over_the_limit_is_refused(client):
    def chunks():
        for _ in range(20):
            yield b"x" * 5_000

    r = client.post("/api/v1/articles", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert r.status_code == 413 and r.json()["status"] == 413


def test_cors_is_off(client):
    r = client.get("/api/v1/events", headers={"Origin": "https://elsewhere.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = client.options("/api/v1/articles", headers={"Origin": "https://elsewhere.example",
                                                       "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers and pre.status_code >= 400


@pytest.mark.parametrize("path", ["/", "/pairs/KOR-USA", "/api/v1/events", "/search?q=steel", "/nope"])
def test_security_headers(client, path):
    r = client.get(path, headers={"accept": "text/html"})
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "script-src" not in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


def _inert(page: str) -> None:
    """No script element, no on* attribute and no javascript: URL anywhere in the document."""
    doc = lxml_html.fromstring(page)
    assert not doc.xpath("//script")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert not value.strip().lower().startswith("javascript:"), (el.tag, name, value)


def test_hostile_article_renders_inert_on_every_page(client):
    hostile = next(a for a in _all(client, "/api/v1/articles") if a["id"] == "usa_kor_hostile")
    events = client.get(f"/api/v1/articles/{hostile['article_id']}").json()["events"]
    assert events, "the hostile article yields events, so its text reaches the event pages"
    pages = [f"/articles/{hostile['article_id']}", "/", "/pairs/KOR-USA", "/search?q=steel", "/search?q=onerror",
             *{f"/events/{e['canonical_id']}" for e in events}]
    for path in pages:
        r = client.get(path, headers={"accept": "text/html"})
        assert r.status_code == 200, path
        _inert(r.text)
    art = client.get(f"/articles/{hostile['article_id']}").text
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in art   # shown as text
    assert "onerror=alert(1)" in lxml_html.fromstring(art).text_content()
    ev_page = client.get(f"/events/{events[0]['canonical_id']}").text
    assert "<mark class=\"evidence\">" in ev_page


def test_home_movers_match_the_tension_series(client, app):
    from tradewire.record.tension import tension
    from tradewire.serve.queries import movers

    asof = date(2026, 2, 10)
    with app.state.tw.store.engine.connect() as conn:
        moved = movers(conn, asof, 30)
        assert moved and moved[0]["pair"] == "KOR-USA"
        for m in moved:
            t = tension(conn, *m["pair"].split("-"), since=date(2026, 1, 12), until=asof)
            assert abs(sum(d["score"] for d in t["days"]) - m["move"]) < 0.01
    page = client.get("/", params={"asof": "2026-02-10"}).text
    assert 'href="/pairs/KOR-USA"' in page.split('id="movers-7"')[1].split("</ol>")[0]


def test_atom_feed_is_valid_and_filtered(client):
    import feedparser

    f = feedparser.parse(client.get("/feeds/events.atom").content)
    assert not f.bozo and f.version == "atom10" and f.entries
    pair = feedparser.parse(client.get("/feeds/events.atom", params={"pair": "USA-KOR", "type": "IMPOSE"}).content)
    assert not pair.bozo and pair.entries
    for e in pair.entries:
        terms = {t["term"] for t in e.tags}
        assert {"USA", "KOR", "IMPOSE"} <= terms and e.link.split("/events/")[1].isdigit() and e.updated
    # the hostile title arrives as text in the feed, escaped by the XML writer
    hostile = [e for e in f.entries if "Korean steel" in e.summary or "steel" in e.title.lower()]
    assert hostile
    assert client.get("/feeds/events.atom", params={"pair": "XX"}).status_code == 422


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/events", "/api/v1/canonical-events", "/api/v1/articles", "/api/v1/actors", "/api/v1/pairs",
            "/api/v1/pairs/{pair}/timeline", "/api/v1/pairs/{pair}/tension", "/api/v1/pairs/{pair}/threads",
            "/api/v1/agreements", "/api/v1/agreements/{agreement_id}", "/api/v1/search"} <= paths
    docs = client.get("/docs").text
    assert "/static-docs/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200


def test_serve_command_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from tradewire.cli import app as cli

    res = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "no such database" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "none.db").exists()


def test_a_crash_is_a_json_500_without_trace(app, monkeypatch):
    from tradewire.serve import queries

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(queries, "list_articles", boom)
    r = TestClient(app, raise_server_exceptions=False).get("/api/v1/articles")
    assert r.status_code == 500 and r.json() == {"error": "internal error (see the server log)", "status": 500}
    assert "secret" not in r.text
