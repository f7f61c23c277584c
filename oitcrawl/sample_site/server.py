"""Serve the bundled sample district site (or any site folder in the same layout) on loopback.

Layout: `site/<host>/<decoded path>`; the Host header picks the virtual host, so the crawler can
connect to 127.0.0.1 while asking for `webportal.bangkok.go.th` (see `--rewrite-host`). Portal
pages `/<district>/page/<kind>/<id>/<slug>` are served from `<district>/page/<kind>/<id>.html`,
ignoring the slug as the real BMA portal does. `site/_routes.yaml` adds redirects, header
overrides and status overrides (a login page answering 401). Files answered 200 carry an ETag
and a Last-Modified (from the file's size and mtime, as nginx does) and a conditional request
for an unchanged file gets 304 (`validators=False` serves a site without them). The server counts
the body bytes it sends (`bytes_sent`) and the requests it answers (`requests_answered`). Only
for demos and tests: it binds to a loopback address and serves files below the site folder,
nothing else.
"""

from __future__ import annotations

import email.utils
import mimetypes
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

DEFAULT_HOST = "webportal.bangkok.go.th"
PORTAL_PAGE = re.compile(r"^(/[^/]+/page/(?:sub|main|top)/\d+)(?:/.*)?$")

# A test hook: (handler) -> True when it answered the request itself.
Route = Callable[[BaseHTTPRequestHandler], bool]


def sample_site_root() -> Path:
    """The folder of the bundled sample site (inside the installed package)."""
    return Path(str(resources.files("oitcrawl.sample_site") / "site"))


@dataclass
class SiteRoutes:
    """The special behaviours of `_routes.yaml`, keyed by (host, decoded path)."""

    redirects: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    headers: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    status: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> SiteRoutes:
        path = root / "_routes.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        routes = cls()
        for r in data.get("redirects") or []:
            routes.redirects[(r["host"], r["path"])] = (int(r.get("status", 301)), r["location"])
        for r in data.get("headers") or []:
            extra = {k.replace("_", "-").title(): str(v) for k, v in r.items()}
            extra.pop("Host"), extra.pop("Path")
            routes.headers[(r["host"], r["path"])] = extra
        for r in data.get("status") or []:
            routes.status[(r["host"], r["path"])] = (int(r["status"]), r.get("file", ""))
        return routes

    def lookup(self, table: dict, host: str, path: str) -> object | None:
        if (host, path) in table:
            return table[(host, path)]
        m = PORTAL_PAGE.match(path)
        return table.get((host, m.group(1))) if m else None


class SiteHandler(BaseHTTPRequestHandler):
    """Answers GET/HEAD from the site folder; see the module docstring for the layout."""

    server_version = "oitcrawl-sample-site/1"
    root: Path
    routes: SiteRoutes
    extra_routes: dict[str, Route]
    validators: bool = True

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read the store
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _host(self) -> str:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        return host if (self.root / host).is_dir() else DEFAULT_HOST

    def _answer(self, body: bool) -> None:
        raw_path = urlsplit(self.path).path
        if (hook := self.extra_routes.get(raw_path)) and hook(self):
            return
        host, path = self._host(), unquote(raw_path, encoding="utf-8", errors="replace")
        if redirect := self.routes.lookup(self.routes.redirects, host, path):
            status, location = redirect
            self._send(status, b"", {"Location": location}, body)
            return
        headers = dict(self.routes.lookup(self.routes.headers, host, path) or {})
        status = 200
        if override := self.routes.lookup(self.routes.status, host, path):
            status, file_name = override
            file = self.root / file_name
        else:
            query = unquote(urlsplit(self.path).query, encoding="utf-8", errors="replace")
            file = self._resolve(host, path, query)
        if file is None:
            status, file = 404, self.root / host / "404.html"
            if not file.is_file():
                self._send(404, b"Not Found", {"Content-Type": "text/plain"}, body)
                return
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            ctype = "text/html; charset=utf-8"
        headers.setdefault("Content-Type", ctype)
        if status == 200 and self.validators and self._not_modified(file, headers):
            self._send(304, b"", headers, body=False)
            return
        self._send(status, file.read_bytes(), headers, body)

    def _not_modified(self, file: Path, headers: dict[str, str]) -> bool:
        """Add ETag/Last-Modified for `file`; True when the request's validators match."""
        stat = file.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        headers["ETag"] = etag
        headers["Last-Modified"] = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if (match := self.headers.get("If-None-Match")) is not None:
            return match.strip() == "*" or etag in [t.strip() for t in match.split(",")]
        if since := self.headers.get("If-Modified-Since"):
            try:
                return int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _resolve(self, host: str, path: str, query: str = "") -> Path | None:
        base = (self.root / host).resolve()
        # CMS pages addressed by their query (Joomla "index.php?option=com_content&id=12")
        # live in files named with it, parameters sorted: "index.php?id=12&option=com_content.html"
        query = "&".join(sorted(q for q in query.split("&") if q))
        first = [f"{path}?{query}.html", f"{path}?{query}"] if query else []
        if m := PORTAL_PAGE.match(path):
            candidates = [*first, m.group(1) + ".html"]
        else:
            candidates = [*first, path, path + ".html", path.rstrip("/") + "/index.html"]
        for candidate in candidates:
            file = (base / candidate.lstrip("/")).resolve()
            if file.is_file() and file.is_relative_to(base):
                return file
        return None

    def _send(self, status: int, data: bytes, headers: dict[str, str], body: bool) -> None:
        with self.server.count_lock:  # type: ignore[attr-defined]
            self.server.requests_answered += 1  # type: ignore[attr-defined]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)
            with self.server.count_lock:  # type: ignore[attr-defined]
                self.server.bytes_sent += len(data)  # type: ignore[attr-defined]


class QuietServer(ThreadingHTTPServer):
    """A threading server that does not print a traceback when a client hangs up (the crawler
    gives up on slow answers by design)."""

    daemon_threads = True
    bytes_sent = 0  # response body bytes written (all threads)
    requests_answered = 0  # requests answered by the site (redirects, 304s and errors too)
    count_lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class RunningSite:
    """A sample site being served; `base_url` is http://127.0.0.1:PORT."""

    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def address(self) -> str:
        return f"{self.server.server_address[0]}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.address}"

    def rewrite_rules(self, hosts: list[str] | None = None) -> list[str]:
        """`--rewrite-host` values sending every virtual host of the site to this server."""
        root: Path = self.server.RequestHandlerClass.root  # type: ignore[attr-defined]
        hosts = hosts or sorted(p.name for p in root.iterdir() if p.is_dir())
        return [f"{h}={self.address}" for h in hosts]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_site(
    root: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    extra_routes: dict[str, Route] | None = None,
    validators: bool = True,
) -> RunningSite:
    """Serve `root` (default: the bundled sample site) on a loopback address; port 0 = any free.

    `extra_routes` maps a raw request path to a hook answering it (tests add slow or flaky
    endpoints). `validators=False`: no ETag/Last-Modified, never 304 (a server without them).
    Raises ValueError for a non-loopback address and OSError if the port is taken.
    """
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise ValueError(f"the sample site only binds to loopback addresses, not {host!r}")
    root = (root or sample_site_root()).resolve()
    handler = type(
        "BoundSiteHandler",
        (SiteHandler,),
        {
            "root": root,
            "routes": SiteRoutes.load(root),
            "extra_routes": extra_routes or {},
            "validators": validators,
        },
    )
    server = QuietServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, name="sample-site", daemon=True)
    thread.start()
    return RunningSite(server, thread)


@contextmanager
def serve(root: Path | None = None, **kwargs: object) -> Iterator[RunningSite]:
    """Context manager around `start_site` that always stops the server."""
    site = start_site(root, **kwargs)  # type: ignore[arg-type]
    try:
        yield site
    finally:
        site.stop()
