"""A misbehaving web server on 127.0.0.1: every network fault and crawler trap a government site
can serve, one path each, for the fault tests and `benchmarks/soak.py`.

It speaks raw HTTP/1.1 over sockets (not http.server) so it can misbehave exactly: trickle a
body a byte at a time, reset the connection mid-body, promise a Content-Length it never sends,
answer garbage. `serve_faults(tls=...)` wraps the same handler in TLS: a trustme certificate
(self-signed CA the client does not know), or a server that only speaks TLS 1.0 with legacy
ciphers. Paths (query strings are part of the trap paths):

/ok, /ok/<anything>       200 small HTML page         /trickle     1 byte per 0.2 s, forever
/redirect?to=URL          302 to URL
/stall                    reads the request, never answers    /reset  RST after 1 KB of 100 KB
/truncated                Content-Length 10000, sends 100 bytes, closes
/garbage                  non-HTTP bytes, then closes  /loop/a ⇄ /loop/b  redirect loop
/chain/<n>                302 to /chain/<n-1> … /chain/0 = 200
/429                      429 Retry-After: 1           /503     503 every time
/login                    200 with a short login form  /error-page  200 "404 Not Found" page
/big                      200 with 3 MB of bytes
/calendar?m=YYYY-MM       a month with links to the previous and next month (infinite)
/session?PHPSESSID=…      a page linking to itself with a new session id (and ;jsessionid=)
/perm?a=1&b=2&c=3         a page linking to every order of its query parameters
/deep/…                   a page linking one directory deeper, forever
/docs                     a page linking to /doc/0.pdf … /doc/199.pdf (100 KB each)
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import socketserver
import ssl
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

TRICKLE_INTERVAL_S = 0.2
MAX_HANG_S = 120.0  # the server gives up on a hanging connection after this


def page(title: str, body: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><div class='content'>{body}</div></body></html>"
    ).encode()


LOGIN_PAGE = page(
    "เข้าสู่ระบบ",
    "<form method='post'><input name='user'><input type='password' name='pass'>"
    "<button>เข้าสู่ระบบ</button></form>",
)
ERROR_PAGE = page("404 Not Found", "<h1>ไม่พบหน้าที่ต้องการ / 404 Not Found</h1>")


@dataclass
class Hits:
    """Requests answered, by path (with query), thread safe."""

    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    heads: list[bytes] = field(default_factory=list)  # raw request heads, first 1000
    times: dict[str, list[float]] = field(default_factory=dict)  # path → monotonic arrivals

    def add(self, path: str, head: bytes = b"") -> None:
        with self.lock:
            self.counts[path] += 1
            if len(self.heads) < 1000:
                self.heads.append(head)
            self.times.setdefault(path, []).append(time.monotonic())

    def matching(self, prefix: str) -> int:
        with self.lock:
            return sum(n for p, n in self.counts.items() if p.startswith(prefix))


class FaultHandler(socketserver.BaseRequestHandler):
    server: FaultServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(MAX_HANG_S)
        try:
            if self.server.tls_context is not None:
                sock = self.server.tls_context.wrap_socket(sock, server_side=True)
                self.request = sock
            head = self._read_head(sock)
        except (OSError, ssl.SSLError):
            return
        if head is None:
            return
        target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
        self.server.hits.add(target, head)
        with contextlib.suppress(OSError):  # the client hung up: expected for the slow faults
            self._answer(sock, target)

    @staticmethod
    def _read_head(sock: socket.socket) -> bytes | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return None
            data += chunk
            if data.startswith(b"\x16\x03"):  # a TLS ClientHello on plain HTTP: as nginx does
                sock.sendall(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
                return None
            if len(data) > 65536:
                return None
        return data

    # -- answers -------------------------------------------------------------------------
    def _send(
        self,
        sock: socket.socket,
        status: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        ctype: str = "text/html; charset=utf-8",
    ) -> None:
        lines = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        lines.append("Connection: close")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def _redirect(self, sock: socket.socket, location: str) -> None:
        self._send(sock, "302 Found", b"", {"Location": location})

    def _answer(self, sock: socket.socket, target: str) -> None:
        parts = urlsplit(target)
        path, query = parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))
        if path == "/redirect":
            self._redirect(sock, query["to"])
        elif path == "/ok" or path.startswith("/ok/"):
            self._send(sock, "200 OK", page("ok", f"<p>ok {path}</p>"))
        elif path == "/trickle":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n"
            )
            deadline = time.monotonic() + MAX_HANG_S
            while time.monotonic() < deadline:
                sock.sendall(b"x")
                time.sleep(TRICKLE_INTERVAL_S)
        elif path == "/stall":
            sock.settimeout(MAX_HANG_S)
            while sock.recv(1024):  # until the client gives up and closes
                pass
        elif path == "/reset":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 100000"
                b"\r\n\r\n%PDF-1.4\n" + b"0" * 1000
            )
            time.sleep(0.1)
            raw = sock.unwrap() if isinstance(sock, ssl.SSLSocket) else sock
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            raw.close()  # linger 0: the kernel sends RST
        elif path == "/truncated":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\n"
                b"Connection: close\r\n\r\n" + b"<html><body>" + b"a" * 88
            )
        elif path == "/garbage":
            sock.sendall(b"\x00\x01\x02 this is not HTTP \xff\xfe\r\n\r\n")
        elif path in ("/loop/a", "/loop/b"):
            self._redirect(sock, "/loop/b" if path == "/loop/a" else "/loop/a")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1] or 0)
            if n > 0:
                self._redirect(sock, f"/chain/{n - 1}")
            else:
                self._send(sock, "200 OK", page("end of chain", "<p>end</p>"))
        elif path == "/429":
            self._send(sock, "429 Too Many Requests", b"slow down", {"Retry-After": "1"})
        elif path == "/503":
            self._send(sock, "503 Service Unavailable", b"down")
        elif path == "/login":
            self._send(sock, "200 OK", LOGIN_PAGE)
        elif path == "/error-page":
            self._send(sock, "200 OK", ERROR_PAGE)
        elif path == "/big":
            self._send(sock, "200 OK", b"%PDF-1.4\n" + b"0" * 3_000_000, ctype="application/pdf")
        elif path == "/calendar":
            self._send(sock, "200 OK", self._calendar(query.get("m", "2566-01")))
        elif path.startswith("/session"):
            token = f"{time.monotonic_ns():x}"
            links = (
                f"<a href='/session?PHPSESSID={token}&amp;page=1'>again</a>"
                f"<a href='/session;jsessionid={token}?page=1'>again (java)</a>"
                f"<a href='/session?page=1&amp;sid={token}'>again (sid)</a>"
            )
            self._send(sock, "200 OK", page("session", links))
        elif path == "/perm":
            keys = sorted(query) or ["a", "b", "c"]
            links = "".join(
                "<a href='/perm?{}'>p</a>".format(
                    "&amp;".join(f"{k}={query.get(k, '1')}" for k in p)
                )
                for p in itertools.permutations(keys)
            )
            self._send(sock, "200 OK", page("permutations", links))
        elif path.startswith("/deep"):
            self._send(sock, "200 OK", page("deep", f"<a href='{path.rstrip('/')}/a/'>deeper</a>"))
        elif path == "/docs":
            links = "".join(f"<a href='/doc/{i}.pdf'>doc {i}</a>" for i in range(200))
            self._send(sock, "200 OK", page("documents", links))
        elif path.startswith("/doc/"):
            self._send(sock, "200 OK", b"%PDF-1.4\n" + b"0" * 100_000, ctype="application/pdf")
        else:
            self._send(sock, "404 Not Found", page("404", "not found"))

    @staticmethod
    def _calendar(month: str) -> bytes:
        year, mon = (int(x) for x in month.split("-"))
        prev = f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"
        nxt = f"{year + 1}-01" if mon == 12 else f"{year}-{mon + 1:02d}"
        return page(
            f"ปฏิทินกิจกรรม {month}",
            f"<a href='/calendar?m={prev}'>เดือนก่อน</a><a href='/calendar?m={nxt}'>เดือนถัดไป</a>",
        )


class FaultServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, tls_context: ssl.SSLContext | None = None, host: str = "127.0.0.1"):
        super().__init__((host, 0), FaultHandler)
        self.host = host
        self.tls_context = tls_context
        self.hits = Hits()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # faults are the point; the tests read the crawler's store

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str, scheme: str | None = None) -> str:
        scheme = scheme or ("https" if self.tls_context else "http")
        return f"{scheme}://{self.address}{path}"


def tls_context(kind: str) -> ssl.SSLContext:
    """A server TLS context: "self_signed" (trustme CA unknown to the client) or "legacy" (TLS
    1.0 only, legacy ciphers, security level 0 — what many old government hosts still run)."""
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if kind == "legacy":
        ctx.set_ciphers("ALL:@SECLEVEL=0")
        with warnings.catch_warnings():  # deprecated: that is the point of this server
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1
    cert.configure_cert(ctx)
    return ctx


@contextmanager
def serve_faults(tls: str | None = None, host: str = "127.0.0.1") -> Iterator[FaultServer]:
    """Run a FaultServer on `host` (a loopback address; ephemeral port) in a thread; `tls`:
    None, "self_signed" or "legacy"."""
    server = FaultServer(tls_context(tls) if tls else None, host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
