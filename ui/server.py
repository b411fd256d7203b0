"""One process, one port: the Gradio page mounted into a FastAPI app with the REST API, behind ui/security.py."""

from __future__ import annotations

import errno
import logging
import socket

import gradio as gr
import uvicorn
from fastapi import FastAPI

from kb.settings import Settings, SettingsError
from ui.api import add_docs, router
from ui.logs import ChatLog
from ui.security import Guard, allowed_hosts

log = logging.getLogger(__name__)


def check_listen(host: str, port: int) -> None:
    """Bind once before starting, so a wrong KB_HOST or a taken KB_PORT is one clear line, not a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise SettingsError(f"KB_HOST={host!r} is not an address of this machine ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SettingsError(f"KB_PORT={port}: the port is in use on {host} (another kb serve?)") from exc
            raise SettingsError(f"KB_HOST={host!r}: cannot listen there ({exc.strerror})") from exc


def make_app(blocks: gr.Blocks, bot, chat_log: ChatLog | None, settings: Settings, kiosk: bool = False,
             routes: list | None = None, **gradio: object) -> FastAPI:
    """The ASGI app `kb serve` runs: /api/* and `routes` (the staff page) first, then the Gradio page at /,
    all behind the Guard."""
    app = FastAPI(title="Bridgehead API", version="1", docs_url=None, redoc_url=None, routes=list(routes or []),
                  openapi_url=None if kiosk else "/api/openapi.json",
                  description="Answers about the Xilingol northern-bridgehead report, each fact cited to its passage. "
                              "`POST /api/ask` returns the object `kb ask --json` prints.")
    app.include_router(router(bot, chat_log, kiosk=kiosk))
    if not kiosk:
        add_docs(app)
    app.add_middleware(Guard, allowed=allowed_hosts(settings), kiosk=kiosk)
    # Uploads and monitoring are also shut at the Guard; these say so to Gradio itself.
    return gr.mount_gradio_app(app, blocks, path="/", server_name=settings.host, server_port=settings.port,
                               max_file_size=0, enable_monitoring=False, mcp_server=False, pwa=False,
                               ssr_mode=False, run_history=False, **gradio)  # type: ignore[arg-type]


def serve(blocks: gr.Blocks, bot, chat_log: ChatLog | None, settings: Settings, kiosk: bool = False,
          routes: list | None = None, **gradio: object) -> None:
    """Serve until interrupted on settings.host:settings.port."""
    check_listen(settings.host, settings.port)
    app = make_app(blocks, bot, chat_log, settings, kiosk, routes, **gradio)
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(f"* Running on http://{shown}:{settings.port}" + ("" if kiosk else " (API: /api/docs)"), flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
