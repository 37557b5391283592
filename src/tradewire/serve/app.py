"""The FastAPI application: store, security middleware, JSON errors, routers.

Security defaults: bound to loopback by `tradewire serve`; read-only unless TRADEWIRE_TOKEN is
set (writes need `Authorization: Bearer <token>`, compared with hmac.compare_digest); no CORS
middleware (browsers refuse cross-origin reads); a Content-Security-Policy that allows only
same-origin styles, images and forms and no script on dashboard pages; request bodies above
`max_body` bytes refused with 413 before they are read in full; errors as one-line JSON."""

from __future__ import annotations

import hmac
import logging
import os
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from tradewire import __version__
from tradewire.errors import TradewireError
from tradewire.serve.queries import BadRequest

HERE = Path(__file__).parent
DEFAULT_MAX_BODY = 1_000_000
log = logging.getLogger("tradewire.serve")

CSP_PAGES = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
             "base-uri 'none'; frame-ancestors 'none'")
# Swagger UI (shipped by fastapi-offline) starts from an inline script: only /docs allows it.
CSP_DOCS = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")


class BodyTooLarge(StarletteHTTPException):
    # an HTTPException so that FastAPI's body parser passes it on instead of turning it into a 400
    def __init__(self, limit: int):
        super().__init__(413, f"request body larger than {limit} bytes")


class Guard:
    """ASGI middleware: security headers on every response, and the request body size limit
    (by Content-Length at once, and by counting for chunked bodies)."""

    def __init__(self, app, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _send_json(send, 413, f"request body larger than {self.max_body} bytes")
        csp = CSP_DOCS if scope["path"].startswith(("/docs", "/static-docs")) else CSP_PAGES
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return msg

        async def secured_send(msg):
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
                extra = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                msg = {**msg, "headers": list(msg.get("headers") or []) + extra}
            await send(msg)

        try:
            await self.app(scope, limited_receive, secured_send)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, f"request body larger than {self.max_body} bytes")


async def _send_json(send, status: int, message: str) -> None:
    import json

    body = json.dumps({"error": message, "status": status}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"content-security-policy", CSP_PAGES.encode()), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})


class ServeState:
    def __init__(self, db: str, token: str | None, extractor=None):
        from tradewire import open_store
        from tradewire.serve.cache import RecordCache
        from tradewire.serve.writes import Writer

        self.db = db
        self.store = open_store(db, create=False)
        self.token = token or None
        self.writer = Writer(self.store, extractor)
        self.cache = RecordCache()

    def refresh(self) -> None:
        from tradewire.record import ensure_current
        from tradewire.resolve.kb import load_kb
        from tradewire.serve.search import ensure_index

        ensure_current(self.store)
        ensure_index(self.store.engine)
        load_kb()   # actor pages show KB roles: parse the YAML (about a second) before the first visitor

    def role_counts(self, conn) -> dict:
        from tradewire.serve.queries import all_role_counts

        return self.cache.get(conn, ("role_counts",), lambda: all_role_counts(conn))

    def tension(self, conn, a: str, b: str, since=None, until=None) -> dict:
        from tradewire.record.tension import tension

        return self.cache.get(conn, ("tension", a, b, since, until), lambda: tension(conn, a, b, since, until))

    def threads(self, conn, a: str, b: str) -> list[dict]:
        from tradewire.record.threads import threads

        return self.cache.get(conn, ("threads", a, b), lambda: threads(conn, a, b))

    def pair_rows(self, conn, a: str, b: str, since=None, until=None) -> list[dict]:
        """The pair's canonical events in timeline order, without sources (shared: do not modify)."""
        from tradewire.record.query import canonical_events

        return self.cache.get(conn, ("pair_rows", a, b, since, until),
                              lambda: canonical_events(conn, pair=(a, b), since=since, until=until, with_sources=False))

    def token_ok(self, given: str | None) -> bool:
        if not self.token or not given:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))


def wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith(("/api/", "/feeds/", "/openapi")) or "text/html" not in request.headers.get("accept", "")


def create_app(db: str, token: str | None = None, max_body: int = DEFAULT_MAX_BODY, extractor=None):
    """The app over store `db` (a path or SQLAlchemy URL). `token` defaults to $TRADEWIRE_TOKEN;
    without one the server is read-only."""
    from tradewire.serve import api, pages

    state = ServeState(db, token if token is not None else os.environ.get("TRADEWIRE_TOKEN"), extractor)
    state.refresh()

    @asynccontextmanager
    async def lifespan(app):
        if state.token:
            state.writer.warm()
        yield
        state.store.engine.dispose()

    app = FastAPIOffline(title="tradewire", version=__version__, lifespan=lifespan, redoc_url=None,
                         static_url="/static-docs",
                         description="Trade-policy events extracted from news: articles, events, canonical events "
                                     "with their sources, actors, country pairs, timelines, tension, story threads, "
                                     "agreements and search. Writing needs `Authorization: Bearer $TRADEWIRE_TOKEN`.")
    app.state.tw = state
    # autoescape on for every template: all store text is hostile until escaped
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    app.state.templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(Guard, max_body=max_body)
    app.include_router(api.router)
    app.include_router(pages.router)

    def error(request: Request, status: int, message: str, headers: dict | None = None):
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
        html = request.app.state.templates.get_template("error.html").render(
            {"request": request, "status": status, "message": message, "title": f"Error {status}"})
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        bits = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
            bits.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return error(request, 422, "; ".join(bits) or "invalid request")

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        return error(request, 422, str(exc))

    @app.exception_handler(TradewireError)
    async def user_error(request: Request, exc: TradewireError):
        return error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("error serving %s", request.url.path)   # the trace goes to the log, never to the client
        return error(request, 500, "internal error (see the server log)")

    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, max_body: int = DEFAULT_MAX_BODY) -> None:
    import uvicorn

    app = create_app(db, max_body=max_body)
    mode = "read-write (token set)" if app.state.tw.token else "read-only (set TRADEWIRE_TOKEN to allow writes)"
    print(f"tradewire serving {db} on http://{host}:{port}/ — {mode}; API docs at /docs", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
