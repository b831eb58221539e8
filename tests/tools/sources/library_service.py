"""A stateful HTTP service with an OpenAPI 3 document, for the tests: a library's books, shelves and loans.

``serve()`` starts it on a free local port in a thread (stdlib ``http.server``) and returns its base URL.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

SPEC = Path(__file__).with_name("library_openapi.yaml")
_BOOKS = {"dune": ("science fiction", 412), "emma": ("classics", 474), "ubik": ("science fiction", 202),
          "beloved": ("classics", 324), "solaris": ("science fiction", 204)}
_SHELVES = {"science fiction": ("first floor", "blue"), "classics": ("second floor", "red")}


class Library:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.loans: dict[str, str] = {"emma": "ana"}

    def handle(self, method: str, path: str, query: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p]
        if method == "POST" and parts == ["reset"]:
            self.reset()
            return 200, {"ok": True}
        if method == "GET" and parts == ["books"]:
            return 200, sorted(_BOOKS)
        if method == "GET" and len(parts) == 2 and parts[0] == "books":
            if parts[1] not in _BOOKS:
                return 404, {"error": f"no book {parts[1]!r}"}
            shelf, pages = _BOOKS[parts[1]]
            return 200, {"shelf": shelf, "pages": pages, "on_loan": parts[1] in self.loans}
        if method == "GET" and parts == ["shelves"]:
            name = query.get("shelf", "")
            if name not in _SHELVES:
                return 404, {"error": f"no shelf {name!r}"}
            floor, color = _SHELVES[name]
            available = sum(1 for b, (s, _) in _BOOKS.items() if s == name and b not in self.loans)
            return 200, {"floor": floor, "color": color, "available_count": available}
        if method == "POST" and parts == ["loans"]:
            book = body.get("book", "")
            if book not in _BOOKS or book in self.loans:
                return 409, {"error": f"{book!r} cannot be lent"}
            self.loans[book] = body.get("reader", "")
            return 201, {"ok": True}
        if method == "DELETE" and len(parts) == 2 and parts[0] == "loans":
            self.loans.pop(parts[1], None)
            return 200, {"ok": True}
        return 404, {"error": "no such route"}


def serve() -> tuple[str, ThreadingHTTPServer]:
    library = Library()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}") if length else {}
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            code, out = library.handle(self.command, url.path, query, body)
            data = json.dumps(out).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server
