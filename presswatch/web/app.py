"""The web face: ``create_app(project)`` builds the FastAPI application (HTML pages and ``/api/``)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from presswatch.browse import NotFound
from presswatch.digest.errors import DigestLocked, DigestNotFound, StaleEdit
from presswatch.digest.publish.smtp import DeliveryError
from presswatch.project import Project
from presswatch.search import QueryError
from presswatch.web import api_routes, digest_pages, pages, workspace_api
from presswatch.web.middleware import SecurityMiddleware
from presswatch.web.readers import Readers
from presswatch.web.rendering import make_templates, render
from presswatch.web.security import Guard, check_hash

HERE = Path(__file__).resolve().parent


# Library errors and the HTTP status each one answers with (most specific first: the handler takes the
# first entry the exception is an instance of).
ERROR_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (NotFound, 404), (DigestNotFound, 404), (DigestLocked, 409), (StaleEdit, 409), (DeliveryError, 502),
    (QueryError, 400), (ValueError, 400), (LookupError, 404),
)


def _message(exc: Exception) -> str:
    return str(exc.args[0]) if getattr(exc, "args", None) else str(exc)


def freeze_startup_objects() -> bool:
    """Move the objects alive when serving starts (modules, the application, its templates: about 110,000,
    none of them garbage) out of the cyclic collector's reach (``gc.freeze``), unless something else
    froze objects already; whether it did (the application unfreezes them when it stops).

    Requests allocate enough objects that some outlive a young collection and are promoted, so now and
    then a full collection runs inside a request; it walked every one of those objects: 60-65 ms of CPU on
    the bench machine (a 12 ms digest editor page answered in 75 ms, 3 of 50 requests), the p95 of every
    page kind that meets one. Frozen, a full collection walks only what the requests left."""
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def create_app(project: Project, *, auth_hash: str | None = None) -> FastAPI:
    """The application for one project. ``auth_hash`` (default ``[serve] auth_hash``) turns on login."""
    secret_hash = auth_hash if auth_hash is not None else (project.config.get("serve.auth_hash") or None)
    if secret_hash:
        check_hash(str(secret_hash))
    project.connect().close()   # apply pending migrations once, before serving
    readers = Readers(project)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        frozen = freeze_startup_objects()
        try:
            yield
        finally:
            readers.close()
            if frozen:
                gc.unfreeze()

    app = FastAPI(title="presswatch", version="1", openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="The JSON API of presswatch: everything the web UI does.",
                  lifespan=lifespan)
    app.state.project = project
    app.state.readers = readers   # kept read-only connections for the searches (presswatch.web.readers)
    app.state.project_name = str(project.config.get("project.name", "presswatch"))
    app.state.guard = Guard(auth_hash=str(secret_hash) if secret_hash else None)
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_routes.router)
    app.include_router(workspace_api.router)
    app.include_router(pages.router)
    app.include_router(digest_pages.router)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
        return render(request, "error.html", http_status=status, status_code=status, message=message, title="error")

    async def by_status(request: Request, exc: Exception) -> Response:
        return error(request, next(code for kind, code in ERROR_STATUS if isinstance(exc, kind)), _message(exc))

    for kind, _code in ERROR_STATUS:
        app.add_exception_handler(kind, by_status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return error(request, 422, "invalid request: " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error(request, exc.status_code, message)

    app.add_middleware(SecurityMiddleware, guard=app.state.guard)
    return app
