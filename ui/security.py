"""HTTP hardening for `kb serve`: a Host allow-list, security headers on every response, routes that stay shut."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import parse_qs

from kb.settings import Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# No component takes a file, so nothing may be uploaded (Gradio's route took 30 MB from any Origin and
# served it back); monitoring, the MCP server, dev reload and the run history are not this app's.
CLOSED = ("/gradio_api/upload", "/gradio_api/upload_progress", "/gradio_api/mcp", "/gradio_api/dev",
          "/gradio_api/runs", "/gradio_api/run-history", "/monitoring", "/gradio_api/monitoring")
# The booth serves the chat alone: no API description and no API but the health check.
KIOSK_CLOSED = ("/gradio_api/info", "/gradio_api/openapi.json", "/gradio_api/call", "/gradio_api/run",
                "/gradio_api/api", "/api", "/docs", "/openapi.json", "/redoc")
KIOSK_OPEN = ("/api/health",)
DRAIN = 4 << 20  # bytes
# 'unsafe-inline' and 'unsafe-eval': Gradio's page carries its config in an inline script and runs the
# page script (the booth's idle reset) through Function(); a browser test checks the page still works.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; "
       "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", CSP.encode()),
]

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """Loopback names, the address `kb serve` listens on (unless it is a wildcard), and KB_ALLOWED_HOSTS."""
    extra = [h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()]
    own = [] if settings.host in {"0.0.0.0", "::", ""} else [settings.host.lower()]
    return frozenset([*LOOPBACK, *own, *extra])


def host_of(header: str) -> str:
    """The host name of a Host header, without its port: "[::1]:7860" -> "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    for pattern in allowed:
        if pattern == "*" or host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
            return True
    return False


def _under(path: str, prefixes: Iterable[str]) -> bool:
    return any(path == p or path.startswith(p + "/") or path.startswith(p + "=") for p in prefixes)


class Guard:
    """ASGI middleware in front of everything `kb serve` answers, the Gradio app and the REST API alike."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str], kiosk: bool = False) -> None:
        self.app, self.allowed, self.kiosk = app, allowed, kiosk

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = dict(scope.get("headers") or [])
        host = host_of(headers.get(b"host", b"").decode("latin-1"))
        if not host_allowed(host, self.allowed):
            return 400, "this server does not answer to that host name (see KB_ALLOWED_HOSTS)"
        path = scope.get("path", "")
        if _under(path, CLOSED):
            return 404, "not found"
        if self.kiosk:
            if _under(path, KIOSK_CLOSED) and not _under(path, KIOSK_OPEN):
                return 404, "not found"
            if path == "/" and "api" in parse_qs(scope.get("query_string", b"").decode("latin-1")).get("view", []):
                return 404, "not found"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        refused = self.refusal(scope)
        if refused and scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if refused:
            # Read (and drop) up to DRAIN bytes of a refused body, so the client hears the refusal rather than
            # a connection reset mid-upload; past that the connection closes.
            drained, more = 0, scope["type"] == "http"
            while more and drained < DRAIN:
                message = await receive()
                drained += len(message.get("body", b""))
                more = message.get("more_body", False)
            status, message = refused
            body = json.dumps({"error": message}).encode()
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()), *HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)
