"""The dashboard (server-rendered Jinja2, no script) and the Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from tradewire.errors import TradewireError
from tradewire.record.agreements import get_agreement, list_agreements
from tradewire.serve import queries as Q
from tradewire.serve import search as S
from tradewire.serve.api import Country, Id, filters, not_found, state
from tradewire.serve.render import highlight, snippet_html, tension_svg
from tradewire.serve.schemas import ArticleIn

router = APIRouter(include_in_schema=False)
PAIR_EVENTS = 60


def render(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    html = request.app.state.templates.get_template(name).render({"request": request, **ctx})
    return HTMLResponse(html, status_code=status)


def _found(item, what: str, ident: int):
    if item is None:
        raise not_found(what, ident)
    return item


def _asof(conn, asof: date | None) -> date:
    return asof or Q.latest_day(conn) or date.today()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, st=Depends(state), asof: date | None = None):
    with st.store.engine.connect() as conn:
        day = _asof(conn, asof)
        latest = Q.latest_canonical(conn, 20)
        moved = {n: Q.movers(conn, day, n) for n in (7, 30)}
        pairs = Q.pairs(conn)[:12]
    return render(request, "home.html", title="tradewire", latest=latest, moved=moved, asof=day, pairs=pairs)


@router.get("/pairs", response_class=HTMLResponse)
def pairs_page(request: Request, st=Depends(state), country: Country = None):
    with st.store.engine.connect() as conn:
        pairs = Q.pairs(conn, country)
    return render(request, "pairs.html", title="Country pairs", pairs=pairs, country=country)


@router.get("/pairs/{pair}", response_class=HTMLResponse)
def pair_page(request: Request, pair: str, st=Depends(state), since: date | None = None, until: date | None = None,
              before: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None):
    a, b = Q.parse_pair(pair)
    if since and until and since > until:
        raise Q.BadRequest(f"since {since} is after until {until}")
    with st.store.engine.connect() as conn:
        t = st.tension(conn, a, b, since, until)
        recent = Q.pair_recent(conn, (a, b), PAIR_EVENTS, before)
        threads = st.threads(conn, a, b)
        agreements = Q.agreements_of_pair(conn, (a, b))
        chart = st.cache.get(conn, ("chart", a, b, since, until), lambda: tension_svg(t, link=lambda i: f"/events/{i}"))
    if not recent and not t["days"] and before is None:
        raise HTTPException(404, f"no events for the pair {a}-{b}")
    older = recent[-1].sort_date if len(recent) == PAIR_EVENTS else None
    return render(request, "pair.html", title=f"{a}–{b}", pair=(a, b), chart=chart, tension=t, events=recent,
                  threads=list(reversed(threads))[:20], n_threads=len(threads), agreements=agreements, older=older,
                  since=since, until=until)


@router.get("/events/{canonical_id}", response_class=HTMLResponse)
def event_page(request: Request, canonical_id: Id, st=Depends(state)):
    with st.store.engine.connect() as conn:
        ev = _found(Q.get_canonical(conn, canonical_id), "canonical event", canonical_id)
        texts = Q.canonical_texts(conn, canonical_id)
        actors = Q.canonical_actors(conn, canonical_id)
    for t in texts:
        t["html"] = highlight(t["text"], t["evidence"])
    pairs = [f"{a}-{b}" for i, a in enumerate(ev.countries) for b in ev.countries[i + 1:]]
    return render(request, "event.html", title=ev.title, ev=ev, texts=texts, actors=actors, pairs=pairs)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: Id, st=Depends(state)):
    with st.store.engine.connect() as conn:
        a = _found(Q.get_actor(conn, actor_id), "actor", actor_id)
        events = Q.events_of_actor(conn, actor_id, 100)
    roles = Q.actor_roles(a.actor_key)
    by_role = {r: [e for e in events if _role(e, a) == r] for r in ("source", "target", "participant")}
    return render(request, "actor.html", title=a.name, actor=a, roles=roles, by_role=by_role)


def _role(e, a) -> str:
    def same(x) -> bool:
        return x is not None and x.name == a.name and x.country == a.country
    return "source" if same(e.source) else "target" if same(e.target) else "participant"


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: Id, st=Depends(state)):
    with st.store.engine.connect() as conn:
        art = _found(Q.get_article(conn, article_id), "article", article_id)
        events = Q.events_of_article(conn, article_id)
    html = highlight(art.text, [s for e in events for s in e.evidence])
    return render(request, "article.html", title=art.title or art.id, article=art, events=events, html=html)


@router.get("/agreements", response_class=HTMLResponse)
def agreements_page(request: Request, st=Depends(state), country: Country = None):
    with st.store.engine.connect() as conn:
        rows = list_agreements(conn, country)
    return render(request, "agreements.html", title="Agreements", agreements=rows)


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(request: Request, agreement_id: Id, st=Depends(state)):
    with st.store.engine.connect() as conn:
        a = _found(get_agreement(conn, agreement_id), "agreement", agreement_id)
    return render(request, "agreement.html", title=a["title"], a=a)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, st=Depends(state), q: Annotated[str, Query(max_length=200)] = "",
                page: Annotated[int, Query(ge=1, le=1000)] = 1):
    size = 20
    hits = S.search(st.store.engine, q, (page - 1) * size, size + 1) if q.strip() else []
    for h in hits:
        h["html"] = snippet_html(h["snippet"])
    return render(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, hits=hits[:size],
                  page=page, more=len(hits) > size)


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request, st=Depends(state)):
    return render(request, "add.html", title="Add an article", writable=bool(st.token), result=None, error=None,
                  form={})


@router.post("/add", response_class=HTMLResponse)
def add_submit(request: Request, st=Depends(state), token: Annotated[str, Form(max_length=500)] = "",
               text: Annotated[str, Form(max_length=500_000)] = "", title: Annotated[str, Form(max_length=1000)] = "",
               url: Annotated[str, Form(max_length=2000)] = "", outlet: Annotated[str, Form(max_length=200)] = "",
               published: Annotated[str, Form(max_length=10)] = ""):
    form = {"text": text, "title": title, "url": url, "outlet": outlet, "published": published}
    ctx = {"title": "Add an article", "writable": bool(st.token), "form": form, "result": None, "error": None}
    if not st.token:
        return render(request, "add.html", 403, **{**ctx, "error": "writing is disabled: no TRADEWIRE_TOKEN is set"})
    if not st.token_ok(token):
        return render(request, "add.html", 401, **{**ctx, "error": "wrong or missing token"})
    try:
        body = ArticleIn(text=text, title=title or None, url=url or None, outlet=outlet or None,
                         published=published or None)
        result = st.writer.ingest(body)
    except ValidationError as exc:
        msg = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors()[:3])
        return render(request, "add.html", 422, **{**ctx, "error": msg})
    except TradewireError as exc:
        return render(request, "add.html", 422, **{**ctx, "error": str(exc)})
    return render(request, "add.html", **{**ctx, "result": result, "form": {}})


# -- feeds ------------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(d) -> str:
    if isinstance(d, datetime):
        return d.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@router.get("/feeds/events.atom")
def feed(request: Request, st=Depends(state), f: Q.Filters = Depends(filters)):
    with st.store.engine.connect() as conn:
        items = Q.new_canonical(conn, f, 50)
        stamps = Q.updated_at(conn, [c.id for c in items])
    base = str(request.base_url).rstrip("/")
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    what = ", ".join(f"{k}={v}" for k, v in request.query_params.items())
    ET.SubElement(root, f"{{{ATOM}}}title").text = "tradewire: new canonical events" + (f" ({what})" if what else "")
    ET.SubElement(root, f"{{{ATOM}}}id").text = str(request.url)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=str(request.url))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=base + "/")
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _stamp(max(stamps.values()) if stamps else None)
    ET.SubElement(ET.SubElement(root, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "tradewire"
    for c in items:
        e = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(e, f"{{{ATOM}}}title").text = f"{c.type}: {c.title}"
        ET.SubElement(e, f"{{{ATOM}}}id").text = f"{base}/events/{c.id}"
        ET.SubElement(e, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/events/{c.id}")
        ET.SubElement(e, f"{{{ATOM}}}updated").text = _stamp(stamps.get(c.id))
        for country in c.countries:
            ET.SubElement(e, f"{{{ATOM}}}category", term=country)
        ET.SubElement(e, f"{{{ATOM}}}category", term=c.type)
        outlets = sorted({s.outlet for s in c.sources if s.outlet})
        ET.SubElement(e, f"{{{ATOM}}}summary").text = (
            f"{c.type} ({c.status}) {c.date or 'undated'} — {'-'.join(c.countries)}; {c.n_sources} source(s)"
            + (f": {', '.join(outlets)}" if outlets else "") + f"; confidence {c.confidence:.2f}")
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


__all__ = ["router"]
