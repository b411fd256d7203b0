"""Server mode: with KB_CHROMA_URL every part reads and writes a real `chroma run` server."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kb.index import IndexError_, active_collection, build_index, open_client
from kb.live import LiveBridgehead
from kb.settings import Settings

CHROMA = Path(sys.executable).parent / "chroma"
HEADLINE = "二连浩特口岸1-11月进出口货运量是多少？"


class ChromaServer:
    """`chroma run` as a subprocess that can be stopped and started again on the same store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        log = (self.path.parent / "chroma.log").open("ab")
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("chroma run did not answer its heartbeat")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture
def server(tmp_path: Path):
    srv = ChromaServer(tmp_path / "server-store")
    try:
        srv.start()
        yield srv
    finally:
        srv.stop()


class Failing:
    """Embeddings that fail on the first batch: a crash part-way through a re-index."""

    model_id = "st:multilingual-e5-small"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("power cut")

    def embed_query(self, text: str) -> list[float]:
        raise RuntimeError("power cut")


def test_ingest_ask_and_restart_through_a_chroma_server(server, tmp_path, monkeypatch, chunks, embeddings):
    from kb.baseline import Baseline
    from kb.chain import Bridgehead
    monkeypatch.setenv("KB_CHROMA_URL", server.url)
    settings = Settings.from_env(data_dir=tmp_path / "local")
    assert settings.chroma_url == server.url
    stats = build_index(chunks, embeddings, settings, progress=False)
    assert stats.chunks == len(chunks) and not stats.unchanged

    answer = Bridgehead(settings, embeddings).ask(HEADLINE)
    assert answer.found and "1964.1" in answer.answer
    assert any("1964.1" in c.text for c in Baseline(settings, embeddings).ask(HEADLINE).citations)
    assert not (tmp_path / "local" / "chroma").exists()  # nothing went to the local store
    assert (tmp_path / "server-store").is_dir()

    # A re-index that dies part-way leaves the server's pointer, and the answers, as they were.
    extra = [*chunks[:-1], replace(chunks[-1], chunk_id="0" * 16, text="测试。")]
    with pytest.raises(RuntimeError, match="power cut"):
        build_index(extra, Failing(), settings, progress=False)  # type: ignore[arg-type]
    assert active_collection(open_client(settings))[0] == stats.collection

    server.stop()
    with pytest.raises(IndexError_, match="cannot use the Chroma server"):
        open_client(settings)
    server.start()
    assert active_collection(open_client(settings))[0] == stats.collection
    again = Bridgehead(settings, embeddings).ask(HEADLINE)
    assert again.answer == answer.answer and [c.id for c in again.citations] == [c.id for c in answer.citations]
    # The unchanged corpus is recognised on the server too: nothing re-embedded.
    assert build_index(chunks, embeddings, settings, progress=False).unchanged

    # A replica keeps answering while another process re-indexes, then moves to the new index.
    replica = LiveBridgehead(Bridgehead(settings, embeddings))
    assert not replica.check()
    newer = build_index(chunks[:-1], embeddings, settings, progress=False)
    assert replica.index_name == stats.collection and replica.ask(HEADLINE).answer == answer.answer
    assert replica.check() and replica.index_name == newer.collection
    assert replica.ask(HEADLINE).answer == answer.answer


class TokenProxy:
    """A reverse proxy that lets a request through to Chroma only with the right bearer token."""

    def __init__(self, upstream: str, token: str) -> None:
        upstream_url, wanted = upstream, f"Bearer {token}"

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                if self.headers.get("Authorization") != wanted:
                    self.send_response(401)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "content-length"}}
                request = urllib.request.Request(upstream_url + self.path, data=body, headers=headers,
                                                 method=self.command)
                try:
                    with urllib.request.urlopen(request, timeout=30) as reply:
                        status, payload, kind = reply.status, reply.read(), reply.headers.get("Content-Type")
                except urllib.error.HTTPError as err:
                    status, payload, kind = err.code, err.read(), err.headers.get("Content-Type")
                self.send_response(status)
                self.send_header("Content-Type", kind or "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def test_a_chroma_server_behind_a_token(server, tmp_path, monkeypatch, report, embeddings):
    from kb.chain import Bridgehead

    proxy = TokenProxy(server.url, "s3cret")
    try:
        monkeypatch.setenv("KB_CHROMA_URL", proxy.url)
        with pytest.raises(IndexError_, match="HTTP 401.*KB_CHROMA_TOKEN"):
            open_client(Settings.from_env(data_dir=tmp_path))
        monkeypatch.setenv("KB_CHROMA_TOKEN", "wrong")
        with pytest.raises(IndexError_, match="HTTP 401"):
            open_client(Settings.from_env(data_dir=tmp_path))
        monkeypatch.setenv("KB_CHROMA_TOKEN", "s3cret")
        settings = Settings.from_env(data_dir=tmp_path)
        build_index(report[2], embeddings, settings, progress=False)
        answer = Bridgehead(settings, embeddings).ask(HEADLINE)
        assert answer.found and "1964.1" in answer.answer
    finally:
        proxy.httpd.shutdown()
