"""What every response carries and every request must pass.

- Headers: a strict Content-Security-Policy (nothing inline, nothing from elsewhere), no
  framing, no referrer, no sniffing, no caching of pages (her words stay off the disk).
- Host check in local mode: only loopback names, so a web page elsewhere cannot reach the
  app through DNS rebinding.
- Cross-site writes refused: a POST from another website never reaches a route.
- Request bodies capped (per path prefix), answered with a 413 she can read.
- A last-resort 500 that still carries the headers and says nothing about the internals.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drawcloser import messages
from drawcloser.web.errors import MAX_BODY_BYTES, WebError, error_response

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), browsing-topics=()"
    ),
}
HSTS = "max-age=31536000"
NO_STORE = "no-store"


def hostname(host_header: str) -> str:
    """The name in a Host header, without the port; IPv6 without its brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") > 1:  # a bare IPv6 address (not valid in Host, but be exact)
        return host
    return host.split(":", 1)[0]


def is_local(name: str) -> bool:
    if name in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _cross_site(headers: Headers) -> bool:
    site = headers.get("sec-fetch-site")
    if site is not None:
        # "none" is her own typing in the address bar; same-site still means another app.
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False  # not a browser (curl, a script): nothing for CSRF to ride on
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


class SecurityMiddleware:
    """Pure ASGI middleware (streaming-safe) that applies the rules above."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        local_only: bool = True,
        hsts: bool = False,
        extra_hosts: Iterable[str] = (),
        max_body: int = MAX_BODY_BYTES,
        body_limits: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.local_only = local_only
        self.hsts = hsts
        self.extra_hosts = frozenset(h.lower() for h in extra_hosts)
        self.max_body = max_body
        # Longest prefix first, so "/import/chat" can allow more than "/import".
        self.body_limits = sorted((body_limits or {}).items(), key=lambda kv: -len(kv[0]))

    def body_limit(self, path: str) -> int:
        for prefix, limit in self.body_limits:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return limit
        return self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                out = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    out[name] = value
                if self.hsts:
                    out["Strict-Transport-Security"] = HSTS
                if "cache-control" not in out:
                    out["Cache-Control"] = NO_STORE
            await send(message)

        if self.local_only:
            name = hostname(headers.get("host", ""))
            if not (is_local(name) or name in self.extra_hosts):
                await self._reply(scope, receive, send_with_headers, 400, messages.WEB_BAD_HOST)
                return
        if scope["method"] not in SAFE_METHODS and _cross_site(headers):
            await self._reply(scope, receive, send_with_headers, 403, messages.WEB_CROSS_SITE)
            return
        limit = self.body_limit(scope["path"])
        too_large = WebError(413, messages.WEB_BODY_TOO_LARGE.format(limit=limit))
        declared = headers.get("content-length", "0")
        if not declared.isdigit():
            await self._reply(scope, receive, send_with_headers, 400, messages.WEB_BAD_REQUEST)
            return
        if int(declared) > limit:
            await self._reply(scope, receive, send_with_headers, 413, str(too_large.detail))
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # a body without a (truthful) length
                    raise too_large
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except WebError as exc:
            if started:
                raise
            await self._reply(scope, receive, send_with_headers, exc.status_code, str(exc.detail))
        except Exception:
            if not started:
                await self._reply(scope, receive, send_with_headers, 500, messages.WEB_SERVER_ERROR)
            raise  # for the server's log; the response has been sent

    async def _reply(
        self, scope: Scope, receive: Receive, send: Send, status: int, message: str
    ) -> None:
        request = Request(scope, receive)
        response: Response
        try:
            response = error_response(request, status, message)
        except Exception:  # the page itself failed to render: plain words still go out
            response = PlainTextResponse(message, status_code=status)
        await response(scope, receive, send)
