"""/api/v1: JSON (and CSV for lists) over the store, and POST /articles through the ingest flow."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from tradewire.models import EVENT_TYPES, Measure, Status
from tradewire.record.agreements import get_agreement, list_agreements
from tradewire.serve import queries as Q
from tradewire.serve import search as S
from tradewire.serve.schemas import (
    ActorDetail,
    ActorPage,
    Agreement,
    AgreementBrief,
    ArticleDetail,
    ArticleIn,
    ArticlePage,
    CanonicalEvent,
    CanonicalPage,
    ErrorBody,
    EventPage,
    IngestResult,
    PairSummary,
    SearchPage,
    StoredEvent,
    Tension,
    Thread,
    Timeline,
)

ERRORS = {s: {"model": ErrorBody} for s in (404, 413, 422)}
router = APIRouter(prefix="/api/v1", responses=ERRORS)

EventTypeQ = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO3 code, e.g. KOR")]
PairQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$", description="two ISO3 codes, e.g. USA-KOR")]
PairPath = Annotated[str, Path(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$", description="two ISO3 codes, e.g. USA-KOR")]
Cursor = Annotated[str | None, Query(max_length=64, description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=500)]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Id = Annotated[int, Path(ge=1, le=2**62)]
CSV_RESPONSE = {200: {"content": {"text/csv": {}}, "description": "JSON page, or CSV with ?format=csv"}}


def state(request: Request):
    return request.app.state.tw


def filters(country: Country = None, pair: PairQ = None, type: EventTypeQ | None = None,
            status: Status | None = None, since: date | None = None, until: date | None = None,
            measure: Measure | None = None,
            goods: Annotated[str | None, Query(max_length=60, description="a goods term, e.g. steel")] = None,
            min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None) -> Q.Filters:
    if since and until and since > until:
        raise Q.BadRequest(f"since {since} is after until {until}")
    return Q.Filters(country=country, pair=Q.parse_pair(pair) if pair else None, type=type, status=status,
                     since=since, until=until, measure=measure, goods=goods, min_confidence=min_confidence)


def require_token(request: Request, st=Depends(state)) -> None:
    if not st.token:
        raise HTTPException(403, "writing is disabled: start the server with TRADEWIRE_TOKEN set")
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not st.token_ok(given.strip()):
        raise HTTPException(401, "a valid bearer token is required (Authorization: Bearer <TRADEWIRE_TOKEN>)",
                            headers={"WWW-Authenticate": "Bearer"})


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dict):
        return f"{v.get('name')} ({v.get('country')})" if "name" in v else str(v)
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    return str(v)


def as_csv(items: list[BaseModel], skip: tuple[str, ...] = ("sources", "mentions", "removed", "text")) -> Response:
    buf = io.StringIO()
    rows = [i.model_dump(mode="json") for i in items]
    cols = [c for c in (rows[0] if rows else {}) if c not in skip]
    w = csv.writer(buf)
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r[c]) for c in cols])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")


def page(model, items, nxt, format: str):
    return as_csv(items) if format == "csv" else model(items=items, next_cursor=nxt, count=len(items))


def not_found(what: str, ident) -> HTTPException:
    return HTTPException(404, f"no {what} {ident}")


def one(st, getter, what: str, ident: int):
    """A single item by id, or a 404 naming it."""
    with st.store.engine.connect() as conn:
        found = getter(conn, ident)
    if found is None:
        raise not_found(what, ident)
    return found


# -- articles ---------------------------------------------------------------------------------

@router.get("/articles", response_model=ArticlePage, responses=CSV_RESPONSE, tags=["articles"])
def articles(st=Depends(state), cursor: Cursor = None, limit: Limit = 50, since: date | None = None,
             until: date | None = None, outlet: Annotated[str | None, Query(max_length=200)] = None,
             format: Format = "json"):
    """Stored articles, newest first."""
    with st.store.engine.connect() as conn:
        items, nxt = Q.list_articles(conn, cursor, limit, since, until, outlet)
    return page(ArticlePage, items, nxt, format)


@router.get("/articles/{article_id}", response_model=ArticleDetail, tags=["articles"])
def article(article_id: Id, st=Depends(state)):
    with st.store.engine.connect() as conn:
        a = Q.get_article(conn, article_id)
        if a is None:
            raise not_found("article", article_id)
        return ArticleDetail(**a.model_dump(), events=Q.events_of_article(conn, article_id))


@router.post("/articles", response_model=IngestResult, dependencies=[Depends(require_token)], tags=["articles"],
             responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}})
def post_article(body: ArticleIn, st=Depends(state)):
    """Ingest one article (text, or HTML whose body is extracted) through the ingest flow and
    return the events found. Needs `Authorization: Bearer <TRADEWIRE_TOKEN>`."""
    return st.writer.ingest(body)


# -- events -----------------------------------------------------------------------------------

@router.get("/events", response_model=EventPage, responses=CSV_RESPONSE, tags=["events"])
def events(st=Depends(state), f: Q.Filters = Depends(filters), cursor: Cursor = None, limit: Limit = 50,
           format: Format = "json"):
    """Events as extracted (one per act per article), newest first."""
    with st.store.engine.connect() as conn:
        items, nxt = Q.list_events(conn, f, cursor, limit)
    return page(EventPage, items, nxt, format)


@router.get("/events/{event_id}", response_model=StoredEvent, tags=["events"])
def event(event_id: Id, st=Depends(state)):
    return one(st, Q.get_event, "event", event_id)


@router.get("/canonical-events", response_model=CanonicalPage, responses=CSV_RESPONSE, tags=["events"])
def canonical(st=Depends(state), f: Q.Filters = Depends(filters), cursor: Cursor = None, limit: Limit = 50,
              format: Format = "json"):
    """Canonical events (the same act reported by several articles, fused) with their sources."""
    with st.store.engine.connect() as conn:
        items, nxt = Q.list_canonical(conn, f, cursor, limit)
    return page(CanonicalPage, items, nxt, format)


@router.get("/canonical-events/{canonical_id}", response_model=CanonicalEvent, tags=["events"])
def canonical_one(canonical_id: Id, st=Depends(state)):
    return one(st, Q.get_canonical, "canonical event", canonical_id)


# -- actors -----------------------------------------------------------------------------------

@router.get("/actors", response_model=ActorPage, responses=CSV_RESPONSE, tags=["actors"])
def actors(st=Depends(state), country: Country = None, name: Annotated[str | None, Query(max_length=100)] = None,
           cursor: Cursor = None, limit: Limit = 50, format: Format = "json"):
    with st.store.engine.connect() as conn:
        items, nxt = Q.list_actors(conn, cursor, limit, country, name, counts=st.role_counts(conn))
    return page(ActorPage, items, nxt, format)


@router.get("/actors/{actor_id}", response_model=ActorDetail, tags=["actors"])
def actor(actor_id: Id, st=Depends(state)):
    with st.store.engine.connect() as conn:
        a = Q.get_actor(conn, actor_id)
        if a is None:
            raise not_found("actor", actor_id)
        return ActorDetail(**a.model_dump(), roles=Q.actor_roles(a.actor_key), events=Q.events_of_actor(conn, actor_id))


# -- pairs ------------------------------------------------------------------------------------

@router.get("/pairs", response_model=list[PairSummary], tags=["pairs"])
def pairs(st=Depends(state), country: Country = None):
    """Country pairs with canonical events, busiest first."""
    with st.store.engine.connect() as conn:
        return Q.pairs(conn, country)


def _range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise Q.BadRequest(f"since {since} is after until {until}")


@router.get("/pairs/{pair}/timeline", response_model=Timeline, tags=["pairs"])
def timeline(pair: PairPath, st=Depends(state), since: date | None = None, until: date | None = None,
             cursor: Cursor = None, limit: Annotated[int, Query(ge=1, le=2000)] = 200):
    """The pair's canonical events in date order (undated ones at their first report), with their
    sources, `limit` per page."""
    a, b = Q.parse_pair(pair)
    _range(since, until)
    with st.store.engine.connect() as conn:
        rows, nxt = Q.timeline_page(conn, st.pair_rows(conn, a, b, since, until), cursor, limit)
    return Timeline(pair=[a, b], since=since.isoformat() if since else None, until=until.isoformat() if until else None,
                    events=[CanonicalEvent.from_row(r) for r in rows if r["date"]],
                    undated=[CanonicalEvent.from_row(r) for r in rows if not r["date"]], next_cursor=nxt)


@router.get("/pairs/{pair}/tension", response_model=Tension, responses=CSV_RESPONSE, tags=["pairs"])
def tension(pair: PairPath, st=Depends(state), since: date | None = None, until: date | None = None,
            format: Format = "json"):
    """Daily cooperation (+) / conflict (-) score and its trend (EWMA) for the pair."""
    from tradewire.record.tension import to_csv

    a, b = Q.parse_pair(pair)
    _range(since, until)
    with st.store.engine.connect() as conn:
        if format == "csv":
            return Response(to_csv(st.tension(conn, a, b, since, until)), media_type="text/csv; charset=utf-8")
        # the series is long (a day per row over years): keep it serialized, not just computed
        body = st.cache.get(conn, ("tension.json", a, b, since, until),
                            lambda: Tension.model_validate(st.tension(conn, a, b, since, until)).model_dump_json())
    return Response(body, media_type="application/json")


@router.get("/pairs/{pair}/threads", response_model=list[Thread], tags=["pairs"])
def threads(pair: PairPath, st=Depends(state)):
    """Story threads of the pair: its events grouped into storylines, each with a title."""
    a, b = Q.parse_pair(pair)
    with st.store.engine.connect() as conn:
        return st.threads(conn, a, b)


# -- agreements -------------------------------------------------------------------------------

@router.get("/agreements", response_model=list[AgreementBrief], tags=["agreements"])
def agreements(st=Depends(state), country: Country = None, pair: PairQ = None,
               status: Annotated[str | None, Query(max_length=24)] = None):
    with st.store.engine.connect() as conn:
        rows = list_agreements(conn, country)
    if pair:
        c1, c2 = Q.parse_pair(pair)
        rows = [r for r in rows if (r["c1"], r["c2"]) == (c1, c2)]
    if status:
        rows = [r for r in rows if r["status"] == status.lower()]
    return rows


@router.get("/agreements/{agreement_id}", response_model=Agreement, tags=["agreements"])
def agreement(agreement_id: Id, st=Depends(state)):
    """An agreement with its terms and status history (the events behind each change)."""
    return one(st, get_agreement, "agreement", agreement_id)


# -- search -----------------------------------------------------------------------------------

@router.get("/search", response_model=SearchPage, tags=["search"])
def search(q: Annotated[str, Query(min_length=1, max_length=200)], st=Depends(state),
           kind: Literal["article", "evidence"] | None = None, cursor: Cursor = None, limit: Limit = 20):
    """Full-text search over article titles and texts and event evidence (words stemmed, all required)."""
    if S.fts_query(q) is None:
        raise Q.BadRequest("the query has no words")
    offset = Q.decode_cursor("s", cursor) or 0
    hits = S.search(st.store.engine, q, offset, limit + 1, kind)
    nxt = Q.encode_cursor("s", offset + limit) if len(hits) > limit else None
    return SearchPage(query=q, items=hits[:limit], next_cursor=nxt, count=len(hits[:limit]))
