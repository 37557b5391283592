"""`tradewire serve`: the REST API (/api/v1, OpenAPI at /docs), the dashboard and Atom feeds over one store."""

from tradewire.serve.app import create_app, serve

__all__ = ["create_app", "serve"]
