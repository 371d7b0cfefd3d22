"""A real HTTP server running the app in a thread, on its own committed database."""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from surveyapp import create_app
from tests.support.databases import migrate_to_head


@dataclass
class LiveServer:
    app: Flask
    url: str

    def client(self) -> HttpSession:
        return HttpSession(self.url)


@contextmanager
def live_server(database_url: str, config: dict[str, Any]) -> Iterator[LiveServer]:
    migrate_to_head(database_url)
    app = create_app({**config, "DATABASE_URL": database_url})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["surveyapp.db"].engine.dispose()


@dataclass
class HttpSession:
    """A minimal cookie-keeping HTTP client that does not follow redirects."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> tuple[int, dict[str, str], str]:
        parts = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        result = response.status, dict(response.headers), text
        connection.close()
        return result
