"""The web face of presswatch: server-rendered pages and the JSON API (``presswatch serve``)."""

from presswatch.web.app import create_app

__all__ = ["create_app"]
