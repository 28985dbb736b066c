"""Running the web app with uvicorn: local by default, a server only when asked.

In local mode only loopback addresses are accepted, so the journal is never reachable from
another machine by accident; ``server_mode`` is for a server behind a TLS proxy.
"""

from __future__ import annotations

import errno
import socket
import sys

from drawcloser import messages
from drawcloser.errors import BadInput, NotReady
from drawcloser.web.security import LOCAL_HOSTS

APP = "drawcloser.web.app:create_app"
SERVER_APP = "drawcloser.web.app:create_server_app"


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_options(host: str, port: int, *, server_mode: bool, workers: int, reload: bool) -> None:
    """Refuse what would not work or would expose her data, with a clear message."""
    if not server_mode and host not in LOCAL_HOSTS:
        raise BadInput(
            messages.WEB_HOST_NOT_LOCAL.format(host=host, allowed=", ".join(sorted(LOCAL_HOSTS)))
        )
    if not 1 <= port <= 65535:
        raise BadInput(messages.WEB_BAD_PORT.format(port=port))
    if workers < 1:
        raise BadInput(messages.WEB_BAD_WORKERS.format(workers=workers))
    if reload and workers > 1:
        raise BadInput(messages.WEB_RELOAD_WITH_WORKERS)


def check_port_free(host: str, port: int) -> None:
    # uvicorn would log a traceback-like error and exit 1; say it plainly instead.
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BadInput(
            messages.WEB_CANNOT_LISTEN.format(host=host, port=port, reason=exc.strerror)
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BadInput(messages.WEB_PORT_IN_USE.format(host=host, port=port)) from None
            raise BadInput(
                messages.WEB_CANNOT_LISTEN.format(host=host, port=port, reason=exc.strerror)
            ) from None


def serve(
    host: str, port: int, *, server_mode: bool, workers: int = 1, reload: bool = False
) -> None:
    """Run the app until Ctrl+C. Raises BadInput or NotReady (the CLI maps them to exit 2)."""
    import uvicorn

    from drawcloser.coach import model

    check_options(host, port, server_mode=server_mode, workers=workers, reload=reload)
    if not model.model_path().exists():
        raise NotReady(messages.MODEL_MISSING)
    check_port_free(host, port)
    say = messages.WEB_RUNNING_SERVER if server_mode else messages.WEB_RUNNING
    print(say.format(url=url(host, port)), file=sys.stderr, flush=True)
    log_level = "info" if server_mode else "warning"
    if workers > 1 or reload:
        # Several processes (or a reloader) need the app as an import string.
        uvicorn.run(
            SERVER_APP if server_mode else APP,
            factory=True,
            host=host,
            port=port,
            workers=None if reload else workers,
            reload=reload,
            server_header=False,
            proxy_headers=server_mode,
            log_level=log_level,
        )
        return
    from drawcloser.web.app import create_app

    uvicorn.run(
        create_app(server_mode=server_mode),
        host=host,
        port=port,
        server_header=False,
        proxy_headers=server_mode,
        log_level=log_level,
    )
