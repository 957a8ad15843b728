"""A small HTTP server for one phone: the page, its event stream, and the intents it sends.

Standard library only (:class:`http.server.ThreadingHTTPServer`): one thread a connection, a
daemon thread serving. Every request passes the same checks, in this order:

1. **Host** must name the address and port the server was reached at (``127.0.0.1``,
   ``localhost``, or the home-network address with ``--lan``): a page from another site that
   points its own name at this machine (DNS rebinding) gets 421.
2. **Origin**, where a browser sends one, must be this server's: another site's script can't
   read the stream or send an intent (403). A POST must carry it.
3. **Who**: the first request with the link's random token gets the page and a cookie
   (HttpOnly, SameSite=Strict) and spends the token: the link opens on one device only. After
   that only that cookie is let in; any other device gets 403. The same cookie may reload and
   reconnect: the newest event stream wins, the older one is told it was replaced.

Nothing here touches the session: state comes from the :class:`~coach.remote.link.RemoteLink`
and intents go to it.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import secrets
import socket
import threading
import time
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, urlsplit

from coach.remote.link import Intent, RemoteLink, State
from coach.system.safe_text import json_safe

log = logging.getLogger(__name__)

COOKIE = "remote"
LOOPBACK = "127.0.0.1"
ANY = "0.0.0.0"  # only with --lan, which says what it exposes
KEEPALIVE_SECONDS = 15.0
"""A comment line on a quiet stream (a paused session), so a dead connection is noticed."""
POLL_SECONDS = 0.5
"""How often a waiting stream looks whether it was replaced or the server is closing."""
RETRY_MS = 1000
"""How soon the page's EventSource reconnects after a drop."""
SOCKET_TIMEOUT = 30.0
"""A connection that sends nothing (or a phone that stops reading) is dropped after this."""
MAX_CONNECTIONS = 16
"""More at once than one phone ever needs: the rest are closed at once."""
MAX_BODY = 1024


def lan_address() -> str | None:
    """This machine's address on the home network, or ``None``.

    A UDP socket "connected" to a private address sends nothing: it only asks the kernel
    which interface would be used."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.254.254.254", 9))
        address = probe.getsockname()[0]
        if address and not address.startswith("127.") and address != ANY:
            return address
    return None


class RemoteServer(ThreadingHTTPServer):
    """Serves one session's page to one device; :meth:`close` ends it and every stream."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self,
        link: RemoteLink,
        page: dict[str, Any],
        *,
        lan: bool = False,
        port: int = 0,
    ) -> None:
        self.link = link
        self.page = page
        self.lan = lan
        self.lan_host = lan_address() if lan else None
        super().__init__((ANY if lan else LOOPBACK, port), RemoteHandler)
        self.port: int = self.server_address[1]
        names = [LOOPBACK, "localhost"]
        if self.lan_host:
            names.append(self.lan_host)
        self.hosts = frozenset(f"{name}:{self.port}" for name in names)
        self.origins = frozenset(f"http://{host}" for host in self.hosts)
        self._lock = threading.Lock()
        self._token: str | None = secrets.token_urlsafe(12)
        self._cookie: str | None = None
        self._stream = 0  # the newest event stream's number: older ones end
        self._connections = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._thread: threading.Thread | None = None
        self.closing = False

    # --- life ----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The link to open (once): with the token while it is unspent."""
        host = self.lan_host if self.lan and self.lan_host else LOOPBACK
        token = self._token
        return f"http://{host}:{self.port}/" + (f"?k={token}" if token else "")

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True, name="remote"
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving; open streams end within :data:`POLL_SECONDS`. Idempotent."""
        if self.closing:
            return
        self.closing = True
        self.link.close()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=2)
        self.server_close()

    def new_link(self) -> str:
        """A fresh one-time link; the device let in before is not let in any more."""
        with self._lock:
            self._token = secrets.token_urlsafe(12)
            self._cookie = None
            self._stream += 1
        return self.url

    @property
    def spent(self) -> bool:
        """A device has opened the link."""
        return self._token is None

    # --- who is let in -------------------------------------------------------------------------

    def admit(self, token: str | None, cookie: str | None) -> tuple[bool, str | None]:
        """Whether the request is the one device; and a new cookie to set when the token was
        spent just now."""
        with self._lock:
            if cookie and self._cookie and hmac.compare_digest(cookie, self._cookie):
                return True, None
            if token and self._token and hmac.compare_digest(token, self._token):
                self._token = None
                self._cookie = secrets.token_urlsafe(32)
                return True, self._cookie
            return False, None

    def claim_stream(self) -> int:
        with self._lock:
            self._stream += 1
            return self._stream

    def stream_current(self, number: int) -> bool:
        return self._stream == number and not self.closing

    # --- connections ---------------------------------------------------------------------------

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._connections.acquire(blocking=False):
            self.shutdown_request(request)  # too many at once: not a phone
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Never a traceback on the terminal (it would land in the TUI): to the log.
        log.warning("remote: a request from %s failed", client_address, exc_info=True)


class RemoteHandler(BaseHTTPRequestHandler):
    server: RemoteServer
    timeout = SOCKET_TIMEOUT
    server_version = "coach"
    sys_version = ""

    # --- routes ------------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        if url.path == "/":
            self._page(parse_qs(url.query).get("k", [None])[0])
        elif url.path == "/events":
            if self._origin_ok(required=False) and self._admitted():
                self._events()
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "Not here.")

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        if urlsplit(self.path).path != "/intent":
            self._refuse(HTTPStatus.NOT_FOUND, "Not here.")
            return
        if not (self._origin_ok(required=True) and self._admitted()):
            return
        if self.headers.get_content_type() != "application/json":
            self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "JSON only.")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._refuse(HTTPStatus.BAD_REQUEST, "A short JSON body only.")
            return
        try:
            intent = Intent.parse(json.loads(self.rfile.read(length)))
        except (ValueError, UnicodeDecodeError):
            intent = None
        if intent is None:
            self._refuse(HTTPStatus.BAD_REQUEST, "Not an intent.")
            return
        self.server.link.submit(intent)
        self.send_response(HTTPStatus.NO_CONTENT)
        self._common_headers()
        self.end_headers()

    def _method_not_allowed(self) -> None:
        self._refuse(HTTPStatus.METHOD_NOT_ALLOWED, "Not allowed.")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _method_not_allowed

    # --- checks ------------------------------------------------------------------------------

    def _host_ok(self) -> bool:
        if (self.headers.get("Host") or "").lower() in self.server.hosts:
            return True
        self._refuse(HTTPStatus.MISDIRECTED_REQUEST, "Wrong address.")
        return False

    def _origin_ok(self, *, required: bool) -> bool:
        origin = self.headers.get("Origin")
        if origin is None:
            # A same-origin GET (the page's event stream) carries no Origin; the browser's
            # Sec-Fetch-Site says where it came from, where it sends one.
            site = self.headers.get("Sec-Fetch-Site", "same-origin")
            if not required and site in ("same-origin", "none"):
                return True
        elif origin.lower() in self.server.origins:
            return True
        self._refuse(HTTPStatus.FORBIDDEN, "Not from this page.")
        return False

    def _cookie(self) -> str | None:
        raw = self.headers.get("Cookie")
        if not raw:
            return None
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except CookieError:
            return None
        morsel = jar.get(COOKIE)
        return morsel.value if morsel is not None else None

    def _admitted(self, token: str | None = None) -> bool:
        ok, new_cookie = self.server.admit(token, self._cookie())
        if not ok:
            self._refuse(
                HTTPStatus.FORBIDDEN,
                "This link was opened on another device, or it is not the one shown on the "
                "computer. Ask the computer for a new link.",
            )
            return False
        self._new_cookie = new_cookie
        return True

    # --- answers -----------------------------------------------------------------------------

    def _common_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        body = f"{why}\n".encode()
        self.send_response(status)
        self._common_headers()
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _page(self, token: str | None) -> None:
        if not self._admitted(token):
            return
        nonce = secrets.token_urlsafe(12)
        body = render_page(self.server.page, nonce).encode()
        self.send_response(HTTPStatus.OK)
        self._common_headers()
        if self._new_cookie:
            self.send_header(
                "Set-Cookie",
                f"{COOKIE}={self._new_cookie}; Path=/; HttpOnly; SameSite=Strict",
            )
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'",
        )
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        server = self.server
        number = server.claim_stream()
        self.send_response(HTTPStatus.OK)
        self._common_headers()
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        link = server.link
        try:
            self.wfile.write(f"retry: {RETRY_MS}\n\n".encode())
            version, state = link.snapshot()
            if state is not None:  # a reconnect gets the current state at once
                self._send("state", state)
            quiet_since = time.monotonic()
            while server.stream_current(number):
                newer, state = link.wait(version, POLL_SECONDS)
                if newer != version and state is not None:
                    version = newer
                    self._send("state", state)
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since >= KEEPALIVE_SECONDS:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    quiet_since = time.monotonic()
            if not server.closing:
                self._send("replaced", {})  # the same device opened the page again
            else:
                self._send("closed", {})
        except (OSError, ValueError):  # the phone went away (asleep, reloaded, out of range)
            log.debug("remote: an event stream ended", exc_info=True)

    def _send(self, event: str, data: State) -> None:
        payload = json_safe(json.dumps(data, ensure_ascii=True, separators=(",", ":")))
        self.wfile.write(f"event: {event}\ndata: {payload}\n\n".encode())
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        # Never to stderr (the terminal belongs to the session); never the token (the query).
        log.debug("remote: %s %s", self.command, urlsplit(self.path).path)


def render_page(page: dict[str, Any], nonce: str) -> str:
    """The one HTML document: the template with its nonce, title and data filled in.

    The data goes in a JSON block with ``<``, ``>`` and ``&`` escaped, so no content text can
    end the block or start markup; the script reads it and sets every text with textContent."""
    template = files("coach.remote").joinpath("page.html").read_text(encoding="utf-8")
    data = json.dumps(page, ensure_ascii=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    title = str(page.get("page_title", "Timer"))
    title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        template.replace("{{NONCE}}", nonce).replace("{{TITLE}}", title).replace("{{DATA}}", data)
    )
